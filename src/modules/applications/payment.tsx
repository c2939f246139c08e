/**
 * Fees of applications paid online through the payments module: "before" (the submission is stored as
 * payment_pending and only completes – status received, case opened – when the payment is PAYED) or
 * "after" (received at once, "payment open" with a pay link on the confirmation and status pages).
 */
import type { FastifyInstance } from "fastify";
import type { PaymentSubjectHandler } from "../../platform/modules.js";
import { formatEuro } from "../../platform/i18n/format.js";
import { getCaseForSubmission, openCaseForSubmission, recordCaseEvent } from "../cases/index.js";
import { paymentProvider } from "../payments/index.js";
import { formServiceFacts } from "./queries.js";
import type { FormDefinition } from "../forms/index.js";

export const PAYMENT_PENDING = "payment_pending";

/** How a form's fee is paid online; undefined when the form has no fee rule. */
export function feePaymentMode(app: FastifyInstance, def: FormDefinition): "before" | "after" | undefined {
  if (def.fee.kind === "none") return undefined;
  // Without a payment service nobody could complete a "before" submission: it is received, the fee stays open.
  if (!paymentProvider(app)) return "after";
  return def.fee.payment ?? "after";
}


/** Paid "before": the submission completes in the transaction that books the payment (listed in the module definition). */
export const applicationPaymentSubject: PaymentSubjectHandler = {
  async onPaid(tx, paid) {
    const sub = await tx.selectFrom("application_submissions").selectAll().where("id", "=", paid.subjectId).forUpdate().executeTakeFirst();
    if (!sub) return;
    if (sub.status === PAYMENT_PENDING) {
      await tx.updateTable("application_submissions").set({ status: "received" }).where("id", "=", sub.id).execute();
      await openCaseForSubmission(tx, { submissionId: sub.id, reference: sub.reference, formId: sub.form_id, formVersion: sub.form_version, service: await formServiceFacts(tx, sub.form_id, sub.form_version), answers: sub.answers, userId: sub.user_id, actor: { type: "system", id: null } });
    }
    // On the applicant's timeline; a citizen-visible event also queues the link-only mail (mailbox module).
    const kase = await getCaseForSubmission(tx, sub.id);
    if (kase) await recordCaseEvent(tx, { caseId: kase.id, actor: { type: "system", id: null }, kind: "payment_received", visibility: "citizen", text: `Zahlung eingegangen: ${formatEuro(paid.amountCents)}`, details: { paymentId: paid.id } });
  },
};

