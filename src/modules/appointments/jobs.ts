/** What the module's jobs do (also called right after a request when no delay applies). */
import { systemContext } from "../../platform/commands.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { reminderQueuer } from "./commands/reminderQueuer.js";
import { slotReleaser } from "./commands/slotReleaser.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";

/** Queues the day-before reminders that are due (audited) and sends the queued mails; returns how many reminders were queued. */
export async function sendDueReminders(db: Db, mailer: Mailer, _config: Config, now = new Date()): Promise<number> {
  const n = await reminderQueuer(systemContext(db), { now });
  await deliverQueuedMails(db, mailer);
  return n;
}

/** Expires overdue holds, frees due releases, tells the waiting list (audited) and sends the queued mails; returns how many slots were freed. */
export async function releaseDueSlots(db: Db, mailer: Mailer, config: Config, now = new Date()): Promise<number> {
  const r = await slotReleaser(systemContext(db), { config, now });
  await deliverQueuedMails(db, mailer);
  return r.released;
}
