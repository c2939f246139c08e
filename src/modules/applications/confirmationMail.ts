/**
 * The confirmation mail of a submission: reference and the two links with the secret code (receipt PDF,
 * status), never the answers themselves. Queued right after the commit (platform mail queue) and sent at
 * once; when SMTP is down the queue's job retries it, the submission stands either way. An address typed
 * into the answers may be anyone's: at most RECIPIENT_MAILS_PER_HOUR such mails per recipient and hour.
 */
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../platform/db/index.js";
import { translator, type Locale } from "../../platform/i18n/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deliverQueuedMails, enqueueMail, recipientQuotaLeft } from "../../platform/mail/queue.js";
import { isEmailAddress } from "../../platform/mail/address.js";
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
  /** The recipient is the signed-in account's own (verified) address or the token holder's: no per-recipient limit. */
  ownAddress?: boolean;
}

export async function sendConfirmationMail(db: Db, mailer: Mailer, log: FastifyBaseLogger, m: ConfirmationMail): Promise<void> {
  const t = translator(m.locale ?? "de");
  const params = { title: m.title, reference: m.reference, receiptUrl: m.receiptUrl, statusUrl: m.statusUrl, amount: formatEuro(m.pending?.feeCents ?? 0), payUrl: m.pending?.payUrl ?? "" };
  const text = t(m.pending ? "applications.mail.textPending" : "applications.mail.text", params) + (m.note ? `\n${m.note}\n` : "");
  if (!isEmailAddress(m.to)) return;
  try {
    if (!m.ownAddress && !(await recipientQuotaLeft(db, "applications.confirmation", m.to))) {
      log.warn({ reference: m.reference }, "confirmation mail not sent: recipient limit reached");
      return;
    }
    const id = await enqueueMail(db, { kind: "applications.confirmation", ref: m.reference, to: m.to, subject: t("applications.mail.subject", params), text });
    await deliverQueuedMails(db, mailer, { ids: [id] });
  } catch (err) {
    log.warn({ err }, "confirmation mail not queued");
  }
}
