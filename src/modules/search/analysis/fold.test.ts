import { test } from "node:test";
import assert from "node:assert/strict";
import { foldText, matchKey, tokenize } from "./fold.js";
import { restoreUmlauts, stemKey } from "./analyzer.js";

test("folding: lower case, umlauts to ae/oe/ue, ß to ss, accents and punctuation removed", () => {
  assert.equal(foldText("Mühlacker"), "muehlacker");
  assert.equal(foldText("MÜHLACKER"), "muehlacker");
  assert.equal(foldText("Bußgeld"), "bussgeld");
  assert.equal(foldText("Kfz-Zulassung!"), "kfz zulassung");
  assert.equal(foldText("Café  Crème"), "cafe creme");
  assert.equal(foldText("Ölbronn-Dürrn"), "oelbronn duerrn");
  assert.equal(foldText("<script>alert(1)</script>"), "script alert 1 script");
  assert.equal(foldText("🐶"), "");
});

test("tokenize splits on everything but letters and digits", () => {
  assert.deepEqual(tokenize("Perso verloren – Pforzheim?"), ["perso", "verloren", "pforzheim"]);
  assert.deepEqual(tokenize("   "), []);
});

test("Mühlacker = Muehlacker = Muhlacker, both ways", () => {
  const keys = ["Mühlacker", "Muehlacker", "Muhlacker", "MÜHLACKER"].map((w) => stemKey(foldText(w)));
  assert.equal(new Set(keys).size, 1);
  assert.equal(matchKey("muehlacker"), "muhlacker");
  assert.equal(stemKey(foldText("Führerschein")), stemKey(foldText("fuehrerschein")));
  assert.equal(stemKey(foldText("Bußgeld")), stemKey(foldText("Bussgeld")));
});

test("umlauts are restored for stemming, but not in eu/au/qu", () => {
  assert.equal(restoreUmlauts("persoenlich"), "persönlich");
  assert.equal(restoreUmlauts("steuer"), "steuer");
  assert.equal(restoreUmlauts("bauer"), "bauer");
  assert.equal(restoreUmlauts("quelle"), "quelle");
  assert.equal(stemKey("persoenliche"), stemKey(foldText("persönliche")));
  assert.equal(stemKey("steuern"), stemKey("steuer"));
});
