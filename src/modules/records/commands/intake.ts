/**
 * Scanning intake: a scanned PDF (or multi-page TIFF, PNG, JPEG) arrives from scanner software or a clerk. The first
 * page is rasterised (or decoded) and its QR code read: a cover sheet (Deckblatt) names the case, and the scan is filed
 * there (as a scan, with its scan protocol) if the sender may write to that case; anything else goes to the
 * clearing list. OCR follows in the job queue.
 */
import { open } from "node:fs/promises";
import type { CommandContext } from "../../../platform/commands.js";
import { caseIdByReference } from "../../cases/index.js";
import { recordAccess, type RecordsUser } from "../policies.js";
import { imagePages, pdfPages, readCoverQr, SCAN_MEDIA_TYPES, sniffScan, UnreadableScanError, type ScanKind } from "../scan.js";
import { clearingAdder, documentAdder } from "./documents.js";

/** A scan in memory or an upload's temporary file (read by page, never as a whole: ADR 0062). */
export type ScanContent = Buffer | { path: string; sha256: string; size: number };

async function headOf(c: ScanContent): Promise<Buffer> {
  if (Buffer.isBuffer(c)) return c.subarray(0, 16);
  const fh = await open(c.path, "r");
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(16), 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export type IntakeResult =
  | { kind: "filed"; documentId: string; version: number; sha256: string; caseReference: string }
  | { kind: "clearing"; clearingId: string; reason: string }
  | { kind: "refused"; reason: "type" | "closed"; caseReference?: string };

/** The case reference of the cover sheet on the first page of a PDF or TIFF/PNG/JPEG scan, if any (unreadable files: none). */
export async function coverReference(content: Buffer | string, kind: ScanKind = "pdf"): Promise<string | undefined> {
  try {
    if (kind === "pdf") for await (const p of pdfPages(content, { rasterAll: true, maxPages: 1, pixels: true })) return p.image?.rgba ? readCoverQr({ ...p.image, rgba: p.image.rgba }) : undefined;
    else for await (const p of imagePages(content, { pixels: true, maxPages: 1 })) return p.pixels ? readCoverQr(p.pixels) : undefined;
  } catch (err) {
    if (err instanceof UnreadableScanError) return undefined;
    throw err;
  }
  return undefined;
}

export async function scanIntake(ctx: CommandContext, p: { user: RecordsUser; filename: string; content: ScanContent; device: string; title?: string; caseReference?: string }): Promise<IntakeResult> {
  const kind = sniffScan(await headOf(p.content));
  if (!kind) return { kind: "refused", reason: "type" };
  const mediaType = SCAN_MEDIA_TYPES[kind];
  const reference = p.caseReference || (await coverReference(Buffer.isBuffer(p.content) ? p.content : p.content.path, kind));
  const toClearing = async (reason: string): Promise<IntakeResult> => {
    const c = await clearingAdder(ctx, { filename: p.filename, mediaType, content: p.content, reason, device: p.device, userId: p.user.id, unitIds: [...p.user.orgUnitIds] });
    return { kind: "clearing", clearingId: c.id, reason };
  };
  if (!reference) return toClearing("Kein lesbares Deckblatt (QR-Code) auf der ersten Seite.");
  const caseId = await caseIdByReference(ctx.db, reference);
  if (!caseId) return toClearing(`Das Deckblatt nennt den unbekannten Vorgang ${reference}.`);
  if (!(await recordAccess(ctx.db, p.user, caseId)).write) return toClearing(`Keine Berechtigung für den Vorgang ${reference}.`);
  const added = await documentAdder(ctx, { caseId, title: p.title || `Scan ${p.filename}`, filename: p.filename, mediaType, content: p.content, source: "scan", userId: p.user.id, scan: { device: p.device } });
  if (!added.ok) return added.reason === "closed" ? { kind: "refused", reason: "closed", caseReference: reference } : toClearing(`Zum Vorgang ${reference} gibt es noch keine Akte.`);
  return { kind: "filed", documentId: added.documentId, version: added.version, sha256: added.sha256, caseReference: reference };
}
