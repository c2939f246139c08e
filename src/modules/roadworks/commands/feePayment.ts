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

/** Starts paying a road work's fee through the payment port; where to send the browser, or why not. */
export async function feePaymentStarter(app: FastifyInstance, ctx: CommandContext, r: RoadworkRow): Promise<{ redirect: string } | { error: "unavailable" | "paid" | "not_payable" }> {
  if (r.paid_at || r.fee_cents <= 0) return { error: "paid" };
  const description = `Verkehrsrechtliche Anordnung ${r.reference}`;
  const out = await startPayment(app, ctx, {
    subjectType: "roadworks",
    subjectId: r.id,
    amountCents: r.fee_cents,
    purpose: r.reference,
    reference: r.reference,
    description,
    items: [{ id: "1", reference: r.reference, description: `${description}: ${r.title}`.slice(0, 200), amountCents: r.fee_cents, bookingData: {} }],
    returnPath: "/baustellen/meine",
  });
  if (out.kind === "redirect") return { redirect: handoverPath(out.transactionId) };
  if (out.kind === "paid") return { error: "paid" };
  return { error: out.kind };
}
