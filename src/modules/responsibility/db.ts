/** One line of opening hours, as stored in org_units.opening_hours. */
export interface OpeningHours {
  days: string;
  hours: string;
}

/** Targets a responsibility rule can point at (migrations/0004 + 0005). */
export type RuleTarget = "municipal_authority" | "association_authority" | "county_department" | "city_department" | "org_unit" | "state_office";

/** A row of responsibility_rules as the finder uses it (columns of 0004 and 0005). */
export interface RuleRow {
  id: string;
  key: string | null;
  task_category: string;
  leika_prefix: string | null;
  area_ars: string | null;
  area_type: string | null;
  service_department: string | null;
  target: RuleTarget;
  department_key: string | null;
  org_unit_id: string | null;
  role: string;
  source: string;
  note: string | null;
  certainty: "verified" | "unverified";
}

/** An org_unit with the office (XZuFi Organisationseinheit) columns of 0004 and 0005. */
export interface OfficeRow {
  id: string;
  key: string;
  name: string;
  kind: "county_authority" | "department" | "municipal_authority" | "office";
  ars: string | null;
  parent_id: string | null;
  street: string | null;
  postcode: string | null;
  city: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  opening_hours: OpeningHours[];
  accessibility: string | null;
  building: string | null;
  data_source: string | null;
  data_note: string | null;
  updated_at: Date;
}
