import type { Generated } from "kysely";

/** GeoJSON geometries the module stores (WGS 84 longitude, latitude). */
export type Position = [number, number];
export type RoadGeometry = { type: "Point"; coordinates: Position } | { type: "LineString"; coordinates: Position[] } | { type: "Polygon"; coordinates: Position[][] };

/** A conflict of a change round as stored when the change was requested: another work or a known event (migration 0076). */
export interface ChangeConflict {
  kind: "roadwork" | "event";
  /** The other work's id (kind "roadwork"). */
  id?: string;
  title: string;
  place: string;
  start: string;
  end: string;
  /** The other work's closure (kind "roadwork"). */
  closure?: string;
  reason: "sameRoad" | "near" | "nearDetour";
}

/** Tables of the road-works module (migrations/0026_roadworks.sql, 0044_roadworks_party_answers.sql, 0050_roadworks_party_areas_refusal_fee.sql, 0061_roadworks_special_use_extension_rounds.sql, 0076_roadworks_change_round_links.sql, 0084, 0090_roadworks_early_end_signer_inside_town.sql). */
export interface RoadworksTables {
  roadworks_companies: {
    id: Generated<string>;
    name: string;
    email: string;
    phone: Generated<string>;
    status: Generated<"pending" | "approved">;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    approved_at: Date | null;
    approved_by: string | null;
  };
  roadworks_company_members: {
    company_id: string;
    user_id: string;
    added_at: Generated<Date>;
    added_by: string | null;
  };
  roadworks: {
    id: Generated<string>;
    reference: string;
    company_id: string | null;
    created_by: string | null;
    title: string;
    road_name: string;
    road_key: string;
    house_from: Generated<string>;
    house_to: Generated<string>;
    road_class: "municipal" | "county" | "state" | "federal";
    ags: string;
    ars: string;
    municipality: string;
    authority_kind: "county" | "municipality" | "city";
    authority_name: string;
    authority_unit: string | null;
    geometry: RoadGeometry;
    detour: RoadGeometry | null;
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    start_date: string;
    end_date: string;
    daily_from: Generated<string>;
    daily_to: Generated<string>;
    lanes: number;
    closure: "full" | "half" | "signals" | "footway";
    rsa_plan: string;
    sign_plan_file: string | null;
    site_manager: string;
    site_phone: string;
    contractor: string;
    client: string;
    fee_cents: number;
    paid_at: Date | null;
    status: Generated<"submitted" | "coordination" | "ordered" | "refused">;
    order_token: string | null;
    ordered_at: Date | null;
    /** Migration 0090: who issued the order, and the signer printed on it (name, function/unit). */
    ordered_by: Generated<string | null>;
    order_signed_by: Generated<string>;
    order_signed_unit: Generated<string>;
    /** Migration 0090: inside the town (innerorts, the through road) as stated by the applicant or corrected by staff; null: guessed from house numbers. */
    inside_town: Generated<boolean | null>;
    is_demo: Generated<boolean>;
    submitted_at: Generated<Date>;
  };
  roadworks_consents: {
    roadwork_id: string;
    party: "municipality" | "police" | "bus";
    requested_at: Generated<Date>;
    requested_by: string | null;
    due_on: string;
    answer: "consent" | "refusal" | null;
    condition: Generated<string>;
    answered_at: Date | null;
    answered_by: string | null;
    late: Generated<boolean>;
    reason: Generated<string>;
    answered_name: Generated<string>;
    answered_via: Generated<"staff" | "link" | "login" | null>;
    invited_email: Generated<string | null>;
    reminded_at: Generated<Date | null>;
    invited_name: Generated<string | null>;
  };
  /** The refusal notice as issued (migration 0044). */
  roadworks_refusals: {
    roadwork_id: string;
    reasons: string;
    pdf: Buffer;
    refused_at: Generated<Date>;
    refused_by: string | null;
    fee_cents: Generated<number>;
    paid_at: Generated<Date | null>;
    signed_by: Generated<string>;
  };
  /** Police station and bus operator asked for the works in a municipality (migration 0050; staff edit them). */
  roadworks_party_contacts: {
    ags: string;
    party: "police" | "bus";
    name: string;
    email: string;
    is_demo: Generated<boolean>;
    updated_at: Generated<Date>;
    updated_by: string | null;
  };
  /** The special-use permit (Sondernutzung) asked with an application: its own decision, fee and notice (migration 0061). */
  roadworks_special_uses: {
    roadwork_id: string;
    purpose: string;
    area_m2: number;
    status: Generated<"pending" | "granted" | "refused">;
    fee_cents: Generated<number>;
    decision_text: Generated<string>;
    pdf: Buffer | null;
    decided_at: Date | null;
    decided_by: string | null;
    signed_by: Generated<string>;
    paid_at: Date | null;
  };
  /** An extension or change of an ordered work, decided after a new consent round (migration 0061). */
  roadworks_extensions: {
    id: Generated<string>;
    roadwork_id: string;
    old_end: string;
    new_end: string;
    old_geometry: RoadGeometry;
    new_geometry: RoadGeometry | null;
    reason: Generated<string>;
    status: Generated<"consultation" | "granted" | "refused">;
    requested_at: Generated<Date>;
    requested_by: string | null;
    decided_at: Date | null;
    decided_by: string | null;
    /** Conflicts of the change with other works and events, found when it was requested (migration 0076). */
    conflicts: Generated<ChangeConflict[]>;
    /** Migration 0090: a consent round, or an early end applied by staff at once (status granted, no consents). */
    kind: Generated<"round" | "early_end">;
    /** Migration 0090: the deciding staff member printed on the notice (name, function/unit). */
    signed_by: Generated<string>;
    signed_unit: Generated<string>;
  };
  roadworks_extension_consents: {
    extension_id: string;
    party: "municipality" | "police" | "bus";
    due_on: string;
    invited_email: string | null;
    answer: "consent" | "refusal" | null;
    text: Generated<string>;
    late: Generated<boolean>;
    answered_at: Date | null;
    answered_by: string | null;
    /** Migration 0076: who answered by link (typed name), how, and when the reminder went out. */
    answered_name: Generated<string>;
    answered_via: "staff" | "link" | "login" | null;
    reminded_at: Date | null;
  };
  /** Answer links of a change round (migration 0076), like roadworks_consent_links: only the token's SHA-256. */
  roadworks_extension_links: {
    token_hash: string;
    extension_id: string;
    party: "municipality" | "police" | "bus";
    email: string;
    purpose: "request" | "reminder";
    created_at: Generated<Date>;
    expires_at: Date;
  };
  /** Known events staff enter for the conflict check (migration 0061). */
  roadworks_events: {
    id: Generated<string>;
    name: string;
    ags: string;
    municipality: string;
    road_name: string;
    road_key: string;
    geometry: RoadGeometry;
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
    start_date: string;
    end_date: string;
    is_demo: Generated<boolean>;
    created_at: Generated<Date>;
    created_by: string | null;
  };
  /** Answer links of the consulted parties (migration 0044): only the token's SHA-256. */
  roadworks_consent_links: {
    token_hash: string;
    roadwork_id: string;
    party: "municipality" | "police" | "bus";
    email: string;
    purpose: "request" | "reminder";
    created_at: Generated<Date>;
    expires_at: Date;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RoadworksTables {}
}
