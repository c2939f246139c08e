import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { transition } from "../stateMachine.js";
import type { PaymentContext } from "../subjects.js";
import type { PaymentStatus } from "../providers/xbezahldienste/protocol.js";

export interface PaymentStatusRecorderProps {
  /** Our transaction id. */
  transactionId: string;
  /** What the provider reports. */
  status: PaymentStatus;
  /** Amount the provider reports, in cents (checked against ours when given). */
  amountCents?: number;
  paymentMethod?: string;
  source: "return" | "notification" | "reconciliation";
  /** A verified notification: stored once; a second delivery changes nothing. */
  notification?: { provider: string; id: string; bodyHash: string };
}

export type PaymentStatusRecorderResult =
  | { kind: "changed"; from: PaymentStatus; to: PaymentStatus }
  | { kind: "unchanged"; status: PaymentStatus }
  | { kind: "discrepancy"; status: PaymentStatus; reported: PaymentStatus }
  | { kind: "duplicate" }
  | { kind: "amount_mismatch" }
  | { kind: "not_found" };

/**
 * Applies a status reported by the provider (status query on return, notification, reconciliation job)
 * through the state machine, in one transaction with the row locked: PAYED also marks the subject paid
 * (fine, application) and is audited. Final states never change; a contradicting report is recorded as
 * the provider's status for the reconciliation list.
 */
export async function paymentStatusRecorder(ctx: PaymentContext, props: PaymentStatusRecorderProps): Promise<PaymentStatusRecorderResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("payment_transactions").selectAll().where("id", "=", props.transactionId).forUpdate().executeTakeFirst();
    if (!row) return { kind: "not_found" as const };
    if (props.notification) {
      const inserted = await tx
        .insertInto("payment_notifications")
        .values({ provider: props.notification.provider, notification_id: props.notification.id, transaction_id: row.id, status: props.status, body_hash: props.notification.bodyHash })
        .onConflict((oc) => oc.columns(["provider", "notification_id"]).doNothing())
        .returning("notification_id")
        .executeTakeFirst();
      if (!inserted) {
        await appendAudit(tx, ctx.actor, { action: "payment.notification.replayed", objectType: "payment_transaction", objectId: row.id, details: { notificationId: props.notification.id }, requestId: ctx.requestId });
        return { kind: "duplicate" as const };
      }
    }
    if (props.amountCents !== undefined && props.amountCents !== row.amount_cents) {
      await appendAudit(tx, ctx.actor, { action: "payment.amount_mismatch", objectType: "payment_transaction", objectId: row.id, details: { expected: row.amount_cents, reported: props.amountCents, source: props.source }, requestId: ctx.requestId });
      return { kind: "amount_mismatch" as const };
    }
    const t = transition(row.status, props.status);
    const base = { provider_status: props.status, status_checked_at: new Date(), updated_at: new Date() };
    if (t.kind === "unchanged") {
      await tx.updateTable("payment_transactions").set(base).where("id", "=", row.id).execute();
      return { kind: "unchanged" as const, status: row.status };
    }
    if (t.kind === "refused") {
      await tx.updateTable("payment_transactions").set(base).where("id", "=", row.id).execute();
      await appendAudit(tx, ctx.actor, { action: "payment.discrepancy", objectType: "payment_transaction", objectId: row.id, details: { status: row.status, reported: props.status, source: props.source }, requestId: ctx.requestId });
      return { kind: "discrepancy" as const, status: row.status, reported: props.status };
    }
    const now = new Date();
    await tx
      .updateTable("payment_transactions")
      .set({ ...base, status: t.to, paid_at: t.to === "PAYED" ? now : null, payment_method: props.paymentMethod ?? row.payment_method })
      .where("id", "=", row.id)
      .execute();
    if (t.to === "PAYED") {
      if (row.subject_type === "fine") {
        const marked = await tx
          .updateTable("payment_open_items")
          .set({ status: "paid", paid_transaction_id: row.id, updated_at: now })
          .where("kassenzeichen", "=", row.subject_id)
          .where("status", "=", "open")
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) === 0) await appendAudit(tx, ctx.actor, { action: "payment.discrepancy", objectType: "payment_transaction", objectId: row.id, details: { reason: "open_item_not_open" }, requestId: ctx.requestId });
      } else await ctx.paymentSubjects.get(row.subject_type)?.onPaid(tx, { id: row.id, subjectId: row.subject_id, amountCents: row.amount_cents, reference: row.reference });
    }
    await appendAudit(tx, ctx.actor, { action: "payment.status_changed", objectType: "payment_transaction", objectId: row.id, details: { from: row.status, to: t.to, source: props.source, subject: row.subject_type }, requestId: ctx.requestId });
    return { kind: "changed" as const, from: row.status, to: t.to };
  });
}

/** Records a notification that failed verification (forged, stale, malformed): audit only, no state. */
export async function rejectedNotificationRecorder(ctx: CommandContext, props: { provider: string; reason: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await appendAudit(tx, ctx.actor, { action: "payment.notification.rejected", objectType: "payment_provider", objectId: props.provider, details: { reason: props.reason }, requestId: ctx.requestId });
  });
}
