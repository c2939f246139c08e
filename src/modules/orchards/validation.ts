import type { Translate } from "../../platform/i18n/index.js";
import { fieldsWithControlChars } from "../../platform/forms.js";
import { addDays } from "../../platform/time/berlin.js";
import { formatDay } from "../../platform/i18n/format.js";
import type { FormState } from "../../platform/views/components.js";
import type { ListingInput } from "./commands/listings.js";
import type { ItemInput } from "./commands/loans.js";
import { LISTING_KINDS, type ListingKind } from "./db.js";
import { parseDay, spanLength, type DaySpan } from "./loanDays.js";
import { today } from "./queries.js";

export type Municipality = { ags: string; ars: string; name: string };

export const LISTING_FIELDS = ["art", "titel", "beschreibung", "gemeinde", "flaeche", "baeume", "sorten", "ablauf"] as const;
export const ITEM_FIELDS = ["name", "beschreibung", "gemeinde", "kaution"] as const;
export const LOAN_FIELDS = ["von", "bis", "notiz"] as const;

/** Listings stay visible at most this long (then they are hidden until renewed). */
export const MAX_VISIBLE_DAYS = 365;

function wholeNumber(v: string, min: number, max: number, t: Translate): { value: number | null; error?: string } {
  if (v === "") return { value: null };
  const n = Number(v.replace(/\./g, ""));
  if (!/^\d[\d.]*$/.test(v) || !Number.isInteger(n) || n < min || n > max) return { value: null, error: t("orchards.error.number", { min, max: max.toLocaleString("de-DE") }) };
  return { value: n };
}

function controlErrors(values: object, t: Translate): Record<string, string> {
  return Object.fromEntries(fieldsWithControlChars(values).map((f) => [f, t("validation.controlChars")]));
}

/** Checks a listing form (HTML is kept as text and escaped on output); errors in German next to each field. */
export function validateListing(values: Record<(typeof LISTING_FIELDS)[number], string>, places: ReadonlyMap<string, Municipality>, t: Translate): { form: FormState; input?: ListingInput } {
  const errors: Record<string, string> = controlErrors(values, t);
  if (!(LISTING_KINDS as readonly string[]).includes(values.art)) errors.art ??= t("orchards.error.kind");
  if (values.titel.length < 3 || values.titel.length > 120) errors.titel ??= t("orchards.error.title");
  if (values.beschreibung.length < 1 || values.beschreibung.length > 4000) errors.beschreibung ??= t("orchards.error.description");
  const place = places.get(values.gemeinde);
  if (!place) errors.gemeinde ??= t("orchards.error.municipality");
  const area = wholeNumber(values.flaeche, 1, 10_000_000, t);
  if (area.error) errors.flaeche ??= area.error;
  const trees = wholeNumber(values.baeume, 0, 100_000, t);
  if (trees.error) errors.baeume ??= trees.error;
  if (values.sorten.length > 300) errors.sorten ??= t("orchards.error.varieties");
  const expires = parseDay(values.ablauf);
  const max = addDays(today(), MAX_VISIBLE_DAYS);
  if (!expires || expires < today() || expires > max) errors.ablauf ??= t("orchards.error.expires", { max: formatDay(max) });
  const form = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { kind: values.art as ListingKind, title: values.titel, description: values.beschreibung, municipality: place!, areaM2: area.value, trees: trees.value, varieties: values.sorten || null, expiresOn: expires! } };
}

export function validateItem(values: Record<(typeof ITEM_FIELDS)[number], string>, places: ReadonlyMap<string, Municipality>, t: Translate): { form: FormState; input?: ItemInput } {
  const errors: Record<string, string> = controlErrors(values, t);
  if (values.name.length < 3 || values.name.length > 120) errors.name ??= t("orchards.error.itemName");
  if (values.beschreibung.length > 4000) errors.beschreibung ??= t("validation.maxLength", { n: 4000 });
  const place = places.get(values.gemeinde);
  if (!place) errors.gemeinde ??= t("orchards.error.municipality");
  const deposit = wholeNumber(values.kaution === "" ? "" : values.kaution, 0, 10_000, t);
  if (values.kaution === "") errors.kaution ??= t("validation.required");
  else if (deposit.error) errors.kaution ??= deposit.error;
  const form = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { name: values.name, description: values.beschreibung, municipality: place!, depositCents: (deposit.value ?? 0) * 100 } };
}

export function validateLoan(values: Record<(typeof LOAN_FIELDS)[number], string>, t: Translate): { form: FormState; days?: DaySpan } {
  const errors: Record<string, string> = controlErrors(values, t);
  const from = parseDay(values.von);
  const to = parseDay(values.bis);
  if (!from) errors.von ??= t("orchards.error.date");
  else if (from < today()) errors.von ??= t("orchards.error.from");
  if (!to) errors.bis ??= t("orchards.error.date");
  else if (from && (to < from || spanLength({ from, to }) > 31)) errors.bis ??= t("orchards.error.to");
  if (values.notiz.length > 1000) errors.notiz ??= t("orchards.error.note");
  const form = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, days: { from: from!, to: to! } };
}

/** The visible form values of a stored listing (edit page). */
export function listingFormValues(l: { kind: string; title: string; description: string; ags: string; area_m2: number | null; trees: number | null; varieties: string | null; expires_on: string }): Record<string, string> {
  return { art: l.kind, titel: l.title, beschreibung: l.description, gemeinde: l.ags, flaeche: l.area_m2 == null ? "" : String(l.area_m2), baeume: l.trees == null ? "" : String(l.trees), sorten: l.varieties ?? "", ablauf: formatDay(l.expires_on) };
}
