import { test } from "node:test";
import assert from "node:assert/strict";
import { catalogueKeys, negotiateLocale, translator } from "./index.js";
// Importing the app registers every module's catalogue.
import "../../app.js";

test("every message exists in German and English", () => {
  const de = new Set(catalogueKeys("de"));
  const en = new Set(catalogueKeys("en"));
  assert.ok(de.size > 50);
  assert.deepEqual([...de].filter((k) => !en.has(k)), [], "keys missing in English");
  assert.deepEqual([...en].filter((k) => !de.has(k)), [], "keys missing in German");
});

test("placeholders are filled and unknown keys are visible", () => {
  const t = translator("de");
  assert.equal(t("validation.maxLength", { n: 5 }), "Bitte geben Sie höchstens 5 Zeichen ein.");
  assert.equal(t("does.not.exist"), "does.not.exist");
});

test("locale negotiation prefers the explicit choice", () => {
  assert.equal(negotiateLocale("en", "de-DE"), "en");
  assert.equal(negotiateLocale(undefined, "en-GB,en;q=0.9"), "en");
  assert.equal(negotiateLocale(undefined, "fr"), "de");
  assert.equal(negotiateLocale("xx", undefined), "de");
});
