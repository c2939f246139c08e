/**
 * Turns catalogue rows into search documents and an index: services, offices and the portal's own
 * pages. The catalogue's vocabulary joins the compound dictionary, so its words split and are split
 * into ("Hundesteuerbefreiung" → hund | steuer | befreiung).
 */
import { Analyzer } from "../analysis/analyzer.js";
import { tokenize } from "../analysis/fold.js";
import { createDecompounder, readSearchData } from "../analysis/resources.js";
import { SynonymTable } from "../analysis/synonyms.js";
import type { OfficeRow, ServiceRow, SynonymRow } from "../queries.js";
import { SearchIndex, type IndexSnapshot, type SearchDoc } from "./searchIndex.js";
import { STATIC_PAGES } from "./staticPages.js";
import { SemanticModel } from "./semantic.js";
import type { ModuleSearchDocument, SearchSource } from "../../../platform/modules.js";

export interface IndexSource {
  services: ServiceRow[];
  offices: OfficeRow[];
  synonyms: SynonymRow[];
  version: string;
  /** Other modules' objects, per search source (the module contract's `searchSources`). */
  items?: Array<{ source: SearchSource; docs: ModuleSearchDocument[] }>;
}

/** Extra search terms per service from data/search/service-terms.tsv (`leikaKey<TAB>term; term`). */
export function loadServiceTerms(text = readSearchData("service-terms.tsv")): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const [key = "", terms = ""] = line.split("\t");
    const list = map.get(key.trim()) ?? [];
    list.push(...terms.split(";").map((t) => t.trim()).filter(Boolean));
    map.set(key.trim(), list);
  }
  return map;
}

const OFFICE_KINDS = new Set(["county_authority", "department", "municipal_authority", "office", "city_department", "state_office"]);

/** The documents of the index. */
export function buildDocs(src: IndexSource, serviceTerms = loadServiceTerms()): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const s of src.services) {
    const extra = serviceTerms.get(s.leika_key) ?? [];
    docs.push({
      type: "service",
      id: s.leika_key,
      leikaKey: s.leika_key,
      title: s.name,
      url: `/leistungen/${s.leika_key}`,
      fields: {
        title: s.name,
        terms: [...s.search_terms, ...extra].join(" ; "),
        object: s.service_object ?? undefined,
        activity: [s.activity, s.activity_detail].filter(Boolean).join(" "),
        ozg: [s.ozg_name, s.life_situation].filter(Boolean).join(" ; "),
        text: s.short_text ?? undefined,
      },
      hasContent: s.has_content,
      popularity: s.popularity,
      topic: s.topic ?? undefined,
      shortText: s.short_text,
      fees: s.fees,
      onlineServiceUrl: s.online_service?.url ?? null,
      forms: Array.isArray(s.forms) ? s.forms : [],
    });
  }
  for (const o of src.offices) {
    if (!OFFICE_KINDS.has(o.kind)) continue;
    docs.push({
      type: "office",
      id: o.key,
      title: o.name,
      url: `/stellen/${o.id}`,
      fields: { title: o.name, city: o.city ?? undefined },
      hasContent: false,
      popularity: 0,
      ars: o.ars,
    });
  }
  for (const { source, docs: items } of src.items ?? []) {
    for (const d of items) {
      docs.push({
        type: "item",
        id: `${source.kind}:${d.id}`,
        title: d.title,
        url: d.url,
        fields: { title: d.title, terms: d.terms, text: d.text },
        hasContent: true,
        popularity: d.popularity ?? 0,
        shortText: d.text ?? null,
        ars: d.ars ?? null,
        kindLabel: source.kindLabel,
        image: d.image ?? null,
      });
    }
  }
  for (const p of STATIC_PAGES) {
    docs.push({ type: "page", id: p.path, title: p.title, url: p.path, fields: { title: p.title, terms: p.keywords }, hasContent: false, popularity: 0 });
  }
  return docs;
}

/** Builds the analyser (dictionaries + catalogue vocabulary + synonyms) and the index. */
export function buildIndex(src: IndexSource): SearchIndex {
  return indexOf(buildDocs(src), src.synonyms, src.version);
}

/** The index of a stored snapshot: the same as `buildIndex` of the same catalogue, without analysing the documents again. */
export function indexFromSnapshot(snapshot: IndexSnapshot, synonymRows: SynonymRow[], version: string): SearchIndex {
  return indexOf(snapshot.docs, synonymRows, version, snapshot);
}

function indexOf(docs: SearchDoc[], synonymRows: SynonymRow[], version: string, snapshot?: IndexSnapshot): SearchIndex {
  const vocabulary = new Set<string>();
  for (const d of docs) for (const text of [d.fields.title, d.fields.terms, d.fields.object]) for (const t of tokenize(text ?? "")) if (t.length >= 4 && /^[a-z]+$/.test(t)) vocabulary.add(t);
  const decompounder = createDecompounder(vocabulary);
  const synonyms = new SynonymTable().loadCurated(readSearchData("synonyms.tsv"));
  for (const row of synonymRows) synonyms.add(row.term, row.expansions, row.source === "openthesaurus" ? "thesaurus" : "editorial");
  const analyzer = new Analyzer(decompounder, synonyms);
  const index = new SearchIndex(docs, analyzer, version, snapshot);
  synonyms.loadThesaurus(readSearchData("openthesaurus-catalog.txt"), (term) => index.has(term));
  index.semantic = new SemanticModel(readSearchData("semantic-assoc.tsv"), docs);
  return index;
}
