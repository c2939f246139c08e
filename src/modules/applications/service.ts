/** Submitting an application (shared by the web flow and the API): validate, check the schema, store. */
import type { Config } from "../../platform/config.js";
import type { CommandContext } from "../../platform/commands.js";
import { checkAnswers, checkStructure, feeFor, type AnswerError, type Answers } from "./answers.js";
import { applicationSubmitter } from "./commands/applicationSubmitter.js";
import { validateAgainstSchema } from "./jsonSchema.js";
import type { FormRow } from "./queries.js";
import { FileLinkError, fileLinksFor, resolveApiFiles } from "./uploads.js";

export type SubmitOutcome =
  | { kind: "invalid"; errors: AnswerError[]; errorCount?: number }
  | { kind: "conflict" }
  | { kind: "created" | "replayed"; reference: string; statusCode: string; receiptUrl: string; statusUrl: string; feeCents: number; paymentPending: boolean };

/** Printable HTML receipt; the API's receiptUrl points at the PDF (receiptPdfPath). */
export const receiptPath = (reference: string, code: string) => `/antraege/quittung/${reference}?code=${encodeURIComponent(code)}`;
export const receiptPdfPath = (reference: string, code: string) => `/antraege/quittung/${reference}/pdf?code=${encodeURIComponent(code)}`;
export const statusPath = (reference: string, code: string) => `/antraege/status/${reference}?code=${encodeURIComponent(code)}`;

/** Validates raw answers (authoritative), checks the JSON copy against the form's schema, and stores the submission. */
export async function submitApplication(
  ctx: CommandContext,
  config: Pick<Config, "sessionSecret" | "publicUrl">,
  form: FormRow,
  raw: Record<string, unknown>,
  opts: { source: "form" | "json"; userId: string | null; channel: "web" | "api"; idempotencyKey?: string; requestHash?: string; draftId?: string; paymentPending?: boolean },
): Promise<SubmitOutcome> {
  // Unknown keys and oversized lists first: nothing below copies or walks a body that cannot fit the form.
  const refused = opts.source === "json" ? checkStructure(form.definition, raw) : undefined;
  if (refused) return { kind: "invalid", ...refused };
  // API file fields name upload ids; they become references to the stored uploads before the check.
  const input = opts.source === "json" ? await resolveApiFiles(ctx.db, form.definition, raw) : raw;
  const { answers, errors, errorCount } = checkAnswers(form.definition, input, opts.source);
  if (errors.length) return { kind: "invalid", errors, errorCount };
  const schemaErrors = validateAgainstSchema(form.jsonSchema, answers);
  if (schemaErrors.length) return { kind: "invalid", errors: schemaErrors };
  const files = await fileLinksFor(ctx.db, form.definition, answers, opts);
  const feeCents = feeFor(form.definition, answers);
  const paymentPending = !!opts.paymentPending && feeCents > 0;
  let result;
  try {
    result = await applicationSubmitter(ctx, {
      formId: form.id,
      formVersion: form.version,
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
  };
}
