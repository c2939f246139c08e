/**
 * Fees of applications paid online through the payments module: "before" (the submission is stored as
 * payment_pending and only completes – status received, case opened – when the payment is PAYED) or
 * "after" (received at once, "payment open" with a pay link on the confirmation and status pages).
 */
import { registerMessages } from "../../platform/i18n/index.js";
import { formatEuro } from "../../platform/i18n/format.js";
import { getCaseForSubmission, openCaseForSubmission, recordCaseEvent } from "../cases/index.js";
import { paymentProvider, registerPaymentSubject } from "../payments/index.js";
import type { FormDefinition } from "../forms/index.js";

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

