import type { FastifyReply } from "fastify";
import { FileNotFoundError, type FileStore } from "./types.js";

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266/5987), safe for any display name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/ß/g, "ss").normalize("NFKD").replace(/[^\x20-\x7e]/g, "").replace(/["\\%;]/g, "_") || "Datei";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a stored file as a download: always `attachment`, the detected (not the sent) media type, nosniff
 * and a sandboxing CSP, so that no upload can ever run as a page of the portal. The caller has authorized.
 */
export async function sendStoredFile(reply: FastifyReply, row: { storage_key: string; media_type: string; size_bytes: string | number; original_name: string }, store: FileStore): Promise<FastifyReply> {
  let stream: import("node:stream").Readable;
  try {
    stream = await store.get(row.storage_key);
  } catch (err) {
    if (err instanceof FileNotFoundError) {
      reply.callNotFound();
      return reply;
    }
    throw err;
  }
  return reply
    .type(row.media_type)
    .header("Content-Length", String(row.size_bytes))
    .header("Content-Disposition", contentDisposition(row.original_name))
    .header("X-Content-Type-Options", "nosniff")
    .header("Content-Security-Policy", "default-src 'none'; sandbox")
    .header("Cache-Control", "private, no-store")
    .send(stream);
}
