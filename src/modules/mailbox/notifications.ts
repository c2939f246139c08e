/**
 * Sends the queued "there is news" mails (table mailbox_notifications). Every mail carries the
 * reference and a link, never content: what changed is only visible after following the link
 * (the mailbox needs a login; applicants without an account get the status link with their code).
 */
import { sql } from "kysely";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { translatorFor, type Locale } from "../../platform/i18n/index.js";
import { mailboxMessages } from "./messages.js";

const translator = translatorFor(mailboxMessages);
import type { Mailer } from "../../platform/mail/index.js";
import { statusUrlFor } from "../applications/index.js";
import { findMailContact } from "../accounts/index.js";
import { findSubmissionRefById } from "./queries.js";

export const MAX_ATTEMPTS = 10;

/** The link in the mail: the mailbox for account holders, the status page (with the receipt's code) otherwise. */
export async function newsLink(config: Pick<Config, "publicUrl">, sub: { id: string; reference: string; userId: string | null }, statusUrl: (submissionId: string, reference: string) => Promise<string>): Promise<string> {
  return sub.userId ? `${config.publicUrl}/postfach/${sub.reference}` : statusUrl(sub.id, sub.reference);
}

/** Claims due notifications (several senders never take the same row), sends one mail per submission, marks them sent. */
export async function sendDueNotifications(db: Db, mailer: Mailer, config: Pick<Config, "publicUrl" | "sessionSecret">, opts: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const claimed = await sql<{ id: string; submission_id: string }>`
    UPDATE mailbox_notifications SET attempts = attempts + 1, next_attempt_at = now() + interval '1 minute' * power(2, least(attempts, 10))
    WHERE id IN (
      SELECT id FROM mailbox_notifications
      WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < ${MAX_ATTEMPTS}
      ORDER BY id LIMIT ${opts.limit ?? 100} FOR UPDATE SKIP LOCKED)
    RETURNING id, submission_id`.execute(db);
  // Several changes of one case in the same run become one mail.
  const bySubmission = new Map<string, string[]>();
  for (const r of claimed.rows) bySubmission.set(r.submission_id, [...(bySubmission.get(r.submission_id) ?? []), String(r.id)]);
  let sent = 0;
  let failed = 0;
  for (const [submissionId, ids] of bySubmission) {
    try {
      const sub = await findSubmissionRefById(db, submissionId);
      const account = sub?.userId ? await findMailContact(db, sub.userId) : undefined;
      const to = account?.email ?? sub?.answerEmail ?? null;
      if (sub && to) {
        const t = translator((account?.locale === "en" ? "en" : "de") as Locale);
        const link = await newsLink(config, sub, (id, reference) => statusUrlFor(db, config, id, reference));
        await mailer.send({ to, subject: t("mailbox.mail.subject", { reference: sub.reference }), text: t("mailbox.mail.text", { reference: sub.reference, link }) });
        sent++;
      }
      // Nobody to tell (anonymous without e-mail) counts as done.
      await db.updateTable("mailbox_notifications").set({ sent_at: new Date(), last_error: null }).where("id", "in", ids).execute();
    } catch (err) {
      failed++;
      await db.updateTable("mailbox_notifications").set({ last_error: String((err as Error).message).slice(0, 300) }).where("id", "in", ids).execute();
    }
  }
  return { sent, failed };
}
