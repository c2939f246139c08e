import type { FilesConfig } from "../config.js";
import { localFileStore } from "./local.js";
import { s3FileStore } from "./s3.js";
import type { FileStore } from "./types.js";

export type FileStoreFactory = (config: FilesConfig) => FileStore;

/** Provider ids → factories. Tests create their own registry; production uses `fileStores`. */
export function createRegistry<T>() {
  const entries = new Map<string, T>();
  return {
    register(id: string, entry: T) {
      if (!/^[a-z][a-z0-9-]{0,31}$/.test(id)) throw new Error(`invalid provider id: ${id}`);
      if (entries.has(id)) throw new Error(`provider ${id} registered twice`);
      entries.set(id, entry);
    },
    get(id: string): T {
      const e = entries.get(id);
      if (!e) throw new Error(`unknown provider: ${id} (known: ${[...entries.keys()].join(", ")})`);
      return e;
    },
    ids: () => [...entries.keys()],
  };
}

/** The storage providers the portal ships: local folder (default) and S3-compatible object storage. */
export const fileStores = createRegistry<FileStoreFactory>();
fileStores.register("local", (c) => localFileStore(c.dir));
fileStores.register("s3", (c) => {
  if (!c.s3) throw new Error("FILE_STORAGE=s3 needs the S3_* settings");
  return s3FileStore(c.s3);
});

const cache = new WeakMap<FilesConfig, FileStore>();

/** The configured store (one instance per configuration). */
export function fileStoreFor(config: FilesConfig): FileStore {
  let store = cache.get(config);
  if (!store) {
    store = fileStores.get(config.storage)(config);
    cache.set(config, store);
  }
  return store;
}
