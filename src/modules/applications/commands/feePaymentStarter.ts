import type { FastifyInstance } from "fastify";
/** Starting the online payment of a submission's fee (payments module), from the confirmation page or right after submitting. */
import type { Config } from "../../../platform/config.js";
import type { CommandContext } from "../../../platform/commands.js";
import { handoverPath, PaymentProviderError, startPayment } from "../../payments/index.js";
import { calculate, type Answers, type FormDefinition } from "../../forms/index.js";
import { statusCodeFor } from "./applicationSubmitter.js";
import { feePaymentMode, PAYMENT_PENDING } from "../payment.js";
import { findSubmission } from "../queries.js";

/** The line item's booking data: reference and form, the rule's fixed entries, and entries from the answers. */
function bookingDataOf(def: FormDefinition, sub: { reference: string; answers: Answers }): Record<string, string> {
  const data: Record<string, string> = { aktenzeichen: sub.reference, formular: def.id };
  if (def.fee.kind === "none") return data;
  Object.assign(data, def.fee.bookingData ?? {});
  for (const [key, field] of Object.entries(def.fee.bookingFields ?? {})) {
    const v = sub.answers[field];
    if (typeof v === "string" || typeof v === "number") data[key] = String(v).slice(0, 100);
  }
  return data;
}

/** Starts paying a submission's fee; the URL to send the citizen to, or undefined when it is paid already. */
export async function startFeePayment(ctx: CommandContext, app: FastifyInstance, def: FormDefinition, sub: { id: string; reference: string; fee_cents: number; answers: Answers; submitted_at: Date }): Promise<{ redirect?: string; unavailable?: boolean }> {
  const { config } = app.deps;
  const code = await statusCodeFor(ctx.db, config.sessionSecret, sub.id);
  // A computed amount names its period ("Hundesteuer 2026 (anteilig)"), dated by the submission like the receipt.
  const due = def.fee.kind === "computed" ? calculate(def.fee.calculation, sub.answers, (_l, v) => v, sub.submitted_at)?.due?.title : undefined;
  const reason = def.fee.kind === "none" ? def.title : (due ?? def.fee.reason);
  const r = await startPayment(
    app,
    ctx,
    {
      subjectType: "application",
      subjectId: sub.id,
      amountCents: sub.fee_cents,
      purpose: sub.reference,
      reference: sub.reference,
      description: `${def.title} (${sub.reference})`,
      items: [{ id: "1", reference: sub.reference, description: reason.slice(0, 200), amountCents: sub.fee_cents, bookingData: bookingDataOf(def, sub) }],
      returnPath: `/antraege/eingang/${sub.reference}?code=${encodeURIComponent(code)}`,
    },
  );
  if (r.kind === "redirect") return { redirect: handoverPath(r.transactionId) };
  if (r.kind === "unavailable") return { unavailable: true };
  return {};
}

/** After a web submission of a "pay before" form: where to send the citizen (the payment service), or undefined. */
export async function payBeforeRedirect(ctx: CommandContext, app: FastifyInstance, def: FormDefinition, outcome: { kind: string; reference?: string; statusCode?: string }): Promise<string | undefined> {
  if (feePaymentMode(app, def) !== "before" || !outcome.reference) return undefined;
  const sub = await findSubmission(ctx.db, outcome.reference);
  if (!sub || sub.status !== PAYMENT_PENDING) return undefined;
  try {
    const r = await startFeePayment(ctx, app, def, sub);
    if (r.redirect) return r.redirect;
  } catch (err) {
    if (!(err instanceof PaymentProviderError)) throw err;
  }
  // Unavailable: the pending page offers the payment again.
  return undefined;
}
