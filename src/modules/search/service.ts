/**
 * The search service of one app node: holds the in-memory index and rebuilds it when
 * catalog_version moves (polled every few seconds). No state other nodes need: the database is the
 * source of truth and the index only a cache of it.
 */
import type { Db } from "../../platform/db/index.js";
import { buildIndex, indexFromSnapshot } from "./engine/indexBuilder.js";
import { analysisFingerprint, decodeSnapshot, encodeSnapshot, snapshotKey } from "./engine/snapshot.js";
import { indexSnapshotSaver } from "./commands/indexSnapshotSaver.js";
import { systemContext } from "../../platform/commands.js";
import { PlaceMatcher } from "./engine/places.js";
import type { SearchIndex } from "./engine/searchIndex.js";
import { runSearch, type SearchOptions, type SearchOutcome } from "./engine/searcher.js";
import { currentCatalogVersion, loadIndexSnapshot, loadOfficeRows, loadPlaceRows, loadServiceRows, loadSynonymRows } from "./queries.js";
import { compareGerman } from "../../platform/i18n/format.js";
import type { SearchSource } from "../../platform/modules.js";

export interface SearchServiceOptions {
  /** Kreise whose municipalities are recognised in queries. */
  kreisKeys: string[];
  /** How often to look at catalog_version (ms). */
  pollMs?: number;
  /** Other modules' objects (the app registry's search sources). */
  sources?: readonly SearchSource[];
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export class SearchService {
  private index: SearchIndex | undefined;
  private places: PlaceMatcher | undefined;
  /** Municipalities of the served area, by name (for the search form). */
  municipalities: Array<{ ags: string; ars: string; name: string }> = [];
  private building: Promise<SearchIndex> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Milliseconds the last build took. */
  lastBuildMs = 0;
  /** Whether the last build loaded a stored snapshot instead of analysing the documents. */
  lastBuildFromSnapshot = false;
  private fingerprint: Promise<string> | undefined;
  /** Snapshot writes in flight (awaited by stop()). */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly opts: SearchServiceOptions,
  ) {}

  /** Builds the index now, from the current database state. */
  async rebuild(): Promise<SearchIndex> {
    if (this.building) return this.building;
    this.building = (async () => {
      const started = performance.now();
      const version = await currentCatalogVersion(this.db);
      this.fingerprint ??= analysisFingerprint();
      const key = snapshotKey(version, await this.fingerprint, [...this.opts.kreisKeys, "|", ...(this.opts.sources ?? []).map((source) => source.kind)]);
      const [synonyms, places, stored] = await Promise.all([loadSynonymRows(this.db), loadPlaceRows(this.db, this.opts.kreisKeys), loadIndexSnapshot(this.db, key)]);
      const snapshot = stored ? await decodeSnapshot(stored).catch(() => undefined) : undefined;
      let index: SearchIndex;
      if (snapshot) {
        index = indexFromSnapshot(snapshot, synonyms, version);
      } else {
        const sources = this.opts.sources ?? [];
        const [services, offices, items] = await Promise.all([
          loadServiceRows(this.db, this.opts.kreisKeys),
          loadOfficeRows(this.db),
          Promise.all(sources.map(async (source) => ({ source, docs: await source.load(this.db) }))),
        ]);
        index = buildIndex({ services, offices, synonyms, version, items });
        // Stored for the next start and the other nodes, off the request path; a failure only costs them a build.
        const stored = encodeSnapshot(index.snapshot())
          .then((data) => indexSnapshotSaver(systemContext(this.db), { key, data }))
          .catch((err: unknown) => this.opts.log?.error({ err }, "search index snapshot not stored"));
        this.saving = Promise.all([this.saving, stored]).then(() => undefined);
      }
      this.lastBuildFromSnapshot = Boolean(snapshot);
      this.index = index;
      this.places = new PlaceMatcher(places.map((p) => ({ ags: p.ags, ars: p.ars, name: p.short_name })));
      this.municipalities = places
        .filter((p) => p.prio === 0)
        .map((p) => ({ ags: p.ags, ars: p.ars, name: p.short_name }))
        .sort((a, b) => compareGerman(a.name, b.name));
      this.lastBuildMs = Math.round(performance.now() - started);
      this.opts.log?.info({ version, docs: index.docs.length, terms: index.termCount, ms: this.lastBuildMs, fromSnapshot: this.lastBuildFromSnapshot }, "search index built");
      return index;
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** The current index, built on first use. */
  async current(): Promise<SearchIndex> {
    return this.index ?? this.rebuild();
  }

  /** Rebuilds when the catalogue version differs from the index's. Returns true when it rebuilt. */
  async refreshIfChanged(): Promise<boolean> {
    // rebuild() may hand back a build already in flight that read an older version (the poll timer's): check
    // again after it, so a caller that saw a change gets an index with it (bounded: changes may keep coming).
    let rebuilt = false;
    for (let round = 0; round < 3; round++) {
      const version = await currentCatalogVersion(this.db);
      if (this.index && this.index.version === version) return rebuilt;
      await this.rebuild();
      rebuilt = true;
    }
    return rebuilt;
  }

  /** Starts polling catalog_version. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refreshIfChanged().catch((err: unknown) => this.opts.log?.error({ err }, "search index refresh failed"));
    }, this.opts.pollMs ?? 3000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.building?.catch(() => undefined);
    await this.saving;
  }

  /** Runs a query on the current index. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchOutcome> {
    const index = await this.current();
    return runSearch(index, this.places, query, opts);
  }
}
