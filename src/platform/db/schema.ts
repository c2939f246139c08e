import type { ColumnType, Generated } from "kysely";

/**
 * The Kysely view of the database. Each module adds its own tables through declaration merging
 * in its `db.ts` (`declare module "../../platform/db/schema.js" { interface Database { … } }`),
 * so that the platform never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends PlatformTables {}

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Offices and departments. Modules add columns by merging into this interface (catalog: contact data). */
export interface OrgUnitsTable {
  id: Generated<string>;
  key: string;
  name: string;
  kind: "county_authority" | "department" | "municipal_authority" | "office";
  ars: string | null;
  parent_id: string | null;
  created_at: Generated<Date>;
}

export interface PlatformTables {
  schema_migrations: { name: string; checksum: string; applied_at: Generated<Date> };
  audit_log: {
    id: Generated<string>;
    seq: string;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    action: string;
    object_type: string | null;
    object_id: string | null;
    details: ColumnType<Record<string, unknown>, string, never>;
    request_id: string | null;
    prev_hash: string;
    hash: string;
  };
  rate_limits: { key: string; window_start: Date; count: number; expires_at: Date };
  org_units: OrgUnitsTable;
  users: {
    id: Generated<string>;
    kind: "citizen" | "staff";
    email: string;
    display_name: string;
    password_hash: string | null;
    email_verified_at: Date | null;
    home_ags: string | null;
    locale: Generated<string>;
    disabled_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  user_roles: {
    user_id: string;
    role: "admin" | "member" | "editor";
    org_unit_id: string | null;
    granted_at: Generated<Date>;
    granted_by: string | null;
  };
  user_identities: { issuer: string; subject: string; user_id: string; created_at: Generated<Date> };
  sessions: {
    id_hash: string;
    user_id: string;
    auth_method: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
  };
  user_tokens: {
    token_hash: string;
    user_id: string;
    purpose: "confirm_email" | "reset_password" | "unlock_login";
    expires_at: Date;
    used_at: Date | null;
    created_at: Generated<Date>;
  };
  /** Login throttle per account, IP or device (migrations/0016); accounts/loginThrottle.ts only. */
  login_throttle: { key: string; attempts: number; next_at: Date; reset_at: Date; unlock_mailed_at: Date | null };
  /** Browsers that logged in before (migrations/0016); written by accounts/commands/loginDevices.ts. */
  login_devices: { token_hash: string; user_id: string; created_at: Generated<Date>; last_used_at: Generated<Date>; expires_at: Date };
  /** SHA-256 of every capability code handed out (migrations/0016); platform/auth/capabilities.ts only. */
  capability_keys: { kind: string; object_id: string; code_hash: string; created_at: Generated<Date> };
  /** Personal API tokens (migrations/0014_api_tokens.sql); written by accounts/commands, read by platform/auth/apiTokens. */
  api_tokens: {
    id: Generated<string>;
    user_id: string;
    name: string;
    token_hash: string;
    scopes: string[];
    created_at: Generated<Date>;
    expires_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
  /** Mails waiting to be sent (migrations/0013, 0015); written and sent by platform/mail/queue.ts only. */
  mail_queue: {
    id: Generated<string>;
    kind: string;
    /** What the mail is about (booking code, reference), so a request can send its own mails at once. */
    ref: string | null;
    recipient: string | null;
    subject: string;
    body: string | null;
    /** Read as parsed JSON, written as a JSON string (pg would send a JS array as a PostgreSQL array). */
    attachments: ColumnType<Array<{ filename: string; contentBase64: string; contentType: string }> | null, string | null, string | null>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    sent_at: Date | null;
    /** Given up for good (5xx, refused address, attempts used up); last_error says why. */
    failed_at: Date | null;
    last_error: string | null;
    created_at: Generated<Date>;
  };
  mail_outbox: {
    id: Generated<string>;
    received_at: Generated<Date>;
    envelope_from: string;
    envelope_to: string[];
    subject: string;
    raw: string;
  };
}
