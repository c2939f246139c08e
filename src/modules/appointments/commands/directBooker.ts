import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { slotState } from "../slotState.js";
import { cancelLink, queueConfirmation } from "../mails.js";
import { newBookingCode, tryHold } from "./bookingCreator.js";

export interface DirectBookingProps {
  location: string;
  leikaKey: string;
  start: Date;
  name: string;
  email: string;
  config: Config;
  /** The module booking (a service with `owner_module` is found only by its owner). */
  owner?: string;
  now?: Date;
}

export type DirectBookingResult =
  | { ok: true; code: string; start: Date; end: Date }
  | { ok: false; reason: "unknown_slot" | "past" | "outside_hours" | "taken" | "too_many_bookings" | "refused" };

/**
 * The caller's part of the booking's transaction: runs after the booking row is inserted and confirmed, with the
 * same transaction. Returning false rolls the whole booking back (result "refused"), so the caller's record and the
 * appointment commit together or not at all.
 */
export type WithinBooking = (tx: Transaction<Database>, booking: { code: string; start: Date; end: Date }) => Promise<boolean>;

class Refused extends Error {}

/**
 * A booking made on behalf of a person another module already knows (e-learning's video identification: the guest
 * reached it through their capability link): the usual hold (same races through `appt_try_hold`, same per-address
 * limit), confirmed at once, in **one transaction** with the caller's `within` (issue 20: two parallel submits leave one
 * appointment). Only the confirmation mail with the cancel link is queued (no "please confirm" request).
 */
export async function directBooker(ctx: CommandContext, p: DirectBookingProps, within?: WithinBooking): Promise<DirectBookingResult> {
  const now = p.now ?? new Date();
  const slot = { location: p.location, leikaKey: p.leikaKey, start: p.start, persons: 1 };
  if (slot.start.getTime() <= now.getTime()) return { ok: false, reason: "past" };
  const state = await slotState(ctx.db, slot, { now, owner: p.owner });
  if (!state.ok) return { ok: false, reason: state.reason };
  const counters = [...state.freeCounters].sort(() => Math.random() - 0.5);
  const attempt = async () => {
    const code = newBookingCode();
    const cancelToken = randomBytes(24).toString("base64url");
    try {
      return await ctx.db.transaction().execute(async (tx) => {
        const held = await tryHold(tx, { counters, code, slot, state, name: p.name, email: p.email, holdExpiresAt: new Date(now.getTime() + state.holdMinutes * 60000), confirmToken: randomBytes(24).toString("base64url"), cancelToken, userId: null, maxLive: 3, now });
        if (!held.bookingId) return held.outcome;
        await tx.updateTable("appt_bookings").set({ status: "confirmed", hold_expires_at: null, updated_at: new Date() }).where("id", "=", held.bookingId).execute();
        await appendAudit(tx, ctx.actor, { action: "appointment.confirmed", objectType: "appointment", objectId: code, details: { location: slot.location, leikaKey: slot.leikaKey, start: state.start.toISOString(), direct: true }, requestId: ctx.requestId });
        await queueConfirmation(tx, p.config, code, cancelLink(p.config, code, cancelToken));
        if (within && !(await within(tx, { code, start: state.start, end: state.end }))) throw new Refused();
        return { code };
      });
    } catch (err) {
      if (err instanceof Refused) return "refused" as const;
      throw err;
    }
  };
  const r = await attempt();
  if (r === "refused" || r === "too_many_bookings") return { ok: false, reason: r };
  if (typeof r === "string") return { ok: false, reason: "taken" };
  return { ok: true, code: r.code, start: state.start, end: state.end };
}
