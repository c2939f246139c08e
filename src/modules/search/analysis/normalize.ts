/**
 * Query-side normalisation before concepts are built: Swabian verb forms ("ummelda" → "ummelden",
 * "gstorba" → "gestorben") and compounds typed as separate words ("hunde steuer" → "hundesteuer",
 * "zweiten wohnsitz" → "zweitwohnsitz", "zu machen" → "zumachen"). Both only act when the result is a
 * word the index or the synonym table knows, so ordinary queries pass unchanged.
 */
import { STOPWORDS } from "./fold.js";

/** Is a folded word known (as a whole word of the index or as a synonym key)? */
export type KnownWord = (word: string) => boolean;

const ALPHA = /^[a-z]+$/;

/**
 * Swabian drops the final -n and turns -en into -a ("ummelda", "verlängra", "gstorba"), uses -et for the
 * plural -en ("mir ziehet") shortens the participle prefix ge- to g- before a consonant ("gstorba", "gmacht") and says "scht" for "st"
 * ("gschtorba", "fenschter") and "aa-" for "an-" ("aamelda"). For an unknown word, the standard
 * spellings are tried; the first known one replaces it.
 */
export function normalizeDialect(tokens: string[], known: KnownWord): string[] {
  return tokens.map((t) => {
    const word = DIALECT_WORDS.get(t);
    if (word) return word;
    if (t.length < 5 || !ALPHA.test(t) || STOPWORDS.has(t) || known(t)) return t;
    // Swabian speaks (and people then write) "scht" for "st": "gschtorba", "Fenschter", "feschd".
    const bases = t.includes("scht") ? [t, t.replaceAll("scht", "st")] : [t];
    const stems = new Set<string>(bases);
    for (const b of bases) if (/^g[bdfhkmpstwz]/.test(b)) stems.add("ge" + b.slice(1));
    // The particle an- is said (and written) "aa-": "aamelda" = anmelden, "aafanga" = anfangen.
    for (const b of bases) if (b.startsWith("aa")) stems.add("an" + b.slice(2));
    const out: string[] = [];
    for (const s of stems) {
      if (s.endsWith("ra")) out.push(s.slice(0, -2) + "ern");
      if (s.endsWith("a")) out.push(s.slice(0, -1) + "en");
      // Plural -et for -en: "mir ziehet", "mir brauchet".
      if (s.endsWith("et")) out.push(s.slice(0, -2) + "en");
      if (s !== t) out.push(s);
    }
    return out.find((c) => known(c)) ?? t;
  });
}

/**
 * Two neighbouring letters typed in the wrong order ("gewerbeanmeldnug"): the typo look-up compares stems,
 * and a scrambled ending keeps the stemmer from stripping it, so the word is repaired here when one swap
 * gives a known word. A word the index has in any form (`present`: also as a compound part, or near an
 * index word) stays.
 */
export function fixTranspositions(tokens: string[], known: KnownWord, present: KnownWord = known): string[] {
  return tokens.map((t) => {
    if (t.length < 8 || !ALPHA.test(t) || STOPWORDS.has(t) || known(t) || present(t)) return t;
    // Only the last four letters: a swap earlier in the word leaves the ending to the stemmer, and the typo look-up finds it.
    for (let i = t.length - 4; i < t.length - 1; i++) {
      if (t[i] === t[i + 1]) continue;
      const v = t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
      if (known(v)) return v;
    }
    return t;
  });
}

/**
 * An unknown word typed as two known words glued together that the compound splitter cannot split
 * (its parts list lacks abbreviations such as "kfz") and that is no typo of an index word (`splits`):
 * "kfzummeldung" → "kfz" + "ummeldung", but "grundsteur" stays for the typo look-up. The longest
 * known head whose rest is known wins; anything else stays as typed.
 */
export function splitGluedWords(tokens: string[], known: KnownWord, splits: (word: string) => boolean): string[] {
  return tokens.flatMap((t) => {
    if (t.length < 8 || !ALPHA.test(t) || known(t) || splits(t)) return [t];
    for (let i = t.length - 3; i >= 3; i--) {
      const head = t.slice(0, i);
      const tail = t.slice(i);
      if (!STOPWORDS.has(head) && !STOPWORDS.has(tail) && known(head) && known(tail)) return [head, tail];
    }
    return [t];
  });
}

/** Short Swabian function words with a meaning for the query ("des langt net" = "das reicht nicht"). */
const DIALECT_WORDS = new Map([
  ["net", "nicht"],
  ["ned", "nicht"],
  ["nimmer", "nichtmehr"],
]);

/** Particles that may be written apart from their verb ("zu machen", "an melden"). */
const PARTICLES = new Set(["ab", "an", "auf", "aus", "ein", "um", "zu", "weg", "zurueck"]);

/** Linking letters between the parts of a compound ("führung|s|zeugnis", "hund|e|steuer"). */
const LINKS = ["", "s", "e", "n", "en", "es", "er"];

/** Inflection endings of a first word that the compound does not have ("zweit|en wohnsitz"). */
const ENDINGS = ["en", "er", "es", "e", "n", "s"];

function joins(a: string, b: string): string[] {
  const out = LINKS.map((l) => a + l + b);
  for (const e of ENDINGS) if (a.endsWith(e) && a.length - e.length >= 4) out.push(a.slice(0, -e.length) + b);
  return out;
}

/**
 * Joins neighbouring words that together form a known compound ("grund steuer" → "grundsteuer",
 * "kinder reise pass" → "kinderreisepass"); repeated, so three-part compounds join in two steps. A word
 * pair that is a synonym phrase of its own ("baum fällen") is left alone.
 */
export function joinSplitCompounds(tokens: string[], known: KnownWord, isPhrase: (words: string[]) => boolean): JoinedTokens {
  let out = tokens;
  const origins = new Map<string, string[]>();
  for (let pass = 0; pass < 3; pass++) {
    let changed = false;
    const next: string[] = [];
    for (let i = 0; i < out.length; i++) {
      const a = out[i]!;
      const b = out[i + 1];
      if (b !== undefined && canJoin(a, b) && !(isPhrase([a, b]) && !STOPWORDS.has(a))) {
        // A noun before an infinitive is mostly a verb phrase ("bus fahren", "auto fahren"), not a split compound.
        const verbPhrase = !PARTICLES.has(a) && b.endsWith("en");
        const joined = joins(a, b).find((j) => j.length >= 7 && (verbPhrase ? isPhrase([j]) : known(j)));
        if (joined) {
          next.push(joined);
          origins.set(joined, [...(origins.get(a) ?? [a]), ...(origins.get(b) ?? [b])].filter((w) => !STOPWORDS.has(w)));
          i++;
          changed = true;
          continue;
        }
      }
      next.push(a);
    }
    out = next;
    if (!changed) break;
  }
  return { tokens: out, origins };
}

/** Tokens after joining, and for each joined word the words it was typed as. */
export interface JoinedTokens {
  tokens: string[];
  origins: Map<string, string[]>;
}

function canJoin(a: string, b: string): boolean {
  if (!ALPHA.test(a) || !ALPHA.test(b) || b.length < 3 || STOPWORDS.has(b)) return false;
  if (PARTICLES.has(a)) return true;
  return a.length >= 3 && !STOPWORDS.has(a);
}
