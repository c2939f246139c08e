import type { GeoPoint } from "../../platform/geo/centres.js";
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { ProviderFields } from "./db.js";
import { UUID } from "../../platform/keys.js";
import { STALE_AFTER_DAYS } from "./kinds.js";
import { rolesOfUser } from "../accounts/index.js";
import type { CareActorView } from "./policies.js";

/** One reported number of a provider. */
export interface PlaceRow {
  kind: string;
  freePlaces: number;
  availableFrom: string | null;
  reportedAt: Date;
}

/** A provider with its reported places, as pages and the API show it. */
export interface ProviderRow extends ProviderFields {
  id: string;
  isDemo: boolean;
  updatedAt: Date;
  places: PlaceRow[];
  /** Geocoded location of the address; null = only the municipality's centre is known. */
  point: GeoPoint | null;
  /** In a distance search: km from the origin to the provider's point, else to its municipality's centre. */
  distanceKm?: number;
}

type RawProvider = ProviderFields & {
  id: string;
  is_demo: boolean;
  updated_at: Date;
  lat: number | null;
  lon: number | null;
  distance_km?: number | null;
  places: Array<{ kind: string; free_places: number; available_from: string | null; reported_at: string }> | null;
};

function toProvider(r: RawProvider): ProviderRow {
  const { is_demo, updated_at, places, lat, lon, distance_km, ...fields } = r;
  return {
    ...fields,
    isDemo: is_demo,
    updatedAt: new Date(updated_at),
    point: lat === null || lon === null ? null : { lat, lon },
    ...(distance_km === undefined || distance_km === null ? {} : { distanceKm: Number(distance_km) }),
    places: (places ?? []).map((p) => ({ kind: p.kind, freePlaces: p.free_places, availableFrom: p.available_from, reportedAt: new Date(p.reported_at) })),
  };
}

function providers(db: Db) {
  return db
    .selectFrom("care_providers as p")
    .select(["p.id", "p.name", "p.carrier", "p.kinds", "p.ags", "p.ars", "p.street", "p.postcode", "p.town", "p.phone", "p.email", "p.website", "p.description", "p.specialisations", "p.languages", "p.accessible", "p.is_demo", "p.active", "p.updated_at", "p.lat", "p.lon"])
    .select(
      sql<RawProvider["places"]>`(SELECT json_agg(json_build_object('kind', c.kind, 'free_places', c.free_places, 'available_from', c.available_from, 'reported_at', c.reported_at) ORDER BY c.kind) FROM care_places c WHERE c.provider_id = p.id)`.as("places"),
    );
}

/** One provider with its places (inactive ones too: staff pages). */
export async function findProvider(db: Db, id: string): Promise<ProviderRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const r = await providers(db).where("p.id", "=", id).executeTakeFirst();
  return r ? toProvider(r as RawProvider) : undefined;
}

/** Every provider (staff overview), by name. */
export async function listAllProviders(db: Db): Promise<ProviderRow[]> {
  const rows = await providers(db).orderBy("p.name").execute();
  return rows.map((r) => toProvider(r as RawProvider));
}

/** The public, active providers (search documents). */
export async function listActiveProviders(db: Db): Promise<ProviderRow[]> {
  const rows = await providers(db).where("p.active", "=", true).orderBy("p.name").execute();
  return rows.map((r) => toProvider(r as RawProvider));
}

export interface ProviderSearch {
  /** Municipality (8-digit AGS). */
  ags?: string;
  postcode?: string;
  /**
   * A distance search: the origin, the radius and the candidate municipalities (AGS) with the distance of their
   * centres (search.ts); replaces `ags`/`postcode`. A provider's distance is to its own point, else to its
   * municipality's centre; only providers within the radius, nearest first.
   */
  near?: { origin: GeoPoint; radiusKm: number; municipalities: Map<string, number> };
  kind?: string;
  /** Date needed (ISO): only providers with a free place (of the kind) free by that day. */
  neededFrom?: string;
  /** Every one of these specialisations. */
  specialisations?: string[];
  language?: string;
  accessible?: boolean;
  now: Date;
  staleDays?: number;
  /** Providers whose every number is older than this leave the results (providers without any report stay). */
  dropAfterDays?: number;
  limit?: number;
}

/**
 * Public search: active providers matching the filters. Order: fresh free places of the kind first, then
 * stale free places, then the rest; within each, nearest first (distance search), then most places, then
 * by name. Long-stale providers drop out.
 */
export async function searchProviders(db: Db, q: ProviderSearch): Promise<ProviderRow[]> {
  const staleBefore = new Date(q.now.getTime() - (q.staleDays ?? STALE_AFTER_DAYS) * 86_400_000);
  let query = providers(db).where("p.active", "=", true);
  const near = q.near;
  const nearAgs = near ? [...near.municipalities.keys()] : [];
  const distance = near
    ? sql<number>`COALESCE(
        2 * 6371 * asin(sqrt(power(sin(radians(p.lat - ${near.origin.lat}::float8) / 2), 2) + cos(radians(${near.origin.lat}::float8)) * cos(radians(p.lat)) * power(sin(radians(p.lon - ${near.origin.lon}::float8) / 2), 2))),
        (${nearAgs.map((a) => near.municipalities.get(a)!)}::float8[])[array_position(${nearAgs}::text[], p.ags)])`
    : undefined;
  if (near) query = query.where("p.ags", "in", nearAgs.length ? nearAgs : ["-"]).where(sql<boolean>`${distance} <= ${near.radiusKm}::float8`).select(distance!.as("distance_km"));
  else {
    if (q.ags) query = query.where("p.ags", "=", q.ags);
    if (q.postcode) query = query.where("p.postcode", "=", q.postcode);
  }
  if (q.kind) query = query.where(sql<boolean>`${q.kind} = ANY(p.kinds)`);
  const kindFilter = q.kind ? sql`AND c.kind = ${q.kind}` : sql``;
  if (q.neededFrom) query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM care_places c WHERE c.provider_id = p.id AND c.free_places > 0 AND (c.available_from IS NULL OR c.available_from <= ${q.neededFrom}::date) ${kindFilter})`);
  if (q.specialisations?.length) query = query.where(sql<boolean>`p.specialisations @> ${q.specialisations}::text[]`);
  if (q.language) query = query.where(sql<boolean>`${q.language} = ANY(p.languages)`);
  if (q.accessible) query = query.where("p.accessible", "=", true);
  if (q.dropAfterDays) {
    const dropBefore = new Date(q.now.getTime() - q.dropAfterDays * 86_400_000);
    query = query.where(sql<boolean>`(NOT EXISTS (SELECT 1 FROM care_places c WHERE c.provider_id = p.id) OR EXISTS (SELECT 1 FROM care_places c WHERE c.provider_id = p.id AND c.reported_at >= ${dropBefore}))`);
  }
  query = query.orderBy(sql`(SELECT CASE WHEN count(*) = 0 THEN 2 WHEN bool_or(c.reported_at >= ${staleBefore}) THEN 0 ELSE 1 END FROM care_places c WHERE c.provider_id = p.id AND c.free_places > 0 ${kindFilter}) ASC`);
  if (distance) query = query.orderBy(distance);
  const rows = await query
    .orderBy(sql`(SELECT sum(c.free_places) FROM care_places c WHERE c.provider_id = p.id AND c.reported_at >= ${staleBefore} ${kindFilter}) DESC NULLS LAST`)
    .orderBy("p.name")
    .limit(q.limit ?? 100)
    .execute();
  return rows.map((r) => toProvider(r as RawProvider));
}

/** The providers an account was added to. */
export async function providerIdsOfMember(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.selectFrom("care_provider_members").select("provider_id").where("user_id", "=", userId).execute();
  return new Set(rows.map((r) => r.provider_id));
}

/** The providers an account keeps, with their places (its "Meine Einrichtungen" page). */
export async function providersOfMember(db: Db, userId: string): Promise<ProviderRow[]> {
  const rows = await providers(db)
    .where("p.id", "in", (eb) => eb.selectFrom("care_provider_members").select("provider_id").where("user_id", "=", userId))
    .orderBy("p.name")
    .execute();
  return rows.map((r) => toProvider(r as RawProvider));
}

/** The accounts of a provider (user ids, for the staff page; names come from the accounts module). */
export async function membersOf(db: Db, providerId: string) {
  return db.selectFrom("care_provider_members").select(["user_id", "added_at"]).where("provider_id", "=", providerId).orderBy("added_at").execute();
}

/** The role names of an API principal's account for the care policies (pages use the session's `roles`). */
export async function roleNamesOf(db: Db, user: CareActorView | undefined): Promise<string[]> {
  if (user?.kind !== "staff") return [];
  return (await rolesOfUser(db, user.id)).map((r) => r.role);
}
