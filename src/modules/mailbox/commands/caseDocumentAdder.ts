import { sql, type Transaction } from "kysely";
import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { Database } from "../../../platform/db/index.js";
import { fileRetainer } from "../../../platform/files/index.js";
import type { DocumentRole, DocumentVisibility } from "../db.js";

/** Bytes already stored: a file of the platform file service (src/platform/files, default) or a document the case engine keeps (notices). */
export interface StoredFileRef {
  id: string;
  store?: "files" | "case_documents";
  filename: string;
  contentType: string;
  size: number;
  sha256?: string | null;
}

/** Files a document into a case file. The same role and name again → the next version of that document. */
export interface CaseDocumentAdderProps {
  submissionId: string;
  caseId?: string | null;
  role: DocumentRole;
  /** Stable name per role, e.g. "Lageplan" or "Baugenehmigung"; at most 200 characters. */
  name: string;
  /** Default: statements are internal, everything else is visible to the applicant. */
  visibility?: DocumentVisibility;
  file: StoredFileRef;
  /** The mailbox message the file came with, if any. */
  messageId?: string | null;
  requestId?: string;
}

/** Adds a document (or a new version of it) inside the caller's transaction; audited there. */
export async function caseDocumentAdder(tx: Transaction<Database>, actor: Actor, props: CaseDocumentAdderProps): Promise<{ documentId: string; version: number }> {
  const name = props.name.normalize("NFC").trim().slice(0, 200) || props.file.filename.slice(0, 200);
  const visibility = props.visibility ?? (props.role === "statement" ? "internal" : "applicant");
  // The upsert locks the document row until commit, so concurrent uploads of the same name get consecutive versions.
  const doc = await tx
    .insertInto("case_file_documents")
    .values({ submission_id: props.submissionId, case_id: props.caseId ?? null, role: props.role, name, visibility })
    .onConflict((oc) => oc.columns(["submission_id", "role", "name"]).doUpdateSet({ case_id: sql`coalesce(case_file_documents.case_id, excluded.case_id)` }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const last = await tx.selectFrom("case_file_versions").select((eb) => eb.fn.max("version").as("v")).where("document_id", "=", doc.id).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  // From now on the case file holds the upload: no longer purged as unused.
  if (props.file.store !== "case_documents") await fileRetainer(tx, { ids: [props.file.id], until: null });
  await tx
    .insertInto("case_file_versions")
    .values({
      document_id: doc.id,
      version,
      file_id: props.file.store === "case_documents" ? null : props.file.id,
      case_document_id: props.file.store === "case_documents" ? props.file.id : null,
      filename: props.file.filename,
      content_type: props.file.contentType,
      size_bytes: props.file.size,
      sha256: props.file.sha256 ?? null,
      message_id: props.messageId ?? null,
      added_by_type: actor.type,
      added_by_id: actor.id,
    })
    .execute();
  await appendAudit(tx, actor, {
    action: "case_file.document_added",
    objectType: "case_file_document",
    objectId: doc.id,
    details: { submission: props.submissionId, role: props.role, version, file: props.file.id },
    requestId: props.requestId,
  });
  return { documentId: doc.id, version };
}
