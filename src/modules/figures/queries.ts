/** Reads of the figures module: only its own roll-up tables (the public page never touches the source tables). */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { Facts } from "./metrics.js";
import "./db.js";

/** month → metric → value for one filter ("" = all) from `fromMonth` on. */
export async function readFacts(db: Db, o: { service: string; ags: string; fromMonth: string }): Promise<Facts> {
  const rows = await db
    .selectFrom("figures_monthly")
    .select(["month", "metric", "value"])
    .where("service", "=", o.service)
    .where("ags", "=", o.ags)
    .where("month", ">=", o.fromMonth)
    .execute();
  const facts: Facts = new Map();
  for (const r of rows) {
    const m = facts.get(r.month) ?? {};
    m[r.metric] = r.value;
    facts.set(r.month, m);
  }
  return facts;
}

/** Paper counts per month matching the filter ("" = every service / municipality). */
export async function readPaperCounts(db: Db, o: { service: string; ags: string; fromMonth: string }): Promise<Map<string, number>> {
  const res = await sql<{ month: string; n: number }>`
    SELECT to_char(month, 'YYYY-MM-DD') AS month, sum(count)::int AS n FROM figures_paper_counts
    WHERE month >= ${o.fromMonth}::date AND (${o.service} = '' OR service = ${o.service}) AND (${o.ags} = '' OR ags = ${o.ags}) GROUP BY 1`.execute(db);
  return new Map(res.rows.map((r) => [r.month, r.n]));
}

export const listServices = (db: Db) => db.selectFrom("figures_services").select(["key", "title"]).orderBy("title").execute();

export const listSearchMisses = (db: Db) => db.selectFrom("figures_search_misses").select(["query", "count"]).orderBy("count", "desc").orderBy("query").execute();

export const lastRefresh = (db: Db) => db.selectFrom("figures_refreshes").select(["id", "kind", "finished_at", "duration_ms", "rows"]).orderBy("id", "desc").limit(1).executeTakeFirst();

/** The paper counts entered, newest month first (staff page). */
export const listPaperCounts = (db: Db, limit = 50) =>
  db.selectFrom("figures_paper_counts").select(["service", "ags", "month", "count", "entered_at"]).orderBy("month", "desc").orderBy("service").orderBy("ags").limit(limit).execute();
