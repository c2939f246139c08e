import type { ColumnType, Generated } from "kysely";
import type { Checklist } from "./loanDb.js";

export const LISTING_KINDS = ["meadow_lease", "meadow_sale", "meadow_care", "harvest_wanted", "harvest_offered", "fruit", "tree_care", "pressing"] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];
export type ListingStatus = "active" | "withdrawn" | "hidden";
export type LoanStatus = "requested" | "confirmed" | "declined" | "cancelled" | "picked_up" | "returned";

/** The columns every stored photo has (listing photos, loan check-list photos): re-encoded JPEG and thumbnail, no metadata. */
interface PhotoColumns {
  id: Generated<string>;
  file_id: string;
  thumb_file_id: string;
  alt: string;
  width: number;
  height: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** Tables of the orchards module (migrations/0021_orchards.sql, 0040). */
export interface OrchardTables {
  orchard_listings: {
    id: Generated<string>;
    kind: ListingKind;
    title: string;
    description: string;
    ags: string;
    ars: string;
    municipality_name: string;
    area_m2: number | null;
    trees: number | null;
    varieties: string | null;
    /** "YYYY-MM-DD" (DATE is read as a plain string). */
    expires_on: string;
    owner_id: string | null;
    publisher: string;
    status: Generated<ListingStatus>;
    hidden_reason: string | null;
    /** migrations/0047: hidden because the owner was blocked (restored on unblock). */
    hidden_by_block: Generated<boolean>;
    expiry_reminded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** The owner's exact point (WGS 84; only the owner and staff see it; migrations/0040). */
    lat: ColumnType<number | null, number | null | undefined, number | null>;
    lon: ColumnType<number | null, number | null | undefined, number | null>;
    /** The public point: the centre of the exact point's ~1 km grid cell (platform/geo/centres.ts `coarsen`). */
    grid_lat: ColumnType<number | null, number | null | undefined, number | null>;
    grid_lon: ColumnType<number | null, number | null | undefined, number | null>;
    demo_key: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  orchard_items: {
    id: Generated<string>;
    name: string;
    description: string;
    ags: string;
    ars: string;
    municipality_name: string;
    deposit_cents: number;
    owner_id: string | null;
    publisher: string;
    status: Generated<"active" | "withdrawn">;
    demo_key: string | null;
    created_at: Generated<Date>;
  };
  orchard_loans: {
    id: Generated<string>;
    item_id: string;
    borrower_id: string | null;
    borrower_name: string;
    /** Written with sql`daterange(…)`; read through lower/upper. */
    days: ColumnType<string, string, string>;
    note: Generated<string>;
    status: Generated<LoanStatus>;
    created_at: Generated<Date>;
    decided_at: Date | null;
    /** Hand-over (migrations/0046, loanDb.ts): check-lists as JSON, day-before reminder markers. */
    pickup_checklist: ColumnType<Checklist | null, string | null | undefined, string | null>;
    picked_up_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    return_checklist: ColumnType<Checklist | null, string | null | undefined, string | null>;
    returned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    pickup_reminded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    return_reminded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** 0059: the one reminder when a picked-up loan is not returned after its last day. */
    overdue_reminded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** 0075: overdue reminders sent so far (repeated every N days) and when the loan was escalated to staff. */
    overdue_reminders: ColumnType<number, number | undefined, number>;
    overdue_escalated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** 0085: staff's actions on an escalated loan: contacted, closed as returned or lost, with a staff note. */
    overdue_contacted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    overdue_outcome: ColumnType<"returned" | "lost" | null, "returned" | "lost" | null | undefined, "returned" | "lost" | null>;
    overdue_closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    overdue_handled_by: ColumnType<string | null, string | null | undefined, string | null>;
    overdue_note: ColumnType<string | null, string | null | undefined, string | null>;
  };
  orchard_conversations: {
    id: Generated<string>;
    listing_id: string | null;
    item_id: string | null;
    owner_id: string;
    interested_id: string;
    owner_name: string;
    interested_name: string;
    created_at: Generated<Date>;
  };
  orchard_messages: {
    id: Generated<string>;
    conversation_id: string;
    author_id: string | null;
    body: string;
    created_at: Generated<Date>;
    read_at: Date | null;
    /** migrations/0047: hidden by staff (participants see a placeholder). */
    hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    hidden_by: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** Photos of a listing (migrations/0040): both files are re-encoded JPEGs without metadata. */
  orchard_photos: PhotoColumns & { listing_id: string };
  orchard_reports: {
    id: Generated<string>;
    /** Exactly one of listing_id, message_id, target_user_id, loan_photo_id (migrations/0047, 0059). */
    listing_id: string | null;
    message_id: ColumnType<string | null, string | null | undefined, string | null>;
    target_user_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** 0059: a check-list photo, reported by a party of the loan. */
    loan_photo_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** 0075: a rating, reported by anyone signed in. */
    rating_id: ColumnType<string | null, string | null | undefined, string | null>;
    reporter_id: string | null;
    reason: string;
    created_at: Generated<Date>;
    resolved_at: Date | null;
    resolved_by: string | null;
    resolution: "hidden" | "dismissed" | "message_hidden" | "warned" | "blocked" | "photo_deleted" | "rating_hidden" | null;
  };
  /** Staff warnings and blocks of accounts (migrations/0047). */
  orchard_sanctions: {
    id: Generated<string>;
    user_id: string;
    kind: "warning" | "block";
    reason: string;
    created_by: string | null;
    created_at: Generated<Date>;
    lifted_at: Date | null;
    lifted_by: string | null;
    /** 0051: a block ends by itself at this moment (null: until lifted). */
    blocked_until: Date | null;
  };
  /** 0051: photos on the loan check-lists. */
  orchard_loan_photos: PhotoColumns & { loan_id: string; stage: "pickup" | "return" };
  /** 0051: one appeal per block, decided by staff. */
  orchard_appeals: {
    id: Generated<string>;
    sanction_id: string;
    user_id: string;
    body: string;
    created_at: Generated<Date>;
    decided_at: Date | null;
    decided_by: string | null;
    decision: "lifted" | "upheld" | null;
    answer: string | null;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends OrchardTables {}
}

// ---- Community: saved searches with e-mail alerts, round table events (migrations/0043_orchards_community.sql, ADR 0050)
export type RegistrationStatus = "registered" | "waitlisted" | "cancelled";

export interface OrchardCommunityTables {
  orchard_saved_searches: {
    id: Generated<string>;
    user_id: string;
    kind: ListingKind | null;
    ags: string | null;
    query: string | null;
    alerts: Generated<boolean>;
    last_sent_at: Generated<Date>;
    created_at: Generated<Date>;
  };
  orchard_alert_digests: {
    user_id: string;
    /** Berlin day "YYYY-MM-DD". */
    day: string;
    listings: number;
    created_at: Generated<Date>;
  };
  orchard_events: {
    id: Generated<string>;
    title: string;
    description: string;
    place: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    registered: Generated<number>;
    status: Generated<"active" | "cancelled">;
    created_by: string | null;
    demo_key: string | null;
    created_at: Generated<Date>;
  };
  orchard_event_registrations: {
    id: Generated<string>;
    event_id: string;
    user_id: string;
    name: string;
    status: RegistrationStatus;
    created_at: Generated<Date>;
    promoted_at: Date | null;
    cancelled_at: Date | null;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends OrchardCommunityTables {}
}
