import { test } from "node:test";
import assert from "node:assert/strict";
import { Analyzer } from "../analysis/analyzer.js";
import { Decompounder } from "../analysis/decompound.js";
import { SynonymTable } from "../analysis/synonyms.js";
import { SearchIndex, type SearchDoc } from "./searchIndex.js";
import { runSearch } from "./searcher.js";
import { PlaceMatcher } from "./places.js";
import { createDecompounder, readSearchData } from "../analysis/resources.js";

function service(id: string, title: string, extra: Partial<SearchDoc> = {}): SearchDoc {
  return { type: "service", id, leikaKey: id, title, url: `/leistungen/${id}`, fields: { title }, hasContent: false, popularity: 0, topic: "Mobilität", ...extra };
}

function index(docs: SearchDoc[]) {
  const analyzer = new Analyzer(
    new Decompounder().addWords(["fuehrer", "schein", "fuehrerschein", "ersatz", "verlust", "hund", "steuer"]),
    new SynonymTable().loadCurated("lappen\tführerschein\n@intent\nverloren\tverlust; ersatz\nbeantragen\tausstellung\n"),
  );
  return new SearchIndex(docs, analyzer, "1");
}

const docs = [
  service("99023001000000", "Führerschein"),
  service("99023001036000", "Führerschein Ersatz"),
  service("99023001036003", "Führerschein Ersatz wegen Verlust"),
  service("99023001012000", "Führerschein Ausstellung"),
  service("99023001012006", "Führerschein Ausstellung neu wegen Namensänderung"),
  service("99102013000000", "Hundesteuer", { topic: "Steuern" }),
  { type: "page", id: "/impressum", title: "Impressum", url: "/impressum", fields: { title: "Impressum" }, hasContent: false, popularity: 0 } satisfies SearchDoc,
];

test("colloquial words find the right sibling; shorter, fully explained titles first", () => {
  const idx = index(docs);
  assert.equal(runSearch(idx, undefined, "lappen verloren").hits[0]?.doc.id, "99023001036003");
  assert.equal(runSearch(idx, undefined, "führerschein beantragen").hits[0]?.doc.id, "99023001012000");
  assert.equal(runSearch(idx, undefined, "führerschein").hits[0]?.doc.id, "99023001000000");
  assert.equal(runSearch(idx, undefined, "hundesteuer").hits[0]?.doc.id, "99102013000000");
  assert.equal(runSearch(idx, undefined, "impressum").hits[0]?.doc.type, "page");
});

test("content and popularity boost", () => {
  const boosted = docs.map((d) => (d.id === "99023001036000" ? { ...d, hasContent: true, popularity: 90 } : d));
  assert.equal(runSearch(index(boosted), undefined, "führerschein ersatz").hits[0]?.doc.id, "99023001036000");
});

test("topic and type filters, counts, no results, places", () => {
  const idx = index(docs);
  const all = runSearch(idx, undefined, "führerschein");
  assert.deepEqual(all.topics, [{ topic: "Mobilität", count: all.total }]);
  assert.equal(runSearch(idx, undefined, "führerschein", { topic: "Steuern" }).hits.length, 0);
  assert.equal(runSearch(idx, undefined, "impressum", { type: "service" }).hits.length, 0);
  assert.equal(runSearch(idx, undefined, "xyzzy").total, 0);
  assert.equal(runSearch(idx, undefined, "").total, 0);
  const places = new PlaceMatcher([{ ags: "08231000", ars: "082310000000", name: "Pforzheim" }]);
  const r = runSearch(idx, places, "führerschein verloren in pforzheim");
  assert.equal(r.place?.ags, "08231000");
  assert.equal(r.effectiveQuery, "fuehrerschein verloren");
  assert.equal(r.hits[0]?.doc.id, "99023001036003");
});

test("typos are corrected and reported", () => {
  const r = runSearch(index(docs), undefined, "fuehrerschien");
  assert.equal(r.hits[0]?.doc.id, "99023001000000");
  assert.equal(r.corrected, "führerschein");
});

test("a part of a query word does not explain a title: the service named by the whole word comes first", () => {
  const analyzer = new Analyzer(new Decompounder().addWords(["einbuergerung", "test"]), new SynonymTable());
  const idx = new SearchIndex(
    [
      service("99099002000000", "Einbürgerung", { hasContent: true, popularity: 100, fields: { title: "Einbürgerung", terms: "Einbürgerungstest Einbürgerungstest", text: "Zur Einbürgerung gehört der Einbürgerungstest." } }),
      service("99099006000000", "Einbürgerungstest"),
    ],
    analyzer,
    "1",
  );
  assert.equal(runSearch(idx, undefined, "einbürgerungstest").hits[0]?.doc.id, "99099006000000");
});

test("a cost question asks for a service's fees, not for the variant with 'Gebühr' in its title (shipped synonyms)", () => {
  const analyzer = new Analyzer(createDecompounder(), new SynonymTable().loadCurated(readSearchData("synonyms.tsv")));
  const idx = new SearchIndex(
    [
      service("99085001000000", "Reisepass"),
      service("99085001012008", "Reisepass Ausstellung Gebührenbefreiung oder Gebührenermäßigung"),
      service("99085003000000", "Kinderreisepass"),
      service("99085003012002", "Kinderreisepass Ausstellung Neu"),
    ],
    analyzer,
    "1",
  );
  assert.equal(runSearch(idx, undefined, "was kostet ein reisepass").hits[0]?.doc.id, "99085001000000");
  // "teuer" is not read as a misspelt "neu".
  assert.equal(runSearch(idx, undefined, "wie teuer ist ein kinder reisepass").hits[0]?.doc.id, "99085003000000");
  // The fee word itself still finds the fee variant.
  assert.equal(runSearch(idx, undefined, "reisepass gebührenbefreiung").hits[0]?.doc.id, "99085001012008");
});

test("Swabian modal forms are function words, not typos of English synonym keys ('mir wellet' is no 'wallet'), and everyday words of 2026-12-08 (shipped synonyms)", () => {
  const analyzer = new Analyzer(createDecompounder(), new SynonymTable().loadCurated(readSearchData("synonyms.tsv")));
  const idx = new SearchIndex(
    [
      service("99089017000000", "Fundsachen"),
      service("99025002005000", "Gaststättengewerbe Erlaubnis"),
      service("99067004000000", "Jagdschein"),
      service("99067003000000", "Jägerprüfung"),
      service("99003012000000", "Impfung"),
      service("99089086000000", "Waffenbesitzkarte"),
      service("99025004057000", "Sperrzeit Verkürzung"),
    ],
    analyzer,
    "1",
  );
  const top = (q: string) => runSearch(idx, undefined, q).hits[0]?.doc.id;
  assert.equal(top("mir wellet a wirtschaft aufmacha"), "99025002005000");
  assert.notEqual(top("mir wellet"), "99089017000000");
  assert.equal(top("ich will auf die jagd gehen"), "99067004000000");
  assert.equal(top("jaegerpruefung"), "99067003000000");
  assert.equal(top("welche spritze braucht mein kind"), "99003012000000");
  assert.equal(top("ich möchte eine pistole besitzen"), "99089086000000");
  assert.equal(top("die kneipe soll länger offen haben dürfen"), "99025004057000");
});
