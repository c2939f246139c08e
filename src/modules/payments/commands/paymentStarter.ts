import type { PaymentSubjectType } from "../db.js";
import { randomUUID } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { PaymentContext } from "../subjects.js";
import { PaymentProviderError, type PaymentProvider } from "../providers/types.js";
import { centsToEuro, type PaymentItem, type PaymentRequest } from "../providers/xbezahldienste/protocol.js";
import { paymentStatusRecorder } from "./paymentStatusRecorder.js";

/** How long a transaction may wait for the provider's first answer before it counts as abandoned. */
const HANDOVER_MS = 30_000;

export interface PaymentStarterProps {
  subjectType: PaymentSubjectType;
  subjectId: string;
  amountCents: number;
  /** Verwendungszweck, at most 27 characters. */
  purpose: string;
  reference: string;
  description: string;
  items: Array<Omit<PaymentItem, "singleNetAmount" | "taxRate" | "quantity"> & { amountCents: number }>;
  /** Portal path the citizen returns to (our return handler adds the outcome). */
  returnPath: string;
  publicUrl: string;
  notifyUrl: string;
}

export type PaymentStarterResult =
  | { kind: "redirect"; transactionId: string; redirectUrl: string; reused: boolean }
  | { kind: "paid"; transactionId: string }
  | { kind: "not_payable" };

/**
 * Starts paying a subject, at most once: an open (INITIAL) transaction of the same subject is reused
 * after asking the provider for its status, a paid one is reported as paid, and the database's unique
 * index settles two attempts at the same moment. A provider that cannot be reached fails the new
 * transaction (so the next attempt may start afresh) and raises PaymentProviderError.
 */
export async function paymentStarter(ctx: PaymentContext, provider: PaymentProvider, props: PaymentStarterProps): Promise<PaymentStarterResult> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const live = await ctx.db
      .selectFrom("payment_transactions")
      .select(["id", "status", "redirect_url", "provider_transaction_id", "provider", "created_at"])
      .where("subject_type", "=", props.subjectType)
      .where("subject_id", "=", props.subjectId)
      .where("status", "in", ["INITIAL", "PAYED"])
      .executeTakeFirst();
    if (live?.status === "PAYED") return { kind: "paid", transactionId: live.id };
    if (live) {
      if (live.provider_transaction_id && live.provider === provider.id) {
        const info = await provider.handleReturn(live.provider_transaction_id);
        if (info.status !== "INITIAL") {
          await paymentStatusRecorder(ctx, { transactionId: live.id, status: info.status, paymentMethod: info.paymentMethod, source: "return" });
          continue;
        }
        if (live.redirect_url) return { kind: "redirect", transactionId: live.id, redirectUrl: live.redirect_url, reused: true };
      }
      if (!live.provider_transaction_id && Date.now() - live.created_at.getTime() < HANDOVER_MS) {
        // Another request is handing this one to the provider right now: wait for its answer.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      // Created but never handed over (the node died in the middle): close it and start again.
      await paymentStatusRecorder(ctx, { transactionId: live.id, status: "FAILED", source: "return" });
      continue;
    }
    const id = randomUUID();
    const requestId = id;
    const items: PaymentItem[] = props.items.map((it) => ({ id: it.id, reference: it.reference, description: it.description, quantity: 1, singleNetAmount: centsToEuro(it.amountCents), taxRate: 0, bookingData: it.bookingData }));
    try {
      await ctx.db.transaction().execute(async (tx) => {
        await tx
          .insertInto("payment_transactions")
          .values({
            id,
            request_id: requestId,
            provider: provider.id,
            subject_type: props.subjectType,
            subject_id: props.subjectId,
            amount_cents: props.amountCents,
            purpose: props.purpose,
            reference: props.reference,
            items: JSON.stringify(items),
            return_path: props.returnPath,
          })
          .execute();
        await appendAudit(tx, ctx.actor, { action: "payment.started", objectType: "payment_transaction", objectId: id, details: { subject: props.subjectType, reference: props.reference, amountCents: props.amountCents }, requestId: ctx.requestId });
      });
    } catch (err) {
      // Somebody else started paying the same subject at the same moment: take theirs.
      if ((err as { code?: string }).code === "23505") continue;
      throw err;
    }
    const back = (outcome: string) => `${props.publicUrl}/zahlung/${id}/rueckkehr?ergebnis=${outcome}`;
    const request: PaymentRequest = {
      requestId,
      requestTimestamp: new Date().toISOString(),
      currency: "EUR",
      grosAmount: centsToEuro(props.amountCents),
      purpose: props.purpose.slice(0, 27),
      description: props.description,
      redirectUrl: back("erfolg"),
      cancelUrl: back("abbruch"),
      failureUrl: back("fehler"),
      notifyUrl: props.notifyUrl,
      items,
    };
    let info;
    try {
      info = await provider.startPayment(request);
    } catch (err) {
      await paymentStatusRecorder(ctx, { transactionId: id, status: "FAILED", source: "return" });
      throw err instanceof PaymentProviderError ? err : new PaymentProviderError((err as Error).message);
    }
    if (!info.transactionRedirectUrl || !/^https?:\/\//.test(info.transactionRedirectUrl)) {
      await paymentStatusRecorder(ctx, { transactionId: id, status: "FAILED", source: "return" });
      throw new PaymentProviderError("Bezahldienst nannte keine Bezahlseite");
    }
    await ctx.db
      .updateTable("payment_transactions")
      .set({ provider_transaction_id: info.transactionId, redirect_url: info.transactionRedirectUrl, provider_status: info.status, updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    return { kind: "redirect", transactionId: id, redirectUrl: info.transactionRedirectUrl, reused: false };
  }
  return { kind: "not_payable" };
}
