import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { readCache } from "../../platform/db/readCache.js";
import { searchKey, UNINCORPORATED_TYPE_CODES } from "./names.js";
import "./db.js";
import { compareGerman } from "../../platform/i18n/format.js";

/**
 * Reads of the master data. A "municipality" is a Gemeinde record; unincorporated areas
 * (gemeindefreie Gebiete, type 65/66) are left out of lists and searches but can be looked up.
 */

/**
 * Master data change only at an import (which clears these), and start page, care, news and participation
 * read the list on every request (3 ms each, measured). Kept at most ten minutes so that a change made
 * directly in another node's database is seen.
 */
const lists = readCache<MunicipalityRow[]>(10 * 60_000);
const counts = readCache<number>(10 * 60_000);

/** Forgets cached values for `db` (called after an import). */
export function clearGeoCaches(db: Db): void {
  counts.clear(db);
  lists.clear(db);
}

/** Municipalities with their association (Gemeindeverband), Kreis and postcodes (the municipal authority is responsibility's: `municipalAuthorities`). */
function municipalities(db: Db) {
  return db
    .selectFrom("areas as g")
    .leftJoin("areas as v", (j) => j.onRef("v.ars", "=", "g.parent_ars").on("v.level", "=", "verband"))
    .leftJoin("areas as k", (j) => j.onRef("k.ars", "=", "g.kreis_key").on("k.level", "=", "kreis"))
    .where("g.level", "=", "gemeinde")
    .select([
      "g.ars",
      "g.name",
      "g.short_name",
      "g.type_code",
      "g.population",
      "g.area_ha",
      "g.seat_postcode",
      "g.kreis_key",
      "v.ars as verband_ars",
      "v.name as verband_name",
      "v.type_code as verband_type_code",
      "v.seat as verband_seat",
      "k.name as kreis_name",
      "k.type_code as kreis_type_code",
    ])
    .select(sql<string>`g.ags`.as("ags"))
    .select(sql<string[]>`coalesce((SELECT array_agg(p.postcode ORDER BY p.postcode) FROM postcodes p WHERE p.ags = g.ags), '{}')`.as("postcodes"));
}

export type MunicipalityRow = Awaited<ReturnType<ReturnType<typeof municipalities>["execute"]>>[number];

/** The Kreise with the given 5-digit keys, in the order of the keys. */
export async function listKreise(db: Db, keys: readonly string[]) {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("areas")
    .select(["ars", "name", "short_name", "type_code", "seat", "population", "area_ha"])
    .select(sql<string>`ags`.as("ags"))
    .where("level", "=", "kreis")
    .where("ags", "in", keys)
    .execute();
  return keys.flatMap((k) => rows.filter((r) => r.ags === k));
}

export type KreisRow = Awaited<ReturnType<typeof listKreise>>[number];

/** The (incorporated) municipalities of the given Kreise with their seat, unsorted: office import and municipal authorities. */
export function gemeindenOfKreise(db: Db, kreisKeys: readonly string[]) {
  return db
    .selectFrom("areas")
    .select(["ars", "short_name", "type_code", "seat_postcode", "kreis_key", "parent_ars"])
    .select(sql<string>`ags`.as("ags"))
    .where("level", "=", "gemeinde")
    .where("kreis_key", "in", kreisKeys.length ? kreisKeys : [""])
    .where("type_code", "not in", UNINCORPORATED_TYPE_CODES)
    .orderBy("ags")
    .execute();
}

/** The Kreis with this 5-digit key, if it exists. */
export async function findKreis(db: Db, key: string): Promise<KreisRow | undefined> {
  return (await listKreise(db, [key]))[0];
}

/** All municipalities of the given Kreise (county and partners), in German alphabetical order. */
export async function listMunicipalities(db: Db, kreisKeys: readonly string[]): Promise<MunicipalityRow[]> {
  if (kreisKeys.length === 0) return [];
  const rows = await lists.get(db, kreisKeys.join(","), async () =>
    (await municipalities(db).where("g.kreis_key", "in", kreisKeys).where("g.type_code", "not in", UNINCORPORATED_TYPE_CODES).execute()).sort((a, b) => compareGerman(a.short_name, b.short_name)),
  );
  // A copy: callers may sort or filter the array in place.
  return [...rows];
}

/** Number of municipalities of one Kreis (cached: master data only change at an import). */
export function countMunicipalities(db: Db, kreisKey: string): Promise<number> {
  return counts.get(db, kreisKey, async () => {
    const row = await db
      .selectFrom("areas")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("level", "=", "gemeinde")
      .where("kreis_key", "=", kreisKey)
      .where("type_code", "not in", UNINCORPORATED_TYPE_CODES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

/** One municipality anywhere in Germany by its 8-digit AGS. */
export function findMunicipality(db: Db, ags: string): Promise<MunicipalityRow | undefined> {
  return municipalities(db).where("g.ags", "=", ags).executeTakeFirst();
}

/** The members of an association (Gemeindeverband) by its 9-digit ARS. */
export async function listAssociationMembers(db: Db, verbandArs: string): Promise<MunicipalityRow[]> {
  const rows = await municipalities(db).where("g.parent_ars", "=", verbandArs).execute();
  return rows.sort((a, b) => compareGerman(a.short_name, b.short_name));
}

/** The municipalities a postcode belongs to (one postcode can span several), with the OSM place name. */
export function municipalitiesByPostcode(db: Db, postcode: string) {
  return municipalities(db)
    .innerJoin("postcodes as pc", "pc.ags", "g.ags")
    .where("pc.postcode", "=", postcode)
    .select("pc.place")
    .orderBy("g.population", (o) => o.desc().nullsLast())
    .execute();
}

/**
 * The municipality of a postcode within the served Kreise: the only one, or when a postcode spans
 * several, the most populous (with `ambiguous` set so callers can ask).
 */
export async function municipalityOfPostcode(db: Db, postcode: string, kreisKeys: readonly string[]): Promise<{ ags: string; ambiguous: boolean } | undefined> {
  if (!/^[0-9]{5}$/.test(postcode) || kreisKeys.length === 0) return undefined;
  const { rows } = await sql<{ ags: string }>`
    SELECT p.ags FROM postcodes p JOIN areas g ON g.ags = p.ags AND g.level = 'gemeinde'
    WHERE p.postcode = ${postcode} AND g.kreis_key = ANY(${kreisKeys as string[]}::text[])
    ORDER BY g.population DESC NULLS LAST, p.ags`.execute(db);
  return rows[0] ? { ags: rows[0].ags, ambiguous: rows.length > 1 } : undefined;
}

export interface NameSearchOptions {
  /** Only municipalities of these Kreise (5-digit keys); default: the whole country. */
  within?: readonly string[];
  limit?: number;
}

/**
 * Municipalities whose name contains `fragment`, folding case and umlauts ("muehlacker",
 * "Muhlacker" and "MÜHLACKER" all find Mühlacker). Also matches the OpenStreetMap place names
 * ("Altdorf bei Nürnberg"). Exact matches first, then prefixes, then by population.
 */
export async function searchMunicipalities(db: Db, fragment: string, opts: NameSearchOptions = {}): Promise<MunicipalityRow[]> {
  const key = searchKey(fragment);
  if (key.length < 2) return [];
  if (opts.within && opts.within.length === 0) return [];
  // The key holds only [a-z0-9 ], so it needs no LIKE escaping.
  const pattern = `%${key}%`;
  return municipalities(db)
    .where("g.type_code", "not in", UNINCORPORATED_TYPE_CODES)
    .where((eb) => eb.or([eb("g.search_key", "like", pattern), eb("g.ags", "in", eb.selectFrom("postcodes").select("ags").where("search_key", "like", pattern))]))
    .$if(!!opts.within, (q) => q.where("g.kreis_key", "in", opts.within!))
    .orderBy(sql`g.search_key = ${key}`, "desc")
    .orderBy(sql`g.search_key LIKE ${`${key}%`}`, "desc")
    .orderBy("g.population", (o) => o.desc().nullsLast())
    .orderBy("g.ags")
    .limit(opts.limit ?? 20)
    .execute();
}

/**
 * Municipalities named as whole words in a free text, e.g. "Sperrmüll in Mühlacker anmelden"
 * → Mühlacker; longest names first. For the search, usually restricted to the served area
 * (`within`): across the country many place names are also ordinary words.
 */
export async function municipalitiesMentionedIn(db: Db, text: string, opts: NameSearchOptions = {}): Promise<MunicipalityRow[]> {
  const key = searchKey(text);
  if (key.length < 2) return [];
  if (opts.within && opts.within.length === 0) return [];
  const padded = ` ${key} `;
  return municipalities(db)
    .where("g.type_code", "not in", UNINCORPORATED_TYPE_CODES)
    .where((eb) =>
      eb.or([
        eb(sql.val(padded), "like", sql<string>`'% ' || g.search_key || ' %'`),
        eb.exists(eb.selectFrom("postcodes as p").select("p.ags").whereRef("p.ags", "=", "g.ags").where(sql.val(padded), "like", sql<string>`'% ' || p.search_key || ' %'`)),
      ]),
    )
    .$if(!!opts.within, (q) => q.where("g.kreis_key", "in", opts.within!))
    .orderBy(sql`length(g.search_key)`, "desc")
    .orderBy("g.population", (o) => o.desc().nullsLast())
    .limit(opts.limit ?? 5)
    .execute();
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
