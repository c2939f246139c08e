import type { ColumnType, Generated } from "kysely";

/** The files table (migrations/0009_files.sql). */
export interface FilesTables {
  files: {
    id: Generated<string>;
    storage_provider: string;
    storage_key: string;
    sha256: string;
    media_type: string;
    size_bytes: ColumnType<string, number, number>;
    original_name: string;
    uploader_id: string | null;
    owner_token_hash: string | null;
    purpose: string;
    scan_status: "clean" | "not_scanned";
    retain_until: Date | null;
    created_at: Generated<Date>;
  };
  /** Bytes uploaded per client in the last hour (migrations/0016); files/quota.ts only. */
  upload_usage: { client_key: string; bytes: ColumnType<string, number, number>; created_at: Generated<Date> };
}

declare module "../db/schema.js" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends FilesTables {}
}
