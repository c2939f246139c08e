import type { Db } from "../../platform/db/index.js";
import { sql } from "kysely";
import type { LandUse, MultiPolygon } from "./xplan/parse.js";
import type { XPlanProblem } from "./xplan/validate.js";
import type { Decision, PhaseKind, ProcedureFields, ProcedureKind, StatementSender } from "./db.js";
import { UUID } from "../../platform/keys.js";

export interface PhaseInfo {
  id: string;
  kind: PhaseKind;
  startsAt: Date;
  endsAt: Date;
  announcement: string;
  /** Why the display is repeated (kind "redisplay" only). */
  reason: string | null;
}

export interface DocumentInfo {
  id: string;
  fileId: string;
  title: string;
  size: number;
  addedAt: Date;
}

export interface ProcedureInfo extends ProcedureFields {
  id: string;
  slug: string;
  phases: PhaseInfo[];
}

export interface ProcedureDetail extends ProcedureInfo {
  documents: DocumentInfo[];
}

/** The phase open at `now` (start inclusive, end exclusive), or undefined. */
export function openPhase(phases: readonly PhaseInfo[], now = new Date()): PhaseInfo | undefined {
  return phases.find((p) => p.startsAt.getTime() <= now.getTime() && now.getTime() < p.endsAt.getTime());
}

/**
 * Whether a repeated display (erneute Auslegung, § 4a Abs. 3 BauGB) can start: the procedure had a display and no
 * phase is running or to come.
 */
export function redisplayPossible(phases: readonly PhaseInfo[], now = new Date()): boolean {
  return phases.some((p) => p.kind === "display" || p.kind === "redisplay") && phases.every((p) => p.endsAt.getTime() <= now.getTime());
}

/** The open phase, else the next one to come, else the last one past: the one a page talks about. */
export function currentPhase(phases: readonly PhaseInfo[], now = new Date()): PhaseInfo | undefined {
  return openPhase(phases, now) ?? phases.find((p) => p.startsAt > now) ?? phases.at(-1);
}

async function phasesOf(db: Db, procedureIds: readonly string[]): Promise<Map<string, PhaseInfo[]>> {
  const out = new Map<string, PhaseInfo[]>();
  if (procedureIds.length === 0) return out;
  const rows = await db.selectFrom("participation_phases").selectAll().where("procedure_id", "in", procedureIds).orderBy("starts_at").execute();
  for (const r of rows) {
    const list = out.get(r.procedure_id) ?? [];
    list.push({ id: r.id, kind: r.kind, startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at), announcement: r.announcement, reason: r.reason ?? null });
    out.set(r.procedure_id, list);
  }
  return out;
}

type ProcedureRow = { id: string; slug: string; kind: ProcedureKind; title: string; description: string; ags: string; ars: string; org_unit_id: string };
const toInfo = (r: ProcedureRow, phases: Map<string, PhaseInfo[]>): ProcedureInfo => ({
  id: r.id,
  slug: r.slug,
  kind: r.kind,
  title: r.title,
  description: r.description,
  ags: r.ags,
  ars: r.ars,
  orgUnitId: r.org_unit_id,
  phases: phases.get(r.id) ?? [],
});

/** Procedures, newest first; optionally of some municipalities (AGS) or org units only. */
export async function listProcedures(db: Db, filter: { ags?: string; orgUnitIds?: readonly string[] } = {}): Promise<ProcedureInfo[]> {
  if (filter.orgUnitIds && filter.orgUnitIds.length === 0) return [];
  let q = db.selectFrom("participation_procedures").select(["id", "slug", "kind", "title", "description", "ags", "ars", "org_unit_id"]).orderBy("created_at", "desc").orderBy("id");
  if (filter.ags) q = q.where("ags", "=", filter.ags);
  if (filter.orgUnitIds) q = q.where("org_unit_id", "in", filter.orgUnitIds);
  const rows = await q.execute();
  const phases = await phasesOf(db, rows.map((r) => r.id));
  return rows.map((r) => toInfo(r, phases));
}

/** One procedure with phases and documents by its slug (public address) or id. */
export async function findProcedure(db: Db, by: { slug: string } | { id: string }): Promise<ProcedureDetail | undefined> {
  let q = db.selectFrom("participation_procedures").select(["id", "slug", "kind", "title", "description", "ags", "ars", "org_unit_id"]);
  if ("slug" in by) {
    if (!/^[a-z0-9][a-z0-9-]{1,79}$/.test(by.slug)) return undefined;
    q = q.where("slug", "=", by.slug);
  } else {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(by.id)) return undefined;
    q = q.where("id", "=", by.id);
  }
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const phases = await phasesOf(db, [row.id]);
  const docs = await db
    .selectFrom("participation_documents as d")
    .innerJoin("files as f", "f.id", "d.file_id")
    .select(["d.id", "d.file_id", "d.title", "d.added_at", "f.size_bytes"])
    .where("d.procedure_id", "=", row.id)
    .orderBy("d.added_at")
    .orderBy("d.id")
    .execute();
  return { ...toInfo(row, phases), documents: docs.map((d) => ({ id: d.id, fileId: d.file_id, title: d.title, size: Number(d.size_bytes), addedAt: new Date(d.added_at) })) };
}

/** A document of a procedure with its file row's id (the caller sends it). */
export async function findDocument(db: Db, procedureId: string, documentId: string) {
  if (!UUID.test(documentId)) return undefined;
  return db.selectFrom("participation_documents").select(["id", "file_id", "title"]).where("procedure_id", "=", procedureId).where("id", "=", documentId).executeTakeFirst();
}

export interface StatementRow extends StatementSender {
  id: string;
  reference: string;
  phaseKind: PhaseKind;
  /** The phase the statement belongs to (statements of a repeated display stay apart from the first one's). */
  phase: { id: string; startsAt: Date; endsAt: Date };
  userId: string | null;
  body: string;
  submittedAt: Date;
  decision: Decision | null;
  consideration: string | null;
  consideredAt: Date | null;
  topic: string | null;
  place: { documentTitle: string | null; text: string | null; lat: number | null; lon: number | null };
}

function statements(db: Db) {
  return db
    .selectFrom("participation_statements as s")
    .innerJoin("participation_phases as p", "p.id", "s.phase_id")
    .leftJoin("participation_documents as d", "d.id", "s.place_document_id")
    .select(["d.title as place_document", "s.place_text", "s.place_lat", "s.place_lon", "s.topic", "s.id", "s.reference", "p.kind as phase_kind", "p.id as phase_id", "p.starts_at as phase_starts_at", "p.ends_at as phase_ends_at", "s.user_id", "s.name", "s.street", "s.postcode", "s.city", "s.email", "s.body", "s.submitted_at", "s.decision", "s.consideration", "s.considered_at", "s.procedure_id"]);
}

const toStatement = (r: Awaited<ReturnType<ReturnType<typeof statements>["execute"]>>[number]): StatementRow & { procedureId: string } => ({
  id: r.id,
  reference: r.reference,
  phaseKind: r.phase_kind,
  phase: { id: r.phase_id, startsAt: new Date(r.phase_starts_at), endsAt: new Date(r.phase_ends_at) },
  userId: r.user_id,
  name: r.name,
  street: r.street,
  postcode: r.postcode,
  city: r.city,
  email: r.email,
  body: r.body,
  submittedAt: new Date(r.submitted_at),
  decision: r.decision,
  consideration: r.consideration,
  consideredAt: r.considered_at ? new Date(r.considered_at) : null,
  procedureId: r.procedure_id,
  topic: r.topic,
  place: { documentTitle: r.place_document, text: r.place_text, lat: r.place_lat, lon: r.place_lon },
});

/** All statements of a procedure in the order they came in (staff only: personal data). */
export async function listStatements(db: Db, procedureId: string): Promise<StatementRow[]> {
  const rows = await statements(db).where("s.procedure_id", "=", procedureId).orderBy("s.submitted_at").orderBy("s.reference").execute();
  return rows.map(toStatement);
}

/** One statement by its reference, with its procedure id (the caller authorizes through the procedure). */
export async function findStatement(db: Db, reference: string) {
  if (!/^BT-[0-9]{4}-[0-9]{6,}$/.test(reference)) return undefined;
  const r = await statements(db).where("s.reference", "=", reference).executeTakeFirst();
  return r ? toStatement(r) : undefined;
}

/** Statements per procedure (counts for staff lists). */
export async function statementCounts(db: Db, procedureIds: readonly string[]): Promise<Map<string, { total: number; open: number }>> {
  const out = new Map<string, { total: number; open: number }>();
  if (procedureIds.length === 0) return out;
  const rows = await db
    .selectFrom("participation_statements")
    .select(["procedure_id", (eb) => eb.fn.countAll<string>().as("total"), (eb) => eb.fn.count<string>("id").filterWhere("decision", "is", null).as("open")])
    .where("procedure_id", "in", procedureIds)
    .groupBy("procedure_id")
    .execute();
  for (const r of rows) out.set(r.procedure_id, { total: Number(r.total), open: Number(r.open) });
  return out;
}

export interface PlanInfo {
  planType: string;
  name: string;
  ags: string | null;
  srs: string | null;
  area: MultiPolygon | null;
  landUses: LandUse[];
  sha256: string;
  size: number;
  uploadedAt: Date;
}

/** The procedure's XPlanGML plan without the document itself (for pages and the map). */
export async function findPlan(db: Db, procedureId: string): Promise<PlanInfo | undefined> {
  const r = await db
    .selectFrom("participation_plans")
    .select(["plan_type", "name", "ags", "srs", "area", "land_uses", "sha256", "uploaded_at", sql<number>`octet_length(gml)`.as("size")])
    .where("procedure_id", "=", procedureId)
    .executeTakeFirst();
  if (!r) return undefined;
  return { planType: r.plan_type, name: r.name, ags: r.ags, srs: r.srs, area: (r.area as MultiPolygon | null) ?? null, landUses: (r.land_uses as LandUse[]) ?? [], sha256: r.sha256, size: Number(r.size), uploadedAt: new Date(r.uploaded_at) };
}

/** The geometric warnings of the stored plan's check (staff page); undefined when there is no plan or it was never checked. */
export async function findPlanWarnings(db: Db, procedureId: string): Promise<XPlanProblem[] | undefined> {
  const r = await db.selectFrom("participation_plans").select("check_warnings").where("procedure_id", "=", procedureId).executeTakeFirst();
  return (r?.check_warnings as XPlanProblem[] | null) ?? undefined;
}

/** The stored XPlanGML document (download). */
export async function findPlanDocument(db: Db, procedureId: string): Promise<string | undefined> {
  return (await db.selectFrom("participation_plans").select("gml").where("procedure_id", "=", procedureId).executeTakeFirst())?.gml;
}

/** When the procedure's weighing result was published (null: not yet). */
export async function weighingPublishedAt(db: Db, procedureId: string): Promise<Date | null> {
  const r = await db.selectFrom("participation_procedures").select("weighing_published_at").where("id", "=", procedureId).executeTakeFirst();
  return r?.weighing_published_at ? new Date(r.weighing_published_at) : null;
}

export interface AgencyInvitation {
  id: string;
  procedureId: string;
  agencyName: string;
  email: string;
  deadline: Date;
  linkValidUntil: Date;
  invitedAt: Date;
  remindedAt: Date | null;
  body: string;
  authorName: string;
  draftSavedAt: Date | null;
  releasedAt: Date | null;
  releasedByName: string | null;
  topic: string | null;
  decision: Decision | null;
  consideration: string | null;
  consideredAt: Date | null;
  /** The master-list entry (0060) and the repeated display this invitation belongs to (0086; null: first round). */
  agencyId: string | null;
  phaseId: string | null;
}

function invitations(db: Db) {
  return db
    .selectFrom("participation_agency_invitations")
    .select(["id", "procedure_id", "agency_name", "email", "deadline", "link_valid_until", "invited_at", "reminded_at", "body", "author_name", "draft_saved_at", "released_at", "released_by_name", "topic", "decision", "consideration", "considered_at", "agency_id", "phase_id"]);
}
const d = (v: Date | null) => (v ? new Date(v) : null);
const toInvitation = (r: Awaited<ReturnType<ReturnType<typeof invitations>["execute"]>>[number]): AgencyInvitation => ({
  id: r.id,
  procedureId: r.procedure_id,
  agencyName: r.agency_name,
  email: r.email,
  deadline: new Date(r.deadline),
  linkValidUntil: new Date(r.link_valid_until),
  invitedAt: new Date(r.invited_at),
  remindedAt: d(r.reminded_at),
  body: r.body,
  authorName: r.author_name,
  draftSavedAt: d(r.draft_saved_at),
  releasedAt: d(r.released_at),
  releasedByName: r.released_by_name,
  topic: r.topic,
  decision: r.decision,
  consideration: r.consideration,
  consideredAt: d(r.considered_at),
  agencyId: r.agency_id,
  phaseId: r.phase_id,
});

/** One agency consulted before, once (by master-list entry, else by e-mail), with its latest invitation's name and address. */
export interface ConsultedAgency {
  /** The latest invitation's id: the value of its checkbox on the repeated display's form. */
  id: string;
  name: string;
  email: string;
}

/** Which agency an invitation belongs to: its master-list entry, else its e-mail address (case ignored). */
export const consultedAgencyKey = (a: { agencyId?: string | null; agency_id?: string | null; email: string }) => a.agencyId ?? a.agency_id ?? `mail:${a.email.trim().toLowerCase()}`;

/** The distinct agencies consulted so far, each with its latest invitation (as a repeated display re-invites them), by name. */
export function consultedAgencies(list: readonly AgencyInvitation[]): ConsultedAgency[] {
  const latest = new Map<string, AgencyInvitation>();
  for (const a of list) {
    const k = consultedAgencyKey(a);
    const seen = latest.get(k);
    if (!seen || a.invitedAt.getTime() >= seen.invitedAt.getTime()) latest.set(k, a);
  }
  return [...latest.values()].map((a) => ({ id: a.id, name: a.agencyName, email: a.email })).sort((x, y) => x.name.localeCompare(y.name, "de") || x.email.localeCompare(y.email));
}

/** How many distinct agencies were consulted so far (by master-list entry, else by e-mail). */
export const consultedAgencyCount = (list: readonly AgencyInvitation[]) => consultedAgencies(list).length;

/** The agencies invited to a procedure, in the order they were invited (staff). */
export async function listInvitations(db: Db, procedureId: string): Promise<AgencyInvitation[]> {
  return (await invitations(db).where("procedure_id", "=", procedureId).orderBy("invited_at").orderBy("id").execute()).map(toInvitation);
}

/** The invitation a link token opens (by the SHA-256 of the invitation or reminder token). */
export async function findInvitationByTokenHash(db: Db, hash: string): Promise<AgencyInvitation | undefined> {
  const r = await invitations(db)
    .where((eb) => eb.or([eb("token_hash", "=", hash), eb("reminder_token_hash", "=", hash)]))
    .executeTakeFirst();
  return r ? toInvitation(r) : undefined;
}

/** One invitation of a procedure (staff). */
export async function findInvitation(db: Db, procedureId: string, id: string): Promise<AgencyInvitation | undefined> {
  if (!UUID.test(id)) return undefined;
  const r = await invitations(db).where("procedure_id", "=", procedureId).where("id", "=", id).executeTakeFirst();
  return r ? toInvitation(r) : undefined;
}

/** One item of the weighing: a citizen statement or a released agency statement. */
export interface WeighingItem {
  kind: "statement" | "agency";
  id: string;
  /** BT-… for citizens, the agency's name for agencies. */
  label: string;
  /** Staff page of the item. */
  key: string;
  body: string;
  place: string | null;
  topic: string | null;
  decision: Decision | null;
  consideration: string | null;
  /** Attachments of a citizen's statement (staff only; never on the public result page). */
  attachments: StatementAttachment[];
  /**
   * The round an item belongs to: a citizen's statement its phase; an agency's statement the repeated display it was
   * invited to (phase_id), else the first round — the phase other than a repeated display that was current when the
   * agency was invited. Null only for a procedure without such a phase.
   */
  phase: { kind: PhaseKind; startsAt: Date; endsAt: Date } | null;
}

/** All items to weigh, grouped by topic (items without a topic last), in the order they came in within a topic. */
export async function weighingItems(db: Db, procedureId: string): Promise<WeighingItem[]> {
  const [stmts, agencies, phases] = await Promise.all([listStatements(db, procedureId), listInvitations(db, procedureId), phasesOf(db, [procedureId]).then((m) => m.get(procedureId) ?? [])]);
  const files = await statementAttachments(db, stmts.map((s) => s.id));
  const firstRound = phases.filter((ph) => ph.kind !== "redisplay");
  const roundOf = (a: AgencyInvitation): WeighingItem["phase"] => {
    const ph = a.phaseId ? phases.find((x) => x.id === a.phaseId) : currentPhase(firstRound, a.invitedAt);
    return ph ? { kind: ph.kind, startsAt: ph.startsAt, endsAt: ph.endsAt } : null;
  };
  const placeOf = (s: StatementRow) => {
    const parts = [[s.place.documentTitle, s.place.text].filter(Boolean).join(", "), s.place.lat !== null ? `${s.place.lat.toFixed(5)}, ${s.place.lon!.toFixed(5)}` : ""].filter(Boolean);
    return parts.length ? parts.join(" · ") : null;
  };
  const items: WeighingItem[] = [
    ...stmts.map((s) => ({ kind: "statement" as const, id: s.id, label: s.reference, key: s.reference, body: s.body, place: placeOf(s), topic: s.topic, decision: s.decision, consideration: s.consideration, attachments: files.get(s.id) ?? [], phase: { kind: s.phaseKind, startsAt: s.phase.startsAt, endsAt: s.phase.endsAt } })),
    ...agencies.filter((a) => a.releasedAt).map((a) => ({ kind: "agency" as const, id: a.id, label: a.agencyName, key: a.id, body: a.body, place: null, topic: a.topic, decision: a.decision, consideration: a.consideration, attachments: [], phase: roundOf(a) })),
  ];
  const topics = [...new Set(items.map((i) => i.topic).filter((x): x is string => x !== null))].sort((a, b) => a.localeCompare(b, "de"));
  const rank = (t: string | null) => (t === null ? topics.length : topics.indexOf(t));
  return items.map((it, i) => ({ it, i })).sort((a, b) => rank(a.it.topic) - rank(b.it.topic) || a.i - b.i).map((x) => x.it);
}

/** An entry of the county's master list of agencies (ADR 0064). */
export interface ListedAgency {
  id: string;
  name: string;
  department: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  email: string;
  kind: import("./db.js").AgencyKind;
  active: boolean;
  demo: boolean;
}

const LISTED = ["id", "name", "department", "street", "postcode", "city", "email", "kind", "active", "demo"] as const;

/** The master list, by name and department; only active entries with `activeOnly`. */
export async function listAgencyList(db: Db, opts: { activeOnly?: boolean } = {}): Promise<ListedAgency[]> {
  let q = db.selectFrom("participation_agencies").select(LISTED);
  if (opts.activeOnly) q = q.where("active", "=", true);
  return q.orderBy(sql`lower(name)`).orderBy(sql`lower(coalesce(department, ''))`).execute();
}

/** One entry of the master list. */
export async function findListedAgency(db: Db, id: string): Promise<ListedAgency | undefined> {
  if (!UUID.test(id)) return undefined;
  return db.selectFrom("participation_agencies").select(LISTED).where("id", "=", id).executeTakeFirst();
}

/** The master-list entries already invited to a procedure. */
export async function invitedListedAgencyIds(db: Db, procedureId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("participation_agency_invitations").select("agency_id").where("procedure_id", "=", procedureId).where("agency_id", "is not", null).execute();
  return new Set(rows.map((r) => r.agency_id!));
}

/** "Landratsamt Enzkreis – Straßenverkehrsbehörde": the name an invitation from the list carries. */
export const listedAgencyLabel = (a: Pick<ListedAgency, "name" | "department">) => (a.department ? `${a.name} – ${a.department}` : a.name);

/** An attachment of a statement (a stored file). */
export interface StatementAttachment {
  fileId: string;
  name: string;
  mediaType: string;
  size: number;
}

/** The attachments of these statements, by statement id, in their order. */
export async function statementAttachments(db: Db, statementIds: readonly string[]): Promise<Map<string, StatementAttachment[]>> {
  const out = new Map<string, StatementAttachment[]>();
  if (statementIds.length === 0) return out;
  const rows = await db
    .selectFrom("participation_statement_files as a")
    .innerJoin("files as f", "f.id", "a.file_id")
    .select(["a.statement_id", "a.file_id", "f.original_name", "f.media_type", "f.size_bytes"])
    .where("a.statement_id", "in", statementIds)
    .orderBy("a.statement_id")
    .orderBy("a.position")
    .execute();
  for (const r of rows) {
    const list = out.get(r.statement_id) ?? [];
    list.push({ fileId: r.file_id, name: r.original_name, mediaType: r.media_type, size: Number(r.size_bytes) });
    out.set(r.statement_id, list);
  }
  return out;
}

/** A statement as its author sees it in "Mein Konto": the result only once the weighing is published. */
export interface OwnStatement {
  reference: string;
  submittedAt: Date;
  phaseKind: PhaseKind;
  procedure: { slug: string; title: string };
  /** Set only when the procedure's weighing result is published. */
  result: { decision: Decision | null; consideration: string | null; publishedAt: Date } | null;
}

/** The statements a signed-in person submitted, newest first (by their account, not by name or e-mail). */
export async function statementsOfUser(db: Db, userId: string): Promise<OwnStatement[]> {
  const rows = await db
    .selectFrom("participation_statements as s")
    .innerJoin("participation_procedures as pr", "pr.id", "s.procedure_id")
    .innerJoin("participation_phases as ph", "ph.id", "s.phase_id")
    .select(["s.reference", "s.submitted_at", "ph.kind as phase_kind", "pr.slug", "pr.title", "pr.weighing_published_at", "s.decision", "s.consideration"])
    .where("s.user_id", "=", userId)
    .orderBy("s.submitted_at", "desc")
    .orderBy("s.reference", "desc")
    .execute();
  return rows.map((r) => ({
    reference: r.reference,
    submittedAt: new Date(r.submitted_at),
    phaseKind: r.phase_kind,
    procedure: { slug: r.slug, title: r.title },
    result: r.weighing_published_at ? { decision: r.decision, consideration: r.consideration, publishedAt: new Date(r.weighing_published_at) } : null,
  }));
}
