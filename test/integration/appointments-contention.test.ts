/** Appointments under contention (issue 13): losers learn "taken" at once, exactly capacity wins, no lock waits. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import { buildTestApp } from "../helpers.js";
import { problemType } from "../../src/platform/http/problem.js";
import { systemContext } from "../../src/platform/commands.js";
import { bookingCreator, tryHold } from "../../src/modules/appointments/commands/bookingCreator.js";
import { slotState } from "../../src/modules/appointments/slotState.js";
import { decodeSlotId } from "../../src/modules/appointments/slotId.js";

const FS = "lra-08236-fuehrerschein";
const LICENCE = "99023001012000"; // 30 minutes, two counters
const MUE = "gem-08236040";
const ID_CARD = "99008001012000"; // 20 minutes, one counter

const TAKEN = problemType("taken");

type Slot = { slotId: string; start: string; end: string; location: string };

async function firstSlot(app: FastifyInstance, location: string, leikaKey: string): Promise<Slot> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${leikaKey}&location=${location}` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as Slot[])[0]!;
}
const book = (app: FastifyInstance, body: Record<string, string>) => app.inject({ method: "POST", url: "/api/v1/appointments", payload: body });

test("a loser learns 'taken' while the winner's transaction is still open, and the winner's transaction keeps its lock_timeout (issue 13)", async (t) => {
  const ta = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const slot = await firstSlot(ta.app, MUE, ID_CARD);
  const ref = decodeSlotId(ta.config.sessionSecret, slot.slotId)!;
  const state = await slotState(ta.db, ref);
  assert.ok(state.ok);
  const now = new Date();
  await ta.db.transaction().execute(async (tx) => {
    await sql`SET LOCAL lock_timeout = '7s'`.execute(tx);
    const held = await tryHold(tx, { counters: state.freeCounters, code: "WINNER01", slot: ref, state, name: "Wanda Winner", email: "winner@example.org", holdExpiresAt: new Date(now.getTime() + 600_000), confirmToken: "c", cancelToken: "x", userId: null, maxLive: 3, now });
    assert.ok(held.bookingId, held.outcome);
    // What the caller does after the hold in this transaction (audit, mail, a module's `within`) waits for locks as it set.
    const timeout = await sql<{ lock_timeout: string }>`SHOW lock_timeout`.execute(tx);
    assert.equal(timeout.rows[0]!.lock_timeout, "7s");
    // The winner has not committed: were the losers waiting on its locks, these calls would never return before the commit below.
    const loser = await bookingCreator(systemContext(ta.db), { slot: ref, name: "Lars Loser", email: "loser@example.org", config: ta.config });
    assert.deepEqual(loser, { ok: false, reason: "taken" });
    const viaApi = await book(ta.app, { slotId: slot.slotId, name: "Lena Loser", email: "lena@example.org" });
    assert.equal(viaApi.statusCode, 409, viaApi.body);
    assert.equal((viaApi.json() as { type: string }).type, TAKEN);
  });
  const rows = await ta.db.selectFrom("appt_bookings").select(["code", "status"]).where("location_key", "=", MUE).execute();
  assert.deepEqual(rows, [{ code: "WINNER01", status: "held" }]);
});

test("concurrent bookings on one slot: exactly capacity are booked (an expired hold on a counter is settled on the way), all others get 'taken' (issue 13)", async (t) => {
  const ta = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const slot = await firstSlot(ta.app, FS, LICENCE);
  const ref = decodeSlotId(ta.config.sessionSecret, slot.slotId)!;
  const state = await slotState(ta.db, ref);
  assert.ok(state.ok);
  const capacity = state.freeCounters.length;
  assert.ok(capacity >= 2, `the Führerscheinstelle has ${capacity} counters`);
  // A hold past its time still has the live status 'held' on one counter: free for slotState, a conflict for the insert.
  const past = new Date(Date.now() - 60_000);
  const stale = await ta.db.transaction().execute((tx) => tryHold(tx, { counters: [state.freeCounters[0]!], code: "STALE001", slot: ref, state, name: "Otto Stale", email: "stale@example.org", holdExpiresAt: past, confirmToken: "c", cancelToken: "x", userId: null, maxLive: null, now: new Date(past.getTime() - 600_000) }));
  assert.ok(stale.bookingId);

  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => book(ta.app, { slotId: slot.slotId, name: `Person Nummer${i}`, email: `c${i}@example.org` })));
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, capacity, `statuses ${[...new Set(codes)]}`);
  const losers = results.filter((r) => r.statusCode !== 201);
  assert.equal(losers.length, 60 - capacity);
  for (const r of losers) {
    assert.equal(r.statusCode, 409, r.body);
    assert.equal((r.json() as { type: string }).type, TAKEN);
  }
  const rows = await ta.db.selectFrom("appt_bookings").select(["code", "status", "counter_id"]).where("location_key", "=", FS).where("starts_at", "=", ref.start).execute();
  assert.equal(rows.find((r) => r.code === "STALE001")?.status, "expired");
  const live = rows.filter((r) => r.status === "held");
  assert.equal(live.length, capacity);
  assert.equal(new Set(live.map((r) => r.counter_id)).size, capacity, "one per counter");
});
