import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv, parseCsvLines, parseCsvRecords, toCsv } from "./csv.js";

test("parseCsv: quoted fields with commas, doubled quotes and line breaks; CRLF; BOM; no trailing empty row", () => {
  const text = '\ufeffa,b,c\r\n"Mühlacker, Stadt","sagt ""Hallo""","zwei\nZeilen"\r\n,,\n';
  assert.deepEqual(parseCsv(text), [
    ["a", "b", "c"],
    ["Mühlacker, Stadt", 'sagt "Hallo"', "zwei\nZeilen"],
    ["", "", ""],
  ]);
  assert.deepEqual(parseCsv("x,y"), [["x", "y"]]);
  assert.throws(() => parseCsv('"offen'), /unterminated/);
});

test("parseCsvRecords: picks columns by name, rejects missing columns and ragged lines", () => {
  assert.deepEqual(parseCsvRecords("b,a\n2,1\n", ["a", "b"]), [{ a: "1", b: "2" }]);
  assert.throws(() => parseCsvRecords("a\n1\n", ["a", "b"]), /column "b" missing/);
  assert.throws(() => parseCsvRecords("a,b\n1\n", ["a", "b"]), /line 2 has 1 fields/);
});

test("toCsv round-trips through parseCsv", () => {
  const rows = [["08236040", "Mühlacker, Stadt", null, 26093], ["x", ' lead', 'q"uote', undefined]];
  const text = toCsv(["ags", "name", "seat", "population"], rows);
  assert.equal(text.split("\n")[1], '08236040,"Mühlacker, Stadt",,26093');
  assert.deepEqual(parseCsv(text).slice(1), [["08236040", "Mühlacker, Stadt", "", "26093"], ["x", " lead", 'q"uote', ""]]);
});

test("parseCsvLines: other separator, line numbers where the record ends, empty lines and a literal quote inside a field", () => {
  assert.deepEqual(parseCsvLines('a;b\n\n"x;y";"zwei\nZeilen"\n5" Zoll;z\n', ";"), [
    { fields: ["a", "b"], line: 1 },
    { fields: [""], line: 2 },
    { fields: ["x;y", "zwei\nZeilen"], line: 4 },
    { fields: ['5" Zoll', "z"], line: 5 },
  ]);
  assert.deepEqual(parseCsvRecords("a,b\n\n1,2\n", ["a", "b"]), [{ a: "1", b: "2" }]);
});
