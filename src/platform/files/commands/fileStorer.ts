import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendAudit } from "../../audit/index.js";
import type { CommandContext } from "../../commands.js";
import type { ReceivedFile } from "../receive.js";
import { inspectContent } from "../inspect.js";
import { scanFile } from "../scan.js";
import { DEFAULT_ACCEPT, detectMediaType, sanitizeFileName, type MediaType } from "../sniff.js";
import type { FileStore } from "../types.js";
import { precheckQuota, takeQuota, type QuotaRefusal, type UploadQuota } from "../quota.js";

export interface FileStorerProps {
  file: ReceivedFile;
  store: FileStore;
  /** Allowed media types (by content) and size limit for this upload. */
  accept?: readonly MediaType[];
  maxBytes: number;
  /** ClamAV scanner; unset = not scanned. */
  clamscanPath?: string;
  uploaderId: string | null;
  ownerTokenHash?: string | null;
  /** What the file is for, e.g. "application", "api-upload", "case-message" (kept for cleanup and statistics). */
  purpose: string;
  /** Unused until this moment; NULL = held by a record from the start. */
  retainUntil: Date | null;
  /** Per-client and global upload limits (ADR 0023); unset = none. */
  quota?: UploadQuota;
}

/** A stored file as modules present it (no storage key, no owner). */
export interface StoredFile {
  id: string;
  name: string;
  mediaType: MediaType;
  size: number;
  sha256: string;
}

/** "quota": the client's bytes per hour are used up (HTTP 429); "storage_full": the cap on unlinked uploads is reached (507). */
export type FileRefusal = "empty" | "too_large" | "request_too_large" | "type" | "active_content" | "damaged" | "infected" | "scan_failed" | "quota" | "storage_full";
export type FileStorerResult = { ok: true; file: StoredFile } | { ok: false; reason: FileRefusal; retryAfterSeconds?: number };

class QuotaRefused extends Error {
  constructor(readonly refusal: QuotaRefusal) {
    super(refusal.reason);
  }
}

/** A fresh random storage key: two hex characters as folder, 40 as name. */
export const newStorageKey = () => {
  const hex = randomBytes(20).toString("hex");
  return `${hex.slice(0, 2)}/${hex}`;
};

/**
 * Checks a received upload (not empty, within the limit, an allowed type by its content, a PDF without
 * JavaScript or open actions, an image that decodes, no virus when a
 * scanner is configured), then stores the bytes under a random key and records the row and the audit entry.
 * Refused uploads leave nothing behind but their reason. The temporary file stays for the caller to remove.
 */
export async function fileStorer(ctx: CommandContext, props: FileStorerProps): Promise<FileStorerResult> {
  const { file } = props;
  if (file.overRequestLimit) return { ok: false, reason: "request_too_large" };
  if (file.truncated || file.size > props.maxBytes) return { ok: false, reason: "too_large" };
  if (file.size === 0) return { ok: false, reason: "empty" };
  const mediaType = await detectMediaType(file.head);
  if (!mediaType || !(props.accept ?? DEFAULT_ACCEPT).includes(mediaType)) return { ok: false, reason: "type" };
  const inspection = await inspectContent(file.tempPath, mediaType);
  if (inspection !== "ok") return { ok: false, reason: inspection };
  let scanStatus: "clean" | "not_scanned" = "not_scanned";
  if (props.clamscanPath) {
    const scan = await scanFile(props.clamscanPath, file.tempPath);
    if (scan.status === "infected") {
      // Security event without personal data: the signature and hash identify the case.
      await ctx.db.transaction().execute((tx) => appendAudit(tx, ctx.actor, { action: "file.infected_refused", details: { signature: scan.signature, sha256: file.sha256, purpose: props.purpose }, requestId: ctx.requestId }));
      return { ok: false, reason: "infected" };
    }
    if (scan.status === "error") return { ok: false, reason: "scan_failed" };
    scanStatus = "clean";
  }
  const unlinked = props.retainUntil !== null;
  if (props.quota) {
    const early = await precheckQuota(ctx.db, props.quota, file.size, unlinked);
    if (early) return { ok: false, ...early };
  }
  const key = newStorageKey();
  await props.store.put(key, createReadStream(file.tempPath), { size: file.size, sha256: file.sha256, contentType: mediaType });
  const name = sanitizeFileName(file.fileName, mediaType);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const refused = props.quota ? await takeQuota(tx, props.quota, file.size, unlinked) : undefined;
      if (refused) throw new QuotaRefused(refused);
      const row = await tx
        .insertInto("files")
        .values({
          storage_provider: props.store.id,
          storage_key: key,
          sha256: file.sha256,
          media_type: mediaType,
          size_bytes: file.size,
          original_name: name,
          uploader_id: props.uploaderId,
          owner_token_hash: props.ownerTokenHash ?? null,
          purpose: props.purpose,
          scan_status: scanStatus,
          retain_until: props.retainUntil,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await appendAudit(tx, ctx.actor, { action: "file.stored", objectType: "file", objectId: row.id, details: { mediaType, size: file.size, sha256: file.sha256, purpose: props.purpose, scan: scanStatus }, requestId: ctx.requestId });
      return { ok: true as const, file: { id: row.id, name, mediaType, size: file.size, sha256: file.sha256 } };
    });
  } catch (err) {
    // No row, no object: do not leave an orphan in the store.
    await props.store.delete(key).catch(() => undefined);
    if (err instanceof QuotaRefused) return { ok: false, ...err.refusal };
    throw err;
  }
}
