import { buffer } from "node:stream/consumers";
import type { FastifyBaseLogger } from "fastify";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { FileStore } from "../../../platform/files/index.js";
import { readDocumentPages } from "../../records/index.js";
import { pdfPageTexts, tidyPageText } from "../pdfText.js";

type PageRead = (content: Buffer, mediaType: string) => Promise<Array<{ page: number; text: string; method: "text" | "ocr" }>>;

/**
 * The job participation-document-text: reads the text of up to `limit` pending documents page by page — the PDF's
 * text layer, and German OCR (the records module's reader) for pages without one (scanned text, drawings). Runs
 * off the request, so an upload of a 500-page PDF returns at once; also the backfill of older documents
 * (migrations/0103). An unreadable PDF ends as `failed` (the text page then says so). Audited per document.
 */
export async function documentTextReader(ctx: CommandContext, opts: { files: FileStore; limit?: number; ocr?: PageRead; log?: FastifyBaseLogger }): Promise<{ done: number; failed: number; ocrPages: number }> {
  const ocr = opts.ocr ?? readDocumentPages;
  const pending = await ctx.db
    .selectFrom("participation_documents as d")
    .innerJoin("files as f", "f.id", "d.file_id")
    .select(["d.id", "d.procedure_id", "f.storage_key"])
    .where("d.text_status", "=", "pending")
    .orderBy("d.added_at")
    .limit(opts.limit ?? 5)
    .execute();
  let done = 0;
  let failed = 0;
  let ocrPages = 0;
  for (const doc of pending) {
    const bytes = await buffer(await opts.files.get(doc.storage_key));
    const texts = await pdfPageTexts(bytes);
    const methods: Array<"text" | "ocr"> = (texts ?? []).map(() => "text");
    // Only a PDF with a page lacking text is read a second time (records' reader decides per page what to OCR); the
    // text layer's pages keep pdfPageTexts' line breaks, which the records reader folds.
    if (texts?.some((t) => t === "")) {
      // A failed OCR (a page the rasteriser cannot draw) keeps the text layer's pages; the empty ones stay empty.
      const read = await ocr(bytes, "application/pdf").catch((err: unknown) => {
        opts.log?.warn({ err, documentId: doc.id }, "participation document OCR failed");
        return [];
      });
      for (const p of read) {
        const i = p.page - 1;
        if (p.method !== "ocr" || texts[i] !== "") continue;
        texts[i] = tidyPageText(p.text);
        if (texts[i] !== "") methods[i] = "ocr";
      }
    }
    const ocrCount = methods.filter((m) => m === "ocr").length;
    const stored = await ctx.db.transaction().execute(async (tx) => {
      const still = await tx.selectFrom("participation_documents").select("text_status").where("id", "=", doc.id).forUpdate().executeTakeFirst();
      if (still?.text_status !== "pending") return false;
      await tx.deleteFrom("participation_document_pages").where("document_id", "=", doc.id).execute();
      const pages = texts ?? [];
      for (let i = 0; i < pages.length; i += 100) {
        await tx
          .insertInto("participation_document_pages")
          .values(pages.slice(i, i + 100).map((text, j) => ({ document_id: doc.id, page: i + j + 1, text, method: methods[i + j]! })))
          .execute();
      }
      await tx.updateTable("participation_documents").set({ text_status: texts ? "done" : "failed", page_count: texts ? texts.length : null }).where("id", "=", doc.id).execute();
      await appendAudit(tx, ctx.actor, {
        action: texts ? "participation.document_text_read" : "participation.document_text_failed",
        objectType: "participation_procedure",
        objectId: doc.procedure_id,
        details: { documentId: doc.id, pages: texts?.length ?? null, ocrPages: ocrCount },
        requestId: ctx.requestId,
      });
      return true;
    });
    if (!stored) continue;
    if (texts) done++;
    else failed++;
    ocrPages += ocrCount;
  }
  return { done, failed, ocrPages };
}
