/**
 * Aggregates of the cases for the figures module (issue 22): counts only, never a person. Kept in their
 * own file (queries.ts is near the size limit) so merges with other branches stay easy.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { isUuid } from "../../platform/keys.js";
import "./db.js";

/** One roll-up row: `service` / `ags` are "" for "all" (a grouping set), "-" for a case without municipality. */
export interface MonthlyCaseFigure {
  month: string;
  service: string;
  ags: string;
  received: number;
  receivedOnline: number;
  decided: number;
  medianDays: number | null;
}

/**
 * Cases received (month of receipt) and decided (month of decision, with the median days from receipt to
 * decision) per month since `fromMonth` (YYYY-MM-01, Europe/Berlin), per service (LeiKa key, else "form:<id>")
 * and municipality, with every total (GROUPING SETS), plus the service titles.
 */
export async function monthlyCaseFigures(db: Db, fromMonth: string): Promise<{ rows: MonthlyCaseFigure[]; services: Array<{ key: string; title: string }> }> {
  const rows = await sql<{ month: string; service: string | null; ags: string | null; gs: number; ga: number; received: number; received_online: number; decided: number; median_days: number | null }>`
    WITH c AS (
      SELECT created_at, decided_at, submission_id, coalesce(leika_key, 'form:' || coalesce(form_id, process_id)) AS service, coalesce(municipality_ags, '-') AS ags
      FROM cases WHERE created_at >= (${fromMonth}::date::timestamp AT TIME ZONE 'Europe/Berlin') OR decided_at >= (${fromMonth}::date::timestamp AT TIME ZONE 'Europe/Berlin')
    ), ev AS (
      SELECT date_trunc('month', created_at AT TIME ZONE 'Europe/Berlin')::date AS month, service, ags, 1 AS received, (submission_id IS NOT NULL)::int AS online, 0 AS decided, NULL::float8 AS days FROM c
      UNION ALL
      SELECT date_trunc('month', decided_at AT TIME ZONE 'Europe/Berlin')::date, service, ags, 0, 0, 1, extract(epoch FROM decided_at - created_at) / 86400 FROM c WHERE decided_at IS NOT NULL
    )
    SELECT to_char(month, 'YYYY-MM-DD') AS month, service, ags, GROUPING(service)::int AS gs, GROUPING(ags)::int AS ga,
           sum(received)::int AS received, sum(online)::int AS received_online, sum(decided)::int AS decided,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1)::float8 AS median_days
    FROM ev WHERE month >= ${fromMonth}::date
    GROUP BY GROUPING SETS ((month, service, ags), (month, service), (month, ags), (month))`.execute(db);
  const services = await sql<{ key: string; title: string }>`
    SELECT DISTINCT ON (key) coalesce(leika_key, 'form:' || coalesce(form_id, process_id)) AS key, service_title AS title
    FROM cases ORDER BY key, created_at DESC`.execute(db);
  return {
    rows: rows.rows.map((r) => ({ month: r.month, service: r.gs ? "" : r.service!, ags: r.ga ? "" : r.ags!, received: r.received, receivedOnline: r.received_online, decided: r.decided, medianDays: r.median_days })),
    services: services.rows,
  };
}

/** Figures: service key (as in monthlyCaseFigures) and municipality ("-" unknown) of the cases of these submissions. */
export async function caseFactsOfSubmissions(db: Db, submissionIds: readonly string[]): Promise<Map<string, { service: string; ags: string }>> {
  // Payment subjects are text; anything that is not a submission id simply has no case.
  submissionIds = submissionIds.filter(isUuid);
  if (submissionIds.length === 0) return new Map();
  const res = await sql<{ submission_id: string; service: string; ags: string }>`
    SELECT submission_id, coalesce(leika_key, 'form:' || coalesce(form_id, process_id)) AS service, coalesce(municipality_ags, '-') AS ags
    FROM cases WHERE submission_id = ANY(${[...submissionIds]}::uuid[])`.execute(db);
  return new Map(res.rows.map((r) => [r.submission_id, { service: r.service, ags: r.ags }]));
}

/** Figures: the service keys (as in monthlyCaseFigures) of which these org units own cases – the services they handle. */
export async function servicesHandledBy(db: Db, unitIds: readonly string[]): Promise<Set<string>> {
  if (unitIds.length === 0) return new Set();
  const res = await sql<{ service: string }>`
    SELECT DISTINCT coalesce(leika_key, 'form:' || coalesce(form_id, process_id)) AS service FROM cases WHERE owner_unit_id = ANY(${[...unitIds]}::uuid[])`.execute(db);
  return new Set(res.rows.map((r) => r.service));
}

export interface DepartmentCaseReport {
  openByStatus: Array<{ status: string; age: "0-7" | "8-30" | "31-90" | "90+"; count: number }>;
  overdueParticipations: Array<{ caseId: string; reference: string; service: string; label: string; dueDate: string; side: "asked" | "waiting" }>;
  throughput: Array<{ week: string; received: number; decided: number }>;
}

/**
 * Staff report of departments (`unitIds`): open cases by citizen status and age in days, open participations
 * past their due date (`asked`: the department owes the statement; `waiting`: its own case waits for it), and
 * received / decided cases per ISO week (Monday) between `from` and `to` (YYYY-MM-DD, inclusive).
 */
export async function departmentCaseReport(db: Db, o: { unitIds: readonly string[]; from: string; to: string; today: string }): Promise<DepartmentCaseReport> {
  const units = [...o.unitIds];
  if (units.length === 0) return { openByStatus: [], overdueParticipations: [], throughput: [] };
  const [open, overdue, weeks] = await Promise.all([
    sql<{ status: string; age: DepartmentCaseReport["openByStatus"][number]["age"]; count: number }>`
      SELECT citizen_status AS status,
             CASE WHEN now() - created_at <= interval '7 days' THEN '0-7' WHEN now() - created_at <= interval '30 days' THEN '8-30'
                  WHEN now() - created_at <= interval '90 days' THEN '31-90' ELSE '90+' END AS age, count(*)::int AS count
      FROM cases WHERE owner_unit_id = ANY(${units}::uuid[]) AND citizen_status NOT IN ('decided', 'closed')
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(db),
    sql<{ case_id: string; reference: string; service: string; label: string; due_date: string; side: "asked" | "waiting" }>`
      SELECT c.id AS case_id, c.reference, c.service_title AS service, p.label, to_char(p.due_date, 'YYYY-MM-DD') AS due_date,
             CASE WHEN p.unit_id = ANY(${units}::uuid[]) THEN 'asked' ELSE 'waiting' END AS side
      FROM case_participations p JOIN cases c ON c.id = p.case_id
      WHERE p.status = 'open' AND p.due_date < ${o.today}::date AND (p.unit_id = ANY(${units}::uuid[]) OR c.owner_unit_id = ANY(${units}::uuid[]))
      ORDER BY p.due_date, c.reference LIMIT 500`.execute(db),
    sql<{ week: string; received: number; decided: number }>`
      WITH w AS (SELECT generate_series(date_trunc('week', ${o.from}::date), ${o.to}::date, interval '7 days')::date AS week)
      SELECT to_char(w.week, 'YYYY-MM-DD') AS week,
        (SELECT count(*) FROM cases c WHERE c.owner_unit_id = ANY(${units}::uuid[]) AND c.created_at >= (w.week::timestamp AT TIME ZONE 'Europe/Berlin') AND c.created_at < ((w.week + 7)::timestamp AT TIME ZONE 'Europe/Berlin'))::int AS received,
        (SELECT count(*) FROM cases c WHERE c.owner_unit_id = ANY(${units}::uuid[]) AND c.decided_at >= (w.week::timestamp AT TIME ZONE 'Europe/Berlin') AND c.decided_at < ((w.week + 7)::timestamp AT TIME ZONE 'Europe/Berlin'))::int AS decided
      FROM w ORDER BY w.week`.execute(db),
  ]);
  return {
    openByStatus: open.rows,
    overdueParticipations: overdue.rows.map((r) => ({ caseId: r.case_id, reference: r.reference, service: r.service, label: r.label, dueDate: r.due_date, side: r.side })),
    throughput: weeks.rows,
  };
}
