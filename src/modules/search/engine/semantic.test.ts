import { test } from "node:test";
import assert from "node:assert/strict";
import { Analyzer } from "../analysis/analyzer.js";
import { createDecompounder, readSearchData } from "../analysis/resources.js";
import { SynonymTable } from "../analysis/synonyms.js";
import { SearchIndex, type SearchDoc } from "./searchIndex.js";
import { runSearch } from "./searcher.js";
import { blendScores, SemanticModel } from "./semantic.js";

function service(id: string, title: string): SearchDoc {
  return { type: "service", id, leikaKey: id, title, url: `/leistungen/${id}`, fields: { title }, hasContent: true, popularity: 0 };
}

// Real catalogue titles, searched with the shipped association file.
const docs = [
  service("99001027000000", "Elektroschrott"),
  service("99001027004000", "Elektroschrott Entsorgung"),
  service("99001009004000", "Sperrmüll Entsorgung"),
  service("99001007004000", "Hausmüll Entsorgung"),
];

function index(withSemantic: boolean): SearchIndex {
  const idx = new SearchIndex(docs, new Analyzer(createDecompounder(["elektroschrott", "sperrmuell", "hausmuell"]), new SynonymTable()), "1");
  if (withSemantic) idx.semantic = new SemanticModel(readSearchData("semantic-assoc.tsv"), docs);
  return idx;
}

test("a fresh paraphrase reaches the right service only through the semantic layer", () => {
  // The titles never say "Kühlschrank"; the catalogue's description of Elektroschrott does.
  assert.equal(runSearch(index(false), undefined, "alter kühlschrank").total, 0);
  assert.equal(runSearch(index(true), undefined, "alter kühlschrank").hits[0]?.doc.id, "99001027000000");
  // Word matching alone sees three equal "… Entsorgung" and takes the shortest title; the layer knows which.
  assert.equal(runSearch(index(false), undefined, "kühlschrank entsorgen").hits[0]?.doc.id, "99001007004000");
  assert.equal(runSearch(index(true), undefined, "kühlschrank entsorgen").hits[0]?.doc.id, "99001027004000");
});

test("suggestions while typing stay lexical", () => {
  assert.equal(runSearch(index(true), undefined, "kühlschr", { prefixLast: true }).total, 0);
});

test("the layer scores service objects: variants keep their lexical order", () => {
  const groupOf = Int32Array.from([0, 0, 1, -1]);
  // Document 1 has the higher semantic score, document 0 the higher lexical one: both get the object's best.
  const out = blendScores(
    new Map([
      [0, 10],
      [1, 8],
      [3, 9],
    ]),
    new Map([
      [0, 1],
      [1, 4],
      [2, 2],
    ]),
    groupOf,
    0.5,
  );
  assert.equal(out.get(0), 15);
  assert.equal(out.get(1), 13);
  assert.equal(out.get(3), 9);
  // Found by the layer alone: enters with its share of the best lexical score.
  assert.equal(out.get(2), 2.5);
});

test("the shipped model is built from the catalogue (not empty, keyed by index words)", () => {
  const model = new SemanticModel(readSearchData("semantic-assoc.tsv"), docs);
  assert.ok(model.size > 100);
  assert.ok(model.has("kuhlschrank"));
});
