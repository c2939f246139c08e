/**
 * A minimal PDF 1.4 writer for text documents (receipts, notices): A4 pages, Helvetica and Helvetica-Bold with
 * WinAnsiEncoding (German umlauts, ß, €), automatic line wrapping and page breaks. No dependency.
 * Characters outside Windows-1252 are replaced by "?".
 */

export interface PdfLine {
  text: string;
  size?: number;
  bold?: boolean;
  /** Extra space above, in points. */
  gap?: number;
}

const CP1252_EXTRA: Record<number, number> = { 0x20ac: 0x80, 0x201a: 0x82, 0x201e: 0x84, 0x2026: 0x85, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97 };

/** Text → a PDF string literal in WinAnsiEncoding (escaped). */
function pdfString(s: string): string {
  let out = "";
  for (const ch of s.normalize("NFC")) {
    const cp = ch.codePointAt(0)!;
    const b = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : (CP1252_EXTRA[cp] ?? 0x3f);
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, "0")}`;
    else out += String.fromCharCode(b);
  }
  return `(${out})`;
}

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 56;

/** Rough Helvetica width (average 0.5 em) – enough to wrap lines inside the margins. */
function wrap(text: string, size: number): string[] {
  const max = Math.floor((PAGE_W - 2 * MARGIN) / (size * 0.5));
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      if (!line) line = word;
      else if (line.length + 1 + word.length <= max) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
      while (line.length > max) {
        out.push(line.slice(0, max));
        line = line.slice(max);
      }
    }
    out.push(line);
  }
  return out;
}

/** Renders lines of text into a PDF document. */
export function renderTextPdf(lines: PdfLine[], meta: { title: string }): Buffer {
  const pages: string[] = [];
  let ops: string[] = [];
  let y = PAGE_H - MARGIN;
  const flush = () => {
    pages.push(ops.join("\n"));
    ops = [];
    y = PAGE_H - MARGIN;
  };
  for (const l of lines) {
    const size = l.size ?? 10;
    y -= l.gap ?? 0;
    for (const part of wrap(l.text, size)) {
      if (y - size * 1.3 < MARGIN) flush();
      y -= size * 1.3;
      ops.push(`BT /${l.bold ? "F2" : "F1"} ${size} Tf ${MARGIN} ${y.toFixed(1)} Td ${pdfString(part)} Tj ET`);
    }
  }
  flush();

  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object number = index + 1
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(""); // pages, filled below
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  add(`<< /Title ${pdfString(meta.title)} /Producer (Kreisportal) >>`);
  const kids: number[] = [];
  for (const content of pages) {
    const stream = Buffer.from(content, "latin1");
    add(`<< /Length ${stream.length} >>\nstream\n${content}\nendstream`);
    const contentNo = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentNo} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;

  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
