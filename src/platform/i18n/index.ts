/**
 * Message catalogues. German is the source language; every key must exist in English too
 * (checked by i18n.test.ts). Each module declares its catalogues in its module definition
 * (src/platform/modules.ts); the app builds one registry per app from them. No global state.
 */
export type Locale = "de" | "en";
export const LOCALES: readonly Locale[] = ["de", "en"];
export type Catalogue = Record<string, string>;
export type Messages = Record<Locale, Catalogue>;
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The merged catalogues of one app (or of one module, for texts written outside a request). */
export interface MessageRegistry {
  translator(locale: Locale): Translate;
  /** All keys per locale, for the completeness test. */
  keys(locale: Locale): string[];
}

/** Merges catalogues; a key defined twice with different texts is a programming error. */
export function createMessages(list: readonly Messages[]): MessageRegistry {
  const merged: Record<Locale, Catalogue> = { de: {}, en: {} };
  for (const messages of list) {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(messages[locale])) {
        if (key in merged[locale] && merged[locale][key] !== text) throw new Error(`duplicate message key ${key}`);
        merged[locale][key] = text;
      }
    }
  }
  return {
    keys: (locale) => Object.keys(merged[locale]),
    // Unknown keys fall back to German, then to the key itself (visible in tests).
    translator: (locale) => (key, params) => {
      let text = merged[locale][key] ?? merged.de[key] ?? key;
      if (params) text = text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
      return text;
    },
  };
}

/** A translator over the given catalogues only: for mails, PDFs and stored texts a module writes outside a request. */
export function translatorFor(...list: Messages[]): (locale: Locale) => Translate {
  return createMessages(list).translator;
}

/** Picks the locale: explicit choice (cookie) first, then Accept-Language, then German. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === "de" || cookie === "en") return cookie;
  const first = (acceptLanguage ?? "").split(",")[0]?.trim().slice(0, 2).toLowerCase();
  return first === "en" ? "en" : "de";
}
