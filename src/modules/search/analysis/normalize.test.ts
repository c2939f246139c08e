import { test } from "node:test";
import assert from "node:assert/strict";
import { fixTranspositions, joinSplitCompounds, normalizeDialect, splitGluedWords } from "./normalize.js";

const knownOf = (words: string[]) => {
  const set = new Set(words);
  return (w: string) => set.has(w);
};

test("Swabian verb forms become the standard word when that word is known", () => {
  const known = knownOf(["ummelden", "verlaengern", "gestorben", "hund"]);
  assert.deepEqual(normalizeDialect(["auto", "ummelda"], known), ["auto", "ummelden"]);
  assert.deepEqual(normalizeDialect(["grabstelle", "verlaengra"], known), ["grabstelle", "verlaengern"]);
  assert.deepEqual(normalizeDialect(["hund", "gstorba"], known), ["hund", "gestorben"]);
  assert.deepEqual(normalizeDialect(["oma", "gschtorba"], known), ["oma", "gestorben"], "Swabian scht for st");
  assert.deepEqual(normalizeDialect(["fenschter"], knownOf(["fenster"])), ["fenster"]);
  assert.deepEqual(normalizeDialect(["fenschter"], known), ["fenschter"], "no known standard form: unchanged");
  assert.deepEqual(normalizeDialect(["mir", "ummeldet"], known), ["mir", "ummelden"], "plural -et");
  assert.deepEqual(normalizeDialect(["langt", "net"], known), ["langt", "nicht"]);
  assert.deepEqual(normalizeDialect(["gwerbe", "aamelda"], knownOf(["anmelden"])), ["gwerbe", "anmelden"], "aa- for an-");
  assert.deepEqual(normalizeDialect(["pizza"], known), ["pizza"], "unknown standard form: unchanged");
  assert.deepEqual(normalizeDialect(["hund"], knownOf(["hunden"])), ["hund"], "known words stay");
});

test("split compounds join when the compound is known; verb phrases do not", () => {
  const known = knownOf(["grundsteuer", "reisepass", "kinderreisepass", "zweitwohnsitz", "zumachen", "busfahren"]);
  const isPhrase = (w: string[]) => w.length === 1 && w[0] === "zumachen";
  const j = joinSplitCompounds(["grund", "steuer"], known, isPhrase);
  assert.deepEqual(j.tokens, ["grundsteuer"]);
  assert.deepEqual(j.origins.get("grundsteuer"), ["grund", "steuer"]);
  assert.deepEqual(joinSplitCompounds(["kinder", "reise", "pass"], known, isPhrase).tokens, ["kinderreisepass"], "three parts, two steps");
  assert.deepEqual(joinSplitCompounds(["zweiten", "wohnsitz"], known, isPhrase).tokens, ["zweitwohnsitz"], "inflection of the first word dropped");
  assert.deepEqual(joinSplitCompounds(["geschaeft", "zu", "machen"], known, isPhrase).tokens, ["geschaeft", "zumachen"], "separated particle");
  assert.deepEqual(joinSplitCompounds(["bus", "fahren"], known, isPhrase).tokens, ["bus", "fahren"], "noun + infinitive is a verb phrase");
  assert.deepEqual(joinSplitCompounds(["mein", "auto"], known, isPhrase).tokens, ["mein", "auto"]);
});

test("an unknown word glued from two known words is split; known words and compounds stay", () => {
  const known = knownOf(["kfz", "ummeldung", "gewerbe", "anmeldung", "hundesteuer"]);
  const noSplit = () => false;
  assert.deepEqual(splitGluedWords(["kfzummeldung"], known, noSplit), ["kfz", "ummeldung"]);
  assert.deepEqual(splitGluedWords(["hundesteuer"], known, noSplit), ["hundesteuer"], "known word stays");
  assert.deepEqual(splitGluedWords(["gewerbeanmeldung"], known, () => true), ["gewerbeanmeldung"], "the decompounder splits it already");
  assert.deepEqual(splitGluedWords(["kfzxyzabcd"], known, noSplit), ["kfzxyzabcd"], "unknown rest: unchanged");
  assert.deepEqual(splitGluedWords(["kfzum"], known, noSplit), ["kfzum"], "short words unchanged");
});

test("an unknown word with two swapped neighbouring letters becomes the known word", () => {
  const known = knownOf(["gewerbeanmeldung", "anmeldung", "ehe"]);
  assert.deepEqual(fixTranspositions(["gewerbeanmeldnug"], known), ["gewerbeanmeldung"], "swapped ending (the stemmer cannot strip it)");
  assert.deepEqual(fixTranspositions(["namledung"], known), ["namledung"], "two swaps: unchanged");
  assert.deepEqual(fixTranspositions(["anmeldung"], known), ["anmeldung"], "known words stay");
  assert.deepEqual(fixTranspositions(["sterbe"], knownOf(["strebe"])), ["sterbe"], "short words unchanged");
  assert.deepEqual(fixTranspositions(["nameldung"], known), ["nameldung"], "a swap before the ending is left to the typo look-up");
  assert.deepEqual(fixTranspositions(["anmeldnug"], known, () => true), ["anmeldnug"], "a word the index has in some form stays");
});
