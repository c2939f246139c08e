/**
 * Builds the semantic association layer of the search (ADR 0060): data/search/semantic-assoc.tsv.
 *
 *   npx tsx scripts/buildSemanticData.ts [sourceDir]    default: ../shared/data (the full OpenThesaurus)
 *
 * Learnt from the shipped catalogue only, nothing written by hand:
 *   - a term–service matrix A over the texts of each service the catalogue describes (has content): its name and the names of its service
 *     object (×3), the names of its variants (×0.5), its extra search terms (×2), its OZG service and life
 *     situation (×1), the short text, full text, requirements and documents (×1); compound parts
 *     count at half weight; cells are BM25 weights (so long content texts do not drown short names);
 *   - a term–synset matrix S from the full OpenThesaurus (every synset of single words, any size ≤ 16,
 *     register-labelled terms dropped), normalised by synset size;
 *   - a term–term co-occurrence matrix C from the content texts (positive PMI within a service's text).
 * A word's association with a service is  A[w] + β·max over its thesaurus neighbours A[n] + γ·Σ PPMI(w,v)·A[v]
 * (first order, thesaurus, second order), kept as the 12 strongest services per word. Words of a query
 * that the index does not know ("umhauen", "sofa", "kühlschrank") thus reach services whose texts use a
 * synonym or a word that appears in the same descriptions ("fällen", "Möbel", "Elektrogeräte").
 */
import { readFile, writeFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { STOPWORDS, tokenize } from "../src/modules/search/analysis/fold.js";
import { stemKey } from "../src/modules/search/analysis/analyzer.js";
import { createDecompounder } from "../src/modules/search/analysis/resources.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.resolve(process.argv[2] ?? path.join(ROOT, "../shared/data"));
const CATALOG = path.join(ROOT, "data/catalog");
const OUT = path.join(ROOT, "data/search/semantic-assoc.tsv");

/** Weight of the best thesaurus neighbour's associations. */
const BETA = 0.6;
/** Weight of the second-order (co-occurrence) associations. */
const GAMMA = 0.35;
const TOP_SERVICES = 12;
const PART_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.5;

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const cells: string[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ",") {
        cells.push(cur);
        cur = "";
      } else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

const words = (text: string) => tokenize(text).filter((t) => t.length >= 3 && !STOPWORDS.has(t) && !/^\d+$/.test(t));

async function main() {
  const leika = parseCsv(await readFile(path.join(CATALOG, "leika.csv"), "utf8")).slice(1);
  const ozg = new Map(parseCsv(await readFile(path.join(CATALOG, "ozg_services.csv"), "utf8")).slice(1).map((r) => [r[0]!, r]));
  const life = new Map(parseCsv(await readFile(path.join(CATALOG, "ozg_life_situations.csv"), "utf8")).slice(1).map((r) => [r[0]!, r[1]!]));
  const extraTerms = new Map<string, string>();
  for (const line of (await readFile(path.join(ROOT, "data/search/service-terms.tsv"), "utf8")).split(/\r?\n/)) {
    const l = line.replace(/#.*$/, "").trim();
    if (!l) continue;
    const [k = "", t = ""] = l.split("\t");
    extraTerms.set(k.trim(), (extraTerms.get(k.trim()) ?? "") + " " + t.replace(/;/g, " "));
  }
  const content = new Map<string, string>();
  for (const f of (await readdir(path.join(CATALOG, "content"))).filter((f) => f.endsWith(".json")).sort()) {
    const list = JSON.parse(await readFile(path.join(CATALOG, "content", f), "utf8")) as Array<Record<string, unknown>>;
    for (const s of list) {
      const parts = [s.shortText, s.fullText, ...(Array.isArray(s.requirements) ? s.requirements : []), ...(Array.isArray(s.documents) ? s.documents : [])];
      content.set(String(s.leikaKey), parts.filter((p) => typeof p === "string").join(" "));
    }
  }
  // The object of a service is its parent entry (key ending in 000000): "Sperrmüll Entsorgung" also learns from "Sperrmüll".
  const nameOf = new Map(leika.map((r) => [r[0]!, r[1]!]));

  // Vocabulary for the decompounder: the catalogue's own words, like the index builder does.
  const vocab = new Set<string>();
  for (const r of leika) for (const t of tokenize(r[1]!)) if (t.length >= 4 && /^[a-z]+$/.test(t)) vocab.add(t);
  const decompounder = createDecompounder(vocab);
  const analyse = (text: string, weight: number, into: Map<string, number>) => {
    for (const w of words(text)) {
      const key = stemKey(w);
      into.set(key, (into.get(key) ?? 0) + weight);
      for (const p of decompounder.splitFinest(w)) if (p !== w && p.length >= 3 && !STOPWORDS.has(p)) {
        const pk = stemKey(p);
        into.set(pk, (into.get(pk) ?? 0) + weight * PART_WEIGHT);
      }
    }
  };

  // A: term–service, BM25 weights. The units are the services the catalogue describes (those with
  // content): their texts are rich enough to learn from, and word matching covers the bare LeiKa names.
  const siblings = new Map<string, string[]>();
  for (const r of leika) {
    const g = r[0]!.slice(0, 8);
    siblings.set(g, [...(siblings.get(g) ?? []), r[1]!]);
  }
  const keys: string[] = [];
  const tfs: Array<Map<string, number>> = [];
  const contentTfs: Array<Map<string, number> | undefined> = [];
  for (const r of leika) {
    const key = r[0]!;
    const text = content.get(key);
    if (!text) continue;
    const tf = new Map<string, number>();
    analyse(r[1]!, 3, tf);
    const object = nameOf.get(key.slice(0, 8) + "000000");
    if (object && object !== r[1]) analyse(object, 1, tf);
    for (const sib of siblings.get(key.slice(0, 8)) ?? []) if (sib !== r[1] && sib !== object) analyse(sib, 0.5, tf);
    analyse(extraTerms.get(key) ?? "", 2, tf);
    const o = ozg.get(r[3] ?? "");
    if (o) analyse(`${o[1]} ${life.get(o[2] ?? "") ?? ""}`, 1, tf);
    const ct = new Map<string, number>();
    analyse(text, 1, ct);
    for (const [t, v] of ct) tf.set(t, (tf.get(t) ?? 0) + v);
    contentTfs.push(ct);
    keys.push(key);
    tfs.push(tf);
  }
  const n = keys.length;
  const df = new Map<string, number>();
  const len = tfs.map((tf) => [...tf.values()].reduce((a, b) => a + b, 0));
  const avgLen = len.reduce((a, b) => a + b, 0) / n;
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  const A = new Map<string, Map<number, number>>();
  tfs.forEach((tf, d) => {
    const norm = 1 - B + (B * len[d]!) / avgLen;
    for (const [t, f] of tf) {
      const v = (idf(t) * f * (K1 + 1)) / (f + K1 * norm);
      let row = A.get(t);
      if (!row) A.set(t, (row = new Map()));
      row.set(d, v);
    }
  });

  // S: thesaurus neighbours (single words only), each with 1/size of the synset.
  const neighbours = new Map<string, Map<string, number>>();
  const thesaurus = await readFile(path.join(source, "thesaurus/openthesaurus.txt"), "utf8");
  for (const raw of thesaurus.split(/\r?\n/)) {
    if (!raw.trim() || raw.startsWith("#")) continue;
    const terms = raw
      .split(";")
      .filter((t) => !/\((veraltet|fachspr\.|schweiz\.|österr\.|lat\.|griechisch|derb|vulgär|abwertend|Jargon)[^)]*\)/i.test(t))
      .map((t) => t.replace(/\([^)]*\)/g, " ").trim())
      .map((t) => tokenize(t))
      .filter((toks) => toks.length === 1 && toks[0]!.length >= 3 && !STOPWORDS.has(toks[0]!))
      .map((toks) => stemKey(toks[0]!));
    const set = [...new Set(terms)];
    if (set.length < 2 || set.length > 16) continue;
    for (const a of set) {
      let m = neighbours.get(a);
      if (!m) neighbours.set(a, (m = new Map()));
      for (const b of set) if (b !== a) m.set(b, Math.max(m.get(b) ?? 0, 1 / Math.sqrt(set.length)));
    }
  }

  // C: positive PMI of two words in the same content text (document-level co-occurrence).
  const cdf = new Map<string, number>();
  const contentDocs = contentTfs.filter((x): x is Map<string, number> => !!x);
  for (const ct of contentDocs) for (const t of ct.keys()) cdf.set(t, (cdf.get(t) ?? 0) + 1);
  const co = new Map<string, Map<string, number>>();
  for (const ct of contentDocs) {
    const ts = [...ct.keys()].filter((t) => (cdf.get(t) ?? 0) <= contentDocs.length * 0.2);
    for (const a of ts) {
      let m = co.get(a);
      if (!m) co.set(a, (m = new Map()));
      for (const b of ts) if (b !== a) m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  const nc = contentDocs.length;
  const ppmi = (a: string, m: Map<string, number>) => {
    const out: Array<[string, number]> = [];
    for (const [b, c] of m) {
      if (c < 2) continue;
      const pmi = Math.log((c * nc) / ((cdf.get(a) ?? 1) * (cdf.get(b) ?? 1)));
      if (pmi > 0) out.push([b, pmi]);
    }
    out.sort((x, y) => y[1] - x[1]);
    const top = out.slice(0, 20);
    const sum = top.reduce((s, [, v]) => s + v, 0) || 1;
    return top.map(([b, v]) => [b, v / sum] as [string, number]);
  };

  const lines: string[] = [];
  const all = new Set<string>([...A.keys(), ...neighbours.keys()]);
  for (const w of [...all].sort()) {
    const acc = new Map<number, number>();
    for (const [d, v] of A.get(w) ?? []) acc.set(d, v);
    const best = new Map<number, number>();
    for (const [nb, s] of neighbours.get(w) ?? []) for (const [d, v] of A.get(nb) ?? []) best.set(d, Math.max(best.get(d) ?? 0, s * v));
    for (const [d, v] of best) acc.set(d, (acc.get(d) ?? 0) + BETA * v);
    const m = co.get(w);
    if (m) for (const [v2, p] of ppmi(w, m)) for (const [d, v] of A.get(v2) ?? []) acc.set(d, (acc.get(d) ?? 0) + GAMMA * p * v);
    if (acc.size === 0) continue;
    const top = [...acc].sort((a, b) => b[1] - a[1]).slice(0, TOP_SERVICES);
    const max = top[0]![1];
    const kept = top.filter(([, v]) => v >= max * 0.15);
    lines.push(`${w}\t${kept.map(([d, v]) => `${keys[d]}:${v.toFixed(2)}`).join(" ")}`);
  }
  const header = [
    "# Semantic association layer of the search (ADR 0060), built by scripts/buildSemanticData.ts — do not edit.",
    "# word (index key)<TAB>leikaKey:weight … (the strongest services; BM25 weights over the catalogue texts,",
    "# plus thesaurus neighbours (OpenThesaurus, LGPL-2.1-or-later) and content co-occurrence (positive PMI)).",
  ];
  await writeFile(OUT, [...header, ...lines].join("\n") + "\n");
  console.log(JSON.stringify({ services: n, contentServices: nc, words: lines.length, thesaurusWords: neighbours.size }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
