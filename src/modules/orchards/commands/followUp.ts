/**
 * After the hand-over (migrations/0075): staff resolve disputed check-lists; ratings are edited by their
 * author, answered once by the rated person and hidden by staff. Every command writes its audit entry in
 * the same transaction.
 */
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Database } from "../../../platform/db/index.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import { orchardFollowUpMessages } from "../followUpMessages.js";
import type { DepositDecision } from "../loanDb.js";
import { resolveReports } from "./sanctions.js";

const translate = translatorFor(orchardFollowUpMessages);

/** The author may change a rating for this many days: long enough for damage found on the next use, short enough that ratings settle. */
export const RATING_EDIT_DAYS = 30;

export interface DepositRuling {
  decision: DepositDecision;
  /** Only for "split": the euro cents returned to the borrower (more than 0, less than the deposit). */
  returnedCents: number | null;
}

/**
 * Staff resolve an open dispute: the deposit decision and its reason, which both parties see on the loan
 * page; each party (with an account) gets a link-only mail in the same transaction (ids returned for
 * immediate delivery). Undefined when there is no open dispute.
 */
export async function disputeResolver(ctx: CommandContext, config: Pick<Config, "publicUrl">, props: { loanId: string; stage: "pickup" | "return"; staffId: string; note: string; deposit: DepositRuling }): Promise<{ mailIds: string[] } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("orchard_checklist_answers")
      .set({ resolved_at: new Date(), resolved_by: props.staffId, resolution_note: props.note, deposit_decision: props.deposit.decision, deposit_returned_cents: props.deposit.decision === "split" ? props.deposit.returnedCents : null })
      .where("loan_id", "=", props.loanId)
      .where("stage", "=", props.stage)
      .where("verdict", "=", "disputed")
      .where("resolved_at", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return undefined;
    // The amount is part of the decision; the reason text stays out of the audit log (it may name people).
    await appendAudit(tx, ctx.actor, { action: "orchards.dispute_resolved", objectType: "orchard_loan", objectId: props.loanId, details: { stage: props.stage, deposit: props.deposit.decision, returnedCents: props.deposit.decision === "split" ? props.deposit.returnedCents : null }, requestId: ctx.requestId });
    return { mailIds: await mailLoanParties(tx, props.loanId, { kind: "orchards.dispute_resolved", ref: `orchards-dispute:${props.loanId}:${props.stage}`, subject: "orchards.dispute.mailSubject", text: "orchards.dispute.mailText" }, config) };
  });
}

/**
 * Queues a link-only mail (subject and the loan page's link; no names, notes or amounts) to the borrower and
 * the owner of a loan, each in their language; owner-less (county) items and accounts without an address get
 * none. Runs in the caller's transaction; returns the mail ids. `ref` is suffixed with the party.
 */
async function mailLoanParties(tx: Transaction<Database>, loanId: string, mail: { kind: string; ref: string; subject: string; text: string }, config: Pick<Config, "publicUrl">): Promise<string[]> {
  const parties = await tx.selectFrom("orchard_loans as l").innerJoin("orchard_items as i", "i.id", "l.item_id").select(["l.borrower_id", "i.owner_id"]).where("l.id", "=", loanId).executeTakeFirstOrThrow();
  const mailIds: string[] = [];
  for (const [who, userId] of [["borrower", parties.borrower_id], ["owner", parties.owner_id]] as const) {
    if (!userId) continue;
    const contact = await findMailContact(tx, userId);
    if (!contact) continue;
    const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
    mailIds.push(await enqueueMail(tx, { kind: mail.kind, ref: `${mail.ref}:${who}`, to: contact.email, subject: t(mail.subject), text: t(mail.text, { url: `${config.publicUrl}/streuobst/ausleihen/${loanId}` }) }));
  }
  return mailIds;
}

export type OverdueAction = "contacted" | "returned" | "lost";

/**
 * Staff act on an escalated overdue loan that is still out: note a contact (it stays in the queue), or close
 * it as returned (the loan counts as returned, without the lender's check-list) or as lost (it leaves the
 * queue; the lender can still record a return if the item turns up). Closing queues a link-only mail to each
 * party with an account in the same transaction (ids returned for immediate delivery); a contact sends none,
 * as nothing changed for the parties. Undefined when the loan is not escalated and open. Audited without the note.
 */
export async function overdueLoanHandler(ctx: CommandContext, config: Pick<Config, "publicUrl">, props: { loanId: string; staffId: string; action: OverdueAction; note: string }): Promise<{ mailIds: string[] } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = new Date();
    const base = { overdue_note: props.note, overdue_handled_by: props.staffId };
    const set =
      props.action === "contacted"
        ? { ...base, overdue_contacted_at: now }
        : props.action === "returned"
          ? { ...base, overdue_outcome: "returned" as const, overdue_closed_at: now, status: "returned" as const, returned_at: now }
          : { ...base, overdue_outcome: "lost" as const, overdue_closed_at: now };
    const r = await tx
      .updateTable("orchard_loans")
      .set(set)
      .where("id", "=", props.loanId)
      .where("status", "=", "picked_up")
      .where("overdue_escalated_at", "is not", null)
      .where("overdue_closed_at", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return undefined;
    await appendAudit(tx, ctx.actor, { action: "orchards.overdue_loan_handled", objectType: "orchard_loan", objectId: props.loanId, details: { action: props.action }, requestId: ctx.requestId });
    if (props.action === "contacted") return { mailIds: [] };
    return { mailIds: await mailLoanParties(tx, props.loanId, { kind: "orchards.overdue_loan_closed", ref: `orchards-overdue-closed:${props.loanId}`, subject: "orchards.overdue.mailSubject", text: "orchards.overdue.mailText" }, config) };
  });
}

export type RatingEditResult = "edited" | "too_late" | "not_found";

/** The author changes stars and comment within RATING_EDIT_DAYS of the rating; a hidden rating stays hidden and cannot be edited. */
export async function ratingEditor(ctx: CommandContext, props: { ratingId: string; raterId: string; stars: number; comment: string }): Promise<RatingEditResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom("orchard_ratings").select(["id", "loan_id", "stars", "created_at", "hidden_at"]).where("id", "=", props.ratingId).where("rater_id", "=", props.raterId).forUpdate().executeTakeFirst();
    if (!row || row.hidden_at) return "not_found";
    if (Date.now() - row.created_at.getTime() > RATING_EDIT_DAYS * 86_400_000) return "too_late";
    await tx.updateTable("orchard_ratings").set({ stars: props.stars, comment: props.comment, edited_at: new Date() }).where("id", "=", row.id).execute();
    await appendAudit(tx, ctx.actor, { action: "orchards.rating_edited", objectType: "orchard_rating", objectId: row.id, details: { loan: row.loan_id, from: row.stars, stars: props.stars }, requestId: ctx.requestId });
    return "edited";
  });
}

/** The rated person answers a rating once (shown under it). "already" when there is an answer. */
export async function ratingReplier(ctx: CommandContext, props: { ratingId: string; rateeId: string; reply: string }): Promise<"replied" | "already"> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("orchard_ratings")
      .set({ reply: props.reply, replied_at: new Date() })
      .where("id", "=", props.ratingId)
      .where("ratee_id", "=", props.rateeId)
      .where("reply", "is", null)
      .where("hidden_at", "is", null)
      .returning("loan_id")
      .executeTakeFirst();
    if (!r) return "already";
    await appendAudit(tx, ctx.actor, { action: "orchards.rating_replied", objectType: "orchard_rating", objectId: props.ratingId, details: { loan: r.loan_id }, requestId: ctx.requestId });
    return "replied";
  });
}

/** Staff hide a rating: it leaves the loan page, the item page and every average; open reports on it are resolved. */
export async function ratingHider(ctx: CommandContext, props: { ratingId: string; staffId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_ratings").set({ hidden_at: new Date(), hidden_by: props.staffId }).where("id", "=", props.ratingId).where("hidden_at", "is", null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    const n = await resolveReports(tx, { ratingId: props.ratingId }, props.staffId, "rating_hidden");
    await appendAudit(tx, ctx.actor, { action: "orchards.rating_hidden", objectType: "orchard_rating", objectId: props.ratingId, details: { reportsResolved: n }, requestId: ctx.requestId });
    return true;
  });
}

