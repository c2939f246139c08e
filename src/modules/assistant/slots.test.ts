import assert from "node:assert/strict";
import { test } from "node:test";
import type { Hit } from "../search/index.js";
import { commonPrefix, variantsOf } from "./slots.js";

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
