/**
 * The only place where the mailbox talks to the case engine (src/modules/cases). Everything the
 * mailbox needs from a case goes through these functions: status and timeline for the applicant,
 * staff access, and recording the applicant-side events.
 */
import type { Transaction } from "kysely";
import type { Actor } from "../../platform/audit/index.js";
import type { SessionUser } from "../../platform/auth/session.js";
import type { Database, Db } from "../../platform/db/index.js";
import type { Translate } from "../../platform/i18n/index.js";
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

/** Status and applicant-visible timeline of the case of a submission (oldest entry first). */
export async function caseInfo(db: Db, sub: SubmissionRef, t: Translate): Promise<CaseInfo> {
  // Until the case exists the mailbox itself is the history: a request for documents asks the applicant, an answer hands it back.
  const events = await db.selectFrom("mailbox_messages").select(["kind", "created_at"]).where("submission_id", "=", sub.id).where("kind", "in", ["document_request", "answer", "notice"]).orderBy("created_at").execute();
  const timeline: TimelineEntry[] = [{ at: sub.submittedAt, status: "received", text: t("mailbox.timeline.received") }];
  for (const e of events) {
    const last = timeline[timeline.length - 1]!.status;
    if (e.kind === "document_request") timeline.push({ at: e.created_at, status: "action_required", text: t("mailbox.timeline.action_required") });
    else if (e.kind === "answer" && last === "action_required") timeline.push({ at: e.created_at, status: "in_progress", text: t("mailbox.timeline.answered") });
    else if (e.kind === "notice") timeline.push({ at: e.created_at, status: "decided", text: t("mailbox.timeline.decided") });
  }
  return { caseId: null, status: timeline[timeline.length - 1]!.status, timeline };
}

/** Whether a staff member may read (and write in) the case of this submission. */
export async function staffMayAccess(_db: Db, user: SessionUser, _sub: SubmissionRef): Promise<boolean> {
  return user.kind === "staff" && user.isAdmin;
}

/** The case id of a submission, when the case engine has one. */
export async function caseIdOf(_db: Db | Transaction<Database>, _submissionId: string): Promise<string | null> {
  return null;
}

/** The submission of a case (for deliverNotice, which is called with a case id). */
export async function submissionIdOfCase(db: Db | Transaction<Database>, caseId: string): Promise<string | undefined> {
  const row = await db.selectFrom("mailbox_messages").select("submission_id").where("case_id", "=", caseId).limit(1).executeTakeFirst();
  return row?.submission_id;
}

/** Staff asked for missing documents: the case waits for the applicant (action_required). */
export async function recordDocumentsRequested(_tx: Transaction<Database>, _actor: Actor, _sub: SubmissionRef, _text: string): Promise<void> {}

/** The applicant answered in the mailbox: a waiting case goes back to in progress. */
export async function recordApplicantAnswered(_tx: Transaction<Database>, _actor: Actor, _sub: SubmissionRef, _messageId: string): Promise<void> {}

/** The staff case page of a submission's case, when the case engine has one. */
export async function caseHrefFor(_db: Db, _sub: SubmissionRef): Promise<string | undefined> {
  return undefined;
}
