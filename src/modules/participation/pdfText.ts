/**
 * The text of a PDF, page by page, for readers without JavaScript: read once by the job participation-document-text
 * with pdfjs-dist in Node (the approach of records/scan.ts, without rasterising; pages without a text layer then go
 * to the records module's OCR, commands/documentText.ts). Line ends follow PDF.js's `hasEOL`.
 */
export const TEXT_MAX_PAGES = 500;
const PAGE_MAX_CHARS = 200_000;

/** One page's text as stored: spaces folded per line, at most one empty line in a row, at most PAGE_MAX_CHARS. */
export function tidyPageText(text: string): string {
  return text
    .split("\n")
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n")
    .trim()
    .slice(0, PAGE_MAX_CHARS);
}

/** The pages' text (index 0 = page 1), or undefined when the PDF cannot be read (damaged, encrypted). */
export async function pdfPageTexts(data: Uint8Array, maxPages = TEXT_MAX_PAGES): Promise<string[] | undefined> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : "");
      }
      pages.push(tidyPageText(text));
      page.cleanup();
    }
    return pages;
  } catch {
    return undefined;
  } finally {
    await task.destroy().catch(() => undefined);
  }
}
