import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";

/**
 * Login throttle (OWASP ASVS 2.2, ADR 0023). A password is verified only after the attempt took a
 * slot of every key it counts against: the account (hash of the e-mail, so unknown addresses behave
 * the same), the client IP, or instead of both a device that logged in before. Taking a slot is one
 * statement, so parallel requests on any number of nodes cannot check more than the free attempts.
 */
export interface ThrottleKey {
  key: string;
  /** Attempts checked without waiting; from then on the wait doubles: 30 s, 60 s, … up to 1 h. */
  free: number;
}

const FORGET_MS = 24 * 3600_000;
const FIRST_WAIT_MS = 30_000;
const MAX_WAIT_MS = 3600_000;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

export const accountKey = (email: string): ThrottleKey => ({ key: `acct:${sha(email.trim().toLowerCase())}`, free: 5 });
// Many people share an address (an office, a mobile network): more free attempts than one account.
export const ipKey = (ip: string): ThrottleKey => ({ key: `ip:${ip}`, free: 20 });
export const deviceKey = (tokenHash: string): ThrottleKey => ({ key: `dev:${tokenHash}`, free: 5 });

/**
 * Takes one attempt of `k`. Returns 0 when the attempt may be checked, else the seconds to wait.
 * The INSERT … ON CONFLICT DO UPDATE … WHERE locks the row and evaluates the condition on its newest
 * version, so of any number of parallel attempts only the free ones get a slot. A free slot is taken by
 * its count, not by time: now() is the transaction's start, and a parallel attempt that started a moment
 * before the previous one committed would otherwise see that one's next_at in its future (an office of
 * colleagues logging in at once behind one address got 429).
 */
export async function takeAttempt(db: Db, k: ThrottleKey): Promise<number> {
  const n = sql`CASE WHEN t.reset_at <= now() THEN 1 ELSE t.attempts + 1 END`;
  const wait = (attempts: ReturnType<typeof sql>) =>
    sql`CASE WHEN ${attempts} >= ${k.free} THEN least(${MAX_WAIT_MS}, ${FIRST_WAIT_MS} * power(2, ${attempts} - ${k.free})) ELSE 0 END * interval '1 millisecond'`;
  const r = await sql<{ taken: number | null; wait_s: number | null }>`
    WITH taken AS (
      INSERT INTO login_throttle AS t (key, attempts, next_at, reset_at)
      VALUES (${k.key}, 1, now() + ${wait(sql`1`)}, now() + ${FORGET_MS} * interval '1 millisecond')
      ON CONFLICT (key) DO UPDATE SET
        attempts = ${n},
        next_at = now() + ${wait(n)},
        reset_at = now() + ${FORGET_MS} * interval '1 millisecond',
        unlock_mailed_at = CASE WHEN t.reset_at <= now() THEN NULL ELSE t.unlock_mailed_at END
      WHERE t.reset_at <= now() OR t.attempts < ${k.free} OR t.next_at <= now()
      RETURNING attempts
    )
    SELECT (SELECT attempts FROM taken) AS taken,
           (SELECT ceil(extract(epoch FROM next_at - now())) FROM login_throttle WHERE key = ${k.key}) AS wait_s`.execute(db);
  const row = r.rows[0]!;
  return row.taken !== null ? 0 : Math.max(1, Number(row.wait_s ?? 1));
}

/** Takes an attempt of each key in order; stops at the first that must wait and returns its seconds. */
export async function takeAttempts(db: Db, keys: ThrottleKey[]): Promise<number> {
  for (const k of keys) {
    const wait = await takeAttempt(db, k);
    if (wait > 0) return wait;
  }
  return 0;
}

/** After a successful login: the account's (or device's) failures are forgotten. */
export async function clearAttempts(db: Db, k: ThrottleKey): Promise<void> {
  await sql`DELETE FROM login_throttle WHERE key = ${k.key}`.execute(db);
}

/** After a successful login: the attempt does not count against the shared IP. */
export async function refundAttempt(db: Db, k: ThrottleKey): Promise<void> {
  await sql`
    UPDATE login_throttle SET attempts = attempts - 1, next_at = CASE WHEN attempts - 1 < ${k.free} THEN now() ELSE next_at END
    WHERE key = ${k.key} AND attempts > 0`.execute(db);
}

/** True once per lockout of the account: the caller sends the owner an unlock link. */
export async function claimUnlockMail(db: Db, k: ThrottleKey): Promise<boolean> {
  const r = await sql`
    UPDATE login_throttle SET unlock_mailed_at = now()
    WHERE key = ${k.key} AND next_at > now() AND (unlock_mailed_at IS NULL OR unlock_mailed_at < now() - interval '1 hour')
    RETURNING key`.execute(db);
  return r.rows.length > 0;
}
