import { test } from "node:test";
import assert from "node:assert/strict";
import { PlaceMatcher } from "./places.js";

const matcher = new PlaceMatcher([
  { ags: "08236040", ars: "082365004040", name: "Mühlacker" },
  { ags: "08231000", ars: "082310000000", name: "Pforzheim" },
  { ags: "08236046", ars: "082360046046", name: "Neuenbürg" },
  { ags: "08236044", ars: "082360044044", name: "Niefern-Öschelbronn" },
]);

test("a place in the query is found and stripped, with its preposition", () => {
  const r = matcher.detect("hund anmelden in Mühlacker");
  assert.equal(r.place?.ags, "08236040");
  assert.equal(r.rest, "hund anmelden");
  assert.equal(matcher.detect("perso verloren pforzheim").place?.name, "Pforzheim");
  assert.equal(matcher.detect("perso verloren pforzheim").rest, "perso verloren");
});

test("umlaut spellings and multi-word names", () => {
  assert.equal(matcher.detect("hund anmelden muehlacker").place?.ags, "08236040");
  assert.equal(matcher.detect("hund anmelden MUHLACKER").place?.ags, "08236040");
  assert.equal(matcher.detect("wohngeld niefern oeschelbronn").place?.ags, "08236044");
  assert.equal(matcher.detect("wohngeld niefern oeschelbronn").rest, "wohngeld");
});

test("no place, or only a place: the query stays as it is", () => {
  assert.deepEqual(matcher.detect("führerschein verloren"), { rest: "führerschein verloren" });
  assert.equal(matcher.detect("Pforzheim").place, undefined);
  assert.equal(matcher.detect("Pforzheim").rest, "Pforzheim");
});
