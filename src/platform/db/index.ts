import { createHash, randomUUID } from "node:crypto";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type { Database } from "./schema.js";
export type Db = Kysely<Database>;

// Return BIGINT/NUMERIC as strings (no precision loss) and DATE as plain "YYYY-MM-DD".
pg.types.setTypeParser(1082, (v) => v);

const pools = new WeakMap<Db, pg.Pool>();

/** Opens a connection pool and the Kysely query builder on it. */
export function createDb(url: string, opts: { max?: number } = {}): { db: Db; pool: pg.Pool } {
  // Waiting for a connection is bounded, so a database that does not answer costs a 503, not a hung request.
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, application_name: "kreisportal", connectionTimeoutMillis: 10_000 });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  // pg-pool listens for errors only on idle clients. A checked-out client whose backend goes away
  // (terminated, failover, a proxy cutting it) emits "error" with nobody listening, which kills the
  // process. The query in flight fails on its own; the pool drops the broken client on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return { db, pool };
}

/** The connection pool under `db` (for metrics), if it was opened by createDb. */
export function poolOf(db: Db): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * A statement whose shape never changes, for the few hottest requests (ADR 0061): `build` gets placeholder strings
 * for the `arity` string arguments and its compiled query is kept; each call sends the same SQL text with the arguments in the
 * placeholders' parameter slots, as a named prepared statement of the pooled connection (parsed and planned once per
 * connection, after which PostgreSQL may keep a generic plan). Kysely no longer builds and compiles per request.
 * A placeholder must end up as a query parameter (not inlined into the SQL), which is checked at compile time.
 */
export function preparedStatement<R>(db: Db, arity: number, build: (...placeholders: string[]) => CompiledQuery<R>): (...args: string[]) => Promise<R[]> {
  let compiled: { name: string; text: string; params: readonly unknown[]; slots: number[] } | undefined;
  const compile = () => {
    const marks = Array.from({ length: arity }, (_, i) => `kp-placeholder-${i}-${randomUUID()}`);
    const q = build(...marks);
    const slots = q.parameters.map((p) => marks.indexOf(p as string));
    if (marks.some((m, i) => q.sql.includes(m) || !slots.includes(i))) throw new Error("preparedStatement: every placeholder must be a query parameter");
    // Named by its text: the same statement has the same name on every connection, another one never does.
    return { name: `kp_${createHash("sha256").update(q.sql).digest("hex").slice(0, 32)}`, text: q.sql, params: q.parameters, slots };
  };
  return async (...args) => {
    compiled ??= compile();
    const c = compiled;
    const values = c.params.map((p, i) => (c.slots[i]! >= 0 ? args[c.slots[i]!] : p));
    const pool = pools.get(db);
    if (!pool) return (await db.executeQuery<R>(CompiledQuery.raw(c.text, values))).rows;
    return (await pool.query({ name: c.name, text: c.text, values })).rows as R[];
  };
}

// SQLSTATEs: connection exceptions (08…), server shutting down or starting (57P01–57P03), too many connections.
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// Socket errors as pg raises them (unwrapped). Not looked for in `cause`: there they come from fetch or SMTP.
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const UNAVAILABLE_MESSAGE = /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not currently accepting connections/i;

/**
 * True when `err` says the database cannot be reached right now (connection refused or cut, server
 * shutting down, pool timeout) rather than that the query itself was wrong: worth a 503 and a retry.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof AggregateError && err.errors.some((x) => isDatabaseUnavailable(x))) return true;
  const top = (err as { code?: unknown } | null | undefined)?.code;
  if (typeof top === "string" && UNAVAILABLE_SOCKET_CODES.has(top)) return true;
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith("08"))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

/** True when the database answers a trivial query within `timeoutMs` (readiness probes must answer fast). */
export async function databaseReady(db: Db, timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sql`SELECT 1`.execute(db).then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
