import { createHash, randomBytes, randomInt } from "node:crypto";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import type { Config } from "../../../platform/config.js";
import { slotState, type SlotState } from "../slotState.js";
import { queueConfirmRequest } from "../mails.js";
import type { SlotRef } from "../slotId.js";

export const hashToken = (t: string) => createHash("sha256").update(t).digest("hex");
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** A booking code citizens can read out at the counter (8 characters, no 0/O/1/I). */
export const newBookingCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

// An insert that overlaps an uncommitted booking with another start waits for that transaction; this long at most.
const CONTENDED_SLOT_WAIT_MS = 50;

/** Props of bookingCreator: the slot (already verified signature), the person, and the clock. */
export interface BookingCreatorProps {
  slot: SlotRef;
  name: string;
  email: string;
  /** For the links in the confirmation request mail. */
  config: Config;
  /** The slot's state the caller already read (with its rate-limit counter, one round trip); read here when absent. */
  state?: SlotState;
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
 * exclusion constraint decides races, so two people can never hold the same counter at the same
 * time, whatever the number of app nodes. The insert is one call of `appt_try_hold`
 * (migrations/0054, 0097): per-address lock and count, then the free counters in random order; an attempt
 * on a counter and time that another attempt is holding right now gives up at once, and stale holds in the way
 * are settled in the same call (issue 13): a loser of a rush costs the slot state and this one transaction.
 */
export async function bookingCreator(ctx: CommandContext, props: BookingCreatorProps): Promise<BookingCreatorResult> {
  const now = props.now ?? new Date();
  const { slot } = props;
  if (slot.start.getTime() <= now.getTime()) return { ok: false, reason: "past" };
  const state = props.state ?? (await slotState(ctx.db, slot, { now }));
  if (!state.ok) return { ok: false, reason: state.reason };
  const counters = [...state.freeCounters].sort(() => Math.random() - 0.5);
  const code = newBookingCode();
  const confirmToken = randomBytes(24).toString("base64url");
  const cancelToken = randomBytes(24).toString("base64url");
  const holdExpiresAt = new Date(now.getTime() + state.holdMinutes * 60000);
  const hold = () =>
    ctx.db.transaction().execute(async (tx) => {
      const { bookingId, outcome } = await tryHold(tx, { counters, code, slot, state, name: props.name, email: props.email, holdExpiresAt, confirmToken, cancelToken, userId: props.userId ?? null, maxLive: props.maxLiveBookingsPerEmail ?? null, now });
      if (!bookingId) return outcome;
      await appendAudit(tx, ctx.actor, { action: "appointment.held", objectType: "appointment", objectId: code, details: { location: slot.location, leikaKey: slot.leikaKey, extraLeikaKeys: state.extraLeikaKeys, start: state.start.toISOString(), persons: slot.persons }, requestId: ctx.requestId });
      const mailId = await queueConfirmRequest(tx, props.config, code, confirmToken, cancelToken, state.holdMinutes);
      return { bookingId, mailId };
    });
  const held = await hold();
  if (held === "too_many_bookings") return { ok: false, reason: held };
  if (typeof held === "string") return { ok: false, reason: "taken" };
  return { ok: true, bookingId: held.bookingId, mailId: held.mailId, code, confirmToken, cancelToken, start: state.start, end: state.end, holdExpiresAt };
}

type HeldSlot = Extract<SlotState, { ok: true }>;

/**
 * One call of `appt_try_hold` (migrations/0054, 0097) in the caller's transaction: inserts a 'held' booking on the first free
 * counter of `counters` (settling stale holds and due releases in the way); `bookingId` null with the outcome otherwise
 * ('conflict': a live booking overlaps, 'busy': another attempt is holding it right now; both mean "taken"). The caller's
 * lock_timeout holds again after the call. Shared with `directBooker`, which confirms in the same transaction.
 */
export async function tryHold(
  tx: Db,
  a: { counters: string[]; code: string; slot: SlotRef; state: HeldSlot; name: string; email: string; holdExpiresAt: Date; confirmToken: string; cancelToken: string; userId: string | null; maxLive: number | null; now: Date },
): Promise<{ bookingId: string | null; outcome: "held" | "too_many_bookings" | "conflict" | "busy" }> {
  const r = await sql<{ booking_id: string | null; outcome: "held" | "too_many_bookings" | "conflict" | "busy" }>`
    SELECT booking_id, outcome FROM appt_try_hold(${a.counters}::uuid[], ${a.code}, ${a.slot.location}, ${a.slot.leikaKey}, ${a.state.extraLeikaKeys}::text[], ${a.slot.persons}::int,
      ${a.state.start}::timestamptz, ${a.state.end}::timestamptz, ${a.name}, ${a.email}, ${a.holdExpiresAt}::timestamptz, ${hashToken(a.confirmToken)}, ${hashToken(a.cancelToken)},
      ${a.userId}::uuid, ${a.maxLive}::int, ${a.now}::timestamptz, ${CONTENDED_SLOT_WAIT_MS}::int)`.execute(tx);
  const { booking_id: bookingId, outcome } = r.rows[0]!;
  return { bookingId, outcome };
}
