/** Staff queue parts and lookups for disputes, escalated overdue loans and rating reports (migrations/0075). */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { userDisplayNames } from "../accounts/index.js";
import type { Checklist } from "./loanDb.js";
import { isUuid } from "./queries.js";
import "./db.js";
import "./loanDb.js";

const loanBase = (db: Db) =>
  db
    .selectFrom("orchard_loans as l")
    .innerJoin("orchard_items as i", "i.id", "l.item_id")
    .select(["l.id as loan_id", "l.borrower_name", "l.borrower_id", "i.owner_id", "i.publisher", "i.name as item_name", "i.id as item_id", "i.deposit_cents"])
    .select(sql<string>`lower(l.days)::text`.as("from"))
    .select(sql<string>`(upper(l.days) - 1)::text`.as("to"));

/** Open disputes (or the one of a loan and stage): the loan, item, both parties' display names, the disputed check-list and the borrower's text. */
export async function listOpenDisputes(db: Db, only?: { loanId: string; stage: "pickup" | "return" }) {
  let q = loanBase(db)
    .innerJoin("orchard_checklist_answers as a", "a.loan_id", "l.id")
    .select(["a.stage", "a.note", "a.created_at as disputed_at", "l.pickup_checklist", "l.return_checklist"])
    .where("a.verdict", "=", "disputed")
    .where("a.resolved_at", "is", null);
  if (only) q = q.where("l.id", "=", only.loanId).where("a.stage", "=", only.stage);
  const rows = await q
    .orderBy("a.created_at")
    .limit(200)
    .execute();
  const names = await userDisplayNames(db, rows.flatMap((r) => [r.borrower_id, r.owner_id]));
  return rows.map((r) => ({
    ...r,
    checklist: (r.stage === "pickup" ? r.pickup_checklist : r.return_checklist) as Checklist | null,
    borrower_display: names.get(r.borrower_id ?? "") ?? r.borrower_name,
    owner_display: r.owner_id ? (names.get(r.owner_id) ?? r.publisher) : r.publisher,
  }));
}
export type OpenDispute = Awaited<ReturnType<typeof listOpenDisputes>>[number];

/** Loans escalated for being overdue and still out (they leave the list with the return or when staff close them). */
export async function listEscalatedLoans(db: Db) {
  const rows = await loanBase(db).select(["l.overdue_reminders", "l.overdue_escalated_at", "l.overdue_contacted_at", "l.overdue_note"]).where("l.status", "=", "picked_up").where("l.overdue_escalated_at", "is not", null).where("l.overdue_closed_at", "is", null).orderBy("l.overdue_escalated_at").limit(200).execute();
  const names = await userDisplayNames(db, rows.flatMap((r) => [r.borrower_id, r.owner_id]));
  return rows.map((r) => ({ ...r, borrower_display: names.get(r.borrower_id ?? "") ?? r.borrower_name, owner_display: r.owner_id ? (names.get(r.owner_id) ?? r.publisher) : r.publisher }));
}
export type EscalatedLoan = Awaited<ReturnType<typeof listEscalatedLoans>>[number];

/** One visible rating with its loan's parties (for edit, answer and report). */
export function findRating(db: Db, id: string) {
  if (!isUuid(id)) return Promise.resolve(undefined);
  return db
    .selectFrom("orchard_ratings as r")
    .innerJoin("orchard_items as i", "i.id", "r.item_id")
    .select(["r.id", "r.loan_id", "r.item_id", "r.rater_id", "r.ratee_id", "r.rater_role", "r.stars", "r.comment", "r.reply", "r.created_at", "r.hidden_at", "i.name as item_name"])
    .where("r.id", "=", id)
    .executeTakeFirst();
}

/** Open reports on ratings for the staff queue. */
export async function listOpenRatingReports(db: Db) {
  const rows = await db
    .selectFrom("orchard_reports as rep")
    .innerJoin("orchard_ratings as r", "r.id", "rep.rating_id")
    .innerJoin("orchard_items as i", "i.id", "r.item_id")
    .select(["rep.id", "rep.reason", "rep.created_at", "r.id as rating_id", "r.stars", "r.comment", "r.reply", "r.rater_id", "r.hidden_at", "i.name as item_name"])
    .where("rep.resolved_at", "is", null)
    .orderBy("rep.created_at")
    .limit(200)
    .execute();
  const names = await userDisplayNames(db, rows.map((r) => r.rater_id));
  return rows.map((r) => ({ ...r, rater_name: names.get(r.rater_id ?? "") ?? "–" }));
}
export type RatingReport = Awaited<ReturnType<typeof listOpenRatingReports>>[number];
