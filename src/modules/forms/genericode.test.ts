import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { CODELISTS_DIR, CodeListStore, codeEntries, compareVersions, GenericodeError, parseGenericode, readCodeListStore } from "./genericode.js";

const copy = (f: string) => readFileSync(path.join(CODELISTS_DIR, f), "utf8");

/** A minimal genericode list; `values` are written without ColumnRef when `positional`. */
const gc = (version: string, rows: string[][], opts: { positional?: boolean; key?: string } = {}) => `<?xml version="1.0"?>
<gc:CodeList xmlns:gc="http://docs.oasis-open.org/codelist/ns/genericode/1.0/">
  <Identification><ShortName>test</ShortName><Version>${version}</Version><CanonicalUri>urn:test:liste</CanonicalUri><CanonicalVersionUri>urn:test:liste_${version}</CanonicalVersionUri></Identification>
  <ColumnSet>
    <Column Id="schluessel" Use="required"><ShortName>schluessel</ShortName><Data Type="string"/></Column>
    <Column Id="kurz" Use="optional"><ShortName>kurz</ShortName><Data Type="string"/></Column>
    <Column Id="text" Use="required"><ShortName>text</ShortName><Data Type="string" Lang="de"/></Column>
    <Key Id="${opts.key ?? "k"}"><ShortName>k</ShortName><ColumnRef Ref="schluessel"/></Key>
  </ColumnSet>
  <SimpleCodeList>${rows.map((r) => `<Row>${r.map((v, i) => `<Value${opts.positional ? "" : ` ColumnRef="${["schluessel", "kurz", "text"][i]}"`}><SimpleValue>${v}</SimpleValue></Value>`).join("")}</Row>`).join("")}</SimpleCodeList>
</gc:CodeList>`;

test("genericode: the project's copies parse (identification, columns, key, rows); labels from the German or name column", () => {
  const er = parseGenericode(copy("urn_de_xoev_codeliste_erreichbarkeit_4.1.xml"));
  assert.equal(er.canonicalUri, "urn:de:xoev:codeliste:erreichbarkeit");
  assert.equal(er.version, "4.1");
  assert.equal(er.canonicalVersionUri, "urn:de:xoev:codeliste:erreichbarkeit_4.1");
  assert.deepEqual(er.keys, [{ id: "codeKey", columns: ["code"], recommended: true }]);
  assert.equal(er.rows.length, 15);
  const e = codeEntries(er);
  assert.equal(e.valueColumn, "code");
  assert.equal(e.labelColumn, "Description-Deutsch", "the de-DE column, not the English one");
  assert.deepEqual(e.entries[0], { value: "01", label: "E-Mail" });
  const staat = codeEntries(parseGenericode(copy("urn_de_bund_destatis_bevoelkerungsstatistik_schluessel_staat_2024-08-01.xml")));
  assert.equal(staat.labelColumn, "staatenname-kurz");
  assert.equal(staat.entries.length, 197);
  assert.deepEqual(staat.entries[0], { value: "000", label: "Deutschland" });
  // The xdomea copy (version 3) names its description column "Beschreibung".
  assert.deepEqual(codeEntries(parseGenericode(copy("urn_de_xoev_codeliste_erreichbarkeit_3.xml"))).entries.slice(0, 2), [{ value: "01", label: "E-Mail" }, { value: "02", label: "Telefon Festnetz" }]);
});

test("genericode: codeKey/nameKey choose the columns; values without ColumnRef follow the column order; broken lists are refused", () => {
  const list = parseGenericode(gc("1", [["A", "a", "Alpha"], ["B", "b", "Beta"], ["A", "x", "doppelt"], ["", "", "leer"]], { positional: true }));
  assert.deepEqual(codeEntries(list).entries, [{ value: "A", label: "Alpha" }, { value: "B", label: "Beta" }], "duplicates and empty keys dropped");
  assert.deepEqual(codeEntries(list, { codeKey: "kurz", nameKey: "text" }).entries.map((e) => e.value), ["a", "b", "x"]);
  assert.deepEqual(codeEntries(list, { codeKey: "k", nameKey: "kurz" }).entries[1], { value: "B", label: "b" });
  assert.throws(() => parseGenericode("<a/>"), GenericodeError);
  assert.throws(() => parseGenericode(gc("1", [["A"]]).replace("<Version>1</Version>", "")), /Version/);
  assert.throws(() => parseGenericode(gc("1", [["A"]]).replace('Ref="schluessel"', 'Ref="fehlt"')), /unbekannte Spalte/);
  assert.throws(() => parseGenericode(gc("1", [["A", "a", "Alpha", "zu viel"]], { positional: true })), /unbekannte Spalte/);
});

test("code list store: exact version, else the newest one; canonical version URI alone; versions compared by number", () => {
  assert.ok(compareVersions("4.1", "3") > 0);
  assert.ok(compareVersions("10", "9") > 0);
  assert.ok(compareVersions("2024-08-01", "2017-01-01") > 0);
  assert.equal(compareVersions("2", "2"), 0);
  const store = new CodeListStore([parseGenericode(gc("2", [["A", "", "Alt"]])), parseGenericode(gc("10", [["A", "", "Neu"]])), parseGenericode(gc("9", [["A", "", "Mittel"]]))]);
  assert.equal(store.size, 3);
  assert.deepEqual([store.resolve({ canonicalUri: "urn:test:liste", version: "9" })].map((r) => [r?.list.version, r?.exact]), [["9", true]]);
  assert.deepEqual([store.resolve({ canonicalUri: "urn:test:liste", version: "3" })].map((r) => [r?.list.version, r?.exact]), [["10", false]]);
  assert.deepEqual([store.resolve({ canonicalVersionUri: "urn:test:liste_2" })].map((r) => [r?.list.version, r?.exact]), [["2", true]]);
  assert.deepEqual([store.resolve({ canonicalVersionUri: "urn:test:liste_7" })].map((r) => [r?.list.version, r?.exact]), [["10", false]]);
  assert.equal(store.resolve({ canonicalUri: "urn:test:andere", version: "1" }), undefined);
  assert.throws(() => store.add(parseGenericode(gc("9", []))), /doppelt/);
});

test("data/codelists: every shipped file is a genericode list with a licence row in SOURCE.md", async () => {
  const store = await readCodeListStore();
  const source = readFileSync(path.join(CODELISTS_DIR, "SOURCE.md"), "utf8");
  assert.equal(store.size, 3);
  for (const uri of ["urn:de:xoev:codeliste:erreichbarkeit_4.1", "urn:de:xoev:codeliste:erreichbarkeit_3", "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:staat_2024-08-01"]) {
    assert.ok(store.resolve({ canonicalVersionUri: uri })?.exact, uri);
    assert.ok(source.includes(`\`${uri}\``), `${uri} in SOURCE.md`);
  }
});
