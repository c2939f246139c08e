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
// Serialises the sealing (never the appends), so that the chain stays linear across app nodes.
const AUDIT_SEAL_LOCK = 7_236_002;
const SEAL_BATCH = 5000;

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
export type ChainFields = Omit<Selectable<Database["audit_log"]>, "id" | "hash" | "details" | "seq" | "prev_hash"> & {
  seq: string;
  prev_hash: string;
  details: unknown;
};

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
 * A plain INSERT without any lock: concurrent writers never wait for each other here. The entry joins
 * the hash chain when `sealAuditLog` runs (job "audit-seal" every minute, and before every verification).
 */
export async function appendAudit(tx: Transaction<Database>, actor: Actor, event: AuditEvent): Promise<void> {
  await tx
    .insertInto("audit_log")
    .values({
      // Millisecond precision so that the value read back equals the value hashed.
      at: new Date(),
      actor_type: actor.type,
      actor_id: actor.id,
      action: event.action,
      object_type: event.objectType ?? null,
      object_id: event.objectId ?? null,
      details: JSON.stringify(event.details ?? {}),
      request_id: event.requestId ?? null,
    })
    .execute();
}

/**
 * Links every committed, unsealed entry into the chain, in the order of their ids: each gets the next
 * seq, the previous entry's hash and its own hash. One node seals at a time (advisory lock; a node that
 * finds it taken returns 0 and leaves the work to the holder). Returns the number of entries sealed.
 */
export async function sealAuditLog(db: Kysely<Database>): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${AUDIT_SEAL_LOCK}) AS ok`.execute(tx);
      if (!rows[0]?.ok) return -1;
      const pending = await tx.selectFrom("audit_log").selectAll().where("seq", "is", null).orderBy("id").limit(SEAL_BATCH).execute();
      if (pending.length === 0) return 0;
      const last = await tx.selectFrom("audit_log").select(["seq", "hash"]).where("seq", "is not", null).orderBy("seq", "desc").limit(1).executeTakeFirst();
      let seq = last?.seq ? BigInt(last.seq) : 0n;
      let prev = last?.hash ?? GENESIS_HASH;
      const values = pending.map((e) => {
        seq += 1n;
        const hash = entryHash({ ...e, seq: String(seq), prev_hash: prev });
        const row = { id: e.id, seq: String(seq), prev_hash: prev, hash };
        prev = hash;
        return row;
      });
      await sql`UPDATE audit_log AS a SET seq = v.seq::bigint, prev_hash = v.prev_hash, hash = v.hash
        FROM (VALUES ${sql.join(values.map((v) => sql`(${v.id}::bigint, ${v.seq}, ${v.prev_hash}, ${v.hash})`))}) AS v(id, seq, prev_hash, hash)
        WHERE a.id = v.id`.execute(tx);
      return pending.length;
    });
    if (n <= 0) return sealed;
    sealed += n;
    if (n < SEAL_BATCH) return sealed;
  }
}

/** Seals the audit log every minute (listed by the platform module). */
export const auditSealJob = {
  name: "audit-seal",
  cron: "* * * * *",
  async handler({ db }: { db: Db }) {
    await sealAuditLog(db);
  },
};

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
  /** Entries not yet sealed into the chain (appended since the last sealing run). */
  pending: number;
  headHash: string;
  problems: string[];
}

/**
 * Walks the sealed chain in order (seal first with `sealAuditLog` to include the newest entries). Any edited entry (hash mismatch), removed entry (gap in seq or broken
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
      .where("seq", "is not", null)
      .orderBy("seq")
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      entries++;
      const seq = BigInt(r.seq ?? 0);
      if (seq !== expectedSeq) problems.push(`Eintrag ${expectedSeq}${seq > expectedSeq + 1n ? `–${seq - 1n}` : ""} fehlt (gelöscht?)`);
      if (r.prev_hash !== prev) problems.push(`Eintrag ${r.seq}: Verkettung unterbrochen (Vorgänger verändert oder gelöscht)`);
      const h = entryHash({ ...r, seq: String(r.seq), prev_hash: r.prev_hash ?? "" });
      if (h !== r.hash) problems.push(`Eintrag ${r.seq}: Inhalt wurde verändert`);
      prev = r.hash ?? "";
      expectedSeq = seq + 1n;
      lastSeq = String(r.seq);
    }
    if (rows.length < pageSize) break;
  }
  if (opts.expectedHead && opts.expectedHead !== prev) problems.push("Die letzte Prüfsumme stimmt nicht mit dem verankerten Wert überein (Einträge am Ende entfernt?)");
  const { count } = await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("count")).where("seq", "is", null).executeTakeFirstOrThrow();
  return { ok: problems.length === 0, entries, pending: Number(count), headHash: prev, problems };
}
