/**
 * The semantic association layer (ADR 0060): word → services learnt at build time from the catalogue's
 * texts, the full OpenThesaurus and content co-occurrence (scripts/buildSemanticData.ts →
 * data/search/semantic-assoc.tsv). Word matching finds services whose texts contain the query's words;
 * this layer also scores services whose descriptions use the words' thesaurus neighbours or words that
 * occur together with them, and is blended into the lexical score as a recall and re-rank signal.
 */
import type { AnalyzedQuery } from "../analysis/analyzer.js";
import { stemKey } from "../analysis/analyzer.js";

/** Share of the best lexical score that the best semantic match adds. */
export const SEMANTIC_WEIGHT = 0.3;

interface Row {
  docs: Int32Array;
  weights: Float32Array;
}

export class SemanticModel {
  private readonly rows = new Map<string, Row>();
  /** Per document: its service object (the first 8 digits of the LeiKa key) as a number, -1 for other documents. */
  readonly groupOf: Int32Array;

  /** `text`: the shipped association file; `docs`: the index's documents (services are found by LeiKa key). */
  constructor(text: string, docs: ReadonlyArray<{ type: string; leikaKey?: string }>) {
    const byKey = new Map<string, number>();
    const groups = new Map<string, number>();
    this.groupOf = new Int32Array(docs.length).fill(-1);
    docs.forEach((d, i) => {
      if (d.type !== "service" || !d.leikaKey) return;
      byKey.set(d.leikaKey, i);
      const g = d.leikaKey.slice(0, 8);
      if (!groups.has(g)) groups.set(g, groups.size);
      this.groupOf[i] = groups.get(g)!;
    });
    for (const line of text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const tab = line.indexOf("\t");
      const entries = line.slice(tab + 1).split(" ");
      const idx: number[] = [];
      const w: number[] = [];
      for (const e of entries) {
        const colon = e.indexOf(":");
        const d = byKey.get(e.slice(0, colon));
        if (d === undefined) continue; // a service not valid in the served area
        idx.push(d);
        w.push(Number(e.slice(colon + 1)));
      }
      if (idx.length) this.rows.set(line.slice(0, tab), { docs: Int32Array.from(idx), weights: Float32Array.from(w) });
    }
  }

  get size(): number {
    return this.rows.size;
  }

  has(word: string): boolean {
    return this.rows.has(word);
  }

  /**
   * Semantic score per document: per concept the best of its alternatives (the word itself, its
   * parts, typo corrections, synonyms; each at its weight, terms averaged), summed over concepts by
   * importance.
   */
  score(analyzed: AnalyzedQuery): Map<number, number> {
    const out = new Map<number, number>();
    for (const concept of analyzed.concepts) {
      const best = new Map<number, number>();
      const consider = (terms: string[], weight: number) => {
        const found = terms.map((t) => this.rows.get(t));
        if (found.every((r) => !r)) return;
        const sums = new Map<number, number>();
        for (const r of found) {
          if (!r) continue;
          for (let i = 0; i < r.docs.length; i++) sums.set(r.docs[i]!, (sums.get(r.docs[i]!) ?? 0) + r.weights[i]!);
        }
        const f = weight / terms.length;
        for (const [d, v] of sums) if (f * v > (best.get(d) ?? 0)) best.set(d, f * v);
      };
      const joined = concept.words.map((w) => stemKey(w));
      consider(joined, 1);
      for (const alt of concept.alternatives) consider(alt.terms, alt.weight);
      for (const [d, v] of best) out.set(d, (out.get(d) ?? 0) + concept.importance * v);
    }
    return out;
  }
}

/**
 * Lexical and semantic scores together: each document keeps its lexical score and gains up to
 * SEMANTIC_WEIGHT × the best lexical score in proportion to its semantic score; documents only the
 * semantic layer found enter with that share alone. Without lexical hits the semantic order stands.
 */
export function blendScores(lexical: Map<number, number>, semantic: Map<number, number>, groupOf: Int32Array, weight = SEMANTIC_WEIGHT): Map<number, number> {
  if (semantic.size === 0) return lexical;
  // The layer judges the service object ("Wohnsitz"), not the variant ("Anmeldung" vs "Abmeldung"):
  // every variant of an object gets the object's best semantic score, so word matching orders siblings.
  const byGroup = new Map<number, number>();
  let maxSem = 0;
  for (const [d, v] of semantic) {
    const g = groupOf[d]!;
    if (v > (byGroup.get(g) ?? 0)) byGroup.set(g, v);
    if (v > maxSem) maxSem = v;
  }
  let maxLex = 0;
  for (const v of lexical.values()) if (v > maxLex) maxLex = v;
  const scale = maxLex > 0 ? (weight * maxLex) / maxSem : 1 / maxSem;
  const out = new Map<number, number>();
  for (const [d, v] of lexical) out.set(d, v + scale * (groupOf[d]! >= 0 ? (byGroup.get(groupOf[d]!) ?? 0) : 0));
  for (const [d] of semantic) if (!out.has(d)) out.set(d, scale * byGroup.get(groupOf[d]!)!);
  return out;
}
