import type { ColumnType, Generated, Selectable } from "kysely";

/** One line of opening hours, as stored in org_units.opening_hours. */
export interface OpeningHours {
  days: string;
  hours: string;
}

/** The contact fields of an office (XZuFi Organisationseinheit): the one definition (ADR 0027). */
export interface OfficeContact {
  /** Building or site, e.g. "Außenstelle Am Mühlkanal". */
  building: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  openingHours: OpeningHours[];
  accessibility: string | null;
}

/** Offices, departments and authorities (migrations/0001, 0004, 0005); responsibility is their one owner. */
export interface OrgUnitsTable extends Omit<OfficeContact, "openingHours"> {
  id: Generated<string>;
  key: string;
  name: string;
  kind: "county_authority" | "department" | "municipal_authority" | "office";
  ars: string | null;
  parent_id: string | null;
  created_at: Generated<Date>;
  opening_hours: ColumnType<OpeningHours[], string | undefined, string>;
  data_source: string | null;
  data_note: string | null;
  updated_at: Generated<Date>;
}

/** Targets a responsibility rule can point at (migrations/0004 + 0005). */
export type RuleTarget = "municipal_authority" | "association_authority" | "county_department" | "city_department" | "org_unit" | "state_office";

/** A row of responsibility_rules as the finder uses it (columns of 0004 and 0005). */
export type RuleRow = Omit<Selectable<ResponsibilityTables["responsibility_rules"]>, "active" | "edited_by_staff" | "created_at" | "updated_at">;

/** An org_unit row with the office (XZuFi Organisationseinheit) columns. */
export type OfficeRow = Omit<Selectable<OrgUnitsTable>, "created_at">;

/** Tables of the responsibility module (migrations/0004, 0005, 0008, 0048): rules as data and explicit Zuständigkeiten. */
export interface ResponsibilityTables {
  org_units: OrgUnitsTable;
  responsibility_rules: {
    id: Generated<string>;
    key: string | null;
    task_category: string;
    leika_prefix: string | null;
    area_ars: string | null;
    area_type: string | null;
    service_department: string | null;
    target: RuleTarget;
    department_key: string | null;
    org_unit_id: string | null;
    role: Generated<string>;
    source: string;
    note: string | null;
    certainty: Generated<"verified" | "unverified">;
    active: Generated<boolean>;
    edited_by_staff: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  responsibilities: { id: Generated<string>; leika_key: string; area_ars: string; org_unit_id: string; role: Generated<string>; created_at: Generated<Date> };
  /** What the finder and the staff lists need of each catalogue service, recorded by the catalogue (migration 0048, ADR 0052). */
  responsibility_service_facts: ServiceFactsRow;
  /** The catalogue's task categories (name, legal source) as the rule lists show them (migration 0048). */
  responsibility_task_categories: TaskCategoryFactsRow;
}

/** One service as the catalogue reports it to the responsibility finder (recordCatalogFacts). */
export interface ServiceFactsRow {
  leika_key: string;
  name: string;
  task_category: string | null;
  responsible_department: string | null;
  popularity: number;
}

/** One task category as the catalogue reports it (recordCatalogFacts). */
export interface TaskCategoryFactsRow {
  key: string;
  name: string;
  legal_source: string;
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ResponsibilityTables {}
}
