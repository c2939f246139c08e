import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { caseFactsOfSubmissions, monthlyCaseFigures } from "../../cases/index.js";
import { monthlyOnlineSubmissions } from "../../applications/index.js";
import { monthlyAppointmentFigures } from "../../appointments/index.js";
import { monthlyOnlinePayments } from "../../payments/index.js";
import { frequentSearchMisses } from "../../search/index.js";
import { MIN_COUNT, monthStart, rollUp } from "../metrics.js";
import "../db.js";

/** Everything since this month is recomputed by a full rebuild. */
export const FULL_FROM = "2000-01-01";

interface Fact { service: string; ags: string; month: string; metric: string; value: number }

/**
 * Recomputes the monthly roll-up from `fromMonth` on (YYYY-MM-01): asks every owner module for its aggregate
 * (through its index), then replaces the roll-up's rows of those months in one transaction; also the service
 * titles and the top list of queries without a hit. Audited (system or staff actor).
 */
export async function figuresRefresher(ctx: CommandContext, o: { fromMonth: string; kind: "incremental" | "full" }): Promise<{ rows: number; durationMs: number }> {
  const started = Date.now();
  const from = o.fromMonth;
  const [cases, submissions, appointments, payments, misses] = await Promise.all([
    monthlyCaseFigures(ctx.db, from),
    monthlyOnlineSubmissions(ctx.db, from),
    monthlyAppointmentFigures(ctx.db, from),
    monthlyOnlinePayments(ctx.db, from),
    frequentSearchMisses(ctx.db, { minCount: MIN_COUNT, limit: 20 }),
  ]);
  const facts: Fact[] = [];
  const add = (service: string, ags: string, month: string, metric: string, value: number | null) => {
    if (value !== null && month >= from) facts.push({ service, ags, month, metric, value });
  };
  for (const r of cases.rows) {
    add(r.service, r.ags, r.month, "received", r.received);
    add(r.service, r.ags, r.month, "received_online", r.receivedOnline);
    add(r.service, r.ags, r.month, "decided", r.decided);
    add(r.service, r.ags, r.month, "median_days", r.medianDays);
  }
  for (const r of submissions) {
    add(r.service, "", r.month, "submitted_web", r.web);
    add(r.service, "", r.month, "submitted_api", r.api);
  }
  for (const r of rollUp(appointments, (r) => [r.booked, r.kept, r.noShow])) {
    add(r.service, r.ags, r.month, "appt_booked", r.values[0]!);
    add(r.service, r.ags, r.month, "appt_kept", r.values[1]!);
    add(r.service, r.ags, r.month, "appt_no_show", r.values[2]!);
  }
  // A fee paid for an application counts for its case's service and municipality; other payments only in the totals.
  const paidFor = await caseFactsOfSubmissions(ctx.db, [...new Set(payments.flatMap((p) => (p.applicationId ? [p.applicationId] : [])))]);
  const attributed = payments.map((p) => ({ ...p, ...((p.applicationId && paidFor.get(p.applicationId)) || { service: "", ags: "" }) }));
  for (const r of rollUp(attributed, (r) => [r.count, r.amountCents])) {
    add(r.service, r.ags, r.month, "pay_count", r.values[0]!);
    add(r.service, r.ags, r.month, "pay_cents", r.values[1]!);
  }
  await ctx.db.transaction().execute(async (tx) => {
    await sql`DELETE FROM figures_monthly WHERE month >= ${from}::date`.execute(tx);
    for (let i = 0; i < facts.length; i += 20_000) {
      const part = facts.slice(i, i + 20_000);
      await sql`INSERT INTO figures_monthly (service, ags, month, metric, value)
        SELECT * FROM unnest(${part.map((f) => f.service)}::text[], ${part.map((f) => f.ags)}::text[], ${part.map((f) => f.month)}::date[], ${part.map((f) => f.metric)}::text[], ${part.map((f) => f.value)}::float8[])`.execute(tx);
    }
    if (cases.services.length > 0) {
      await sql`INSERT INTO figures_services (key, title) SELECT * FROM unnest(${cases.services.map((s) => s.key)}::text[], ${cases.services.map((s) => s.title)}::text[])
        ON CONFLICT (key) DO UPDATE SET title = excluded.title`.execute(tx);
    }
    await tx.deleteFrom("figures_search_misses").execute();
    if (misses.length > 0) await tx.insertInto("figures_search_misses").values(misses).execute();
    const durationMs = Date.now() - started;
    await tx.insertInto("figures_refreshes").values({ kind: o.kind, from_month: from, rows: facts.length, duration_ms: durationMs }).execute();
    await appendAudit(tx, ctx.actor, { action: "figures.refreshed", objectType: "figures", objectId: o.kind, details: { fromMonth: from, rows: facts.length }, requestId: ctx.requestId });
  });
  return { rows: facts.length, durationMs: Date.now() - started };
}

/** The job's incremental refresh: the previous and the current month (Europe/Berlin). */
export function incrementalFrom(now = new Date()): string {
  return monthStart(now, -1);
}
