import type { Locale } from "./index.js";

/** Date and time as people in Germany read it, always in Europe/Berlin (the server may run in UTC). */
export function formatDateTime(date: Date | string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "de" ? "de-DE" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Berlin" }).format(new Date(date));
}

export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === "de" ? "de-DE" : "en-GB").format(n);
}
