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
import { withinBounds, type GeoPoint } from "../../platform/geo/centres.js";

export type Municipality = { ags: string; ars: string; name: string };

export const LISTING_FIELDS = ["art", "titel", "beschreibung", "gemeinde", "flaeche", "baeume", "sorten", "ablauf", "breite", "laenge"] as const;

export type Bounds = { south: number; north: number; west: number; east: number };

/** A decimal degree as people type it ("48,9512" or "48.9512"); undefined when it is none. */
export function parseDegree(v: string): number | undefined {
  const s = v.trim().replace(",", ".");
  if (!/^-?\d{1,3}(\.\d{1,8})?$/.test(s)) return undefined;
  return Number(s);
}

/** A point typed in one field: "48.95, 8.84", "48.95,8.84", "48,95; 8,84" or "48,95 8,84"; undefined when it is none. */
export function parsePoint(v: string): GeoPoint | undefined {
  const s = v.trim();
  const parts = s.includes(";") ? s.split(";") : /^-?[\d.]+\s*,\s*-?[\d.]+$/.test(s) ? s.split(",") : s.split(/\s+/);
  if (parts.length !== 2) return undefined;
  const lat = parseDegree(parts[0]!);
  const lon = parseDegree(parts[1]!);
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon };
}

/** The optional map point of a listing: both fields or none, decimal degrees, inside the county's bounding area. */
function validatePoint(values: { breite: string; laenge: string }, bounds: Bounds | undefined, t: Translate, errors: Record<string, string>): GeoPoint | null {
  if (values.breite.trim() === "" && values.laenge.trim() === "") return null;
  const lat = parseDegree(values.breite);
  const lon = parseDegree(values.laenge);
  if (lat === undefined || Math.abs(lat) > 90) errors.breite ??= t("orchards.error.degree");
  if (lon === undefined || Math.abs(lon) > 180) errors.laenge ??= t("orchards.error.degree");
  if (errors.breite || errors.laenge) return null;
  const p = { lat: lat!, lon: lon! };
  if (!bounds || !withinBounds(p, bounds)) errors.breite ??= t("orchards.error.outside");
  return p;
}
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
export function validateListing(values: Record<(typeof LISTING_FIELDS)[number], string>, places: ReadonlyMap<string, Municipality>, t: Translate, bounds?: Bounds): { form: FormState; input?: ListingInput } {
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
  const point = validatePoint(values, bounds, t, errors);
  const form = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { kind: values.art as ListingKind, title: values.titel, description: values.beschreibung, municipality: place!, areaM2: area.value, trees: trees.value, varieties: values.sorten || null, expiresOn: expires!, point } };
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
export function listingFormValues(l: { kind: string; title: string; description: string; ags: string; area_m2: number | null; trees: number | null; varieties: string | null; expires_on: string; lat: number | null; lon: number | null }): Record<string, string> {
  const deg = (n: number | null) => (n == null ? "" : String(n).replace(".", ","));
  return { art: l.kind, titel: l.title, beschreibung: l.description, gemeinde: l.ags, flaeche: l.area_m2 == null ? "" : String(l.area_m2), baeume: l.trees == null ? "" : String(l.trees), sorten: l.varieties ?? "", ablauf: formatDay(l.expires_on), breite: deg(l.lat), laenge: deg(l.lon) };
}
