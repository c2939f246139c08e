import { createHash, randomBytes, randomInt } from "node:crypto";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { computeSlots } from "../queries.js";
import { queueConfirmRequest } from "../mails.js";
import { berlinDate } from "../time.js";
import type { SlotRef } from "../slotId.js";

export const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A booking code citizens can read out at the counter (8 characters, no 0/O/1/I). */
export const newBookingCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

// An insert that overlaps an uncommitted booking waits for that transaction; this long at most (then 55P03).
const CONTENDED_SLOT_WAIT_MS = 50;
const LOCK_NOT_AVAILABLE = "55P03";

/** Props of bookingCreator: the slot (already verified signature), the person, and the clock. */
export interface BookingCreatorProps {
  slot: SlotRef;
  name: string;
  email: string;
  /** For the links in the confirmation request mail. */
  config: Config;
  /** The slot computation the caller already made for this slot's day (fail fast before counters are written); computed here when absent. */
  computed?: Awaited<ReturnType<typeof computeSlots>>;
  /** The signed-in citizen's account: the booking appears under "Meine Termine" and its reminder may come as a push. */
  userId?: string | null;
  /** At most this many live (held or confirmed, still ahead) bookings per address, checked in the insert's transaction. */
  maxLiveBookingsPerEmail?: number;
  now?: Date;
}

export type BookingCreatorResult =
  | { ok: true; bookingId: string; code: string; confirmToken: string; cancelToken: string; start: Date; end: Date; holdExpiresAt: Date; mailId: string | undefined }
  | { ok: false; reason: "unknown_slot" | "past" | "outside_hours" | "taken" | "too_many_bookings" };

/**
 * Holds a slot for the person: inserts a 'held' booking on a free counter. The database's
 * exclusion constraint decides races (INSERT … ON CONFLICT DO NOTHING on overlapping time), so two
 * people can never hold the same counter at the same time, whatever the number of app nodes.
 */
export async function bookingCreator(ctx: CommandContext, props: BookingCreatorProps): Promise<BookingCreatorResult> {
  const now = props.now ?? new Date();
  const { slot } = props;
  if (slot.start.getTime() <= now.getTime()) return { ok: false, reason: "past" };
  const day = berlinDate(slot.start);
  const computed = props.computed ?? (await computeSlots(ctx.db, { location: slot.location, leikaKey: slot.leikaKey, extraLeikaKeys: slot.extraLeikaKeys, persons: slot.persons, from: day, to: day, now }));
  if (!computed) return { ok: false, reason: "unknown_slot" };
  const match = computed.slots.find((s) => s.start.getTime() === slot.start.getTime());
  // Not free: either taken, or never a slot (outside opening hours, holiday, closure, lead time, horizon).
  if (!match) return { ok: false, reason: computed.gridStarts.has(slot.start.getTime()) ? "taken" : "outside_hours" };
  const counters = [...match.freeCounters].sort(() => Math.random() - 0.5);
  const code = newBookingCode();
  const confirmToken = randomBytes(24).toString("base64url");
  const cancelToken = randomBytes(24).toString("base64url");
  const holdExpiresAt = new Date(now.getTime() + computed.location.holdMinutes * 60000);
  const limit = props.maxLiveBookingsPerEmail;
  const tryInsert = async (counterId: string): Promise<{ bookingId: string; mailId: string | undefined } | "too_many_bookings" | undefined> => {
    try {
      return await insertOn(counterId);
    } catch (err) {
      // Another person's booking of this counter and time is in flight: do not queue behind it (issue 13);
      // it will almost always win, so this counter counts as taken and the next one is tried.
      if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) return undefined;
      throw err;
    }
  };
  const insertOn = async (counterId: string): Promise<{ bookingId: string; mailId: string | undefined } | "too_many_bookings" | undefined> => {
    return ctx.db.transaction().execute(async (tx) => {
      if (limit !== undefined) {
        // Count and insert under one lock per address: parallel bookings with the same address queue here,
        // so each one sees the others' rows (a count outside the transaction let 10 parallel attempts hold 6).
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`appt:live:${props.email}`}, 0))`.execute(tx);
        const live = await tx
          .selectFrom("appt_bookings")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("email", "=", props.email)
          .where("status", "in", ["held", "confirmed"])
          .where("starts_at", ">", now)
          .executeTakeFirstOrThrow();
        if (Number(live.n) >= limit) return "too_many_bookings";
      }
      await sql`SET LOCAL lock_timeout = ${sql.lit(`${CONTENDED_SLOT_WAIT_MS}ms`)}`.execute(tx);
      const r = await sql<{ id: string }>`
        INSERT INTO appt_bookings (code, location_key, counter_id, leika_key, extra_leika_keys, persons, starts_at, ends_at, name, email, status, hold_expires_at, confirm_token_hash, cancel_token_hash, user_id)
        VALUES (${code}, ${slot.location}, ${counterId}, ${slot.leikaKey}, ${computed.services.slice(1).map((s) => s.leikaKey)}::text[], ${slot.persons}, ${match.start}, ${match.end}, ${props.name}, ${props.email}, 'held', ${holdExpiresAt}, ${hashToken(confirmToken)}, ${hashToken(cancelToken)}, ${props.userId ?? null})
        ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
      const bookingId = r.rows[0]?.id;
      if (!bookingId) return undefined;
      await appendAudit(tx, ctx.actor, { action: "appointment.held", objectType: "appointment", objectId: code, details: { location: slot.location, leikaKey: slot.leikaKey, extraLeikaKeys: computed.services.slice(1).map((s) => s.leikaKey), start: match.start.toISOString(), persons: slot.persons }, requestId: ctx.requestId });
      const mailId = await queueConfirmRequest(tx, props.config, code, confirmToken, cancelToken, computed.location.holdMinutes);
      return { bookingId, mailId };
    });
  };
  let cleaned = false;
  for (const counterId of counters) {
    let id = await tryInsert(counterId);
    if (id === "too_many_bookings") return { ok: false, reason: id };
    if (!id && !cleaned) {
      // The slot looked free, so the conflict may be a hold past its time or a due release that
      // still has its live status: settle those (idempotent) and try once more.
      cleaned = true;
      const r = await sql`UPDATE appt_bookings SET status = CASE status WHEN 'held' THEN 'expired' ELSE 'cancelled' END, updated_at = now()
        WHERE location_key = ${slot.location} AND starts_at < ${match.end} AND ends_at > ${match.start}
          AND ((status = 'held' AND hold_expires_at <= ${now}) OR (status = 'releasing' AND release_at <= ${now}))`.execute(ctx.db);
      if (Number(r.numAffectedRows ?? 0) > 0) id = await tryInsert(counterId);
      if (id === "too_many_bookings") return { ok: false, reason: id };
    }
    if (id) return { ok: true, bookingId: id.bookingId, mailId: id.mailId, code, confirmToken, cancelToken, start: match.start, end: match.end, holdExpiresAt };
  }
  return { ok: false, reason: "taken" };
}
