/**
 * Usage of services: service page views counted per chosen municipality and day (no personal data),
 * read back as "most requested in your municipality" on the front door.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { berlinDate as berlinDay } from "../../platform/time/berlin.js";

/** Counts one view of a service page (ags: the municipality it was shown for, or none). */
export async function recordServiceView(db: Db, leikaKey: string, ags: string | undefined, now = new Date()): Promise<void> {
  await db
    .insertInto("service_usage")
    .values({ leika_key: leikaKey, ags: ags ?? "", day: berlinDay(now), views: 1 })
    .onConflict((oc) => oc.columns(["leika_key", "ags", "day"]).doUpdateSet({ views: sql`service_usage.views + 1` }))
    .execute();
}

export interface RequestedService {
  leikaKey: string;
  name: string;
  views: number;
}

/**
 * The services opened most often in the last `days` days, for one municipality (its own views only) or
 * for the whole portal (ags undefined). Ties by name, so the list is stable.
 */
export async function mostRequestedServices(db: Db, opts: { ags?: string; limit?: number; days?: number; now?: Date }): Promise<RequestedService[]> {
  const now = opts.now ?? new Date();
  const since = berlinDay(new Date(now.getTime() - (opts.days ?? 90) * 86_400_000));
  let q = db
    .selectFrom("service_usage as u")
    .innerJoin("services as s", "s.leika_key", "u.leika_key")
    .select(["u.leika_key as leikaKey", "s.name as name", sql<number>`sum(u.views)::int`.as("views")])
    .where("u.day", ">=", since)
    .groupBy(["u.leika_key", "s.name"])
    .orderBy("views", "desc")
    .orderBy("s.name")
    .limit(opts.limit ?? 6);
  if (opts.ags) q = q.where("u.ags", "=", opts.ags);
  return q.execute();
}

/** Demo: a month of plausible views in every municipality for the services with written content, weighted by their popularity. */
export async function seedServiceUsage(db: Db, agsList: readonly string[], now = new Date()): Promise<number> {
  const already = await db.selectFrom("service_usage").select("leika_key").limit(1).executeTakeFirst();
  if (already) return 0;
  const services = await db.selectFrom("services").select(["leika_key", "popularity"]).where("popularity", ">", 0).execute();
  const rows: Array<{ leika_key: string; ags: string; day: string; views: number }> = [];
  const day = berlinDay(new Date(now.getTime() - 86_400_000));
  for (const ags of agsList) {
    for (const s of services) {
      // Deterministic variation per municipality, so each one's list differs a little.
      const jitter = (hash(`${ags}:${s.leika_key}`) % 60) / 100 + 0.7;
      const views = Math.round(s.popularity * jitter);
      if (views > 0) rows.push({ leika_key: s.leika_key, ags, day, views });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto("service_usage").values(rows.slice(i, i + 1000)).onConflict((oc) => oc.doNothing()).execute();
  return rows.length;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
