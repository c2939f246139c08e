import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { nextFreeSpan, type DaySpan } from "../loanDays.js";
import { confirmedSpans } from "../queries.js";

/** SQLSTATE exclusion_violation: the constraint orchard_no_overlapping_loans refused a second confirmed loan. */
const EXCLUSION_VIOLATION = "23P01";
const isOverlapError = (err: unknown) => (err as { code?: string } | null)?.code === EXCLUSION_VIOLATION;

export interface ItemInput {
  name: string;
  description: string;
  municipality: { ags: string; ars: string; name: string };
  depositCents: number;
}

/** Offers an item for lending (audited; a search document). */
export async function itemCreator(ctx: CommandContext, props: { ownerId: string | null; publisher: string; input: ItemInput; demoKey?: string }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const i = props.input;
    const row = await tx
      .insertInto("orchard_items")
      .values({ name: i.name, description: i.description, ags: i.municipality.ags, ars: i.municipality.ars, municipality_name: i.municipality.name, deposit_cents: i.depositCents, owner_id: props.ownerId, publisher: props.publisher, demo_key: props.demoKey ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.item_created", objectType: "orchard_item", objectId: row.id, details: { ags: i.municipality.ags }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { id: row.id };
  });
}

export type LoanRequestResult = { kind: "requested"; id: string } | { kind: "overlap"; next: DaySpan };

/**
 * A borrower asks for days of an item. Days already lent (confirmed) are refused at once with the next
 * free span of the same length; otherwise the request waits for the owner. The caller checks the
 * policy (not the owner's own item) and the dates (not in the past, at most 31 days).
 */
export async function loanRequester(ctx: CommandContext, props: { itemId: string; borrowerId: string | null; borrowerName: string; days: DaySpan; note: string }): Promise<LoanRequestResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const taken = await confirmedSpans(tx, props.itemId, props.days.from);
    const next = nextFreeSpan(props.days, taken);
    if (next.from !== props.days.from) return { kind: "overlap", next };
    const row = await tx
      .insertInto("orchard_loans")
      .values({ item_id: props.itemId, borrower_id: props.borrowerId, borrower_name: props.borrowerName, days: sql<string>`daterange(${props.days.from}::date, ${props.days.to}::date, '[]')`, note: props.note, decided_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.loan_requested", objectType: "orchard_loan", objectId: row.id, details: { item: props.itemId, from: props.days.from, to: props.days.to }, requestId: ctx.requestId });
    return { kind: "requested", id: row.id };
  });
}

export type LoanDecisionResult = { kind: "confirmed" } | { kind: "declined" } | { kind: "not_open" } | { kind: "overlap"; next: DaySpan };

/**
 * The owner confirms or declines a request. Confirming days that another confirmed loan holds is
 * refused by the database (exclusion constraint), however many confirmations race: the loser gets
 * the next free span to propose instead. `itemId` must be the loan's item (the caller read the loan).
 */
export async function loanDecider(ctx: CommandContext, props: { loanId: string; itemId: string; days: DaySpan; decision: "confirm" | "decline" }): Promise<LoanDecisionResult> {
  const status = props.decision === "confirm" ? "confirmed" : "declined";
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      // Decisions on one item take turns: two confirmations whose new row versions conflict would
      // otherwise wait for each other inside the exclusion check (deadlock 40P01). The constraint stays
      // the guarantee; the lock only makes the loser fail cleanly with 23P01.
      await tx.selectFrom("orchard_items").select("id").where("id", "=", props.itemId).forUpdate().executeTakeFirst();
      const r = await tx.updateTable("orchard_loans").set({ status, decided_at: new Date() }).where("id", "=", props.loanId).where("status", "=", "requested").executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return { kind: "not_open" } as const;
      await appendAudit(tx, ctx.actor, { action: `orchards.loan_${status}`, objectType: "orchard_loan", objectId: props.loanId, details: { item: props.itemId }, requestId: ctx.requestId });
      return { kind: status } as const;
    });
  } catch (err) {
    if (!isOverlapError(err)) throw err;
    const taken = await confirmedSpans(ctx.db, props.itemId, props.days.from);
    return { kind: "overlap", next: nextFreeSpan(props.days, taken) };
  }
}
