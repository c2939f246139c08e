/**
 * The OCR job (records-ocr): documents with ocr_status pending get their text per page – the PDF's text
 * layer where there is one, German OCR (tesseract.js) of the rasterised page where there is none, OCR of
 * TIFF (every page of a multi-page TIFF)/PNG/JPEG images. Unreadable files (encrypted or malformed PDFs, broken images) keep their file and get
 * ocr_status failed with a German message. One page at a time; one worker per run.
 * A file kept in a large object is never read whole: it is streamed with `blobStream` (256 KiB `lo_get` pieces) into a
 * temporary file, from which pdf.js reads only the byte ranges of the page it works on and sharp decodes one page.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { germanOcr, imagePages, pdfPages, UnreadableScanError } from "../scan.js";
import { refreshSearch } from "./documents.js";
import { blobStream, type BlobRef } from "../queries.js";

type Ocr = Awaited<ReturnType<typeof germanOcr>>;

/** The text of every page of one file (page numbers from 1): bytes, or the path of a file read page by page. */
export async function readPages(content: Buffer | string, mediaType: string, ocr: () => Promise<Ocr>): Promise<Array<{ page: number; text: string; method: "text" | "ocr" }>> {
  const out: Array<{ page: number; text: string; method: "text" | "ocr" }> = [];
  if (mediaType === "application/pdf") {
    for await (const p of pdfPages(content)) {
      if (p.text !== undefined && !p.image) out.push({ page: p.page, text: p.text, method: "text" });
      else if (p.image) out.push({ page: p.page, text: await (await ocr()).recognize(p.image.png), method: "ocr" });
    }
  } else if (mediaType.startsWith("image/")) {
    // Every page of a multi-page TIFF, one at a time (tesseract alone would read only the first).
    for await (const p of imagePages(content)) out.push({ page: p.page, text: await (await ocr()).recognize(p.png), method: "ocr" });
  }
  return out;
}

/**
 * Runs `use` on a blob: small inline bytes as they are; a large object streamed piece by piece (`blobStream`) into a
 * temporary file (removed afterwards), whose path the readers open by byte ranges — never the whole file in memory.
 */
export async function withBlobFile<T>(db: CommandContext["db"], blob: BlobRef, use: (source: Buffer | string) => Promise<T>): Promise<T> {
  if (blob.content) return use(blob.content);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-records-ocr-"));
  try {
    const file = path.join(dir, "blob");
    await pipeline(blobStream(db, blob), createWriteStream(file, { mode: 0o600 }));
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs OCR for up to `limit` pending documents; returns how many were done and failed. */
export async function ocrRunner(ctx: CommandContext, opts: { limit?: number } = {}): Promise<{ done: number; failed: number; pages: number }> {
  const pending = await ctx.db.selectFrom("records_documents").select("id").where("ocr_status", "=", "pending").orderBy("created_at").limit(opts.limit ?? 20).execute();
  let worker: Ocr | undefined;
  const ocr = async () => (worker ??= await germanOcr());
  let done = 0;
  let failed = 0;
  let pageCount = 0;
  try {
    for (const { id } of pending) {
      const v = await ctx.db
        .selectFrom("records_versions as v")
        .innerJoin("records_blobs as b", "b.sha256", "v.sha256")
        .select(["v.version", "v.media_type", "b.content", "b.content_oid", "b.size"])
        .where("v.document_id", "=", id)
        .orderBy("v.version", "desc")
        .executeTakeFirst();
      if (!v) continue;
      let pages: Awaited<ReturnType<typeof readPages>> = [];
      let error: string | null = null;
      try {
        pages = await withBlobFile(ctx.db, { content: v.content, oid: v.content_oid, size: Number(v.size) }, (source) => readPages(source, v.media_type, ocr));
      } catch (err) {
        if (!(err instanceof UnreadableScanError)) throw err;
        error = err.message;
      }
      await ctx.db.transaction().execute(async (tx) => {
        const still = await tx.selectFrom("records_documents").select("ocr_status").where("id", "=", id).forUpdate().executeTakeFirst();
        if (still?.ocr_status !== "pending") return;
        await tx.deleteFrom("records_pages").where("document_id", "=", id).where("version", "=", v.version).execute();
        if (pages.length) await tx.insertInto("records_pages").values(pages.map((p) => ({ document_id: id, version: v.version, page: p.page, text: p.text, method: p.method }))).execute();
        await tx.updateTable("records_documents").set({ ocr_status: error ? "failed" : "done", ocr_error: error }).where("id", "=", id).execute();
        await refreshSearch(tx, id);
        await appendAudit(tx, ctx.actor, { action: error ? "records.ocr_failed" : "records.ocr_done", objectType: "records_document", objectId: id, details: { version: v.version, pages: pages.length, ocrPages: pages.filter((p) => p.method === "ocr").length } });
      });
      if (error) failed++;
      else done++;
      pageCount += pages.length;
    }
  } finally {
    await worker?.terminate();
  }
  return { done, failed, pages: pageCount };
}
