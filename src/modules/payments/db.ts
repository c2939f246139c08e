import type { ColumnType, Generated } from "kysely";
import type { PaymentItem, PaymentStatus } from "./providers/xbezahldienste/protocol.js";

type Json<T> = ColumnType<T, string, string>;

/** Tables of the payments module (migrations/0010_payments.sql). */
/** What a payment pays for: the `paymentSubjects` of the modules (payment_transactions.subject_type). */
export type PaymentSubjectType = "application" | "fine" | "learning" | "roadworks" | "roadworks_refusal" | "roadworks_special_use";

export interface PaymentTables {
  payment_transactions: {
    id: Generated<string>;
    request_id: string;
    provider: string;
    provider_transaction_id: string | null;
    subject_type: PaymentSubjectType;
    subject_id: string;
    status: Generated<PaymentStatus>;
    provider_status: PaymentStatus | null;
    amount_cents: number;
    currency: Generated<string>;
    purpose: string;
    reference: string;
    items: Json<PaymentItem[]>;
    redirect_url: string | null;
    return_path: string;
    payment_method: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    paid_at: Date | null;
    status_checked_at: Date | null;
  };
  payment_notifications: {
    provider: string;
    notification_id: string;
    transaction_id: string | null;
    status: string;
    body_hash: string;
    received_at: Generated<Date>;
  };
  payment_open_items: {
    kassenzeichen: string;
    plate: string | null;
    amount_cents: number;
    due_date: ColumnType<string, string, string>;
    description: string;
    status: Generated<"open" | "paid" | "withdrawn">;
    paid_transaction_id: string | null;
    source: "csv" | "api";
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends PaymentTables {}
}
