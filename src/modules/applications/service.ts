/** Submitting an application, the same for the web flow and the API: validate, check the schema, store, confirm, ask for a fee paid before. */
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Config } from "../../platform/config.js";
import type { CommandContext } from "../../platform/commands.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { checkAnswers, checkStructure, feeFor, validateAgainstSchema, type AnswerError, type Answers } from "../forms/index.js";
import { applicationSubmitter } from "./commands/applicationSubmitter.js";
import { confirmationRecipient, type SubmissionNotice } from "./confirmationMail.js";
import { receiptPdfPath, statusPath } from "./paths.js";
import { feePaymentMode } from "./payment.js";
import { payBeforeRedirect } from "./commands/feePaymentStarter.js";
import type { FormRow } from "./queries.js";
import { postcodeErrors } from "./postcodes.js";
import { FileLinkError, fileLinksFor, resolveApiFiles } from "./uploads.js";

export { receiptPath, receiptPdfPath, statusPath } from "./paths.js";

export type SubmitOutcome =
  | { kind: "invalid"; errors: AnswerError[]; errorCount?: number }
  | { kind: "conflict" }
  | { kind: "created" | "replayed"; reference: string; statusCode: string; receiptUrl: string; statusUrl: string; feeCents: number; paymentPending: boolean; mailId?: string; /** completeSubmission with payNow: where the citizen pays first. */ payRedirect?: string };

export interface SubmitOptions {
  source: "form" | "json";
  userId: string | null;
  channel: "web" | "api";
  idempotencyKey?: string;
  requestHash?: string;
  draftId?: string;
  /** Store as payment_pending (when there is a fee): the case opens when it is paid. */
  paymentPending?: boolean;
  /** Queue the confirmation mail with the submission (when there is someone to send it to). */
  notice?: SubmissionNotice;
}

/** Validates raw answers (authoritative), checks the JSON copy against the form's schema, and stores the submission. */
export async function submitApplication(ctx: CommandContext, config: Pick<Config, "sessionSecret" | "publicUrl">, form: FormRow, raw: Record<string, unknown>, opts: SubmitOptions): Promise<SubmitOutcome> {
  // Unknown keys and oversized lists first: nothing below copies or walks a body that cannot fit the form.
  const refused = opts.source === "json" ? checkStructure(form.definition, raw) : undefined;
  if (refused) return { kind: "invalid", ...refused };
  // API file fields name upload ids; they become references to the stored uploads before the check.
  const input = opts.source === "json" ? await resolveApiFiles(ctx.db, form.definition, raw) : raw;
  const { answers, errors, errorCount } = checkAnswers(form.definition, input, opts.source);
  if (errors.length) return { kind: "invalid", errors, errorCount };
  const postcodes = await postcodeErrors(ctx.db, form.definition, answers);
  if (postcodes.length) return { kind: "invalid", errors: postcodes };
  const schemaErrors = validateAgainstSchema(form.jsonSchema, answers);
  if (schemaErrors.length) return { kind: "invalid", errors: schemaErrors };
  const files = await fileLinksFor(ctx.db, form.definition, answers, opts);
  const feeCents = feeFor(form.definition, answers);
  const paymentPending = !!opts.paymentPending && feeCents > 0;
  const to = opts.notice && confirmationRecipient(opts.notice, answers);
  // An address typed into the answers may be anyone's: at most RECIPIENT_MAILS_PER_HOUR such mails per
  // recipient and hour (the account's own address is not limited); the submission stands either way. The
  // recipient's counter is part of the mail's insert in the submitting transaction (one statement, issue 13).
  const own = !!to && !!opts.notice?.account && to.toLowerCase() === opts.notice.account.email.toLowerCase();
  let result;
  try {
    result = await applicationSubmitter(ctx, {
      formId: form.id,
      formVersion: form.version,
      service: { title: form.title, leikaKeys: form.leikaKeys ?? [] },
      referencePrefix: form.definition.referencePrefix,
      answers: answers as Answers,
      feeCents,
      userId: opts.userId,
      channel: opts.channel,
      statusSecret: config.sessionSecret,
      idempotencyKey: opts.idempotencyKey,
      requestHash: opts.requestHash,
      draftId: opts.draftId,
      status: paymentPending ? "payment_pending" : undefined,
      files,
      confirmationQuota: !own,
      confirmation: to ? { to, locale: opts.notice!.locale, title: form.definition.title, publicUrl: config.publicUrl, viaToken: opts.notice!.viaToken } : undefined,
    });
  } catch (err) {
    if (err instanceof FileLinkError) return { kind: "invalid", errors: err.errors };
    throw err;
  }
  if (result.kind === "conflict") return result;
  return {
    kind: result.kind,
    reference: result.reference,
    statusCode: result.statusCode,
    receiptUrl: `${config.publicUrl}${receiptPdfPath(result.reference, result.statusCode)}`,
    statusUrl: `${config.publicUrl}${statusPath(result.reference, result.statusCode)}`,
    feeCents,
    paymentPending,
    mailId: result.mailId,
  };
}

/**
 * The whole submission, for the web flow and the API alike: stored with its confirmation mail (in the reader's
 * language) in one transaction, the mail sent right after the commit, and a fee the form wants paid before
 * kept open (payment_pending, the mail says where to pay). `payNow` (browser) also starts the payment and
 * returns where to send the citizen.
 */
export async function completeSubmission(
  ctx: CommandContext,
  deps: { app: FastifyInstance; config: Config; mailer: Mailer; log: FastifyBaseLogger },
  form: FormRow,
  raw: Record<string, unknown>,
  opts: Omit<SubmitOptions, "paymentPending" | "notice"> & { notice: SubmissionNotice; payNow?: boolean },
): Promise<SubmitOutcome> {
  const { payNow, ...submit } = opts;
  const outcome = await submitApplication(ctx, deps.config, form, raw, { ...submit, paymentPending: feePaymentMode(deps.app, form.definition) === "before" });
  if (outcome.kind !== "created") return outcome;
  if (outcome.mailId) {
    try {
      await deliverQueuedMails(ctx.db, deps.mailer, { ids: [outcome.mailId] });
    } catch (err) {
      // It stays queued: the job "mail-queue" sends it.
      deps.log.warn({ err }, "confirmation mail not sent yet");
    }
  }
  const payRedirect = payNow && outcome.paymentPending ? await payBeforeRedirect(ctx, deps.app, form.definition, outcome) : undefined;
  return { ...outcome, payRedirect };
}
