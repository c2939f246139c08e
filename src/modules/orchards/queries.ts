import { sql, type Kysely } from "kysely";
import type { Database, Db } from "../../platform/db/index.js";
import { berlinDate } from "../../platform/time/berlin.js";
import type { ListingKind } from "./db.js";
import type { DaySpan } from "./loanDays.js";
import "./db.js";

/** Today in Europe/Berlin: a listing is visible through its expiry day. */
export const today = (): string => berlinDate(new Date());

const LISTING_COLUMNS = ["id", "kind", "title", "description", "ags", "ars", "municipality_name", "area_m2", "trees", "varieties", "expires_on", "owner_id", "publisher", "status", "hidden_reason", "created_at", "updated_at"] as const;

export interface ListingFilter {
  kind?: ListingKind;
  ags?: string;
  /** Words in title, description or varieties (saved searches, ADR 0050). */
  text?: string;
  limit?: number;
  offset?: number;
}

/** A LIKE pattern for a text a person typed (%, _ and \\ match themselves). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Active listings whose expiry day has not passed, newest first. */
export async function listVisibleListings(db: Db, f: ListingFilter = {}) {
  let q = db.selectFrom("orchard_listings").select(LISTING_COLUMNS).where("status", "=", "active").where("expires_on", ">=", today());
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.ags) q = q.where("ags", "=", f.ags);
  if (f.text) {
    const p = containsPattern(f.text);
    q = q.where((eb) => eb.or([eb("title", "ilike", p), eb("description", "ilike", p), eb("varieties", "ilike", p)]));
  }
  return q.orderBy("created_at", "desc").orderBy("id").limit(f.limit ?? 50).offset(f.offset ?? 0).execute();
}

export type ListingRow = Awaited<ReturnType<typeof listVisibleListings>>[number];

/** Any listing by id (whatever its status); callers decide who may see it. */
export async function findListing(db: Db, id: string): Promise<ListingRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("orchard_listings").select(LISTING_COLUMNS).where("id", "=", id).executeTakeFirst();
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

/** Confirmed loans of an item ending today or later (the availability calendar; no names). */
export async function confirmedSpans(db: Kysely<Database>, itemId: string, from = today()): Promise<DaySpan[]> {
  const rows = await db
    .selectFrom("orchard_loans")
    .select([sql<string>`lower(days)::text`.as("from"), sql<string>`(upper(days) - 1)::text`.as("to")])
    .where("item_id", "=", itemId)
    .where("status", "=", "confirmed")
    .where(sql<boolean>`upper(days) > ${from}::date`)
    .orderBy(sql`lower(days)`)
    .execute();
  return rows;
}

/** Requests and loans of the items a user decides on (own items; for staff: items without an owner account). */
export function listLoansToDecide(db: Db, user: { id: string; kind: string }) {
  const q = loans(db).where("l.status", "in", ["requested", "confirmed"]).where(sql<boolean>`upper(l.days) > ${today()}::date`);
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
  return db.selectFrom("orchard_messages").select(["id", "author_id", "body", "created_at", "read_at"]).where("conversation_id", "=", conversationId).orderBy("created_at").orderBy("id").execute();
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

export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Listings and items an account posted since `since` (the spam brake per account). */
export async function countPostedSince(db: Db, userId: string, since: Date): Promise<number> {
  const [a, b] = await Promise.all([
    db.selectFrom("orchard_listings").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_id", "=", userId).where("created_at", ">", since).executeTakeFirstOrThrow(),
    db.selectFrom("orchard_items").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_id", "=", userId).where("created_at", ">", since).executeTakeFirstOrThrow(),
  ]);
  return Number(a.n) + Number(b.n);
}
