import type { Transaction } from "kysely";
import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { SessionUser } from "../../../platform/auth/session.js";
import type { Database } from "../../../platform/db/index.js";
import { publishEvent } from "../../../platform/events/index.js";
import "../events.js";
import { caseIdOf, recordApplicantAnswered, recordDocumentsRequested } from "../caseLink.js";
import type { MessageKind } from "../db.js";
import type { SubmissionRef } from "../queries.js";
import { caseDocumentAdder, type StoredFileRef } from "./caseDocumentAdder.js";
import { notificationQueuer } from "./notificationQueuer.js";

export interface OutgoingFile {
  file: StoredFileRef;
  /** Name in the case file (same name again = new version); defaults to the file name. */
  documentName?: string;
}

/** Staff write to the applicant: a message, or a request for missing documents (the case then waits for the applicant). */
export interface StaffMessageSenderProps {
  submission: SubmissionRef;
  /** The staff member (the cases policy decides whether they may ask the applicant). */
  user: SessionUser;
  kind: Extract<MessageKind, "message" | "document_request">;
  subject: string;
  body: string;
  files: OutgoingFile[];
}

async function insertMessage(tx: Transaction<Database>, actor: Actor, sub: SubmissionRef, m: { direction: "to_applicant" | "from_applicant"; kind: MessageKind; subject: string; body: string }) {
  const caseId = await caseIdOf(tx, sub.id);
  const row = await tx
    .insertInto("mailbox_messages")
    .values({ submission_id: sub.id, case_id: caseId, direction: m.direction, kind: m.kind, subject: m.subject.slice(0, 200), body: m.body, author_id: actor.type === "system" ? null : actor.id, reply_to: null, read_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, caseId };
}

/** Sends a staff message (audited); a request for documents moves the case to action_required; the applicant gets a link mail. */
export async function staffMessageSender(ctx: CommandContext, props: StaffMessageSenderProps): Promise<{ messageId: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const { id, caseId } = await insertMessage(tx, ctx.actor, props.submission, { direction: "to_applicant", kind: props.kind, subject: props.subject, body: props.body });
    for (const f of props.files) {
      await caseDocumentAdder(tx, ctx.actor, { submissionId: props.submission.id, caseId, role: "attachment", name: f.documentName ?? f.file.filename, file: f.file, messageId: id, requestId: ctx.requestId });
    }
    if (props.kind === "document_request") await recordDocumentsRequested(tx, ctx.actor, props.user, props.submission, props.body, ctx.requestId);
    await notificationQueuer(tx, { submissionId: props.submission.id, reason: props.kind });
    if (props.kind === "message" && props.submission.userId) await publishEvent(tx, "mailbox.message_sent", { messageId: id, userId: props.submission.userId });
    await appendAudit(tx, ctx.actor, { action: "mailbox.message_sent", objectType: "mailbox_message", objectId: id, details: { submission: props.submission.id, kind: props.kind, files: props.files.length }, requestId: ctx.requestId });
    return { messageId: id };
  });
}

/** The applicant answers in the mailbox, optionally with documents (uploads into the case file). */
export interface ApplicantAnswerSenderProps {
  submission: SubmissionRef;
  body: string;
  files: OutgoingFile[];
  /** Fallback subject when the answer has no text of its own (e.g. "Antwort"). */
  subject: string;
}

/** Stores the answer and its uploads (audited); a case waiting for the applicant goes back to in progress. */
export async function applicantAnswerSender(ctx: CommandContext, props: ApplicantAnswerSenderProps): Promise<{ messageId: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const { id, caseId } = await insertMessage(tx, ctx.actor, props.submission, { direction: "from_applicant", kind: "answer", subject: props.subject, body: props.body });
    for (const f of props.files) {
      await caseDocumentAdder(tx, ctx.actor, { submissionId: props.submission.id, caseId, role: "upload", name: f.documentName ?? f.file.filename, file: f.file, messageId: id, requestId: ctx.requestId });
    }
    await recordApplicantAnswered(tx, ctx.actor, props.submission, id, ctx.requestId);
    await appendAudit(tx, ctx.actor, { action: "mailbox.answer_sent", objectType: "mailbox_message", objectId: id, details: { submission: props.submission.id, files: props.files.length }, requestId: ctx.requestId });
    return { messageId: id };
  });
}

/** Marks the other side's messages of a thread as read (unread markers). Not audited: it changes no case data. */
export async function threadReadMarker(ctx: CommandContext, props: { submissionId: string; direction: "to_applicant" | "from_applicant" }): Promise<void> {
  await ctx.db.updateTable("mailbox_messages").set({ read_at: new Date() }).where("submission_id", "=", props.submissionId).where("direction", "=", props.direction).where("read_at", "is", null).execute();
}
