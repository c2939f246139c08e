import type { FastifyReply } from "fastify";
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../db/index.js";
import { HttpProblem } from "./problem.js";

/**
 * The upsert of `hitCounter` as a statement for a CTE (`hit AS (${counterHitStatement(…)})`), so a caller
 * can fold a counter into a query it makes anyway; with `when`, the counter is only touched when it holds.
 * Returns `count` and `ttl_ms`.
 */
export function counterHitStatement(key: string, windowMs: number, when: RawBuilder<boolean> = sql<boolean>`true`): RawBuilder<{ count: number; ttl_ms: number }> {
  return sql<{ count: number; ttl_ms: number }>`
    INSERT INTO rate_limits AS r (key, window_start, count, expires_at)
    SELECT ${key}::text, now(), 1, now() + ${windowMs}::float8 * interval '1 millisecond' WHERE ${when}
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN r.expires_at <= now() THEN now() ELSE r.window_start END,
      count        = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.count + 1 END,
      expires_at   = CASE WHEN r.expires_at <= now() THEN now() + ${windowMs}::float8 * interval '1 millisecond' ELSE r.expires_at END
    RETURNING count, greatest(0, (extract(epoch FROM r.expires_at - now()) * 1000))::int AS ttl_ms`;
}

/**
 * Increments the fixed-window counter `key` in PostgreSQL and returns the new count and the
 * milliseconds left in the window. Shared by all app nodes (no process memory).
 */
export async function hitCounter(db: Db, key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
  const r = await counterHitStatement(key, windowMs).execute(db);
  const row = r.rows[0]!;
  return { count: Number(row.count), ttlMs: Number(row.ttl_ms) };
}

/** Reads a counter without changing it. */
export async function readCounter(db: Db, key: string): Promise<{ count: number; ttlMs: number }> {
  const r = await sql<{ count: number; ttl_ms: number }>`
    SELECT count, greatest(0, (extract(epoch FROM expires_at - now()) * 1000))::int AS ttl_ms
    FROM rate_limits WHERE key = ${key} AND expires_at > now()`.execute(db);
  const row = r.rows[0];
  return row ? { count: Number(row.count), ttlMs: Number(row.ttl_ms) } : { count: 0, ttlMs: 0 };
}

/** Sets a counter's window explicitly (used for exponential back-off after failed logins). */
export async function extendCounter(db: Db, key: string, ms: number): Promise<void> {
  await sql`UPDATE rate_limits SET expires_at = now() + ${ms} * interval '1 millisecond' WHERE key = ${key}`.execute(db);
}

export async function resetCounter(db: Db, key: string): Promise<void> {
  await sql`DELETE FROM rate_limits WHERE key = ${key}`.execute(db);
}

/**
 * The counter key @fastify/rate-limit (with pgRateLimitStore) uses for a route's per-address limit. A route that
 * counts in a statement of its own (to save a round trip, ADR 0061) uses the same key, so the limit stays one.
 */
export const routeLimitKey = (method: string, routeUrl: string, ip: string) => `rl:${method}${routeUrl}:${ip}`;

/**
 * What @fastify/rate-limit does with a counter's result, for routes that count themselves: the x-ratelimit-*
 * headers, and beyond `max` Retry-After and a 429 (the error handler answers with a page or a problem document).
 */
export function enforceLimit(reply: FastifyReply, hit: { count: number; ttlMs: number }, max: number): void {
  const seconds = Math.ceil(hit.ttlMs / 1000);
  reply.header("x-ratelimit-limit", max).header("x-ratelimit-remaining", Math.max(0, max - hit.count)).header("x-ratelimit-reset", seconds);
  if (hit.count <= max) return;
  reply.header("retry-after", seconds);
  throw new HttpProblem(429, `Zu viele Anfragen. Bitte in ${seconds} Sekunden erneut versuchen.`, { type: "too-many-requests" });
}

type Cb = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** Store for @fastify/rate-limit backed by the rate_limits table. */
export function pgRateLimitStore(db: Db) {
  class PgStore {
    prefix: string;
    constructor(opts: { prefix?: string } = {}) {
      this.prefix = opts.prefix ?? "rl:";
    }
    incr(key: string, cb: Cb, timeWindow: number) {
      hitCounter(db, this.prefix + key, timeWindow).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (err) => cb(err as Error),
      );
    }
    read(key: string, cb: Cb) {
      readCounter(db, this.prefix + key).then(
        (r) => cb(null, { current: r.count, ttl: r.ttlMs }),
        (err) => cb(err as Error),
      );
    }
    // @fastify/rate-limit 11 passes the merged limit options with the route under `routeInfo` (its RedisStore
    // reads it there; its typings say the route itself): without it every limited route of a client shared one counter.
    child(routeOptions: { method?: string | string[]; url?: string; routeInfo?: { method?: string | string[]; url?: string } }) {
      const route = routeOptions.routeInfo ?? routeOptions;
      return new PgStore({ prefix: `rl:${String(route.method ?? "")}${route.url ?? ""}:` });
    }
  }
  return PgStore;
}
