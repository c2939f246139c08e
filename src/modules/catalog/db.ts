import type { ColumnType, Generated } from "kysely";

type Json<T> = ColumnType<T, string | undefined, string>;
type JsonRequired<T> = ColumnType<T, string, string>;

export interface LegalBasisEntry {
  title: string;
  url?: string;
}
export interface FormLink {
  title: string;
  url: string;
}
export interface OnlineService {
  url: string;
  trustLevel?: string;
}
export interface OpeningHours {
  days: string;
  hours: string;
}

/** Tables of the catalogue (migrations/0004_catalog.sql). */
export interface CatalogTables {
  ozg_topics: { id: number; name: string };
  ozg_life_situations: { id: number; name: string; topic_id: number };
  ozg_services: { ozg_id: number; name: string; life_situation_id: number | null };
  task_categories: { key: string; name: string; description: string; legal_source: string };
  services: {
    leika_key: string;
    name: string;
    leika_type: string | null;
    ozg_id: number | null;
    service_object: string | null;
    activity: string | null;
    activity_detail: string | null;
    short_text: string | null;
    full_text: string | null;
    requirements: Json<string[]>;
    documents: Json<string[]>;
    fees: string | null;
    deadlines: string | null;
    processing_time: string | null;
    legal_basis: Json<LegalBasisEntry[]>;
    forms: Json<FormLink[]>;
    online_service: ColumnType<OnlineService | null, string | null | undefined, string | null>;
    search_terms: ColumnType<string[], string[] | undefined, string[]>;
    validity_ars: string | null;
    task_category: string | null;
    responsible_department: string | null;
    popularity: Generated<number>;
    has_content: ColumnType<boolean, never, never>;
    version: Generated<number>;
    updated_at: Generated<Date>;
  };
  responsibility_rules: {
    id: Generated<string>;
    task_category: string;
    leika_prefix: string | null;
    area_ars: string | null;
    area_type: string | null;
    target: "municipal_authority" | "association_authority" | "county_department" | "city_department" | "org_unit";
    department_key: string | null;
    org_unit_id: string | null;
    role: Generated<string>;
    source: string;
    note: string | null;
    created_at: Generated<Date>;
  };
  responsibilities: { leika_key: string; area_ars: string; org_unit_id: string; role: Generated<string> };
  search_synonyms: { id: Generated<string>; term: string; expansions: ColumnType<string[], string[], string[]>; source: Generated<string>; updated_at: Generated<Date> };
  search_misses: { query: string; count: Generated<number>; first_day: Generated<string>; last_day: Generated<string> };
  /** Service page views per chosen municipality and day (migrations/0020_service_usage.sql). */
  service_usage: { leika_key: string; ags: Generated<string>; day: string; views: Generated<number> };
  catalog_version: { id: Generated<boolean>; version: ColumnType<string, string | number | undefined, string | number>; changed_at: Generated<Date> };
}

/** The XZuFi Organisationseinheit columns that 0004 adds to org_units. */
export interface OrgUnitContactColumns {
  /** Building or site, e.g. "Außenstelle Am Mühlkanal" (column of migrations/0005). */
  building: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  opening_hours: ColumnType<OpeningHours[], string | undefined, string>;
  accessibility: string | null;
  updated_at: Generated<Date>;
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CatalogTables {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface OrgUnitsTable extends OrgUnitContactColumns {}
}
