/**
 * The only place where the mailbox talks to the case engine (src/modules/cases, through its index):
 * status and timeline for the applicant, staff access (the cases policy), and the applicant-side
 * events. Submissions from before the case engine have no case: they show "received" and are
 * visible to their applicant only.
 */
import type { RawBuilder, Transaction } from "kysely";
import type { Actor } from "../../platform/audit/index.js";
import type { SessionUser } from "../../platform/auth/session.js";
import type { Database, Db } from "../../platform/db/index.js";
import type { Translate } from "../../platform/i18n/index.js";
import { applicantAnswered, getCaseForSubmission, getCaseSummary, caseWithTimelineAlongside, getCaseWithTimelineForSubmission, requestDocumentsFromApplicant, staffCaseAccess } from "../cases/index.js";
import type { SubmissionRef } from "./queries.js";

export type CitizenStatus = "received" | "in_progress" | "action_required" | "decided" | "closed";
export const CITIZEN_STATUSES: readonly CitizenStatus[] = ["received", "in_progress", "action_required", "decided", "closed"];

export interface TimelineEntry {
  at: Date;
  status: CitizenStatus;
  text: string;
}

export interface CaseInfo {
  caseId: string | null;
  status: CitizenStatus;
  timeline: TimelineEntry[];
}

/** Thrown inside a mailbox transaction when the case engine refuses (rolls the message back; the page shows `message`). */
export class CaseRefusedError extends Error {
  statusCode = 409;
}

/** Status and applicant-visible timeline of the case of a submission (oldest entry first). */
export async function caseInfo(db: Db, sub: SubmissionRef, t: Translate): Promise<CaseInfo> {
  const found = await getCaseWithTimelineForSubmission(db, sub.id);
  if (!found) return { caseId: null, status: "received", timeline: [{ at: sub.submittedAt, status: "received", text: t("mailbox.timeline.received") }] };
  return infoOf(found, t);
}

function infoOf({ summary: c, timeline }: NonNullable<Awaited<ReturnType<typeof getCaseWithTimelineForSubmission>>>, t: Translate): CaseInfo {
  return { caseId: c.id, status: c.status, timeline: timeline.length ? timeline : [{ at: c.createdAt, status: c.status, text: c.statusText || t(`mailbox.timeline.${c.status}`) }] };
}

/**
 * The same for a reference without looking up the submission (the status link's JSON, issue 13): the case's
 * submission id (to check the receipt code against) and its info, undefined without a case; with a statement
 * that runs in the same round trip whether or not there is a case (the per-address counter, ADR 0061; `arg` is
 * its one string argument), whose row comes back as `alongside`. Build once, call per request.
 */
export function caseInfoByReferenceAlongside<A extends object>(db: Db, alongside: (arg: string) => RawBuilder<A>): (reference: string, arg: string, t: Translate) => Promise<{ alongside: A; found?: { submissionId: string; info: CaseInfo } }> {
  const read = caseWithTimelineAlongside(db, alongside);
  return async (reference, arg, t) => {
    const r = await read(reference, arg);
    const submissionId = r.found?.summary.submissionId;
    return { alongside: r.alongside, found: r.found && submissionId ? { submissionId, info: infoOf(r.found, t) } : undefined };
  };
}

/** What a staff member may do in the mailbox of this submission's case (cases policy: read = owning or participating department, write = owning department). */
export async function staffAccess(db: Db, user: SessionUser, sub: SubmissionRef): Promise<{ read: boolean; write: boolean }> {
  if (user.kind !== "staff") return { read: false, write: false };
  const c = await getCaseForSubmission(db, sub.id);
  return c ? staffCaseAccess(db, user, c.id) : { read: false, write: false };
}

/** The case id of a submission, when there is a case. */
export async function caseIdOf(db: Db | Transaction<Database>, submissionId: string): Promise<string | null> {
  return (await getCaseForSubmission(db, submissionId))?.id ?? null;
}

/** The submission of a case (deliverNotice is called with a case id). */
export async function submissionIdOfCase(db: Db | Transaction<Database>, caseId: string): Promise<string | undefined> {
  return (await getCaseSummary(db, caseId))?.submissionId ?? undefined;
}

/** Staff asked for missing documents: the case moves to action_required in the same transaction (refusal rolls back). */
export async function recordDocumentsRequested(tx: Transaction<Database>, actor: Actor, user: SessionUser, sub: SubmissionRef, text: string, requestId?: string): Promise<void> {
  const caseId = await caseIdOf(tx, sub.id);
  if (!caseId) throw new CaseRefusedError("Zu diesem Antrag gibt es keinen Vorgang.");
  const res = await requestDocumentsFromApplicant(tx, { caseId, user, actor, text, requestId });
  if (!res.ok) throw new CaseRefusedError(res.message);
}

/** The applicant answered in the mailbox: recorded in the case; a case waiting for the applicant goes back to in progress. */
export async function recordApplicantAnswered(tx: Transaction<Database>, actor: Actor, sub: SubmissionRef, messageId: string, requestId?: string): Promise<void> {
  const caseId = await caseIdOf(tx, sub.id);
  if (caseId) await applicantAnswered(tx, { caseId, actor, requestId, details: { messageId } });
}

/** The staff case page of a submission's case. */
export async function caseHrefFor(db: Db, sub: SubmissionRef): Promise<string | undefined> {
  const id = await caseIdOf(db, sub.id);
  return id ? `/verwaltung/vorgaenge/${id}` : undefined;
}
