import { test } from "node:test";
import assert from "node:assert/strict";
import { type HouseMatch, type HouseRange, houseNumbersOf, inHouseRange, matchHouseSection, parseHouseNumber, parseHouseRange, parseWasteCsv } from "./wasteFormats.js";

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

test("a typed house number: digits with a letter or a sub-number, ranges of one building, anything else refused", () => {
  assert.equal(parseHouseNumber(""), undefined);
  assert.deepEqual(parseHouseNumber(" 12 "), { number: 12 });
  assert.deepEqual(parseHouseNumber("12a"), { number: 12, suffix: "a" });
  assert.deepEqual(parseHouseNumber("12 B"), { number: 12, suffix: "b" });
  assert.deepEqual(parseHouseNumber("Nr. 7"), { number: 7 });
  // Baden-Württemberg sub-numbers: number 12 with the suffix.
  assert.deepEqual(parseHouseNumber("12/1"), { number: 12, suffix: "/1" });
  assert.deepEqual(parseHouseNumber("12 / 3"), { number: 12, suffix: "/3" });
  assert.deepEqual(parseHouseNumber("12a/1"), { number: 12, suffix: "a/1" });
  // A building spanning numbers.
  assert.deepEqual(parseHouseNumber("12-14"), { number: 12, last: 14 });
  assert.deepEqual(parseHouseNumber("12 – 14"), { number: 12, last: 14 });
  assert.deepEqual(parseHouseNumber("Nr. 3-5"), { number: 3, last: 5 });
  for (const reversed of ["14-12", "12-12", "1-99"]) assert.equal(parseHouseNumber(reversed), "range", reversed);
  for (const bad of ["0", "a12", "12ab", "zwölf", "-3", "123456", "12/", "12/0", "/1", "12-", "12-14-16", "12/1-3"]) assert.equal(parseHouseNumber(bad), "invalid", bad);
});

test("the numbers a building stands on: one side of the street for a range of the same parity, every number otherwise", () => {
  assert.deepEqual(houseNumbersOf({ number: 12 }), [12]);
  assert.deepEqual(houseNumbersOf({ number: 12, suffix: "/1" }), [12]);
  assert.deepEqual(houseNumbersOf({ number: 12, last: 14 }), [12, 14]);
  assert.deepEqual(houseNumbersOf({ number: 11, last: 15 }), [11, 13, 15]);
  assert.deepEqual(houseNumbersOf({ number: 12, last: 13 }), [12, 13]);
});

test("matching a house number to a section of its street: odd/even, letters, boundaries, open ranges", () => {
  const goethe = [
    { id: "odd", houses: { from: 1, to: 99, parity: "odd" as const } },
    { id: "even", houses: { from: 2, to: 98, parity: "even" as const } },
  ];
  const id = (r: HouseMatch<{ id: string }>) => (r.kind === "match" ? r.section.id : r.kind);
  assert.equal(id(matchHouseSection(goethe, "12")), "even");
  assert.equal(id(matchHouseSection(goethe, "13")), "odd");
  assert.equal(id(matchHouseSection(goethe, "12a")), "even");
  assert.equal(id(matchHouseSection(goethe, "13 b")), "odd");
  assert.equal(id(matchHouseSection(goethe, "1")), "odd");
  assert.equal(id(matchHouseSection(goethe, "99")), "odd");
  assert.equal(id(matchHouseSection(goethe, "98")), "even");
  assert.equal(id(matchHouseSection(goethe, "100")), "none");
  assert.equal(id(matchHouseSection(goethe, "101")), "none");
  assert.equal(id(matchHouseSection(goethe, "x")), "invalid");
  assert.equal(id(matchHouseSection(goethe, "")), "invalid");

  // Sub-numbers keep their number's section; a range on one side of the street lands in that side's section.
  assert.equal(id(matchHouseSection(goethe, "12/1")), "even");
  assert.equal(id(matchHouseSection(goethe, "13/2")), "odd");
  assert.equal(id(matchHouseSection(goethe, "12-14")), "even");
  assert.equal(id(matchHouseSection(goethe, "95-99")), "odd");
  // A range across both sides (12 and 13) or past the section's end (98, 100) is no one section.
  assert.equal(id(matchHouseSection(goethe, "12-13")), "split");
  assert.equal(id(matchHouseSection(goethe, "98-100")), "none");
  assert.equal(id(matchHouseSection(goethe, "14-12")), "range");

  const open = [{ id: "low", houses: { to: 50 } }, { id: "high", houses: { from: 51 } }];
  assert.equal(id(matchHouseSection(open, "50")), "low");
  assert.equal(id(matchHouseSection(open, "51")), "high");
  assert.equal(id(matchHouseSection(open, "4000")), "high");
  assert.equal(id(matchHouseSection(open, "48-52")), "split", "50 in the lower, 52 in the upper section");
  assert.equal(id(matchHouseSection(open, "52-56")), "high");
  assert.equal(id(matchHouseSection<{ id: string; houses?: HouseRange }>([{ id: "whole" }], "12-14")), "whole", "a street without sections takes every building");

  // A section with numbers wins over the whole-street entry; the narrower of two overlapping sections wins.
  const mixed = [{ id: "whole" }, { id: "from51", houses: { from: 51 } }, { id: "51-99", houses: { from: 51, to: 99 } }];
  assert.equal(id(matchHouseSection(mixed, "60")), "51-99");
  assert.equal(id(matchHouseSection(mixed, "120")), "from51");
  assert.equal(id(matchHouseSection(mixed, "3")), "whole");
});
