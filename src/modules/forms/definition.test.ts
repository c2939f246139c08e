import { test } from "node:test";
import assert from "node:assert/strict";
import { definitionProblems, parseCardinality, readFormFiles, type FormDefinition } from "./definition.js";

const minimal = (): FormDefinition => ({
  id: "test-form",
  version: 1,
  title: "Test",
  leikaKeys: ["99102013000000"],
  anonymous: true,
  referencePrefix: "EK",
  fee: { kind: "none" },
  codeLists: { ja: [{ value: "a", label: "A" }] },
  pages: [{ id: "p1", title: "Seite", items: [{ kind: "field", id: "f", label: "F", type: "text", cardinality: "1:1" }] }],
  rules: [],
});

test("cardinality follows XDatenfelder anzahl", () => {
  assert.deepEqual(parseCardinality("1:1"), { min: 1, max: 1 });
  assert.deepEqual(parseCardinality("0:*"), { min: 0, max: null });
  assert.deepEqual(parseCardinality("2:5"), { min: 2, max: 5 });
  assert.equal(parseCardinality("5:2"), undefined);
  assert.equal(parseCardinality("x"), undefined);
});

test("definition validation names each problem", () => {
  assert.deepEqual(definitionProblems(minimal()), []);
  const bad = minimal();
  bad.id = "Bad Id";
  bad.leikaKeys = ["123"];
  bad.pages[0]!.items.push({ kind: "field", id: "f", label: "dup", type: "text", cardinality: "1:1" });
  bad.pages[0]!.items.push({ kind: "field", id: "s", label: "S", type: "select", cardinality: "1:1", codeList: "fehlt" });
  bad.pages[0]!.items.push({ kind: "field", id: "x", label: "X", type: "blob" as never, cardinality: "1:1", visibleIf: { field: "nirgends", equals: 1 } });
  bad.pages[0]!.items.push({ kind: "group", id: "g", label: "G", cardinality: "3:1", children: [] });
  bad.rules.push({ id: "R1", field: "unbekannt", check: { notAfter: "today" }, message: "m" });
  const p = definitionProblems(bad).join("\n");
  for (const part of ["id:", "leikaKeys", "f: doppelter Pfad", "Codeliste fehlt", "unbekannter Datentyp", "unbekanntes Feld nirgends", "ungültige Kardinalität", "Gruppe ohne Felder", "Regel R1"]) assert.match(p, new RegExp(part), part);
});

test("shipped forms in data/forms are valid", async () => {
  const forms = await readFormFiles();
  assert.ok(forms.some((f) => f.id === "hundesteuer-anmeldung" && f.leikaKeys.includes("99102013000000")));
});
