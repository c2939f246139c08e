import { test } from "node:test";
import assert from "node:assert/strict";
import { parsePlanCsv } from "./commands/filing.js";
import { planDiff } from "./planDiff.js";

const current = [
  { code: "6", parent_code: null, title: "Bauwesen", retention_years: 10, disposal: "B", process_ids: [] },
  { code: "632", parent_code: "6", title: "Baugenehmigungsverfahren", retention_years: 30, disposal: "A", process_ids: ["baugenehmigung"] },
  { code: "94", parent_code: null, title: "Hundesteuer", retention_years: 10, disposal: "V", process_ids: [] },
];

test("planDiff: new, changed field by field, unchanged, and positions the file does not name are kept", () => {
  const { units, errors } = parsePlanCsv("code,parent,title,retention_years,disposal,process_ids\n6,,Bauwesen,10,B,\n632,6,Baugenehmigungsverfahren,50,A,baugenehmigung abriss\n633,6,Abbruch,10,V,\n");
  assert.deepEqual(errors, []);
  const d = planDiff(current, units);
  assert.deepEqual(d.added.map((u) => u.code), ["633"]);
  assert.deepEqual(d.changed, [{ code: "632", title: "Baugenehmigungsverfahren", fields: [{ field: "retention_years", before: "30", after: "50" }, { field: "process_ids", before: "baugenehmigung", after: "baugenehmigung abriss" }] }]);
  assert.equal(d.unchanged, 1);
  assert.deepEqual(d.kept, [{ code: "94", title: "Hundesteuer" }]);
});

test("parsePlanCsv: German errors for a broken file, missing columns and an empty file", () => {
  assert.match(parsePlanCsv('code,parent,title\n"632,6\n').errors[0]!, /keine gültige CSV-Datei/);
  assert.match(parsePlanCsv("code,title\n632,Bau\n").errors[0]!, /^Zeile 1: Spalte\(n\) parent, retention_years, disposal, process_ids fehlen/);
  assert.match(parsePlanCsv("code,parent,title,retention_years,disposal,process_ids\n").errors[0]!, /keine Positionen/);
  const bad = parsePlanCsv("code,parent,title,retention_years,disposal,process_ids\n632,9,Bau,x,Q,\n");
  assert.deepEqual(bad.errors, ["Zeile 2: Aufbewahrungsfrist muss eine ganze Zahl von 0 bis 200 Jahren sein.", "Zeile 2: Aussonderungsart muss A, B oder V sein.", "Zeile 2: übergeordnete Position „9“ muss vorher stehen."]);
});
