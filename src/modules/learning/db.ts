import type { ColumnType, Generated } from "kysely";
import type { CourseContent } from "./courses.js";

/** Tables of the learning module (migrations/0027_learning.sql). */
export interface LearningTables {
  learning_course_versions: {
    id: Generated<string>;
    slug: string;
    version: number;
    audience: "public" | "staff";
    fee_cents: number;
    content: CourseContent;
    content_hash: string;
    published_at: Generated<Date>;
    published_by: string | null;
  };
  learning_enrollments: {
    id: Generated<string>;
    version_id: string;
    user_id: string | null;
    holder_name: string;
    birth_date: string | null;
    email: string;
    content_locale: string;
    identity_declared_at: Date | null;
    paid_at: Date | null;
    modules_done: Generated<string[]>;
    completed_at: Date | null;
    created_at: Generated<Date>;
    /** Video identification (migration 0087): the appointment's booking code, its start, the random room name, the state. */
    ident_booking_code: ColumnType<string | null, string | null | undefined, string | null>;
    ident_starts_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    ident_room: ColumnType<string | null, string | null | undefined, string | null>;
    ident_status: ColumnType<"booked" | "confirmed" | "rejected" | null, "booked" | "confirmed" | "rejected" | null | undefined, "booked" | "confirmed" | "rejected" | null>;
    ident_decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    ident_decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  };
  learning_attempts: {
    id: Generated<string>;
    enrollment_id: string;
    started_at: Generated<Date>;
    submitted_at: Date | null;
    outcome: "passed" | "failed" | "expired" | null;
    score: number | null;
    max_score: number | null;
    answers: unknown;
  };
  learning_certificates: {
    id: Generated<string>;
    enrollment_id: string;
    code: string;
    issued_at: Generated<Date>;
    valid_until: string | null;
    revoked_at: Date | null;
    revoke_reason: string | null;
    revoked_by: string | null;
    /** When the "renew before expiry" mail was queued (migration 0077); null: not yet. */
    renewal_reminded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** The renewal stage (days before expiry) whose mail was queued last (migration 0088); null: none yet. */
    renewal_reminded_days: ColumnType<number | null, number | null | undefined, number | null>;
  };
  learning_assignments: {
    id: Generated<string>;
    course_slug: string;
    org_unit_id: string;
    due_on: string;
    created_by: string | null;
    created_at: Generated<Date>;
  };
  learning_reminders: {
    assignment_id: string;
    user_id: string;
    week: string;
    sent_at: Generated<Date>;
  };
  /** One editable draft per course (issue 20's in-browser editor); published into learning_course_versions. */
  learning_course_drafts: {
    slug: string;
    content: ColumnType<CourseContent, string, string>;
    revision: Generated<number>;
    created_by: string | null;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  learning_editors: {
    user_id: string;
    granted_by: string | null;
    granted_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends LearningTables {}
}
