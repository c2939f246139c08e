/**
 * Citizen side of cases: "Meine Anträge" status, the mailbox per case (Postfach) with attachments,
 * the status page for holders of the receipt code (HTML and JSON), link-only mails on every change,
 * and the case file (seed of the E-Akte) with document versions. See docs/modules/mailbox.md.
 */
import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import type { Transaction } from "kysely";
import type { Actor } from "../../platform/audit/index.js";
import type { Config } from "../../platform/config.js";
import type { Database, Db } from "../../platform/db/index.js";
import { translatorFor } from "../../platform/i18n/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { listCasesOfApplicant } from "../cases/index.js";
import { caseInfo, type CaseInfo, type CitizenStatus } from "./caseLink.js";
import { caseDocumentAdder, type CaseDocumentAdderProps } from "./commands/caseDocumentAdder.js";
import { noticeDeliverer, type DeliverNoticeProps } from "./commands/noticeDeliverer.js";
import { notificationQueuer } from "./commands/notificationQueuer.js";
import { onCaseChange } from "./caseEvents.js";
import { mailboxMessages } from "./messages.js";
import { sendDueNotifications } from "./notifications.js";
import { mailboxPages } from "./pages/routes.js";
import { myApplicationsPage } from "./pages/myApplications.js";
import { mailboxRoutes } from "./routes.js";
import { findSubmissionRefById, listApplicantSubmissions, unreadCounts } from "./queries.js";
import "./db.js";

export type { CitizenStatus, CaseInfo, TimelineEntry } from "./caseLink.js";
export type { StoredFileRef, CaseDocumentAdderProps } from "./commands/caseDocumentAdder.js";
export type { DeliverNoticeProps } from "./commands/noticeDeliverer.js";
export type { MailboxMessageSent } from "./events.js";
export { MessageList, StatusTimeline, StatusBadge, MailboxLinks } from "./pages/views.js";
export { listThread, listCaseFile } from "./queries.js";

const translator = translatorFor(mailboxMessages);

/**
 * Files a document into a case file inside the caller's transaction: the same role and name again
 * becomes the next version. The file must already be stored by the platform file service; it is
 * held from now on (no longer purged as unused). Audited in the same transaction.
 */
export async function addCaseDocument(tx: Transaction<Database>, actor: Actor, props: CaseDocumentAdderProps): Promise<{ documentId: string; version: number }> {
  return caseDocumentAdder(tx, actor, props);
}

/**
 * Delivers a notice (Bescheid) to the applicant's mailbox inside the caller's transaction: a message
 * of kind "notice" with the stored PDF attached, filed in the case file (role "notice"), and a
 * link-only mail queued. For the case engine to call when a notice is issued.
 */
export async function deliverNotice(tx: Transaction<Database>, props: DeliverNoticeProps): Promise<{ messageId: string; documentId: string; version: number }> {
  return noticeDeliverer(tx, props);
}

/** Queues the link-only "there is news" mail for the applicant, inside the transaction of the change (for the case engine's "case changed"). */
export async function notifyApplicant(tx: Transaction<Database>, props: { submissionId: string; reason: string }): Promise<void> {
  return notificationQueuer(tx, props);
}

export { applicantOverview, statusOfSubmission } from "./overview.js";

/** Unread applicant messages per submission, for staff lists (inbox markers). */
export async function unreadFromApplicant(db: Db, submissionIds: readonly string[]): Promise<Map<string, number>> {
  return unreadCounts(db, submissionIds, "from_applicant");
}

/** For the staff case page: links to the thread and the case file, with the number of messages and unread applicant messages. */
export async function staffMailboxLinks(db: Db, submissionId: string): Promise<{ threadHref: string; fileHref: string; unread: number; total: number } | undefined> {
  const sub = await findSubmissionRefById(db, submissionId);
  if (!sub) return undefined;
  const counts = await db
    .selectFrom("mailbox_messages")
    .select([(eb) => eb.fn.countAll<string>().as("total"), (eb) => eb.fn.count<string>("id").filterWhere((w) => w.and([w("direction", "=", "from_applicant"), w("read_at", "is", null)])).as("unread")])
    .where("submission_id", "=", submissionId)
    .executeTakeFirst();
  return { threadHref: `/verwaltung/postfach/${sub.reference}`, fileHref: `/akte/${sub.reference}`, unread: Number(counts?.unread ?? 0), total: Number(counts?.total ?? 0) };
}

/** Sends queued notifications now (the job does the same every minute). */
export async function deliverNotifications(db: Db, mailer: Mailer, config: Pick<Config, "publicUrl" | "sessionSecret">) {
  return sendDueNotifications(db, mailer, config);
}

/** Mailbox, status page and case file pages. */
async function mailboxPlugin(app: FastifyInstance) {
  await mailboxPages(app);
  await myApplicationsPage(app);
  await mailboxRoutes(app);
}

/** The mailbox module (src/platform/modules.ts). */
export const mailboxModule = defineModule({
  name: "mailbox",
  messages: [mailboxMessages],
  jobs: [
    {
      name: "mailbox-notify",
      // Sweep for anything not sent right away (process died, SMTP down: back-off per row).
      cron: "* * * * *",
      async handler({ db, config, mailer }) {
        await sendDueNotifications(db, mailer, config);
      },
    },
  ],
  events: { "case.changed": onCaseChange },
  plugin: mailboxPlugin,
});
