import type { Generated } from "kysely";

/** A provider's master data as county staff enter it (the columns of care_providers they edit). */
export interface ProviderFields {
  name: string;
  carrier: string;
  kinds: string[];
  ags: string;
  ars: string;
  street: string;
  postcode: string;
  town: string;
  phone: string;
  email: string;
  website: string;
  description: string;
  /** Specialisations (kinds.ts SPECIALISATIONS), languages besides German (LANGUAGES), step-free access. */
  specialisations: string[];
  languages: string[];
  accessible: boolean;
  active: boolean;
}

/** Tables of the care module (migrations/0022_care.sql). */
export interface CareTables {
  care_providers: {
    id: Generated<string>;
    name: string;
    carrier: Generated<string>;
    kinds: string[];
    ags: string;
    ars: string;
    street: string;
    postcode: string;
    town: string;
    phone: Generated<string>;
    email: Generated<string>;
    website: Generated<string>;
    description: Generated<string>;
    specialisations: Generated<string[]>;
    languages: Generated<string[]>;
    accessible: Generated<boolean>;
    is_demo: Generated<boolean>;
    active: Generated<boolean>;
    reminded_at: Date | null;
    /** Geocoded from the address (migration 0096); null = the municipality's centre. */
    lat: number | null;
    lon: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  care_provider_members: {
    provider_id: string;
    user_id: string;
    added_at: Generated<Date>;
    added_by: string | null;
  };
  care_places: {
    provider_id: string;
    kind: string;
    free_places: number;
    available_from: string | null;
    reported_at: Generated<Date>;
    reported_by_type: string;
    reported_by_id: string | null;
  };
  care_requests: {
    id: Generated<string>;
    kind: string;
    needed_from: string;
    ags: string;
    specialisations: Generated<string[]>;
    consent: boolean;
    person_name: Generated<string>;
    person_contact: Generated<string>;
    note: Generated<string>;
    requester_id: string | null;
    secret_hash: string;
    client_hash: string;
    created_at: Generated<Date>;
    withdrawn_at: Date | null;
    /** The care counsellor who sent it on behalf of a family (migration 0052). */
    counsellor_id: Generated<string | null>;
  };
  care_counselling_notes: {
    id: Generated<string>;
    counsellor_id: string;
    request_id: string | null;
    ags: string;
    kind: string | null;
    channel: string;
    note: string;
    created_at: Generated<Date>;
  };
  care_request_recipients: {
    request_id: string;
    provider_id: string;
    answer: string | null;
    answer_note: Generated<string>;
    answered_at: Date | null;
    answered_by: string | null;
  };
  care_snapshots: {
    day: string;
    kind: string;
    ags: string;
    providers: number;
    fresh_providers: number;
    free_places: number;
    taken_at: Generated<Date>;
  };
  care_invitations: {
    token_hash: string;
    provider_id: string;
    email: string;
    invited_by: string | null;
    created_at: Generated<Date>;
    expires_at: Date;
    used_at: Date | null;
    used_by: string | null;
    revoked_at: Date | null;
    revoked_by: string | null;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CareTables {}
}
