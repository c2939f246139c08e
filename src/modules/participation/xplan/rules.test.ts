import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkXPlanRules } from "./rules.js";
import { XPLAN_DIR, validateXPlan } from "./validate.js";

const sample = (f: string) => readFileSync(`${XPLAN_DIR}/samples/${f}`, "utf8");
const rulesOf = (xml: string) => checkXPlanRules(xml).map((p) => `${p.rule}:${p.id}`);
const AREA = "GML_1dd3969f-1703-4c63-ab27-88b2bb10e090";
const OPEN_RING = "563233.311 5929241.670 563243.311 5929078.039 </gml:posList>";
/** The first sample with its one land-use ring closed (the sample's last position is 14 m off its first). */
const closed = () => sample("BP_6.0.gml").replace(OPEN_RING, "563233.311 5929241.670 563233.311 5929068.039 </gml:posList>");
const SQUARE = "563233.311 5929068.039 563378.909 5929068.039 563378.909 5929241.670 563233.311 5929241.670 563233.311 5929068.039";
/** Replaces the land-use area's ring (the plan and its Bereich have the same square as their area). */
function landUseRing(xml: string, ring: string): string {
  const at = xml.indexOf(`gml:id="${AREA}"`);
  const i = xml.indexOf(SQUARE, at);
  assert.ok(at > 0 && i > at);
  return xml.slice(0, i) + ring + xml.slice(i + SQUARE.length);
}

test("XPlanung rules: the validator's own example plan is clean; the Hamburg sample has one open ring", () => {
  assert.deepEqual(checkXPlanRules(sample("BP_6.0.2_valide.gml")), []);
  const found = checkXPlanRules(sample("BP_6.0.gml"));
  assert.deepEqual(found.map((p) => [p.rule, p.id]), [["ringOpen", AREA]]);
  assert.equal(found[0]!.line, 95, "the line of the ring's exterior");
  assert.deepEqual(checkXPlanRules(closed()), []);
});

test("XPlanung rules: dangling references and one-sided plan ↔ Bereich ↔ content relations", () => {
  const xml = closed();
  assert.deepEqual(rulesOf(xml.replace('xlink:href="#GML_a8f3211c-d3f2-4170-bf66-b36198fb0b8d" />', 'xlink:href="#GML_weg" />')), ["reference:GML_weg", "bereichContent:GML_a8f3211c-d3f2-4170-bf66-b36198fb0b8d"], "and the presentation object is no longer listed in its Bereich");
  // The Bereich no longer points back to its plan.
  const bereichWithoutPlan = xml.replace(/<xplan:gehoertZuPlan xlink:href="#[^"]+" \/>/, "");
  assert.deepEqual(rulesOf(bereichWithoutPlan), ["bereichPlan:GML_033a8b97-b5f7-4453-99d7-b624fc1b4ef5"]);
  // The Bereich no longer lists its content: the content's gehoertZuBereich is one-sided.
  const noContent = xml.replace(`<xplan:planinhalt xlink:href="#${AREA}" />`, "");
  assert.deepEqual(rulesOf(noContent), [`bereichContent:${AREA}`]);
});

test("XPlanung rules: crossing, wrongly oriented and too short rings, content outside the Geltungsbereich", () => {
  const xml = closed();
  // Bow-tie: two positions swapped.
  const bowTie = landUseRing(xml, "563233.311 5929068.039 563378.909 5929241.670 563378.909 5929068.039 563233.311 5929241.670 563233.311 5929068.039");
  assert.ok(rulesOf(bowTie).includes(`ringSelfIntersection:${AREA}`), String(rulesOf(bowTie)));
  // The same square walked the other way round (clockwise).
  const clockwise = landUseRing(xml, "563233.311 5929068.039 563233.311 5929241.670 563378.909 5929241.670 563378.909 5929068.039 563233.311 5929068.039");
  assert.deepEqual(checkXPlanRules(clockwise).map((p) => [p.rule, p.params?.ring]), [["ringOrientation", "exterior"]]);
  const short = landUseRing(xml, "563233.311 5929068.039 563378.909 5929068.039 563233.311 5929068.039");
  assert.deepEqual(rulesOf(short), [`ringPositions:${AREA}`]);
  // Moved 10 km east: outside the plan's area.
  const moved = landUseRing(xml, "573233.311 5929068.039 573378.909 5929068.039 573378.909 5929241.670 573233.311 5929241.670 573233.311 5929068.039");
  assert.deepEqual(rulesOf(moved), [`outsideArea:${AREA}`]);
});

test("validateXPlan: content rules refuse the plan, geometric findings are warnings; the XSD comes first", async () => {
  const hamburg = await validateXPlan(sample("BP_6.0.gml"));
  assert.equal(hamburg.valid, true);
  assert.deepEqual(hamburg.warnings.map((w) => w.rule), ["ringOpen"]);
  const dangling = await validateXPlan(closed().replace('xlink:href="#GML_a8f3211c-d3f2-4170-bf66-b36198fb0b8d" />', 'xlink:href="#GML_weg" />'));
  assert.equal(dangling.valid, false);
  assert.deepEqual(dangling.errors.map((e) => e.rule), ["reference", "bereichContent"]);
  const xsd = await validateXPlan(sample("BP_6.0.gml").replace("<xplan:planArt>1000</xplan:planArt>", "<xplan:planArt>abc</xplan:planArt>"));
  assert.equal(xsd.valid, false);
  assert.equal(xsd.errors[0]!.rule, undefined);
  assert.deepEqual(xsd.warnings, [], "rules run only on a schema-valid plan");
});

test("XPlanung rules: lines and points of the plan's content are checked against the Geltungsbereich too (holes excluded)", () => {
  const xml = readFileSync(new URL("./fixtures/BP_lines_points_holes.gml", import.meta.url), "utf8");
  assert.deepEqual(checkXPlanRules(xml), []);
  // The tree moved into the Geltungsbereich's hole, the building line out of the area.
  const moved = xml.replace("<gml:pos>487050 5425350</gml:pos>", "<gml:pos>487320 5425320</gml:pos>").replace("487240 5425240</gml:posList>", "487240 5425480</gml:posList>");
  assert.deepEqual(rulesOf(moved).sort(), ["outsideArea:GML_fx_baugrenze", "outsideArea:GML_fx_baum"]);
});
