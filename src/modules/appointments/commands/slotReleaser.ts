import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { queueWaitlistNote } from "../mails.js";

/** Props of slotReleaser. */
export interface SlotReleaserProps {
  config: Config;
  now?: Date;
}

/**
 * Expires overdue holds, frees slots whose randomised release time has come and queues one mail
 * to everyone waiting for that service at that location (job "appointments-release", and right
 * after a cancellation when the delay is 0). One transaction: the waiting list is marked notified
 * only together with its queued mails.
 */
export async function slotReleaser(ctx: CommandContext, props: SlotReleaserProps): Promise<{ released: number; notified: number }> {
  const now = props.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    await sql`UPDATE appt_bookings SET status = 'expired', updated_at = now() WHERE status = 'held' AND hold_expires_at <= ${now}`.execute(tx);
    const freed = await tx.updateTable("appt_bookings").set({ status: "cancelled", updated_at: now }).where("status", "=", "releasing").where("release_at", "<=", now).returning(["code", "location_key", "leika_key"]).execute();
    if (freed.length === 0) return { released: 0, notified: 0 };
    let notified = 0;
    const seen = new Set<string>();
    for (const f of freed) {
      const k = `${f.location_key}|${f.leika_key}`;
      if (seen.has(k)) continue;
      seen.add(k);
      const waiting = await tx.updateTable("appt_waitlist").set({ notified_at: now }).where("location_key", "=", f.location_key).where("leika_key", "=", f.leika_key).where("notified_at", "is", null).returning(["email"]).execute();
      for (const w of waiting) await queueWaitlistNote(tx, props.config, w.email, f.location_key, f.leika_key);
      notified += waiting.length;
    }
    await appendAudit(tx, ctx.actor, { action: "appointment.released", objectType: "appointment", objectId: freed.map((f) => f.code).join(",").slice(0, 200), details: { released: freed.length, waitlistNotified: notified }, requestId: ctx.requestId });
    return { released: freed.length, notified };
  });
}
