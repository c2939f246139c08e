import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../../platform/i18n/index.js";
import { participationMessages } from "../messages.js";
import { participationXPlanMessages } from "../xplanMessages.js";
import { landUseLabel } from "./planViews.js";

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
  assert.equal(landUseLabel(de, { type: "BP_BaugebietsTeilFlaeche", use: "1500", geometry: area }), "Mischgebiet (Baugebiet)");
  assert.equal(landUseLabel(de, { type: "BP_BaugebietsTeilFlaeche", use: "4711", geometry: area }), "Baugebiet");
  assert.equal(landUseLabel(de, { type: "RP_Achse", use: null, geometry: line }), "RP_Achse");
  // English catalogue; a class with no English text would fall back to German, never to the key.
  assert.equal(landUseLabel(en, { type: "BP_BauGrenze", use: null, geometry: line }), "Building boundary (Baugrenze)");
  assert.equal(landUseLabel(en, { type: "BP_AnpflanzungBindungErhaltung", use: null, geometry: point }), "Single tree (to plant or to keep)");
});

test("participation: every class name has a German and an English text", () => {
  const keys = (l: "de" | "en") => Object.keys(participationXPlanMessages[l]).filter((k) => k.startsWith("participation.plan.type."));
  assert.deepEqual(keys("en"), keys("de"));
  assert.ok(keys("de").length > 50);
});
