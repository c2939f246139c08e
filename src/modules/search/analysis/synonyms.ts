/**
 * Synonyms: citizens' words → catalogue words. Three sources, one table: the curated list in
 * data/search/synonyms.tsv, the filtered OpenThesaurus (data/search/openthesaurus-catalog.txt) and the
 * editors' entries in `search_synonyms`. Keys are the stems of the folded words, so "Perso", "persos"
 * and "PERSO" meet the same entry.
 */
import { STOPWORDS, tokenize } from "./fold.js";
import { stemKey } from "./stemKey.js";

export interface SynonymEntry {
  expansion: string;
  weight: number;
  source: "curated" | "thesaurus" | "editorial";
  /** From the intent section: matches whole words only, never a part of a compound. */
  intent?: boolean;
}

/** Weight of an alternative by the source of its synonym. */
export const SOURCE_WEIGHT: Record<SynonymEntry["source"], number> = { curated: 0.9, editorial: 0.9, thesaurus: 0.5 };

const keyOf = (words: string[]) =>
  words
    .filter((w) => !STOPWORDS.has(w))
    .map(stemKey)
    .join(" ");

/** Weight of synonyms in the intent section (verbs such as "beantragen", "verloren"). */
export const INTENT_WEIGHT = 0.75;

export class SynonymTable {
  private readonly map = new Map<string, SynonymEntry[]>();
  /** Keys of intent words: they say what to do with a thing, and count less than the thing. */
  private readonly intents = new Set<string>();

  /** Adds `term → expansions` (both free text). */
  add(term: string, expansions: string[], source: SynonymEntry["source"], intent = false, weight?: number): void {
    const key = keyOf(tokenize(term));
    if (!key) return;
    if (intent) this.intents.add(key);
    const list = this.map.get(key) ?? [];
    for (const e of expansions) {
      const exp = e.trim();
      if (!exp || keyOf(tokenize(exp)) === key) continue;
      if (!list.some((x) => x.expansion === exp)) list.push({ expansion: exp, weight: weight ?? (intent ? INTENT_WEIGHT : SOURCE_WEIGHT[source]), source, ...(intent ? { intent } : {}) });
    }
    if (list.length) this.map.set(key, list);
    this.byLength = undefined;
  }

  /** Entries for a word sequence (folded tokens). */
  lookup(words: string[]): SynonymEntry[] {
    return this.map.get(keyOf(words)) ?? [];
  }

  /** True for intent words ("beantragen", "verloren", "neu"). */
  isIntent(words: string[]): boolean {
    return this.intents.has(keyOf(words));
  }

  /** True for the key of an intent word (as `keysOfLength` and the index return keys). */
  isIntentKey(key: string): boolean {
    return this.intents.has(key);
  }

  /** Single-word curated or editorial keys of a given length (typo look-up over the synonyms' own vocabulary: "pflegheim" → "pflegeheim"). */
  keysOfLength(length: number): readonly string[] {
    if (!this.byLength) {
      this.byLength = new Map();
      for (const [key, entries] of this.map) {
        // Curated and editorial keys only: the thesaurus's many general words would cost time and bring noise.
        if (key.includes(" ") || entries.every((e) => e.source === "thesaurus")) continue;
        const list = this.byLength.get(key.length) ?? [];
        list.push(key);
        this.byLength.set(key.length, list);
      }
    }
    return this.byLength.get(length) ?? [];
  }

  /** Entries of a key as `keysOfLength` returns it. */
  lookupKey(key: string): SynonymEntry[] {
    return this.map.get(key) ?? [];
  }

  private byLength: Map<number, string[]> | undefined;

  get size(): number {
    return this.map.size;
  }

  /**
   * Parses the curated list: `term<TAB>expansion; expansion` lines, `#` comments. A line
   * `a = b = c` makes the words equivalent in both directions. After a line `@intent`, entries are
   * intent words (weighted less than the things they act on), until a line `@things`.
   */
  loadCurated(text: string): this {
    let intent = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, "").trim();
      if (!line) continue;
      if (line === "@intent" || line === "@things") {
        intent = line === "@intent";
        continue;
      }
      if (line.includes("\t")) {
        const [term = "", rest = ""] = line.split("\t");
        this.add(term, rest.split(";"), "curated", intent);
      } else if (line.includes("=")) {
        const words = line.split("=").map((s) => s.trim()).filter(Boolean);
        // Declared equivalents are as good as the word itself.
        for (const w of words) this.add(w, words.filter((x) => x !== w), "curated", intent, intent ? INTENT_WEIGHT : 1);
      }
    }
    return this;
  }

  /**
   * Loads OpenThesaurus synsets (`a;b;c` per line). Only expansions that the index knows are kept
   * (`inVocabulary`), so general-language senses do not drag in unrelated services.
   */
  loadThesaurus(text: string, inVocabulary: (word: string) => boolean): this {
    for (const raw of text.split(/\r?\n/)) {
      if (!raw || raw.startsWith("#")) continue;
      // Register labels such as "(ugs.)" are not part of the word.
      const terms = raw
        .split(";")
        .map((t) => t.replace(/\s*\([^)]*\)\s*/g, " ").trim())
        .filter(Boolean);
      const targets = terms.filter((t) => {
        const toks = tokenize(t);
        return toks.length === 1 && inVocabulary(stemKey(toks[0]!));
      });
      if (targets.length === 0) continue;
      for (const t of terms) {
        // A word the catalogue already uses keeps its own meaning.
        const toks = tokenize(t);
        if (toks.length === 1 && inVocabulary(stemKey(toks[0]!))) continue;
        this.add(t, targets, "thesaurus");
      }
    }
    return this;
  }
}
