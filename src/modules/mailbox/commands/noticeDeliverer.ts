import type { Transaction } from "kysely";
import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { Database } from "../../../platform/db/index.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { mailboxMessages } from "../messages.js";
import { submissionIdOfCase } from "../caseLink.js";
import { caseDocumentAdder, type StoredFileRef } from "./caseDocumentAdder.js";
import { notificationQueuer } from "./notificationQueuer.js";

/** Delivers a notice (Bescheid) into the applicant's mailbox: a message with the PDF attached, filed in the case file. */
export interface DeliverNoticeProps {
  caseId: string;
  /** The stored PDF: a file of the platform storage (or the engine's case document)… */
  file?: StoredFileRef;
  /** …or just the id of a platform file (name, type, size and hash are read from the files table). */
  fileId?: string;
  /** Document name in the case file and message subject, e.g. "Baugenehmigung". */
  title: string;
  /** Short text of the message (no content of the notice needed; the PDF is the notice). */
  body?: string;
  /** Who issues it (the approving staff member); default: the system. */
  actor?: Actor;
  requestId?: string;
  /** When the case engine has not linked the case yet: the submission. */
  submissionId?: string;
}

/** Runs inside the caller's (the case engine's) transaction; audited there. */
export async function noticeDeliverer(tx: Transaction<Database>, props: DeliverNoticeProps): Promise<{ messageId: string; documentId: string; version: number }> {
  const actor: Actor = props.actor ?? { type: "system", id: null };
  const submissionId = props.submissionId ?? (await submissionIdOfCase(tx, props.caseId));
  if (!submissionId) throw new Error(`deliverNotice: case ${props.caseId} has no submission`);
  const title = props.title.trim().slice(0, 200) || "Bescheid";
  let file = props.file;
  if (!file && props.fileId) {
    const row = await tx.selectFrom("files").select(["id", "original_name", "media_type", "size_bytes", "sha256"]).where("id", "=", props.fileId).executeTakeFirst();
    if (row) file = { id: row.id, filename: row.original_name, contentType: row.media_type, size: Number(row.size_bytes), sha256: row.sha256 };
  }
  if (!file) throw new Error("deliverNotice: file or an existing fileId is required");
  const msg = await tx
    .insertInto("mailbox_messages")
    .values({
      submission_id: submissionId,
      case_id: props.caseId,
      direction: "to_applicant",
      kind: "notice",
      subject: title,
      body: props.body ?? translatorFor(mailboxMessages)("de")("mailbox.notice.body"),
      author_id: actor.type === "system" ? null : actor.id,
      reply_to: null,
      read_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const doc = await caseDocumentAdder(tx, actor, { submissionId, caseId: props.caseId, role: "notice", name: title, visibility: "applicant", file, messageId: msg.id, requestId: props.requestId });
  await notificationQueuer(tx, { submissionId, reason: "notice" });
  await appendAudit(tx, actor, { action: "mailbox.notice_delivered", objectType: "mailbox_message", objectId: msg.id, details: { case: props.caseId, document: doc.documentId, version: doc.version }, requestId: props.requestId });
  return { messageId: msg.id, ...doc };
}
