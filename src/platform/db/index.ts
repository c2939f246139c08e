import { Kysely, PostgresDialect, sql } from "kysely";
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
