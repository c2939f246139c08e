import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export type { Database } from "./schema.js";
export type Db = Kysely<Database>;

// Return BIGINT/NUMERIC as strings (no precision loss) and DATE as plain "YYYY-MM-DD".
pg.types.setTypeParser(1082, (v) => v);

/** Opens a connection pool and the Kysely query builder on it. */
export function createDb(url: string, opts: { max?: number } = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, application_name: "kreisportal" });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/** True when the database answers a trivial query within the pool's limits. */
export async function databaseReady(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
