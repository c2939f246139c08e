/**
 * Reading scans: the kind of file (magic bytes), the pages of a PDF one at a time (text layer when there
 * is one, otherwise the page rasterised with pdfjs-dist + @napi-rs/canvas for OCR), the cover sheet's QR
 * code on the first page (jsqr), and German OCR with tesseract.js and the trained data installed from npm
 * (@tesseract.js-data/deu, read from node_modules, never downloaded at run time).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { open, type FileHandle } from "node:fs/promises";

const requireCjs = createRequire(import.meta.url);

export type ScanKind = "pdf" | "tiff" | "png" | "jpeg";
export const SCAN_MEDIA_TYPES: Record<ScanKind, string> = { pdf: "application/pdf", tiff: "image/tiff", png: "image/png", jpeg: "image/jpeg" };

/** The kind of a file from its first bytes; undefined for anything else. */
export function sniffScan(head: Buffer): ScanKind | undefined {
  if (head.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  if (head.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) || head.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a]))) return "tiff";
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "jpeg";
  return undefined;
}

/** One page as read: its text layer, or an image to recognise (PNG) with its pixels for the QR reader. */
export interface ScanPage {
  page: number;
  text?: string;
  /** `rgba` only when asked for (`pixels`): the QR reader needs it, OCR does not. */
  image?: { png: Buffer; rgba?: Uint8ClampedArray; width: number; height: number };
}

/** A scan that cannot be read (encrypted or malformed PDF, broken image): the file is kept, OCR is marked failed with this message. */
export class UnreadableScanError extends Error {}
export class UnreadablePdfError extends UnreadableScanError {}

/** Pages of one image file beyond which the rest is not recognised (a TIFF can hold thousands of pages). */
export const MAX_IMAGE_PAGES = 1000;

/**
 * The pages of a TIFF (multi-page) or PNG/JPEG, one at a time, as PNG for OCR (sharp/libvips decodes;
 * only the page being read is in memory). `pixels` adds RGBA for the QR reader; `maxPages` stops early.
 */
export async function* imagePages(data: Buffer | string, opts: { pixels?: boolean; maxPages?: number } = {}): AsyncGenerator<{ page: number; png: Buffer; pixels?: { rgba: Uint8ClampedArray; width: number; height: number } }> {
  const { default: sharp } = await import("sharp");
  let pages: number;
  try {
    pages = (await sharp(data).metadata()).pages ?? 1;
  } catch (err) {
    throw new UnreadableScanError(`Die Bilddatei ist beschädigt oder kein gültiges Bild (${String((err as Error).message).slice(0, 120)}); sie wurde unverändert abgelegt, aber nicht gelesen.`);
  }
  const count = Math.min(pages, opts.maxPages ?? MAX_IMAGE_PAGES, MAX_IMAGE_PAGES);
  for (let n = 0; n < count; n++) {
    let png: Buffer;
    let pixels: { rgba: Uint8ClampedArray; width: number; height: number } | undefined;
    try {
      // Flattened on white: scanners write bilevel, grey or RGB pages, some with alpha.
      const page = () => sharp(data, { page: n, pages: 1 }).flatten({ background: "#ffffff" });
      png = await page().png({ compressionLevel: 1 }).toBuffer();
      if (opts.pixels) {
        const raw = await page().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        pixels = { rgba: new Uint8ClampedArray(raw.data.buffer, raw.data.byteOffset, raw.data.length), width: raw.info.width, height: raw.info.height };
      }
    } catch (err) {
      throw new UnreadableScanError(`Seite ${n + 1} der Bilddatei ist nicht lesbar (${String((err as Error).message).slice(0, 120)}); die Datei wurde unverändert abgelegt.`);
    }
    yield { page: n + 1, png, ...(pixels ? { pixels } : {}) };
  }
}

const MIN_TEXT_CHARS = 20;
/** 150 dpi (PDF units are 1/72 inch): enough for OCR of a letter, small enough for 500-page scans. */
const RASTER_SCALE = 150 / 72;

/**
 * Pages a PDF read from a path is opened for at a time. pdf.js keeps every byte range it fetched for the life of the
 * document (its chunked stream is sized to the whole file), so reading 500 pages through one document grew by about
 * three times the file; a fresh document per page keeps what is held to the cross-reference data and one page.
 */
export const PDF_PAGES_PER_OPEN = 16;
/**
 * pdf.js's range size for a PDF read from a path. Small, because a fresh document finds page n by fetching the page
 * objects 1…n − 1 (its page tree cache starts empty): each costs one range, not the 256 KiB around it.
 */
export const PDF_RANGE_CHUNK_BYTES = 4 * 1024;

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type OpenPdf = { doc: Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>; close: () => Promise<void> };

/** Opens a PDF (bytes, or a path read by byte ranges); German UnreadablePdfError for encrypted or broken files. */
async function openPdf(pdfjs: PdfJs, data: Buffer | string, chunkBytes = PDF_RANGE_CHUNK_BYTES): Promise<OpenPdf> {
  let fh: FileHandle | undefined;
  let source: Record<string, unknown>;
  if (typeof data === "string") {
    // pdf.js asks for the byte ranges it needs (cross-reference table, the page's objects) through this transport.
    const handle = (fh = await open(data, "r"));
    const transport = new pdfjs.PDFDataRangeTransport((await handle.stat()).size, null);
    transport.requestDataRange = (begin: number, end: number) => {
      const piece = Buffer.alloc(end - begin);
      void handle.read(piece, 0, end - begin, begin).then(({ bytesRead }) => transport.onDataRange(begin, new Uint8Array(piece.buffer, piece.byteOffset, bytesRead)));
    };
    source = { range: transport, disableAutoFetch: true, disableStream: true, rangeChunkSize: chunkBytes };
  } else source = { data: new Uint8Array(data) };
  const task = pdfjs.getDocument({ ...source, useSystemFonts: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    return {
      doc,
      close: async () => {
        await task.destroy();
        await fh?.close();
      },
    };
  } catch (err) {
    await task.destroy().catch(() => undefined);
    await fh?.close();
    const name = (err as { name?: string }).name;
    if (name === "PasswordException") throw new UnreadablePdfError("Die PDF-Datei ist verschlüsselt (Passwortschutz); sie wurde unverändert abgelegt, aber nicht gelesen.");
    throw new UnreadablePdfError(`Die PDF-Datei ist beschädigt oder kein gültiges PDF (${String((err as Error).message).slice(0, 120)}); sie wurde unverändert abgelegt, aber nicht gelesen.`);
  }
}

/**
 * The pages of a PDF, one at a time (a 500-page scan is never held as images at once). Given a path (an upload's or the
 * OCR job's temporary file), pdf.js reads only the byte ranges it needs, and the document is opened anew every
 * `PDF_PAGES_PER_OPEN` pages so what it fetched for earlier pages is released: memory is bounded by one page, not the
 * file. `pixels` adds the page's RGBA (the cover sheet's QR reader); OCR needs only the PNG.
 */
export async function* pdfPages(data: Buffer | string, opts: { rasterAll?: boolean; maxPages?: number; pixels?: boolean; pagesPerOpen?: number; chunkBytes?: number } = {}): AsyncGenerator<ScanPage> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  // Bytes already in memory: one document (nothing to release by reopening).
  const perOpen = typeof data === "string" ? Math.max(1, opts.pagesPerOpen ?? PDF_PAGES_PER_OPEN) : Infinity;
  let pdf = await openPdf(pdfjs, data, opts.chunkBytes);
  try {
    const count = Math.min(pdf.doc.numPages, opts.maxPages ?? pdf.doc.numPages);
    for (let n = 1; n <= count; n++) {
      if (n > 1 && (n - 1) % perOpen === 0) {
        await pdf.close();
        pdf = await openPdf(pdfjs, data, opts.chunkBytes);
      }
      const page = await pdf.doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((i) => ("str" in i ? i.str : "")).join(" ").replace(/\s+/g, " ").trim();
      if (text.length >= MIN_TEXT_CHARS && !opts.rasterAll) {
        page.cleanup();
        yield { page: n, text };
        continue;
      }
      const viewport = page.getViewport({ scale: RASTER_SCALE });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const { createCanvas } = await import("@napi-rs/canvas");
      const canvas = createCanvas(width, height);
      const context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, width, height);
      // pdfjs draws on any 2D context with the browser's API; @napi-rs/canvas provides it.
      await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
      const rgba = opts.pixels ? new Uint8ClampedArray(context.getImageData(0, 0, width, height).data) : undefined;
      const png = canvas.toBuffer("image/png");
      page.cleanup();
      yield { page: n, ...(text.length >= MIN_TEXT_CHARS ? { text } : {}), image: { png, ...(rgba ? { rgba } : {}), width, height } };
    }
  } finally {
    await pdf.close();
  }
}

type JsQr = (data: Uint8ClampedArray, width: number, height: number, opts?: { inversionAttempts?: "dontInvert" }) => { data: string } | null;

/** The cover sheet's payload: "KREISPORTAL-AKTE:<case reference>". */
export const COVER_PREFIX = "KREISPORTAL-AKTE:";

/** The case reference from a QR code on the page image, if there is a cover sheet QR. */
export function readCoverQr(image: { rgba: Uint8ClampedArray; width: number; height: number }): string | undefined {
  // jsqr (CommonJS, `exports.default`) is required on the first scan, not at start-up.
  const jsQRModule = requireCjs("jsqr") as { default?: JsQr } | JsQr;
  const jsQR = (typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default!) as JsQr;
  const code = jsQR(image.rgba, image.width, image.height, { inversionAttempts: "dontInvert" });
  if (!code || !code.data.startsWith(COVER_PREFIX)) return undefined;
  const reference = code.data.slice(COVER_PREFIX.length).trim();
  return /^[A-Za-z0-9\-/]{3,40}$/.test(reference) ? reference : undefined;
}

/** The German trained data shipped by @tesseract.js-data/deu (LSTM "best_int", gzip) – from node_modules. */
export function germanLangPath(): string {
  return path.join(path.dirname(requireCjs.resolve("@tesseract.js-data/deu/package.json")), "4.0.0_best_int");
}

/** A German OCR worker; terminate() it when done. No network, no cache files written. */
export async function germanOcr(): Promise<{ recognize(image: Buffer): Promise<string>; terminate(): Promise<void> }> {
  const { createWorker, OEM } = await import("tesseract.js");
  const worker = await createWorker("deu", OEM.LSTM_ONLY, { langPath: germanLangPath(), gzip: true, cacheMethod: "none" });
  return {
    async recognize(image) {
      const result = await worker.recognize(image);
      return result.data.text.replace(/[ \t]+/g, " ").trim();
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}
