/**
 * The state of one slot for a booking attempt, in one query (issue 13, ADR 0058): the location's hold
 * time, the chosen services, and per active counter whether the slot lies on its grid (opening hours,
 * slot grid, no closure) and whether it is free (no live booking overlaps). Optionally the per-address
 * counter is hit in the same statement, but only when the slot is not surely taken (a loser of a rush
 * keeps its budget). The query is the PL/pgSQL function `appt_slot_state` (migrations/0054; 0092 added the owner), so each
 * connection plans it once. Holidays, lead time and horizon are checked here in code, as in `computeSlots`,
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
 * One round trip. A service owned by a module (`appt_services.owner_module`) counts only with that `owner`, so the
 * public pages and the API (no owner) answer "unknown_slot" for it. `hit` names a fixed-window counter to increment unless the slot is surely taken
 * (every counter on the grid has a live booking); `counterHits` is then its new value.
 */
export async function slotState(db: Db, slot: SlotRef, opts: { now?: Date; hit?: { key: string; windowMs: number }; owner?: string } = {}): Promise<SlotState> {
  const now = opts.now ?? new Date();
  const extra = [...new Set(slot.extraLeikaKeys ?? [])].filter((k) => k !== slot.leikaKey);
  const keys = [slot.leikaKey, ...extra];
  const day = berlinDate(slot.start);
  const minute = toMinutes(berlinTime(slot.start));
  const start = slot.start;
  const surelyTaken = sql<boolean>`(st.services = ${keys.length}::int AND json_array_length(st.counters) > 0 AND NOT EXISTS (SELECT 1 FROM json_array_elements(st.counters) x WHERE (x->>'free')::boolean))`;
  const hit = opts.hit ? sql`, hit AS (${counterHitStatement(opts.hit.key, opts.hit.windowMs, sql<boolean>`NOT (SELECT ${surelyTaken} FROM st)`)})` : sql``;
  const r = await sql<Row>`
    WITH st AS MATERIALIZED (SELECT * FROM appt_slot_state(${slot.location}, ${keys}::text[], ${slot.persons}::int, ${start}::timestamptz, ${isoWeekday(day)}::int, ${minute}::int, ${now}::timestamptz, ${opts.owner ?? null}::text))
    ${hit}
    SELECT st.*, ${opts.hit ? sql`(SELECT count FROM hit)` : sql`NULL::int`} AS hits FROM st`.execute(db);
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
