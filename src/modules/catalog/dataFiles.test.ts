import { test } from "node:test";
import assert from "node:assert/strict";
import { CatalogDataError, readCatalogFiles, validateContentFile, type ServiceContent } from "./dataFiles.js";

const good: ServiceContent = {
  leikaKey: "99023001012000",
  shortText: "Kurz",
  fullText: "Lang",
  requirements: ["Mindestalter"],
  documents: ["Ausweis"],
  fees: "43,40 €",
  processingTime: "4 Wochen",
  legalBasis: [{ title: "§ 2 StVG", url: "https://www.gesetze-im-internet.de/stvg/__2.html" }],
  taskCategory: "county",
  department: "fuehrerschein",
  searchTerms: ["Lappen"],
  popularity: 90,
};
const keys = new Set(["99023001012000", "99008001012000"]);

test("content validation accepts a well-formed file", () => {
  assert.equal(validateContentFile("a.json", [good], keys).length, 1);
});

test("content validation fails loudly on schema errors, unknown and duplicate keys, county tasks without department", () => {
  const bad = (data: unknown, re: RegExp) => assert.throws(() => validateContentFile("x.json", data, keys), (e: Error) => e instanceof CatalogDataError && re.test(e.message));
  bad({}, /x\.json is invalid/);
  bad([{ ...good, leikaKey: "9902" }], /leikaKey/);
  bad([{ ...good, fees: "" }], /fees/);
  bad([{ ...good, popularity: 101 }], /popularity/);
  bad([{ ...good, taskCategory: "federal" }], /taskCategory/);
  bad([{ ...good, extra: 1 }], /invalid/);
  bad([{ ...good, legalBasis: [{ title: "x", url: "http://insecure" }] }], /legalBasis/);
  bad([{ ...good, leikaKey: "99999999999999" }], /not in the catalogue/);
  bad([good, good], /already has content/);
  bad([{ ...good, department: undefined }], /needs "department"/);
  // Across files.
  const seen = new Map<string, string>();
  validateContentFile("a.json", [good], keys, seen);
  assert.throws(() => validateContentFile("b.json", [good], keys, seen), /already has content in a\.json/);
});

test("the shipped data files are clean: keyed rows only, no test values, content valid", async () => {
  const files = await readCatalogFiles();
  assert.ok(files.services.length >= 4500, `${files.services.length} services`);
  assert.ok(files.services.every((s) => /^\d{14}$/.test(s.leikaKey)));
  assert.ok(!files.services.some((s) => /sdesf/i.test(JSON.stringify(s))));
  assert.equal(files.topics.length, 14);
  assert.ok(files.ozgServices.length > 500);
});
