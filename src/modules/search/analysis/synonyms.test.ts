import { test } from "node:test";
import assert from "node:assert/strict";
import { SynonymTable } from "./synonyms.js";
import { readSearchData } from "./resources.js";
import { tokenize } from "./fold.js";
import { stemKey } from "./analyzer.js";

const curated = () => new SynonymTable().loadCurated(readSearchData("synonyms.tsv"));
const expansions = (t: SynonymTable, q: string) => t.lookup(tokenize(q)).map((e) => e.expansion);

test("curated administration synonyms", () => {
  const t = curated();
  assert.ok(expansions(t, "perso").includes("personalausweis"));
  assert.ok(expansions(t, "Perso").includes("personalausweis"), "case");
  assert.ok(expansions(t, "lappen").includes("führerschein"));
  assert.ok(expansions(t, "Strafzettel").includes("verwarnungsgeld"));
  assert.ok(expansions(t, "knöllchen").includes("bußgelder"));
  assert.ok(expansions(t, "knoellchen").includes("bußgelder"), "umlaut typed as oe");
  assert.ok(expansions(t, "kfz").includes("kraftfahrzeug"));
  assert.ok(expansions(t, "pkw").includes("kraftfahrzeug"));
  assert.ok(expansions(t, "kita").includes("kindertageseinrichtung"));
  assert.ok(expansions(t, "außer betrieb setzen").some((e) => e.includes("abmeldung")), "phrase key");
  // Equivalence lines work both ways.
  assert.ok(expansions(t, "fahrerlaubnis").includes("führerschein"));
});

test("colloquial intents are intents and map to LeiKa activities", () => {
  const t = curated();
  for (const w of ["verloren", "geklaut", "gestohlen", "weg"]) {
    assert.ok(t.isIntent([w]), w);
    assert.ok(expansions(t, w).some((e) => /verlust|diebstahl|ersatz/.test(e)), w);
  }
  assert.ok(expansions(t, "beantragen").includes("erteilung"));
  assert.ok(expansions(t, "neu").includes("erteilung"));
  // anmelden/ummelden/abmelden already share the stem of Anmeldung/Ummeldung/Abmeldung.
  for (const [verb, noun] of [["anmelden", "anmeldung"], ["ummelden", "ummeldung"], ["abmelden", "abmeldung"]] as const) assert.equal(stemKey(verb), stemKey(noun));
  assert.ok(expansions(t, "ummelden").includes("änderung"));
  assert.ok(expansions(t, "anmelden").includes("zulassung"), "a car is 'angemeldet' = zugelassen");
  assert.equal(t.isIntent(["personalausweis"]), false);
  const intent = t.lookup(["verloren"])[0]!;
  const thing = t.lookup(["perso"])[0]!;
  assert.ok(intent.weight < thing.weight);
});

test("thesaurus: only expansions the index knows, catalogue words keep their own meaning", () => {
  const t = new SynonymTable().loadThesaurus("# header\nFührerschein;Fleppe (ugs.);Lappen (ugs.)\nWischlappen;Lappen;Putztuch\n", (term) => term === "fuhrerschein");
  assert.deepEqual(expansions(t, "fleppe"), ["Führerschein"]);
  assert.deepEqual(expansions(t, "lappen"), ["Führerschein"]);
  assert.deepEqual(expansions(t, "putztuch"), [], "a synset without catalogue words adds nothing");
  assert.deepEqual(expansions(t, "führerschein"), []);
  assert.equal(t.lookup(["lappen"])[0]!.source, "thesaurus");
});

test("editorial synonyms from the database", () => {
  const t = new SynonymTable();
  t.add("Ummeldung Auto", ["Kraftfahrzeug Ummeldung"], "editorial");
  assert.deepEqual(expansions(t, "ummeldung auto"), ["Kraftfahrzeug Ummeldung"]);
  assert.equal(t.lookup(["ummeldungen", "auto"]).length, 1, "stems");
});

test("the shipped thesaurus is filtered and keeps its LGPL header", () => {
  const text = readSearchData("openthesaurus-catalog.txt");
  assert.match(text, /GNU Lesser General Public/);
  assert.match(text, /FILTERED for Kreisportal/);
  const sets = text.split("\n").filter((l) => l && !l.startsWith("#"));
  assert.ok(sets.length > 100 && sets.length < 5000, `${sets.length} synsets`);
});

test("English terms for the English interface; @things ends the intent section", () => {
  const t = curated();
  assert.ok(expansions(t, "driving licence").includes("führerschein"));
  assert.equal(t.isIntent(["driving", "licence"]), false);
  assert.equal(t.lookup(["passport"])[0]?.weight, 0.9);
  assert.ok(t.isIntent(["lost"]));
  const local = new SynonymTable().loadCurated("@intent\nweg\tverlust\n@things\nperso\tpersonalausweis\n");
  assert.ok(local.isIntent(["weg"]));
  assert.equal(local.isIntent(["perso"]), false);
});
