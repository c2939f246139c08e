import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { addDays, berlinDate } from "../../../platform/time/berlin.js";
import { findMailContact } from "../../accounts/index.js";
import type { Checklist, RaterRole } from "../loanDb.js";
import { orchardLoanMessages } from "../loanMessages.js";
import { queueStaffNotice } from "./staffNotice.js";

const translate = translatorFor(orchardLoanMessages);

export const loanUrl = (id: string): string => `/streuobst/ausleihen/${id}`;

export type HandoverResult = { kind: "recorded" } | { kind: "wrong_state" };

/**
 * The owner records the pick-up (confirmed → picked_up) or the return (picked_up → returned) with its
 * check-list. The state is checked in the UPDATE itself, so two recordings cannot both win; the caller
 * checked that the user decides on the loan's item (canDecideLoan) and answers 409 on "wrong_state".
 */
export async function loanHandoverRecorder(ctx: CommandContext, props: { loanId: string; step: "pickup" | "return"; checklist: Checklist }): Promise<HandoverResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const json = JSON.stringify(props.checklist);
    const now = new Date();
    const q =
      props.step === "pickup"
        ? tx.updateTable("orchard_loans").set({ status: "picked_up", pickup_checklist: json, picked_up_at: now }).where("status", "=", "confirmed")
        : tx.updateTable("orchard_loans").set({ status: "returned", return_checklist: json, returned_at: now }).where("status", "=", "picked_up");
    const r = await q.where("id", "=", props.loanId).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { kind: "wrong_state" } as const;
    const c = props.checklist;
    await appendAudit(tx, ctx.actor, {
      action: props.step === "pickup" ? "orchards.loan_picked_up" : "orchards.loan_returned",
      objectType: "orchard_loan",
      objectId: props.loanId,
      details: { condition: c.condition, accessoriesComplete: c.accessoriesComplete, deposit: c.deposit, depositReturnedCents: c.depositReturnedCents },
      requestId: ctx.requestId,
    });
    return { kind: "recorded" } as const;
  });
}

export type RatingResult = { kind: "rated" } | { kind: "already" } | { kind: "not_returned" };

/**
 * One party of a returned loan rates the other (borrower → owner and item, owner → borrower), once each:
 * UNIQUE (loan_id, rater_role) holds it even when two submissions race. The caller derived `role` from
 * the loan (the signed-in user is its borrower or its item's owner).
 */
export async function loanRater(ctx: CommandContext, props: { loanId: string; role: RaterRole; raterId: string; stars: number; comment: string }): Promise<RatingResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const loan = await tx
      .selectFrom("orchard_loans as l")
      .innerJoin("orchard_items as i", "i.id", "l.item_id")
      .select(["l.id", "l.status", "l.item_id", "l.borrower_id", "i.owner_id"])
      .where("l.id", "=", props.loanId)
      .forUpdate("l")
      .executeTakeFirst();
    if (!loan || loan.status !== "returned") return { kind: "not_returned" } as const;
    const ratee = props.role === "borrower" ? loan.owner_id : loan.borrower_id;
    const row = await tx
      .insertInto("orchard_ratings")
      .values({ loan_id: loan.id, item_id: loan.item_id, rater_role: props.role, rater_id: props.raterId, ratee_id: ratee, stars: props.stars, comment: props.comment })
      .onConflict((oc) => oc.columns(["loan_id", "rater_role"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { kind: "already" } as const;
    await appendAudit(tx, ctx.actor, { action: "orchards.loan_rated", objectType: "orchard_loan", objectId: loan.id, details: { role: props.role, stars: props.stars }, requestId: ctx.requestId });
    return { kind: "rated" } as const;
  });
}

/**
 * Queues the day-before reminders (job "orchards-loan-reminders"): for confirmed loans whose first day is
 * tomorrow (Berlin) a pick-up reminder, for confirmed or picked-up loans whose last day is tomorrow a
 * return reminder — each to the borrower and the owner, link-only (no name or address of the other
 * party). The marker columns are set in the same transaction that queues the mails, so every reminder
 * goes out once even when the job runs twice or on several nodes. Returns the number of loans reminded.
 *
 * Overdue (picked up, last day before today, not returned): a reminder, repeated every
 * `overdueRepeatDays` (Berlin days since the last one) up to `overdueEscalateAfter` reminders; when the
 * last of them is `overdueRepeatDays` old and the loan is still out, it is escalated once to the staff
 * queue with a link-only mail to the exchange's staff address. The conditions are checked in the
 * `UPDATE … RETURNING`, so a second or parallel run on the same day sends nothing twice.
 */
export async function loanReminderQueuer(ctx: CommandContext, config: Pick<Config, "publicUrl" | "orchards">, props: { now?: Date } = {}): Promise<number> {
  const at = props.now ?? new Date();
  const tomorrow = addDays(berlinDate(at), 1);
  const { overdueRepeatDays, overdueEscalateAfter } = config.orchards;
  return ctx.db.transaction().execute(async (tx) => {
    const now = at;
    const pickups = await tx
      .updateTable("orchard_loans as l")
      .set({ pickup_reminded_at: now })
      .from("orchard_items as i")
      .whereRef("i.id", "=", "l.item_id")
      .where("l.status", "=", "confirmed")
      .where("l.pickup_reminded_at", "is", null)
      .where(sql<boolean>`lower(l.days) = ${tomorrow}::date`)
      .returning(["l.id", "l.borrower_id", "i.owner_id"])
      .execute();
    const returns = await tx
      .updateTable("orchard_loans as l")
      .set({ return_reminded_at: now })
      .from("orchard_items as i")
      .whereRef("i.id", "=", "l.item_id")
      .where("l.status", "in", ["confirmed", "picked_up"])
      .where("l.return_reminded_at", "is", null)
      .where(sql<boolean>`upper(l.days) - 1 = ${tomorrow}::date`)
      .returning(["l.id", "l.borrower_id", "i.owner_id"])
      .execute();
    // Overdue: picked up, last day before today (Berlin), not returned.
    const today = addDays(tomorrow, -1);
    const lastReminderDue = sql<boolean>`(l.overdue_reminded_at AT TIME ZONE 'Europe/Berlin')::date <= ${addDays(today, -overdueRepeatDays)}::date`;
    // Escalation first: the last reminder is old enough and the loan is still out (once per loan).
    const escalated = await tx
      .updateTable("orchard_loans as l")
      .set({ overdue_escalated_at: now })
      .where("l.status", "=", "picked_up")
      .where("l.overdue_escalated_at", "is", null)
      .where("l.overdue_reminders", ">=", overdueEscalateAfter)
      .where(lastReminderDue)
      .returning(["l.id"])
      .execute();
    const overdue = await tx
      .updateTable("orchard_loans as l")
      .set({ overdue_reminded_at: now, overdue_reminders: sql<number>`l.overdue_reminders + 1` })
      .from("orchard_items as i")
      .whereRef("i.id", "=", "l.item_id")
      .where("l.status", "=", "picked_up")
      .where("l.overdue_reminders", "<", overdueEscalateAfter)
      .where((eb) => eb.or([eb("l.overdue_reminded_at", "is", null), lastReminderDue]))
      .where(sql<boolean>`upper(l.days) - 1 < ${today}::date`)
      .returning(["l.id", "l.borrower_id", "i.owner_id", sql<string>`(upper(l.days) - 1)::text`.as("last")])
      .execute();
    const send = async (loanId: string, userId: string | null, step: "pickup" | "return" | "overdue", day = tomorrow) => {
      if (!userId) return;
      const contact = await findMailContact(tx, userId);
      if (!contact) return;
      const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
      await enqueueMail(tx, {
        kind: `orchards.loan_${step}_reminder`,
        ref: `orchards-loan-${step}:${loanId}`,
        to: contact.email,
        subject: t(`orchards.loanMail.${step}Subject`),
        text: t(`orchards.loanMail.${step}Text`, { date: formatDay(day), url: `${config.publicUrl}${loanUrl(loanId)}` }),
      });
    };
    for (const l of pickups) for (const u of [l.borrower_id, l.owner_id]) await send(l.id, u, "pickup");
    for (const l of returns) for (const u of [l.borrower_id, l.owner_id]) await send(l.id, u, "return");
    for (const l of overdue) for (const u of [l.borrower_id, l.owner_id]) await send(l.id, u, "overdue", l.last);
    for (const l of escalated) await queueStaffNotice(tx, config, { kind: "orchards.loan_overdue_escalated", ref: `orchards-loan-escalated:${l.id}`, anchor: "ueberfaellig" });
    const count = pickups.length + returns.length + overdue.length + escalated.length;
    if (count > 0) await appendAudit(tx, ctx.actor, { action: "orchards.loan_reminders_queued", objectType: "orchard_loan", objectId: tomorrow, details: { pickups: pickups.length, returns: returns.length, overdue: overdue.length, escalated: escalated.length }, requestId: ctx.requestId });
    return count;
  });
}

/**
 * The borrower answers a recorded check-list once: "confirmed", or "disputed" with a note. The loan is
 * locked; a stage not yet recorded answers "not_recorded", a second or racing answer "already". Audited
 * (the verdict, not the note). A dispute notifies staff (link-only, `queueStaffNotice`) in the same transaction.
 */
export async function checklistAnswerer(ctx: CommandContext, config: Pick<Config, "publicUrl" | "orchards">, props: { loanId: string; borrowerId: string; stage: "pickup" | "return"; verdict: "confirmed" | "disputed"; note: string }): Promise<"answered" | "already" | "not_recorded"> {
  return ctx.db.transaction().execute(async (tx) => {
    const loan = await tx.selectFrom("orchard_loans").select(["picked_up_at", "returned_at"]).where("id", "=", props.loanId).where("borrower_id", "=", props.borrowerId).forUpdate().executeTakeFirst();
    if (!loan || !(props.stage === "pickup" ? loan.picked_up_at : loan.returned_at)) return "not_recorded";
    const row = await tx
      .insertInto("orchard_checklist_answers")
      .values({ loan_id: props.loanId, stage: props.stage, verdict: props.verdict, note: props.verdict === "disputed" ? props.note : "", answered_by: props.borrowerId })
      .onConflict((oc) => oc.columns(["loan_id", "stage"]).doNothing())
      .returning("loan_id")
      .executeTakeFirst();
    if (!row) return "already";
    // A dispute goes to the staff queue ("Strittige Übergaben") with a link-only notice to the staff address.
    if (props.verdict === "disputed") await queueStaffNotice(tx, config, { kind: "orchards.checklist_disputed", ref: `orchards-dispute:${props.loanId}:${props.stage}`, anchor: "strittig" });
    await appendAudit(tx, ctx.actor, { action: "orchards.checklist_answered", objectType: "orchard_loan", objectId: props.loanId, details: { stage: props.stage, verdict: props.verdict }, requestId: ctx.requestId });
    return "answered";
  });
}
