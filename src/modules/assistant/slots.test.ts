import assert from "node:assert/strict";
import { test } from "node:test";
import type { Hit } from "../search/index.js";
import { commonPrefix, generalOfUnnamedVariant, serviceFirst, variantsOf } from "./slots.js";

const hit = (leikaKey: string, title: string, score: number, type = "service") => ({ doc: { type, leikaKey, title, url: `/leistungen/${leikaKey}` }, score, idx: 0 }) as unknown as Hit;

test("commonPrefix: the shared leading words of the titles, never a whole title", () => {
  assert.equal(commonPrefix(["Führerschein Ersatz wegen Verlust", "Führerschein Umtausch"]), "Führerschein");
  assert.equal(commonPrefix(["Kraftfahrzeug Zulassung erstmalig", "Kraftfahrzeug Zulassung bei Halterwechsel"]), "Kraftfahrzeug Zulassung");
  assert.equal(commonPrefix(["Wohngeld", "Wohngeld Bewilligung erneut"]), "");
  assert.equal(commonPrefix(["Hundesteuer", "Elterngeld"]), "");
});

test("variantsOf: services of the same LeiKa object with another activity scoring almost as well", () => {
  const lost = hit("99023001036003", "Führerschein Ersatz wegen Verlust", 10);
  const exchange = hit("99023001051000", "Führerschein Umtausch", 9.95);
  const general = hit("99023001036000", "Führerschein Ersatz", 9.99);
  const dog = hit("99110009104000", "Hundehaltung Anmeldung", 9.97);
  // Same activity (Ersatz) is no question; another object (dog) neither; Umtausch is.
  assert.deepEqual(variantsOf([lost, general, dog, exchange])?.map((h) => h.doc.leikaKey), ["99023001036003", "99023001051000"]);
  // Far behind: no question, the best is answered.
  assert.equal(variantsOf([lost, hit("99023001051000", "Führerschein Umtausch", 7)]), undefined);
  assert.equal(variantsOf([lost]), undefined);
  assert.equal(variantsOf([hit("", "Seite", 10, "page"), exchange]), undefined);
});

test("variantsOf: the object's general entry (activity 000) is never a variant, nor asked about", () => {
  const general = hit("99107023000000", "Wohngeld", 10);
  const first = hit("99107023017001", "Wohngeld Bewilligung erstmalig", 9.9);
  assert.equal(variantsOf([general, first]), undefined);
  assert.equal(variantsOf([first, general]), undefined);
});

test("generalOfUnnamedVariant: a narrow variant the person did not name gives way to the activity's general entry", () => {
  const lost = hit("99036009036003", "Kraftfahrzeugkennzeichen Ersatz wegen Verlust", 10.55);
  const unreadable = hit("99036009036002", "Kraftfahrzeugkennzeichen Ersatz wegen Unleserlichkeit", 8.38);
  const general = hit("99036009036000", "Kraftfahrzeugkennzeichen Ersatz", 6.44);
  // Nothing of "Verlust" said, a sibling close: the general entry.
  assert.equal(generalOfUnnamedVariant([lost, unreadable, general], "nummernschild isch verboga, brauch a neis"), "99036009036000");
  // "verloren" names "Verlust" (first four letters): the variant stands.
  assert.equal(generalOfUnnamedVariant([lost, unreadable, general], "kennzeichen verloren"), undefined);
  // No sibling close enough (< 0.75 of the best): the variant stands.
  assert.equal(generalOfUnnamedVariant([lost, hit("99036009036002", "Kraftfahrzeugkennzeichen Ersatz wegen Unleserlichkeit", 7), general], "nummernschild neu"), undefined);
  // The best is already a general entry, or another object's entry is second: nothing to do.
  assert.equal(generalOfUnnamedVariant([general, lost], "nummernschild"), undefined);
  assert.equal(generalOfUnnamedVariant([lost, hit("99110009104000", "Hundehaltung Anmeldung", 10)], "nummernschild"), undefined);
  // Without the general entry among the hits the shared words of the two variants are the general title.
  assert.equal(generalOfUnnamedVariant([hit("99129025005001", "Erdaufschluss Erlaubnis für Brunnen", 9.67), hit("99129025005002", "Erdaufschluss Erlaubnis zur Erdwärmenutzung", 7.58)], "erd wärme sonde bohren erlaubnis"), "99129025005000");
});

test("serviceFirst: a page just ahead of a service gives way to it, not one far ahead", () => {
  const page = hit("", "Beratung zur Pflege: Pflegestützpunkte", 3.39, "item");
  const care = hit("99106011000000", "Pflegegeld für selbst beschaffte Pflegehilfen", 3.28);
  assert.deepEqual(serviceFirst([page, care]).map((h) => h.doc.title), [care.doc.title, page.doc.title]);
  assert.deepEqual(serviceFirst([hit("", "Seite", 5, "page"), care]).map((h) => h.doc.type), ["page", "service"]);
  assert.deepEqual(serviceFirst([care, page]), [care, page]);
});

test("generalOfUnnamedVariant: the sibling variant the person named (by the search's analysis) wins over a variant they did not name", () => {
  const lost = hit("99036009036003", "Kraftfahrzeugkennzeichen Ersatz wegen Verlust", 10.18);
  const stolen = hit("99036009036001", "Kraftfahrzeugkennzeichen Ersatz wegen Diebstahl", 8.35);
  const general = hit("99036009036000", "Kraftfahrzeugkennzeichen Ersatz", 7.99);
  // The analysis of "kennzeichen geklaut" names "diebstahl" (synonym), not "verlust".
  const named = (w: string) => ["diebstahl", "kennzeichen", "ersatz"].includes(w.toLowerCase());
  assert.equal(generalOfUnnamedVariant([lost, stolen, general], "kennzeichen geklaut", undefined, named), "99036009036001");
  // Not when the named sibling is far behind: the best was found for other words and stands.
  assert.equal(generalOfUnnamedVariant([lost, hit("99036009036001", "Kraftfahrzeugkennzeichen Ersatz wegen Diebstahl", 2), general], "kennzeichen geklaut", undefined, named), undefined);
  // Without the analysis (or when it names nothing narrow) the rule is as before: the general entry.
  assert.equal(generalOfUnnamedVariant([lost, stolen, general], "kennzeichen geklaut"), "99036009036000");
  assert.equal(generalOfUnnamedVariant([lost, stolen, general], "kennzeichen geklaut", undefined, () => false), "99036009036000");
  // What the best variant names itself still stands, analysis or not.
  assert.equal(generalOfUnnamedVariant([lost, stolen, general], "kennzeichen verloren", undefined, named), undefined);
});
