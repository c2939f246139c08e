/**
 * The German analyser used on both sides of the index: folding, stop words, Snowball stemming,
 * compound parts, synonyms and typo tolerance. Documents get every word's stem plus the stems of its
 * compound parts; a query becomes "concepts", each with weighted alternatives (the word itself, its
 * parts, its synonyms, its nearest spellings in the index vocabulary).
 */
import { foldText, matchKey, STOPWORDS, tokenize } from "./fold.js";
import { stemKey } from "./stemKey.js";
import type { Decompounder } from "./decompound.js";
import type { SynonymTable } from "./synonyms.js";
import { allowedEdits, boundedEditDistance } from "./levenshtein.js";
import { fixTranspositions, joinSplitCompounds, normalizeDialect, splitGluedWords } from "./normalize.js";

export { restoreUmlauts, stemKey } from "./stemKey.js";

export interface IndexedTerm {
  /** Index key; compound parts start with PART_PREFIX. */
  term: string;
  weight: number;
}

/** Score of a compound part relative to the whole word (applied after BM25 saturation). */
export const PART_WEIGHT = 0.4;

/** Index keys of compound parts carry this prefix, so a query can match whole words only. */
export const PART_PREFIX = "~";

export interface Alternative {
  /** Index keys that must all occur (score is their mean). */
  terms: string[];
  weight: number;
  kind: "exact" | "parts" | "synonym" | "typo";
  /** Match whole words only, not parts of compounds in documents (intent words: "erteilung" ≠ "Informationserteilung"). */
  wholeWords?: boolean;
  /** For typo alternatives: the corrected word, for "Meinten Sie …?". */
  display?: string;
  /**
   * The parts of a word the index knows as a whole: they still find documents, but do not explain a title
   * ("einbürgerungstest" does not explain the title "Einbürgerung" through its part "einbürgerung").
   */
  partsOfKnownWord?: boolean;
}

export interface Concept {
  /** The query words this concept stands for (folded). */
  words: string[];
  alternatives: Alternative[];
  /** 1 for a thing ("führerschein"), less for an intent word ("beantragen"). */
  importance: number;
}

/** Importance of an intent word relative to the thing it acts on. */
export const INTENT_IMPORTANCE = 0.5;

export interface AnalyzedQuery {
  concepts: Concept[];
  /** The query with typo corrections applied, when any were made. */
  corrected?: string;
}

/** What the query analysis needs to know about the index. */
export interface Vocabulary {
  has(term: string): boolean;
  /** Index keys grouped by length, for typo look-up. */
  termsOfLength(length: number): readonly string[];
  /** The most common written form of an index key ("fuhrerschein" → "führerschein"). */
  surface(term: string): string | undefined;
  /** Index keys starting with a prefix (suggestions while typing). */
  termsWithPrefix(prefix: string, limit?: number): string[];
}

export interface QueryOptions {
  /** The last word may be unfinished (typing): also match index keys that start with it. */
  prefixLast?: boolean;
}

export class Analyzer {
  constructor(
    readonly decompounder: Decompounder,
    readonly synonyms: SynonymTable,
  ) {}

  /** Index terms of a text, with compound parts at reduced weight. */
  analyzeText(text: string): IndexedTerm[] {
    const out: IndexedTerm[] = [];
    for (const tok of tokenize(text)) {
      if (STOPWORDS.has(tok)) continue;
      let terms = this.tokenCache.get(tok);
      if (!terms) {
        terms = [{ term: stemKey(tok), weight: 1 }];
        if (/^[a-z]+$/.test(tok)) for (const p of this.decompounder.allParts(tok)) terms.push({ term: PART_PREFIX + stemKey(p), weight: 1 });
        if (this.tokenCache.size < 200_000) this.tokenCache.set(tok, terms);
      }
      out.push(...terms);
    }
    return out;
  }

  /** Analysis of each distinct document word, computed once per index build. */
  private readonly tokenCache = new Map<string, IndexedTerm[]>();

  /** The concepts of a query, given the vocabulary of the index. */
  analyzeQuery(query: string, vocab: Vocabulary, opts: QueryOptions = {}): AnalyzedQuery {
    // A word counts as known for normalisation when it is a whole word of the index (not only a compound part) or a synonym key.
    const known = (w: string) => vocab.surface(stemKey(w)) !== undefined || this.synonyms.lookup([w]).length > 0;
    // Repairs for words the typo look-up below cannot place: only when it finds no index word near them.
    // Typo look-ups are the costly step: each word's result is computed once per query.
    const nearestSeen = new Map<string, Array<{ term: string; distance: number }>>();
    const nearestOf = (w: string) => {
      let n = nearestSeen.get(w);
      if (!n) nearestSeen.set(w, (n = this.nearest(stemKey(w), w.length, vocab, matchKey(w))));
      return n;
    };
    const near = (w: string) => nearestOf(w).length > 0;
    const present = (w: string) => vocab.has(stemKey(w)) || near(w);
    const glued = (w: string) => this.decompounder.splitFinest(w).length > 1 || near(w);
    const normalized = splitGluedWords(fixTranspositions(normalizeDialect(tokenize(query.slice(0, 300)), known), known, present), known, glued);
    const joined = joinSplitCompounds(joinNegation(joinSeparableVerbs(normalized, vocab, (w) => this.synonyms.lookup([w]).length > 0)), known, (w) => this.synonyms.lookup(w).length > 0);
    const tokens = joined.tokens.filter((t) => !STOPWORDS.has(t)).slice(0, 12);
    const concepts: Concept[] = [];
    let corrected = false;
    const correctedWords: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      // Longest phrase with a synonym entry first ("außer betrieb setzen").
      let used = 1;
      let phraseSyn: ReturnType<SynonymTable["lookup"]> = [];
      for (let n = Math.min(3, tokens.length - i); n >= 2; n--) {
        const syn = this.synonyms.lookup(tokens.slice(i, i + n));
        if (syn.length) {
          phraseSyn = syn;
          used = n;
          break;
        }
      }
      const words = tokens.slice(i, i + used);
      i += used;
      const alternatives: Alternative[] = [];
      if (used > 1) {
        alternatives.push({ terms: words.map(stemKey), weight: 1, kind: "exact" });
        for (const s of phraseSyn) alternatives.push(this.expansion(s.expansion, s.weight, s.intent));
        concepts.push({ words, alternatives, importance: this.synonyms.isIntent(words) ? INTENT_IMPORTANCE : 1 });
        correctedWords.push(...words);
        continue;
      }
      const tok = words[0]!;
      const key = stemKey(tok);
      const known = vocab.has(key);
      alternatives.push({ terms: [key], weight: 1, kind: "exact" });
      // A compound typed as separate words also matches those words ("bus fahren" is not only "Busfahrer").
      const origin = joined.origins.get(tok);
      if (origin && origin.length > 1) alternatives.push({ terms: origin.map(stemKey), weight: 1, kind: "exact" });
      const parts = /^[a-z]+$/.test(tok) ? this.decompounder.splitFinest(tok) : [tok];
      if (parts.length > 1) {
        const partKeys = parts.map(stemKey);
        alternatives.push({ terms: partKeys, weight: known ? 0.7 : 0.9, kind: "parts", ...(known ? { partsOfKnownWord: true } : {}) });
        // The coarsest split, when its parts are whole index words, matches them as words rather than
        // as compound parts ("baulastenverzeichnisauskunft" → Baulastenverzeichnis + Auskunft).
        const once = this.decompounder.splitOnce(tok);
        if (once && once.length < parts.length && once.every((p) => vocab.has(stemKey(p)))) {
          alternatives.push({ terms: once.map(stemKey), weight: known ? 0.75 : 0.95, kind: "parts", ...(known ? { partsOfKnownWord: true } : {}) });
        }
        // A colloquial last part ("kitagebühren" → kita + gebühren) gets its synonyms too.
      }
      const syns = this.synonyms.lookup([tok]);
      for (const s of syns) alternatives.push(this.expansion(s.expansion, s.weight, s.intent));
      if (parts.length > 1) {
        for (let p = 0; p < parts.length; p++) {
          // Intent words inside a compound are mostly accidental ("fahrrad|weg").
          if (this.synonyms.isIntent([parts[p]!])) continue;
          for (const s of this.synonyms.lookup([parts[p]!])) {
            const exp = this.expansion(s.expansion, s.weight * 0.8);
            const others = parts.filter((_, q) => q !== p).map(stemKey);
            alternatives.push({ ...exp, terms: [...others, ...exp.terms], kind: "synonym" });
          }
        }
      }
      if (opts.prefixLast && i === tokens.length && tok.length >= 2) {
        // Unfinished word: the fold of what was typed is a prefix of the index key's fold.
        const prefix = matchKey(tok);
        for (const term of vocab.termsWithPrefix(prefix, 12)) if (term !== key) alternatives.push({ terms: [term], weight: 0.85, kind: "exact" });
      }
      let display = tok;
      // A misspelt intent word ("beantragn") stays an intent word.
      let typoIntent = false;
      const partsKnown = parts.length > 1 && parts.every((p) => vocab.has(stemKey(p)));
      // A long unknown word one letter away from a known one is a typo rather than a new compound
      // whose parts happen to exist ("fürerschein" is not "für" + "erschein").
      const typoOverParts = partsKnown && tok.length >= 8 && syns.length === 0;
      if (!known && (!partsKnown || typoOverParts) && syns.length === 0 && /^[a-z]+$/.test(tok) && !(opts.prefixLast && i === tokens.length)) {
        const found = nearestOf(tok);
        const fixes = typoOverParts ? found.filter((f) => f.distance === 1) : found;
        for (const f of fixes) {
          const weight = f.distance === 1 ? (typoOverParts ? 0.95 : 0.75) : 0.55;
          alternatives.push({ terms: [f.term], weight, kind: "typo", display: vocab.surface(f.term) });
          // The corrected word's own synonyms ("gaststättenerlaubnsi" → Gaststättenerlaubnis → Gaststättengewerbe Erlaubnis),
          // below the corrected word itself ("fürerschein" is Führerschein before Fahrerlaubnis).
          // Only for a word the index has in no title or search term: one it has already finds its services.
          if (vocab.surface(f.term) === undefined) for (const s of this.synonyms.lookupKey(f.term)) if (s.source !== "thesaurus") alternatives.push({ ...this.expansion(s.expansion, s.weight * weight * 0.8, s.intent), kind: "typo" });
        }
        const best = fixes[0];
        typoIntent = fixes.some((f) => this.synonyms.isIntentKey(f.term));
        if (best) {
          corrected = true;
          display = vocab.surface(best.term) ?? tok;
        }
        // A misspelt colloquial word finds its synonym entry ("pflegheim" → "pflegeheim" → Hilfe zur Pflege).
        for (const alt of this.synonymTypos(key, tok.length, best?.distance, typoOverParts ? 1 : undefined)) alternatives.push(alt);
      }
      correctedWords.push(display);
      concepts.push({ words, alternatives, importance: this.synonyms.isIntent(words) || typoIntent ? INTENT_IMPORTANCE : 1 });
    }
    return { concepts, corrected: corrected ? correctedWords.join(" ") : undefined };
  }

  private expansion(text: string, weight: number, intent = false): Alternative {
    const terms = tokenize(text).filter((t) => !STOPWORDS.has(t)).map(stemKey);
    return { terms, weight, kind: "synonym", ...(intent ? { wholeWords: true } : {}) };
  }

  /** Synonym expansions of the synonym keys nearest to an unknown word, if no closer index word was found. */
  private synonymTypos(key: string, originalLength: number, indexDistance = Infinity, limit = Infinity): Alternative[] {
    const max = Math.min(allowedEdits(originalLength), indexDistance - 1, limit);
    if (max <= 0 || key.length < 4) return [];
    const out: Alternative[] = [];
    for (let len = key.length - max; len <= key.length + max; len++) {
      for (const k of this.synonyms.keysOfLength(len)) {
        if (boundedEditDistance(key, k, max) > max) continue;
        for (const s of this.synonyms.lookupKey(k)) if (s.source !== "thesaurus") out.push({ ...this.expansion(s.expansion, s.weight * 0.75, s.intent), kind: "typo" });
      }
    }
    return out.slice(0, 6);
  }

  /** Index keys within the allowed edit distance, closest first (at most 3). */
  nearest(key: string, originalLength: number, vocab: Vocabulary, surfaceKey = key): Array<{ term: string; distance: number }> {
    const max = allowedEdits(originalLength);
    if (max === 0 || key.length < 3) return [];
    const best = new Map<string, number>();
    // The stem of a misspelt word may lose a different ending ("persnalauswies" → "persnalauswi"),
    // so the unstemmed key is compared as well; the smaller distance counts.
    for (const probe of new Set([key, surfaceKey])) {
      for (let len = probe.length - max; len <= probe.length + max; len++) {
        for (const term of vocab.termsOfLength(len)) {
          const d = boundedEditDistance(probe, term, max);
          if (d <= max && d < (best.get(term) ?? Infinity)) best.set(term, d);
        }
      }
    }
    const found = [...best].map(([term, distance]) => ({ term, distance }));
    found.sort((a, b) => a.distance - b.distance || a.term.localeCompare(b.term));
    const bestDistance = found[0]?.distance;
    return found.filter((f) => f.distance === bestDistance).slice(0, 3);
  }
}

/**
 * "nicht mehr" / "kein … mehr" before a verb means stopping something ("ich will es nicht mehr fahren"
 * → Abmeldung): both words are stop words, so they are joined into one intent token "nichtmehr"
 * (an entry of the curated synonyms' intent section) before stop words are removed; "nicht (so) viel" and
 * "nicht genug" become "wenig" ("ich habe nicht so viel Geld" = "wenig Geld").
 */
export function joinNegation(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if ((tokens[i] === "nicht" || tokens[i] === "nie") && tokens[i + 1] === "mehr") {
      out.push("nichtmehr");
      i++;
    } else if (tokens[i] === "nicht" && (tokens[i + 1] === "genug" || tokens[i + 1] === "viel")) {
      out.push("wenig"); // "nicht genug / nicht viel Geld" = "wenig Geld"
      i++;
    } else if (tokens[i] === "nicht" && tokens[i + 1] === "so" && tokens[i + 2] === "viel") {
      out.push("wenig");
      i += 2;
    } else out.push(tokens[i]!);
  }
  return out;
}

/** Particles of German separable verbs, which stand at the end of a clause: "wo melde ich mein auto ab". */
const SEPARABLE_PARTICLES = new Set(["ab", "an", "auf", "aus", "ein", "um", "zu", "nach", "vor", "zurueck", "weg", "mit", "fest", "her", "hin", "los", "zusammen", "um"]);

/** Prepositions that open a phrase after the verb's particle: "mein laden zieht um in eine andere straße". */
const AFTER_PARTICLE = new Set(["in", "ins", "nach", "auf", "zu", "zum", "zur", "aus", "von", "vom", "bei", "beim", "mit", "ueber", "wegen", "fuer"]);

/**
 * Joins a verb and its separated particle ("melde … ab" → "abmelde") when the joined word is in the
 * index vocabulary (or, given `isKey`, a synonym key); the particle then disappears. The particle stands at
 * the end of the clause, or right after its verb when a prepositional phrase follows ("zieht um in …" →
 * "umziehen"). Only the nearest verb before the particle is tried.
 */
export function joinSeparableVerbs(tokens: string[], vocab: Pick<Vocabulary, "has">, isKey: (word: string) => boolean = () => false): string[] {
  const last = tokens[tokens.length - 1];
  if (last && SEPARABLE_PARTICLES.has(last) && tokens.length >= 3) {
    for (let v = tokens.length - 2; v >= 0; v--) {
      const verb = tokens[v]!;
      if (STOPWORDS.has(verb) || verb.length < 3 || !/^[a-z]+$/.test(verb)) continue;
      const joined = last + verb;
      if (!vocab.has(stemKey(joined))) continue;
      const out = tokens.slice(0, -1);
      out[v] = joined;
      return out;
    }
  }
  for (let p = 1; p < tokens.length - 1; p++) {
    const particle = tokens[p]!;
    const verb = tokens[p - 1]!;
    if (!SEPARABLE_PARTICLES.has(particle) || !AFTER_PARTICLE.has(tokens[p + 1]!) || STOPWORDS.has(verb) || verb.length < 3 || !/^[a-z]+$/.test(verb)) continue;
    // Finite forms: "zieht" → "ziehen", "melde" → "melden".
    const forms = [verb, verb.endsWith("t") ? verb.slice(0, -1) + "en" : verb + "n"];
    const joined = forms.map((f) => particle + f).find((w) => vocab.has(stemKey(w)) || isKey(w));
    if (!joined) continue;
    return [...tokens.slice(0, p - 1), joined, ...tokens.slice(p + 1)];
  }
  return tokens;
}

export { foldText };
