import assert from "node:assert/strict";
import { test } from "node:test";
import { parseWeeklyHours, withinWeeklyHours } from "./weeklyHours.js";
import { berlinToUtc } from "./berlin.js";

test("weekly hours: Mo-Fr 08:00-16:00 in Berlin time, public holidays off unless Ft is listed", () => {
  const h = parseWeeklyHours("Mo-Fr 08:00-16:00");
  assert.deepEqual(h, [{ days: [1, 2, 3, 4, 5], from: 480, to: 960 }]);
  // Monday 2026-12-07 (winter, UTC+1) and Monday 2026-07-06 (summer, UTC+2).
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-07", 8 * 60)), true);
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-07", 7 * 60 + 59)), false);
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-07", 16 * 60)), false);
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-07-06", 15 * 60 + 59)), true);
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-12", 10 * 60)), false, "Saturday");
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-25", 10 * 60)), false, "Christmas Day is a Friday");
  assert.equal(withinWeeklyHours(parseWeeklyHours("Mo-So,Ft 00:00-24:00"), berlinToUtc("2026-12-25", 10 * 60)), true);
});

test("weekly hours: several windows, English day names, 'aus', and errors", () => {
  const h = parseWeeklyHours("Mo-Th 08:00-16:00; Fr 08:00-12:00");
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-11", 12 * 60)), false);
  assert.equal(withinWeeklyHours(h, berlinToUtc("2026-12-10", 12 * 60)), true);
  assert.deepEqual(parseWeeklyHours("aus"), []);
  assert.deepEqual(parseWeeklyHours(""), []);
  assert.throws(() => parseWeeklyHours("Mo-Fr 8 bis 16"), /keine Zeitangabe/);
  assert.throws(() => parseWeeklyHours("Mo-Xx 08:00-16:00"), /kein Wochentag/);
  assert.throws(() => parseWeeklyHours("Mo 16:00-08:00"), /keine Uhrzeitspanne/);
});
