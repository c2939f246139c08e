import { test } from "node:test";
import assert from "node:assert/strict";
import { monthGrid, parseMonth } from "./calendar.js";

test("a month grid starts on Monday, marks confirmed loan days and links the months around it", () => {
  // February 2027 starts on a Monday and has 28 days: exactly four weeks.
  const feb = monthGrid("2027-02", [{ from: "2027-01-30", to: "2027-02-02" }, { from: "2027-02-27", to: "2027-03-03" }]);
  assert.equal(feb.weeks.length, 4);
  assert.equal(feb.weeks[0]![0]!.date, "2027-02-01");
  assert.equal(feb.last, "2027-02-28");
  const taken = feb.weeks.flat().filter((d) => d?.taken).map((d) => d!.date);
  assert.deepEqual(taken, ["2027-02-01", "2027-02-02", "2027-02-27", "2027-02-28"]);
  assert.equal(feb.prev, "2027-01");
  assert.equal(feb.next, "2027-03");
  // December 2026 starts on a Tuesday: one empty cell first; 31 days end on a Thursday.
  const dec = monthGrid("2026-12", []);
  assert.equal(dec.weeks[0]![0], null);
  assert.equal(dec.weeks[0]![1]!.date, "2026-12-01");
  assert.equal(dec.weeks.at(-1)!.filter(Boolean).at(-1)!.date, "2026-12-31");
  assert.ok(dec.weeks.every((w) => w.length === 7));
  assert.equal(dec.next, "2027-01");
  assert.equal(monthGrid("2027-01", []).prev, "2026-12");
});

test("the month parameter: YYYY-MM within two years of today's month", () => {
  assert.equal(parseMonth("2027-03", "2026-12-06"), "2027-03");
  assert.equal(parseMonth("2028-12", "2026-12-06"), "2028-12");
  assert.equal(parseMonth("2029-01", "2026-12-06"), undefined);
  for (const bad of [undefined, "", "2027-13", "2027-1", "27-01", "2027-01-01"]) assert.equal(parseMonth(bad, "2026-12-06"), undefined, String(bad));
});
