/**
 * The workflow engine's writes, shared by the commands: applying a transition of the definition with
 * optimistic locking, entering a state (participation steps with deadlines), timeline events, notices,
 * and the "case changed" listeners. Everything here runs inside the caller's transaction.
 */
import { publishEvent } from "../../../platform/events/index.js";
import { createHash } from "node:crypto";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Actor } from "../../../platform/audit/index.js";
import type { Database } from "../../../platform/db/index.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { deadlineFrom } from "../../../platform/time/workingDays.js";
import type { CaseTables } from "../db.js";
import type { CitizenStatus, ParticipationStep, ProcessDefinition, TransitionDef } from "../definition.js";
import { findMunicipality } from "../../geo/index.js";
import { orgUnitPlaces, orgUnitsByIds, orgUnitsByKeys } from "../../responsibility/index.js";
import { userDisplayName } from "../../accounts/index.js";
import { applicantFromAnswers, buildingFacts } from "../noticeFacts.js";
import { renderNotice, type NoticeFacts } from "../notices.js";

export type Tx = Transaction<Database>;
export type CaseRow = Selectable<CaseTables["cases"]>;

/** What listeners learn about a change (no personal data: ids, statuses, the citizen-facing text). */
export interface CaseChange {
  caseId: string;
  reference: string;
  submissionId: string | null;
  applicantUserId: string | null;
  /** created | status (a transition) | notice (a notice was issued; documentId set) | event (recordCaseEvent). */
  kind: "created" | "status" | "notice" | "event";
  citizenStatus: CitizenStatus;
  previousCitizenStatus: CitizenStatus | null;
  /** Whether the applicant can see this change in the timeline (mails go out only for these). */
  citizenVisible: boolean;
  /** The timeline text shown to the applicant, if citizen-visible. */
  text: string | null;
  documentId?: string;
  eventId: string;
  /** Set when the change was asked for from the mailbox (which has written its own message already). */
  viaMailbox?: boolean;
}

/** Publishes "case.changed" in the changing transaction; subscribers (mailbox) get it after the commit. */
export async function notifyCaseChanged(tx: Tx, change: CaseChange): Promise<void> {
  await publishEvent(tx, "case.changed", change);
}

/** Thrown inside a transaction when the row moved on: the transaction rolls back, the caller answers 409. */
export class StaleCaseError extends Error {
  constructor(public currentVersion: number | null) {
    super("Der Vorgang wurde inzwischen geändert");
  }
}

export interface EventInput {
  caseId: string;
  actor: Actor;
  kind: string;
  event?: string | null;
  fromState?: string | null;
  toState?: string | null;
  visibility: "internal" | "citizen";
  citizenStatus?: CitizenStatus | null;
  text?: string | null;
  details?: Record<string, unknown>;
  at?: Date;
}

export async function appendEvent(tx: Tx, e: EventInput): Promise<string> {
  const row = await tx
    .insertInto("case_events")
    .values({
      case_id: e.caseId,
      at: e.at ?? new Date(),
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      kind: e.kind,
      event: e.event ?? null,
      from_state: e.fromState ?? null,
      to_state: e.toState ?? null,
      visibility: e.visibility,
      citizen_status: e.citizenStatus ?? null,
      text: e.text ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(row.id);
}

/** The org unit a participation step goes to, or undefined when the step does not apply. */
async function participantUnit(tx: Tx, c: CaseRow, step: ParticipationStep): Promise<string | undefined> {
  const [owner] = await orgUnitsByIds(tx, [c.owner_unit_id]);
  if ("municipality" in step.unit) {
    if (!c.municipality_ags) return undefined;
    const [gem] = await orgUnitsByKeys(tx, [`gem-${c.municipality_ags}`]);
    // A municipality that is itself the building authority gives no Einvernehmen to itself.
    if (!gem || gem.id === owner?.id || gem.id === owner?.parent_id) return undefined;
    return gem.id;
  }
  const dept = step.unit.countyDepartment;
  const kreis = c.municipality_ags?.slice(0, 5) ?? /^(?:lra|gem)-(\d{5})/.exec(owner?.key ?? "")?.[1];
  // The served county's department comes last: it is read only when the case's own county has none.
  const hit = await firstUnitOfKeys(tx, kreis ? [`lra-${kreis}-${dept}`, `gem-${kreis}000-${dept}`] : []);
  if (hit) return hit;
  const county = await servedCounty(tx);
  return county ? firstUnitOfKeys(tx, [`lra-${county}-${dept}`]) : undefined;
}

/** The id of the first org unit of `keys` (in that order) that exists. */
export async function firstUnitOfKeys(tx: Tx | Kysely<Database>, keys: readonly string[]): Promise<string | undefined> {
  if (keys.length === 0) return undefined;
  const rows = await orgUnitsByKeys(tx, keys);
  for (const k of keys) {
    const hit = rows.find((r) => r.key === k);
    if (hit) return hit.id;
  }
  return undefined;
}

/** The county the portal serves (config COUNTY_KEY; fallback for a case's owner and participating departments), recorded when the module starts. */
export async function servedCounty(db: Tx | Kysely<Database>): Promise<string | undefined> {
  return (await db.selectFrom("case_settings").select("served_county").executeTakeFirst())?.served_county;
}

/** Records the served county (the cases plugin at start; every node of a deployment has the same COUNTY_KEY). */
export async function recordServedCounty(db: Kysely<Database>, countyKey: string): Promise<void> {
  await db
    .insertInto("case_settings")
    .values({ served_county: countyKey })
    .onConflict((oc) => oc.column("id").doUpdateSet({ served_county: countyKey }).where("case_settings.served_county", "<>", countyKey))
    .execute();
}

/** Entering a state: starts its participation steps in parallel, each with its deadline in working days. */
export async function enterState(tx: Tx, c: CaseRow, def: ProcessDefinition, state: string, actor: Actor, now: Date, chosen?: readonly string[]): Promise<void> {
  for (const step of def.states[state]?.participation ?? []) {
    // Staff chose which departments to ask: the others are recorded as not asked.
    if (chosen && !chosen.includes(step.key)) {
      await appendEvent(tx, { caseId: c.id, actor, kind: "participation_skipped", visibility: "internal", text: `${step.label} (nicht angefragt)`, details: { step: step.key, reason: "not_chosen" } });
      continue;
    }
    const unitId = await participantUnit(tx, c, step);
    if (!unitId) {
      await appendEvent(tx, { caseId: c.id, actor, kind: "participation_skipped", visibility: "internal", text: step.label, details: { step: step.key } });
      continue;
    }
    const due = deadlineFrom(now, step.deadlineWorkingDays);
    // A case can come back to this state (after a request for documents): the old statement stays, an open step keeps its deadline.
    const res = await tx
      .insertInto("case_participations")
      .values({ case_id: c.id, step_key: step.key, label: step.label, unit_id: unitId, requested_at: now, due_date: due, result: null, statement: null, given_by: null, given_at: null, reminded_at: null, overdue_at: null })
      .onConflict((oc) => oc.columns(["case_id", "step_key"]).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) {
      await appendEvent(tx, { caseId: c.id, actor, kind: "participation_requested", visibility: "internal", text: step.label, details: { step: step.key, unitId, due } });
    }
  }
}

export interface ApplyOptions {
  text?: string | null;
  /** The version the performer saw; the update only happens when the row still has it. */
  expectedVersion: number;
  /** Four-eyes: who proposed the transition (the actor approves). */
  proposedBy?: string | null;
  requestId?: string;
  now?: Date;
  /** The transition was started from the mailbox (told to subscribers, see CaseChange.viaMailbox). */
  viaMailbox?: boolean;
  /** Keys of the target state's participation steps staff chose to ask (checked by the caller); undefined = all. */
  participants?: readonly string[];
}

export interface ApplyResult {
  row: CaseRow;
  eventId: string;
  documentId?: string;
}

const userName = (db: Kysely<Database>, id: string | null | undefined) => userDisplayName(db, id);

/** Generates the notice of a deciding transition and stores it as the next version of the case's notice. */
/**
 * The facts of a notice for a decision on a case: authority, addressee, project details, conditions from the statements.
 * `approverId` is the second person of a four-eyes decision (null for a draft or a decision without approval).
 */
async function noticeFacts(db: Kysely<Database>, c: CaseRow, t: TransitionDef, o: { text: string | null; decidedById: string | null; approverId: string | null; now: Date; draft?: boolean }): Promise<NoticeFacts> {
  const [owner, conditions] = await Promise.all([
    orgUnitPlaces(db, [c.owner_unit_id]).then((m) => m.get(c.owner_unit_id)),
    db.selectFrom("case_participations").select(["label", "statement"]).where("case_id", "=", c.id).where("result", "=", "agree_with_conditions").orderBy("step_key").execute(),
  ]);
  const authority = owner ? (owner.kind === "department" && owner.parentName ? `${owner.parentName} – ${owner.name}` : owner.name) : "Kreisportal";
  const applicant = applicantFromAnswers(c.notice_answers);
  const place = c.municipality_ags ? await findMunicipality(db, c.municipality_ags) : undefined;
  const building = buildingFacts(c.notice_answers, place?.short_name ?? null);
  return {
    reference: c.reference,
    title: t.notice!.title,
    serviceTitle: c.service_title,
    authority,
    applicantName: applicant?.name ?? null,
    applicantAddress: applicant?.address ?? null,
    details: building?.details ?? [],
    // Only a permit fixes the permit fee (a rejection's costs are decided separately).
    fee: t.notice!.template === "baugenehmigung" ? (building?.fee ?? null) : null,
    outcome: t.outcome ?? "approved",
    text: o.text,
    conditions: conditions.map((x) => ({ label: x.label, statement: x.statement ?? "" })),
    date: berlinDate(o.now),
    decidedBy: (o.decidedById ? await userName(db, o.decidedById) : null) ?? "Kreisportal",
    approvedBy: o.approverId ? await userName(db, o.approverId) : null,
    ...(o.draft ? { draft: true } : {}),
  };
}

/**
 * The notice a pending four-eyes decision would issue, as a draft PDF marked "Entwurf" (the approver reads it
 * before approving); undefined when nothing waits for approval or the step issues no notice. Nothing is stored.
 */
export async function draftNoticePdf(db: Kysely<Database>, c: CaseRow, def: ProcessDefinition): Promise<Buffer | undefined> {
  const pending = c.pending_approval;
  const t = pending ? def.transitions.find((x) => x.event === pending.event && x.from.includes(c.state)) : undefined;
  if (!pending || !t?.notice) return undefined;
  const facts = await noticeFacts(db, c, t, { text: pending.text ?? null, decidedById: pending.proposedBy, approverId: null, now: new Date(), draft: true });
  return renderNotice(t.notice.template, facts);
}

async function issueNotice(tx: Tx, c: CaseRow, t: TransitionDef, actor: Actor, opts: ApplyOptions, now: Date): Promise<string> {
  const previous = await tx.selectFrom("case_documents").select(sql<number>`coalesce(max(version), 0)`.as("v")).where("case_id", "=", c.id).where("kind", "=", "notice").executeTakeFirst();
  const pdf = renderNotice(t.notice!.template, await noticeFacts(tx, c, t, { text: opts.text ?? null, decidedById: opts.proposedBy ?? actor.id, approverId: opts.proposedBy ? actor.id : null, now }));
  const version = Number(previous?.v ?? 0) + 1;
  const doc = await tx
    .insertInto("case_documents")
    .values({
      case_id: c.id,
      kind: "notice",
      version,
      title: t.notice!.title,
      filename: `${t.notice!.title.replace(/[^A-Za-z0-9ÄÖÜäöüß-]+/g, "-")}-${c.reference}${version > 1 ? `-v${version}` : ""}.pdf`,
      media_type: "application/pdf",
      content: pdf,
      sha256: createHash("sha256").update(pdf).digest("hex"),
      citizen_visible: true,
      created_by: actor.type === "staff" ? actor.id : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return doc.id;
}

/**
 * Applies a transition that was checked by the caller (definition, performer, guards): updates the case
 * only if it still has the expected version (else StaleCaseError rolls the transaction back), writes the
 * timeline entry, starts participation steps, issues the notice, and tells the listeners.
 */
export async function applyTransition(tx: Tx, c: CaseRow, def: ProcessDefinition, t: TransitionDef, actor: Actor, opts: ApplyOptions): Promise<ApplyResult> {
  const now = opts.now ?? new Date();
  const target = def.states[t.to]!;
  const updated = await tx
    .updateTable("cases")
    .set({
      state: t.to,
      citizen_status: target.citizenStatus,
      version: sql<number>`version + 1`,
      updated_at: now,
      pending_approval: null,
      ...(t.outcome ? { outcome: t.outcome } : {}),
      ...(target.citizenStatus === "decided" && !c.decided_at ? { decided_at: now } : {}),
      ...(target.final ? { closed_at: now } : {}),
    })
    .where("id", "=", c.id)
    .where("version", "=", opts.expectedVersion)
    .returningAll()
    .executeTakeFirst();
  if (!updated) {
    const cur = await tx.selectFrom("cases").select("version").where("id", "=", c.id).executeTakeFirst();
    throw new StaleCaseError(cur?.version ?? null);
  }
  const row = updated as unknown as CaseRow;
  // Only a transition that asks for a text and issues no notice shows it to the applicant (the request for documents);
  // a decision's reasons travel in the notice, other texts stay internal notes.
  const shown = t.requiresText && !t.notice && opts.text;
  const text = shown ? `${target.citizenText}\n${opts.text}` : target.citizenText;
  const eventId = await appendEvent(tx, {
    caseId: c.id,
    actor,
    kind: "transition",
    event: t.event,
    fromState: c.state,
    toState: t.to,
    visibility: "citizen",
    citizenStatus: target.citizenStatus,
    text,
    details: { label: t.label, ...(opts.proposedBy ? { proposedBy: opts.proposedBy, approvedBy: actor.id } : {}), ...(opts.text && !shown ? { note: opts.text } : {}) },
    at: now,
  });
  await enterState(tx, row, def, t.to, actor, now, opts.participants);
  let documentId: string | undefined;
  if (t.notice) {
    documentId = await issueNotice(tx, row, t, actor, opts, now);
    await appendEvent(tx, { caseId: c.id, actor, kind: "document", visibility: "citizen", citizenStatus: target.citizenStatus, text: `Bescheid bereitgestellt: ${t.notice.title}`, details: { documentId }, at: now });
  }
  const change = (kind: CaseChange["kind"], id: string, doc?: string): CaseChange => ({
    caseId: c.id,
    reference: c.reference,
    submissionId: c.submission_id,
    applicantUserId: c.applicant_user_id,
    kind,
    citizenStatus: target.citizenStatus,
    previousCitizenStatus: c.citizen_status,
    citizenVisible: true,
    text: kind === "notice" ? `Bescheid bereitgestellt: ${t.notice!.title}` : text,
    ...(doc ? { documentId: doc } : {}),
    eventId: id,
    ...(opts.viaMailbox ? { viaMailbox: true } : {}),
  });
  await notifyCaseChanged(tx, change("status", eventId));
  if (documentId) await notifyCaseChanged(tx, change("notice", eventId, documentId));
  return { row, eventId, documentId };
}

/** Today's Berlin date (deadlines are compared with it). */
export const todayBerlin = (now = new Date()) => berlinDate(now);
