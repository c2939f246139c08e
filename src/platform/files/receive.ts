import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SNIFF_BYTES } from "./sniff.js";

/** An uploaded file as received: in a private temporary file, measured and hashed, not yet checked or stored. */
export interface ReceivedFile {
  /** Name of the form field. */
  field: string;
  /** The name the sender gave (untrusted; sanitized before it is shown). */
  fileName: string;
  tempPath: string;
  size: number;
  sha256: string;
  /** The first bytes, for content sniffing. */
  head: Buffer;
  /** The sender went over the size limit; the rest was discarded. */
  truncated: boolean;
  /** It was cut because the whole request went over UPLOAD_MAX_REQUEST_BYTES (not the file's own limit). */
  overRequestLimit?: boolean;
}

/**
 * Streams one upload into `tmpDir` while hashing and counting; stops writing at `maxBytes` (the rest is
 * drained, so the request completes and the page can show an error at the field).
 */
export async function receiveFile(stream: Readable & { truncated?: boolean }, field: string, fileName: string, tmpDir: string, maxBytes: number): Promise<ReceivedFile> {
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const tempPath = path.join(tmpDir, `up-${randomBytes(16).toString("hex")}`);
  const hash = createHash("sha256");
  let size = 0;
  let truncated = false;
  const headParts: Buffer[] = [];
  let headLen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (truncated) return cb();
      if (headLen < SNIFF_BYTES) {
        headParts.push(chunk.subarray(0, SNIFF_BYTES - headLen));
        headLen += Math.min(chunk.length, SNIFF_BYTES - headLen);
      }
      if (size + chunk.length > maxBytes) {
        truncated = true;
        return cb();
      }
      size += chunk.length;
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(stream, meter, createWriteStream(tempPath, { mode: 0o600 }));
  } catch (err) {
    await rm(tempPath, { force: true });
    throw err;
  }
  return { field, fileName, tempPath, size, sha256: hash.digest("hex"), head: Buffer.concat(headParts), truncated: truncated || !!stream.truncated };
}
