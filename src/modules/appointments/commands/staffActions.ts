import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Props of the staff commands on one booking at one location. */
export interface StaffBookingProps {
  location: string;
  code: string;
}

type Result = { ok: true } | { ok: false; reason: "not_found" | "wrong_status" };

async function transition(ctx: CommandContext, props: StaffBookingProps, from: string[], to: "checked_in" | "no_show", action: string): Promise<Result> {
  return ctx.db.transaction().execute(async (tx) => {
    const b = await tx.selectFrom("appt_bookings").select(["id", "status"]).where("code", "=", props.code.toUpperCase()).where("location_key", "=", props.location).forUpdate().executeTakeFirst();
    if (!b) return { ok: false, reason: "not_found" } as const;
    if (!from.includes(b.status)) return { ok: false, reason: "wrong_status" } as const;
    await tx.updateTable("appt_bookings").set({ status: to, checked_in_at: to === "checked_in" ? new Date() : null, updated_at: new Date() }).where("id", "=", b.id).execute();
    await appendAudit(tx, ctx.actor, { action, objectType: "appointment", objectId: props.code.toUpperCase(), details: { location: props.location }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Checks a citizen in by booking code (confirmed bookings only). */
export const checkInRecorder = (ctx: CommandContext, props: StaffBookingProps) => transition(ctx, props, ["confirmed", "no_show"], "checked_in", "appointment.checked_in");
/** Marks a confirmed booking as not attended. */
export const noShowMarker = (ctx: CommandContext, props: StaffBookingProps) => transition(ctx, props, ["confirmed"], "no_show", "appointment.no_show");

/** Props of timeBlocker: a closure of the location or one counter. */
export interface TimeBlockerProps {
  location: string;
  counterId: string | null;
  start: Date;
  end: Date;
  reason: string;
}

/** Blocks time (no new bookings then; existing ones stay and are shown in the day view). */
export async function timeBlocker(ctx: CommandContext, props: TimeBlockerProps): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto("appt_closures")
      .values({ location_key: props.location, counter_id: props.counterId, starts_at: props.start, ends_at: props.end, reason: props.reason, created_by: ctx.actor.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "appointment.time_blocked", objectType: "appointment_location", objectId: props.location, details: { closure: r.id, start: props.start.toISOString(), end: props.end.toISOString() }, requestId: ctx.requestId });
    return r;
  });
}

/** Records the CSV export of a day (personal data leaves the system). */
export async function exportRecorder(ctx: CommandContext, props: { location: string; day: string; rows: number }): Promise<void> {
  await ctx.db.transaction().execute((tx) => appendAudit(tx, ctx.actor, { action: "appointment.exported", objectType: "appointment_location", objectId: props.location, details: { day: props.day, rows: props.rows }, requestId: ctx.requestId }));
}
