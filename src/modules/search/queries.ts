/**
 * Reads of the search module: what the index is built from (services with their OZG classification,
 * offices, editorial synonyms, the municipalities of the served area) and the misses for editors.
 * Only reads; the catalogue and geo modules own these tables.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";

export interface ServiceRow {
  leika_key: string;
  name: string;
  service_object: string | null;
  activity: string | null;
  activity_detail: string | null;
  short_text: string | null;
  fees: string | null;
  online_service: { url?: string } | null;
  forms: Array<{ title: string; url: string }>;
  search_terms: string[];
  has_content: boolean;
  popularity: number;
  ozg_name: string | null;
  life_situation: string | null;
  topic: string | null;
}

/**
 * All services valid in the served area (no area of validity, or one that overlaps a served Kreis)
 * with their OZG service, life situation and topic names.
 */
export async function loadServiceRows(db: Db, kreisKeys: string[] = []): Promise<ServiceRow[]> {
  const res = await sql<ServiceRow>`
    SELECT s.leika_key, s.name, s.service_object, s.activity, s.activity_detail, s.short_text, s.fees, s.online_service, s.forms,
           s.search_terms, s.has_content, s.popularity, o.name AS ozg_name, l.name AS life_situation, t.name AS topic
    FROM services s
    LEFT JOIN ozg_services o ON o.ozg_id = s.ozg_id
    LEFT JOIN ozg_life_situations l ON l.id = o.life_situation_id
    LEFT JOIN ozg_topics t ON t.id = l.topic_id
    WHERE s.validity_ars IS NULL OR ${kreisKeys.length === 0}
       OR EXISTS (SELECT 1 FROM unnest(${kreisKeys}::text[]) k WHERE k LIKE s.validity_ars || '%' OR s.validity_ars LIKE k || '%')
    ORDER BY s.leika_key`.execute(db);
  return res.rows;
}

export interface OfficeRow {
  id: string;
  key: string;
  name: string;
  kind: string;
  ars: string | null;
  city: string | null;
}

/** Offices (org units) that citizens contact: authorities, departments, offices. */
export async function loadOfficeRows(db: Db): Promise<OfficeRow[]> {
  const res = await sql<OfficeRow>`SELECT id, key, name, kind, ars, city FROM org_units ORDER BY key`.execute(db);
  return res.rows;
}

export interface SynonymRow {
  term: string;
  expansions: string[];
  source: string;
}

export async function loadSynonymRows(db: Db): Promise<SynonymRow[]> {
  const res = await sql<SynonymRow>`SELECT term, expansions, source FROM search_synonyms ORDER BY term`.execute(db);
  return res.rows;
}

export interface PlaceRow {
  ags: string;
  ars: string;
  short_name: string;
  /** 0 for the municipality's own name, 1 for a place of one of its postcodes. */
  prio: number;
}

/**
 * Municipalities of the given Kreise, then the places of their postcodes (districts such as
 * "Dürrmenz" → Mühlacker). Empty when the master data are not loaded.
 */
export async function loadPlaceRows(db: Db, kreisKeys: string[]): Promise<PlaceRow[]> {
  if (kreisKeys.length === 0) return [];
  try {
    const res = await sql<PlaceRow>`
      SELECT g.ags, g.ars, g.short_name, 0 AS prio FROM areas g
      WHERE g.level = 'gemeinde' AND g.kreis_key IN (${sql.join(kreisKeys)}) AND g.ags IS NOT NULL AND coalesce(g.type_code, '') NOT IN ('65', '66')
      UNION
      SELECT DISTINCT g.ags, g.ars, p.place AS short_name, 1 AS prio FROM postcodes p JOIN areas g ON g.ags = p.ags
      WHERE g.level = 'gemeinde' AND g.kreis_key IN (${sql.join(kreisKeys)})
      ORDER BY prio, short_name`.execute(db);
    // Municipality names first: they win over a district of the same name elsewhere.
    const names = new Set<string>();
    const municipalities = res.rows.filter((r) => !names.has(r.short_name) && names.add(r.short_name));
    return municipalities;
  } catch {
    return [];
  }
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

export interface LifeSituationRow {
  id: number;
  name: string;
  topic: string;
}

/** OZG life situations with their topic, for the start page of the search. */
export async function listLifeSituations(db: Db): Promise<LifeSituationRow[]> {
  const res = await sql<LifeSituationRow>`
    SELECT l.id, l.name, t.name AS topic FROM ozg_life_situations l JOIN ozg_topics t ON t.id = l.topic_id ORDER BY t.name, l.name`.execute(db);
  return res.rows;
}

/** Editorial synonyms, alphabetically. */
export function listSynonyms(db: Db, source = "editorial") {
  return db.selectFrom("search_synonyms").select(["id", "term", "expansions", "source", "updated_at"]).where("source", "=", source).orderBy("term").execute();
}

