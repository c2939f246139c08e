import { createHash } from "node:crypto";
import type { Db } from "../../platform/db/index.js";
import { extendCounter, hitCounter, readCounter, resetCounter } from "../../platform/http/rateLimitStore.js";

/** Failed attempts allowed per account before back-off starts. */
export const FREE_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

const accountKey = (email: string) => `login:acct:${createHash("sha256").update(email.toLowerCase()).digest("hex")}`;

/** Seconds the account must wait before the next attempt, or 0. */
export async function loginBlockedFor(db: Db, email: string): Promise<number> {
  const c = await readCounter(db, accountKey(email));
  return c.count >= FREE_FAILURES ? Math.max(1, Math.ceil(c.ttlMs / 1000)) : 0;
}

/**
 * Counts a failure for the account (keyed by a hash of the e-mail, so unknown addresses are
 * throttled the same way). From the fifth failure on the wait doubles: 30 s, 60 s, … up to 1 h.
 */
export async function recordLoginFailure(db: Db, email: string): Promise<void> {
  const key = accountKey(email);
  const { count } = await hitCounter(db, key, WINDOW_MS);
  if (count >= FREE_FAILURES) await extendCounter(db, key, Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** (count - FREE_FAILURES)));
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await resetCounter(db, accountKey(email));
}
