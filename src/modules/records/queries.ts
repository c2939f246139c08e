import { Readable } from "node:stream";
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";

/** Markers ts_headline puts around hits (replaced by <mark> on the page, removed in the API). */
export const HIT_START = "\u0002";
export const HIT_END = "\u0003";

export interface SearchHit {
  documentId: string;
  title: string;
  fileId: string;
  fileNumber: string;
  caseId: string;
  caseReference: string;
  snippet: string;
  rank: number;
  /** The document has its own, raised confidentiality level (readable with write access only, see policies). */
  raised: boolean;
}

/** How many matching documents are ranked at most (very common words: the ranking sees this many, the rest is not ranked). */
export const RANK_CANDIDATES = 2000;

/**
 * Full-text search (PostgreSQL FTS, config german, GIN index on records_documents.search) over documents
 * whose file the given units may read (owner or participating department); the caller checks the cases
 * policy per hit again. Snippets (ts_headline) only for the page of results.
 */
export async function searchDocuments(db: Db, p: { q: string; unitIds: readonly string[]; limit?: number; offset?: number }): Promise<SearchHit[]> {
  // A document raised above its file's level only in files the units own (participating units do not see it; the
  // caller checks the policy per hit again, `mayReadDocument`).
  if (!p.unitIds.length || !p.q.trim()) return [];
  // The readable files first (a constant list lets the planner combine the GIN index with the file index).
  const files = await db
    .selectFrom("records_files")
    .select(["id", "owner_unit_id"])
    .where((eb) => eb.or([eb("owner_unit_id", "=", eb.fn.any(eb.val(p.unitIds as string[]))), sql<boolean>`reader_unit_ids && ${p.unitIds as string[]}::uuid[]`]))
    .execute();
  if (!files.length) return [];
  const fileIds = files.map((f) => f.id);
  const ownedIds = files.filter((f) => p.unitIds.includes(f.owner_unit_id)).map((f) => f.id);
  const rows = await sql<{ document_id: string; title: string; file_id: string; file_number: string; case_id: string; reference: string; snippet: string; rank: number; raised: boolean }>`
    WITH q AS (SELECT websearch_to_tsquery('german', ${p.q}) AS query),
    cand AS (
      SELECT d.id, d.title, d.file_id, d.search, d.confidentiality IS NOT NULL AS raised FROM records_documents d, q
      WHERE d.search @@ q.query AND d.file_id = ANY(${fileIds}::uuid[])
        AND (d.confidentiality IS NULL OR d.file_id = ANY(${ownedIds}::uuid[]))
      LIMIT ${RANK_CANDIDATES}
    ),
    hits AS (
      SELECT c.id, c.title, c.file_id, c.raised, ts_rank(c.search, q.query) AS rank FROM cand c, q
      ORDER BY rank DESC, c.id
      LIMIT ${p.limit ?? 20} OFFSET ${p.offset ?? 0}
    )
    SELECT h.id AS document_id, h.title, h.file_id, f.file_number, c.case_id, c.reference, h.rank, h.raised,
      ts_headline('german', h.title || ' – ' || coalesce((SELECT string_agg(pg.text, ' ' ORDER BY pg.version DESC, pg.page) FROM records_pages pg WHERE pg.document_id = h.id), ''), q.query,
        ${`StartSel=${HIT_START}, StopSel=${HIT_END}, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "`}) AS snippet
    FROM hits h JOIN records_files f ON f.id = h.file_id JOIN records_cases c ON c.file_id = f.id, q
    ORDER BY h.rank DESC, h.id`.execute(db);
  return rows.rows.map((r) => ({ documentId: r.document_id, title: r.title, fileId: r.file_id, fileNumber: r.file_number, caseId: r.case_id, caseReference: r.reference, snippet: r.snippet, rank: Number(r.rank), raised: r.raised }));
}

export async function findFile(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return db
    .selectFrom("records_files as f")
    .innerJoin("records_cases as c", "c.file_id", "f.id")
    .innerJoin("records_plan_units as p", "p.code", "f.plan_code")
    .select(["f.id", "f.file_number", "f.title", "f.plan_code", "p.title as plan_title", "p.retention_years as plan_retention", "p.disposal as plan_disposal", "f.retention_years", "f.disposal", "f.override_reason", "f.confidentiality", "f.confidentiality_reason", "f.medium", "f.owner_unit_id", "f.status", "f.created_at", "f.closed_at", "c.case_id", "c.reference", "c.title as case_title"])
    .where("f.id", "=", id)
    .executeTakeFirst();
}
export type FileDetail = NonNullable<Awaited<ReturnType<typeof findFile>>>;

/** The file a case is filed in, with its number of documents and how many of them are raised above the file's level (the case page's panel). */
export async function fileOfCase(db: Db, caseId: string) {
  return db
    .selectFrom("records_cases as c")
    .innerJoin("records_files as f", "f.id", "c.file_id")
    .select(["f.id", "f.file_number", "f.title", "f.status", (eb) => eb.selectFrom("records_documents as d").select(eb.fn.countAll<string>().as("n")).whereRef("d.file_id", "=", "f.id").as("documents"), (eb) => eb.selectFrom("records_documents as d").select(eb.fn.countAll<string>().as("n")).whereRef("d.file_id", "=", "f.id").where("d.confidentiality", "is not", null).as("raised")])
    .where("c.case_id", "=", caseId)
    .executeTakeFirst();
}

export async function fileIdOfCase(db: Db, caseId: string): Promise<string | undefined> {
  return (await db.selectFrom("records_cases").select("file_id").where("case_id", "=", caseId).executeTakeFirst())?.file_id;
}

/**
 * The documents of a file with their versions and scan protocol (no content). `raised: false` leaves out documents with
 * their own, raised confidentiality level (for those who only read the file: `mayReadDocument`).
 */
export async function listDocuments(db: Db, fileId: string, opts: { raised: boolean }) {
  const docs = await db
    .selectFrom("records_documents as d")
    .leftJoin("records_scan_protocols as s", "s.document_id", "d.id")
    .select(["d.id", "d.title", "d.source", "d.created_at", "d.created_by", "d.ocr_status", "d.ocr_error", "d.confidentiality", "d.confidentiality_reason", "s.device", "s.scanned_at", "s.scanned_by", "s.quality_ok", "s.quality_note"])
    .select((eb) => eb.selectFrom("records_pages as p").whereRef("p.document_id", "=", "d.id").select((e) => e.fn.countAll<string>().as("n")).as("pages"))
    .where("d.file_id", "=", fileId)
    .$if(!opts.raised, (qb) => qb.where("d.confidentiality", "is", null))
    .orderBy("d.created_at")
    .execute();
  const versions = docs.length ? await db.selectFrom("records_versions").select(["document_id", "version", "filename", "media_type", "sha256", "size", "created_at"]).where("document_id", "in", docs.map((d) => d.id)).orderBy("version").execute() : [];
  return docs.map((d) => ({ ...d, pages: Number(d.pages ?? 0), versions: versions.filter((v) => v.document_id === d.id).map((v) => ({ ...v, size: Number(v.size) })) }));
}
export type DocumentRow = Awaited<ReturnType<typeof listDocuments>>[number];

/** Scans awaiting their four-eyes release in open files the units own (ADR 0077), oldest first. */
export async function unreleasedScans(db: Db, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  return db
    .selectFrom("records_scan_protocols as s")
    .innerJoin("records_documents as d", "d.id", "s.document_id")
    .innerJoin("records_files as f", "f.id", "d.file_id")
    .innerJoin("records_cases as c", "c.id", "d.record_case_id")
    .select(["d.id", "d.title", "f.id as file_id", "f.file_number", "f.owner_unit_id", "c.case_id", "c.reference", "s.device", "s.scanned_at", "s.scanned_by"])
    .where("s.quality_ok", "is", null)
    .where("f.status", "=", "open")
    .where("f.owner_unit_id", "in", [...unitIds])
    .orderBy("s.scanned_at")
    .limit(200)
    .execute();
}

/**
 * Scans marked defective ("mangelhaft", migration 0078) in open files that the user scanned or that the user's units
 * own (scans from a scanner key have no person to go back to), oldest first: to be re-scanned.
 */
export async function defectiveScans(db: Db, userId: string, unitIds: readonly string[]) {
  return db
    .selectFrom("records_scan_protocols as s")
    .innerJoin("records_documents as d", "d.id", "s.document_id")
    .innerJoin("records_files as f", "f.id", "d.file_id")
    .innerJoin("records_cases as c", "c.id", "d.record_case_id")
    .select(["d.id", "d.title", "f.id as file_id", "f.file_number", "c.case_id", "s.device", "s.scanned_at", "s.scanned_by", "s.quality_note", "s.quality_checked_by", "s.quality_checked_at"])
    .where("s.quality_ok", "=", false)
    .where("f.status", "=", "open")
    .where((eb) => (unitIds.length ? eb.or([eb("s.scanned_by", "=", userId), eb("f.owner_unit_id", "in", [...unitIds])]) : eb("s.scanned_by", "=", userId)))
    .orderBy("s.quality_checked_at")
    .limit(200)
    .execute();
}

/** One document with its file and case (for access checks), its versions and its page texts. */
export async function findDocument(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const d = await db
    .selectFrom("records_documents as d")
    .innerJoin("records_files as f", "f.id", "d.file_id")
    .innerJoin("records_cases as c", "c.id", "d.record_case_id")
    .leftJoin("records_scan_protocols as s", "s.document_id", "d.id")
    .select(["d.id", "d.title", "d.source", "d.created_at", "d.ocr_status", "d.ocr_error", "f.id as file_id", "f.file_number", "f.status as file_status", "f.owner_unit_id", "f.confidentiality", "f.confidentiality_reason", "d.confidentiality as doc_confidentiality", "d.confidentiality_reason as doc_confidentiality_reason", "c.case_id", "c.reference"])
    .select(["s.document_id as scan_document_id", "s.scanned_by", "s.scanned_at", "s.device", "s.quality_ok", "s.quality_note", "s.quality_checked_by", "s.quality_checked_at"])
    .where("d.id", "=", id)
    .executeTakeFirst();
  if (!d) return undefined;
  const versions = await db.selectFrom("records_versions").select(["version", "filename", "media_type", "sha256", "size", "created_at"]).where("document_id", "=", id).orderBy("version").execute();
  const pages = await db.selectFrom("records_pages").select(["version", "page", "text", "method"]).where("document_id", "=", id).orderBy("version", "desc").orderBy("page").execute();
  return { ...d, versions: versions.map((v) => ({ ...v, size: Number(v.size) })), pages };
}

/** Bytes of a large object read per statement when streaming a download (one piece in memory at a time). */
export const DOWNLOAD_CHUNK_BYTES = 256 * 1024;

/** Where a blob's bytes are: small ones inline (`content`), uploads in a large object (`oid`) to be streamed (ADR 0062). */
export interface BlobRef {
  content: Buffer | null;
  oid: number | null;
  size: number;
}

/**
 * The bytes of a blob as a stream: inline bytes as they are, a large object piece by piece with
 * `lo_get(oid, offset, length)` — a 500-page scan is never held whole in memory for a download. Pulled only as fast
 * as the client reads. A short read (the object gone or changed meanwhile) fails the stream instead of sending less
 * than the announced length.
 */
export function blobStream(db: Db, blob: BlobRef, chunkBytes = DOWNLOAD_CHUNK_BYTES): Readable {
  if (blob.content) return Readable.from([blob.content], { objectMode: false });
  const oid = blob.oid;
  if (oid === null) throw new Error("blob without content");
  return Readable.from(
    (async function* () {
      for (let offset = 0; offset < blob.size; offset += chunkBytes) {
        const length = Math.min(chunkBytes, blob.size - offset);
        const part = (await sql<{ part: Buffer }>`SELECT lo_get(${oid}::oid, ${offset}::bigint, ${length}::int) AS part`.execute(db)).rows[0]?.part;
        if (!part || part.length !== length) throw new Error(`large object ${oid}: short read at ${offset}`);
        yield part;
      }
    })(),
    { objectMode: false },
  );
}

/** One version's metadata and where its bytes are (not the bytes: see `blobStream`). */
export async function versionBlob(db: Db, documentId: string, version: number) {
  const v = await db.selectFrom("records_versions as v").innerJoin("records_blobs as b", "b.sha256", "v.sha256").select(["v.filename", "v.media_type", "v.sha256", "b.content", "b.content_oid", "b.size"]).where("v.document_id", "=", documentId).where("v.version", "=", version).executeTakeFirst();
  return v && { filename: v.filename, media_type: v.media_type, sha256: v.sha256, blob: { content: v.content, oid: v.content_oid, size: Number(v.size) } satisfies BlobRef };
}

/** The newest files the units may read (the staff start page). */
export async function recentFiles(db: Db, unitIds: readonly string[], limit = 20) {
  if (!unitIds.length) return [];
  return db
    .selectFrom("records_files as f")
    .innerJoin("records_cases as c", "c.file_id", "f.id")
    .select(["f.id", "f.file_number", "f.title", "f.status", "c.reference", "c.case_id"])
    .where((eb) => eb.or([eb("f.owner_unit_id", "=", eb.fn.any(eb.val(unitIds as string[]))), sql<boolean>`f.reader_unit_ids && ${unitIds as string[]}::uuid[]`]))
    .orderBy("f.created_at", "desc")
    .limit(limit)
    .execute();
}

/** Open clearing entries delivered by the units' members (scans may hold personal data: not for every department). */
export async function openClearing(db: Db, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  return db
    .selectFrom("records_clearing")
    .select(["id", "filename", "media_type", "size", "reason", "device", "received_at"])
    .where("assigned_at", "is", null)
    .where(sql<boolean>`unit_ids && ${unitIds as string[]}::uuid[]`)
    .orderBy("received_at")
    .limit(200)
    .execute();
}

/** An open clearing entry the units may see, with where its bytes are (streamed by `blobStream`). */
export async function clearingContent(db: Db, id: string, unitIds: readonly string[]) {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !unitIds.length) return undefined;
  const k = await db
    .selectFrom("records_clearing as k")
    .innerJoin("records_blobs as b", "b.sha256", "k.sha256")
    .select(["k.id", "k.filename", "k.media_type", "k.assigned_at", "b.content", "b.content_oid", "b.size"])
    .where("k.id", "=", id)
    .where(sql<boolean>`k.unit_ids && ${unitIds as string[]}::uuid[]`)
    .executeTakeFirst();
  return k && { id: k.id, filename: k.filename, media_type: k.media_type, assigned_at: k.assigned_at, blob: { content: k.content, oid: k.content_oid, size: Number(k.size) } satisfies BlobRef };
}

/** The disposal list of the units' files (open entries first), and what was done. */
export async function disposalList(db: Db, unitIds: readonly string[]) {
  if (!unitIds.length) return [];
  return db
    .selectFrom("records_disposals as d")
    .leftJoin("records_files as f", "f.id", "d.file_id")
    .select(["d.file_id", "d.file_number", "d.disposal", "d.due_on", "d.listed_at", "d.approved_at", "d.outcome", "d.archive_confirmed_at", "d.archive_received_at", "f.title", "d.owner_unit_id"])
    .where("d.owner_unit_id", "in", unitIds as string[])
    .orderBy("d.approved_at", "desc")
    .orderBy("d.due_on")
    .limit(500)
    .execute();
}

export async function findDisposal(db: Db, fileId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(fileId)) return undefined;
  return db.selectFrom("records_disposals").selectAll().where("file_id", "=", fileId).executeTakeFirst();
}

export interface PlanNode {
  code: string;
  parentCode: string | null;
  title: string;
  retentionYears: number;
  disposal: "A" | "B" | "V";
  processIds: string[];
  /** Files under this position that the user's units may read (not counting sub-positions). */
  files: number;
  children: PlanNode[];
}

/** The filing plan as a tree (codes in natural order), with the number of files each of `unitIds` may read. */
export async function planTree(db: Db, unitIds: readonly string[]): Promise<PlanNode[]> {
  const rows = await db
    .selectFrom("records_plan_units as p")
    .select(["p.code", "p.parent_code", "p.title", "p.retention_years", "p.disposal", "p.process_ids"])
    .select((eb) =>
      eb
        .selectFrom("records_files as f")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("f.plan_code", "=", "p.code")
        .where(sql<boolean>`f.reader_unit_ids && ${sql.val([...unitIds])}::uuid[]`)
        .as("files"),
    )
    .execute();
  const byCode = new Map<string, PlanNode>(rows.map((r) => [r.code, { code: r.code, parentCode: r.parent_code, title: r.title, retentionYears: r.retention_years, disposal: r.disposal, processIds: r.process_ids, files: Number(r.files ?? 0), children: [] }]));
  const roots: PlanNode[] = [];
  for (const n of byCode.values()) (n.parentCode && byCode.get(n.parentCode) ? byCode.get(n.parentCode)!.children : roots).push(n);
  const order = new Intl.Collator("de", { numeric: true });
  const sort = (list: PlanNode[]) => {
    list.sort((a, b) => order.compare(a.code, b.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

