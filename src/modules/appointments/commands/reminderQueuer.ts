import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { publishEvent } from "../../../platform/events/index.js";
import "../events.js";
import { queueReminder } from "../mails.js";
import { addDays, berlinDate, berlinToUtc } from "../time.js";

/** Props of reminderQueuer: the clock (the reminder goes out the Berlin calendar day before). */
export interface ReminderQueuerProps {
  now?: Date;
}

/**
 * Queues the day-before reminder for confirmed bookings of tomorrow (Berlin) not yet reminded
 * (job "appointments-reminders"). reminded_at and the queued mail commit together, so each
 * booking gets exactly one reminder even when the job runs on several nodes.
 */
export async function reminderQueuer(ctx: CommandContext, props: ReminderQueuerProps = {}): Promise<number> {
  const now = props.now ?? new Date();
  const tomorrow = addDays(berlinDate(now), 1);
  return ctx.db.transaction().execute(async (tx) => {
    const due = await tx
      .updateTable("appt_bookings")
      .set({ reminded_at: now })
      .where("status", "=", "confirmed")
      .where("reminded_at", "is", null)
      .where("starts_at", ">=", berlinToUtc(tomorrow, 0))
      .where("starts_at", "<", berlinToUtc(addDays(tomorrow, 1), 0))
      .returning(["id", "code", "user_id", "starts_at"])
      .execute();
    for (const b of due) {
      await queueReminder(tx, b.code);
      // Signed-in bookers may also get it on their phone (the PWA module subscribes; the push says no details).
      if (b.user_id) await publishEvent(tx, "appointment.reminder_due", { bookingId: b.id, userId: b.user_id, startsAt: b.starts_at.toISOString() });
    }
    if (due.length > 0) await appendAudit(tx, ctx.actor, { action: "appointment.reminders_queued", objectType: "appointment", objectId: tomorrow, details: { count: due.length }, requestId: ctx.requestId });
    return due.length;
  });
}
