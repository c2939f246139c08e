import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { accountSummary, userDisplayNames } from "../accounts/index.js";
import { isUuid } from "./queries.js";

/** Accounts younger than this are "new" and get the tighter spam brake. */
export const NEW_ACCOUNT_MS = 86_400_000;
/** Spam brake for new accounts (younger than 24 h): listings and items, and messages, per 24 h. */
export const NEW_ACCOUNT_LISTINGS = 2;
export const NEW_ACCOUNT_MESSAGES = 10;

/** A block counts while it is not lifted and its end (if any) has not passed — checked at read time. */
const current = sql<boolean>`(kind <> 'block' OR blocked_until IS NULL OR blocked_until > now())`;

/** The current block of an account, if any. */
export function findBlock(db: Db, userId: string) {
  return db.selectFrom("orchard_sanctions").select(["id", "reason", "created_at", "blocked_until"]).where("user_id", "=", userId).where("kind", "=", "block").where("lifted_at", "is", null).where(current).executeTakeFirst();
}

/** Warnings and the open block the account sees on "Meine". */
export function listSanctionsOf(db: Db, userId: string) {
  return db
    .selectFrom("orchard_sanctions")
    .select(["id", "kind", "reason", "created_at", "blocked_until"])
    .where("user_id", "=", userId)
    .where("lifted_at", "is", null)
    .where(current)
    .orderBy("created_at", "desc")
    .limit(20)
    .execute();
}

/** True when the account was created less than 24 h ago. */
export async function isNewAccount(db: Db, userId: string): Promise<boolean> {
  const u = await accountSummary(db, userId);
  return !!u && Date.now() - u.created_at.getTime() < NEW_ACCOUNT_MS;
}

/** Messages the account wrote since `since`. */
export async function countMessagesSince(db: Db, userId: string, since: Date): Promise<number> {
  const r = await db.selectFrom("orchard_messages").select((eb) => eb.fn.countAll<string>().as("n")).where("author_id", "=", userId).where("created_at", ">", since).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One message with its conversation's participants (for reports and hiding). */
export function findMessage(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("orchard_messages as m")
    .innerJoin("orchard_conversations as c", "c.id", "m.conversation_id")
    .select(["m.id", "m.conversation_id", "m.author_id", "m.body", "m.hidden_at", "c.owner_id", "c.interested_id", "c.owner_name", "c.interested_name"])
    .where("m.id", "=", id)
    .executeTakeFirst();
}

/** An account's display name (for the report page and the queue). */
export function findPerson(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return accountSummary(db, id);
}

/**
 * Open reports on messages and users for the staff queue: the message text (and its author), or the
 * person's display name with the number of their active listings.
 */
export async function listOpenObjectReports(db: Db) {
  const rows = await db
    .selectFrom("orchard_reports as r")
    .leftJoin("orchard_messages as m", "m.id", "r.message_id")
    .select([
      "r.id",
      "r.reason",
      "r.created_at",
      "r.message_id",
      "m.body as message_body",
      "m.hidden_at as message_hidden_at",
      sql<string | null>`coalesce(r.target_user_id, m.author_id)`.as("person_id"),
      sql<string>`(SELECT count(*) FROM orchard_listings l WHERE l.owner_id = coalesce(r.target_user_id, m.author_id) AND l.status = 'active')`.as("active_listings"),
      sql<boolean>`EXISTS (SELECT 1 FROM orchard_sanctions s WHERE s.user_id = coalesce(r.target_user_id, m.author_id) AND s.kind = 'block' AND s.lifted_at IS NULL)`.as("person_blocked"),
    ])
    .where("r.resolved_at", "is", null)
    .where("r.listing_id", "is", null)
    .where("r.loan_photo_id", "is", null)
    .where("r.rating_id", "is", null)
    .orderBy("r.created_at")
    .limit(200)
    .execute();
  const names = await userDisplayNames(db, rows.map((r) => r.person_id));
  return rows.map((r) => ({ ...r, person_name: r.person_id ? (names.get(r.person_id) ?? null) : null }));
}

/** Blocked accounts (to lift a block). */
export async function listBlocked(db: Db) {
  const rows = await db.selectFrom("orchard_sanctions").select(["user_id as id", "reason", "created_at", "blocked_until"]).where("kind", "=", "block").where("lifted_at", "is", null).where(current).orderBy("created_at", "desc").limit(200).execute();
  const names = await userDisplayNames(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, display_name: names.get(r.id) ?? "–" }));
}

/** The appeal against a block, if the person wrote one. */
export function findAppealOf(db: Db, sanctionId: string) {
  return db.selectFrom("orchard_appeals").select(["id", "body", "created_at", "decision"]).where("sanction_id", "=", sanctionId).executeTakeFirst();
}

/** Undecided appeals for the staff queue, with the block they are against and the person's display name. */
export async function listOpenAppeals(db: Db) {
  const rows = await db
    .selectFrom("orchard_appeals as a")
    .innerJoin("orchard_sanctions as s", "s.id", "a.sanction_id")
    .select(["a.id", "a.user_id", "a.body", "a.created_at", "s.kind", "s.reason as block_reason", "s.created_at as blocked_at", "s.blocked_until"])
    .where("a.decided_at", "is", null)
    .orderBy("a.created_at")
    .limit(200)
    .execute();
  const names = await userDisplayNames(db, rows.map((r) => r.user_id));
  return rows.map((r) => ({ ...r, display_name: names.get(r.user_id) ?? "–" }));
}

/** The person's decided appeals (latest first), shown on "Meine". */
export function listDecidedAppealsOf(db: Db, userId: string) {
  return db
    .selectFrom("orchard_appeals as a")
    .innerJoin("orchard_sanctions as s", "s.id", "a.sanction_id")
    .select(["a.id", "a.created_at", "a.decided_at", "a.decision", "a.answer", "s.kind"])
    .where("a.user_id", "=", userId)
    .where("a.decided_at", "is not", null)
    .orderBy("a.decided_at", "desc")
    .limit(5)
    .execute();
}

/** One of the account's warnings that staff have not withdrawn (the page to appeal against it). */
export function findWarningOf(db: Db, userId: string, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db.selectFrom("orchard_sanctions").select(["id", "kind", "reason", "created_at", "blocked_until"]).where("id", "=", id).where("user_id", "=", userId).where("kind", "=", "warning").where("lifted_at", "is", null).executeTakeFirst();
}

/** Warnings in force (newest first), for staff to withdraw. */
export async function listActiveWarnings(db: Db) {
  const rows = await db.selectFrom("orchard_sanctions").select(["id", "user_id", "reason", "created_at"]).where("kind", "=", "warning").where("lifted_at", "is", null).orderBy("created_at", "desc").limit(200).execute();
  const names = await userDisplayNames(db, rows.map((r) => r.user_id));
  return rows.map((r) => ({ ...r, display_name: names.get(r.user_id) ?? "–" }));
}
