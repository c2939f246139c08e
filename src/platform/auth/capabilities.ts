import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";

/**
 * Capability codes: the secret `?code=` of links that open an object without a login (status and
 * receipt links of applications, payment receipts). ADR 0023.
 *
 * A code is HMAC(secret, "<kind>:<id>"), so the same node hands out the same link again (an idempotent
 * replay answers identically). Every code handed out is registered by its SHA-256 in `capability_keys`,
 * and only that table decides: after a SESSION_SECRET rotation the old links keep working, and the new
 * secret's code is registered the first time it is handed out. The database never holds a usable code.
 */
type Db = Kysely<Database> | Transaction<Database>;

const KIND = /^[a-z][a-z_-]{0,39}$/;

export const capabilityHash = (code: string) => createHash("sha256").update(code).digest("hex");

function codeFor(secret: string, kind: string, objectId: string): string {
  if (!KIND.test(kind)) throw new Error(`capability kind ${kind}`);
  return createHmac("sha256", secret).update(`${kind}:${objectId}`).digest("base64url").slice(0, 24);
}

/** The code for a link to `objectId`, registered so that it outlives the secret. */
export async function capabilityCode(db: Db, secret: string, kind: string, objectId: string): Promise<string> {
  const code = codeFor(secret, kind, objectId);
  await sql`INSERT INTO capability_keys (kind, object_id, code_hash) VALUES (${kind}, ${objectId}, ${capabilityHash(code)}) ON CONFLICT DO NOTHING`.execute(db);
  return code;
}

/**
 * Whether `code` opens `objectId`. A code of the current secret is checked without the database: it was
 * registered when it was handed out (capabilityCode; migration 0016 registered the older ones), and
 * nothing revokes single codes. Codes of earlier secrets are looked up. This saves the status link, the
 * most requested page of a submission, one round trip (issue 13).
 */
export async function verifyCapability(db: Db, secret: string, kind: string, objectId: string, code: unknown): Promise<boolean> {
  if (typeof code !== "string" || code.length === 0 || code.length > 100) return false;
  const expected = Buffer.from(codeFor(secret, kind, objectId));
  const given = Buffer.from(code);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  const found = await sql`SELECT 1 FROM capability_keys WHERE kind = ${kind} AND object_id = ${objectId} AND code_hash = ${capabilityHash(code)}`.execute(db);
  return found.rows.length > 0;
}
