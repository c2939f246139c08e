import type { FastifyInstance } from "fastify";
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Database } from "../../../platform/db/schema.js";
import type { PaidTransaction, PaymentSubjectHandler } from "../../../platform/modules.js";
import { handoverPath, startPayment } from "../../payments/index.js";
import type { RoadworkRow } from "../queries.js";
import "../db.js";

/** Books the fee as paid, inside the payment module's transaction that records PAYED (idempotent). */
export const roadworksPaymentSubject: PaymentSubjectHandler = {
  async onPaid(tx: Transaction<Database>, paid: PaidTransaction) {
    const res = await tx.updateTable("roadworks").set({ paid_at: new Date() }).where("id", "=", paid.subjectId).where("paid_at", "is", null).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await appendAudit(tx, { type: "system", id: null }, { action: "roadworks.fee_paid", objectType: "roadwork", objectId: paid.subjectId, details: { transaction: paid.id, amount_cents: paid.amountCents } });
  },
};

/** Books a refusal's fee as paid (subject type roadworks_refusal, subject = the road work), inside the PAYED transaction. */
export const roadworksRefusalPaymentSubject: PaymentSubjectHandler = {
  async onPaid(tx: Transaction<Database>, paid: PaidTransaction) {
    const res = await tx.updateTable("roadworks_refusals").set({ paid_at: new Date() }).where("roadwork_id", "=", paid.subjectId).where("paid_at", "is", null).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await appendAudit(tx, { type: "system", id: null }, { action: "roadworks.refusal_fee_paid", objectType: "roadwork", objectId: paid.subjectId, details: { transaction: paid.id, amount_cents: paid.amountCents } });
  },
};

/** Books a special-use permit's fee as paid (subject type roadworks_special_use, subject = the road work). */
export const roadworksSpecialUsePaymentSubject: PaymentSubjectHandler = {
  async onPaid(tx: Transaction<Database>, paid: PaidTransaction) {
    const res = await tx.updateTable("roadworks_special_uses").set({ paid_at: new Date() }).where("roadwork_id", "=", paid.subjectId).where("status", "=", "granted").where("paid_at", "is", null).executeTakeFirst();
    if (Number(res.numUpdatedRows) > 0) await appendAudit(tx, { type: "system", id: null }, { action: "roadworks.special_use_fee_paid", objectType: "roadwork", objectId: paid.subjectId, details: { transaction: paid.id, amount_cents: paid.amountCents } });
  },
};

/**
 * Starts paying a road work's fee through the payment port – the order's fee, or for a refused application the
 * refusal's fee (`refusal`); where to send the browser, or why not.
 */
export async function feePaymentStarter(app: FastifyInstance, ctx: CommandContext, r: RoadworkRow, refusal?: { fee_cents: number; paid_at: Date | null }, specialUse?: { fee_cents: number; paid_at: Date | null }): Promise<{ redirect: string } | { error: "unavailable" | "paid" | "not_payable" }> {
  const other = specialUse ?? refusal;
  const cents = other ? other.fee_cents : r.fee_cents;
  if ((other ? other.paid_at : r.paid_at) || cents <= 0) return { error: "paid" };
  const description = `${specialUse ? "Sondernutzungserlaubnis" : refusal ? "Ablehnung des Antrags auf verkehrsrechtliche Anordnung" : "Verkehrsrechtliche Anordnung"} ${r.reference}`;
  const out = await startPayment(app, ctx, {
    subjectType: specialUse ? "roadworks_special_use" : refusal ? "roadworks_refusal" : "roadworks",
    subjectId: r.id,
    amountCents: cents,
    purpose: r.reference,
    reference: r.reference,
    description,
    items: [{ id: "1", reference: r.reference, description: `${description}: ${r.title}`.slice(0, 200), amountCents: cents, bookingData: {} }],
    returnPath: "/baustellen/meine",
  });
  if (out.kind === "redirect") return { redirect: handoverPath(out.transactionId) };
  if (out.kind === "paid") return { error: "paid" };
  return { error: out.kind };
}
