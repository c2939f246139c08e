/**
 * The one PDF writer of the portal (receipts, notices, statements, payment receipts), on PDFKit:
 * PDF/A-2b (sRGB output intent, XMP with pdfaid), tagged (structure tree H1/H2/P/Table, header and footer
 * as pagination artifacts, Lang de-DE, displayed title), A4, Noto Sans embedded as subsets (every Unicode
 * character the font has, no "?" replacement), header with the issuer on every page and "Seite x von y".
 * Fonts come from data/fonts (OFL-1.1), never from the operating system.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as fontkit from "fontkit";
import { createRequire } from "node:module";
import QRCode from "qrcode";
import { translatorFor, type Locale, type Messages, type Translate } from "../i18n/index.js";
import { formatDay } from "../i18n/format.js";
import { berlinTime } from "../time/berlin.js";
import { rootPath } from "../paths.js";
import { lazy } from "../lazy.js";

export const pdfMessages: Messages = {
  de: { "pdf.created": "Erstellt am {date}, {time} Uhr", "pdf.page": "Seite {n} von {count}" },
  en: { "pdf.created": "Created on {date}, {time}", "pdf.page": "Page {n} of {count}" },
};
const pdfTranslator = translatorFor(pdfMessages);

export const FONTS_DIR = rootPath("data", "fonts");

/** A line of text. Bold 16 pt and larger is tagged as the title (H1), bold 12–15 pt as a heading (H2). */
export interface PdfLine {
  kind?: "text";
  text: string;
  size?: number;
  bold?: boolean;
  /** Extra space above, in points. */
  gap?: number;
}

/** One row of a label/answer table; `code` sets the value smaller (hashes, identifiers). */
export interface PdfField {
  label: string;
  value: string;
  code?: boolean;
}

export type PdfBlock =
  | PdfLine
  | { kind: "title"; text: string; subtitle?: string }
  | { kind: "heading"; text: string; level?: 2 | 3 }
  | { kind: "fields"; rows: PdfField[] }
  /**
   * Text lines kept on one page (a signature block): when they do not fit below what came before, all of them start
   * on the next page. Only when they fit on an empty page at all; longer ones flow as usual. Body text lines (under
   * 12 pt; larger bold ones would be headings with their own spacing).
   */
  | { kind: "keep"; lines: PdfLine[] }
  /** A QR code of `data` drawn as vector squares (no image, so PDF/A stays simple), tagged as a Figure with `alt`. */
  | { kind: "qr"; data: string; alt: string; size?: number };

export interface PdfMeta {
  /** Document title (metadata, shown by viewers, and in every page's footer). */
  title: string;
  /** Issuing county or office: Author, and the header of every page. */
  issuer: string;
  subject?: string;
  /** CreationDate and the "erstellt" line of the header; default now. */
  createdAt?: Date;
  /** Language of the frame texts and the document's Lang; default German (official documents are German). */
  locale?: Locale;
}

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 92, bottom: 72, left: 62, right: 62 };
const CONTENT_W = PAGE.width - MARGIN.left - MARGIN.right;
const LABEL_W = Math.round(CONTENT_W * 0.36);
const CELL_PAD = 4;
const COLOR = { text: "#1a1a1a", muted: "#4d4d4d", accent: "#0f3b68", rule: "#b9c0c8" };

// Parsed once per process: parsing a 0.5 MB TrueType file costs far more than laying out a receipt.
const loadFont = (file: string) => fontkit.create(readFileSync(path.join(FONTS_DIR, file)));
const loadFonts = lazy(() => ({ regular: loadFont("NotoSans-Regular.ttf"), bold: loadFont("NotoSans-Bold.ttf") }));

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
/**
 * Text for the PDF: NFC, control characters (tabs too) as spaces, and every character Noto Sans has no glyph
 * for (Chinese, emoji …) as U+FFFD "�": PDF/A forbids showing the .notdef glyph, and "?" would look like a question.
 */
function clean(s: string): string {
  const { regular } = loadFonts();
  let out = "";
  for (const ch of s.normalize("NFC").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, " ")) {
    out += ch === "\n" || regular.hasGlyphForCodePoint(ch.codePointAt(0)!) ? ch : "\ufffd";
  }
  return out;
}

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/**
 * PDFKit shapes every word with fontkit (kerning, ligatures) and caches the result per document; the result
 * depends only on font and word, so documents share one cache per font (a third less time per receipt).
 * Bounded: emptied past 20 000 words, so free text cannot grow it without limit.
 */
const layoutCaches: Record<"regular" | "bold", Record<string, unknown>> = { regular: Object.create(null), bold: Object.create(null) };
function shareLayoutCache(doc: Doc) {
  for (const name of ["regular", "bold"] as const) {
    if (Object.keys(layoutCaches[name]).length > 20_000) layoutCaches[name] = Object.create(null);
    doc.font(name);
    (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font.layoutCache = layoutCaches[name];
  }
}

// PDFKit (with fontkit, ~0.5 s to load) is required on the first PDF, not at start-up; require caches it.
const requireCjs = createRequire(import.meta.url);

/** Renders blocks into a PDF/A-2b document (synchronously: PDFKit writes everything during end()). */
export function renderPdf(blocks: PdfBlock[], meta: PdfMeta): Buffer {
  const PDFDocument = requireCjs("pdfkit") as typeof import("pdfkit");
  const { regular, bold } = loadFonts();
  const createdAt = meta.createdAt ?? new Date();
  const info = { Title: clean(meta.title), Author: clean(meta.issuer), Subject: meta.subject ? clean(meta.subject) : undefined, Creator: "Kreisportal", Producer: "Kreisportal (PDFKit)", CreationDate: createdAt };
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    pdfVersion: "1.7",
    subset: "PDF/A-2b",
    tagged: true,
    lang: meta.locale === "en" ? "en-GB" : "de-DE",
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: false,
    info: Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as PDFKit.DocumentInfo,
  });
  escapeXmpInfo(doc);
  // PDFKit takes a parsed fontkit font where its types say file name or buffer
  doc.registerFont("regular", regular as unknown as Buffer);
  doc.registerFont("bold", bold as unknown as Buffer);
  doc.addPage();
  shareLayoutCache(doc);

  const root = doc.struct("Document");
  doc.addStructure(root);
  const w = new Writer(doc, root);
  for (const b of blocks) w.block(b);
  root.end();

  const range = doc.bufferedPageRange();
  const t = pdfTranslator(meta.locale ?? "de");
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    pageFrame(doc, t, info.Author, info.Title, createdAt, i - range.start + 1, range.count);
  }
  doc.end();
  const chunks: Buffer[] = [];
  for (let c: Buffer | null = doc.read(); c !== null; c = doc.read()) chunks.push(c);
  const pdf = Buffer.concat(chunks);
  if (!pdf.subarray(-8).toString("latin1").includes("%%EOF")) throw new Error("PDF writer did not finish synchronously");
  return pdf;
}

/** Header (issuer, creation time) and footer (title, "Seite x von y") as pagination artifacts. */
function pageFrame(doc: Doc, t: Translate, issuer: string, title: string, createdAt: Date, n: number, count: number) {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // text below the body must not open a new page
  doc.markContent("Artifact", { type: "Pagination", attached: ["Top"] } as PDFKit.Mixins.MarkingOptions);
  const right = PAGE.width - MARGIN.right;
  doc.font("bold").fontSize(11).fillColor(COLOR.accent).text(issuer, MARGIN.left, 40, { width: CONTENT_W * 0.62, height: 14, lineBreak: false, ellipsis: true });
  doc.font("regular").fontSize(8).fillColor(COLOR.muted).text(t("pdf.created", { date: formatDay(createdAt), time: berlinTime(createdAt) }), MARGIN.left + CONTENT_W * 0.62, 42, { width: CONTENT_W * 0.38, align: "right", lineBreak: false });
  doc.moveTo(MARGIN.left, 62).lineTo(right, 62).lineWidth(0.8).strokeColor(COLOR.accent).stroke();
  doc.endMarkedContent();
  doc.markContent("Artifact", { type: "Pagination", attached: ["Bottom"] } as PDFKit.Mixins.MarkingOptions);
  const fy = PAGE.height - 48;
  doc.moveTo(MARGIN.left, fy - 8).lineTo(right, fy - 8).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
  doc.font("regular").fontSize(8).fillColor(COLOR.muted).text(title, MARGIN.left, fy, { width: CONTENT_W * 0.7, height: 10, lineBreak: false, ellipsis: true });
  doc.text(t("pdf.page", { n, count }), MARGIN.left + CONTENT_W * 0.7, fy, { width: CONTENT_W * 0.3, align: "right", lineBreak: false });
  doc.endMarkedContent();
  doc.page.margins.bottom = bottom;
}

/** PDFKit writes Info values into the XMP packet unescaped ("&" or "<" in a title breaks it); same XMP, escaped. */
function escapeXmpInfo(doc: Doc) {
  const d = doc as unknown as { info: Record<string, string | Date | undefined>; appendXML(x: string): void; _addInfo(): void };
  d._addInfo = function () {
    const i = d.info;
    const created = (i.CreationDate as Date).toISOString().split(".")[0] + "Z";
    const alt = (tag: string, v?: unknown) => (v ? `<${tag}><rdf:Alt><rdf:li xml:lang="x-default">${xml(String(v))}</rdf:li></rdf:Alt></${tag}>` : "");
    d.appendXML(`<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>${created}</xmp:CreateDate><xmp:CreatorTool>${xml(String(i.Creator))}</xmp:CreatorTool></rdf:Description>`);
    d.appendXML(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">${alt("dc:title", i.Title)}${i.Author ? `<dc:creator><rdf:Seq><rdf:li>${xml(String(i.Author))}</rdf:li></rdf:Seq></dc:creator>` : ""}${alt("dc:description", i.Subject)}</rdf:Description>`);
    d.appendXML(`<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>${xml(String(i.Producer))}</pdf:Producer></rdf:Description>`);
  };
}

/** Lays blocks out top to bottom, tags each one and keeps headings and table rows off the page bottom. */
class Writer {
  private y = MARGIN.top;
  private first = true;
  constructor(
    private doc: Doc,
    private root: Struct,
  ) {}

  private get maxY() {
    return PAGE.height - MARGIN.bottom;
  }

  private newPage() {
    this.doc.addPage();
    this.y = MARGIN.top;
    this.first = true;
  }

  /** Space above a block (none at the top of a page); a new page when `need` points do not fit. */
  private space(gap: number, need: number) {
    if (!this.first) this.y += gap;
    if (this.y + need > this.maxY && !this.first) this.newPage();
    this.first = false;
  }

  private height(text: string, font: "regular" | "bold", size: number, width: number) {
    return this.doc.font(font).fontSize(size).heightOfString(text, { width, lineGap: size * 0.25 });
  }

  /** Text that may run over page ends (PDFKit continues it and its marking on the next page). */
  private flow(tag: string, text: string, font: "regular" | "bold", size: number, color: string, x = MARGIN.left, width = CONTENT_W) {
    this.root.add(
      this.doc.struct(tag, {}, () => {
        this.doc.font(font).fontSize(size).fillColor(color).text(text, x, this.y, { width, lineGap: size * 0.25 });
      }),
    );
    this.y = this.doc.y;
  }

  block(b: PdfBlock) {
    if (b.kind === "title") return this.title(b.text, b.subtitle);
    if (b.kind === "heading") return this.heading(b.text, b.level ?? 2);
    if (b.kind === "fields") return this.fields(b.rows);
    if (b.kind === "qr") return this.qr(b.data, b.alt, b.size ?? 110);
    if (b.kind === "keep") return this.keep(b.lines);
    const size = b.size ?? 10;
    const text = clean(b.text);
    if (b.bold && size >= 16) return this.title(text, undefined, size, b.gap);
    if (b.bold && size >= 12) return this.heading(text, 2, size, b.gap);
    const font = b.bold ? "bold" : "regular";
    this.space(b.gap ?? 2, Math.min(this.height(text, font, size, CONTENT_W), size * 2.6));
    this.flow("P", text, font, size, size < 10 ? COLOR.muted : COLOR.text);
  }

  /** Lines laid out as by block(), after a new page when their whole height does not fit below the current one. */
  private keep(lines: PdfLine[]) {
    const need = lines.reduce((sum, l, i) => sum + (i === 0 ? 0 : (l.gap ?? 2)) + this.height(clean(l.text), l.bold ? "bold" : "regular", l.size ?? 10, CONTENT_W), 0);
    const gap = lines[0]?.gap ?? 2;
    if (!this.first && this.y + gap + need > this.maxY && need <= this.maxY - MARGIN.top) this.newPage();
    for (const l of lines) this.block(l);
  }

  private title(text: string, subtitle?: string, size = 20, gap = 4) {
    const t = clean(text);
    this.space(gap, this.height(t, "bold", size, CONTENT_W) + 40);
    this.flow("H1", t, "bold", size, COLOR.accent);
    if (subtitle) {
      this.y += 2;
      this.flow("P", clean(subtitle), "regular", 12, COLOR.text);
    }
  }

  private heading(text: string, level: 2 | 3, size = level === 2 ? 13 : 11, gap?: number) {
    const t = clean(text);
    // keep a heading with at least two lines of what follows
    this.space(gap ?? (level === 2 ? 16 : 10), this.height(t, "bold", size, CONTENT_W) + 36);
    this.flow(`H${level}`, t, "bold", size, level === 2 ? COLOR.accent : COLOR.text);
    if (level === 2) {
      this.artifact(() => this.doc.moveTo(MARGIN.left, this.y + 1).lineTo(MARGIN.left + CONTENT_W, this.y + 1).lineWidth(0.5).strokeColor(COLOR.rule).stroke());
      this.y += 4;
    } else this.y += 2;
  }

  private qr(data: string, alt: string, size: number) {
    const qr = QRCode.create(data, { errorCorrectionLevel: "M" });
    const n = qr.modules.size;
    const cell = size / n;
    this.space(8, size);
    const top = this.y;
    this.root.add(
      this.doc.struct("Figure", { alt: clean(alt) } as PDFKit.Mixins.StructureElementOptions, () => {
        this.doc.fillColor("#000000");
        for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) this.doc.rect(MARGIN.left + c * cell, top + r * cell, cell, cell);
        this.doc.fill();
      }),
    );
    this.y = top + size;
  }

  private artifact(draw: () => void) {
    this.doc.markContent("Artifact", { type: "Layout" } as PDFKit.Mixins.MarkingOptions);
    draw();
    this.doc.endMarkedContent();
  }

  /** Label/answer rows as a two-column table (TH scope Row, TD); a row stays on one page unless it is longer than a page. */
  private fields(rows: PdfField[]) {
    if (!rows.length) return;
    const doc = this.doc;
    const table = doc.struct("Table");
    this.root.add(table);
    const valueX = MARGIN.left + LABEL_W + 8;
    const valueW = CONTENT_W - LABEL_W - 8;
    this.space(4, 0);
    for (const r of rows) {
      const label = clean(r.label);
      const value = clean(r.value) || "–";
      const vSize = r.code ? 8.5 : 10;
      const h = Math.max(this.height(label, "regular", 9, LABEL_W - CELL_PAD), this.height(value, "regular", vSize, valueW)) + 2 * CELL_PAD;
      // a row that fits on a page is not split; a longer one starts here unless not even three lines fit
      const fitsOnPage = h <= this.maxY - MARGIN.top;
      if (this.y > MARGIN.top && (fitsOnPage ? this.y + h > this.maxY : this.y + 3 * 14 > this.maxY)) this.newPage();
      const top = this.y;
      const tr = doc.struct("TR");
      table.add(tr);
      tr.add(
        doc.struct("TH", { scope: "Row" } as PDFKit.Mixins.StructureElementOptions, () => {
          doc.font("regular").fontSize(9).fillColor(COLOR.muted).text(label, MARGIN.left, top + CELL_PAD + 1, { width: LABEL_W - CELL_PAD, lineGap: 9 * 0.25 });
        }),
      );
      tr.add(
        doc.struct("TD", {}, () => {
          doc.font("regular").fontSize(vSize).fillColor(COLOR.text).text(value, valueX, top + CELL_PAD, { width: valueW, lineGap: vSize * 0.25 });
        }),
      );
      tr.end();
      // a row longer than a page ran on: continue below where its value ended
      this.y = fitsOnPage ? top + h : doc.y + CELL_PAD;
      this.artifact(() => doc.moveTo(MARGIN.left, this.y).lineTo(MARGIN.left + CONTENT_W, this.y).lineWidth(0.4).strokeColor(COLOR.rule).stroke());
      this.first = false;
    }
    table.end();
  }
}
