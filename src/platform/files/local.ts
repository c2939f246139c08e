import { createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { assertKey, FileNotFoundError, type FileStore, type PutOptions } from "./types.js";

/**
 * Files in a folder outside the web root (FILES_DIR). Writes go to a temporary name and are renamed,
 * so a reader never sees half a file; folders and files are private to the portal's user.
 */
export function localFileStore(dir: string): FileStore {
  const root = path.resolve(dir);
  const full = (key: string) => {
    assertKey(key);
    return path.join(root, ...key.split("/"));
  };
  return {
    id: "local",
    async put(key: string, body: Readable, opts: PutOptions) {
      const target = full(key);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const tmp = `${target}.part-${randomBytes(6).toString("hex")}`;
      try {
        await pipeline(body, createWriteStream(tmp, { mode: 0o600, flags: "wx" }));
        const { size } = await stat(tmp);
        if (size !== opts.size) throw new Error(`stored ${size} bytes, expected ${opts.size}`);
        await rename(tmp, target);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(key: string) {
      const p = full(key);
      try {
        await access(p);
      } catch {
        throw new FileNotFoundError(key);
      }
      return createReadStream(p);
    },
    async delete(key: string) {
      try {
        await unlink(full(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    },
    async exists(key: string) {
      try {
        await access(full(key));
        return true;
      } catch {
        return false;
      }
    },
    async checkConfig() {
      await mkdir(root, { recursive: true, mode: 0o700 });
      try {
        await access(root, 2 /* W_OK */);
      } catch {
        throw new Error(`Der Dateiordner ${root} ist nicht beschreibbar (FILES_DIR).`);
      }
    },
  };
}
