/**
 * Message catalogues. German is the source language; every key must exist in English too
 * (checked by i18n.test.ts). Modules register their own catalogue with `registerMessages`.
 */
export type Locale = "de" | "en";
export const LOCALES: readonly Locale[] = ["de", "en"];
export type Catalogue = Record<string, string>;
export type Translate = (key: string, params?: Record<string, string | number>) => string;

const catalogues: Record<Locale, Catalogue> = { de: {}, en: {} };

/** Adds a module's messages; a key defined twice is a programming error. */
export function registerMessages(messages: Record<Locale, Catalogue>): void {
  for (const locale of LOCALES) {
    for (const [key, text] of Object.entries(messages[locale])) {
      if (key in catalogues[locale] && catalogues[locale][key] !== text) throw new Error(`duplicate message key ${key}`);
      catalogues[locale][key] = text;
    }
  }
}

/** All registered keys per locale, for the completeness test. */
export function catalogueKeys(locale: Locale): string[] {
  return Object.keys(catalogues[locale]);
}

/** Returns a translator; unknown keys fall back to German, then to the key itself (visible in tests). */
export function translator(locale: Locale): Translate {
  return (key, params) => {
    let text = catalogues[locale][key] ?? catalogues.de[key] ?? key;
    if (params) text = text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
    return text;
  };
}

/** Picks the locale: explicit choice (cookie) first, then Accept-Language, then German. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === "de" || cookie === "en") return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : "de";
}
