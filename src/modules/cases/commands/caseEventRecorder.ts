import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { CitizenStatus } from "../definition.js";
import { processDefinition } from "../registry.js";
import { applyTransition, appendEvent, notifyCaseChanged, StaleCaseError, type CaseRow, type Tx } from "./engine.js";

export interface RecordCaseEventProps {
  caseId: string;
  actor: Actor;
  /** What happened, e.g. "citizen_message", "document_uploaded", "message_sent". */
  kind: string;
  visibility: "internal" | "citizen";
  /** Plain German for the applicant's timeline (citizen-visible) or a short internal note. No content of messages. */
  text?: string | null;
  details?: Record<string, unknown>;
  requestId?: string;
}

/**
 * Appends an entry to a case's timeline inside the caller's transaction (mailbox: a message or upload),
 * audits it, and tells the listeners when the applicant can see it. Does not change the case's state.
 */
export async function recordCaseEvent(tx: Tx, props: RecordCaseEventProps): Promise<{ eventId: string }> {
  const c = (await tx.selectFrom("cases").selectAll().where("id", "=", props.caseId).executeTakeFirst()) as CaseRow | undefined;
  if (!c) throw new Error("case not found");
  const status: CitizenStatus = c.citizen_status;
  const eventId = await appendEvent(tx, { caseId: c.id, actor: props.actor, kind: props.kind, visibility: props.visibility, citizenStatus: props.visibility === "citizen" ? status : null, text: props.text ?? null, details: props.details ?? {} });
  await appendAudit(tx, props.actor, { action: `case.${props.kind}`.slice(0, 80), objectType: "case", objectId: c.id, details: { eventId }, requestId: props.requestId });
  if (props.visibility === "citizen") {
    await notifyCaseChanged(tx, { caseId: c.id, reference: c.reference, submissionId: c.submission_id, applicantUserId: c.applicant_user_id, kind: "event", citizenStatus: status, previousCitizenStatus: status, citizenVisible: true, text: props.text ?? null, eventId });
  }
  return { eventId };
}

export interface ApplicantAnsweredProps {
  caseId: string;
  /** The applicant (type "user", their account id). */
  actor: Actor;
  requestId?: string;
  /** What the applicant sent, for the internal timeline (ids only, e.g. { messageId, attachmentIds }). */
  details?: Record<string, unknown>;
}

export type ApplicantAnsweredResult =
  | { moved: true; state: string; citizenStatus: CitizenStatus; version: number }
  | { moved: false; reason: "not_applicant" | "no_question_open" | "not_found" };

/**
 * The applicant answered (a message or an upload into the case, in the mailbox's transaction): records it
 * and, when the case waits for the applicant (a transition from the current state that the applicant may
 * perform, e.g. "documents_received"), performs that transition, so the case is back in the office's
 * work queue. Optimistic locking as for staff: a concurrent change makes the caller's transaction fail.
 */
export async function applicantAnswered(tx: Tx, props: ApplicantAnsweredProps): Promise<ApplicantAnsweredResult> {
  const c = (await tx.selectFrom("cases").selectAll().where("id", "=", props.caseId).forUpdate().executeTakeFirst()) as CaseRow | undefined;
  if (!c) return { moved: false, reason: "not_found" };
  if (props.actor.type !== "user" || !props.actor.id || c.applicant_user_id !== props.actor.id) return { moved: false, reason: "not_applicant" };
  await appendEvent(tx, { caseId: c.id, actor: props.actor, kind: "citizen_reply", visibility: "internal", text: "Antwort der antragstellenden Person eingegangen", details: props.details ?? {} });
  const def = await processDefinition(tx, c.process_id, c.process_version);
  const t = def.transitions.find((x) => x.from.includes(c.state) && x.by.includes("applicant"));
  if (!t || c.pending_approval) {
    await appendAudit(tx, props.actor, { action: "case.citizen_reply", objectType: "case", objectId: c.id, requestId: props.requestId });
    return { moved: false, reason: "no_question_open" };
  }
  try {
    const res = await applyTransition(tx, c, def, t, props.actor, { expectedVersion: c.version, requestId: props.requestId });
    await appendAudit(tx, props.actor, { action: "case.transition", objectType: "case", objectId: c.id, details: { event: t.event, from: c.state, to: t.to, byApplicant: true }, requestId: props.requestId });
    return { moved: true, state: res.row.state, citizenStatus: res.row.citizen_status, version: res.row.version };
  } catch (err) {
    if (err instanceof StaleCaseError) throw new Error("case changed concurrently; retry");
    throw err;
  }
}
