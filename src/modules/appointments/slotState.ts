/**
 * The state of one slot for a booking attempt, in one query (issue 13, ADR 0058): the location's hold
 * time, the chosen services, and per active counter whether the slot lies on its grid (opening hours,
 * slot grid, no closure) and whether it is free (no live booking overlaps). Optionally the per-address
 * counter is hit in the same statement, but only when the slot is not surely taken (a loser of a rush
 * keeps its budget). Holidays, lead time and horizon are checked here in code, as in `computeSlots`,
 * whose answer this gives for a single start time.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { counterHitStatement } from "../../platform/http/rateLimitStore.js";
import { addDays, berlinDate, berlinTime, berlinToUtc, bwHoliday, isoWeekday, toMinutes } from "./time.js";
import type { SlotRef } from "./slotId.js";

export type SlotState =
  | { ok: true; start: Date; end: Date; holdMinutes: number; extraLeikaKeys: string[]; freeCounters: string[]; counterHits: number | undefined }
  | { ok: false; reason: "unknown_slot" | "outside_hours" | "taken"; counterHits: number | undefined };

interface Row {
  services: number;
  per_person: number;
  max_persons: number;
  hold_minutes: number | null;
  min_lead_minutes: number | null;
  horizon_days: number | null;
  counters: Array<{ id: string; free: boolean }>;
  hits: number | null;
}

/**
 * One round trip. `hit` names a fixed-window counter to increment unless the slot is surely taken
 * (every counter on the grid has a live booking); `counterHits` is then its new value.
 */
export async function slotState(db: Db, slot: SlotRef, opts: { now?: Date; hit?: { key: string; windowMs: number } } = {}): Promise<SlotState> {
  const now = opts.now ?? new Date();
  const extra = [...new Set(slot.extraLeikaKeys ?? [])].filter((k) => k !== slot.leikaKey);
  const keys = [slot.leikaKey, ...extra];
  const day = berlinDate(slot.start);
  const minute = toMinutes(berlinTime(slot.start));
  const start = slot.start;
  const surelyTaken = sql<boolean>`(SELECT svc.n = ${keys.length}::int AND EXISTS (SELECT 1 FROM cs) AND NOT EXISTS (SELECT 1 FROM cs WHERE cs.free) FROM svc)`;
  const hit = opts.hit ? sql`, hit AS (${counterHitStatement(opts.hit.key, opts.hit.windowMs, sql<boolean>`NOT ${surelyTaken}`)})` : sql``;
  const r = await sql<Row>`
    WITH svc AS (
      SELECT count(*)::int AS n, coalesce(sum(duration_minutes), 0)::int AS per_person, coalesce(min(max_persons), 0)::int AS max_persons
      FROM appt_services WHERE location_key = ${slot.location} AND leika_key::text = ANY(${keys}::text[])),
    loc AS (SELECT hold_minutes, min_lead_minutes, horizon_days, slot_minutes FROM appt_locations WHERE key = ${slot.location} AND active),
    span AS (SELECT ${start}::timestamptz AS s, ${start}::timestamptz + make_interval(mins => svc.per_person * ${slot.persons}::int) AS e, svc.per_person * ${slot.persons}::int AS d FROM svc),
    cs AS (
      SELECT c.id, NOT EXISTS (
          SELECT 1 FROM appt_bookings b
          WHERE b.counter_id = c.id AND tstzrange(b.starts_at, b.ends_at) && tstzrange(span.s, span.e)
            AND b.status IN ('held', 'confirmed', 'checked_in', 'no_show', 'releasing')
            AND NOT (b.status = 'held' AND b.hold_expires_at <= ${now}::timestamptz)
            AND NOT (b.status = 'releasing' AND b.release_at <= ${now}::timestamptz)) AS free
      FROM loc, span, appt_counters c
      WHERE c.location_key = ${slot.location} AND c.active AND span.d > 0
        AND EXISTS (SELECT 1 FROM appt_hours h WHERE h.counter_id = c.id AND h.weekday = ${isoWeekday(day)}::int
          AND floor(extract(epoch FROM h.opens) / 60)::int <= ${minute}::int
          AND ${minute}::int + span.d <= floor(extract(epoch FROM h.closes) / 60)::int
          AND (${minute}::int - floor(extract(epoch FROM h.opens) / 60)::int) % loc.slot_minutes = 0)
        AND NOT EXISTS (SELECT 1 FROM appt_closures x WHERE x.location_key = ${slot.location} AND (x.counter_id IS NULL OR x.counter_id = c.id)
          AND x.starts_at < span.e AND x.ends_at > span.s))
    ${hit}
    SELECT svc.n AS services, svc.per_person, svc.max_persons, loc.hold_minutes, loc.min_lead_minutes, loc.horizon_days,
      (SELECT coalesce(json_agg(json_build_object('id', cs.id, 'free', cs.free)), '[]'::json) FROM cs) AS counters,
      ${opts.hit ? sql`(SELECT count FROM hit)` : sql`NULL::int`} AS hits
    FROM svc LEFT JOIN loc ON true`.execute(db);
  const row = r.rows[0]!;
  const counterHits = row.hits ?? undefined;
  if (row.hold_minutes === null || row.services !== keys.length) return { ok: false, reason: "unknown_slot", counterHits };
  const duration = row.per_person * slot.persons;
  const onGrid =
    slot.persons >= 1 && slot.persons <= row.max_persons && row.counters.length > 0 && berlinToUtc(day, minute).getTime() === start.getTime() && !bwHoliday(day) &&
    start.getTime() >= now.getTime() + row.min_lead_minutes! * 60000 && day <= addDays(berlinDate(now), row.horizon_days!);
  if (!onGrid) return { ok: false, reason: "outside_hours", counterHits };
  const freeCounters = row.counters.filter((c) => c.free).map((c) => c.id);
  if (freeCounters.length === 0) return { ok: false, reason: "taken", counterHits };
  return { ok: true, start, end: new Date(start.getTime() + duration * 60000), holdMinutes: row.hold_minutes, extraLeikaKeys: extra, freeCounters, counterHits };
}
