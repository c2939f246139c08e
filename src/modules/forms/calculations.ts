/**
 * Calculations shown on "check your answers" and the receipt. Each form names one by `calculation`.
 * The dog tax is a yearly municipal tax, not a fee for the application itself.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FORMS_DIR } from "./dataDir.js";
import { berlinDate } from "../../platform/time/berlin.js";
import { lazy } from "../../platform/lazy.js";
import type { Answers } from "./types.js";

/** What a calculation needs of a form: its name and the code lists for labels (structural: no import of the definition). */
interface CalculatedForm {
  calculation?: string;
  codeLists: Record<string, ReadonlyArray<{ value: string; label: string }>>;
}

export interface CalculationResult {
  title: string;
  lines: Array<{ label: string; cents: number }>;
  /** Label of the total, e.g. "Summe pro Jahr". */
  totalLabel: string;
  totalCents: number;
  /** What is due now (a computed fee rule charges this), with its own lines. */
  due?: { title: string; lines: Array<{ label: string; cents: number }>; totalCents: number };
  note?: string;
}

const MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

interface DogTaxRate {
  first: number;
  further: number;
  dangerous: number;
  demo: boolean;
}

/** Yearly dog tax rates per municipality (AGS), from data/forms/hundesteuer-saetze.json (read once per process). */
export const dogTaxRates: () => Record<string, DogTaxRate> = lazy(
  () => (JSON.parse(readFileSync(path.join(FORMS_DIR, "hundesteuer-saetze.json"), "utf8")) as { rates: Record<string, DogTaxRate> }).rates,
);

/**
 * Months of the calendar year of `asOf` (Europe/Berlin) for which the tax is owed when keeping began on
 * `since` (YYYY-MM-DD): liability starts on the first day of the following month (§ 3 of the model
 * Hundesteuersatzung BW); keeping since an earlier year owes the whole year. 0 when it starts next year.
 */
export function taxableMonths(since: string | undefined, asOf: Date): { months: number; fromMonth: number } {
  const year = Number(berlinDate(asOf).slice(0, 4));
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(since ?? "");
  if (!m) return { months: 12, fromMonth: 1 };
  const y = Number(m[1]);
  if (y < year) return { months: 12, fromMonth: 1 };
  if (y > year) return { months: 0, fromMonth: 13 };
  const fromMonth = Number(m[2]) + 1;
  return { months: Math.max(0, 13 - fromMonth), fromMonth };
}

/**
 * The dog tax: per dog the yearly rate (first ordinary dog, every further ordinary dog, dangerous dogs at
 * their own rate) and, as `due`, the share of the current year from the month after keeping began – the
 * amount the form's computed fee rule charges.
 */
export function dogTax(answers: Answers, municipalityName: (ags: string) => string, asOf: Date = new Date()): CalculationResult | undefined {
  const ags = String(answers.gemeinde ?? "");
  const rate = dogTaxRates()[ags];
  const dogs = (answers.hunde as Array<Record<string, unknown>> | undefined) ?? [];
  if (!rate || dogs.length === 0) return undefined;
  const year = berlinDate(asOf).slice(0, 4);
  let ordinary = 0;
  const perDog = dogs.map((d) => {
    const name = String(d.name ?? "Hund");
    const yearly = d.gefaehrlich === true ? { label: `${name} (gefährlicher Hund)`, cents: rate.dangerous * 100 } : ++ordinary === 1 ? { label: `${name} (erster Hund)`, cents: rate.first * 100 } : { label: `${name} (weiterer Hund)`, cents: rate.further * 100 };
    const { months, fromMonth } = taxableMonths(typeof d.haltungsbeginn === "string" ? d.haltungsbeginn : undefined, asOf);
    // Whole cents per dog, rounded half up: what the municipality's tax notice would show.
    const cents = Math.round((yearly.cents * months) / 12);
    const share = months === 0 ? `${name}: Steuerpflicht beginnt erst im nächsten Jahr` : months === 12 ? `${name}: ganzes Jahr ${year}` : `${name}: ${months} ${months === 1 ? "Monat" : "Monate"} ab 1. ${MONTHS[fromMonth - 1]} ${year}`;
    return { yearly, due: { label: share, cents } };
  });
  const lines = perDog.map((d) => d.yearly);
  const dueLines = perDog.map((d) => d.due);
  return {
    title: `Hundesteuer in ${municipalityName(ags)}`,
    lines,
    totalLabel: "Summe pro Jahr",
    totalCents: lines.reduce((s, l) => s + l.cents, 0),
    due: { title: `Hundesteuer ${year} (anteilig)`, lines: dueLines, totalCents: dueLines.reduce((s, l) => s + l.cents, 0) },
    note: `${rate.demo ? "Demo-Werte, noch nicht mit der Hundesteuersatzung abgeglichen. " : ""}Die Steuerpflicht beginnt am Ersten des Monats nach Beginn der Haltung. Bereits angemeldete Hunde können den Satz für weitere Hunde auslösen; verbindlich ist der Steuerbescheid der Gemeinde.`,
  };
}

/** Calculations a form may name, with the reference date for time-dependent ones (pro-rata taxes). */
const CALCULATIONS: Record<string, (answers: Answers, codeLabel: (list: string, value: string) => string, asOf: Date) => CalculationResult | undefined> = {
  hundesteuer: (answers, codeLabel, asOf) => dogTax(answers, (ags) => codeLabel("gemeinden", ags), asOf),
};

export const isCalculation = (name: string) => Object.hasOwn(CALCULATIONS, name);

/** The amount due now by a calculation (0 when it does not apply): what a computed fee rule charges. */
export function computedAmount(name: string, answers: Answers, asOf: Date = new Date()): number {
  return CALCULATIONS[name]?.(answers, (_l, v) => v, asOf)?.due?.totalCents ?? 0;
}

/** Runs the calculation a form names (undefined when it has none or it does not apply). */
export function calculate(name: string | undefined, answers: Answers, codeLabel: (list: string, value: string) => string, asOf: Date = new Date()): CalculationResult | undefined {
  return name && isCalculation(name) ? CALCULATIONS[name]!(answers, codeLabel, asOf) : undefined;
}

/** A code's label in the form's code lists (the value itself when the list has no such entry). */
export const codeLabelOf = (def: Pick<CalculatedForm, "codeLists">) => (list: string, value: string) => def.codeLists[list]?.find((e) => e.value === value)?.label ?? value;

/**
 * The calculation of a stored submission, dated by its submission time: a pro-rata tax is the one of the
 * year it was submitted in, on the receipt, on its case-file copy and on the payment, whenever they are rendered.
 */
export function submissionCalculation(def: CalculatedForm, sub: { answers: Answers; submitted_at: Date }): CalculationResult | undefined {
  return calculate(def.calculation, sub.answers, codeLabelOf(def), sub.submitted_at);
}
