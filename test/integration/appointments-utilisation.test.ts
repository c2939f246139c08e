/**
 * Issue 22 (staff report): a location's opening minutes leave out Baden-Württemberg's public holidays and
 * closures (of the whole location or of one counter), so the utilisation is booked minutes against the time
 * the office really was open. Expected values are computed here from the counters' hours, independently.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { locationUtilisation } from "../../src/modules/appointments/index.js";

const FS = "lra-08236-fuehrerschein";
const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const overlap = (a: [number, number], b: [number, number]) => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));

test("issue 22: utilisation – opening minutes without public holidays and minus closures of the location or one counter", async (t) => {
  const { db } = await buildTestApp(t);
  const hours = await db
    .selectFrom("appt_hours as h")
    .innerJoin("appt_counters as c", "c.id", "h.counter_id")
    .select(["c.id as counter", "h.weekday", "h.opens", "h.closes"])
    .where("c.location_key", "=", FS)
    .where("c.active", "=", true)
    .execute();
  assert.ok(hours.length > 0);
  const minutesOn = (weekday: number, closure?: { from: string; to: string; counter?: string }) =>
    hours
      .filter((h) => h.weekday === weekday)
      .reduce((sum, h) => {
        const open: [number, number] = [toMin(String(h.opens)), toMin(String(h.closes))];
        const cut = closure && (!closure.counter || closure.counter === h.counter) ? overlap(open, [toMin(closure.from), toMin(closure.to)]) : 0;
        return sum + open[1] - open[0] - cut;
      }, 0);
  const week = [1, 2, 3, 4, 5, 6, 7].reduce((s, wd) => s + minutesOn(wd), 0);
  const open = async (from: string, to: string) => (await locationUtilisation(db, { from, to })).find((r) => r.location === FS)!.openMinutes;

  // 14–20 December 2026: no holiday. 21–27 December: Christmas Day (Friday) and Boxing Day (Saturday) are closed.
  assert.equal(await open("2026-12-14", "2026-12-20"), week);
  assert.equal(await open("2026-12-21", "2026-12-27"), week - minutesOn(5) - minutesOn(6));

  // A closure of the whole location on Tuesday 15 December, 10–12 h (Berlin), and one of the first counter on Wednesday 9–11 h.
  const first = hours[0]!.counter;
  await db
    .insertInto("appt_closures")
    .values([
      { location_key: FS, counter_id: null, starts_at: new Date("2026-12-15T10:00:00+01:00"), ends_at: new Date("2026-12-15T12:00:00+01:00"), reason: "Betriebsversammlung", created_by: null },
      { location_key: FS, counter_id: first, starts_at: new Date("2026-12-16T09:00:00+01:00"), ends_at: new Date("2026-12-16T11:00:00+01:00"), reason: "Schulung", created_by: null },
    ])
    .execute();
  const expected = week - minutesOn(2) + minutesOn(2, { from: "10:00", to: "12:00" }) - minutesOn(3) + minutesOn(3, { from: "09:00", to: "11:00", counter: first });
  assert.ok(expected < week, "the closures fall into opening hours");
  assert.equal(await open("2026-12-14", "2026-12-20"), expected);
});
