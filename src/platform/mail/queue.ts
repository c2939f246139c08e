/**
 * The transactional mail queue (table mail_queue): commands add their mails inside their own transaction
 * (or right after it), `deliverQueuedMails` sends them – right after the request for the request's own
 * mails, and every minute from the job "mail-queue" with back-off for failures, so a mail survives an
 * SMTP outage or a crashed node. At least once; the body is removed after sending.
 */
import { sql } from "kysely";
import type { Db } from "../db/index.js";
import type { JobDefinition } from "../jobs/index.js";
import type { Mailer } from "./index.js";

export interface QueuedMail {
  /** "<module>.<what>", e.g. "applications.confirmation" (appointments: "confirmation", "reminder" …). */
  kind: string;
  /** What the mail is about (booking code, reference): `deliverQueuedMails({ refs })` sends a request's own mails. */
  ref?: string;
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

/** Adds a mail to the queue (inside the caller's transaction when given one); returns its id. */
export async function enqueueMail(tx: Db, m: QueuedMail): Promise<string> {
  const attachments = m.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: Buffer.from(a.content).toString("base64") }));
  const r = await tx
    .insertInto("mail_queue")
    .values({ kind: m.kind, ref: m.ref ?? null, recipient: m.to, subject: m.subject, body: m.text, attachments: attachments ? JSON.stringify(attachments) : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(r.id);
}

/** Give up after this many attempts (about a day with the back-off). */
export const MAX_ATTEMPTS = 12;

/**
 * Sends due mails (only `ids`, or the mails about `refs`, when given: a request sends its own). Claiming pushes
 * next_attempt_at forward, so parallel senders (request and job, several nodes) never take the same mail at once.
 */
export async function deliverQueuedMails(db: Db, mailer: Mailer, opts: { ids?: string[]; refs?: string[]; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  if ((opts.ids && opts.ids.length === 0) || (opts.refs && opts.refs.length === 0)) return { sent: 0, failed: 0 };
  const claimed = await sql<{ id: string; recipient: string; subject: string; body: string; attachments: Array<{ filename: string; contentBase64: string; contentType: string }> | null }>`
    UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = now() + interval '1 minute' * power(2, least(attempts, 10))
    WHERE id IN (
      SELECT id FROM mail_queue
      WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < ${MAX_ATTEMPTS}
        ${opts.ids ? sql`AND id = ANY(${opts.ids.map(Number)}::bigint[])` : sql``}
        ${opts.refs ? sql`AND ref = ANY(${opts.refs}::text[])` : sql``}
      ORDER BY id LIMIT ${opts.limit ?? 50} FOR UPDATE SKIP LOCKED)
    RETURNING id, recipient, subject, body, attachments`.execute(db);
  let sent = 0;
  let failed = 0;
  for (const m of claimed.rows) {
    try {
      await mailer.send({
        to: m.recipient,
        subject: m.subject,
        text: m.body,
        attachments: m.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.contentBase64, "base64"), contentType: a.contentType })),
      });
      await db.updateTable("mail_queue").set({ sent_at: new Date(), body: null, attachments: null, last_error: null }).where("id", "=", m.id).execute();
      sent++;
    } catch (err) {
      // Only the error code: SMTP messages can echo addresses.
      const code = (err as { code?: unknown; responseCode?: unknown }).code ?? (err as { responseCode?: unknown }).responseCode ?? "send_failed";
      await db.updateTable("mail_queue").set({ last_error: String(code).slice(0, 100) }).where("id", "=", m.id).execute();
      failed++;
    }
  }
  return { sent, failed };
}

/** Sweeps what was not sent right away (SMTP down, node gone): back-off per row; mails through the app's mailer. */
export const mailQueueJob: JobDefinition = {
  name: "mail-queue",
  cron: "* * * * *",
  async handler({ db, mailer }) {
    await deliverQueuedMails(db, mailer, { limit: 200 });
  },
};
