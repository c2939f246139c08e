import type { ColumnType, Generated } from "kysely";


/** Tables of migrations/0006_appointments.sql and 0013_appointments_editing_mail_queue.sql. */
export interface AppointmentTables {
  appt_locations: {
    key: string;
    org_unit_id: string;
    horizon_days: Generated<number>;
    min_lead_minutes: Generated<number>;
    slot_minutes: Generated<number>;
    hold_minutes: Generated<number>;
    active: Generated<boolean>;
  };
  appt_services: {
    location_key: string;
    leika_key: string;
    name: string;
    duration_minutes: number;
    max_persons: Generated<number>;
    /** The module whose own flow books the service (migration 0092, e.g. "learning"); null: public, offered on /termine and the API. */
    owner_module: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** Which module owns a service at a location (migration 0101): kept when staff remove the service, so adding it again keeps its owner. */
  appt_service_owners: { location_key: string; leika_key: string; owner_module: string };
  appt_counters: { id: Generated<string>; location_key: string; name: string; active: Generated<boolean> };
  appt_hours: { counter_id: string; weekday: number; opens: string; closes: string };
  appt_closures: {
    id: Generated<string>;
    location_key: string;
    counter_id: string | null;
    starts_at: Date;
    ends_at: Date;
    reason: string;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  appt_bookings: {
    id: Generated<string>;
    code: string;
    location_key: string;
    counter_id: string;
    leika_key: string;
    persons: number;
    starts_at: Date;
    ends_at: Date;
    name: string;
    email: string;
    status: BookingStatus;
    hold_expires_at: Date | null;
    release_at: Date | null;
    confirm_token_hash: string;
    cancel_token_hash: string;
    reminded_at: Date | null;
    checked_in_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    extra_leika_keys: Generated<string[]>;
    replaces_id: string | null;
    /** The account that booked while signed in (migration 0045); null for anonymous bookings. */
    user_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  appt_waitlist: { id: Generated<string>; location_key: string; leika_key: string; email: string; created_at: Generated<Date>; notified_at: Date | null };
}

export type MailKind = "confirm_request" | "confirmation" | "cancellation" | "reminder" | "waitlist" | "rescheduled";
export type BookingStatus = "held" | "confirmed" | "checked_in" | "no_show" | "releasing" | "cancelled" | "expired";
/** Statuses that occupy a counter (the exclusion constraint's WHERE clause). */
export const LIVE_STATUSES: BookingStatus[] = ["held", "confirmed", "checked_in", "no_show", "releasing"];

declare module "../../platform/db/schema.js" {
  interface Database extends AppointmentTables {}
}
