import { test } from "node:test";
import assert from "node:assert/strict";
import { deriveParts, parseLegalBasis } from "./leika.js";
import { parseCsv, toCsv } from "../../platform/csv.js";

test("parseLegalBasis splits references and upgrades gesetze-im-internet links to https", () => {
  assert.deepEqual(parseLegalBasis("§ 2249 Bürgerliches Gesetzbuch (BGB) [http://www.gesetze-im-internet.de/bgb/__2249.html], § 2250 BGB [http://www.gesetze-im-internet.de/bgb/__2250.html]"), [
    { title: "§ 2249 Bürgerliches Gesetzbuch (BGB)", url: "https://www.gesetze-im-internet.de/bgb/__2249.html" },
    { title: "§ 2250 BGB", url: "https://www.gesetze-im-internet.de/bgb/__2250.html" },
  ]);
  assert.deepEqual(parseLegalBasis("Landesrecht ohne Link"), [{ title: "Landesrecht ohne Link" }]);
  assert.deepEqual(parseLegalBasis("  "), []);
  assert.deepEqual(parseLegalBasis("Äquivalenzabkommen [http://www.kmk.org/zab/]"), [{ title: "Äquivalenzabkommen", url: "http://www.kmk.org/zab/" }]);
});

test("deriveParts takes object and activity from the key structure and the parents' names", () => {
  const names = new Map([
    ["99012001000000", "Abbruchgenehmigung"],
    ["99012001001000", "Abbruchgenehmigung Erteilung"],
    ["99023001051000", "Führerschein Umtausch"],
    ["99023001051001", "Führerschein Umtausch Karte aus Papierführerschein"],
  ]);
  const nameOf = (k: string) => names.get(k);
  assert.deepEqual(deriveParts("99012001000000", "Abbruchgenehmigung", nameOf), { serviceObject: "Abbruchgenehmigung", activity: null, activityDetail: null });
  assert.deepEqual(deriveParts("99012001001000", "Abbruchgenehmigung Erteilung", nameOf), { serviceObject: "Abbruchgenehmigung", activity: "Erteilung", activityDetail: null });
  // No object row: nothing is guessed.
  assert.deepEqual(deriveParts("99023001051001", "Führerschein Umtausch Karte aus Papierführerschein", nameOf), { serviceObject: null, activity: null, activityDetail: null });
  names.set("99023001000000", "Führerschein");
  assert.deepEqual(deriveParts("99023001051001", "Führerschein Umtausch Karte aus Papierführerschein", nameOf), { serviceObject: "Führerschein", activity: "Umtausch", activityDetail: "Karte aus Papierführerschein" });
  // Names that do not nest give no activity.
  assert.equal(deriveParts("99012001001000", "Genehmigung zum Abriss", nameOf).activity, null);
});

test("CSV round trip keeps commas, quotes and newlines", () => {
  const rows = [["a,b", 'say "hi"', "line\nbreak", ""]];
  assert.deepEqual(parseCsv(toCsv(["w", "x", "y", "z"], rows)).slice(1), rows);
});
