/**
 * A short-lived cache of read results per database (the one way to keep a read in process memory).
 * Only for data every node can read back from PostgreSQL and that may be a little stale (master data, the
 * start page's lists): entries live at most `ttlMs`, so a change written on another node is seen within it.
 * Concurrent misses share one read; a failed read is not kept. Keys per database, so tests with their own
 * database never see each other's values.
 */
import type { Db } from "./index.js";

export interface ReadCache<V> {
  get(db: Db, key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets every value of `db` (after an import on this node). */
  clear(db: Db): void;
}

export function readCache<V>(ttlMs: number, maxEntries = 1_000): ReadCache<V> {
  const byDb = new WeakMap<Db, Map<string, { at: number; value: Promise<V> }>>();
  return {
    get(db, key, load) {
      let entries = byDb.get(db);
      if (!entries) byDb.set(db, (entries = new Map()));
      const hit = entries.get(key);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const entry = { at: Date.now(), value: load() };
      const own = entries;
      own.set(key, entry);
      entry.value.catch(() => {
        if (own.get(key) === entry) own.delete(key);
      });
      return entry.value;
    },
    clear(db) {
      byDb.delete(db);
    },
  };
}
