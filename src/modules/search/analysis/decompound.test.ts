import { test } from "node:test";
import assert from "node:assert/strict";
import { foldText } from "./fold.js";
import { Decompounder } from "./decompound.js";
import { stemKey } from "./analyzer.js";
import { createDecompounder, readSearchData } from "./resources.js";

test("splits with the shipped dictionaries plus the catalogue's vocabulary", () => {
  const d = createDecompounder(["hundesteuer", "fuehrerschein", "befreiung", "umtausch"]);
  // "Hundesteuerbefreiung → hund steuer befreiung" (as index keys: the stems of the parts).
  assert.deepEqual(d.splitFinest("hundesteuerbefreiung").map(stemKey), ["hund", "steuer", "befreiung"].map(stemKey));
  assert.deepEqual(d.splitOnce("fuehrerscheinumtausch"), ["fuehrerschein", "umtausch"]);
  assert.ok(d.allParts("hundesteuerbefreiung").includes("hundesteuer"));
  assert.deepEqual(d.splitOnce(foldText("Führerscheinumtausch").replace(/ /g, "")), ["fuehrerschein", "umtausch"]);
  assert.deepEqual(d.splitOnce("personalausweis"), ["personal", "ausweis"]);
  assert.deepEqual(d.splitFinest("kindertageseinrichtung"), ["kinder", "tages", "einrichtung"]);
  // Not compounds.
  assert.equal(d.splitOnce("ausweis"), null);
  assert.equal(d.splitOnce("persoenlich"), null);
  assert.equal(d.splitOnce("wohngeld")?.join("|"), "wohn|geld");
});

test("linking letters and the fewest-parts rule", () => {
  const d = new Decompounder().addWords(["hund", "steuer", "hundesteuer", "amt", "ordnung", "ordnungsamt"]);
  assert.deepEqual(d.splitOnce("hundesteueramt"), ["hundesteuer", "amt"]);
  assert.deepEqual(d.splitOnce("ordnungsamt"), ["ordnung", "amt"]);
  assert.deepEqual(d.splitFinest("hundesteueramt"), ["hund", "steuer", "amt"]);
  assert.equal(d.splitOnce("hund"), null);
});

/** Boundary-level precision and recall against the jwordsplitter gold splits (linking letters tolerated). */
function evaluateGold(d: Decompounder) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  let n = 0;
  const bounds = (parts: string[]) => {
    const out: number[] = [];
    let at = 0;
    for (const p of parts.slice(0, -1)) out.push((at += p.length));
    return out;
  };
  for (const raw of readSearchData("compound-gold.txt").split(/\r?\n/)) {
    if (!raw.trim() || raw.startsWith("#")) continue;
    const gold = raw.split(",").map((p) => foldText(p).replace(/ /g, "")).filter(Boolean);
    const word = gold.join("");
    if (!/^[a-z]+$/.test(word)) continue;
    n++;
    const pred = d.splitOnce(word) ?? [word];
    const g = bounds(gold);
    const p = bounds(pred);
    // Gold keeps linking letters on the first part ("Bomben, arten"), we drop them: allow up to 3.
    const near = (a: number, b: number) => a >= b && a - b <= 3;
    for (const b of p) (g.some((x) => near(x, b)) ? tp++ : fp++);
    for (const b of g) if (!p.some((x) => near(b, x))) fn++;
    if (g.length === p.length && g.every((x) => p.some((y) => near(x, y)))) exact++;
  }
  return { words: n, precision: tp / (tp + fp), recall: tp / (tp + fn), accuracy: exact / n };
}

test("gold splits (jwordsplitter test-de-large): precision and recall", (t) => {
  const m = evaluateGold(createDecompounder());
  t.diagnostic(`decompounding gold: ${JSON.stringify({ words: m.words, precision: +m.precision.toFixed(3), recall: +m.recall.toFixed(3), accuracy: +m.accuracy.toFixed(3) })}`);
  assert.ok(m.words > 4500);
  assert.ok(m.precision >= 0.95, `precision ${m.precision}`);
  assert.ok(m.recall >= 0.95, `recall ${m.recall}`);
});
