import { test } from "node:test";
import assert from "node:assert/strict";
import { addWorkingDays, deadlineFrom, endOfBerlinDay, isWorkingDay, workingDaysBetween } from "./workingDays.js";

test("Easter 2027: Good Friday (26 March) and Easter Monday (29 March) are no working days", () => {
  assert.equal(isWorkingDay("2027-03-26"), false);
  assert.equal(isWorkingDay("2027-03-29"), false);
  // Thursday 25 March + 1 working day → Tuesday 30 March.
  assert.equal(addWorkingDays("2027-03-25", 1), "2027-03-30");
  // 10 working days from Monday 22 March: 23,24,25,30,31,1,2,5(Mon),6,7 April.
  assert.equal(addWorkingDays("2027-03-22", 10), "2027-04-07");
  assert.equal(workingDaysBetween("2027-03-22", "2027-04-07"), 10);
});

test("the spring DST change (last Sunday of March 2027, 28 March) shifts nothing", () => {
  // Requested Friday 26 March 2027 23:30 Berlin (CET) = 22:30 UTC: the Berlin date is the 26th.
  const at = new Date(Date.UTC(2027, 2, 26, 22, 30));
  assert.equal(deadlineFrom(at, 1), "2027-03-30");
});

test("the autumn DST change (last Sunday of October 2026, 25 October) shifts nothing", () => {
  // Friday 23 October 2026 23:30 Berlin (CEST) = 21:30 UTC; next working day is Monday 26 October.
  const at = new Date(Date.UTC(2026, 9, 23, 21, 30));
  assert.equal(deadlineFrom(at, 1), "2026-10-26");
  // A naive UTC date would say the 23rd too, but 00:30 Berlin on Saturday (22:30 UTC Friday) belongs to Saturday.
  assert.equal(deadlineFrom(new Date(Date.UTC(2026, 9, 23, 22, 30)), 1), "2026-10-26");
  // 20 working days from Friday 16 October 2026 (Allerheiligen, 1 November, is a Sunday).
  assert.equal(addWorkingDays("2026-10-16", 20), "2026-11-13");
  // The end of Sunday 25 October (25 hours long) is midnight CET = 23:00 UTC.
  assert.equal(endOfBerlinDay("2026-10-25").toISOString(), "2026-10-25T23:00:00.000Z");
  assert.equal(endOfBerlinDay("2026-10-24").toISOString(), "2026-10-24T22:00:00.000Z");
});

test("Christmas and New Year, Epiphany (BW) are skipped", () => {
  // Wednesday 23 December 2026 + 3 working days: 24 (Thu), 28 (Mon), 29 (Tue).
  assert.equal(addWorkingDays("2026-12-23", 3), "2026-12-29");
  // 5 January 2027 (Tue) + 1 → 7 January (6 January Heilige Drei Könige).
  assert.equal(addWorkingDays("2027-01-05", 1), "2027-01-07");
  assert.equal(addWorkingDays("2027-01-06", 0), "2027-01-07");
});
