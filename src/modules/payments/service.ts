/**
 * The payments service: what pages, routes, jobs and other modules call. Only this file and the
 * commands talk to the provider.
 */
import type { PaymentContext } from "./subjects.js";
import type { Config } from "../../platform/config.js";
import { paymentStarter, type PaymentStarterResult } from "./commands/paymentStarter.js";
import { paymentStatusRecorder, rejectedNotificationRecorder } from "./commands/paymentStatusRecorder.js";
import type { PaymentProvider } from "./providers/types.js";
import { euroToCents } from "./providers/xbezahldienste/protocol.js";
import { findOpenItem, findTransaction, findTransactionByProviderId, staleTransactions } from "./queries.js";

/** Starts paying an open fine (never a paid or withdrawn one). */
export async function startFinePayment(ctx: PaymentContext, provider: PaymentProvider, config: Config, kassenzeichen: string): Promise<PaymentStarterResult> {
  const item = await findOpenItem(ctx.db, kassenzeichen);
  if (!item || item.status === "withdrawn") return { kind: "not_payable" };
  if (item.status === "paid") return { kind: "paid", transactionId: item.paid_transaction_id! };
  return paymentStarter(ctx, provider, {
    subjectType: "fine",
    subjectId: item.kassenzeichen,
    amountCents: item.amount_cents,
    purpose: item.kassenzeichen.slice(0, 27),
    reference: item.kassenzeichen,
    description: item.description,
    items: [{ id: "1", reference: item.kassenzeichen, description: item.description, amountCents: item.amount_cents, bookingData: { kassenzeichen: item.kassenzeichen, haushaltsstelle: config.payments.finesAccount } }],
    returnPath: `/bussgeld-bezahlen/quittung`,
    publicUrl: config.publicUrl,
    notifyUrl: config.payments.notifyUrl,
  });
}

/** After the citizen comes back: asks the provider (the return URL itself proves nothing) and books the answer. */
export async function settleOnReturn(ctx: PaymentContext, provider: PaymentProvider, transactionId: string) {
  const row = await findTransaction(ctx.db, transactionId);
  if (!row) return undefined;
  if (row.status === "INITIAL" && row.provider_transaction_id && row.provider === provider.id) {
    const info = await provider.handleReturn(row.provider_transaction_id);
    await paymentStatusRecorder(ctx, { transactionId: row.id, status: info.status, paymentMethod: info.paymentMethod, source: "return" });
  }
  return findTransaction(ctx.db, transactionId);
}

export type NotificationOutcome = { status: 200 | 401 | 404 | 400; body: { result: string } };

/** Verifies a provider notification and books it; rejected ones are audit-logged and change nothing. */
export async function receiveNotification(ctx: PaymentContext, provider: PaymentProvider, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<NotificationOutcome> {
  const v = provider.handleWebhook(headers, rawBody);
  if (!v.ok) {
    await rejectedNotificationRecorder(ctx, { provider: provider.id, reason: v.reason });
    return { status: v.reason === "malformed" ? 400 : 401, body: { result: "rejected" } };
  }
  const n = v.notification;
  const row = await findTransactionByProviderId(ctx.db, provider.id, n.transactionId);
  if (!row || row.request_id !== n.requestId) {
    await rejectedNotificationRecorder(ctx, { provider: provider.id, reason: "unknown_transaction" });
    return { status: 404, body: { result: "unknown_transaction" } };
  }
  const r = await paymentStatusRecorder(ctx, {
    transactionId: row.id,
    status: n.status,
    amountCents: euroToCents(n.grosAmount),
    paymentMethod: n.paymentMethod,
    source: "notification",
    notification: { provider: provider.id, id: n.notificationId, bodyHash: v.bodyHash },
  });
  if (r.kind === "amount_mismatch") return { status: 400, body: { result: "amount_mismatch" } };
  return { status: 200, body: { result: r.kind } };
}

/** Reconciliation: asks the provider about open transactions older than the limit and books the answers. */
export async function reconcileStale(ctx: PaymentContext, provider: PaymentProvider, hours: number): Promise<{ checked: number; changed: number; errors: number }> {
  let changed = 0;
  let errors = 0;
  const rows = await staleTransactions(ctx.db, hours);
  for (const row of rows) {
    try {
      if (!row.provider_transaction_id || row.provider !== provider.id) {
        // Never reached the provider (or another provider's): nothing can be paid on it.
        const r = await paymentStatusRecorder(ctx, { transactionId: row.id, status: "FAILED", source: "reconciliation" });
        if (r.kind === "changed") changed++;
        continue;
      }
      const info = await provider.handleReturn(row.provider_transaction_id);
      const r = await paymentStatusRecorder(ctx, { transactionId: row.id, status: info.status, paymentMethod: info.paymentMethod, source: "reconciliation" });
      if (r.kind === "changed") changed++;
    } catch {
      errors++;
    }
  }
  return { checked: rows.length, changed, errors };
}
