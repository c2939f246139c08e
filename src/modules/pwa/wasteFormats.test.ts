import { test } from "node:test";
import assert from "node:assert/strict";
import { inHouseRange, parseHouseRange, parseWasteCsv } from "./wasteFormats.js";

test("house-number sections: the usual ways calendars write them, and what is refused", () => {
  assert.equal(parseHouseRange(""), undefined);
  assert.deepEqual(parseHouseRange("1-49"), { from: 1, to: 49 });
  assert.deepEqual(parseHouseRange("Nr. 2 – 48 gerade"), { from: 2, to: 48, parity: "even" });
  assert.deepEqual(parseHouseRange("1–49 (ungerade)"), { from: 1, to: 49, parity: "odd" });
  assert.deepEqual(parseHouseRange("ab 51"), { from: 51 });
  assert.deepEqual(parseHouseRange("bis 50, ungerade"), { to: 50, parity: "odd" });
  assert.deepEqual(parseHouseRange("gerade"), { parity: "even" });
  for (const bad of ["49-1", "0-10", "a-b", "1-49 links", "ab"]) assert.equal(parseHouseRange(bad), "invalid", bad);
});

test("a house number in a section: ends inclusive, open ends, odd/even sides", () => {
  assert.equal(inHouseRange(7, undefined), true);
  assert.equal(inHouseRange(1, { from: 1, to: 49 }), true);
  assert.equal(inHouseRange(49, { from: 1, to: 49 }), true);
  assert.equal(inHouseRange(50, { from: 1, to: 49 }), false);
  assert.equal(inHouseRange(51, { from: 51 }), true);
  assert.equal(inHouseRange(7, { parity: "even" }), false);
  assert.equal(inHouseRange(8, { to: 10, parity: "even" }), true);
});

test("CSV with a Hausnummern column: sections per row, a blank cell is the whole street, an unreadable one an error with its line", () => {
  const csv = "Straße;Hausnummern;Datum;Abfallart\nGoethestraße;1-99 ungerade;05.01.2027;Restmüll\nGoethestraße;2-98 gerade;06.01.2027;Restmüll\nBahnhofstraße;;05.01.2027;Biomüll\nKirchweg;links;05.01.2027;Papier\n";
  const { entries, errors } = parseWasteCsv(csv);
  assert.deepEqual(entries, [
    { street: "Goethestraße", day: "2027-01-05", fraction: "rest", houses: { from: 1, to: 99, parity: "odd" } },
    { street: "Goethestraße", day: "2027-01-06", fraction: "rest", houses: { from: 2, to: 98, parity: "even" } },
    { street: "Bahnhofstraße", day: "2027-01-05", fraction: "bio" },
  ]);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /Zeile 5: Hausnummern/);
});
