import type { FilesConfig } from "../config.js";
import { localFileStore } from "./local.js";
import { s3FileStore } from "./s3.js";
import type { FileStore } from "./types.js";
import { createRegistry } from "../registry.js";

export type FileStoreFactory = (config: FilesConfig) => FileStore;

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
    store = fileStores.require(config.storage)(config);
    cache.set(config, store);
  }
  return store;
}
