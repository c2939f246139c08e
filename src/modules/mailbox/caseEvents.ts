/**
 * Subscriber to the cases module's "case.changed" event (delivered after the change committed, in its own
 * transaction, at least once – so every reaction checks whether it already happened):
 * - every change the applicant can see queues the link-only mail;
 * - a request to the applicant made on the staff case page appears in the mailbox as a message;
 * - an issued notice is delivered to the mailbox with its PDF and filed in the case file.
 */
import { translatorFor } from "../../platform/i18n/index.js";
import type { EventContext } from "../../platform/events/index.js";
import { getCaseDocument, getCaseEventInfo, type CaseChange } from "../cases/index.js";
import { mailboxMessages } from "./messages.js";
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import { noticeDeliverer } from "./commands/noticeDeliverer.js";
import { notificationQueuer } from "./commands/notificationQueuer.js";

// Messages are stored once, in the portal's source language (like the case engine's timeline texts).
const de = translatorFor(mailboxMessages)("de");

export async function onCaseChange(tx: Transaction<Database>, change: CaseChange, ctx: EventContext): Promise<void> {
  if (!change.submissionId || change.kind === "created") return;
  if (change.kind === "notice" && change.documentId) {
    const doc = await getCaseDocument(tx, change.caseId, change.documentId);
    if (doc) {
      await noticeDeliverer(tx, {
        caseId: change.caseId,
        submissionId: change.submissionId,
        title: doc.title,
        file: { id: doc.id, store: "case_documents", filename: doc.filename, contentType: doc.mediaType, size: doc.content.length, sha256: doc.sha256 },
        actor: doc.createdBy ? { type: "staff", id: doc.createdBy } : undefined,
      });
    }
    return;
  }
  if (change.kind === "status" && change.citizenStatus === "action_required" && change.previousCitizenStatus !== "action_required") {
    // Asked from the mailbox, the message is already there (written in the transaction of the change). A
    // redelivery only follows a rolled-back delivery, so this subscriber's own message is never there twice.
    if (!change.viaMailbox) {
      const author = { actor_id: (await getCaseEventInfo(tx, change.eventId))?.actorId ?? null };
      await tx
        .insertInto("mailbox_messages")
        .values({ submission_id: change.submissionId, case_id: change.caseId, direction: "to_applicant", kind: "document_request", subject: de("mailbox.request.subject"), body: change.text ?? "", author_id: author?.actor_id ?? null, reply_to: null, read_at: null })
        .execute();
    }
  }
  if (change.citizenVisible) {
    await notificationQueuer(tx, { submissionId: change.submissionId, reason: change.kind });
    // Runs shortly after the commit (the minute sweep catches it otherwise).
    ctx.trigger("mailbox-notify", {}, { startAfter: 2 });
  }
}
