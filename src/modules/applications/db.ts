import type { ColumnType, Generated } from "kysely";
import { type FormDefinition } from "../forms/index.js";

type Json<T> = ColumnType<T, string, string>;

/** Tables of the applications module (migrations/0007_applications.sql). */
export interface ApplicationTables {
  form_definitions: {
    id: string;
    version: number;
    title: string;
    leika_keys: string[];
    definition: Json<FormDefinition>;
    json_schema: Json<Record<string, unknown>>;
    content_hash: string;
    loaded_at: Generated<Date>;
  };
  application_drafts: {
    id: Generated<string>;
    form_id: string;
    form_version: number;
    user_id: string | null;
    anon_token_hash: string | null;
    values: Json<Record<string, string>>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  application_reference_counters: { prefix: string; year: number; last: number };
  application_submissions: {
    id: Generated<string>;
    reference: string;
    form_id: string;
    form_version: number;
    user_id: string | null;
    answers: Json<Record<string, unknown>>;
    answers_hash: string;
    fee_cents: number;
    status: Generated<string>;
    /** Before migration 0016 only; capability_keys holds the status codes (ADR 0023). */
    status_code_hash: string | null;
    idempotency_key: string | null;
    request_hash: string | null;
    channel: "web" | "api";
    submitted_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends ApplicationTables {}
}
