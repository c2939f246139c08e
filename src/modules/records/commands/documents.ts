/**
 * Filing documents: staff uploads, scans and API uploads become a document (or the next version of one)
 * in the file of a case. The bytes are stored once per SHA-256 (the same file twice: one blob, both
 * documents keep their reference). OCR is queued (ocr_status pending). A closed file refuses at the database.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { sql, type Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Database } from "../../../platform/db/index.js";
import type { DocumentSource } from "../db.js";
import { queueWebhook } from "./webhooks.js";

export interface NewDocument {
  caseId: string;
  title: string;
  filename: string;
  mediaType: string;
  content: Content;
  source: DocumentSource;
  userId: string | null;
  /** The API's Idempotency-Key: the same key of the same account again returns the first result. */
  idempotencyKey?: string;
  /** Adds a version to this document instead of a new document. */
  documentId?: string;
  /** A scan: its protocol starts unreleased ("zur Qualitätsprüfung"); `scannedBy` when someone else delivered it (clearing). */
  scan?: { device: string; pages?: number; scannedBy?: string | null };
}

export type AddResult = { ok: true; documentId: string; version: number; sha256: string; repeated: boolean } | { ok: false; reason: "closed" | "no_file" };

/** Whether a database error is the zdA trigger refusing a change to a closed file. */
export const isClosedRefusal = (err: unknown) => (err as { hint?: string }).hint === "records_file_closed";

/**
 * What is filed: bytes in memory (small, generated: tests, bench, clearing), or an upload the platform streamed
 * to a temporary file and hashed on the way (`ReceivedFile`'s tempPath, sha256, size) — a 500-page scan is
 * never read into memory as a whole (ADR 0062).
 */
export type Content = Buffer | { path: string; sha256: string; size: number } | { blob: string; size: number };
export const contentSize = (c: Content) => (Buffer.isBuffer(c) ? c.length : c.size);

/** Pieces in which a file is written into its large object: the only part of it in memory at a time. */
const PIECE_BYTES = 1024 * 1024;


export async function storeBlob(tx: Transaction<Database>, content: Content): Promise<string> {
  if (Buffer.isBuffer(content)) {
    const sha256 = createHash("sha256").update(content).digest("hex");
    await tx.insertInto("records_blobs").values({ sha256, content, size: content.length }).onConflict((oc) => oc.column("sha256").doNothing()).execute();
    return sha256;
  }
  // Already stored (a clearing entry filed into a case): referenced, not copied.
  if ("blob" in content) return content.blob;
  const { sha256 } = content;
  if (await tx.selectFrom("records_blobs").select("sha256").where("sha256", "=", sha256).executeTakeFirst()) return sha256;
  const oid = (await sql<{ oid: number }>`SELECT lo_create(0) AS oid`.execute(tx)).rows[0]!.oid;
  const fh = await open(content.path, "r");
  try {
    const piece = Buffer.alloc(PIECE_BYTES);
    const hash = createHash("sha256");
    for (let offset = 0; ; ) {
      const { bytesRead } = await fh.read(piece, 0, PIECE_BYTES, offset);
      if (!bytesRead) break;
      const chunk = piece.subarray(0, bytesRead);
      hash.update(chunk);
      await sql`SELECT lo_put(${oid}::oid, ${offset}::bigint, ${chunk})`.execute(tx);
      offset += bytesRead;
    }
    // The temporary file is ours, but the hash names the blob for good: check it was not changed meanwhile.
    if (hash.digest("hex") !== sha256) throw new Error("upload changed after it was received");
  } finally {
    await fh.close();
  }
  const stored = await tx.insertInto("records_blobs").values({ sha256, content: null, content_oid: oid, size: content.size }).onConflict((oc) => oc.column("sha256").doNothing()).returning("sha256").executeTakeFirst();
  // Stored by a concurrent upload of the same file in the meantime: ours is not needed.
  if (!stored) await sql`SELECT lo_unlink(${oid}::oid)`.execute(tx);
  return sha256;
}

/** Recomputes a document's search vector: title (A), numbers and file names (B), the text of its pages (C). */
export async function refreshSearch(tx: Transaction<Database>, documentId: string): Promise<void> {
  await sql`
    UPDATE records_documents d SET search =
      setweight(to_tsvector('german', d.title), 'A') ||
      setweight(to_tsvector('simple', f.file_number || ' ' || c.reference || ' ' || coalesce((SELECT string_agg(v.filename, ' ') FROM records_versions v WHERE v.document_id = d.id), '')), 'B') ||
      setweight(to_tsvector('german', coalesce((SELECT string_agg(p.text, ' ' ORDER BY p.version DESC, p.page) FROM records_pages p WHERE p.document_id = d.id), '')), 'C')
    FROM records_files f, records_cases c
    WHERE d.id = ${documentId} AND f.id = d.file_id AND c.id = d.record_case_id`.execute(tx);
}

/** Adds a document or a version inside the caller's transaction (audited). */
export async function addDocumentTx(tx: Transaction<Database>, ctx: Pick<CommandContext, "actor" | "requestId">, p: NewDocument): Promise<AddResult> {
  if (p.idempotencyKey && p.userId) {
    const prior = await tx
      .selectFrom("records_documents as d")
      .innerJoin("records_versions as v", "v.document_id", "d.id")
      .select(["d.id", "v.version", "v.sha256"])
      .where("d.created_by", "=", p.userId)
      .where("d.idempotency_key", "=", p.idempotencyKey)
      .orderBy("v.version")
      .executeTakeFirst();
    if (prior) return { ok: true, documentId: prior.id, version: prior.version, sha256: prior.sha256, repeated: true };
  }
  // FOR SHARE OF the file row: closing (fileCloser) takes it FOR UPDATE before its checks, so filing and closing
  // exclude each other. A close in progress makes us wait and then read `closed`; a filing in progress makes the
  // close wait and then see the new document (OCR pending, scan unreleased) and refuse. The zdA trigger reads the
  // status without a lock, and a new version's foreign key does not touch the file row: without this lock a
  // document or version could land in a file closed at the same moment.
  const target = await tx
    .selectFrom("records_cases as c")
    .innerJoin("records_files as f", "f.id", "c.file_id")
    .select(["c.id as record_case_id", "c.reference", "f.id as file_id", "f.status", "f.owner_unit_id"])
    .where("c.case_id", "=", p.caseId)
    .forShare("f")
    .executeTakeFirst();
  if (!target) return { ok: false, reason: "no_file" };
  if (target.status !== "open") return { ok: false, reason: "closed" };
  const sha256 = await storeBlob(tx, p.content);
  let documentId = p.documentId;
  let version = 1;
  if (documentId) {
    const last = await tx.selectFrom("records_versions").select((eb) => eb.fn.max("version").as("v")).where("document_id", "=", documentId).executeTakeFirst();
    version = Number(last?.v ?? 0) + 1;
    await tx.updateTable("records_documents").set({ ocr_status: "pending", ocr_error: null }).where("id", "=", documentId).where("file_id", "=", target.file_id).executeTakeFirstOrThrow();
  } else {
    const doc = await tx
      .insertInto("records_documents")
      .values({ file_id: target.file_id, record_case_id: target.record_case_id, title: p.title, source: p.source, created_by: p.userId, idempotency_key: p.idempotencyKey ?? null, ocr_error: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    documentId = doc.id;
  }
  await tx.insertInto("records_versions").values({ document_id: documentId, version, filename: p.filename, media_type: p.mediaType, sha256, size: contentSize(p.content), created_by: p.userId }).execute();
  if (p.scan && version === 1) {
    // The quality check is a separate step by a second person (scanReleaser, ADR 0077): never at intake.
    await tx.insertInto("records_scan_protocols").values({ document_id: documentId, scanned_by: p.scan.scannedBy === undefined ? p.userId : p.scan.scannedBy, device: p.scan.device, pages: p.scan.pages ?? null, quality_checked_by: null, quality_checked_at: null, quality_ok: null }).execute();
  }
  await refreshSearch(tx, documentId);
  await queueWebhook(tx, { unitId: target.owner_unit_id, event: "document.added", payload: { caseReference: target.reference, fileId: target.file_id, documentId, version, sha256 } });
  await appendAudit(tx, ctx.actor, { action: version === 1 ? "records.document_added" : "records.version_added", objectType: "records_document", objectId: documentId, details: { caseId: p.caseId, version, sha256, size: contentSize(p.content), source: p.source }, requestId: ctx.requestId });
  return { ok: true, documentId, version, sha256, repeated: false };
}

/** Adds a document in its own transaction; a closed file (zdA) is refused (after the file row's lock, or by the trigger). */
export async function documentAdder(ctx: CommandContext, p: NewDocument): Promise<AddResult> {
  try {
    return await ctx.db.transaction().execute((tx) => addDocumentTx(tx, ctx, p));
  } catch (err) {
    if (isClosedRefusal(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}

/** A scan nobody could route (no readable cover sheet): kept in the clearing list for staff. */
export async function clearingAdder(ctx: CommandContext, p: { filename: string; mediaType: string; content: Content; reason: string; device: string; userId: string | null; unitIds: string[] }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const sha256 = await storeBlob(tx, p.content);
    const row = await tx.insertInto("records_clearing").values({ sha256, filename: p.filename, media_type: p.mediaType, size: contentSize(p.content), reason: p.reason, device: p.device, received_by: p.userId, unit_ids: p.unitIds, assigned_at: null, assigned_by: null, document_id: null }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "records.scan_unrouted", objectType: "records_clearing", objectId: row.id, details: { sha256, size: contentSize(p.content), reason: p.reason }, requestId: ctx.requestId });
    return row;
  });
}

/** Staff assign a clearing entry to a case: it becomes a scanned document there. */
export async function clearingAssigner(ctx: CommandContext, p: { clearingId: string; caseId: string; title: string; userId: string }): Promise<AddResult | { ok: false; reason: "gone" }> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const item = await tx.selectFrom("records_clearing as k").select(["k.filename", "k.media_type", "k.device", "k.assigned_at", "k.sha256", "k.size", "k.received_by"]).where("k.id", "=", p.clearingId).forUpdate().executeTakeFirst();
      if (!item || item.assigned_at) return { ok: false as const, reason: "gone" as const };
      const added = await addDocumentTx(tx, ctx, { caseId: p.caseId, title: p.title, filename: item.filename, mediaType: item.media_type, content: { blob: item.sha256, size: Number(item.size) }, source: "scan", userId: p.userId, scan: { device: item.device, scannedBy: item.received_by } });
      if (!added.ok) return added;
      await tx.updateTable("records_clearing").set({ assigned_at: new Date(), assigned_by: p.userId, document_id: added.documentId }).where("id", "=", p.clearingId).execute();
      await appendAudit(tx, ctx.actor, { action: "records.scan_assigned", objectType: "records_clearing", objectId: p.clearingId, details: { documentId: added.documentId, caseId: p.caseId }, requestId: ctx.requestId });
      return added;
    });
  } catch (err) {
    if (isClosedRefusal(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}

export type ReleaseResult = { ok: true } | { ok: false; reason: "not_scan" | "released" | "defective" | "own" | "closed" };

/**
 * The second person's quality check of a scan batch (ADR 0077): a staff account other than the one that scanned it
 * either releases it (all pages complete and legible) or marks it defective with a reason (migration 0078). One
 * transaction with its audit row; a scan already checked (released or defective) is refused.
 */
async function scanChecker(ctx: CommandContext, p: { documentId: string; userId: string; defect?: string }): Promise<ReleaseResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const s = await tx.selectFrom("records_scan_protocols").select(["scanned_by", "quality_ok"]).where("document_id", "=", p.documentId).forUpdate().executeTakeFirst();
      if (!s) return { ok: false as const, reason: "not_scan" as const };
      if (s.quality_ok !== null) return { ok: false as const, reason: s.quality_ok ? ("released" as const) : ("defective" as const) };
      if (s.scanned_by === p.userId) return { ok: false as const, reason: "own" as const };
      const defective = p.defect !== undefined;
      await tx.updateTable("records_scan_protocols").set({ quality_ok: !defective, quality_note: defective ? p.defect : null, quality_checked_by: p.userId, quality_checked_at: new Date() }).where("document_id", "=", p.documentId).execute();
      await appendAudit(tx, ctx.actor, { action: defective ? "records.scan_defective" : "records.scan_released", objectType: "records_document", objectId: p.documentId, details: defective ? { scannedBy: s.scanned_by, reason: p.defect } : { scannedBy: s.scanned_by }, requestId: ctx.requestId });
      return { ok: true as const };
    });
  } catch (err) {
    if (isClosedRefusal(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}

/** Four-eyes release of a scan batch (ADR 0077): quality checked, all pages complete and legible. */
export const scanReleaser = (ctx: CommandContext, p: { documentId: string; userId: string }) => scanChecker(ctx, { documentId: p.documentId, userId: p.userId });

/** The second person marks a scan defective ("mangelhaft") with a reason: the scanner re-scans it (scanRescanner). */
export const scanDefectMarker = (ctx: CommandContext, p: { documentId: string; userId: string; reason: string }) => scanChecker(ctx, { documentId: p.documentId, userId: p.userId, defect: p.reason });

export type RescanResult = AddResult | { ok: false; reason: "not_defective" };

/**
 * A re-scan of a defective scan: the new scan becomes the document's next version, and its scan protocol starts
 * again unreleased with the new scanner, device and time (the defect and its reason stay in the audit log:
 * `records.scan_defective`). Audited `records.version_added` and `records.scan_rescanned` in one transaction.
 */
export async function scanRescanner(ctx: CommandContext, p: { documentId: string; userId: string; device: string; filename: string; mediaType: string; content: Content }): Promise<RescanResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const s = await tx
        .selectFrom("records_scan_protocols as s")
        .innerJoin("records_documents as d", "d.id", "s.document_id")
        .innerJoin("records_cases as c", "c.id", "d.record_case_id")
        .select(["s.quality_ok", "s.quality_note", "d.title", "c.case_id"])
        .where("s.document_id", "=", p.documentId)
        .forUpdate()
        .executeTakeFirst();
      if (!s || s.quality_ok !== false) return { ok: false as const, reason: "not_defective" as const };
      const added = await addDocumentTx(tx, ctx, { caseId: s.case_id, title: s.title, filename: p.filename, mediaType: p.mediaType, content: p.content, source: "scan", userId: p.userId, documentId: p.documentId });
      if (!added.ok) return added;
      await tx.updateTable("records_scan_protocols").set({ scanned_by: p.userId, scanned_at: new Date(), device: p.device, pages: null, quality_ok: null, quality_note: null, quality_checked_by: null, quality_checked_at: null }).where("document_id", "=", p.documentId).execute();
      await appendAudit(tx, ctx.actor, { action: "records.scan_rescanned", objectType: "records_document", objectId: p.documentId, details: { version: added.version, sha256: added.sha256, defect: s.quality_note }, requestId: ctx.requestId });
      return added;
    });
  } catch (err) {
    if (isClosedRefusal(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}

/** Records a read of a record (document version, file page, export) in the audit log. */
export async function recordRead(ctx: CommandContext, p: { objectType: "records_file" | "records_document" | "case"; objectId: string; what: string }): Promise<void> {
  await ctx.db.transaction().execute((tx) => appendAudit(tx, ctx.actor, { action: "records.read", objectType: p.objectType, objectId: p.objectId, details: { what: p.what }, requestId: ctx.requestId }));
}
