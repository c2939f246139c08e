import { test } from "node:test";
import assert from "node:assert/strict";
import type { RuleRow } from "./db.js";
import { areaTypes, candidateKeys, matchingRules, type AreaFacts, type ServiceFacts } from "./rules.js";

let n = 0;
const rule = (over: Partial<RuleRow>): RuleRow => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  key: null,
  task_category: "lower_admin_authority",
  leika_prefix: null,
  area_ars: null,
  area_type: null,
  service_department: null,
  target: "county_department",
  department_key: null,
  org_unit_id: null,
  role: "zustaendig",
  source: "test",
  note: null,
  certainty: "verified",
  ...over,
});

const muehlacker: AreaFacts = { ars: "082365004040", ags: "08236040", kreisKey: "08236", types: areaTypes("67", "54", "44"), associationSeatAgs: "08236040" };
const pforzheim: AreaFacts = { ars: "082310000000", ags: "08231000", kreisKey: "08231", types: areaTypes("62", "50", "42"), associationSeatAgs: null };
const wohngeld: ServiceFacts = { leikaKey: "99107023000000", taskCategory: "lower_admin_authority", department: "wohngeld" };

test("area types from Destatis codes", () => {
  assert.deepEqual(muehlacker.types, ["grosse_kreisstadt", "verwaltungsgemeinschaft", "landkreis"]);
  assert.deepEqual(pforzheim.types, ["stadtkreis"]);
});

test("the most specific rule wins: municipality > Kreis > Land+type > type > default; then LeiKa prefix", () => {
  const def = rule({ key: "d" });
  const gks = rule({ key: "g", area_ars: "08", area_type: "grosse_kreisstadt", target: "municipal_authority" });
  const typeOnly = rule({ key: "t", area_type: "grosse_kreisstadt", target: "municipal_authority" });
  const kreis = rule({ key: "k", area_ars: "08236" });
  const one = rule({ key: "m", area_ars: "082365004040", target: "org_unit" });
  const byKey = rule({ key: "p", area_ars: "082365004040", leika_prefix: "99107023", target: "association_authority" });
  const other = rule({ key: "o", area_ars: "082365004050" });
  const wrongCategory = rule({ key: "w", task_category: "municipal", area_ars: "082365004040" });
  const order = matchingRules([def, gks, typeOnly, kreis, one, byKey, other, wrongCategory], wohngeld, muehlacker).map((r) => r.key);
  assert.deepEqual(order, ["p", "m", "k", "g", "t", "d"]);
  // A Stadtkreis is no Große Kreisstadt.
  assert.deepEqual(matchingRules([def, gks, typeOnly], wohngeld, pforzheim).map((r) => r.key), ["d"]);
});

test("department: the service's first, the rule's as default; for Land offices the rule's first", () => {
  const building = rule({ task_category: "lower_building_authority", department_key: "baurecht" });
  const monument: ServiceFacts = { leikaKey: "99066000000000", taskCategory: "lower_building_authority", department: "denkmal" };
  assert.deepEqual(candidateKeys(building, monument, muehlacker).keys, ["lra-08236-denkmal", "lra-08236"]);
  assert.deepEqual(candidateKeys(building, { ...monument, department: null }, muehlacker).keys, ["lra-08236-baurecht", "lra-08236"]);
  const state = rule({ task_category: "state", target: "state_office", department_key: "lbank" });
  assert.deepEqual(candidateKeys(state, { ...wohngeld, department: "soziales" }, muehlacker), { keys: ["land-08-lbank"], level: "state" });
  assert.deepEqual(candidateKeys(rule({ target: "city_department" }), wohngeld, pforzheim), { keys: ["gem-08231000-wohngeld", "gem-08231000"], level: "city" });
  assert.deepEqual(candidateKeys(rule({ target: "association_authority" }), wohngeld, { ...muehlacker, ags: "08236050", associationSeatAgs: "08236040" }).keys, ["gem-08236040-wohngeld", "gem-08236040"]);
});
