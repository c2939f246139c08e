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
    is_demo: Generated<boolean>;
    active: Generated<boolean>;
    reminded_at: Date | null;
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
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CareTables {}
}
