/** Reads of the cases module: citizen-facing summaries and timelines, the staff inbox, one case, figures. */
import { sql, type RawBuilder, type Transaction } from "kysely";
import { isUuid } from "../../platform/keys.js";
import { preparedStatement, type Database, type Db } from "../../platform/db/index.js";
import { berlinDate } from "../../platform/time/berlin.js";
import type { CitizenStatus } from "./definition.js";
import type { CaseFacts } from "./policies.js";
import { staffOfOrgUnit, userDisplayNames } from "../accounts/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import { compareGerman } from "../../platform/i18n/format.js";

export { isUuid };

/** A case as the citizen side sees it (no internal data). */
export interface CaseSummary {
  id: string;
  reference: string;
  submissionId: string | null;
  serviceTitle: string;
  status: CitizenStatus;
  /** Plain German text of the current status (the last citizen-visible timeline entry). */
  statusText: string;
  applicantUserId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  decidedAt: Date | null;
  closedAt: Date | null;
}

/** One entry of the applicant's timeline. */
export interface TimelineEntry {
  at: Date;
  status: CitizenStatus;
  text: string;
}

const summarySelect = (db: Db) =>
  db
    .selectFrom("cases as c")
    .select([
      "c.id",
      "c.reference",
      "c.submission_id",
      "c.service_title",
      "c.citizen_status",
      "c.applicant_user_id",
      "c.version",
      "c.created_at",
      "c.updated_at",
      "c.decided_at",
      "c.closed_at",
      (eb) =>
        eb
          .selectFrom("case_events as e")
          .select("e.text")
          .whereRef("e.case_id", "=", "c.id")
          .where("e.visibility", "=", "citizen")
          .where("e.kind", "in", ["created", "transition"])
          .orderBy("e.id", "desc")
          .limit(1)
          .as("status_text"),
    ]);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>["executeTakeFirstOrThrow"]>>;
const toSummary = (r: SummaryRow): CaseSummary => ({
  id: r.id,
  reference: r.reference,
  submissionId: r.submission_id,
  serviceTitle: r.service_title,
  status: r.citizen_status,
  statusText: r.status_text ?? "",
  applicantUserId: r.applicant_user_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  decidedAt: r.decided_at,
  closedAt: r.closed_at,
});

/** The case of a submission, by submission id or reference (EK-2026-000123), or undefined. */
export async function getCaseForSubmission(db: Db, submissionIdOrReference: string): Promise<CaseSummary | undefined> {
  const q = summarySelect(db);
  const row = await (isUuid(submissionIdOrReference) ? q.where("c.submission_id", "=", submissionIdOrReference) : q.where("c.reference", "=", submissionIdOrReference)).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

/** One case by id (citizen-facing summary), or undefined. */
export async function getCaseSummary(db: Db, caseId: string): Promise<CaseSummary | undefined> {
  if (!isUuid(caseId)) return undefined;
  const row = await summarySelect(db).where("c.id", "=", caseId).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

/** The cases of an applicant's account, newest first. */
export async function listCasesOfApplicant(db: Db, userId: string, limit = 100): Promise<CaseSummary[]> {
  const rows = await summarySelect(db).where("c.applicant_user_id", "=", userId).orderBy("c.created_at", "desc").limit(limit).execute();
  return rows.map(toSummary);
}

/** The applicant timeline of case `c` as one JSON array (citizen-visible entries with a status and text, oldest first). */
const timelineColumn = sql<{ at: string; status: CitizenStatus; text: string }[]>`coalesce((SELECT json_agg(json_build_object('at', e.at, 'status', e.citizen_status, 'text', e.text) ORDER BY e.id)
        FROM case_events e WHERE e.case_id = c.id AND e.visibility = 'citizen' AND e.citizen_status IS NOT NULL AND e.text IS NOT NULL AND e.text <> ''), '[]'::json)`;

/**
 * The case of a submission (or of a reference, which cases share with their submission) with its applicant
 * timeline in one round trip (the status link is the most requested page of a submission; issue 13). Same
 * rows as getCaseForSubmission + caseTimeline.
 */
export async function getCaseWithTimelineForSubmission(db: Db, by: string | { reference: string }): Promise<{ summary: CaseSummary; timeline: TimelineEntry[] } | undefined> {
  if (typeof by === "string" && !isUuid(by)) return undefined;
  const row = await summarySelect(db)
    .select(timelineColumn.as("timeline"))
    .where(typeof by === "string" ? "c.submission_id" : "c.reference", "=", typeof by === "string" ? by : by.reference)
    .executeTakeFirst();
  if (!row) return undefined;
  return { summary: toSummary(row), timeline: row.timeline.map((e) => ({ at: new Date(e.at), status: e.status, text: e.text })) };
}

type TimelineRow = SummaryRow & { timeline: { at: string; status: CitizenStatus; text: string }[] };

/**
 * getCaseWithTimelineForSubmission by reference with a statement folded in that must run anyway (the status link's
 * per-address counter: `counterHitStatement`), so the receipt code's status JSON is one round trip (issue 13,
 * ADR 0061). `alongside(arg)` builds that statement once; it runs whether or not a case is found, and its row
 * comes back as `alongside`. Prepared once per connection (the shape never changes).
 */
export function caseWithTimelineAlongside<A extends object>(db: Db, alongside: (arg: string) => RawBuilder<A>): (reference: string, arg: string) => Promise<{ alongside: A; found?: { summary: CaseSummary; timeline: TimelineEntry[] } }> {
  const statement = preparedStatement(db, 2, (reference, arg) => {
    const caseQuery = summarySelect(db).select(timelineColumn.as("timeline")).where("c.reference", "=", reference!);
    return sql<{ alongside: A } & (TimelineRow | { [K in keyof SummaryRow]: null })>`
    WITH a AS (${alongside(arg!)})
    SELECT row_to_json(a) AS alongside, c.* FROM a LEFT JOIN (${caseQuery}) c ON true`.compile(db);
  });
  return async (reference, arg) => {
    const row = (await statement(reference, arg))[0];
    if (!row) throw new Error("the folded statement returned no row");
    if (row.id === null) return { alongside: row.alongside };
    const c = row as TimelineRow;
    return { alongside: row.alongside, found: { summary: toSummary(c), timeline: c.timeline.map((e) => ({ at: new Date(e.at), status: e.status, text: e.text })) } };
  };
}

/** The applicant's timeline: citizen-visible entries only, oldest first, in plain German. */
export async function caseTimeline(db: Db, caseId: string): Promise<TimelineEntry[]> {
  if (!isUuid(caseId)) return [];
  const rows = await db
    .selectFrom("case_events")
    .select(["at", "citizen_status", "text"])
    .where("case_id", "=", caseId)
    .where("visibility", "=", "citizen")
    .orderBy("id")
    .execute();
  return rows.filter((r) => r.citizen_status && r.text).map((r) => ({ at: r.at, status: r.citizen_status!, text: r.text! }));
}

/** A document of the case (notice) as stored, with its content. */
export interface CaseDocument {
  id: string;
  caseId: string;
  kind: "notice" | "statement" | "other";
  version: number;
  title: string;
  filename: string;
  mediaType: string;
  sha256: string;
  citizenVisible: boolean;
  createdBy: string | null;
  createdAt: Date;
}

/** The documents the workflow produced for a case (notices), without content; `citizenVisibleOnly` for the applicant. */
export async function listCaseDocuments(db: Db, caseId: string, opts: { citizenVisibleOnly?: boolean } = {}): Promise<CaseDocument[]> {
  if (!isUuid(caseId)) return [];
  let q = db
    .selectFrom("case_documents")
    .select(["id", "case_id", "kind", "version", "title", "filename", "media_type", "sha256", "citizen_visible", "created_by", "created_at"])
    .where("case_id", "=", caseId);
  if (opts.citizenVisibleOnly) q = q.where("citizen_visible", "=", true);
  const rows = await q.orderBy("created_at").execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, kind: r.kind, version: r.version, title: r.title, filename: r.filename, mediaType: r.media_type, sha256: r.sha256, citizenVisible: r.citizen_visible, createdBy: r.created_by, createdAt: r.created_at }));
}

/** One document with its content (check access to the case first). */
export async function getCaseDocument(db: Db | Transaction<Database>, caseId: string, documentId: string): Promise<(CaseDocument & { content: Buffer }) | undefined> {
  if (!isUuid(caseId) || !isUuid(documentId)) return undefined;
  const r = await db.selectFrom("case_documents").selectAll().where("case_id", "=", caseId).where("id", "=", documentId).executeTakeFirst();
  if (!r) return undefined;
  return { id: r.id, caseId: r.case_id, kind: r.kind, version: r.version, title: r.title, filename: r.filename, mediaType: r.media_type, sha256: r.sha256, citizenVisible: r.citizen_visible, createdBy: r.created_by, createdAt: r.created_at, content: r.content };
}

/** Who made a timeline entry and when (for subscribers of "case.changed": the event id is in the change). */
export async function getCaseEventInfo(db: Db | Transaction<Database>, eventId: string): Promise<{ actorId: string | null; createdAt: Date } | undefined> {
  const r = await db.selectFrom("case_events").select(["actor_id", "at"]).where("id", "=", eventId).executeTakeFirst();
  return r ? { actorId: r.actor_id, createdAt: r.at } : undefined;
}

/** Every timeline entry (internal too) with the actor's name: the staff view and the case file's "who did what". */
export async function listCaseEvents(db: Db, caseId: string) {
  if (!isUuid(caseId)) return [];
  const rows = await db
    .selectFrom("case_events as e")
    .select(["e.id", "e.at", "e.actor_type", "e.actor_id", "e.kind", "e.event", "e.from_state", "e.to_state", "e.visibility", "e.citizen_status", "e.text", "e.details"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id")
    .execute();
  // Names from accounts (owner of users), one query for the whole timeline.
  const names = await userDisplayNames(db, rows.map((r) => r.actor_id));
  return rows.map((r) => ({ ...r, actor_name: r.actor_id ? (names.get(r.actor_id) ?? null) : null }));
}

/** Display names of staff by id (the history names whom a case was assigned to). */
export const userNames = (db: Db, ids: readonly string[]): Promise<Map<string, string>> => userDisplayNames(db, ids);

/** The facts the policies need, for one case (with the participating units). */
export async function caseFacts(db: Db, caseId: string): Promise<(CaseFacts & { id: string; version: number; state: string; process_id: string; process_version: number }) | undefined> {
  if (!isUuid(caseId)) return undefined;
  const row = await db
    .selectFrom("cases as c")
    .select(["c.id", "c.owner_unit_id", "c.assignee_id", "c.applicant_user_id", "c.pending_approval", "c.version", "c.state", "c.process_id", "c.process_version"])
    .select(sql<string[]>`coalesce((SELECT array_agg(DISTINCT p.unit_id) FROM case_participations p WHERE p.case_id = c.id), '{}')`.as("participant_unit_ids"))
    .where("c.id", "=", caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, participantUnitIds: row.participant_unit_ids, pending_approval: row.pending_approval };
}

/** Today in Berlin (overdue = an open participation whose due date is before today). */
export const today = () => berlinDate(new Date());

/** Inbox filters (staff). */
export interface InboxFilter {
  /** department: cases owned by the user's departments; mine: assigned to the user; participation: cases the user's departments are asked to comment on. */
  scope: "department" | "mine" | "participation";
  /** Restrict to one of the user's units. */
  unitId?: string;
  status?: CitizenStatus;
  /** Form id (service). */
  service?: string;
  /** Only cases with an open participation past its deadline. */
  overdue?: boolean;
  /** Reference (prefix match, e.g. "EK-2026-0001"). */
  reference?: string;
  /** Keyset cursor: the last row of the previous page. */
  after?: { createdAt: Date; id: string };
  limit?: number;
}

export interface InboxRow {
  id: string;
  reference: string;
  service_title: string;
  form_id: string | null;
  process_id: string;
  process_version: number;
  state: string;
  citizen_status: CitizenStatus;
  owner_unit_id: string;
  owner_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  pending_approval: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
  open_participations: number;
  next_due: string | null;
  overdue: boolean;
}

/**
 * The staff inbox: one page (newest first, keyset pagination), limited to what the user may read.
 * The page is cut first (per unit through its index (owner_unit_id, created_at DESC), merged), and only
 * its rows get names and participation figures – so the cost does not grow with the department's cases.
 */
export async function listInbox(db: Db, user: { id: string; orgUnitIds: readonly string[] }, f: InboxFilter): Promise<InboxRow[]> {
  const units = f.unitId ? user.orgUnitIds.filter((u) => u === f.unitId) : [...user.orgUnitIds];
  if (units.length === 0) return [];
  const day = today();
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const conds = [];
  if (f.status) conds.push(sql`c.citizen_status = ${f.status}`);
  if (f.service) conds.push(sql`c.form_id = ${f.service}`);
  if (f.reference) {
    conds.push(/^[A-Z]{2,4}-\d{4}-\d{6}$/.test(f.reference) ? sql`c.reference = ${f.reference}` : sql`c.reference LIKE ${`${f.reference.replace(/[%_\\]/g, "")}%`}`);
  }
  if (f.overdue) {
    conds.push(
      f.scope === "participation"
        ? sql`EXISTS (SELECT 1 FROM case_participations po WHERE po.case_id = c.id AND po.status = 'open' AND po.due_date < ${day}::date AND po.unit_id = ANY(${units}::uuid[]))`
        : // next_due (migrations/0104): the partial index of cases with an open participation, no probe per case.
          sql`c.next_due < ${day}::date`,
    );
  }
  if (f.after) conds.push(sql`(c.created_at, c.id) < (${f.after.createdAt}, ${f.after.id}::uuid)`);
  const where = conds.length ? sql` AND ${sql.join(conds, sql` AND `)}` : sql``;
  let page;
  if (f.scope === "participation") {
    page = sql`SELECT c.* FROM cases c WHERE c.id IN (SELECT pp.case_id FROM case_participations pp WHERE pp.unit_id = ANY(${units}::uuid[]))${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`;
  } else {
    const mine = f.scope === "mine" ? sql` AND c.assignee_id = ${user.id}` : sql``;
    page = sql`SELECT c.* FROM unnest(${units}::uuid[]) AS u(id)
               CROSS JOIN LATERAL (SELECT c.* FROM cases c WHERE c.owner_unit_id = u.id${mine}${where} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}) c
               ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`;
  }
  const { rows } = await sql<Omit<InboxRow, "owner_name" | "assignee_name">>`
    WITH page AS (${page})
    SELECT c.id, c.reference, c.service_title, c.form_id, c.process_id, c.process_version, c.state, c.citizen_status,
           c.owner_unit_id, c.assignee_id,
           (c.pending_approval IS NOT NULL) AS pending_approval, c.version, c.created_at, c.updated_at,
           coalesce(p.open, 0)::int AS open_participations, p.next_due::text AS next_due, coalesce(p.next_due < ${day}::date, false) AS overdue
    FROM page c
    LEFT JOIN LATERAL (SELECT count(*) AS open, min(due_date) AS next_due FROM case_participations x WHERE x.case_id = c.id AND x.status = 'open') p ON true
    ORDER BY c.created_at DESC, c.id DESC`.execute(db);
  // Only the page's rows get names, from their owners (ADR 0045): units from responsibility, assignees from accounts.
  const [owners, people] = await Promise.all([unitNames(db, rows.map((r) => r.owner_unit_id)), userDisplayNames(db, rows.map((r) => r.assignee_id))]);
  return rows.flatMap((r) => {
    const owner = owners.get(r.owner_unit_id);
    return owner === undefined ? [] : [{ ...r, owner_name: owner, assignee_name: r.assignee_id ? (people.get(r.assignee_id) ?? null) : null }];
  });
}

/** Names of org units by id (from responsibility, which owns org_units). */
async function unitNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  return new Map((await orgUnitsByIds(db, [...new Set(ids)])).map((u) => [u.id, u.name]));
}

/** The services (forms) that occur in a user's inbox, for the filter. */
export async function inboxServices(db: Db, unitIds: readonly string[]): Promise<Array<{ form_id: string; service_title: string }>> {
  if (unitIds.length === 0) return [];
  const { rows } = await sql<{ form_id: string; service_title: string }>`
    SELECT DISTINCT ON (form_id) form_id, service_title FROM cases
    WHERE form_id IS NOT NULL AND owner_unit_id = ANY(${[...unitIds]}::uuid[]) ORDER BY form_id, created_at DESC`.execute(db);
  return rows;
}

/** Everything the staff case page shows. */
export async function getCaseForStaff(db: Db, caseId: string) {
  if (!isUuid(caseId)) return undefined;
  const row = await db.selectFrom("cases as c").selectAll("c").where("c.id", "=", caseId).executeTakeFirst();
  if (!row) return undefined;
  const [participationRows, commentRows, events, documents, colleagues] = await Promise.all([
    db
      .selectFrom("case_participations as p")
      .select(["p.id", "p.step_key", "p.label", "p.unit_id", "p.requested_at", "p.due_date", "p.status", "p.result", "p.statement", "p.given_at", "p.given_by", "p.overdue_at"])
      .where("p.case_id", "=", caseId)
      .orderBy("p.requested_at")
      .orderBy("p.step_key")
      .execute(),
    db.selectFrom("case_comments as m").select(["m.id", "m.body", "m.created_at", "m.author_id"]).where("m.case_id", "=", caseId).orderBy("m.created_at").execute(),
    listCaseEvents(db, caseId),
    listCaseDocuments(db, caseId),
    // Colleagues of the owning department (assignment).
    staffOfOrgUnit(db, row.owner_unit_id),
  ]);
  // Names of units and people from their owners (responsibility, accounts): one query each for the page.
  const [units, people] = await Promise.all([
    unitNames(db, [row.owner_unit_id, ...participationRows.map((p) => p.unit_id)]),
    userDisplayNames(db, [row.assignee_id, ...participationRows.map((p) => p.given_by), ...commentRows.map((m) => m.author_id)]),
  ]);
  const ownerName = units.get(row.owner_unit_id);
  if (ownerName === undefined) return undefined;
  const name = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  const c = { ...row, owner_name: ownerName, assignee_name: name(row.assignee_id) };
  const participations = participationRows.flatMap(({ given_by, ...p }) => {
    const unit = units.get(p.unit_id);
    return unit === undefined ? [] : [{ ...p, unit_name: unit, given_by_name: name(given_by) }];
  });
  const comments = commentRows.map(({ author_id, ...m }) => ({ ...m, author_name: name(author_id) }));
  const members = colleagues.map((m) => ({ id: m.id, display_name: m.displayName }));
  return { case: c, participations, comments, events, documents, members, participantUnitIds: [...new Set(participations.map((p) => p.unit_id))] };
}
export type StaffCase = NonNullable<Awaited<ReturnType<typeof getCaseForStaff>>>;

/** Figures for staff: cases by status, by service (with median processing time to decision), by department. */
export async function caseFigures(db: Db) {
  const [byStatus, byService, byDepartment] = await Promise.all([
    sql<{ status: CitizenStatus; count: number }>`SELECT citizen_status AS status, count(*)::int AS count FROM cases GROUP BY 1 ORDER BY 1`.execute(db),
    sql<{ service: string; form_id: string | null; count: number; open: number; decided: number; median_days: number | null }>`
      SELECT service_title AS service, form_id, count(*)::int AS count,
             count(*) FILTER (WHERE citizen_status NOT IN ('decided', 'closed'))::int AS open,
             count(decided_at)::int AS decided,
             round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) FILTER (WHERE decided_at IS NOT NULL) / 86400)::numeric, 1)::float AS median_days
      FROM cases GROUP BY 1, 2 ORDER BY count DESC, service`.execute(db),
    sql<{ unit_id: string; count: number; open: number; overdue: number }>`
      SELECT c.owner_unit_id AS unit_id, count(*)::int AS count,
             count(*) FILTER (WHERE c.citizen_status NOT IN ('decided', 'closed'))::int AS open,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_participations p WHERE p.case_id = c.id AND p.status = 'open' AND p.due_date < ${today()}::date))::int AS overdue
      FROM cases c GROUP BY c.owner_unit_id`.execute(db),
  ]);
  // Department names from responsibility; ordered by count, then name, as before.
  const units = await unitNames(db, byDepartment.rows.map((r) => r.unit_id));
  const departments = byDepartment.rows.flatMap((r) => {
    const department = units.get(r.unit_id);
    return department === undefined ? [] : [{ department, ...r }];
  });
  departments.sort((a, b) => b.count - a.count || compareGerman(a.department, b.department));
  return { byStatus: byStatus.rows, byService: byService.rows, byDepartment: departments };
}
