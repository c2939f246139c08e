/**
 * What a reader gets out of a generated PDF, through poppler (Debian package poppler-utils; .ci/run installs it):
 * the text as pdftotext extracts it, the document info and structure tree of pdfinfo and the font list of pdffonts.
 * An independent reader, so a broken font embedding or ToUnicode map shows in the tests.
 */
import { execFileSync } from "node:child_process";

function poppler(tool: string, args: string[], pdf: Buffer): string {
  try {
    return execFileSync(tool, args, { input: pdf, maxBuffer: 64 * 1024 * 1024, stdio: ["pipe", "pipe", "pipe"] }).toString("utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${tool} is missing: apt-get install poppler-utils`);
    throw e;
  }
}

/** The text of a PDF (pdftotext, UTF-8, reading order), or of one page. */
export const pdfText = (pdf: Buffer, page?: number): string => poppler("pdftotext", ["-enc", "UTF-8", ...(page ? ["-f", String(page), "-l", String(page)] : []), "-", "-"], pdf);

/** The structure tree of a tagged PDF with its text (pdfinfo -struct-text), one element a line, indented. */
export const pdfStructure = (pdf: Buffer): string => poppler("pdfinfo", ["-enc", "UTF-8", "-struct-text", "-"], pdf);

/** pdfinfo's fields ("Title", "Pages", "Tagged" …). */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of poppler("pdfinfo", ["-enc", "UTF-8", "-"], pdf).split("\n")) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The fonts of a PDF: name, type, embedded, subset, ToUnicode map (pdffonts). */
export function pdfFonts(pdf: Buffer): Array<{ name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean }> {
  return poppler("pdffonts", ["-"], pdf)
    .split("\n")
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      if (!m) throw new Error(`pdffonts line not understood: ${l}`);
      return { name: m[1]!, type: m[2]!, embedded: m[4] === "yes", subset: m[5] === "yes", unicode: m[6] === "yes" };
    });
}
