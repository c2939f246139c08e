import { readPages } from "./commands/ocr.js";
import { germanOcr } from "./scan.js";

/**
 * The text of a PDF's or image's pages for other modules (participation's plan documents): the text layer where a
 * page has one, German OCR (tesseract.js, the records module's trained data) where it has none. The OCR worker is
 * started only when a page needs it and ended afterwards. Throws UnreadableScanError for a damaged or encrypted file.
 */
export async function readDocumentPages(content: Buffer | string, mediaType: string): Promise<Array<{ page: number; text: string; method: "text" | "ocr" }>> {
  let worker: Awaited<ReturnType<typeof germanOcr>> | undefined;
  try {
    return await readPages(content, mediaType, async () => (worker ??= await germanOcr()));
  } finally {
    await worker?.terminate();
  }
}
