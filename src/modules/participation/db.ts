import type { Generated } from "kysely";
import type { Locale } from "../../platform/i18n/index.js";

export type ProcedureKind = "bebauungsplan" | "flaechennutzungsplan" | "satzung" | "planfeststellung";
/** "redisplay": erneute Auslegung (§ 4a Abs. 3 BauGB), started from the staff page after a display ended (migrations/0079). */
export type PhaseKind = "early" | "display" | "redisplay";
export type Decision = "accepted" | "partly" | "rejected" | "noted";

export const PROCEDURE_KINDS: readonly ProcedureKind[] = ["bebauungsplan", "flaechennutzungsplan", "satzung", "planfeststellung"];
/** The kinds a procedure is created with (a redisplay is started later). */
export const PHASE_KINDS: readonly PhaseKind[] = ["early", "display"];
export const DECISIONS: readonly Decision[] = ["accepted", "partly", "rejected", "noted"];

/** Who sent a statement: required without an account, the e-mail address only for the receipt. */
export interface StatementSender {
  name: string;
  street: string;
  postcode: string;
  city: string;
  email: string | null;
}

/** What describes a procedure (its page, its search document). */
export interface ProcedureFields {
  kind: ProcedureKind;
  title: string;
  description: string;
  ags: string;
  ars: string;
  orgUnitId: string;
}

/** Tables of the participation module (migrations/0024_participation.sql). */
export interface ParticipationTables {
  participation_procedures: {
    id: Generated<string>;
    slug: string;
    kind: ProcedureKind;
    title: string;
    description: string;
    ags: string;
    ars: string;
    org_unit_id: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    weighing_published_at: Generated<Date | null>;
    weighing_published_by: Generated<string | null>;
  };
  participation_phases: {
    id: Generated<string>;
    procedure_id: string;
    kind: PhaseKind;
    starts_at: Date;
    ends_at: Date;
    announcement: Generated<string>;
    /** Why the display is repeated (only for kind "redisplay", migrations/0079). */
    reason: Generated<string | null>;
  };
  participation_documents: {
    id: Generated<string>;
    procedure_id: string;
    file_id: string;
    title: string;
    added_by: string | null;
    added_at: Generated<Date>;
    /** Pages whose text was extracted (migrations/0060); null: no text read. */
    page_count: Generated<number | null>;
    /** pending: the job participation-document-text has yet to read it; failed: unreadable PDF (migrations/0103). */
    text_status: Generated<"pending" | "done" | "failed">;
  };
  /** The text of a document, page by page (migrations/0060). */
  participation_document_pages: {
    document_id: string;
    page: number;
    text: string;
    /** text: the PDF's text layer; ocr: German OCR of a page without one (migrations/0103). */
    method: Generated<"text" | "ocr">;
  };
  participation_statements: {
    id: Generated<string>;
    reference: string;
    procedure_id: string;
    phase_id: string;
    user_id: string | null;
    name: string;
    street: string;
    postcode: string;
    city: string;
    email: string | null;
    body: string;
    submitted_at: Generated<Date>;
    decision: Decision | null;
    consideration: string | null;
    considered_at: Date | null;
    considered_by: string | null;
    place_document_id: Generated<string | null>;
    place_text: Generated<string | null>;
    place_lat: Generated<number | null>;
    place_lon: Generated<number | null>;
    topic: Generated<string | null>;
    outcome_mailed_at: Generated<Date | null>;
    /** The language the statement was written in (migrations/0053): the outcome mail's language. */
    locale: Generated<Locale>;
  };
}

/** Agencies (TÖB, § 4 BauGB) and their statements (migrations/0041_participation_agencies.sql, ADR 0048). */
export interface ParticipationAgencyTables {
  participation_agency_invitations: {
    id: Generated<string>;
    procedure_id: string;
    agency_name: string;
    email: string;
    token_hash: string;
    reminder_token_hash: string | null;
    deadline: Date;
    link_valid_until: Date;
    invited_by: string | null;
    invited_at: Generated<Date>;
    reminded_at: Date | null;
    body: Generated<string>;
    author_name: Generated<string>;
    draft_saved_at: Date | null;
    released_at: Date | null;
    released_by_name: string | null;
    topic: string | null;
    decision: Decision | null;
    consideration: string | null;
    considered_at: Date | null;
    considered_by: string | null;
    /** The master-list entry the invitation was picked from (migrations/0060), null for a one-off agency. */
    agency_id: string | null;
    /** The repeated display this invitation belongs to (migrations/0086), null for the first round. */
    phase_id: Generated<string | null>;
  };
  /** Attachments of citizens' statements (migrations/0060). */
  participation_statement_files: {
    statement_id: string;
    file_id: string;
    position: number;
  };
  /** The county's master list of agencies (migrations/0060_participation_agency_list.sql, ADR 0064). */
  participation_agencies: {
    id: Generated<string>;
    name: string;
    department: string | null;
    street: string | null;
    postcode: string | null;
    city: string | null;
    email: string;
    kind: AgencyKind;
    active: Generated<boolean>;
    demo: Generated<boolean>;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
}

/** Kinds of agencies in the master list. */
export const AGENCY_KINDS = ["authority", "municipality", "utility", "association", "other"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The XPlanGML plan of a procedure (migrations/0036_participation_more.sql). */
export interface ParticipationPlanTables {
  participation_plans: {
    procedure_id: string;
    plan_type: string;
    name: string;
    ags: string | null;
    srs: string | null;
    area: unknown;
    land_uses: Generated<unknown>;
    gml: string;
    sha256: string;
    /** Geometric findings of the check (xplan/rules.ts), NULL for plans stored before migration 0072. */
    check_warnings: unknown;
    uploaded_by: string | null;
    uploaded_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ParticipationTables, ParticipationPlanTables, ParticipationAgencyTables {}
}
