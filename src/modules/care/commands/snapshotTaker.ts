import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { Db } from "../../../platform/db/index.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { STALE_AFTER_DAYS } from "../kinds.js";
import "../db.js";

/**
 * Stores today's aggregate availability (Berlin day of `now`) per kind and municipality: active providers
 * offering the kind, how many of them reported within the staleness limit, and their fresh free places.
 * Replaces the day's rows (the job runs hourly, the last run of a day stays). No per-person data.
 * Audited as a system write; returns the number of rows.
 */
export async function takeCareSnapshot(db: Db, o: { now?: Date; staleDays?: number } = {}): Promise<number> {
  const now = o.now ?? new Date();
  const day = berlinDate(now);
  const staleBefore = new Date(now.getTime() - (o.staleDays ?? STALE_AFTER_DAYS) * 86_400_000);
  return db.transaction().execute(async (tx) => {
    await tx.deleteFrom("care_snapshots").where("day", "=", day).execute();
    const res = await sql<{ n: number }>`
      INSERT INTO care_snapshots (day, kind, ags, providers, fresh_providers, free_places, taken_at)
      SELECT ${day}::date, k.kind, p.ags, count(*)::int,
             count(*) FILTER (WHERE c.reported_at >= ${staleBefore})::int,
             coalesce(sum(c.free_places) FILTER (WHERE c.reported_at >= ${staleBefore}), 0)::int, ${now}
      FROM care_providers p
      CROSS JOIN LATERAL unnest(p.kinds) AS k(kind)
      LEFT JOIN care_places c ON c.provider_id = p.id AND c.kind = k.kind
      WHERE p.active
      GROUP BY k.kind, p.ags`.execute(tx);
    const rows = Number(res.numAffectedRows ?? 0);
    await appendAudit(tx, { type: "system", id: null }, { action: "care.snapshot_taken", objectType: "care_snapshot", objectId: day, details: { rows } });
    return rows;
  });
}
