import assert from "node:assert/strict";
import { test } from "node:test";
import { matchPlace, placeEntries } from "./places.js";

const served = [
  { ags: "08236040", name: "Mühlacker" },
  { ags: "08231000", name: "Pforzheim" },
  { ags: "08236070", name: "Keltern" },
  { ags: "08236046", name: "Niefern-Öschelbronn" },
  { ags: "08236006", name: "Bad Liebenzell" },
  { ags: "08236007", name: "Liebenzell" },
];

test("matchPlace: a district names its municipality, and the searched text loses it with its preposition", () => {
  const m = matchPlace("Ich wohne in Dürrmenz und will meinen Hund anmelden", served);
  assert.equal(m?.place.name, "Mühlacker");
  assert.equal(m?.via, "district");
  assert.equal(m?.query, "Ich wohne und will meinen Hund anmelden");
  assert.equal(matchPlace("Personalausweis, ich wohne in Brötzingen", served)?.place.name, "Pforzheim");
  assert.equal(matchPlace("Hundesteuer Ellmendingen", served)?.place.name, "Keltern");
});

test("matchPlace: umlauts typed three ways, a genitive, hyphenated names before their parts", () => {
  for (const s of ["in Muehlacker", "in Muhlacker", "in MÜHLACKER", "Mühlackers Bürgeramt"]) assert.equal(matchPlace(s, served)?.place.name, "Mühlacker", s);
  assert.equal(matchPlace("Sperrmüll Niefern-Öschelbronn", served)?.via, "name");
  assert.equal(matchPlace("wohne in Oeschelbronn", served)?.place.name, "Niefern-Öschelbronn");
  assert.equal(matchPlace("wohne in Bad Liebenzell", served)?.place.ags, "08236006");
});

test("matchPlace: of two places the home wins over the origin", () => {
  assert.equal(matchPlace("Bin aus Pforzheim nach Keltern gezogen", served)?.place.name, "Keltern");
  assert.equal(matchPlace("nach Keltern, vorher aus Pforzheim", served)?.place.name, "Keltern");
  assert.equal(matchPlace("ich komme aus Pforzheim", served)?.place.name, "Pforzheim");
});

test("matchPlace: no place inside other words, none for an unserved municipality's districts", () => {
  assert.equal(matchPlace("Pforzheimer Straße", served), undefined);
  assert.equal(matchPlace("hund anmelden", served), undefined);
  assert.equal(matchPlace("wohne in Schwann", served), undefined, "Straubenhardt is not served here");
  assert.ok(placeEntries(served).every((e, i, all) => i === 0 || all[i - 1]!.words.length >= e.words.length));
});
