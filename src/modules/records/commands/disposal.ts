/**
 * Closing (zdA) and disposal (Aussonderung). A closed file is immutable (database triggers, migration 0025).
 * The job records-disposal lists closed files whose retention period ran out; staff of the owning department
 * approve per file: V → the file's data and stored bytes are deleted, the audit keeps only its number;
 * A and B → the file is handed to the archive as a validated xdomea 0503 ZIP (B: the archive appraises).
 */
import { createHash, randomUUID } from "node:crypto";
import { sql, type Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { build0503, validateXdomea, zip0503, type XdomeaFile } from "../xdomea.js";
import { isClosedRefusal } from "./documents.js";
import { queueWebhook } from "./webhooks.js";
import { scanProtocolPdf } from "../scanProtocol.js";
import { blobStream } from "../queries.js";
import type { Readable } from "node:stream";

export type CloseResult = { ok: true } | { ok: false; reason: "closed" | "ocr_pending" } | { ok: false; reason: "unreleased"; pending: number; defective: number };

/**
 * Closes a file (zdA). Refused while OCR is still running (its text would arrive after the closing), and while a scan
 * is not released — waiting for the second person's check or rejected as defective (ADR 0077): after zdA neither the
 * release nor the re-scan could be recorded, and TR-RESISCAN wants the quality check done before the paper goes.
 * The file row is locked FOR UPDATE before the checks: filing (addDocumentTx) holds it FOR SHARE, so a document filed
 * at the same moment is either seen by the checks or refused as closed, never left in the closed file.
 */
export async function fileCloser(ctx: CommandContext, p: { fileId: string; userId: string; now?: Date }): Promise<CloseResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const f = await tx.selectFrom("records_files").select(["status", "file_number", "owner_unit_id"]).where("id", "=", p.fileId).forUpdate().executeTakeFirstOrThrow();
      if (f.status !== "open") return { ok: false as const, reason: "closed" as const };
      const pending = await tx.selectFrom("records_documents").select("id").where("file_id", "=", p.fileId).where("ocr_status", "=", "pending").executeTakeFirst();
      if (pending) return { ok: false as const, reason: "ocr_pending" as const };
      const scans = await tx
        .selectFrom("records_scan_protocols as s")
        .innerJoin("records_documents as d", "d.id", "s.document_id")
        .select((eb) => [eb.fn.countAll<string>().filterWhere("s.quality_ok", "is", null).as("pending"), eb.fn.countAll<string>().filterWhere("s.quality_ok", "=", false).as("defective")])
        .where("d.file_id", "=", p.fileId)
        .executeTakeFirstOrThrow();
      if (Number(scans.pending) || Number(scans.defective)) return { ok: false as const, reason: "unreleased" as const, pending: Number(scans.pending), defective: Number(scans.defective) };
      await tx.updateTable("records_files").set({ status: "closed", closed_at: p.now ?? new Date(), closed_by: p.userId }).where("id", "=", p.fileId).execute();
      await queueWebhook(tx, { unitId: f.owner_unit_id, event: "file.closed", payload: { fileId: p.fileId, fileNumber: f.file_number } });
      await appendAudit(tx, ctx.actor, { action: "records.file_closed", objectType: "records_file", objectId: p.fileId, details: { fileNumber: f.file_number }, requestId: ctx.requestId });
      return { ok: true as const };
    });
  } catch (err) {
    if (isClosedRefusal(err)) return { ok: false, reason: "closed" };
    throw err;
  }
}

/** Lists closed files whose retention ran out by `now` (the job runs daily); returns how many were new. */
export async function disposalLister(ctx: CommandContext, now = new Date()): Promise<number> {
  const rows = await sql<{ file_id: string }>`
    INSERT INTO records_disposals (file_id, file_number, owner_unit_id, disposal, due_on)
    SELECT f.id, f.file_number, f.owner_unit_id, f.disposal, (f.closed_at + make_interval(years => f.retention_years))::date
    FROM records_files f
    WHERE f.status = 'closed' AND f.closed_at + make_interval(years => f.retention_years) <= ${now}
    ON CONFLICT (file_id) DO NOTHING
    RETURNING file_id`.execute(ctx.db);
  if (rows.rows.length) await ctx.db.transaction().execute((tx) => appendAudit(tx, ctx.actor, { action: "records.disposal_listed", objectType: "records_disposal", details: { count: rows.rows.length } }));
  return rows.rows.length;
}

/** Everything the 0503 message says about a file, with the bytes of every version. */
export async function xdomeaFile(db: CommandContext["db"], fileId: string, names: { unit: (id: string) => Promise<string>; user: (id: string | null) => Promise<string> }, opts: { raised: boolean } = { raised: true }): Promise<XdomeaFile> {
  const f = await db
    .selectFrom("records_files as f")
    .innerJoin("records_plan_units as p", "p.code", "f.plan_code")
    .innerJoin("records_cases as c", "c.file_id", "f.id")
    .select(["f.id", "f.file_number", "f.title", "f.plan_code", "p.title as plan_title", "f.owner_unit_id", "f.created_at", "f.closed_at", "f.confidentiality", "c.reference"])
    .where("f.id", "=", fileId)
    .executeTakeFirstOrThrow();
  // Documents raised above the file's level only for the owning department (the archive hand-over, its own export).
  const docs = await db.selectFrom("records_documents").select(["id", "title", "created_at", "created_by", "confidentiality"]).where("file_id", "=", fileId).$if(!opts.raised, (qb) => qb.where("confidentiality", "is", null)).orderBy("created_at").execute();
  const documents = [];
  for (const d of docs) {
    // Where the bytes are, not the bytes: a large object is read in 256 KiB pieces while the ZIP is written.
    const versions = await db.selectFrom("records_versions as v").innerJoin("records_blobs as b", "b.sha256", "v.sha256").select(["v.version", "v.filename", "v.media_type", "v.created_at", "b.content", "b.content_oid", "b.size"]).where("v.document_id", "=", d.id).orderBy("v.version").execute();
    documents.push({
      id: d.id,
      title: d.title,
      ...(d.confidentiality ? { confidentiality: d.confidentiality } : {}),
      createdAt: d.created_at,
      createdBy: await names.user(d.created_by),
      versions: versions.map((v) => ({ version: v.version, filename: v.filename, mediaType: v.media_type, createdAt: v.created_at, content: v.content ?? (() => blobStream(db, { content: null, oid: v.content_oid, size: Number(v.size) })) })),
    });
  }
  const ownerUnit = await names.unit(f.owner_unit_id);
  // TR-RESISCAN: the scan protocol goes to the archive with the file, as one more document (PDF/A).
  const scanned = await db.selectFrom("records_scan_protocols as s").innerJoin("records_documents as d", "d.id", "s.document_id").select("d.id").where("d.file_id", "=", fileId).limit(1).executeTakeFirst();
  if (scanned) {
    const now = new Date();
    const content = await scanProtocolPdf(db, { fileId, fileNumber: f.file_number, title: f.title, issuer: ownerUnit, userName: names.user, raised: opts.raised });
    documents.push({ id: randomUUID(), title: `Scanprotokoll ${f.file_number} (TR-RESISCAN)`, createdAt: now, createdBy: "Kreisportal", versions: [{ version: 1, filename: `scanprotokoll-${f.reference}.pdf`, mediaType: "application/pdf", createdAt: now, content }] });
  }
  return { fileNumber: f.file_number, title: f.title, planCode: f.plan_code, planTitle: f.plan_title, ownerUnit, createdAt: f.created_at, closedAt: f.closed_at, caseReference: f.reference, confidentiality: f.confidentiality, documents };
}

/**
 * Builds and validates the 0503 message of a file; throws with xmllint's errors when the XML does not validate. The ZIP is
 * a stream written while it is read (the documents' bytes piece by piece): send it, or store it with `streamToLargeObject`.
 */
export async function exportXdomea(db: CommandContext["db"], fileId: string, opts: { sender: string; archive: string; now?: Date; names: Parameters<typeof xdomeaFile>[2]; raised?: boolean }): Promise<{ zip: Readable; xml: string; processId: string; sgoId: string }> {
  const message = build0503(await xdomeaFile(db, fileId, opts.names, { raised: opts.raised ?? true }), { sender: opts.sender, archive: opts.archive, now: opts.now ?? new Date() });
  const check = await validateXdomea(message.xml);
  if (!check.valid) throw new Error(`xdomea 0503 ungültig: ${check.errors.slice(0, 3).join("; ")}`);
  return { zip: zip0503(message), xml: message.xml, processId: message.processId, sgoId: message.sgoId };
}

/** Deletes a file in `disposing` with everything in it, and the bytes no one else holds; returns the number of documents. */
export async function destroyFileData(tx: Transaction<Database>, fileId: string): Promise<number> {
  const docIds = (await tx.selectFrom("records_documents").select("id").where("file_id", "=", fileId).execute()).map((r) => r.id);
  const shas = docIds.length ? (await tx.selectFrom("records_versions").select("sha256").where("document_id", "in", docIds).execute()).map((r) => r.sha256) : [];
  if (docIds.length) {
    await tx.deleteFrom("records_pages").where("document_id", "in", docIds).execute();
    await tx.deleteFrom("records_scan_protocols").where("document_id", "in", docIds).execute();
    await tx.deleteFrom("records_versions").where("document_id", "in", docIds).execute();
    await tx.deleteFrom("records_documents").where("id", "in", docIds).execute();
  }
  await tx.deleteFrom("records_cases").where("file_id", "=", fileId).execute();
  await tx.deleteFrom("records_files").where("id", "=", fileId).execute();
  // The stored bytes go too, unless another document or a clearing entry holds the same content.
  if (shas.length) {
    // Large objects (uploads since migration 0058) are unlinked with their row.
    await sql`WITH gone AS (DELETE FROM records_blobs b WHERE b.sha256 = ANY(${[...new Set(shas)]}::text[])
      AND NOT EXISTS (SELECT 1 FROM records_versions v WHERE v.sha256 = b.sha256)
      AND NOT EXISTS (SELECT 1 FROM records_clearing k WHERE k.sha256 = b.sha256) RETURNING b.content_oid)
      SELECT lo_unlink(content_oid) FROM gone WHERE content_oid IS NOT NULL`.execute(tx);
  }
  return docIds.length;
}

/**
 * Writes a stream into a new large object in `tx`, in pieces of at most 1 MB (`lo_put`), never holding more than one
 * piece: the 0503 package is kept this way until the archive confirms it. Returns its oid, size and SHA-256.
 */
export async function streamToLargeObject(tx: Transaction<Database>, stream: AsyncIterable<Uint8Array>): Promise<{ oid: number; size: number; sha256: string }> {
  const oid = (await sql<{ oid: number }>`SELECT lo_create(0) AS oid`.execute(tx)).rows[0]!.oid;
  const hash = createHash("sha256");
  let size = 0;
  let parts: Buffer[] = [];
  let pending = 0;
  const flush = async () => {
    if (!pending) return;
    const piece = parts.length === 1 ? parts[0]! : Buffer.concat(parts, pending);
    await sql`SELECT lo_put(${oid}::oid, ${size}::bigint, ${piece})`.execute(tx);
    size += pending;
    parts = [];
    pending = 0;
  };
  for await (const chunk of stream) {
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    hash.update(b);
    parts.push(b);
    pending += b.length;
    if (pending >= ARCHIVE_PIECE_BYTES) await flush();
  }
  await flush();
  return { oid, size, sha256: hash.digest("hex") };
}
const ARCHIVE_PIECE_BYTES = 1024 * 1024;

export type DisposalResult = { ok: true; outcome: "destroyed" | "archived" } | { ok: false; reason: "not_listed" | "done" };

/**
 * Staff approve the disposal of one listed file. For A/B the 0503 ZIP (`exportXdomea`'s stream, read only when the file is
 * still due) is written into a large object in this transaction, piece by piece: memory stays bounded by one piece
 * whatever the number and size of the documents.
 */
export async function disposalApprover(ctx: CommandContext, p: { fileId: string; userId: string; archive?: () => Promise<{ zip: AsyncIterable<Uint8Array>; processId: string; sgoId: string }> }): Promise<DisposalResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const d = await tx.selectFrom("records_disposals").selectAll().where("file_id", "=", p.fileId).forUpdate().executeTakeFirst();
    if (!d) return { ok: false as const, reason: "not_listed" as const };
    if (d.approved_at) return { ok: false as const, reason: "done" as const };
    await tx.updateTable("records_files").set({ status: "disposing" }).where("id", "=", p.fileId).where("status", "=", "closed").execute();
    if (d.disposal === "V") {
      const documents = await destroyFileData(tx, p.fileId);
      await tx.updateTable("records_disposals").set({ approved_by: p.userId, approved_at: new Date(), outcome: "destroyed" }).where("file_id", "=", p.fileId).execute();
      // No content in the audit: the file number and how much was deleted.
      await appendAudit(tx, ctx.actor, { action: "records.file_destroyed", objectType: "records_file", objectId: p.fileId, details: { fileNumber: d.file_number, documents }, requestId: ctx.requestId });
      return { ok: true as const, outcome: "destroyed" as const };
    }
    if (!p.archive) throw new Error("archive export missing");
    const archive = await p.archive();
    const stored = await streamToLargeObject(tx, archive.zip);
    await tx.updateTable("records_disposals").set({ approved_by: p.userId, approved_at: new Date(), outcome: "archived", archive_oid: stored.oid, archive_size: stored.size, archive_sha256: stored.sha256, process_id: archive.processId, sgo_id: archive.sgoId }).where("file_id", "=", p.fileId).execute();
    await appendAudit(tx, ctx.actor, { action: "records.file_archived", objectType: "records_file", objectId: p.fileId, details: { fileNumber: d.file_number, processId: archive.processId, bytes: stored.size, sha256: stored.sha256 }, requestId: ctx.requestId });
    return { ok: true as const, outcome: "archived" as const };
  });
}
