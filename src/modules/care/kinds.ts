/** Kinds of care a provider offers and reports free places for (values are stored; labels are messages). */
export const CARE_KINDS = ["stationaer", "kurzzeit", "tagespflege", "nachtpflege", "ambulant", "betreutes-wohnen", "hospiz"] as const;
export type CareKind = (typeof CARE_KINDS)[number];
export const isCareKind = (v: unknown): v is CareKind => typeof v === "string" && (CARE_KINDS as readonly string[]).includes(v);

/** Message key of a kind's label. */
export const kindLabel = (k: string) => `care.kind.${k}`;

/** Reported numbers older than this are shown as "nicht aktuell" (issue 17: default 72 h). */
export const STALE_AFTER_DAYS = 3;
/** The staleness limit of the configuration in days (CARE_STALE_HOURS / 24). */
export const staleDaysOf = (config: { care: { staleHours: number } }) => config.care.staleHours / 24;

/** Upper bound of a reported number (the database refuses more): a typo guard, not a capacity rule. */
export const MAX_FREE_PLACES = 999;

/** Whether a report is older than the staleness limit at `now`. */
export function isStale(reportedAt: Date, now: Date, staleDays = STALE_AFTER_DAYS): boolean {
  return now.getTime() - reportedAt.getTime() > staleDays * 86_400_000;
}

/** Full days since the report (0 on the same day, for "vor 4 Tagen"). */
export function ageInDays(reportedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - reportedAt.getTime()) / 86_400_000));
}

/**
 * A reported number of free places from a form or JSON value: a whole number 0..999, else undefined.
 * Empty strings are undefined too (the caller decides whether that means "no report").
 */
export function parseFreePlaces(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && v <= MAX_FREE_PLACES ? v : undefined;
  if (typeof v !== "string" || !/^\d{1,3}$/.test(v.trim())) return undefined;
  return Number(v.trim());
}

/** Specialisations a provider can state (issue 17); labels are messages `care.spec.<value>`. */
export const SPECIALISATIONS = ["demenz", "beatmung", "junge-pflege", "palliativ"] as const;
export const isSpecialisation = (v: unknown): v is (typeof SPECIALISATIONS)[number] => typeof v === "string" && (SPECIALISATIONS as readonly string[]).includes(v);
export const specLabel = (s: string) => `care.spec.${s}`;

/** Languages a provider's staff speak besides German (ISO 639-1); labels are messages `care.lang.<code>`. */
export const LANGUAGES = ["en", "tr", "ru", "pl", "it", "hr", "ar", "uk", "ro", "el"] as const;
export const isLanguage = (v: unknown): v is (typeof LANGUAGES)[number] => typeof v === "string" && (LANGUAGES as readonly string[]).includes(v);
export const langLabel = (c: string) => `care.lang.${c}`;

/** Radii (km) the search offers. */
export const RADII = [5, 10, 15, 25, 50] as const;

/** Answers a provider gives to a request. */
export const ANSWERS = ["available", "unavailable", "callback"] as const;
export type Answer = (typeof ANSWERS)[number];
export const isAnswer = (v: unknown): v is Answer => typeof v === "string" && (ANSWERS as readonly string[]).includes(v);
