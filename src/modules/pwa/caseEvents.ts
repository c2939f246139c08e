/**
 * Subscriber to the cases module's "case.changed": a change the applicant can see queues a push for their
 * browsers (topic "mailbox" when a message lands in the Postfach – a notice or a request –, else "cases";
 * one push per device and change). Idempotent through the dedupe key; sent by the job pwa-push-send.
 */
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import type { EventContext } from "../../platform/events/index.js";
import type { CaseChange } from "../cases/index.js";
import type { AppointmentReminder } from "../appointments/index.js";
import type { MailboxMessageSent } from "../mailbox/index.js";
import { queuePushForUser } from "./push.js";

export async function onCaseChangePush(tx: Transaction<Database>, change: CaseChange, ctx: EventContext): Promise<void> {
  if (!change.applicantUserId || !change.citizenVisible || change.kind === "created") return;
  const dedupeKey = `case:${change.eventId}`;
  const toMailbox = change.kind === "notice" || (change.kind === "status" && change.citizenStatus === "action_required");
  let queued = 0;
  if (toMailbox) queued += await queuePushForUser(tx, { userId: change.applicantUserId, topic: "mailbox", dedupeKey, url: "/antraege" });
  queued += await queuePushForUser(tx, { userId: change.applicantUserId, topic: "cases", dedupeKey, url: "/antraege" });
  if (queued > 0) ctx.trigger("pwa-push-send", {}, { startAfter: 1 });
}

/**
 * Subscriber to the appointments module's "appointment.reminder_due": the day-before reminder of a booking
 * made while signed in, as a push (topic "appointments"); the text stays generic, the page needs a login.
 */
export async function onAppointmentReminderPush(tx: Transaction<Database>, reminder: AppointmentReminder, ctx: EventContext): Promise<void> {
  const queued = await queuePushForUser(tx, { userId: reminder.userId, topic: "appointments", dedupeKey: `appt:${reminder.bookingId}`, url: "/konto/termine" });
  if (queued > 0) ctx.trigger("pwa-push-send", {}, { startAfter: 1 });
}

/** Subscriber to the mailbox's "mailbox.message_sent": a staff message in the Postfach, as a generic push (topic "mailbox"). */
export async function onMailboxMessagePush(tx: Transaction<Database>, sent: MailboxMessageSent, ctx: EventContext): Promise<void> {
  const queued = await queuePushForUser(tx, { userId: sent.userId, topic: "mailbox", dedupeKey: `msg:${sent.messageId}`, url: "/antraege" });
  if (queued > 0) ctx.trigger("pwa-push-send", {}, { startAfter: 1 });
}
