/**
 * The confirmation mail of a submission: reference and the two links with the secret code (receipt PDF,
 * status), never the answers themselves. Sent after the commit; a failed send is logged, the submission
 * stands (the confirmation page shows the same links).
 */
import type { FastifyBaseLogger } from "fastify";
import { translator, type Locale } from "../../platform/i18n/index.js";
import type { Mailer } from "../../platform/mail/index.js";

const euro = (cents: number) => `${(cents / 100).toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

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

export async function sendConfirmationMail(mailer: Mailer, log: FastifyBaseLogger, m: ConfirmationMail): Promise<void> {
  const t = translator(m.locale ?? "de");
  const params = { title: m.title, reference: m.reference, receiptUrl: m.receiptUrl, statusUrl: m.statusUrl, amount: euro(m.pending?.feeCents ?? 0), payUrl: m.pending?.payUrl ?? "" };
  const text = t(m.pending ? "applications.mail.textPending" : "applications.mail.text", params) + (m.note ? `\n${m.note}\n` : "");
  try {
    await mailer.send({ to: m.to, subject: t("applications.mail.subject", params), text });
  } catch (err) {
    log.warn({ err }, "confirmation mail failed");
  }
}
