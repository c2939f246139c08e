import { test } from "node:test";
import assert from "node:assert/strict";
import { berlinDate, berlinTime, berlinToUtc, bwHoliday, bwHolidays, isoWeekday } from "./time.js";

test("Baden-Württemberg holidays 2026 include the Easter-based ones and Fronleichnam", () => {
  const h = bwHolidays(2026);
  assert.equal(h.size, 12);
  assert.equal(bwHoliday("2026-04-03"), "Karfreitag");
  assert.equal(bwHoliday("2026-04-06"), "Ostermontag");
  assert.equal(bwHoliday("2026-05-14"), "Christi Himmelfahrt");
  assert.equal(bwHoliday("2026-05-25"), "Pfingstmontag");
  assert.equal(bwHoliday("2026-06-04"), "Fronleichnam");
  assert.equal(bwHoliday("2026-01-06"), "Heilige Drei Könige");
  assert.equal(bwHoliday("2026-11-01"), "Allerheiligen");
  assert.equal(bwHoliday("2026-08-15"), undefined, "Mariä Himmelfahrt is not a holiday in BW");
  assert.equal(bwHoliday("2026-10-31"), undefined, "Reformationstag is not a holiday in BW");
  // Easter moves: Karfreitag 2024, 2025, 2027; and the one-off nationwide Reformationstag 2017.
  assert.deepEqual(["2024-03-29", "2025-04-18", "2027-03-26"].map(bwHoliday), ["Karfreitag", "Karfreitag", "Karfreitag"]);
  assert.equal(bwHoliday("2017-10-31"), "Reformationstag");
});

test("Berlin wall time to UTC across DST changes", () => {
  // Winter (CET, UTC+1), summer (CEST, UTC+2); the changes on 2026-03-29 and 2026-10-25.
  assert.equal(berlinToUtc("2026-03-27", 9 * 60).toISOString(), "2026-03-27T08:00:00.000Z");
  assert.equal(berlinToUtc("2026-03-30", 9 * 60).toISOString(), "2026-03-30T07:00:00.000Z");
  assert.equal(berlinToUtc("2026-03-29", 9 * 60).toISOString(), "2026-03-29T07:00:00.000Z");
  assert.equal(berlinToUtc("2026-10-25", 9 * 60).toISOString(), "2026-10-25T08:00:00.000Z");
  assert.equal(berlinToUtc("2026-10-24", 9 * 60).toISOString(), "2026-10-24T07:00:00.000Z");
  assert.equal(berlinToUtc("2026-10-26", 0).toISOString(), "2026-10-25T23:00:00.000Z");
  assert.equal(berlinTime(new Date("2026-10-26T07:00:00Z")), "08:00");
  assert.equal(berlinDate(new Date("2026-10-25T23:30:00Z")), "2026-10-26");
  assert.equal(isoWeekday("2026-11-23"), 1);
  assert.equal(isoWeekday("2026-11-29"), 7);
});

test("every quarter hour of the DST days and a normal day round-trips", () => {
  for (const day of ["2026-03-29", "2026-10-25", "2026-07-01", "2026-12-31"]) {
    for (let m = 3 * 60; m < 24 * 60; m += 15) {
      const utc = berlinToUtc(day, m);
      assert.equal(berlinDate(utc), day);
      assert.equal(berlinTime(utc), `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
    }
  }
});
