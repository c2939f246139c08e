/** Reading saved searches and round-table events (ADR 0050); written only by commands/alerts.ts and commands/events.ts. */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { ListingKind } from "./db.js";
import { containsPattern, isUuid, today } from "./queries.js";
import "./db.js";

/** A saved listing filter: kind, municipality, free text (any may be empty). */
export interface SearchFilter {
  kind: ListingKind | null;
  ags: string | null;
  query: string | null;
}

/** At most this many saved searches per account. */
export const SAVED_SEARCHES_MAX = 20;

export function listSavedSearches(db: Db, userId: string) {
  return db.selectFrom("orchard_saved_searches").select(["id", "kind", "ags", "query", "alerts", "last_sent_at", "created_at"]).where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
}

export type SavedSearchRow = Awaited<ReturnType<typeof listSavedSearches>>[number];

export { containsPattern } from "./queries.js";

/**
 * Listings visible now that match a saved filter and were posted in (after, upTo], not by the saver.
 * Hidden, withdrawn and expired listings never go out, even when they matched when posted.
 */
export function newMatchingListings(db: Db, f: SearchFilter & { userId: string; after: Date; upTo: Date }) {
  let q = db
    .selectFrom("orchard_listings")
    .select(["id", "created_at"])
    .where("status", "=", "active")
    .where("expires_on", ">=", today())
    .where("created_at", ">", f.after)
    .where("created_at", "<=", f.upTo)
    .where("owner_id", "is distinct from", f.userId);
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.ags) q = q.where("ags", "=", f.ags);
  if (f.query) {
    const p = containsPattern(f.query);
    q = q.where((eb) => eb.or([eb("title", "ilike", p), eb("description", "ilike", p), eb("varieties", "ilike", p)]));
  }
  return q.orderBy("created_at").orderBy("id").limit(50).execute();
}

/** Accounts with at least one saved search that still sends alerts. */
export async function listAlertUsers(db: Db): Promise<string[]> {
  // A blocked account gets no digest while the block lasts (it could not answer a listing anyway); its
  // searches keep their last digest time, so the listings that are still visible follow after the block.
  const rows = await db
    .selectFrom("orchard_saved_searches as s")
    .select("s.user_id")
    .distinct()
    .where("s.alerts", "=", true)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM orchard_sanctions b WHERE b.user_id = s.user_id AND b.kind = 'block' AND b.lifted_at IS NULL AND (b.blocked_until IS NULL OR b.blocked_until > now()))`)
    .orderBy("s.user_id")
    .execute();
  return rows.map((r) => r.user_id);
}

const EVENT_COLUMNS = ["id", "title", "description", "place", "starts_at", "ends_at", "capacity", "registered", "status", "created_at"] as const;

/** Active events that have not ended yet, soonest first. */
export function listUpcomingEvents(db: Db, limit = 200) {
  return db.selectFrom("orchard_events").select(EVENT_COLUMNS).where("status", "=", "active").where("ends_at", ">", new Date()).orderBy("starts_at").orderBy("id").limit(limit).execute();
}

export type EventRow = Awaited<ReturnType<typeof listUpcomingEvents>>[number];

export function findEvent(db: Db, id: string): Promise<EventRow | undefined> {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("orchard_events").select(EVENT_COLUMNS).where("id", "=", id).executeTakeFirst();
}

/** All events for staff, the latest first (past ones too). */
export function listEventsForStaff(db: Db) {
  return db
    .selectFrom("orchard_events as e")
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .select(sql<string>`(SELECT count(*) FROM orchard_event_registrations r WHERE r.event_id = e.id AND r.status = 'waitlisted')`.as("waitlisted"))
    .orderBy("e.starts_at", "desc")
    .limit(200)
    .execute();
}

/** The person's live registration (seat or waitlist place) with the place in the queue. */
export async function findOwnRegistration(db: Db, eventId: string, userId: string) {
  const r = await db.selectFrom("orchard_event_registrations").select(["id", "status", "created_at"]).where("event_id", "=", eventId).where("user_id", "=", userId).where("status", "<>", "cancelled").executeTakeFirst();
  if (!r) return undefined;
  if (r.status !== "waitlisted") return { ...r, position: 0 };
  const ahead = await db
    .selectFrom("orchard_event_registrations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("event_id", "=", eventId)
    .where("status", "=", "waitlisted")
    .where((eb) => eb.or([eb("created_at", "<", r.created_at), eb.and([eb("created_at", "=", r.created_at), eb("id", "<", r.id)])]))
    .executeTakeFirstOrThrow();
  return { ...r, position: Number(ahead.n) + 1 };
}

/** Seats and waitlist of an event, in order (staff only: display names). */
export function listRegistrations(db: Db, eventId: string) {
  return db.selectFrom("orchard_event_registrations").select(["id", "name", "status", "created_at", "promoted_at"]).where("event_id", "=", eventId).where("status", "<>", "cancelled").orderBy("status").orderBy("created_at").orderBy("id").execute();
}

/** Events the person registered for or waits for, upcoming first. */
export function listOwnRegistrations(db: Db, userId: string) {
  return db
    .selectFrom("orchard_event_registrations as r")
    .innerJoin("orchard_events as e", "e.id", "r.event_id")
    .select(["r.id", "r.status", "e.id as event_id", "e.title", "e.starts_at", "e.place"])
    .where("r.user_id", "=", userId)
    .where("r.status", "<>", "cancelled")
    .where("e.ends_at", ">", new Date())
    .orderBy("e.starts_at")
    .execute();
}
