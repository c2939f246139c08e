import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import "./db.js";

/** One day of the aggregate availability (summed over the chosen kind and area). */
export interface FigurePoint {
  day: string;
  providers: number;
  freshProviders: number;
  freePlaces: number;
}

/** Daily aggregates from the snapshots, oldest first (at most `days` days), for a kind and/or municipality. */
export async function figureSeries(db: Db, f: { kind?: string; ags?: string; days?: number }): Promise<FigurePoint[]> {
  let q = db
    .selectFrom("care_snapshots")
    .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as("day"), sql<number>`sum(providers)::int`.as("providers"), sql<number>`sum(fresh_providers)::int`.as("fresh"), sql<number>`sum(free_places)::int`.as("free")])
    .groupBy("day")
    .orderBy("day", "desc")
    .limit(f.days ?? 90);
  if (f.kind) q = q.where("kind", "=", f.kind);
  if (f.ags) q = q.where("ags", "=", f.ags);
  const rows = await q.execute();
  return rows.reverse().map((r) => ({ day: r.day, providers: Number(r.providers), freshProviders: Number(r.fresh), freePlaces: Number(r.free) }));
}

/** The series as open-data CSV (semicolon-free, RFC 4180 with a header line). */
export function figuresCsv(points: FigurePoint[], f: { kind?: string; ags?: string }): string {
  const head = "tag,angebot,gemeinde_ags,einrichtungen,einrichtungen_aktuell,freie_plaetze";
  return [head, ...points.map((p) => [p.day, f.kind ?? "alle", f.ags ?? "alle", p.providers, p.freshProviders, p.freePlaces].join(","))].join("\r\n") + "\r\n";
}
