import type { ColumnType, Generated } from "kysely";

/**
 * The Kysely view of the database. Each module adds its own tables through declaration merging
 * in its `db.ts` (`declare module "../../platform/db/schema.js" { interface Database { … } }`),
 * so that the platform never imports a module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends PlatformTables {}

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PlatformTables {
  schema_migrations: { name: string; checksum: string; applied_at: Generated<Date> };
  audit_log: {
    id: Generated<string>;
    /** Null until the entry is sealed into the hash chain (sealAuditLog). */
    seq: Generated<string | null>;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    action: string;
    object_type: string | null;
    object_id: string | null;
    details: ColumnType<Record<string, unknown>, string, never>;
    request_id: string | null;
    prev_hash: Generated<string | null>;
    hash: Generated<string | null>;
  };
  rate_limits: { key: string; window_start: Date; count: number; expires_at: Date };
  sessions: {
    id_hash: string;
    user_id: string;
    auth_method: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
  };
  /** SHA-256 of every capability code handed out (migrations/0016); platform/auth/capabilities.ts only. */
  capability_keys: { kind: string; object_id: string; code_hash: string; created_at: Generated<Date> };
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
    /** Extra headers (List-Unsubscribe …), written as a JSON string; migration 0043. */
    headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
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
  /** One row; see catalogVersion.ts. */
  catalog_version: { id: Generated<boolean>; version: ColumnType<string, string | number | undefined, string | number>; changed_at: Generated<Date> };
  event_outbox: {
    id: Generated<string>;
    type: string;
    /** Read as parsed JSON, written as a JSON string. */
    payload: ColumnType<unknown, string, string>;
    created_at: Generated<Date>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    delivered_at: Date | null;
    last_error: string | null;
  };
}
