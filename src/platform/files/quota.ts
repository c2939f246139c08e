import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";

/**
 * Upload quotas (ADR 0023), computed in PostgreSQL so that they hold across nodes: bytes per client and
 * hour (ledger `upload_usage`) and a global cap on uploads no record holds yet (`files.retain_until` set).
 */
export interface UploadQuota {
  /** Who uploads: `uploadClientKey(...)`; unset = the system (no per-client limit). */
  clientKey?: string;
  /** 0 = no limit. */
  bytesPerHour: number;
  /** 0 = no limit. */
  unlinkedMaxBytes: number;
}

export type QuotaRefusal = { reason: "quota"; retryAfterSeconds: number } | { reason: "storage_full" };

/** The client an upload counts against: the account, else the IP (hashed; the ledger keeps no address). */
export function uploadClientKey(actor: { id: string | null }, ip: string): string {
  return actor.id ? `user:${actor.id}` : `ip:${createHash("sha256").update(ip).digest("hex").slice(0, 32)}`;
}

type Db = Kysely<Database> | Transaction<Database>;

async function check(db: Db, quota: UploadQuota, bytes: number, unlinked: boolean): Promise<QuotaRefusal | undefined> {
  if (quota.clientKey && quota.bytesPerHour > 0) {
    const r = await sql<{ used: string; retry_s: number | null }>`
      SELECT coalesce(sum(bytes), 0) AS used, ceil(extract(epoch FROM min(created_at) + interval '1 hour' - now())) AS retry_s
      FROM upload_usage WHERE client_key = ${quota.clientKey} AND created_at > now() - interval '1 hour'`.execute(db);
    const row = r.rows[0]!;
    if (Number(row.used) + bytes > quota.bytesPerHour) return { reason: "quota", retryAfterSeconds: Math.max(1, Number(row.retry_s ?? 3600)) };
  }
  if (unlinked && quota.unlinkedMaxBytes > 0) {
    const r = await sql<{ total: string }>`SELECT coalesce(sum(size_bytes), 0) AS total FROM files WHERE retain_until IS NOT NULL`.execute(db);
    if (Number(r.rows[0]!.total) + bytes > quota.unlinkedMaxBytes) return { reason: "storage_full" };
  }
  return undefined;
}

/** A cheap look before the bytes are stored (no lock): refuses most uploads over a limit early. */
export function precheckQuota(db: Db, quota: UploadQuota, bytes: number, unlinked: boolean): Promise<QuotaRefusal | undefined> {
  return check(db, quota, bytes, unlinked);
}

/**
 * The binding check, in the transaction that records the file: advisory locks (the client's, then the
 * global one for unlinked uploads, always in this order) serialise concurrent uploads on every node until
 * commit, so parallel requests cannot all pass the same remaining room. Records the bytes when allowed.
 */
export async function takeQuota(tx: Transaction<Database>, quota: UploadQuota, bytes: number, unlinked: boolean): Promise<QuotaRefusal | undefined> {
  if (quota.clientKey && quota.bytesPerHour > 0) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`upload:${quota.clientKey}`}, 0))`.execute(tx);
  if (unlinked && quota.unlinkedMaxBytes > 0) await sql`SELECT pg_advisory_xact_lock(hashtextextended('upload:unlinked', 0))`.execute(tx);
  const refused = await check(tx, quota, bytes, unlinked);
  if (refused) return refused;
  if (quota.clientKey && quota.bytesPerHour > 0) await tx.insertInto("upload_usage").values({ client_key: quota.clientKey, bytes }).execute();
  return undefined;
}
