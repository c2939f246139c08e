import type { FastifyInstance } from "fastify";
import { systemContext } from "../../platform/commands.js";
import type { Db } from "../../platform/db/index.js";
import { processLoader } from "./commands/processLoader.js";
import { setServedCounty } from "./commands/engine.js";
import { processFiles } from "./registry.js";
import "./db.js";

export type { CitizenStatus, ProcessDefinition, StateDef, TransitionDef, ParticipationStep } from "./definition.js";
export type { CaseChange, CaseChangeListener } from "./commands/engine.js";
export type { OpenCaseProps, OpenCaseResult } from "./commands/caseOpener.js";
export type { RecordCaseEventProps, ApplicantAnsweredProps, ApplicantAnsweredResult } from "./commands/caseEventRecorder.js";
export type { CaseSummary, TimelineEntry, CaseDocument } from "./queries.js";

/** Opens the case of a submission inside the submitting transaction (submission and case are atomic); idempotent per submission. */
export { openCaseForSubmission } from "./commands/caseOpener.js";
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

/** Loads data/processes into case_processes (new versions only; a changed version is refused). */
export async function loadProcessDefinitions(db: Db, dir?: string): Promise<{ inserted: string[] }> {
  return processLoader(systemContext(db), { definitions: await processFiles(dir) });
}

/** Cases (Vorgänge): process definitions, the workflow engine, staff inbox and case pages, JSON API, figures. */
export async function casesModule(app: FastifyInstance) {
  setServedCounty(app.deps.config.countyKey);
  await loadProcessDefinitions(app.deps.db);
}
