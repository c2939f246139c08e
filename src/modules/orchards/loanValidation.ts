import type { Translate } from "../../platform/i18n/index.js";
import type { FormState } from "../../platform/views/components.js";
import { CONDITIONS, type Checklist, type Condition } from "./loanDb.js";

export const CHECKLIST_FIELDS = ["zustand", "notiz", "zubehoer", "kaution", "betrag"] as const;
export const RATING_FIELDS = ["sterne", "kommentar"] as const;
export const NOTE_MAX = 1000;
export const COMMENT_MAX = 500;

/** Euros as people type them ("25", "25,50", "25.50") in cents; undefined when it is none. */
export function parseEuroCents(v: string): number | undefined {
  const m = /^(\d{1,6})(?:[,.](\d{1,2}))?$/.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}

/**
 * A pick-up or return check-list: condition, note (optional), accessories complete, deposit received
 * (pick-up: yes/no) or returned (return: yes/no/partly, with the amount for "partly", at most the deposit).
 */
export function validateChecklist(values: Record<(typeof CHECKLIST_FIELDS)[number], string>, step: "pickup" | "return", depositCents: number, t: Translate): { form: FormState; checklist?: Checklist } {
  const errors: Record<string, string> = {};
  if (!(CONDITIONS as readonly string[]).includes(values.zustand)) errors.zustand = t("orchards.checklist.error.condition");
  if (values.notiz.length > NOTE_MAX) errors.notiz = t("orchards.checklist.error.note", { max: NOTE_MAX });
  if (values.zubehoer !== "yes" && values.zubehoer !== "no") errors.zubehoer = t("orchards.checklist.error.accessories");
  const depositChoices = step === "pickup" ? ["yes", "no"] : ["yes", "no", "partly"];
  if (!depositChoices.includes(values.kaution)) errors.kaution = t(`orchards.checklist.error.${step}Deposit`);
  let amount: number | null = null;
  if (step === "return" && values.kaution === "partly") {
    const cents = parseEuroCents(values.betrag);
    if (cents === undefined || cents <= 0 || cents >= depositCents) errors.betrag = t("orchards.checklist.error.amount");
    else amount = cents;
  }
  const form = { values: { ...values }, errors };
  if (Object.keys(errors).length) return { form };
  return { form, checklist: { condition: values.zustand as Condition, note: values.notiz.trim(), accessoriesComplete: values.zubehoer === "yes", deposit: values.kaution as Checklist["deposit"], depositReturnedCents: amount } };
}

/** A rating: 1–5 stars (radio buttons) and an optional comment of at most 500 characters. */
export function validateRating(values: Record<(typeof RATING_FIELDS)[number], string>, t: Translate): { form: FormState; rating?: { stars: number; comment: string } } {
  const errors: Record<string, string> = {};
  if (!/^[1-5]$/.test(values.sterne)) errors.sterne = t("orchards.rating.error.stars");
  if (values.kommentar.length > COMMENT_MAX) errors.kommentar = t("orchards.rating.error.comment", { max: COMMENT_MAX });
  const form = { values: { ...values }, errors };
  if (Object.keys(errors).length) return { form };
  return { form, rating: { stars: Number(values.sterne), comment: values.kommentar.trim() } };
}
