import { isUuid } from "../../platform/keys.js";
import { sql, type Kysely } from "kysely";
import type { Database, Db } from "../../platform/db/index.js";
import { berlinDate } from "../../platform/time/berlin.js";
import type { ListingKind } from "./db.js";
import type { DaySpan } from "./loanDays.js";
import { allCentres, type GeoPoint } from "../../platform/geo/centres.js";
import "./db.js";

/** Today in Europe/Berlin: a listing is visible through its expiry day. */
export const today = (): string => berlinDate(new Date());

const LISTING_COLUMNS = ["id", "kind", "title", "description", "ags", "ars", "municipality_name", "area_m2", "trees", "varieties", "expires_on", "owner_id", "publisher", "status", "hidden_reason", "lat", "lon", "grid_lat", "grid_lon", "created_at", "updated_at"] as const;

export interface ListingFilter {
  kind?: ListingKind;
  ags?: string;
  /** Words in title, description or varieties (saved searches, ADR 0050). */
  text?: string;
  /** Only listings whose public point (grid cell centre, else municipality centre) lies within `km` of `near`, nearest first. */
  near?: GeoPoint;
  km?: number;
  limit?: number;
  offset?: number;
}

/** A LIKE pattern for a text a person typed (%, _ and \\ match themselves). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The municipality centres as a derived table c(ags, lat, lon) for the distance search. */
const centresTable = () => {
  const rows = allCentres().map((c) => sql`(${c.ags}::text, ${c.lat}::float8, ${c.lon}::float8)`);
  return sql<{ ags: string; lat: number; lon: number }>`(SELECT * FROM (VALUES ${sql.join(rows)}) v(ags, lat, lon))`.as("c");
};

/** Great-circle distance (km, haversine) from a point to the listing's public point, in SQL. */
const distanceSql = (p: GeoPoint) => {
  const lat = sql`coalesce(l.grid_lat, c.lat)`;
  const lon = sql`coalesce(l.grid_lon, c.lon)`;
  return sql<number>`2 * 6371 * asin(sqrt(power(sin(radians(${lat} - ${p.lat}::float8) / 2), 2) + cos(radians(${p.lat}::float8)) * cos(radians(${lat})) * power(sin(radians(${lon} - ${p.lon}::float8) / 2), 2)))`;
};

/** Active listings whose expiry day has not passed, newest first (nearest first with `near`; then with `distance_km`). */
export async function listVisibleListings(db: Db, f: ListingFilter = {}) {
  let q = db
    .selectFrom("orchard_listings as l")
    .select(LISTING_COLUMNS.map((c) => `l.${c}` as const))
    .where("l.status", "=", "active")
    .where("l.expires_on", ">=", today());
  if (f.kind) q = q.where("l.kind", "=", f.kind);
  if (f.ags) q = q.where("l.ags", "=", f.ags);
  if (f.text) {
    const p = containsPattern(f.text);
    q = q.where((eb) => eb.or([eb("l.title", "ilike", p), eb("l.description", "ilike", p), eb("l.varieties", "ilike", p)]));
  }
  if (f.near) {
    const d = distanceSql(f.near);
    const rows = await q
      .innerJoin(centresTable(), (j) => j.onRef("c.ags", "=", "l.ags"))
      .select(d.as("distance_km"))
      .where(d, "<=", f.km ?? 10)
      .orderBy(d)
      .orderBy("l.created_at", "desc")
      .orderBy("l.id")
      .limit(f.limit ?? 50)
      .offset(f.offset ?? 0)
      .execute();
    return rows as Array<(typeof rows)[number] & { distance_km: number | null }>;
  }
  const rows = await q.orderBy("l.created_at", "desc").orderBy("l.id").limit(f.limit ?? 50).offset(f.offset ?? 0).execute();
  return rows.map((r) => ({ ...r, distance_km: null as number | null }));
}

export type ListingRow = NonNullable<Awaited<ReturnType<typeof findListing>>>;

/** A row of a listing list: with the distance when the list was searched around a point. */
export type ListedListing = ListingRow & { distance_km: number | null };

/** Any listing by id (whatever its status); callers decide who may see it. */
export async function findListing(db: Db, id: string) {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("orchard_listings").select(LISTING_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** The photos of a listing, oldest first. */
export function listPhotos(db: Db, listingId: string) {
  return db.selectFrom("orchard_photos").select(["id", "alt", "width", "height"]).where("listing_id", "=", listingId).orderBy("created_at").orderBy("id").execute();
}

export type PhotoRow = Awaited<ReturnType<typeof listPhotos>>[number];

/** The photos of several listings in one query (the JSON list), by listing id. */
export async function photosOf(db: Db, listingIds: string[]): Promise<Map<string, PhotoRow[]>> {
  const out = new Map<string, PhotoRow[]>();
  if (!listingIds.length) return out;
  const rows = await db.selectFrom("orchard_photos").select(["listing_id", "id", "alt", "width", "height"]).where("listing_id", "in", listingIds).orderBy("created_at").orderBy("id").execute();
  for (const { listing_id, ...p } of rows) out.set(listing_id, [...(out.get(listing_id) ?? []), p]);
  return out;
}

/** The first photo (thumbnail data) of every listing that has one, for the search documents: one query. */
export async function firstPhotos(db: Db): Promise<Map<string, PhotoRow>> {
  const rows = await db.selectFrom("orchard_photos").distinctOn("listing_id").select(["listing_id", "id", "alt", "width", "height"]).orderBy("listing_id").orderBy("created_at").orderBy("id").execute();
  return new Map(rows.map(({ listing_id, ...p }) => [listing_id, p]));
}

/** Per listing, the alt texts of all its photos in their order, joined by spaces (search terms). */
export async function photoAltTexts(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("orchard_photos")
    .select(["listing_id", sql<string>`string_agg(alt, ' ' ORDER BY created_at, id)`.as("alts")])
    .groupBy("listing_id")
    .execute();
  return new Map(rows.map((r) => [r.listing_id, r.alts]));
}

/** One photo with what serving and authorizing it needs (its listing's state, both files' keys). */
export function findPhoto(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("orchard_photos as p")
    .innerJoin("orchard_listings as l", "l.id", "p.listing_id")
    .innerJoin("files as f", "f.id", "p.file_id")
    .innerJoin("files as t", "t.id", "p.thumb_file_id")
    .select(["p.id", "p.listing_id", "p.alt", "l.status", "l.expires_on", "l.owner_id"])
    .select(["f.storage_key as large_key", "f.size_bytes as large_size", "f.sha256 as large_sha256", "t.storage_key as thumb_key", "t.size_bytes as thumb_size", "t.sha256 as thumb_sha256"])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

export async function countPhotos(db: Db, listingId: string): Promise<number> {
  const r = await db.selectFrom("orchard_photos").select((eb) => eb.fn.countAll<string>().as("n")).where("listing_id", "=", listingId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export const isVisible = (l: Pick<ListingRow, "status" | "expires_on">): boolean => l.status === "active" && l.expires_on >= today();

export function listOwnListings(db: Db, userId: string) {
  return db.selectFrom("orchard_listings").select(LISTING_COLUMNS).where("owner_id", "=", userId).orderBy("created_at", "desc").execute();
}

const ITEM_COLUMNS = ["id", "name", "description", "ags", "ars", "municipality_name", "deposit_cents", "owner_id", "publisher", "status", "created_at"] as const;

export async function listItems(db: Db, f: { ags?: string } = {}) {
  let q = db.selectFrom("orchard_items").select(ITEM_COLUMNS).where("status", "=", "active");
  if (f.ags) q = q.where("ags", "=", f.ags);
  return q.orderBy("name").execute();
}

export type ItemRow = Awaited<ReturnType<typeof listItems>>[number];

export async function findItem(db: Db, id: string): Promise<ItemRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("orchard_items").select(ITEM_COLUMNS).where("id", "=", id).executeTakeFirst();
}

export function listOwnItems(db: Db, userId: string) {
  return db.selectFrom("orchard_items").select(ITEM_COLUMNS).where("owner_id", "=", userId).orderBy("name").execute();
}

function loans(db: Db) {
  return db
    .selectFrom("orchard_loans as l")
    .innerJoin("orchard_items as i", "i.id", "l.item_id")
    .select(["l.id", "l.item_id", "l.borrower_id", "l.borrower_name", "l.note", "l.status", "l.created_at", "l.decided_at", "i.name as item_name", "i.owner_id as item_owner_id"])
    .select(sql<string>`lower(l.days)::text`.as("from"))
    .select(sql<string>`(upper(l.days) - 1)::text`.as("to"));
}

export type LoanRow = Awaited<ReturnType<ReturnType<typeof loans>["execute"]>>[number];

export function findLoan(db: Db, id: string): Promise<LoanRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return loans(db).where("l.id", "=", id).executeTakeFirst();
}

/** Confirmed (and picked-up) loans of an item ending today or later (the availability calendar; no names). */
export async function confirmedSpans(db: Kysely<Database>, itemId: string, from = today()): Promise<DaySpan[]> {
  const rows = await db
    .selectFrom("orchard_loans")
    .select([sql<string>`lower(days)::text`.as("from"), sql<string>`(upper(days) - 1)::text`.as("to")])
    .where("item_id", "=", itemId)
    .where("status", "in", ["confirmed", "picked_up"])
    .where(sql<boolean>`upper(days) > ${from}::date`)
    .orderBy(sql`lower(days)`)
    .execute();
  return rows;
}

/** Requests and loans of the items a user decides on (own items; for staff: items without an owner account). */
export function listLoansToDecide(db: Db, user: { id: string; kind: string }) {
  const q = loans(db).where((eb) => eb.or([eb("l.status", "in", ["requested", "confirmed"]).and(sql<boolean>`upper(l.days) > ${today()}::date`), eb("l.status", "=", "picked_up")]));
  return (user.kind === "staff" ? q.where("i.owner_id", "is", null) : q.where("i.owner_id", "=", user.id)).orderBy(sql`lower(l.days)`).execute();
}

export function listOwnLoans(db: Db, userId: string) {
  return loans(db).where("l.borrower_id", "=", userId).orderBy("l.created_at", "desc").limit(100).execute();
}

/** Conversations with what they are about (a listing's title or an item's name). */
function conversations(db: Db) {
  return db
    .selectFrom("orchard_conversations as c")
    .leftJoin("orchard_listings as l", "l.id", "c.listing_id")
    .leftJoin("orchard_items as i", "i.id", "c.item_id")
    .select(["c.id", "c.listing_id", "c.item_id", "c.owner_id", "c.interested_id", "c.owner_name", "c.interested_name", "c.created_at"])
    .select(sql<string>`coalesce(l.title, i.name)`.as("subject_title"));
}

export function findConversation(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return conversations(db).where("c.id", "=", id).executeTakeFirst();
}

export type ConversationRow = NonNullable<Awaited<ReturnType<typeof findConversation>>>;

/** The interested person's conversation about a listing or an item, if there is one. */
export function findConversationOf(db: Db, about: { listingId: string } | { itemId: string }, interestedId: string) {
  const q = db.selectFrom("orchard_conversations").select(["id"]).where("interested_id", "=", interestedId);
  return ("listingId" in about ? q.where("listing_id", "=", about.listingId) : q.where("item_id", "=", about.itemId)).executeTakeFirst();
}

export function listMessages(db: Db, conversationId: string) {
  return db.selectFrom("orchard_messages").select(["id", "author_id", "body", "created_at", "read_at", "hidden_at"]).where("conversation_id", "=", conversationId).orderBy("created_at").orderBy("id").execute();
}

/** The user's conversations with the number of unread messages from the other side. */
export function listConversationsOf(db: Db, userId: string) {
  return conversations(db)
    .select(sql<string>`(SELECT count(*) FROM orchard_messages m WHERE m.conversation_id = c.id AND m.read_at IS NULL AND m.author_id IS DISTINCT FROM ${userId})`.as("unread"))
    .where((eb) => eb.or([eb("c.owner_id", "=", userId), eb("c.interested_id", "=", userId)]))
    .orderBy("c.created_at", "desc")
    .execute();
}

/** Reports staff have not dealt with yet, with their listing. */
export function listOpenReports(db: Db) {
  return db
    .selectFrom("orchard_reports as r")
    .innerJoin("orchard_listings as l", "l.id", "r.listing_id")
    .select(["r.id", "r.listing_id", "r.reason", "r.created_at", "l.title as listing_title", "l.status as listing_status"])
    .where("r.resolved_at", "is", null)
    .orderBy("r.created_at")
    .limit(200)
    .execute();
}

export function findReport(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("orchard_reports").select(["id", "listing_id", "resolved_at"]).where("id", "=", id).executeTakeFirst();
}

export { isUuid };

/** Listings and items an account posted since `since` (the spam brake per account). */
export async function countPostedSince(db: Db, userId: string, since: Date): Promise<number> {
  const [a, b] = await Promise.all([
    db.selectFrom("orchard_listings").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_id", "=", userId).where("created_at", ">", since).executeTakeFirstOrThrow(),
    db.selectFrom("orchard_items").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_id", "=", userId).where("created_at", ">", since).executeTakeFirstOrThrow(),
  ]);
  return Number(a.n) + Number(b.n);
}
