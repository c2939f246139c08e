/**
 * Fees of applications paid online through the payments module: "before" (the submission is stored as
 * payment_pending and only completes – status received, case opened – when the payment is PAYED) or
 * "after" (received at once, "payment open" with a pay link on the confirmation and status pages).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../../platform/config.js";
import type { CommandContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { readForm } from "../../platform/forms.js";
import { registerMessages, type Translate } from "../../platform/i18n/index.js";
import { Alert, Button, CsrfField, PageHeading } from "../../platform/views/components.js";
import type { ViewContext } from "../../platform/views/context.js";
import { getCaseForSubmission, openCaseForSubmission, recordCaseEvent } from "../cases/index.js";
import { handoverPath, PaymentProviderError, paymentProvider, paymentStatusOf, registerPaymentSubject, startPayment, type PaymentStatus } from "../payments/index.js";
import { statusCodeFor } from "./commands/applicationSubmitter.js";
import type { Answers } from "./answers.js";
import { calculate } from "./calculations.js";
import type { FormDefinition } from "./definition.js";
import { authorizeSubmission, type ApplicationActor } from "./policies.js";
import { feeLabel } from "./pages/views.js";
import { findForm, findSubmission } from "./queries.js";
import { formatEuro } from "../../platform/i18n/format.js";

export const PAYMENT_PENDING = "payment_pending";

/** How a form's fee is paid online; undefined when the form has no fee rule. */
export function feePaymentMode(def: FormDefinition): "before" | "after" | undefined {
  if (def.fee.kind === "none") return undefined;
  // Without a payment service nobody could complete a "before" submission: it is received, the fee stays open.
  if (!paymentProvider()) return "after";
  return def.fee.payment ?? "after";
}

registerMessages({
  de: {
    "applications.payment.paid": "{what} bezahlt: {amount}",
    "applications.payment.open": "{what} offen: {amount}",
    "applications.payment.openText": "Bitte bezahlen Sie den Betrag online. Sie werden zum Bezahldienst weitergeleitet und kommen danach hierher zurück.",
    "applications.payment.pay": "{what} jetzt bezahlen",
    "applications.payment.pendingTitle": "Antrag noch nicht abgeschlossen",
    "applications.payment.pendingText": "Ihr Antrag ({reference}) wird erst nach der Zahlung der Gebühr von {amount} bearbeitet. Er ist gespeichert; die Zahlung ist noch nicht eingegangen.",
    "applications.payment.unavailable": "Die Online-Zahlung ist gerade nicht möglich. Es wurde nichts abgebucht. Bitte versuchen Sie es später erneut.",
    "applications.payment.status": "Zahlung",
  },
  en: {
    "applications.payment.paid": "{what} paid: {amount}",
    "applications.payment.open": "{what} open: {amount}",
    "applications.payment.openText": "Please pay the amount online. You will be taken to the payment service and brought back here afterwards.",
    "applications.payment.pay": "Pay now ({what})",
    "applications.payment.pendingTitle": "Application not completed yet",
    "applications.payment.pendingText": "Your application ({reference}) will be processed once the fee of {amount} is paid. It is saved; the payment has not arrived yet.",
    "applications.payment.unavailable": "Online payment is not possible right now. Nothing was charged. Please try again later.",
    "applications.payment.status": "Payment",
  },
});


// Paid "before": the submission completes in the transaction that books the payment.
registerPaymentSubject("application", {
  async onPaid(tx, paid) {
    const sub = await tx.selectFrom("application_submissions").selectAll().where("id", "=", paid.subjectId).forUpdate().executeTakeFirst();
    if (!sub) return;
    if (sub.status === PAYMENT_PENDING) {
      await tx.updateTable("application_submissions").set({ status: "received" }).where("id", "=", sub.id).execute();
      await openCaseForSubmission(tx, { submissionId: sub.id, reference: sub.reference, formId: sub.form_id, formVersion: sub.form_version, answers: sub.answers, userId: sub.user_id, actor: { type: "system", id: null } });
    }
    // On the applicant's timeline; a citizen-visible event also queues the link-only mail (mailbox module).
    const kase = await getCaseForSubmission(tx, sub.id);
    if (kase) await recordCaseEvent(tx, { caseId: kase.id, actor: { type: "system", id: null }, kind: "payment_received", visibility: "citizen", text: `Zahlung eingegangen: ${formatEuro(paid.amountCents)}`, details: { paymentId: paid.id } });
  },
});

/** The payment state of a submission for its pages and receipt (undefined: no fee). */
export async function submissionPayment(db: Db, sub: { id: string; fee_cents: number }): Promise<{ status: PaymentStatus | "OPEN"; amountCents: number; paidAt: Date | null } | undefined> {
  if (sub.fee_cents <= 0) return undefined;
  const p = await paymentStatusOf(db, "application", sub.id);
  if (p?.status === "PAYED") return { status: "PAYED", amountCents: p.amountCents, paidAt: p.paidAt };
  return { status: "OPEN", amountCents: sub.fee_cents, paidAt: null };
}

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
export async function startFeePayment(ctx: CommandContext, config: Config, def: FormDefinition, sub: { id: string; reference: string; fee_cents: number; answers: Answers; submitted_at: Date }): Promise<{ redirect?: string; unavailable?: boolean }> {
  const code = await statusCodeFor(ctx.db, config.sessionSecret, sub.id);
  // A computed amount names its period ("Hundesteuer 2026 (anteilig)"), dated by the submission like the receipt.
  const due = def.fee.kind === "computed" ? calculate(def.fee.calculation, sub.answers, (_l, v) => v, sub.submitted_at)?.due?.title : undefined;
  const reason = def.fee.kind === "none" ? def.title : (due ?? def.fee.reason);
  const r = await startPayment(
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
    config,
  );
  if (r.kind === "redirect") return { redirect: handoverPath(r.transactionId) };
  if (r.kind === "unavailable") return { unavailable: true };
  return {};
}

/** Fee box on confirmation and status pages: paid, or open with the pay button. */
export function PaymentBox({ ctx, payment, reference, code, what }: { ctx: ViewContext; payment: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>; reference: string; code: string; what: string }) {
  if (payment.status === "PAYED") return <Alert kind="success" title={ctx.t("applications.payment.paid", { what, amount: formatEuro(payment.amountCents) })} />;
  return (
    <div class="kern-stack">
      <Alert kind="warning" title={ctx.t("applications.payment.open", { what, amount: formatEuro(payment.amountCents) })}>
        <p class="kern-body">{ctx.t("applications.payment.openText")}</p>
      </Alert>
      <form method="post" action={`/antraege/eingang/${reference}/bezahlen`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="code" value={code} />
        <Button>{ctx.t("applications.payment.pay", { what })}</Button>
      </form>
    </div>
  );
}

/** Shown instead of the confirmation while a "pay before" submission waits for its payment. */
export function PendingPaymentPage({ ctx, payment, reference, code, notice, what }: { ctx: ViewContext; payment: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>; reference: string; code: string; notice?: string; what: string }) {
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{ctx.t("applications.payment.pendingTitle")}</PageHeading>
      {notice && <Alert kind="danger" title={notice} />}
      <p class="kern-body">{ctx.t("applications.payment.pendingText", { reference, amount: formatEuro(payment.amountCents) })}</p>
      <PaymentBox ctx={ctx} payment={payment} reference={reference} code={code} what={what} />
    </div>
  );
}

/** Receipt line (HTML and PDF). */
export const paymentLine = (t: Translate, p: NonNullable<Awaited<ReturnType<typeof submissionPayment>>>, what: string) =>
  t(p.status === "PAYED" ? "applications.payment.paid" : "applications.payment.open", { what, amount: formatEuro(p.amountCents) });

/** POST /antraege/eingang/:reference/bezahlen: whoever holds the status code pays the fee. */
export async function applicationPaymentRoutes(app: FastifyInstance) {
  const actorOf = (req: FastifyRequest, code: string): ApplicationActor => ({ ...req.actor(), statusCode: code });
  const { db, config } = app.deps;
  app.post<{ Params: { reference: string } }>("/antraege/eingang/:reference/bezahlen", { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (req, reply) => {
    const { code } = readForm(req.body, ["code"] as const);
    const sub = await findSubmission(db, req.params.reference);
    authorizeSubmission(actorOf(req, code), "read", sub);
    const form = await findForm(db, sub.form_id, sub.form_version);
    const back = `/antraege/eingang/${sub.reference}?code=${encodeURIComponent(code)}`;
    if (!form || sub.fee_cents <= 0) return reply.redirect(back, 303);
    try {
      const r = await startFeePayment({ actor: req.actor(), db, requestId: req.id }, config, form.definition, sub);
      if (r.redirect) return reply.redirect(r.redirect, 303);
      if (!r.unavailable) return reply.redirect(back, 303);
    } catch (err) {
      if (!(err instanceof PaymentProviderError)) throw err;
    }
    const payment = (await submissionPayment(db, sub))!;
    return reply.page(req.t("applications.payment.pendingTitle"), (ctx) => <PendingPaymentPage ctx={ctx} payment={payment} reference={sub.reference} code={code} notice={req.t("applications.payment.unavailable")} what={feeLabel(form.definition, ctx.t)} />, { status: 503, noindex: true });
  });
}

/** After a web submission of a "pay before" form: where to send the citizen (the payment service), or undefined. */
export async function payBeforeRedirect(ctx: CommandContext, config: Config, def: FormDefinition, outcome: { kind: string; reference?: string; statusCode?: string }): Promise<string | undefined> {
  if (feePaymentMode(def) !== "before" || !outcome.reference) return undefined;
  const sub = await findSubmission(ctx.db, outcome.reference);
  if (!sub || sub.status !== PAYMENT_PENDING) return undefined;
  try {
    const r = await startFeePayment(ctx, config, def, sub);
    if (r.redirect) return r.redirect;
  } catch (err) {
    if (!(err instanceof PaymentProviderError)) throw err;
  }
  // Unavailable: the pending page offers the payment again.
  return undefined;
}
