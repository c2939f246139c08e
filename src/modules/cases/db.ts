import type { ColumnType, Generated } from "kysely";
import type { CitizenStatus, ProcessDefinition } from "./definition.js";

type Json<T> = ColumnType<T, string, string>;

/** Tables of the cases module (migrations/0011_cases.sql). */
export interface CaseTables {
  /** One row: the county the portal serves (config COUNTY_KEY), written by the cases plugin at start (migration 0048). */
  case_settings: {
    id: Generated<boolean>;
    served_county: string;
  };
  case_processes: {
    id: string;
    version: number;
    title: string;
    definition: Json<ProcessDefinition>;
    content_hash: string;
    loaded_at: Generated<Date>;
  };
  cases: {
    id: Generated<string>;
    reference: string;
    submission_id: string | null;
    process_id: string;
    process_version: number;
    form_id: string | null;
    leika_key: string | null;
    service_title: string;
    municipality_ags: string | null;
    state: string;
    citizen_status: CitizenStatus;
    owner_unit_id: string;
    assignee_id: string | null;
    applicant_user_id: string | null;
    outcome: "approved" | "rejected" | null;
    pending_approval: ColumnType<PendingApproval | null, string | null, string | null>;
    /** The submission's answers a notice reads (noticeFacts.ts NOTICE_ANSWER_KEYS), copied when the case is opened (migration 0048). */
    notice_answers: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
    version: Generated<number>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    decided_at: Date | null;
    closed_at: Date | null;
    /** Earliest due date of the case's open participations; kept by a trigger on case_participations (migrations/0104), never written by code. */
    next_due: ColumnType<string | null, never, never>;
  };
  case_events: {
    id: Generated<string>;
    case_id: string;
    at: Generated<Date>;
    actor_type: string;
    actor_id: string | null;
    kind: string;
    event: string | null;
    from_state: string | null;
    to_state: string | null;
    visibility: "internal" | "citizen";
    citizen_status: CitizenStatus | null;
    text: string | null;
    details: ColumnType<Record<string, unknown>, string | undefined, string>;
  };
  case_participations: {
    id: Generated<string>;
    case_id: string;
    step_key: string;
    label: string;
    unit_id: string;
    requested_at: Generated<Date>;
    due_date: ColumnType<string, string, string>;
    status: Generated<"open" | "given">;
    result: "agree" | "agree_with_conditions" | "object" | null;
    statement: string | null;
    given_by: string | null;
    given_at: Date | null;
    reminded_at: Date | null;
    overdue_at: Date | null;
  };
  case_comments: { id: Generated<string>; case_id: string; author_id: string | null; body: string; created_at: Generated<Date> };
  case_assignments: { id: Generated<string>; case_id: string; user_id: string | null; assigned_by: string | null; assigned_at: Generated<Date>; ended_at: Date | null };
  case_documents: {
    id: Generated<string>;
    case_id: string;
    kind: "notice" | "statement" | "other";
    version: number;
    title: string;
    filename: string;
    media_type: string;
    content: Buffer;
    sha256: string;
    citizen_visible: boolean;
    created_by: string | null;
    created_at: Generated<Date>;
  };
}

/** A transition proposed under the four-eyes principle, waiting for a second staff member. */
export interface PendingApproval {
  event: string;
  proposedBy: string;
  proposedAt: string;
  text: string | null;
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends CaseTables {}
}
