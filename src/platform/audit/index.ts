import { createHash } from "node:crypto";
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Database, Db } from "../db/index.js";

/** Who did it. `anonymous` for security events without a known user (failed login). */
export interface Actor {
  type: "user" | "staff" | "system" | "anonymous";
  id: string | null;
}

export interface AuditEvent {
  action: string;
  objectType?: string;
  objectId?: string;
  /** No personal data here: ids and codes only. */
  details?: Record<string, unknown>;
  requestId?: string;
}

export const GENESIS_HASH = "0".repeat(64);
// Serialises appends so that the chain stays linear across app nodes.
const AUDIT_LOCK = 7_236_002;

/** JSON with object keys sorted at every level, so the hash does not depend on jsonb's key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(",")}}`;
}

/** What the hash covers: every column of the entry but its id and its own hash. */
export type ChainFields = Omit<Selectable<Database["audit_log"]>, "id" | "hash" | "details"> & { details: unknown };

/** The hash of one entry: SHA-256 over its canonical content including the previous hash. */
export function entryHash(e: ChainFields): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        seq: String(e.seq),
        at: e.at.toISOString(),
        actor_type: e.actor_type,
        actor_id: e.actor_id,
        action: e.action,
        object_type: e.object_type,
        object_id: e.object_id,
        details: e.details ?? {},
        request_id: e.request_id,
        prev_hash: e.prev_hash,
      }),
    )
    .digest("hex");
}

/**
 * Appends an audit entry inside the caller's transaction, so the entry exists exactly when the
 * change it records was committed. Pass the command's transaction, never the plain pool.
 */
export async function appendAudit(tx: Transaction<Database>, actor: Actor, event: AuditEvent): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(tx);
  const last = await tx.selectFrom("audit_log").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const fields: ChainFields = {
    seq: String(last ? BigInt(last.seq) + 1n : 1n),
    // Millisecond precision so that the value read back equals the value hashed.
    at: new Date(),
    actor_type: actor.type,
    actor_id: actor.id,
    action: event.action,
    object_type: event.objectType ?? null,
    object_id: event.objectId ?? null,
    details: event.details ?? {},
    request_id: event.requestId ?? null,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await tx
    .insertInto("audit_log")
    .values({ ...fields, details: JSON.stringify(fields.details), hash: entryHash(fields) })
    .execute();
}

/** Runs `fn` in a transaction and appends the audit entry in it (for writes outside a command). */
export async function withAudit<T>(db: Db, actor: Actor, event: AuditEvent, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const result = await fn(tx);
    await appendAudit(tx, actor, event);
    return result;
  });
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  problems: string[];
}

/**
 * Walks the chain in order. Any edited entry (hash mismatch), removed entry (gap in seq or broken
 * prev_hash link) or inserted entry is reported. Removing the newest entries is only detectable
 * against an anchored head hash, which is why the head is printed.
 */
export async function verifyAuditChain(db: Kysely<Database>, opts: { expectedHead?: string } = {}): Promise<VerifyResult> {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  let expectedSeq = 1n;
  let entries = 0;
  let lastSeq = "0";
  const pageSize = 5000;
  for (;;) {
    const rows = await db
      .selectFrom("audit_log")
      .selectAll()
      .where("seq", ">", lastSeq)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      entries++;
      const seq = BigInt(r.seq);
      if (seq !== expectedSeq) problems.push(`Eintrag ${expectedSeq}${seq > expectedSeq + 1n ? `–${seq - 1n}` : ""} fehlt (gelöscht?)`);
      if (r.prev_hash !== prev) problems.push(`Eintrag ${r.seq}: Verkettung unterbrochen (Vorgänger verändert oder gelöscht)`);
      const h = entryHash({ ...r, seq: String(r.seq) });
      if (h !== r.hash) problems.push(`Eintrag ${r.seq}: Inhalt wurde verändert`);
      prev = r.hash;
      expectedSeq = seq + 1n;
      lastSeq = String(r.seq);
    }
    if (rows.length < pageSize) break;
  }
  if (opts.expectedHead && opts.expectedHead !== prev) problems.push("Die letzte Prüfsumme stimmt nicht mit dem verankerten Wert überein (Einträge am Ende entfernt?)");
  return { ok: problems.length === 0, entries, headHash: prev, problems };
}
