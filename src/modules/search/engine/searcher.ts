/**
 * Runs a query against the index: concepts from the analyser, per concept the best alternative
 * (dis-max), summed over concepts, scaled by how many concepts matched and by the boosts for
 * services with content and popular services.
 */
import { PART_PREFIX, type AnalyzedQuery } from "../analysis/analyzer.js";
import type { DocType, SearchDoc, SearchIndex } from "./searchIndex.js";
import type { Place, PlaceMatcher } from "./places.js";
import { blendScores } from "./semantic.js";

export interface SearchOptions {
  limit?: number;
  offset?: number;
  type?: DocType;
  topic?: string;
  /** Treat the last word as unfinished (suggestions). */
  prefixLast?: boolean;
}

export interface Hit {
  doc: SearchDoc;
  score: number;
  /** Position of the document in the index. */
  idx: number;
}

export interface SearchOutcome {
  hits: Hit[];
  total: number;
  /** Counts per OZG topic of the matching services (before the topic filter). */
  topics: Array<{ topic: string; count: number }>;
  /** "Meinten Sie …?": the query with typos corrected, when that was needed. */
  corrected?: string;
  /** A municipality named in the query. */
  place?: Place;
  /** The query without the place name. */
  effectiveQuery: string;
}

/** Boost for services with written content and for popular ones. */
export function boostOf(doc: SearchDoc): number {
  return 1 + (doc.hasContent ? 0.15 : 0) + 0.15 * Math.min(Math.max(doc.popularity, 0), 100) / 100;
}

/** Share of a title's words that the query explains: "Wohnsitz Anmeldung" beats "Wohnsitz Anmeldung für Binnenschiffer". */
export function titleCoverage(index: SearchIndex, docIdx: number, queryTerms: Set<string>): number {
  const words = index.titleWords(docIdx);
  if (words.length === 0) return 0;
  let hit = 0;
  // A compound counts when the query has the word or all of its parts ("hund steuer" explains
  // "Hundesteuer"; "kindergeld" does not explain "Baukindergeld").
  for (const w of words) if (queryTerms.has(w.term) || (w.parts.length > 0 && w.parts.every((p) => queryTerms.has(p)))) hit += 1;
  return hit / words.length;
}

/** Share of the score that does not depend on how much of the title the query explains. */
export const TITLE_BASE = 0.5;

/** Relative score below which a result is noise compared with the best one. */
const MIN_RELATIVE = 0.12;

/** Candidates (by score before the title factor) that get the title factor; the rest keep their score. */
const RESCORE = 400;

export function scoreQuery(index: SearchIndex, analyzed: AnalyzedQuery): Map<number, number> {
  const buf = index.scratch();
  const { total, matched, best, sums, tmp } = buf;
  const touched: number[] = [];
  const concepts = analyzed.concepts;
  const queryTerms = new Set<string>();
  for (const c of concepts) for (const a of c.alternatives) if (!a.partsOfKnownWord) for (const t of a.terms) queryTerms.add(t);
  for (const concept of concepts) {
    const bestTouched: number[] = [];
    for (const alt of concept.alternatives) {
      const sumTouched: number[] = [];
      for (const term of alt.terms) {
        // A document scores the better of the word and the word as a compound part, not both.
        const termTouched: number[] = [];
        for (const key of alt.wholeWords ? [term] : [term, PART_PREFIX + term]) {
          const p = index.postingsOf(key);
          if (!p) continue;
          const docs = p.docs;
          const scores = p.scores;
          for (let i = 0; i < docs.length; i++) {
            const d = docs[i]!;
            const v = scores[i]!;
            if (tmp[d] === 0) termTouched.push(d);
            if (v > tmp[d]!) tmp[d] = v;
          }
        }
        for (const d of termTouched) {
          if (sums[d] === 0) sumTouched.push(d);
          sums[d] = sums[d]! + tmp[d]!;
          tmp[d] = 0;
        }
      }
      const factor = (concept.importance * alt.weight) / (alt.terms.length || 1);
      for (const d of sumTouched) {
        const v = factor * sums[d]!;
        sums[d] = 0;
        if (v > best[d]!) {
          if (best[d] === 0) bestTouched.push(d);
          best[d] = v;
        }
      }
    }
    for (const d of bestTouched) {
      if (total[d] === 0) touched.push(d);
      total[d] = total[d]! + best[d]!;
      matched[d] = matched[d]! + concept.importance;
      best[d] = 0;
    }
  }
  const importance = concepts.reduce((sum, c) => sum + c.importance, 0) || 1;
  const pre: Array<[number, number]> = [];
  for (const d of touched) {
    const coverage = matched[d]! / importance;
    pre.push([d, total[d]! * (0.35 + 0.65 * coverage) * boostOf(index.docs[d]!)]);
    total[d] = 0;
    matched[d] = 0;
  }
  if (pre.length > RESCORE) pre.sort((a, b) => b[1] - a[1]);
  const out = new Map<number, number>();
  pre.forEach(([d, score], i) => {
    out.set(d, i < RESCORE ? score * (TITLE_BASE + (1 - TITLE_BASE) * titleCoverage(index, d, queryTerms)) : score * TITLE_BASE);
  });
  return out;
}

/** Searches the index; the place (if any) is detected and removed first. */
export function runSearch(index: SearchIndex, places: PlaceMatcher | undefined, query: string, opts: SearchOptions = {}): SearchOutcome {
  const { place, rest } = places ? places.detect(query) : { rest: query };
  const analyzed = index.analyzer.analyzeQuery(rest, index, { prefixLast: opts.prefixLast });
  const lexical = scoreQuery(index, analyzed);
  // Suggestions while typing stay lexical (a half word has no meaning yet).
  const scores = index.semantic && !opts.prefixLast ? blendScores(lexical, index.semantic.score(analyzed), index.semantic.groupOf) : lexical;
  let hits: Hit[] = [];
  for (const [d, score] of scores) {
    const doc = index.docs[d]!;
    // "bürgermeisteramt mühlacker": the office of the place named comes first.
    const inPlace = place && (doc.type === "office" || doc.type === "item") && !!doc.ars && (doc.ars === place.ars || place.ars.startsWith(doc.ars.replace(/0+$/, "")));
    hits.push({ doc, score: inPlace ? score * 1.6 : score, idx: d });
  }
  hits.sort((a, b) => b.score - a.score || a.doc.title.length - b.doc.title.length || a.doc.id.localeCompare(b.doc.id));
  const top = hits[0]?.score ?? 0;
  hits = hits.filter((h) => h.score >= top * MIN_RELATIVE);
  const topicCounts = new Map<string, number>();
  for (const h of hits) if (h.doc.topic) topicCounts.set(h.doc.topic, (topicCounts.get(h.doc.topic) ?? 0) + 1);
  if (opts.type) hits = hits.filter((h) => h.doc.type === opts.type);
  if (opts.topic) hits = hits.filter((h) => h.doc.topic === opts.topic);
  // "Meinten Sie" only when a correction found the best result (not for a stray unknown word).
  let corrected = analyzed.corrected;
  const topIdx = hits[0]?.idx ?? -1;
  if (corrected && topIdx >= 0) {
    const usedTypo = analyzed.concepts.some((c) => c.alternatives.some((a) => a.kind === "typo" && a.terms.every((t) => index.docHas(t, topIdx))));
    if (!usedTypo) corrected = undefined;
  }
  const offset = opts.offset ?? 0;
  const limit = opts.limit ?? 10;
  return {
    hits: hits.slice(offset, offset + limit),
    total: hits.length,
    topics: [...topicCounts].map(([topic, count]) => ({ topic, count })).sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)),
    corrected,
    place,
    effectiveQuery: rest,
  };
}
