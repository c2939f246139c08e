/**
 * The transactional mail queue (table mail_queue): commands add their mails inside their own transaction
 * (or right after it), `deliverQueuedMails` sends them – right after the request for the request's own
 * mails, and every minute from the job "mail-queue" with back-off for failures, so a mail survives an
 * SMTP outage or a crashed node. At least once; the body is removed after sending. A permanent failure (5xx
 * for the recipient or the message, an address our rule refuses, the last attempt used up) marks the mail
 * failed (failed_at, reason in last_error): never retried, listed for administrators (`listFailedMails`).
 */
import { sql } from "kysely";
import type { Db } from "../db/index.js";
import type { JobDefinition } from "../jobs/index.js";
import type { Mailer } from "./index.js";
import { isEmailAddress } from "./address.js";
import { counterHitStatement, hitCounter } from "../http/rateLimitStore.js";

export interface QueuedMail {
  /** "<module>.<what>", e.g. "applications.confirmation" (appointments: "confirmation", "reminder" …). */
  kind: string;
  /** What the mail is about (booking code, reference): `deliverQueuedMails({ refs })` sends a request's own mails. */
  ref?: string;
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer | string; contentType: string }>;
  /** Extra headers (List-Unsubscribe …), stored with the mail. */
  headers?: Record<string, string>;
}

/**
 * Adds a mail to the queue (inside the caller's transaction when given one); returns its id. A recipient our
 * address rule refuses (an old row, a caller that skipped validation) is stored as failed, never sent.
 */
export async function enqueueMail(tx: Db, m: QueuedMail): Promise<string> {
  const attachments = m.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: Buffer.from(a.content).toString("base64") }));
  const refused = !isEmailAddress(m.to);
  return enqueue(tx, m, attachments, refused);
}

/**
 * `enqueueMail` for mails anyone can trigger to any address: the recipient's counter (as `recipientQuotaLeft`)
 * and the insert are one statement, and the mail is queued only while the recipient is within `perHour`
 * (undefined otherwise). In the caller's transaction, the count rolls back with it: only queued mails count.
 */
export async function enqueueMailWithinQuota(tx: Db, m: QueuedMail, perHour = RECIPIENT_MAILS_PER_HOUR): Promise<string | undefined> {
  if (!isEmailAddress(m.to)) return enqueueMail(tx, m);
  const attachments = m.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: Buffer.from(a.content).toString("base64") }));
  const r = await sql<{ id: string }>`
    WITH hit AS (${counterHitStatement(recipientKey(m.kind, m.to), 3600_000)})
    INSERT INTO mail_queue (kind, ref, recipient, subject, body, attachments, headers)
    SELECT ${m.kind}, ${m.ref ?? null}, ${m.to}, ${m.subject}, ${m.text}, ${attachments ? JSON.stringify(attachments) : null}::jsonb, ${m.headers ? JSON.stringify(m.headers) : null}::jsonb
    FROM hit WHERE hit.count <= ${perHour}
    RETURNING id`.execute(tx);
  const row = r.rows[0];
  return row ? String(row.id) : undefined;
}

async function enqueue(tx: Db, m: QueuedMail, attachments: Array<{ filename: string; contentType: string; contentBase64: string }> | undefined, refused: boolean): Promise<string> {
  const r = await tx
    .insertInto("mail_queue")
    .values({
      kind: m.kind,
      ref: m.ref ?? null,
      recipient: m.to,
      subject: m.subject,
      body: refused ? null : m.text,
      attachments: attachments && !refused ? JSON.stringify(attachments) : null,
      headers: m.headers ? JSON.stringify(m.headers) : null,
      ...(refused ? { failed_at: new Date(), last_error: "invalid_address" } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(r.id);
}

/** Give up after this many attempts (about a day with the back-off). */
export const MAX_ATTEMPTS = 12;

/** Confirmation mails one recipient gets per hour at most (issue 12: anonymous forms mailed third parties). */
export const RECIPIENT_MAILS_PER_HOUR = 5;

/**
 * Counts one mail of `kind` to `to` (PostgreSQL counter, all nodes) and tells whether it may still be sent:
 * false from the (RECIPIENT_MAILS_PER_HOUR + 1)-th within an hour. For mails anyone can trigger to any address.
 */
const recipientKey = (kind: string, to: string) => `mail:${kind}:${to.trim().toLowerCase()}`;

export async function recipientQuotaLeft(db: Db, kind: string, to: string, perHour = RECIPIENT_MAILS_PER_HOUR): Promise<boolean> {
  const r = await hitCounter(db, recipientKey(kind, to), 3600_000);
  return r.count <= perHour;
}

/**
 * A refusal for good: a 5xx answer to the recipient (RCPT TO) or the message (DATA). Not a 5xx to our
 * login or sender (EAUTH, MAIL FROM): that is our configuration, and the mail must wait until it is fixed.
 */
function isPermanent(err: { code?: unknown; responseCode?: unknown; command?: unknown }): boolean {
  const status = Number(err.responseCode);
  if (!(status >= 500 && status < 600)) return false;
  return (err.code === "EENVELOPE" && err.command !== "MAIL FROM") || err.code === "EMESSAGE";
}

/**
 * Sends due mails (only `ids`, or the mails about `refs`, when given: a request sends its own). Claiming pushes
 * next_attempt_at forward, so parallel senders (request and job, several nodes) never take the same mail at once.
 */
export async function deliverQueuedMails(db: Db, mailer: Mailer, opts: { ids?: string[]; refs?: string[]; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  if ((opts.ids && opts.ids.length === 0) || (opts.refs && opts.refs.length === 0)) return { sent: 0, failed: 0 };
  const claimed = await sql<{ id: string; recipient: string; subject: string; body: string; attachments: Array<{ filename: string; contentBase64: string; contentType: string }> | null; headers: Record<string, string> | null; attempts: number }>`
    UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = now() + interval '1 minute' * power(2, least(attempts, 10))
    WHERE id IN (
      SELECT id FROM mail_queue
      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now() AND attempts < ${MAX_ATTEMPTS}
        ${opts.ids ? sql`AND id = ANY(${opts.ids.map(Number)}::bigint[])` : sql``}
        ${opts.refs ? sql`AND ref = ANY(${opts.refs}::text[])` : sql``}
      ORDER BY id LIMIT ${opts.limit ?? 50} FOR UPDATE SKIP LOCKED)
    RETURNING id, recipient, subject, body, attachments, headers, attempts`.execute(db);
  let sent = 0;
  let failed = 0;
  for (const m of claimed.rows) {
    try {
      await mailer.send({
        to: m.recipient,
        subject: m.subject,
        text: m.body,
        attachments: m.attachments?.map((a) => ({ filename: a.filename, content: Buffer.from(a.contentBase64, "base64"), contentType: a.contentType })),
        ...(m.headers ? { headers: m.headers } : {}),
      });
      await db.updateTable("mail_queue").set({ sent_at: new Date(), body: null, attachments: null, headers: null, last_error: null }).where("id", "=", m.id).execute();
      sent++;
    } catch (e) {
      const err = e as { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown };
      const code = String(err.code ?? "send_failed");
      if (isPermanent(err)) {
        // The server's reply is the reason staff need ("550 5.1.1 User unknown"); the row holds the address anyway.
        const reason = `${code} ${typeof err.response === "string" ? err.response : String(err.responseCode)}`.replace(/\s+/g, " ").slice(0, 300);
        await db.updateTable("mail_queue").set({ failed_at: new Date(), last_error: reason, body: null, attachments: null, headers: null }).where("id", "=", m.id).execute();
      } else {
        // Transient: the code and status only (the text can echo addresses); back-off was set when claimed.
        const reason = `${code}${err.responseCode ? ` ${String(err.responseCode)}` : ""}`.slice(0, 100);
        const lastTry = Number(m.attempts) >= MAX_ATTEMPTS;
        await db.updateTable("mail_queue").set({ last_error: reason, ...(lastTry ? { failed_at: new Date(), body: null, attachments: null, headers: null } : {}) }).where("id", "=", m.id).execute();
      }
      failed++;
    }
  }
  return { sent, failed };
}

/** A mail given up for good, for the administrators' list. */
export interface FailedMail {
  id: string;
  kind: string;
  ref: string | null;
  recipient: string | null;
  subject: string;
  attempts: number;
  failedAt: Date;
  reason: string;
}

/** The most recent failed mails, newest first. */
export async function listFailedMails(db: Db, limit = 200): Promise<FailedMail[]> {
  const rows = await db
    .selectFrom("mail_queue")
    .select(["id", "kind", "ref", "recipient", "subject", "attempts", "failed_at", "last_error"])
    .where("failed_at", "is not", null)
    .orderBy("failed_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, ref: r.ref, recipient: r.recipient, subject: r.subject, attempts: r.attempts, failedAt: r.failed_at!, reason: r.last_error ?? "" }));
}

/** Sweeps what was not sent right away (SMTP down, node gone): back-off per row; mails through the app's mailer. */
export const mailQueueJob: JobDefinition = {
  name: "mail-queue",
  cron: "* * * * *",
  async handler({ db, mailer }) {
    await deliverQueuedMails(db, mailer, { limit: 200 });
  },
};
