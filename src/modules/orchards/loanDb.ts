import type { ColumnType, Generated } from "kysely";

/** Condition of an item at pick-up or return. */
export const CONDITIONS = ["good", "used", "damaged"] as const;
export type Condition = (typeof CONDITIONS)[number];

/** A pick-up or return check-list (orchard_loans.pickup_checklist / return_checklist, migrations/0046). */
export interface Checklist {
  condition: Condition;
  note: string;
  accessoriesComplete: boolean;
  /** Pick-up: deposit received ("yes"/"no"); return: deposit returned ("yes"/"no"/"partly"). */
  deposit: "yes" | "no" | "partly";
  /** Only for "partly": the euro cents returned. */
  depositReturnedCents: number | null;
}

/** What staff decide about the deposit when they resolve a dispute (migrations/0085). */
export const DEPOSIT_DECISIONS = ["returned", "kept", "split"] as const;
export type DepositDecision = (typeof DEPOSIT_DECISIONS)[number];

export type RaterRole = "borrower" | "owner";

/** Ratings after a returned loan (migrations/0046). */
export interface OrchardLoanTables {
  orchard_ratings: {
    id: Generated<string>;
    loan_id: string;
    item_id: string;
    rater_role: RaterRole;
    rater_id: string | null;
    ratee_id: string | null;
    stars: number;
    comment: string;
    created_at: Generated<Date>;
    /** 0075: the author's last edit, the rated person's one answer, staff hiding. */
    edited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    reply: ColumnType<string | null, string | null | undefined, string | null>;
    replied_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** The borrower's answer to a recorded check-list, once per stage (migrations/0059). */
  orchard_checklist_answers: {
    loan_id: string;
    stage: "pickup" | "return";
    verdict: "confirmed" | "disputed";
    note: string;
    answered_by: string | null;
    created_at: Generated<Date>;
    /** 0075: staff resolve a dispute with a note both parties see. */
    resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
    resolution_note: ColumnType<string | null, string | null | undefined, string | null>;
    /** 0085: staff decide about the deposit with the resolution; only "split" has the amount returned to the borrower. */
    deposit_decision: ColumnType<DepositDecision | null, DepositDecision | null | undefined, DepositDecision | null>;
    deposit_returned_cents: ColumnType<number | null, number | null | undefined, number | null>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends OrchardLoanTables {}
}
