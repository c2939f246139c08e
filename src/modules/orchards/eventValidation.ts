import type { Translate } from "../../platform/i18n/index.js";
import { fieldsWithControlChars } from "../../platform/forms.js";
import { berlinToUtc, toMinutes } from "../../platform/time/berlin.js";
import type { FormState } from "../../platform/views/components.js";
import type { EventInput } from "./commands/events.js";
import { LISTING_KINDS, type ListingKind } from "./db.js";
import type { SearchFilter } from "./eventQueries.js";
import { parseDay } from "./loanDays.js";
import type { EVENT_FIELDS } from "./pages/eventViews.js";

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const normTime = (s: string) => {
  const m = TIME.exec(s.trim());
  return m ? `${m[1]!.padStart(2, "0")}:${m[2]}` : undefined;
};

/** Checks the staff form of a round table; date and times are Berlin wall-clock time. */
export function validateEvent(values: Record<(typeof EVENT_FIELDS)[number], string>, t: Translate, now = new Date()): { form: FormState; input?: EventInput } {
  const errors: Record<string, string> = Object.fromEntries(fieldsWithControlChars(values).map((f) => [f, t("validation.controlChars")]));
  if (values.titel.trim().length < 3 || values.titel.length > 120) errors.titel ??= t("orchards.error.title");
  const day = parseDay(values.datum);
  if (!day) errors.datum ??= t("orchards.error.date");
  const start = normTime(values.beginn);
  const end = normTime(values.ende);
  if (!start) errors.beginn ??= t("orchards.events.error.time");
  if (!end) errors.ende ??= t("orchards.events.error.time");
  else if (start && toMinutes(end) <= toMinutes(start)) errors.ende ??= t("orchards.events.error.endBeforeStart");
  const startsAt = day && start ? berlinToUtc(day, toMinutes(start)) : undefined;
  if (startsAt && startsAt <= now) errors.datum ??= t("orchards.events.error.past");
  if (values.ort.trim().length < 2 || values.ort.length > 200) errors.ort ??= t("orchards.events.error.place");
  const capacity = /^\d{1,4}$/.test(values.plaetze.trim()) ? Number(values.plaetze.trim()) : NaN;
  if (!(capacity >= 1 && capacity <= 1000)) errors.plaetze ??= t("orchards.error.number", { min: 1, max: "1.000" });
  if (values.beschreibung.trim().length < 1 || values.beschreibung.length > 4000) errors.beschreibung ??= t("orchards.error.description");
  const form = { values, errors };
  if (Object.keys(errors).length) return { form };
  return { form, input: { title: values.titel.trim(), description: values.beschreibung, place: values.ort.trim(), startsAt: startsAt!, endsAt: berlinToUtc(day!, toMinutes(end!)), capacity } };
}

/** The listing filter from a query or form (unknown kinds and places are dropped; text trimmed, ≤ 100 characters). */
export function readSearchFilter(v: { art?: string; gemeinde?: string; q?: string }, places: { has(ags: string): boolean }): SearchFilter {
  const kind = (LISTING_KINDS as readonly string[]).includes(v.art ?? "") ? (v.art as ListingKind) : null;
  const ags = v.gemeinde && places.has(v.gemeinde) ? v.gemeinde : null;
  const query = (v.q ?? "").replace(/\s+/g, " ").trim().slice(0, 100) || null;
  return { kind, ags, query };
}
