import { randomBytes } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { directBooker, VIDEO_IDENTIFICATION, type AppointmentCancelled } from "../../appointments/index.js";
import "../db.js";

/** The meeting link of a room: the configured base (LEARNING_VIDEO_ROOM_URL) and the random room name. */
export const videoRoomLink = (config: Config, room: string) => `${config.learning.videoRoomUrl}/${room}`;

export type IdentificationBookingResult = { ok: true; code: string; start: Date } | { ok: false; reason: "already" | "unknown_slot" | "past" | "outside_hours" | "taken" | "too_many_bookings" };

/**
 * The guest books the video identification: an appointment of the Gesundheitsamt through the appointments module
 * (its own hold, races and mails; the service is e-learning's, `owner` "learning"), and the enrolment records the
 * booking code, time and a random room name (≈ 128 bits, so the meeting link cannot be guessed) **in the booking's
 * transaction**: the enrolment row is updated only while no identification is booked or confirmed (a refused one may
 * be booked again), else the appointment rolls back too. Two parallel submits: the second waits for the first's row
 * lock, finds it booked and leaves no appointment.
 */
export async function identificationBooker(ctx: CommandContext, enrollment: { id: string; holder_name: string; email: string; ident_status: string | null }, start: Date, config: Config): Promise<IdentificationBookingResult> {
  if (enrollment.ident_status === "booked" || enrollment.ident_status === "confirmed") return { ok: false, reason: "already" };
  const room = `kreisportal-${randomBytes(16).toString("hex")}`;
  const r = await directBooker(
    ctx,
    { location: VIDEO_IDENTIFICATION.location, leikaKey: VIDEO_IDENTIFICATION.leikaKey, owner: VIDEO_IDENTIFICATION.owner, start, name: enrollment.holder_name, email: enrollment.email, config },
    async (tx, booking) => {
      const u = await tx
        .updateTable("learning_enrollments")
        .set({ ident_booking_code: booking.code, ident_starts_at: booking.start, ident_room: room, ident_status: "booked", ident_decided_at: null, ident_decided_by: null })
        .where("id", "=", enrollment.id)
        .where((w) => w.or([w("ident_status", "is", null), w("ident_status", "=", "rejected")]))
        .executeTakeFirst();
      if (Number(u.numUpdatedRows) === 0) return false;
      await appendAudit(tx, ctx.actor, { action: "learning.identification_booked", objectType: "learning_enrollment", objectId: enrollment.id, details: { appointment: booking.code, start: booking.start.toISOString() }, requestId: ctx.requestId });
      return true;
    },
  );
  if (!r.ok) return { ok: false, reason: r.reason === "refused" ? "already" : r.reason };
  return { ok: true, code: r.code, start: r.start };
}

/** Staff of the Gesundheitsamt record the outcome of the video session; only a booked identification is decided. */
export async function identityDecider(ctx: CommandContext, enrollmentId: string, decision: "confirmed" | "rejected", staffUserId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const u = await tx
      .updateTable("learning_enrollments")
      .set({ ident_status: decision, ident_decided_at: new Date(), ident_decided_by: staffUserId })
      .where("id", "=", enrollmentId)
      .where("ident_status", "=", "booked")
      .executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: decision === "confirmed" ? "learning.identity_confirmed" : "learning.identity_rejected", objectType: "learning_enrollment", objectId: enrollmentId, requestId: ctx.requestId });
    return true;
  });
}

/**
 * Subscriber of "appointment.cancelled" (appointments module, after the cancelling commit): the guest cancelled the
 * identification appointment through the appointments mail's cancel link (or "Meine Termine"). The enrolment that
 * booked it and is still waiting for the session goes back to "no identification booked", so the guest can book a new
 * time; audited `learning.identification_cancelled`. Idempotent (delivered at least once): only a booked one with
 * this booking code changes; a confirmed or rejected identification stays decided.
 */
export async function identificationCancelled(tx: Transaction<Database>, event: AppointmentCancelled): Promise<void> {
  if (event.ownerModule !== VIDEO_IDENTIFICATION.owner) return;
  const rows = await tx
    .updateTable("learning_enrollments")
    .set({ ident_status: null, ident_booking_code: null, ident_starts_at: null, ident_room: null, ident_decided_at: null, ident_decided_by: null })
    .where("ident_booking_code", "=", event.code)
    .where("ident_status", "=", "booked")
    .returning("id")
    .execute();
  for (const r of rows) {
    await appendAudit(tx, { type: "system", id: null }, { action: "learning.identification_cancelled", objectType: "learning_enrollment", objectId: r.id, details: { appointment: event.code } });
  }
}
