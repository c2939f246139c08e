/**
 * Content inspection after the type is known: a PDF must not run anything when opened (no JavaScript,
 * no OpenAction, no Launch – also not hidden in compressed streams or behind #-escaped names), and an
 * image must decode with sane dimensions (image-size reads them before anything is decoded, so a
 * decompression bomb is refused unopened; pngjs and jpeg-js then decode it; ADR 0025).
 */
import { readFile } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import { imageSize } from "image-size";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import type { MediaType } from "./sniff.js";

export type Inspection = "ok" | "active_content" | "damaged";

/** Largest image we decode: 16,000 px a side and 50 megapixels (a 48 MP phone photo fits). */
export const MAX_IMAGE_SIDE = 16_000;
export const MAX_IMAGE_MEGAPIXELS = 50;
// Inflated PDF streams are searched up to this many bytes in all.
const MAX_INFLATED = 64 * 1024 * 1024;

// PDF names end at white space or a delimiter.
const ACTIVE_NAME = /\/(?:JavaScript|JS|OpenAction|Launch)(?=[\s()<>[\]{}/%]|$)/;
const unescapeNames = (s: string) => s.replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** Whether a PDF carries actions that run when it is opened. */
export function pdfHasActiveContent(pdf: Buffer): boolean {
  const text = pdf.toString("latin1");
  if (ACTIVE_NAME.test(unescapeNames(text))) return true;
  // Object streams (PDF 1.5+) keep dictionaries compressed: look inside every stream that inflates.
  let budget = MAX_INFLATED;
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(text); m && budget > 0; m = streams.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    streams.lastIndex = end + 9;
    let inflated: Buffer;
    try {
      inflated = inflateSync(pdf.subarray(start, end), { maxOutputLength: budget });
    } catch {
      continue; // not Flate (images, fonts in other filters) or cut off: nothing to read
    }
    budget -= inflated.length;
    if (ACTIVE_NAME.test(unescapeNames(inflated.toString("latin1")))) return true;
  }
  return false;
}

/** Whether an image has sane dimensions and decodes completely. */
export function imageDecodes(data: Buffer, mediaType: "image/png" | "image/jpeg"): boolean {
  try {
    const { width, height } = imageSize(data);
    if (!width || !height || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_MEGAPIXELS * 1_000_000) return false;
    if (mediaType === "image/png") PNG.sync.read(data);
    else jpeg.decode(data, { maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 512, formatAsRGBA: false });
    return true;
  } catch {
    return false;
  }
}

/** Inspects a received file whose media type was detected from its first bytes. */
export async function inspectContent(path: string, mediaType: MediaType): Promise<Inspection> {
  const data = await readFile(path);
  if (mediaType === "application/pdf") return pdfHasActiveContent(data) ? "active_content" : "ok";
  return imageDecodes(data, mediaType) ? "ok" : "damaged";
}
