import type { Readable } from "node:stream";

/** What the caller already knows about the bytes it stores (computed while receiving the upload). */
export interface PutOptions {
  size: number;
  /** Lower-case hex SHA-256 of the content; S3 signs it, so a corrupted transfer is refused. */
  sha256: string;
  contentType: string;
}

/** The storage port: where the bytes of stored files live. Metadata stays in the `files` table. */
export interface FileStore {
  /** Provider id ("local", "s3"), recorded per file so a later switch keeps old files readable. */
  readonly id: string;
  put(key: string, body: Readable, opts: PutOptions): Promise<void>;
  /** The content as a stream; rejects with FileNotFoundError when the key is unknown. */
  get(key: string): Promise<Readable>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Throws with a German message when the storage cannot be used (admin health check, start-up). */
  checkConfig(): Promise<void>;
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`stored file not found: ${key}`);
  }
}

/** Storage keys are ours alone: random lower-case hex with one folder level, never a user's file name. */
export const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{40}$/;

export function assertKey(key: string): void {
  if (!STORAGE_KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
}
