import { randomBytes, randomInt } from "node:crypto";
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { computeSlots } from "../queries.js";
import { cancelLink, queueConfirmation } from "../mails.js";
import { berlinDate } from "../time.js";
import type { SlotRef } from "../slotId.js";
import { hashToken, newBookingCode } from "./bookingCreator.js";

/** Props of bookingRescheduler: the booking (code and cancel token from the mail) and the new slot (verified signature). */
export interface BookingReschedulerProps {
  code: string;
  token: string;
  slot: SlotRef;
  config: Config;
  releaseDelayMaxSeconds: number;
  now?: Date;
}

export type BookingReschedulerResult =
  | { ok: true; code: string; cancelToken: string; start: Date }
  | { ok: false; reason: "not_found" | "not_active" | "past" | "different_service" | "slot_past" | "outside_hours" | "taken" };

class Taken extends Error {}

/**
 * Moves a booking to another slot in one transaction: the new booking is inserted as confirmed
 * (the cancel link proves the e-mail address) and the old one released, or nothing changes —
 * there is no moment in which the citizen holds neither. The exclusion constraint still decides
 * races; the old booking's own time counts as free, so moving by a quarter of an hour works.
 */
export async function bookingRescheduler(ctx: CommandContext, props: BookingReschedulerProps): Promise<BookingReschedulerResult> {
  const now = props.now ?? new Date();
  const { slot } = props;
  try {
    return await ctx.db.transaction().execute(async (tx): Promise<BookingReschedulerResult> => {
      const old = await tx
        .selectFrom("appt_bookings")
        .select(["id", "status", "starts_at", "ends_at", "counter_id", "location_key", "leika_key", "extra_leika_keys", "persons", "name", "email", "cancel_token_hash"])
        .where("code", "=", props.code)
        .forUpdate()
        .executeTakeFirst();
      if (!old || old.cancel_token_hash !== hashToken(props.token)) return { ok: false, reason: "not_found" };
      if (old.status !== "confirmed" && old.status !== "held") return { ok: false, reason: "not_active" };
      if (old.starts_at <= now) return { ok: false, reason: "past" };
      const sameServices = slot.location === old.location_key && slot.leikaKey === old.leika_key && slot.persons === old.persons && (slot.extraLeikaKeys ?? []).join(",") === old.extra_leika_keys.join(",");
      if (!sameServices) return { ok: false, reason: "different_service" };
      if (slot.start.getTime() <= now.getTime()) return { ok: false, reason: "slot_past" };
      const day = berlinDate(slot.start);
      const computed = await computeSlots(tx, { location: slot.location, leikaKey: slot.leikaKey, extraLeikaKeys: slot.extraLeikaKeys, persons: slot.persons, from: day, to: day, now, ignoreBookingId: old.id });
      if (!computed) return { ok: false, reason: "different_service" };
      const match = computed.slots.find((s) => s.start.getTime() === slot.start.getTime());
      if (!match) return { ok: false, reason: computed.gridStarts.has(slot.start.getTime()) ? "taken" : "outside_hours" };

      // Release the old booking first: at a random time like a cancellation, at once when the new
      // time overlaps it on the same counter (the constraint would refuse the insert otherwise).
      const delay = props.releaseDelayMaxSeconds > 0 ? randomInt(0, props.releaseDelayMaxSeconds + 1) : 0;
      await tx.updateTable("appt_bookings").set({ status: "releasing", release_at: new Date(now.getTime() + delay * 1000), updated_at: now }).where("id", "=", old.id).execute();
      const code = newBookingCode();
      const cancelToken = randomBytes(24).toString("base64url");
      const counters = [...match.freeCounters].sort(() => Math.random() - 0.5);
      let inserted = false;
      for (const counterId of counters) {
        if (counterId === old.counter_id && old.starts_at < match.end && old.ends_at > match.start) {
          await tx.updateTable("appt_bookings").set({ status: "cancelled" }).where("id", "=", old.id).execute();
        }
        const r = await sql<{ id: string }>`
          INSERT INTO appt_bookings (code, location_key, counter_id, leika_key, extra_leika_keys, persons, starts_at, ends_at, name, email, status, confirm_token_hash, cancel_token_hash, replaces_id)
          VALUES (${code}, ${old.location_key}, ${counterId}, ${old.leika_key}, ${old.extra_leika_keys}::text[], ${old.persons}, ${match.start}, ${match.end}, ${old.name}, ${old.email}, 'confirmed',
                  ${hashToken(randomBytes(24).toString("base64url"))}, ${hashToken(cancelToken)}, ${old.id})
          ON CONFLICT DO NOTHING RETURNING id`.execute(tx);
        if (r.rows[0]) {
          inserted = true;
          break;
        }
      }
      // Nobody may end up without an appointment: roll everything back.
      if (!inserted) throw new Taken();
      await appendAudit(tx, ctx.actor, { action: "appointment.rescheduled", objectType: "appointment", objectId: props.code, details: { newCode: code, start: match.start.toISOString() }, requestId: ctx.requestId });
      await queueConfirmation(tx, props.config, code, cancelLink(props.config, code, cancelToken), { rescheduledFrom: props.code });
      return { ok: true, code, cancelToken, start: match.start };
    });
  } catch (err) {
    if (err instanceof Taken) return { ok: false, reason: "taken" };
    throw err;
  }
}
