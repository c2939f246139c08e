/**
 * Platform file storage, used by every module that takes or keeps files (application uploads, case
 * mailbox attachments, notices, payment receipts). See docs/modules/files.md.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import type { Db } from "../db/index.js";
import { systemContext, type CommandContext } from "../commands.js";
import type { Translate } from "../i18n/index.js";
import type { JobDefinition } from "../jobs/index.js";
import { fileDeleter } from "./commands/fileDeleter.js";
import { fileStorer, type FileRefusal, type FileStorerResult, type StoredFile } from "./commands/fileStorer.js";
import { filesMessages } from "./messages.js";
import type { ReceivedFile } from "./receive.js";
import { fileStoreFor } from "./registry.js";
import { DEFAULT_ACCEPT, formatBytes, typeList, type MediaType } from "./sniff.js";
import "./db.js";

export type { FileStore, PutOptions } from "./types.js";
export { FileNotFoundError } from "./types.js";
export type { ReceivedFile } from "./receive.js";
export type { StoredFile, FileRefusal, FileStorerResult } from "./commands/fileStorer.js";
export { fileStorer } from "./commands/fileStorer.js";
export { fileDeleter, fileReleaser, fileRetainer } from "./commands/fileDeleter.js";
export { fileStores, fileStoreFor } from "./registry.js";
export { DEFAULT_ACCEPT, MEDIA_TYPES, detectMediaType, formatBytes, isMediaType, sanitizeFileName, typeList, type MediaType } from "./sniff.js";
export { sendStoredFile, contentDisposition } from "./http.js";
export { registerMultipart } from "./multipart.js";
export { uploadClientKey, type UploadQuota } from "./quota.js";
export { localFileStore } from "./local.js";
export { IMAGE_MAX_PIXELS, fitInside, reencodeImage, sniffImage, type EncodedImage, type ImageFormat, type ImageRefusal, type ImageSize, type ReencodedImage } from "./images.js";
export { s3FileStore, signV4 } from "./s3.js";

export { filesMessages };

/** Unused uploads (retain_until passed) are deleted every 30 minutes. */
export const UNUSED_UPLOAD_HOURS = 24;

export const filesPurgeJob: JobDefinition = {
  name: "files-purge-unused",
  cron: "*/30 * * * *",
  async handler({ db, config }) {
    await purgeUnusedFiles(db, config);
  },
};

/** Deletes uploads that no record took within their retention; returns how many. */
export async function purgeUnusedFiles(db: Db, config: Pick<Config, "files">, now = new Date()): Promise<number> {
  return fileDeleter(systemContext(db), { store: fileStoreFor(config.files), expiredBefore: now });
}

/** The German (or English) message for a refused upload, naming the allowed types and the limit. */
export function refusalMessage(t: Translate, reason: FileRefusal, opts: { accept?: readonly MediaType[]; maxBytes: number; maxRequestBytes?: number }): string {
  if (reason === "too_large") return t("files.refused.too_large", { max: formatBytes(opts.maxBytes) });
  if (reason === "request_too_large") return t("files.refused.request_too_large", { max: formatBytes(opts.maxRequestBytes ?? opts.maxBytes) });
  if (reason === "type") return t("files.refused.type", { types: typeList(opts.accept ?? DEFAULT_ACCEPT) });
  return t(`files.refused.${reason}`);
}

/**
 * Checks and stores one received upload with the configured store and scanner (the usual entry point
 * for modules). `maxBytes` can only lower the configured UPLOAD_MAX_BYTES.
 */
export async function storeUpload(
  ctx: CommandContext,
  config: Pick<Config, "files">,
  file: ReceivedFile,
  opts: { accept?: readonly MediaType[]; maxBytes?: number; uploaderId: string | null; ownerTokenHash?: string | null; purpose: string; retainUntil: Date | null; client?: string },
): Promise<FileStorerResult> {
  return fileStorer(ctx, {
    file,
    store: fileStoreFor(config.files),
    accept: opts.accept,
    maxBytes: Math.min(opts.maxBytes ?? config.files.maxBytes, config.files.maxBytes),
    clamscanPath: config.files.clamscanPath,
    uploaderId: opts.uploaderId,
    ownerTokenHash: opts.ownerTokenHash,
    purpose: opts.purpose,
    retainUntil: opts.retainUntil,
    // Uploads of a client (account, else IP; `uploadClientKey`) count against its hourly quota; every unlinked upload against the global cap.
    quota: { clientKey: opts.client, bytesPerHour: config.files.quotaBytesPerHour, unlinkedMaxBytes: config.files.unlinkedMaxBytes },
  });
}

/**
 * Stores re-encoded JPEG bytes (images.ts `reencodeImage`) through `storeUpload` (type, decoding, quota, virus scan);
 * unlinked – deleted after `retainUntil` – until a record retains it with `fileRetainer`.
 */
export async function storeImage(
  ctx: CommandContext,
  config: Pick<Config, "files" | "varDir">,
  jpeg: Buffer,
  opts: { name: string; uploaderId: string; purpose: string; retainUntil: Date; client?: string },
): Promise<FileStorerResult> {
  const dir = path.join(config.varDir, "tmp", "uploads");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(dir, `image-${randomBytes(16).toString("hex")}`);
  await writeFile(tempPath, jpeg, { mode: 0o600 });
  const file: ReceivedFile = { field: "image", fileName: opts.name, tempPath, size: jpeg.length, sha256: createHash("sha256").update(jpeg).digest("hex"), head: jpeg.subarray(0, 64), truncated: false };
  try {
    return await storeUpload(ctx, config, file, { accept: ["image/jpeg"], uploaderId: opts.uploaderId, purpose: opts.purpose, retainUntil: opts.retainUntil, client: opts.client });
  } finally {
    await rm(tempPath, { force: true });
  }
}

/** One file's row (for authorization by the owning module and for sending it). */
export async function findFile(db: Db, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return db.selectFrom("files").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The public description of a file: what receipts, JSON copies and API answers carry. */
export function presentFile(row: { id: string; original_name: string; media_type: string; size_bytes: string | number; sha256: string }): StoredFile {
  return { id: row.id, name: row.original_name, mediaType: row.media_type as MediaType, size: Number(row.size_bytes), sha256: row.sha256 };
}
