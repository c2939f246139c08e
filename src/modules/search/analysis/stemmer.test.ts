import { test } from "node:test";
import assert from "node:assert/strict";
import { stemGerman } from "./stemmer.js";

// Input → output pairs from the Snowball reference data (snowballstem/snowball-data, german/diffs.txt).
const SNOWBALL_PAIRS = `aalglatten aalglatt|aargauer aargau|aashöllen aasholl|abbildung abbild|abenddämmerung abenddammer|abenddunklen abenddunkl
abendländischem abendland|abendlichen abend|abendröte abendrot|abendschöppchen abendschoppch|abendstern abend|abenteuer abenteu
abenteuerlich abenteu|abenteuerspielplätzen abenteuerspielplatz|abenteurer abenteur|abermals abermal|abertausend abertaus
aberwitzigen aberwitz|abfällige abfall|abfällsel abfallsel|abfeuernd abfeuernd|abführung abfuhr|abge abg|abgeführt abgefuhrt
abgemessenheit abgemess|abgeordnetenversammlung abgeordnetenversamml|abgesprungen abgespr|abgezogenheit abgezog|abgöttisches abgott
abhängigkeit abhang|abhängig abhang|abnahme abnahm|abonnieren abonni|absonderliche absond|absonderungen absonder|abspenstig abspenst
abstimmungdie abstimmungdi|abteilungen abteil|abseits abseit|abschluß abschluss|abscheulichste abscheulich|abscheus abscheus
abläßt ablasst|absehlichen abseh|abenteuers abenteu|abendherren abendherr|abfallkorb abfallkorb|abgebürstet abgeburstet
abkühlung abkuhl|ablösung ablos|abgrundes abgrund|abgründen abgrund|abhandlung abhandl|abstrakten abstrakt|abstraktion abstraktion`
  .split(/[|\n]/)
  .map((p) => p.trim().split(" ") as [string, string]);

test("Snowball German: reference pairs", () => {
  assert.ok(SNOWBALL_PAIRS.length >= 50);
  for (const [input, expected] of SNOWBALL_PAIRS) assert.equal(stemGerman(input, "german"), expected, input);
});

test("inflected forms of administration words share a stem", () => {
  const same = [
    ["Führerschein", "Führerscheine", "Führerscheins"],
    ["Anmeldung", "Anmeldungen", "anmelden"],
    ["beantragen", "Beantragung", "beantrage"],
    ["Zulassung", "Zulassungen"],
  ];
  for (const group of same) {
    const stems = new Set(group.map((w) => stemGerman(w.toLowerCase())));
    assert.equal(stems.size, 1, `${group.join(", ")} → ${[...stems].join(", ")}`);
  }
});

test("german2: ae/oe/ue spellings meet the umlaut spelling; ue after q stays", () => {
  assert.equal(stemGerman("muehlacker"), stemGerman("mühlacker"));
  assert.equal(stemGerman("fuehrerschein"), stemGerman("führerschein"));
  assert.equal(stemGerman("quelle"), "quell");
  assert.equal(stemGerman("straße"), stemGerman("strasse"));
});
