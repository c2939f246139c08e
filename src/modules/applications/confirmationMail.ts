/**
 * The confirmation mail of a submission: reference and the two links with the secret code (receipt PDF,
 * status), never the answers themselves. Queued in the submitting transaction (platform mail queue) and
 * sent right after the commit; when SMTP is down the queue's job retries it.
 */
import { translator, type Locale } from "../../platform/i18n/index.js";
import { formatEuro } from "../../platform/i18n/format.js";
import type { QueuedMail } from "../../platform/mail/queue.js";
import { confirmationPath, receiptPdfPath, statusPath } from "./paths.js";

/** Who is told of a submission and in which language (the same rules for the web flow and the API). */
export interface SubmissionNotice {
  /** The reader's language: the request's in the browser, the account's for a personal API token. */
  locale: Locale;
  /** The signed-in account (session or API token). */
  account?: { email: string };
  /** Name of the personal API token that sent it: the account holder is told, with where to revoke it. */
  viaToken?: string;
}

/**
 * The address the confirmation goes to: with an API token the account holder (who learns of every application
 * a program sent in their name); otherwise the e-mail address answered, else the signed-in account's.
 */
export function confirmationRecipient(notice: SubmissionNotice, answers: Record<string, unknown>): string | undefined {
  if (notice.viaToken && notice.account) return notice.account.email;
  const answered = typeof answers.email === "string" && answers.email.trim() ? answers.email.trim() : undefined;
  return answered ?? notice.account?.email;
}

export interface ConfirmationMail {
  to: string;
  locale: Locale;
  title: string;
  reference: string;
  statusCode: string;
  publicUrl: string;
  /** A fee that must be paid before the application is processed ("pay before"). */
  pendingFeeCents?: number;
  viaToken?: string;
}

/** The queued mail (subject and text in the reader's language). */
export function confirmationMail(m: ConfirmationMail): QueuedMail {
  const t = translator(m.locale);
  const params = {
    title: m.title,
    reference: m.reference,
    receiptUrl: `${m.publicUrl}${receiptPdfPath(m.reference, m.statusCode)}`,
    statusUrl: `${m.publicUrl}${statusPath(m.reference, m.statusCode)}`,
    amount: formatEuro(m.pendingFeeCents ?? 0),
    payUrl: m.pendingFeeCents ? `${m.publicUrl}${confirmationPath(m.reference, m.statusCode)}` : "",
  };
  const note = m.viaToken ? t("applications.mail.viaToken", { token: m.viaToken, revokeUrl: `${m.publicUrl}/konto#api-zugaenge` }) : undefined;
  const text = t(m.pendingFeeCents ? "applications.mail.textPending" : "applications.mail.text", params) + (note ? `\n${note}\n` : "");
  return { kind: "applications.confirmation", ref: m.reference, to: m.to, subject: t("applications.mail.subject", params), text };
}
