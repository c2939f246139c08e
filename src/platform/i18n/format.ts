import type { Locale } from "./index.js";
import { berlinDate } from "../time/berlin.js";

/** Date and time as people in Germany read it, always in Europe/Berlin (the server may run in UTC). */
export function formatDateTime(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(new Date(date));
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === "de" ? "de-DE" : "en-GB").format(n);
}

/** An amount in cents as "1.234,50 €" (German) or "1,234.50 €" (English). */
export function formatEuro(cents: number, locale: Locale = "de"): string {
  return `${(cents / 100).toLocaleString(locale === "de" ? "de-DE" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;
}

/** A day as "23.11.2026": an ISO date as it is, a point in time as its day in Europe/Berlin. */
export function formatDay(date: Date | string): string {
  return (typeof date === "string" ? date.slice(0, 10) : berlinDate(date)).split("-").reverse().join(".");
}

const german = new Intl.Collator("de");
/**
 * German alphabetical order ("Kämpfelbach" before "Keltern" before "Knittlingen"). Lists people read are
 * sorted with this, not by SQL ORDER BY: the database's collation may be C (the embedded server's is).
 */
export const compareGerman = (a: string, b: string): number => german.compare(a, b);

/** A copy of the rows in German order of the given text (stable for equal texts). */
export function sortGerman<T>(rows: readonly T[], text: (row: T) => string): T[] {
  return [...rows].sort((a, b) => german.compare(text(a), text(b)));
}
