import { test } from "node:test";
import assert from "node:assert/strict";
import { createMessages, negotiateLocale } from "./index.js";
import { formatDay, formatEuro, sortGerman } from "./format.js";
import { buildRegistry } from "../modules.js";
import { appModules } from "../../app.js";

// The catalogues of every module of the portal's modules list.
const messages = buildRegistry(appModules).messages;
const catalogueKeys = messages.keys;
const translator = messages.translator;

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

test("a key declared twice with different texts is refused", () => {
  assert.throws(() => createMessages([{ de: { "x.y": "A" }, en: { "x.y": "A" } }, { de: { "x.y": "B" }, en: { "x.y": "B" } }]), /duplicate message key x.y/);
});

test("locale negotiation prefers the explicit choice", () => {
  assert.equal(negotiateLocale("en", "de-DE"), "en");
  assert.equal(negotiateLocale(undefined, "en-GB,en;q=0.9"), "en");
  assert.equal(negotiateLocale(undefined, "fr"), "de");
  assert.equal(negotiateLocale("xx", undefined), "de");
});

test("amounts and days: euro in German and English, a day in Berlin's calendar", () => {
  assert.equal(formatEuro(123450), "1.234,50 €");
  assert.equal(formatEuro(5, "en"), "0.05 €");
  assert.equal(formatDay("2026-02-01"), "01.02.2026");
  // 23:30 UTC on New Year's Eve is already the 1st of January in Berlin.
  assert.equal(formatDay(new Date("2026-12-31T23:30:00Z")), "01.01.2027");
});

test("German order: umlauts sort with their base letter, not after z", () => {
  assert.deepEqual(sortGerman(["Knittlingen", "Kämpfelbach", "Keltern", "Ötisheim", "Oberderdingen"], (s) => s), ["Kämpfelbach", "Keltern", "Knittlingen", "Oberderdingen", "Ötisheim"]);
});
