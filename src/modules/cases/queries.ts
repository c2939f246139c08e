/** Reads of the cases module: citizen-facing summaries and timelines, the staff inbox, one case, figures. */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { berlinDate } from "../../platform/time/berlin.js";
import type { CitizenStatus } from "./definition.js";
import type { CaseFacts } from "./policies.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === "string" && UUID.test(s);

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
export async function getCaseDocument(db: Db, caseId: string, documentId: string): Promise<(CaseDocument & { content: Buffer }) | undefined> {
  if (!isUuid(caseId) || !isUuid(documentId)) return undefined;
  const r = await db.selectFrom("case_documents").selectAll().where("case_id", "=", caseId).where("id", "=", documentId).executeTakeFirst();
  if (!r) return undefined;
  return { id: r.id, caseId: r.case_id, kind: r.kind, version: r.version, title: r.title, filename: r.filename, mediaType: r.media_type, sha256: r.sha256, citizenVisible: r.citizen_visible, createdBy: r.created_by, createdAt: r.created_at, content: r.content };
}

/** Every timeline entry (internal too) with the actor's name: the staff view and the case file's "who did what". */
export async function listCaseEvents(db: Db, caseId: string) {
  if (!isUuid(caseId)) return [];
  return db
    .selectFrom("case_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select(["e.id", "e.at", "e.actor_type", "e.actor_id", "u.display_name as actor_name", "e.kind", "e.event", "e.from_state", "e.to_state", "e.visibility", "e.citizen_status", "e.text", "e.details"])
    .where("e.case_id", "=", caseId)
    .orderBy("e.id")
    .execute();
}

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
