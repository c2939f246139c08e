/**
 * Reads of the search module's own tables (synonyms, misses) and, through their owners' index, what
 * the index is built from: services (catalog), offices (responsibility), places (geo).
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
export { loadSearchableServices as loadServiceRows, listLifeSituations, type SearchableService as ServiceRow, type LifeSituationRow } from "../catalog/index.js";
export { listOfficesForSearch as loadOfficeRows, type OfficeForSearch as OfficeRow } from "../responsibility/index.js";
export { loadPlaceRows, type PlaceRow } from "../geo/index.js";



export interface SynonymRow {
  term: string;
  expansions: string[];
  source: string;
}

export async function loadSynonymRows(db: Db): Promise<SynonymRow[]> {
  const res = await sql<SynonymRow>`SELECT term, expansions, source FROM search_synonyms ORDER BY term`.execute(db);
  return res.rows;
}


/** The stored index snapshot under `key` (ADR 0046), if any. */
export async function loadIndexSnapshot(db: Db, key: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom("search_index_snapshots").select("data").where("key", "=", key).executeTakeFirst();
  return row?.data;
}

/** The current catalogue version (bumped by every catalogue write). */
export async function currentCatalogVersion(db: Db): Promise<string> {
  const row = await sql<{ version: string }>`SELECT version::text AS version FROM catalog_version WHERE id`.execute(db);
  return row.rows[0]?.version ?? "0";
}

export interface MissRow {
  query: string;
  count: number;
  first_day: string;
  last_day: string;
}

/** The most frequent queries without results. */
export async function listMisses(db: Db, limit = 200): Promise<MissRow[]> {
  const res = await sql<MissRow>`SELECT query, count, first_day::text AS first_day, last_day::text AS last_day FROM search_misses ORDER BY count DESC, last_day DESC, query LIMIT ${limit}`.execute(db);
  return res.rows;
}


/** Editorial synonyms, alphabetically. */
export function listSynonyms(db: Db, source = "editorial") {
  return db.selectFrom("search_synonyms").select(["id", "term", "expansions", "source", "updated_at"]).where("source", "=", source).orderBy("term").execute();
}


/**
 * Figures (issue 22): the most frequent queries without a hit, normalised (lower case, single spaces) and only
 * those asked at least `minCount` times (anonymity: a rare query could name a person).
 */
export async function frequentSearchMisses(db: Db, o: { minCount: number; limit: number }): Promise<Array<{ query: string; count: number }>> {
  const res = await sql<{ query: string; count: number }>`
    SELECT lower(btrim(regexp_replace(query, '\\s+', ' ', 'g'))) AS query, sum(count)::int AS count FROM search_misses
    GROUP BY 1 HAVING sum(count) >= ${o.minCount} AND lower(btrim(regexp_replace(query, '\\s+', ' ', 'g'))) <> '' ORDER BY 2 DESC, 1 LIMIT ${o.limit}`.execute(db);
  return res.rows;
}
