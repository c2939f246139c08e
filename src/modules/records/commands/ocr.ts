/**
 * The OCR job (records-ocr): documents with ocr_status pending get their text per page – the PDF's text
 * layer where there is one, German OCR (tesseract.js) of the rasterised page where there is none, OCR of
 * TIFF (every page of a multi-page TIFF)/PNG/JPEG images. Unreadable files (encrypted or malformed PDFs, broken images) keep their file and get
 * ocr_status failed with a German message. One page at a time; one worker per run.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { germanOcr, imagePages, pdfPages, UnreadableScanError } from "../scan.js";
import { refreshSearch } from "./documents.js";
import { blobContent } from "../db.js";

type Ocr = Awaited<ReturnType<typeof germanOcr>>;

/** The text of every page of one file (page numbers from 1). */
export async function readPages(content: Buffer, mediaType: string, ocr: () => Promise<Ocr>): Promise<Array<{ page: number; text: string; method: "text" | "ocr" }>> {
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
        .select(["v.version", "v.media_type", blobContent.as("content")])
        .where("v.document_id", "=", id)
        .orderBy("v.version", "desc")
        .executeTakeFirst();
      if (!v) continue;
      let pages: Awaited<ReturnType<typeof readPages>> = [];
      let error: string | null = null;
      try {
        pages = await readPages(v.content, v.media_type, ocr);
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
