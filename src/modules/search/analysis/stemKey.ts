/** The index key of a word (own file so that synonyms.ts and the analyser both use it without a cycle). */
import { matchKey } from "./fold.js";
import { stemGerman } from "./stemmer.js";

/**
 * Umlauts back from their folded spelling before stemming, so that the stemmer sees "persönlich"
 * (→ person) rather than "persoenlich" (→ perso). Not after a vowel or q: "steuer", "feuer",
 * "quelle" stay as they are. Deterministic, so documents and queries always meet.
 */
export function restoreUmlauts(folded: string): string {
  return folded.replace(/(^|[^aeiouyq])([aou])e/g, (_m, before: string, v: string) => before + (v === "a" ? "ä" : v === "o" ? "ö" : "ü"));
}

/** Index key of one folded token: Snowball stem of the umlaut spelling, then umlauts → a/o/u. */
export function stemKey(foldedToken: string): string {
  let key = stemCache.get(foldedToken);
  if (key === undefined) {
    key = matchKey(stemGerman(restoreUmlauts(foldedToken), "german"));
    if (stemCache.size >= 200_000) stemCache.clear();
    stemCache.set(foldedToken, key);
  }
  return key;
}

const stemCache = new Map<string, string>();
