import { test } from "node:test";
import assert from "node:assert/strict";
import { Analyzer, joinNegation, joinSeparableVerbs, stemKey, type Vocabulary } from "./analyzer.js";
import { Decompounder } from "./decompound.js";
import { SynonymTable } from "./synonyms.js";
import { allowedEdits, boundedEditDistance } from "./levenshtein.js";

function vocabulary(words: string[]): Vocabulary {
  const keys = new Map(words.map((w) => [stemKey(w), w]));
  return {
    has: (t) => keys.has(t),
    termsOfLength: (n) => [...keys.keys()].filter((k) => k.length === n),
    surface: (t) => keys.get(t),
    termsWithPrefix: (p) => [...keys.keys()].filter((k) => k.startsWith(p)),
  };
}

const analyzer = () =>
  new Analyzer(
    new Decompounder().addWords(["hund", "steuer", "befreiung", "personal", "ausweis"]),
    new SynonymTable().loadCurated("perso\tpersonalausweis\n@intent\nverloren\tverlust; ersatz\n"),
  );

test("edit distance with a bound, adjacent swaps count once", () => {
  assert.equal(boundedEditDistance("fuhrerschein", "fuhrerschien", 2), 1);
  assert.equal(boundedEditDistance("wohngeld", "wohngld", 1), 1);
  assert.equal(boundedEditDistance("abc", "xyz", 1), 2, "gives up above the bound");
  assert.equal(allowedEdits(3), 0);
  assert.equal(allowedEdits(4), 1);
  assert.equal(allowedEdits(7), 1);
  assert.equal(allowedEdits(8), 2);
});

test("typo tolerance over the index vocabulary: 1 edit from 4 letters, 2 from 8", () => {
  const vocab = vocabulary(["personalausweis", "wohngeld", "hund"]);
  const a = analyzer();
  const q = a.analyzeQuery("persnalauswies", vocab);
  const typo = q.concepts[0]!.alternatives.find((x) => x.kind === "typo");
  assert.equal(typo?.terms[0], stemKey("personalausweis"));
  assert.equal(q.corrected, "personalausweis");
  assert.ok(a.analyzeQuery("wohngld", vocab).concepts[0]!.alternatives.some((x) => x.kind === "typo"));
  assert.equal(a.analyzeQuery("hnd", vocab).corrected, undefined, "short words are not corrected");
  assert.equal(a.analyzeQuery("wohngeld", vocab).corrected, undefined, "known words are not corrected");
});

test("query concepts: compound parts, synonyms, intents, stop words", () => {
  const vocab = vocabulary(["hundesteuer", "hund", "steuer", "befreiung", "personalausweis", "verlust", "ersatz"]);
  const q = analyzer().analyzeQuery("Die Hundesteuerbefreiung", vocab);
  assert.equal(q.concepts.length, 1, "stop word dropped");
  const parts = q.concepts[0]!.alternatives.find((x) => x.kind === "parts");
  assert.deepEqual(parts?.terms, ["hund", "steuer", "befreiung"].map(stemKey));
  const p = analyzer().analyzeQuery("perso verloren", vocab);
  assert.ok(p.concepts[0]!.alternatives.some((x) => x.kind === "synonym" && x.terms[0] === stemKey("personalausweis")));
  assert.ok(p.concepts[1]!.importance < p.concepts[0]!.importance, "intent counts less");
});

test("documents: every word's stem plus its compound parts as part keys", () => {
  const terms = analyzer().analyzeText("Hundesteuer Befreiung");
  assert.deepEqual(
    terms.filter((t) => !t.term.startsWith("~")).map((t) => t.term),
    [stemKey("hundesteuer"), stemKey("befreiung")],
  );
  assert.ok(terms.some((t) => t.term === "~hund"), "parts carry the part prefix (and score PART_WEIGHT of a word)");
});

test("prefix of the last word while typing", () => {
  const vocab = vocabulary(["führerschein", "fuhrpark"]);
  const q = analyzer().analyzeQuery("führersch", vocab, { prefixLast: true });
  assert.ok(q.concepts[0]!.alternatives.some((x) => x.terms[0] === stemKey("fuehrerschein")));
  assert.equal(q.corrected, undefined);
});

test("separable verbs: the particle at the end joins its verb when the index knows the word", () => {
  const vocab = vocabulary(["abmeldung", "anmeldung", "meldung", "auto"]);
  assert.deepEqual(joinSeparableVerbs(["wo", "melde", "ich", "mein", "auto", "ab"], vocab), ["wo", "abmelde", "ich", "mein", "auto"]);
  assert.deepEqual(joinSeparableVerbs(["wo", "melde", "ich", "mich", "an"], vocab), ["wo", "anmelde", "ich", "mich"]);
  // No joined word in the index: unchanged; a particle that is not last: unchanged.
  assert.deepEqual(joinSeparableVerbs(["wo", "parke", "ich", "ab"], vocab), ["wo", "parke", "ich", "ab"]);
  assert.deepEqual(joinSeparableVerbs(["ab", "wann", "melde", "ich"], vocab), ["ab", "wann", "melde", "ich"]);
  // The particle right after its verb, a prepositional phrase following: "zieht um in …" → "umziehen".
  const moving = vocabulary(["umziehen", "laden"]);
  assert.deepEqual(joinSeparableVerbs(["laden", "zieht", "um", "in", "andere", "strasse"], moving), ["laden", "umziehen", "in", "andere", "strasse"]);
  assert.deepEqual(joinSeparableVerbs(["laden", "zieht", "um", "andere"], moving), ["laden", "zieht", "um", "andere"], "no preposition after the particle: unchanged");
  assert.deepEqual(joinSeparableVerbs(["laden", "zieht", "um", "in"], vocabulary(["laden"]), (w) => w === "umziehen"), ["laden", "umziehen", "in"], "a synonym key counts");
  const q = analyzer().analyzeQuery("wo melde ich mein auto ab", vocab);
  assert.ok(q.concepts.some((c) => c.alternatives[0]!.terms[0] === stemKey("abmeldung")), "the query asks for abmelden, not melden");
});

test("a long unknown word one letter from a known one is a typo, even when its parts exist", () => {
  const a = new Analyzer(new Decompounder().addWords(["fuer", "erschein"]), new SynonymTable());
  const vocab = vocabulary(["führerschein", "fuer", "erscheinen"]);
  const q = a.analyzeQuery("fürerschein", vocab);
  const typo = q.concepts[0]!.alternatives.find((x) => x.kind === "typo");
  assert.equal(typo?.terms[0], stemKey("fuhrerschein"));
  assert.equal(q.corrected, "führerschein");
  const parts = q.concepts[0]!.alternatives.find((x) => x.kind === "parts");
  assert.ok(!parts || parts.weight < typo!.weight, "the correction outweighs the accidental split");
});

test("'nicht mehr' becomes one intent token; question words, English and Swabian fillers are no concepts", () => {
  assert.deepEqual(joinNegation(["ich", "will", "es", "nicht", "mehr", "fahren"]), ["ich", "will", "es", "nichtmehr", "fahren"]);
  assert.deepEqual(joinNegation(["nicht", "so", "viel", "geld"]), ["wenig", "geld"]);
  assert.deepEqual(joinNegation(["nicht", "genug", "geld"]), ["wenig", "geld"]);
  assert.deepEqual(joinNegation(["nicht", "gut", "laufen"]), ["nicht", "gut", "laufen"]);
  const vocab = vocabulary(["kraftfahrzeug", "abmeldung", "hund"]);
  const a = new Analyzer(new Decompounder(), new SynonymTable().loadCurated("auto\tkraftfahrzeug\n@intent\nnichtmehr\tabmeldung\n"));
  const q = a.analyzeQuery("mein auto ist alt. ich will es nicht mehr fahren.", vocab);
  assert.ok(q.concepts.some((c) => c.alternatives.some((alt) => alt.terms.includes(stemKey("abmeldung")))), "nicht mehr fahren asks for Abmeldung");
  const words = (s: string) => a.analyzeQuery(s, vocab).concepts.flatMap((c) => c.words);
  assert.deepEqual(words("welche papiere braucht mein hund"), ["papiere", "braucht", "hund"]);
  assert.deepEqual(words("where do i pay dog tax"), ["pay", "dog", "tax"]);
  assert.deepEqual(words("muss mei hund a steuermark han"), ["hund", "steuermark"]);
});

test("a joined compound also matches its coarsest split as whole index words", () => {
  const vocab = vocabulary(["baulastenverzeichnis", "auskunft"]);
  const a = new Analyzer(new Decompounder().addWords(["bau", "lasten", "verzeichnis", "baulastenverzeichnis", "auskunft"]), new SynonymTable());
  const alts = a.analyzeQuery("baulastenverzeichnisauskunft", vocab).concepts[0]!.alternatives;
  assert.ok(alts.some((x) => x.terms.join(" ") === [stemKey("baulastenverzeichnis"), stemKey("auskunft")].join(" ")), JSON.stringify(alts));
});

test("a misspelt synonym key finds the synonym's expansion; a compound typed apart also matches its words", () => {
  const vocab = vocabulary(["hilfe", "pflege", "hundesteuer", "hund", "steuer"]);
  const a = new Analyzer(new Decompounder().addWords(["hund", "steuer"]), new SynonymTable().loadCurated("pflegeheim\thilfe zur pflege\n"));
  const q = a.analyzeQuery("pflegheim", vocab);
  assert.ok(q.concepts[0]!.alternatives.some((x) => x.kind === "typo" && x.terms.join(" ") === ["hilfe", "pflege"].map(stemKey).join(" ")));
  const j = a.analyzeQuery("hunde steuer", vocab);
  assert.equal(j.concepts.length, 1);
  assert.ok(j.concepts[0]!.alternatives.some((x) => x.terms.length === 1 && x.terms[0] === stemKey("hundesteuer")));
  assert.ok(j.concepts[0]!.alternatives.some((x) => x.terms.join(" ") === ["hunde", "steuer"].map(stemKey).join(" ")));
});

test("a corrected word brings its own synonyms; a misspelt intent word stays an intent", () => {
  const base = vocabulary(["mietzuschuss", "wohngeld", "kindergeld", "beantragen", "ausstellung"]);
  // "Mietzuschuss" occurs only in running text (no surface form from a title or search term).
  const vocab: Vocabulary = { ...base, surface: (t) => (t === stemKey("mietzuschuss") ? undefined : base.surface(t)) };
  const a = new Analyzer(new Decompounder(), new SynonymTable().loadCurated("mietzuschuss\twohngeld\n@intent\nbeantragen\tausstellung\n"));
  const q = a.analyzeQuery("mietzuschus", vocab);
  assert.ok(q.concepts[0]!.alternatives.some((x) => x.kind === "typo" && x.terms[0] === stemKey("wohngeld")));
  const i = a.analyzeQuery("kindergeld beantragn", vocab);
  assert.ok(i.concepts[1]!.importance < i.concepts[0]!.importance);
});

test("a corrected word that the index has in a title brings no synonyms; one it lacks does", () => {
  const vocab = vocabulary(["führerschein", "fahrerlaubnis"]);
  const a = new Analyzer(new Decompounder(), new SynonymTable().loadCurated("fahrerlaubnis = führerschein\n"));
  const alts = a.analyzeQuery("fürerschein", vocab).concepts[0]!.alternatives.filter((x) => x.kind === "typo");
  assert.ok(alts.some((x) => x.terms[0] === stemKey("führerschein")));
  assert.ok(!alts.some((x) => x.terms[0] === stemKey("fahrerlaubnis")), "Führerschein is found as itself");
});
