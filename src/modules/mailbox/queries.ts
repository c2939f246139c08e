import type { Db } from "../../platform/db/index.js";
import type { DocumentRole, DocumentVisibility, MessageDirection, MessageKind } from "./db.js";
import "./db.js";
import { userDisplayNames } from "../accounts/index.js";

// The submission a thread belongs to is the applications module's (it owns application_submissions).
export { findSubmissionRef, findSubmissionRefById, listApplicantSubmissions, type SubmissionRef } from "../applications/index.js";

export interface AttachmentRow {
  documentId: string;
  name: string;
  version: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface MessageRow {
  id: string;
  direction: MessageDirection;
  kind: MessageKind;
  subject: string;
  body: string;
  authorName: string | null;
  createdAt: Date;
  readAt: Date | null;
  attachments: AttachmentRow[];
}

/** All messages of a thread, oldest first, with their attachments (the versions filed with the message). */
export async function listThread(db: Db, submissionId: string): Promise<MessageRow[]> {
  const messages = await db
    .selectFrom("mailbox_messages as m")
    .select(["m.id", "m.direction", "m.kind", "m.subject", "m.body", "m.created_at", "m.read_at", "m.author_id"])
    .where("m.submission_id", "=", submissionId)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
  if (messages.length === 0) return [];
  const authors = await userDisplayNames(db, messages.map((m) => m.author_id));
  const atts = await db
    .selectFrom("case_file_versions as v")
    .innerJoin("case_file_documents as d", "d.id", "v.document_id")
    .select(["v.message_id", "v.document_id", "d.name", "v.version", "v.filename", "v.content_type", "v.size_bytes"])
    .where(
      "v.message_id",
      "in",
      messages.map((m) => m.id),
    )
    .orderBy("v.added_at")
    .execute();
  return messages.map((m) => ({
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    subject: m.subject,
    body: m.body,
    authorName: m.author_id ? (authors.get(m.author_id) ?? null) : null,
    createdAt: m.created_at,
    readAt: m.read_at,
    attachments: atts
      .filter((a) => a.message_id === m.id)
      .map((a) => ({ documentId: a.document_id, name: a.name, version: a.version, filename: a.filename, contentType: a.content_type, sizeBytes: Number(a.size_bytes) })),
  }));
}

/** Unread messages per submission for one side of the thread (the applicant reads 'to_applicant'). */
export async function unreadCounts(db: Db, submissionIds: readonly string[], direction: MessageDirection): Promise<Map<string, number>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("mailbox_messages")
    .select(["submission_id", (eb) => eb.fn.countAll<string>().as("n")])
    .where("submission_id", "in", [...submissionIds])
    .where("direction", "=", direction)
    .where("read_at", "is", null)
    .groupBy("submission_id")
    .execute();
  return new Map(rows.map((r) => [r.submission_id, Number(r.n)]));
}

/** The newest message of a kind in a thread (e.g. the open request for documents). */
export async function latestMessageOfKind(db: Db, submissionId: string, kinds: MessageKind[]) {
  return db.selectFrom("mailbox_messages").select(["id", "kind", "created_at"]).where("submission_id", "=", submissionId).where("kind", "in", kinds).orderBy("created_at", "desc").limit(1).executeTakeFirst();
}

export interface FileVersionRow {
  version: number;
  fileId: string | null;
  caseDocumentId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string | null;
  addedByType: string;
  addedByName: string | null;
  addedAt: Date;
  viaMessage: boolean;
}

export interface FileDocumentRow {
  id: string;
  /** "submission": the application's own PDF and JSON, rendered from the stored submission. */
  role: DocumentRole | "submission";
  name: string;
  visibility: DocumentVisibility;
  createdAt: Date;
  versions: FileVersionRow[];
}

/** The documents of a case file with every version, newest version first; internal ones only when asked. */
export async function listCaseFile(db: Db, submissionId: string, opts: { includeInternal: boolean }): Promise<FileDocumentRow[]> {
  let q = db.selectFrom("case_file_documents").selectAll().where("submission_id", "=", submissionId);
  if (!opts.includeInternal) q = q.where("visibility", "=", "applicant");
  const docs = await q.orderBy("created_at").orderBy("name").execute();
  if (docs.length === 0) return [];
  const versions = await db
    .selectFrom("case_file_versions as v")
    .select(["v.document_id", "v.version", "v.file_id", "v.case_document_id", "v.filename", "v.content_type", "v.size_bytes", "v.sha256", "v.added_by_type", "v.added_at", "v.message_id", "v.added_by_id"])
    .where(
      "v.document_id",
      "in",
      docs.map((d) => d.id),
    )
    .orderBy("v.version", "desc")
    .execute();
  const people = await userDisplayNames(db, versions.map((v) => v.added_by_id));
  return docs.map((d) => ({
    id: d.id,
    role: d.role,
    name: d.name,
    visibility: d.visibility,
    createdAt: d.created_at,
    versions: versions
      .filter((v) => v.document_id === d.id)
      .map((v) => ({
        version: v.version,
        fileId: v.file_id,
        caseDocumentId: v.case_document_id,
        filename: v.filename,
        contentType: v.content_type,
        sizeBytes: Number(v.size_bytes),
        sha256: v.sha256,
        addedByType: v.added_by_type,
        addedByName: v.added_by_id ? (people.get(v.added_by_id) ?? null) : null,
        addedAt: v.added_at,
        viaMessage: v.message_id !== null,
      })),
  }));
}

/** One version of a document of this submission's case file (undefined when it belongs elsewhere). */
export async function findFileVersion(db: Db, submissionId: string, documentId: string, version: number) {
  if (!/^[0-9a-f-]{36}$/.test(documentId) || !Number.isInteger(version) || version < 1) return undefined;
  return db
    .selectFrom("case_file_versions as v")
    .innerJoin("case_file_documents as d", "d.id", "v.document_id")
    .select(["d.id", "d.name", "d.visibility", "d.role", "d.case_id", "v.version", "v.file_id", "v.case_document_id", "v.filename", "v.content_type", "v.size_bytes"])
    .where("d.submission_id", "=", submissionId)
    .where("d.id", "=", documentId)
    .where("v.version", "=", version)
    .executeTakeFirst();
}

