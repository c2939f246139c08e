import type { PaymentSubjectType } from "./db.js";
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import type { PaymentStatus } from "./providers/xbezahldienste/protocol.js";

export const findTransaction = (db: Db, id: string) =>
  /^[0-9a-f-]{36}$/.test(id) ? db.selectFrom("payment_transactions").selectAll().where("id", "=", id).executeTakeFirst() : Promise.resolve(undefined);

export const findTransactionByProviderId = (db: Db, provider: string, providerTransactionId: string) =>
  db.selectFrom("payment_transactions").selectAll().where("provider", "=", provider).where("provider_transaction_id", "=", providerTransactionId).executeTakeFirst();

export const findOpenItem = (db: Db, kassenzeichen: string) => db.selectFrom("payment_open_items").selectAll().where("kassenzeichen", "=", kassenzeichen).executeTakeFirst();

/** The booked (or open) payment of a subject: the live one, else the latest attempt. */
export const paymentOfSubject = (db: Db, type: PaymentSubjectType, subjectId: string) =>
  db
    .selectFrom("payment_transactions")
    .selectAll()
    .where("subject_type", "=", type)
    .where("subject_id", "=", subjectId)
    .orderBy(sql`CASE status WHEN 'PAYED' THEN 0 WHEN 'INITIAL' THEN 1 ELSE 2 END`)
    .orderBy("created_at", "desc")
    .executeTakeFirst();

export interface TransactionFilter {
  status?: PaymentStatus;
  from?: string;
  to?: string;
  /** Only discrepancies: provider says PAYED but not booked, or INITIAL older than staleHours. */
  problems?: boolean;
  staleHours: number;
}

/** Transactions for the reconciliation list (dates in Europe/Berlin, inclusive), newest first, with sums per status. */
export async function listTransactions(db: Db, f: TransactionFilter, limit = 500) {
  let q = db.selectFrom("payment_transactions").selectAll();
  if (f.status) q = q.where("status", "=", f.status);
  if (f.from) q = q.where(sql<boolean>`(created_at AT TIME ZONE 'Europe/Berlin')::date >= ${f.from}::date`);
  if (f.to) q = q.where(sql<boolean>`(created_at AT TIME ZONE 'Europe/Berlin')::date <= ${f.to}::date`);
  if (f.problems)
    q = q.where((eb) =>
      eb.or([
        eb.and([eb("provider_status", "=", "PAYED"), eb("status", "!=", "PAYED")]),
        eb.and([eb("status", "=", "INITIAL"), eb("created_at", "<", new Date(Date.now() - f.staleHours * 3600_000))]),
      ]),
    );
  const rows = await q.orderBy("created_at", "desc").limit(limit + 1).execute();
  const sums: Record<string, { count: number; cents: number }> = {};
  for (const r of rows.slice(0, limit)) {
    const s = (sums[r.status] ??= { count: 0, cents: 0 });
    s.count++;
    s.cents += r.amount_cents;
  }
  return { rows: rows.slice(0, limit), truncated: rows.length > limit, sums };
}

/** Open transactions older than the limit (for the reconciliation job). */
export const staleTransactions = (db: Db, hours: number, limit = 100) =>
  db
    .selectFrom("payment_transactions")
    .select(["id", "provider", "provider_transaction_id"])
    .where("status", "=", "INITIAL")
    .where("created_at", "<", new Date(Date.now() - hours * 3600_000))
    .orderBy("created_at")
    .limit(limit)
    .execute();

/** Keys of the org units the user is a member of (policies match department keys). */
export const orgUnitKeys = async (db: Db, ids: string[]) => (await orgUnitsByIds(db, ids)).map((r) => r.key);

/** Figures (issue 22): payments booked online (PAYED) per month of payment (Europe/Berlin) since `fromMonth`: count and amount in cents. */
/**
 * Figures (issue 22): paid online payments per Berlin month, per application (`applicationId`: the submission a
 * fee was paid for, so the figures can attribute it to a service and municipality) and one row per month and
 * subject type for everything else (fines, courses, road works: `applicationId` null).
 */
export async function monthlyOnlinePayments(db: Db, fromMonth: string): Promise<Array<{ month: string; applicationId: string | null; count: number; amountCents: number }>> {
  const res = await sql<{ month: string; application_id: string | null; count: number; amount_cents: string }>`
    SELECT to_char(date_trunc('month', paid_at AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM-DD') AS month,
           CASE WHEN subject_type = 'application' THEN subject_id END AS application_id, count(*)::int AS count, sum(amount_cents)::bigint AS amount_cents
    FROM payment_transactions WHERE status = 'PAYED' AND paid_at >= (${fromMonth}::date::timestamp AT TIME ZONE 'Europe/Berlin') GROUP BY 1, 2, subject_type`.execute(db);
  return res.rows.map((r) => ({ month: r.month, applicationId: r.application_id, count: r.count, amountCents: Number(r.amount_cents) }));
}
