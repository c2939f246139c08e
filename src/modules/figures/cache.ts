/**
 * A short-lived cache of the data sets per filter, one per app (created in the plugin, never module-level):
 * the roll-up changes every ten minutes at most, so /zahlen need not read it on every request. A paper count saved on
 * this node clears it (other nodes follow within TTL_MS); a roll-up refresh on any node invalidates it at once.
 */
import type { Db } from "../../platform/db/index.js";
import type { Dataset } from "./metrics.js";
import { loadDatasets, type Filter } from "./presenters.js";
import { lastRefresh } from "./queries.js";

const TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;

export interface FiguresSnapshot {
  datasets: Dataset[];
  refreshedAt: Date | undefined;
}

export interface DatasetCache {
  get(filter: Filter): Promise<FiguresSnapshot>;
  clear(): void;
}

export function createDatasetCache(db: Db, ttlMs = TTL_MS): DatasetCache {
  const entries = new Map<string, { at: number; refresh: string; value: Promise<FiguresSnapshot> }>();
  return {
    async get(filter) {
      const key = `${filter.service}|${filter.ags}`;
      // One index-only read: a refresh on any node makes every cached entry stale at once.
      const r = await lastRefresh(db);
      const refresh = r?.id ?? "";
      const hit = entries.get(key);
      if (hit && hit.refresh === refresh && Date.now() - hit.at < ttlMs) return hit.value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const value = loadDatasets(db, filter).then((datasets) => ({ datasets, refreshedAt: r?.finished_at }));
      entries.set(key, { at: Date.now(), refresh, value });
      value.catch(() => entries.delete(key));
      return value;
    },
    clear: () => entries.clear(),
  };
}
