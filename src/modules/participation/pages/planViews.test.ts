import { readFileSync } from "node:fs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../../platform/i18n/index.js";
import { participationMessages } from "../messages.js";
import { participationXPlanMessages } from "../xplanMessages.js";
import { landUseLabel } from "./planViews.js";
import { XPLAN_DIR } from "../xplan/validate.js";

const de = translatorFor(participationMessages, participationXPlanMessages)("de");
const en = translatorFor(participationMessages, participationXPlanMessages)("en");
const line = { type: "MultiLineString" } as const;
const point = { type: "MultiPoint" } as const;
const area = { type: "MultiPolygon" } as const;

test("participation: plan contents are named by their class from the catalogue, by geometry where it matters, else by the class name", () => {
  assert.equal(landUseLabel(de, { type: "BP_BauGrenze", use: null, geometry: line }), "Baugrenze");
  assert.equal(landUseLabel(de, { type: "BP_BauLinie", use: null, geometry: line }), "Baulinie");
  assert.equal(landUseLabel(de, { type: "BP_StrassenbegrenzungsLinie", use: null, geometry: line }), "Straßenbegrenzungslinie");
  assert.equal(landUseLabel(de, { type: "BP_HoehenMass", use: null, geometry: point }), "Höhenpunkt");
  assert.equal(landUseLabel(de, { type: "BP_HoehenMass", use: null, geometry: area }), "Höhenfestsetzung");
  // One class, three readings: a tree, a row or hedge, an area.
  assert.equal(landUseLabel(de, { type: "BP_AnpflanzungBindungErhaltung", use: null, geometry: point }), "Einzelbaum (anpflanzen oder erhalten)");
  assert.equal(landUseLabel(de, { type: "BP_AnpflanzungBindungErhaltung", use: null, geometry: line }), "Baumreihe oder Hecke (anpflanzen oder erhalten)");
  assert.equal(landUseLabel(de, { type: "BP_AnpflanzungBindungErhaltung", use: null }), "Anpflanzen, Bindung oder Erhaltung von Bepflanzungen");
  assert.equal(landUseLabel(de, { type: "FP_BebauungsFlaeche", use: "1000", geometry: area }), "Baufläche");
  // The use of a building area still leads; an unknown use or class falls back.
  assert.equal(landUseLabel(de, { type: "BP_BaugebietsTeilFlaeche", use: "1500", useAttribute: "besondereArtDerBaulNutzung", geometry: area }), "Mischgebiet (Baugebiet)");
  assert.equal(landUseLabel(de, { type: "BP_BaugebietsTeilFlaeche", use: "4711", useAttribute: "besondereArtDerBaulNutzung", geometry: area }), "Baugebiet");
  assert.equal(landUseLabel(de, { type: "RP_Achse", use: null, geometry: line }), "Entwicklungsachse");
  assert.equal(landUseLabel(en, { type: "LP_BiotopverbundBiotopvernetzung", use: null, geometry: area }), "Habitat network");
  assert.equal(landUseLabel(de, { type: "BP_Unbekannt", use: null, geometry: line }), "BP_Unbekannt");
  // English catalogue; a class with no English text would fall back to German, never to the key.
  assert.equal(landUseLabel(en, { type: "BP_BauGrenze", use: null, geometry: line }), "Building boundary (Baugrenze)");
  assert.equal(landUseLabel(en, { type: "BP_AnpflanzungBindungErhaltung", use: null, geometry: point }), "Single tree (to plant or to keep)");
});

test("participation: the Art der baulichen Nutzung is named from the code list of the attribute it came from (XPlanung 6.0)", () => {
  const bp = (use: string, useAttribute: "allgArtDerBaulNutzung" | "besondereArtDerBaulNutzung" | null | undefined) => landUseLabel(de, { type: "BP_BaugebietsTeilFlaeche", use, useAttribute, geometry: area });
  // XP_AllgArtDerBaulNutzung: 1000 Wohnbaufläche … 9999 sonstige Baufläche (not the besondere list's Kleinsiedlungsgebiet).
  assert.equal(bp("1000", "allgArtDerBaulNutzung"), "Wohnbaufläche (Baugebiet)");
  assert.equal(bp("2000", "allgArtDerBaulNutzung"), "Gemischte Baufläche (Baugebiet)");
  assert.equal(bp("3000", "allgArtDerBaulNutzung"), "Gewerbliche Baufläche (Baugebiet)");
  assert.equal(bp("4000", "allgArtDerBaulNutzung"), "Sonderbaufläche (Baugebiet)");
  assert.equal(bp("9999", "allgArtDerBaulNutzung"), "Sonstige Baufläche (Baugebiet)");
  // XP_BesondereArtDerBaulNutzung, all 16 codes of the schema.
  assert.equal(bp("1000", "besondereArtDerBaulNutzung"), "Kleinsiedlungsgebiet (Baugebiet)");
  assert.equal(bp("1450", "besondereArtDerBaulNutzung"), "dörfliches Wohngebiet (Baugebiet)");
  assert.equal(bp("2100", "besondereArtDerBaulNutzung"), "sonstiges Sondergebiet (Baugebiet)");
  assert.equal(bp("4000", "besondereArtDerBaulNutzung"), "Sondergebiet (BauNVO 1962/1968) (Baugebiet)");
  assert.equal(bp("9999", "besondereArtDerBaulNutzung"), "sonstiges Gebiet (Baugebiet)");
  // A stored code whose attribute is unknown (a plan imported before it was kept) is not guessed.
  assert.equal(bp("1000", undefined), "Baugebiet");
  // The Flächennutzungsplan's Baufläche has the same two attributes.
  assert.equal(landUseLabel(de, { type: "FP_BebauungsFlaeche", use: "3000", useAttribute: "allgArtDerBaulNutzung", geometry: area }), "Gewerbliche Baufläche (Baufläche)");
  assert.equal(landUseLabel(en, { type: "BP_BaugebietsTeilFlaeche", use: "1000", useAttribute: "allgArtDerBaulNutzung", geometry: area }), "residential building land (Wohnbaufläche) (Building area)");
  const codes = (l: "de" | "en", list: string) => Object.keys(participationMessages[l]).filter((k) => k.startsWith(`participation.plan.${list}.`)).map((k) => k.split(".").pop()).sort();
  assert.deepEqual(codes("de", "allgArtDerBaulNutzung"), ["1000", "2000", "3000", "4000", "9999"]);
  assert.deepEqual(codes("de", "besondereArtDerBaulNutzung"), ["1000", "1100", "1200", "1300", "1400", "1450", "1500", "1550", "1600", "1700", "1800", "2000", "2100", "3000", "4000", "9999"]);
  for (const list of ["allgArtDerBaulNutzung", "besondereArtDerBaulNutzung"]) assert.deepEqual(codes("en", list), codes("de", list));
});

test("participation: every Raumordnungsplan (RP_) and Landschaftsplan (LP_) content class of the XPlanGML 6.0 schemas is named", () => {
  for (const f of ["XPlanGML_Raumordnungsplan.xsd", "XPlanGML_LPlan_Kernmodell.xsd"]) {
    const xsd = readFileSync(`${XPLAN_DIR}/XPlanGML_6_0/${f}`, "utf8");
    const classes = [...xsd.matchAll(/<element name="((?:RP|LP)_\w+)" type="xplan:\w+"[^>]*substitutionGroup="xplan:(?:RP|LP)_\w+"/g)].map((m) => m[1]!);
    assert.ok(classes.length >= 6, f);
    for (const c of classes) {
      for (const t of [de, en]) assert.notEqual(landUseLabel(t, { type: c, use: null }), c, `${c} unnamed`);
    }
  }
});

test("participation: every class name has a German and an English text", () => {
  const keys = (l: "de" | "en") => Object.keys(participationXPlanMessages[l]).filter((k) => k.startsWith("participation.plan.type."));
  assert.deepEqual(keys("en"), keys("de"));
  assert.ok(keys("de").length > 50);
});
