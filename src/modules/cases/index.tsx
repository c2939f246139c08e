import type { FastifyInstance } from "fastify";
import { defineModule } from "../../platform/modules.js";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { processLoader } from "./commands/processLoader.js";
import { recordServedCounty } from "./commands/engine.js";
import { processDefinition, processFiles } from "./registry.js";
import { transitionsFrom } from "./definition.js";
import { authorize, can, type CaseUser } from "./policies.js";
import { sql } from "kysely";
import { caseFacts } from "./queries.js";
import { isUuid } from "../../platform/keys.js";
import { caseOwnerFor, type FormService } from "./commands/caseOpener.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deadlineWatcher } from "./commands/deadlineWatcher.js";
import { demoStaffSeeder } from "./commands/demoStaffSeeder.js";
import { caseRoutes } from "./routes.js";
import { casePages } from "./pages/casePages.js";
import { caseMessages } from "./messages.js";
import "./db.js";

export type { CitizenStatus, ProcessDefinition, StateDef, TransitionDef, ParticipationStep } from "./definition.js";
export type { CaseChange } from "./commands/engine.js";
export type { CaseUser } from "./policies.js";
import "./events.js";
export type { FormService, OpenCaseProps, OpenCaseResult } from "./commands/caseOpener.js";
export type { RecordCaseEventProps, ApplicantAnsweredProps, ApplicantAnsweredResult } from "./commands/caseEventRecorder.js";
export type { CaseSummary, TimelineEntry, CaseDocument } from "./queries.js";

/** Opens the case of a submission inside the submitting transaction (submission and case are atomic); idempotent per submission. */
export { openCaseForSubmission, caseOwnerFor, caseReferenceSetter } from "./commands/caseOpener.js";
/** Appends a timeline entry (internal or citizen-visible) in the caller's transaction and audits it; no state change. */
export { recordCaseEvent } from "./commands/caseEventRecorder.js";
/** The applicant answered (mailbox message/upload): records it and, when the case waits for the applicant, moves it back to the office. */
export { applicantAnswered } from "./commands/caseEventRecorder.js";
/** The case of a submission by submission id or reference; citizen-facing summary. */
export { getCaseForSubmission, caseWithTimelineAlongside, getCaseWithTimelineForSubmission } from "./queries.js";
/** One case by id, citizen-facing summary. */
export { getCaseSummary } from "./queries.js";
/** The cases of an applicant's account, newest first. */
export { listCasesOfApplicant } from "./queries.js";
/** The applicant's timeline: [{at, status, text}] in plain German, oldest first. */
export { caseTimeline } from "./queries.js";
/** The documents the workflow produced (notices), without content. */
export { listCaseDocuments } from "./queries.js";
/** One document with its content (check access to the case first). */
export { getCaseDocument } from "./queries.js";
/** Who made a timeline entry and when (subscribers of "case.changed" get the event id). */
export { getCaseEventInfo } from "./queries.js";
/** Every timeline entry including internal ones, with actor names (case file: who did what). */
export { listCaseEvents } from "./queries.js";
/** The staff history of a case in words (steps and stages by their labels, assignments by name), oldest first. Check access first. */
export { staffCaseHistory } from "./history.js";
/** Whether a user is the applicant of a case (citizen side). */
export { canApplicant } from "./policies.js";
/** Staff ask the applicant for missing documents from the mailbox, in the caller's transaction (owner transition into action_required). */
export { requestDocumentsFromApplicant } from "./commands/documentRequester.js";

/**
 * Mailbox access of a staff member to a case (added by the mailbox module): `read` = member of the owning
 * or a participating department (policy "read"), `write` = may move the case (policy "transition": the owning department).
 */
export async function staffCaseAccess(db: Db, user: CaseUser, caseId: string): Promise<{ read: boolean; write: boolean }> {
  const facts = await caseFacts(db, caseId);
  return { read: can(user, "read", facts), write: can(user, "transition", facts) };
}

/**
 * The submission a case was opened for, for a staff member who may read the case (policy "read", ForbiddenError
 * otherwise); undefined when there is no such case or it has no submission. The case page links its documents.
 */
export async function readableCaseSubmission(db: Db, user: CaseUser | undefined, caseId: string): Promise<string | undefined> {
  const facts = await caseFacts(db, caseId);
  if (!facts) return undefined;
  authorize(user, "read", facts);
  const row = await db.selectFrom("cases").select("submission_id").where("id", "=", caseId).executeTakeFirst();
  return row?.submission_id ?? undefined;
}

/**
 * The office (org unit id) that received a submission: the owner of the case opened for it, or, while no case
 * is open yet (a fee paid before), the office the case will go to (the same responsibility lookup).
 */
export async function receivingOfficeId(db: Db, sub: { id: string; form_id: string; answers: unknown }, service: FormService | undefined): Promise<string> {
  const row = await db.selectFrom("cases").select("owner_unit_id").where("submission_id", "=", sub.id).executeTakeFirst();
  if (row) return row.owner_unit_id;
  return caseOwnerFor(db, { formId: sub.form_id, service, answers: (sub.answers ?? {}) as Record<string, unknown> });
}

/**
 * What the records module (E-Akte) files about a case: reference, process, service title, and the units
 * that may read it under the cases policy (owner and participants). Runs in the caller's transaction.
 */
export async function caseRecordFacts(db: Db, caseId: string): Promise<{ id: string; reference: string; processId: string; serviceTitle: string; ownerUnitId: string; readerUnitIds: string[]; createdAt: Date; closedAt: Date | null } | undefined> {
  // One read (the filing subscriber runs on every case change, issue 13).
  if (!isUuid(caseId)) return undefined;
  const row = await db
    .selectFrom("cases as c")
    .select(["c.id", "c.reference", "c.process_id", "c.service_title", "c.owner_unit_id", "c.created_at", "c.closed_at"])
    .select(sql<string[]>`coalesce((SELECT array_agg(DISTINCT p.unit_id) FROM case_participations p WHERE p.case_id = c.id), '{}')`.as("participant_unit_ids"))
    .where("c.id", "=", caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, reference: row.reference, processId: row.process_id, serviceTitle: row.service_title, ownerUnitId: row.owner_unit_id, readerUnitIds: [...new Set([row.owner_unit_id, ...row.participant_unit_ids])], createdAt: row.created_at, closedAt: row.closed_at };
}

/** Case ids in id order after `after` (null: from the start), `limit` at a time: for batch runs of other modules (records' backfill). */
export async function caseIdsAfter(db: Db, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("cases").select("id").orderBy("id").limit(limit);
  if (after) q = q.where("id", ">", after);
  return (await q.execute()).map((r) => r.id);
}

/**
 * Carries out (or, for four-eyes steps, proposes) a step of a case's process as `user`, with the cases policy,
 * optimistic locking and the audit row in one transaction (the staff API's command; records' `cases:write` API).
 */
export { caseTransitioner } from "./commands/caseTransitioner.js";
export type { TransitionResult } from "./commands/caseTransitioner.js";

/**
 * A case's workflow state for someone who may read it (undefined otherwise): state, version (for
 * `caseTransitioner`), whether the user may move it, and the staff steps possible now (none while a four-eyes
 * decision waits). For specialist software (records' `cases:write` API).
 */
export async function caseWorkflowState(db: Db, user: CaseUser, caseId: string): Promise<{ reference: string; state: string; stateLabel: string; version: number; mayTransition: boolean; pendingApproval: string | null; steps: Array<{ event: string; label: string; requiresText: boolean; fourEyes: boolean }> } | undefined> {
  const facts = await caseFacts(db, caseId);
  if (!facts || !can(user, "read", facts)) return undefined;
  const row = await db.selectFrom("cases").select(["reference", "pending_approval"]).where("id", "=", caseId).executeTakeFirstOrThrow();
  const def = await processDefinition(db, facts.process_id, facts.process_version);
  const steps = row.pending_approval ? [] : transitionsFrom(def, facts.state).filter((t) => t.by.includes("owner") || t.by.includes("assignee"));
  return {
    reference: row.reference,
    state: facts.state,
    stateLabel: def.states[facts.state]?.label ?? facts.state,
    version: facts.version,
    mayTransition: can(user, "transition", facts),
    pendingApproval: row.pending_approval?.event ?? null,
    steps: steps.map((t) => ({ event: t.event, label: t.label, requiresText: !!t.requiresText, fourEyes: !!t.fourEyes })),
  };
}

/** The id of a case by its reference (e.g. "EK-2026-000123"), for routing scans and API uploads; check access afterwards. */
export async function caseIdByReference(db: Db, reference: string): Promise<string | undefined> {
  if (reference.length > 60) return undefined;
  return (await db.selectFrom("cases").select("id").where("reference", "=", reference).executeTakeFirst())?.id;
}

/** Loads data/processes into case_processes (new versions only; a changed version is refused). */
export async function loadProcessDefinitions(db: Db): Promise<{ inserted: string[] }> {
  return processLoader(systemContext(db), { definitions: await processFiles() });
}

export { DEMO_STAFF_PASSWORD, DEMO_MUNICIPALITY_AGS, demoStaff } from "./commands/demoStaffSeeder.js";


/** Marks overdue participations and sends deadline reminders now (the job does it every 15 minutes). */
export async function runCaseDeadlines(db: Db, opts: { publicUrl: string; mailer?: Mailer; now?: Date }) {
  return deadlineWatcher(systemContext(db), opts);
}

/** Cases (Vorgänge): process definitions, the workflow engine, staff inbox and case pages, JSON API, figures. */
async function casesPlugin(app: FastifyInstance) {
  const { db, config } = app.deps;
  await recordServedCounty(db, config.countyKey);
  await loadProcessDefinitions(db);
  if (config.demoData) await demoStaffSeeder(systemContext(db), { countyKey: config.countyKey });
  await app.register(caseRoutes);
  await casePages(app);
}

/** The cases module (src/platform/modules.ts). */
export const casesModule = defineModule({
  name: "cases",
  messages: [caseMessages],
  nav: [
    { label: "nav.cases", href: "/verwaltung/vorgaenge", audience: "staff", order: 85 },
  ],
  jobs: [
    {
      name: "cases-deadlines",
      cron: "*/15 * * * *",
      async handler({ db, config, mailer }) {
        await deadlineWatcher(systemContext(db), { mailer, publicUrl: config.publicUrl });
      },
    },
  ],
  plugin: casesPlugin,
});

/** Figures (issue 22): received/decided cases per month, service and municipality with the median days to decision (every total included). */
export { monthlyCaseFigures, departmentCaseReport, caseFactsOfSubmissions, servicesHandledBy } from "./figureQueries.js";
export type { MonthlyCaseFigure, DepartmentCaseReport } from "./figureQueries.js";
