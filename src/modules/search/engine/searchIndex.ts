/**
 * An in-memory BM25F index (Robertson/Zaragoza: per-field length normalisation, weighted term
 * frequencies summed over fields, then one saturation). Each posting keeps its finished score
 * contribution, so a query only adds numbers. Built from the database by indexBuilder.ts; it is a
 * cache, rebuilt when the catalogue version changes.
 */
import type { Analyzer, Vocabulary } from "../analysis/analyzer.js";
import { foldText } from "../analysis/fold.js";
import { PART_PREFIX, PART_WEIGHT, stemKey } from "../analysis/analyzer.js";
import type { SemanticModel } from "./semantic.js";
import type { SearchImage } from "../../../platform/modules.js";

/** "item": an object of another module (a listing, a road work …), from its search source. */
export type DocType = "service" | "office" | "page" | "item";

/** Fields of a document and their weights. */
export const FIELD_WEIGHTS = {
  title: 6,
  terms: 4,
  object: 2.5,
  activity: 1.5,
  ozg: 1,
  text: 0.4,
  city: 2,
} as const;
export type FieldName = keyof typeof FIELD_WEIGHTS;
const FIELD_B: Record<FieldName, number> = { title: 0.75, terms: 0.4, object: 0.5, activity: 0.5, ozg: 0.3, text: 0.6, city: 0.3 };
const K1 = 1.2;

export interface SearchDoc {
  type: DocType;
  /** Stable id: LeiKa key, org unit key or page path. */
  id: string;
  title: string;
  url: string;
  leikaKey?: string;
  fields: Partial<Record<FieldName, string>>;
  hasContent: boolean;
  /** 0..100 */
  popularity: number;
  /** OZG Themenfeld, for the topic filter. */
  topic?: string;
  shortText?: string | null;
  fees?: string | null;
  onlineServiceUrl?: string | null;
  forms?: Array<{ title: string; url: string }>;
  /** Offices: the area they serve; items: their municipality. */
  ars?: string | null;
  /** Items: the source's message key naming the kind ("Streuobstbörse"). */
  kindLabel?: string;
  /** Items: a public thumbnail with its alt text (ModuleSearchDocument.image). */
  image?: SearchImage | null;
}

interface Postings {
  docs: number[];
  scores: number[];
}

/** A built index as plain data: the documents and what the analysis derived from them (ADR 0046). */
export interface IndexSnapshot {
  docs: SearchDoc[];
  postings: Array<[term: string, docs: number[], scores: number[]]>;
  titles: Array<Array<{ term: string; parts: string[] }>>;
  surfaces: Array<[key: string, surface: string]>;
}

export class SearchIndex implements Vocabulary {
  readonly docs: SearchDoc[];
  private readonly postings = new Map<string, Postings>();
  private readonly byLength = new Map<number, string[]>();
  private readonly surfaces = new Map<string, string>();
  /** Per document: the title's words (index keys) with the keys of their compound parts. */
  private readonly sortedTerms: string[];
  private readonly titles: Array<Array<{ term: string; parts: string[] }>> = [];
  readonly builtAt = new Date();
  /** The semantic association layer (ADR 0060), when loaded; derived from shipped data, not part of the snapshot. */
  semantic: SemanticModel | undefined;

  constructor(
    docs: SearchDoc[],
    readonly analyzer: Analyzer,
    /** Catalogue version the index was built from. */
    readonly version: string,
    /** What an earlier build of the same documents computed (a stored snapshot): skips the analysis. */
    prebuilt?: Omit<IndexSnapshot, "docs">,
  ) {
    this.docs = docs;
    if (prebuilt) {
      for (const [term, pDocs, scores] of prebuilt.postings) this.postings.set(term, { docs: pDocs, scores });
      this.titles.push(...prebuilt.titles);
      for (const [key, surface] of prebuilt.surfaces) this.surfaces.set(key, surface);
    } else {
      this.analyse(docs, analyzer);
    }
    // Typo and prefix look-ups see whole-word keys only.
    const words = [...this.postings.keys()].filter((t) => !t.startsWith(PART_PREFIX));
    this.sortedTerms = [...words].sort();
    for (const term of words) {
      const list = this.byLength.get(term.length) ?? [];
      list.push(term);
      this.byLength.set(term.length, list);
    }
  }

  /** Everything the analysis computed, for storing (the search service keeps one per catalogue version). */
  snapshot(): IndexSnapshot {
    return {
      docs: this.docs,
      postings: [...this.postings].map(([term, p]) => [term, p.docs, p.scores]),
      titles: this.titles,
      surfaces: [...this.surfaces],
    };
  }

  private analyse(docs: SearchDoc[], analyzer: Analyzer): void {
    // Pass 1: weighted term frequencies per field and field lengths.
    const perDoc: Array<Map<string, Partial<Record<FieldName, number>>>> = [];
    const lengths: Array<Partial<Record<FieldName, number>>> = [];
    const totals: Record<FieldName, { sum: number; n: number }> = Object.fromEntries(Object.keys(FIELD_WEIGHTS).map((f) => [f, { sum: 0, n: 0 }])) as never;
    const surfaceCounts = new Map<string, Map<string, number>>();
    for (const doc of docs) {
      const words: Array<{ term: string; parts: string[] }> = [];
      for (const t of analyzer.analyzeText(doc.title)) {
        if (!t.term.startsWith(PART_PREFIX)) words.push({ term: t.term, parts: [] });
        else words[words.length - 1]?.parts.push(t.term.slice(PART_PREFIX.length));
      }
      this.titles.push(words);
      const tf = new Map<string, Partial<Record<FieldName, number>>>();
      const len: Partial<Record<FieldName, number>> = {};
      for (const [field, text] of Object.entries(doc.fields) as Array<[FieldName, string | undefined]>) {
        if (!text) continue;
        const terms = analyzer.analyzeText(text);
        len[field] = terms.filter((t) => !t.term.startsWith(PART_PREFIX)).length;
        totals[field].sum += len[field];
        totals[field].n++;
        for (const { term, weight } of terms) {
          const e = tf.get(term) ?? {};
          e[field] = (e[field] ?? 0) + weight;
          tf.set(term, e);
        }
        if (field === "title" || field === "terms" || field === "object" || field === "activity") {
          for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
            const key = stemKey(foldText(word));
            const m = surfaceCounts.get(key) ?? new Map<string, number>();
            m.set(word, (m.get(word) ?? 0) + 1);
            surfaceCounts.set(key, m);
          }
        }
      }
      perDoc.push(tf);
      lengths.push(len);
    }
    const avg = Object.fromEntries(Object.entries(totals).map(([f, t]) => [f, t.n ? t.sum / t.n : 1])) as Record<FieldName, number>;
    // Pass 2: document frequencies, then finished posting scores.
    const df = new Map<string, number>();
    for (const tf of perDoc) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = docs.length;
    perDoc.forEach((tf, docIdx) => {
      for (const [term, fields] of tf) {
        let weighted = 0;
        for (const [field, f] of Object.entries(fields) as Array<[FieldName, number]>) {
          const b = FIELD_B[field];
          const norm = 1 - b + (b * (lengths[docIdx]![field] ?? 0)) / (avg[field] || 1);
          weighted += (FIELD_WEIGHTS[field] * f) / Math.max(norm, 0.25);
        }
        const d = df.get(term)!;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        const score = ((term.startsWith(PART_PREFIX) ? PART_WEIGHT : 1) * idf * weighted) / (K1 + weighted);
        let p = this.postings.get(term);
        if (!p) {
          p = { docs: [], scores: [] };
          this.postings.set(term, p);
        }
        p.docs.push(docIdx);
        p.scores.push(score);
      }
    });
    for (const [key, forms] of surfaceCounts) {
      const best = [...forms].sort((a, b) => b[1] - a[1])[0];
      if (best) this.surfaces.set(key, best[0]);
    }
  }

  private buffers: { total: Float64Array; matched: Float64Array; best: Float64Array; sums: Float64Array; tmp: Float64Array } | undefined;

  /** Zeroed per-document buffers for one (synchronous) query; left zeroed by the scorer. */
  scratch() {
    const n = this.docs.length;
    this.buffers ??= { total: new Float64Array(n), matched: new Float64Array(n), best: new Float64Array(n), sums: new Float64Array(n), tmp: new Float64Array(n) };
    return this.buffers;
  }

  /** True when the index has the key as a word or as a part of a compound. */
  has(term: string): boolean {
    return this.postings.has(term) || this.postings.has(PART_PREFIX + term);
  }

  termsOfLength(length: number): readonly string[] {
    return this.byLength.get(length) ?? [];
  }

  surface(term: string): string | undefined {
    return this.surfaces.get(term);
  }

  /** Index keys that start with `prefix` (for suggestions while typing), most frequent first. */
  termsWithPrefix(prefix: string, limit = 20): string[] {
    let lo = 0;
    let hi = this.sortedTerms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedTerms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sortedTerms.length && this.sortedTerms[i]!.startsWith(prefix); i++) out.push(this.sortedTerms[i]!);
    return out.sort((a, b) => (this.postings.get(b)?.docs.length ?? 0) - (this.postings.get(a)?.docs.length ?? 0)).slice(0, limit);
  }

  /** True when the document contains the key as a word or compound part (postings are sorted by document). */
  docHas(term: string, docIdx: number): boolean {
    for (const key of [term, PART_PREFIX + term]) {
      const docs = this.postings.get(key)?.docs;
      if (!docs) continue;
      let lo = 0;
      let hi = docs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = docs[mid]!;
        if (v === docIdx) return true;
        if (v < docIdx) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return false;
  }

  titleWords(docIdx: number): ReadonlyArray<{ term: string; parts: string[] }> {
    return this.titles[docIdx] ?? [];
  }

  postingsOf(term: string): Postings | undefined {
    return this.postings.get(term);
  }

  get termCount(): number {
    return this.postings.size;
  }
}
