import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { isUuid } from "./queries.js";
import "./db.js";
import "./loanDb.js";

/** One loan with its item, both check-lists and who may see it (borrower, item owner; staff for owner-less items). */
export function findLoanDetail(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("orchard_loans as l")
    .innerJoin("orchard_items as i", "i.id", "l.item_id")
    .select(["l.id", "l.item_id", "l.borrower_id", "l.borrower_name", "l.note", "l.status", "l.pickup_checklist", "l.picked_up_at", "l.return_checklist", "l.returned_at", "l.overdue_outcome", "l.overdue_closed_at"])
    .select(["i.name as item_name", "i.owner_id as item_owner_id", "i.publisher", "i.deposit_cents"])
    .select(sql<string>`lower(l.days)::text`.as("from"))
    .select(sql<string>`(upper(l.days) - 1)::text`.as("to"))
    .where("l.id", "=", id)
    .executeTakeFirst();
}

export type LoanDetail = NonNullable<Awaited<ReturnType<typeof findLoanDetail>>>;

/** Both ratings of a loan with the author, the rated person, edits, the answer and whether staff hid it. */
export function listLoanRatings(db: Db, loanId: string) {
  return db.selectFrom("orchard_ratings").select(["id", "rater_role", "rater_id", "ratee_id", "stars", "comment", "created_at", "edited_at", "reply", "replied_at", "hidden_at"]).where("loan_id", "=", loanId).orderBy("rater_role").execute();
}

export interface RatingSummary {
  count: number;
  /** Average stars rounded to one decimal; null without ratings. */
  average: number | null;
}

const summary = (r: { n: string | number; avg: string | number | null } | undefined): RatingSummary => ({ count: Number(r?.n ?? 0), average: r?.avg == null ? null : Math.round(Number(r.avg) * 10) / 10 });

/** What borrowers said about an item: average, count and the latest comments (no names, no addresses). */
export async function itemRatings(db: Db, itemId: string): Promise<RatingSummary & { comments: Array<{ id: string; rater_id: string | null; stars: number; comment: string; created_at: Date; reply: string | null }> }> {
  const base = db.selectFrom("orchard_ratings").where("item_id", "=", itemId).where("rater_role", "=", "borrower").where("hidden_at", "is", null);
  const [agg, comments] = await Promise.all([
    base.select([sql<string>`count(*)`.as("n"), sql<string | null>`avg(stars)`.as("avg")]).executeTakeFirst(),
    base.select(["id", "rater_id", "stars", "comment", "created_at", "reply"]).where("comment", "<>", "").orderBy("created_at", "desc").limit(20).execute(),
  ]);
  return { ...summary(agg), comments };
}

/** Borrowers' ratings of several items at once (the item list and the JSON API): average and count per item. */
export async function itemRatingSummaries(db: Db, itemIds: string[]): Promise<Map<string, RatingSummary>> {
  const out = new Map<string, RatingSummary>(itemIds.map((id) => [id, { count: 0, average: null }]));
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectFrom("orchard_ratings")
    .select(["item_id", sql<string>`count(*)`.as("n"), sql<string | null>`avg(stars)`.as("avg")])
    .where("item_id", "in", itemIds)
    .where("rater_role", "=", "borrower")
    .where("hidden_at", "is", null)
    .groupBy("item_id")
    .execute();
  for (const r of rows) out.set(r.item_id, summary(r));
  return out;
}

/** Ratings an account received (as owner and as borrower): the aggregate shown beside its display name. */
export async function userRatingSummary(db: Db, userId: string | null): Promise<RatingSummary> {
  if (!userId) return { count: 0, average: null };
  const agg = await db.selectFrom("orchard_ratings").select([sql<string>`count(*)`.as("n"), sql<string | null>`avg(stars)`.as("avg")]).where("ratee_id", "=", userId).where("hidden_at", "is", null).executeTakeFirst();
  return summary(agg);
}

/** Photos of a loan's check-lists (both stages), oldest first. */
export function listLoanPhotos(db: Db, loanId: string) {
  return db.selectFrom("orchard_loan_photos").select(["id", "stage", "alt", "width", "height", "created_by"]).where("loan_id", "=", loanId).orderBy("created_at").orderBy("id").execute();
}

/** One loan photo with its files and the loan's parties (for serving to the parties only). */
export function findLoanPhoto(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("orchard_loan_photos as p")
    .innerJoin("files as f", "f.id", "p.file_id")
    .innerJoin("files as t", "t.id", "p.thumb_file_id")
    .select(["p.id", "p.loan_id", "p.stage", "p.alt", "p.created_by", "f.storage_key as large_key", "f.size_bytes as large_size", "f.sha256 as large_sha256", "t.storage_key as thumb_key", "t.size_bytes as thumb_size", "t.sha256 as thumb_sha256"])
    .where("p.id", "=", id)
    .executeTakeFirst();
}

/** The borrower's answers to the loan's check-lists (migrations/0059). */
export function listChecklistAnswers(db: Db, loanId: string) {
  return db.selectFrom("orchard_checklist_answers").select(["stage", "verdict", "note", "created_at", "resolved_at", "resolution_note", "deposit_decision", "deposit_returned_cents"]).where("loan_id", "=", loanId).execute();
}
export type ChecklistAnswer = Awaited<ReturnType<typeof listChecklistAnswers>>[number];

/** True when a check-list photo has an open report (staff may then look at it). */
export async function hasOpenPhotoReport(db: Db, photoId: string): Promise<boolean> {
  return !!(await db.selectFrom("orchard_reports").select("id").where("loan_photo_id", "=", photoId).where("resolved_at", "is", null).executeTakeFirst());
}

/** Open reports on check-list photos for the staff queue: the photo, its loan's item, the reason. */
export function listOpenPhotoReports(db: Db) {
  return db
    .selectFrom("orchard_reports as r")
    .innerJoin("orchard_loan_photos as p", "p.id", "r.loan_photo_id")
    .innerJoin("orchard_loans as l", "l.id", "p.loan_id")
    .innerJoin("orchard_items as i", "i.id", "l.item_id")
    .select(["r.id", "r.reason", "r.created_at", "p.id as photo_id", "p.alt", "p.width", "p.height", "i.name as item_name"])
    .where("r.resolved_at", "is", null)
    .orderBy("r.created_at")
    .limit(200)
    .execute();
}
