import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { processLoader } from "./commands/processLoader.js";
import { setServedCounty } from "./commands/engine.js";
import { processFiles } from "./registry.js";
import { authorize, can, type CaseUser } from "./policies.js";
import { caseFacts } from "./queries.js";
import { registerJob } from "../../platform/jobs/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deadlineWatcher } from "./commands/deadlineWatcher.js";
import { demoStaffSeeder } from "./commands/demoStaffSeeder.js";
import { caseRoutes } from "./routes.js";
import { casePages } from "./pages/casePages.js";
import { caseMessages } from "./messages.js";
import { registerMessages } from "../../platform/i18n/index.js";
import { registerNavItem } from "../../platform/views/context.js";
import "./db.js";

export type { CitizenStatus, ProcessDefinition, StateDef, TransitionDef, ParticipationStep } from "./definition.js";
export type { CaseChange, CaseChangeListener } from "./commands/engine.js";
export type { OpenCaseProps, OpenCaseResult } from "./commands/caseOpener.js";
export type { RecordCaseEventProps, ApplicantAnsweredProps, ApplicantAnsweredResult } from "./commands/caseEventRecorder.js";
export type { CaseSummary, TimelineEntry, CaseDocument } from "./queries.js";

/** Opens the case of a submission inside the submitting transaction (submission and case are atomic); idempotent per submission. */
export { openCaseForSubmission, caseOwnerFor } from "./commands/caseOpener.js";
/** Appends a timeline entry (internal or citizen-visible) in the caller's transaction and audits it; no state change. */
export { recordCaseEvent } from "./commands/caseEventRecorder.js";
/** The applicant answered (mailbox message/upload): records it and, when the case waits for the applicant, moves it back to the office. */
export { applicantAnswered } from "./commands/caseEventRecorder.js";
/** Registers a listener called inside the changing transaction for every case change ("case changed" hook; returns an unsubscribe function). */
export { addCaseChangeListener as onCaseChanged } from "./commands/engine.js";
/** The case of a submission by submission id or reference; citizen-facing summary. */
export { getCaseForSubmission } from "./queries.js";
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
/** Every timeline entry including internal ones, with actor names (case file: who did what). */
export { listCaseEvents } from "./queries.js";
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

/** Loads data/processes into case_processes (new versions only; a changed version is refused). */
export async function loadProcessDefinitions(db: Db, dir?: string): Promise<{ inserted: string[] }> {
  return processLoader(systemContext(db), { definitions: await processFiles(dir) });
}

export { DEMO_STAFF_PASSWORD, DEMO_MUNICIPALITY_AGS, demoStaff } from "./commands/demoStaffSeeder.js";

registerMessages(caseMessages);

// The job queue starts after the app; the job mails through the mailer the app was built with.
let jobMailer: Mailer | undefined;
registerJob({
  name: "cases-deadlines",
  cron: "*/15 * * * *",
  async handler({ db, config }) {
    await deadlineWatcher(systemContext(db as Db), { mailer: jobMailer, publicUrl: config.publicUrl });
  },
});

/** Marks overdue participations and sends deadline reminders now (the job does it every 15 minutes). */
export async function runCaseDeadlines(db: Db, opts: { publicUrl: string; mailer?: Mailer; now?: Date }) {
  return deadlineWatcher(systemContext(db), opts);
}

/** Cases (Vorgänge): process definitions, the workflow engine, staff inbox and case pages, JSON API, figures. */
export async function casesModule(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;
  jobMailer = mailer;
  setServedCounty(config.countyKey);
  await loadProcessDefinitions(db);
  if (config.demoData) await demoStaffSeeder(systemContext(db), { countyKey: config.countyKey });
  registerNavItem({ label: "nav.cases", href: "/verwaltung/vorgaenge", audience: "staff", order: 85 });
  await app.register(caseRoutes);
  await casePages(app);
}
