import { sql } from "kysely";
import type { ColumnType, Generated } from "kysely";

export type Disposal = "A" | "B" | "V";
export const DISPOSALS: readonly Disposal[] = ["A", "B", "V"];
export type FileStatus = "open" | "closed" | "disposing";
export type OcrStatus = "pending" | "done" | "failed";
export type DocumentSource = "upload" | "scan" | "api";

type Tsvector = ColumnType<string, string | undefined, string>;

/** Tables of the records module (migrations/0025_records.sql). */
export interface RecordsTables {
  records_plan_units: { code: string; parent_code: string | null; title: string; retention_years: number; disposal: Disposal; process_ids: string[]; updated_at: Generated<Date> };
  records_blobs: { sha256: string; content: Buffer | null; content_oid: Generated<number | null>; size: ColumnType<string, number, number>; created_at: Generated<Date> };
  records_files: {
    id: Generated<string>;
    file_number: string;
    plan_code: string;
    title: string;
    retention_years: number;
    disposal: Disposal;
    override_reason: string | null;
    confidentiality: Generated<string>;
    /** Why the level differs from "003 Offen" (migration 0049). */
    confidentiality_reason: Generated<string | null>;
    medium: Generated<string>;
    owner_unit_id: string;
    reader_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
    status: Generated<FileStatus>;
    created_at: Generated<Date>;
    closed_at: Date | null;
    closed_by: string | null;
  };
  records_cases: { id: Generated<string>; file_id: string; case_id: string; reference: string; title: string; created_at: Generated<Date> };
  records_documents: {
    id: Generated<string>;
    file_id: string;
    record_case_id: string;
    title: string;
    source: DocumentSource;
    created_by: string | null;
    created_at: Generated<Date>;
    idempotency_key: string | null;
    ocr_status: Generated<OcrStatus>;
    ocr_error: string | null;
    search: Tsvector;
    /** The document's own confidentiality level, raised above its file's (migration 0094); null: the file's level. */
    confidentiality: Generated<string | null>;
    confidentiality_reason: Generated<string | null>;
  };
  records_versions: { id: Generated<string>; document_id: string; version: number; filename: string; media_type: string; sha256: string; size: ColumnType<string, number, number>; created_by: string | null; created_at: Generated<Date> };
  records_pages: { document_id: string; version: number; page: number; text: string; method: "text" | "ocr" };
  records_scan_protocols: { document_id: string; scanned_by: string | null; scanned_at: Generated<Date>; device: string; pages: number | null; quality_checked_by: string | null; quality_checked_at: Date | null; quality_ok: boolean | null; /** Why the scan is defective (migration 0078). */ quality_note: Generated<string | null> };
  records_clearing: {
    id: Generated<string>;
    sha256: string;
    filename: string;
    media_type: string;
    size: ColumnType<string, number, number>;
    reason: string;
    device: string;
    received_by: string | null;
    unit_ids: ColumnType<string[], string[] | undefined, string[]>;
    received_at: Generated<Date>;
    assigned_at: Date | null;
    assigned_by: string | null;
    document_id: string | null;
  };
  records_disposals: {
    file_id: string;
    file_number: string;
    owner_unit_id: string;
    disposal: Disposal;
    due_on: ColumnType<string, string, string>;
    listed_at: Generated<Date>;
    approved_by: string | null;
    approved_at: Date | null;
    outcome: "destroyed" | "archived" | null;
    /** A package handed over before migration 0098 (bytea); since then: `archive_oid`. */
    archive_zip: Buffer | null;
    /** The 0503 ZIP as a large object, written as a stream (migration 0098); unlinked when the archive confirms the import. */
    archive_oid: Generated<number | null>;
    archive_size: ColumnType<string | null, number | null | undefined, number | null>;
    archive_sha256: Generated<string | null>;
    process_id: string | null;
    sgo_id: string | null;
    archive_confirmed_at: Date | null;
    /** The archive confirmed receiving the 0503 (xdomea 0507; migration 0049). */
    archive_received_at: Generated<Date | null>;
    archive_reference: string | null;
  };
  records_webhooks: { id: Generated<string>; unit_id: string; url: string; secret: string; events: string[]; created_by: string | null; created_at: Generated<Date>; disabled_at: Date | null; disabled_by: Generated<string | null>; secret_rotated_at: Generated<Date | null> };
  records_webhook_deliveries: {
    id: Generated<string>;
    webhook_id: string;
    event: string;
    payload: ColumnType<Record<string, unknown>, string, string>;
    attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    delivered_at: Date | null;
    dead_at: Date | null;
    last_error: string | null;
    created_at: Generated<Date>;
  };
}

declare module "../../platform/db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends RecordsTables {}
}

/** The bytes of a blob (alias `b`), kept as bytea (before migration 0058, generated contents) or as a large object. */
export const blobContent = sql<Buffer>`coalesce(b.content, lo_get(b.content_oid))`;
