/**
 * The confirmation mail of a submission: reference and the two links with the secret code (receipt PDF,
 * status), never the answers themselves. Queued right after the commit (platform mail queue) and sent at
 * once; when SMTP is down the queue's job retries it, the submission stands either way.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../platform/db/index.js";
import type { Locale } from "../../platform/i18n/index.js";
import { translator } from "./i18n.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deliverQueuedMails, enqueueMail } from "../../platform/mail/queue.js";
import { formatEuro } from "../../platform/i18n/format.js";


export interface ConfirmationMail {
  to: string;
  title: string;
  reference: string;
  receiptUrl: string;
  statusUrl: string;
  /** A fee that must be paid before the application is processed ("pay before"): amount and where to pay. */
  pending?: { feeCents: number; payUrl: string };
  /** Extra lines, e.g. which API token sent it. */
  note?: string;
  locale?: Locale;
}

export async function sendConfirmationMail(db: Db, mailer: Mailer, log: FastifyBaseLogger, m: ConfirmationMail): Promise<void> {
  const t = translator(m.locale ?? "de");
  const params = { title: m.title, reference: m.reference, receiptUrl: m.receiptUrl, statusUrl: m.statusUrl, amount: formatEuro(m.pending?.feeCents ?? 0), payUrl: m.pending?.payUrl ?? "" };
  const text = t(m.pending ? "applications.mail.textPending" : "applications.mail.text", params) + (m.note ? `\n${m.note}\n` : "");
  try {
    const id = await enqueueMail(db, { kind: "applications.confirmation", ref: m.reference, to: m.to, subject: t("applications.mail.subject", params), text });
    await deliverQueuedMails(db, mailer, { ids: [id] });
  } catch (err) {
    log.warn({ err }, "confirmation mail not queued");
  }
}
