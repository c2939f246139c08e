/**
 * Content checks: the media type comes from the first bytes (magic numbers, recognised by file-type;
 * ADR 0025), never from the file name or the browser's Content-Type, which the sender chooses freely.
 */
import { fileTypeFromBuffer } from "file-type";
import { CONTROL_CHAR_CLASS } from "../controlChars.js";

/** Media types an upload may have, with the label users read and the extension used for downloads. */
export const MEDIA_TYPES = {
  "application/pdf": { label: "PDF", ext: "pdf" },
  "image/png": { label: "PNG", ext: "png" },
  "image/jpeg": { label: "JPEG", ext: "jpg" },
} as const;

export type MediaType = keyof typeof MEDIA_TYPES;
export const DEFAULT_ACCEPT: readonly MediaType[] = ["application/pdf", "image/png", "image/jpeg"];
export const isMediaType = (s: string): s is MediaType => Object.hasOwn(MEDIA_TYPES, s);

/** How many leading bytes detection needs (file-type reads up to 4100). */
export const SNIFF_BYTES = 4100;

/** The media type the content really has, among those we accept; undefined for anything else (EXE, HTML, ZIP, …). */
export async function detectMediaType(head: Buffer): Promise<MediaType | undefined> {
  const found = await fileTypeFromBuffer(head);
  if (!found || !isMediaType(found.mime)) return undefined;
  // PDF readers tolerate junk before the header; we do not, and want a version, so a polyglot cannot pass as PDF.
  if (found.mime === "application/pdf" && !/^%PDF-[12]\.\d/.test(head.subarray(0, 8).toString("latin1"))) return undefined;
  return found.mime;
}

/** "PDF, PNG oder JPEG" for messages. */
export function typeList(types: readonly MediaType[]): string {
  const labels = types.map((t) => MEDIA_TYPES[t].label);
  return labels.length < 2 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} oder ${labels.at(-1)}`;
}

/** "10 MB", "1,5 MB", "300 KB" (decimal units like the messages users know). */
export function formatBytes(n: number): string {
  if (n >= 1_000_000 || n % (1024 * 1024) === 0) {
    const mb = n % (1024 * 1024) === 0 ? n / (1024 * 1024) : n / 1_000_000;
    return `${mb.toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
  }
  if (n >= 1000) return `${Math.round(n / 1000).toLocaleString("de-DE")} KB`;
  return `${n} Bytes`;
}

// The shared control-character rule, plus line breaks, tabs, zero-width characters and what file systems refuse.
const UNSAFE = new RegExp(`[${CONTROL_CHAR_CLASS}\\t\\n\\r\\u200B-\\u200F<>:"/\\\\|?*]`, "g");

/**
 * A file name fit for display and Content-Disposition: without path, control or bidi characters
 * (no "gpj.exe" tricks), at most 120 characters, with the extension of the detected type.
 */
export function sanitizeFileName(name: string | undefined, mediaType?: MediaType): string {
  let base = (name ?? "").split(/[/\\]/).pop() ?? "";
  base = base.normalize("NFC").replace(UNSAFE, "_").replace(/\s+/g, " ").replace(/^[\s.]+|[\s.]+$/g, "");
  if (!base) base = "Datei";
  const ext = mediaType ? MEDIA_TYPES[mediaType].ext : undefined;
  const dot = base.lastIndexOf(".");
  let stem = dot > 0 ? base.slice(0, dot) : base;
  let suffix = dot > 0 ? base.slice(dot + 1) : "";
  if (ext && !(suffix.toLowerCase() === ext || (ext === "jpg" && suffix.toLowerCase() === "jpeg"))) {
    // The name says something else than the content: show the content's extension.
    stem = base;
    suffix = ext;
  }
  const maxStem = 120 - (suffix ? suffix.length + 1 : 0);
  stem = [...stem].slice(0, maxStem).join("");
  return suffix ? `${stem}.${suffix}` : stem;
}
