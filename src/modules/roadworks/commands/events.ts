import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { addDays, berlinDate } from "../../../platform/time/berlin.js";
import type { RoadGeometry } from "../db.js";
import { boundsOf, roadKey } from "../rules.js";
import "../db.js";

export interface EventInput {
  name: string;
  ags: string;
  municipality: string;
  roadName: string;
  geometry: RoadGeometry;
  start: string;
  end: string;
}

/** Adds a known event for the conflict check; audited. */
export async function eventAdder(ctx: CommandContext, e: EventInput): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("roadworks_events")
      .values({ name: e.name, ags: e.ags, municipality: e.municipality, road_name: e.roadName, road_key: roadKey(e.roadName), geometry: JSON.stringify(e.geometry) as never, ...boundsOf(e.geometry), start_date: e.start, end_date: e.end, created_by: ctx.actor.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "roadworks.event_added", objectType: "roadworks_event", objectId: row.id, details: { ags: e.ags, start: e.start, end: e.end }, requestId: ctx.requestId });
    return row.id;
  });
}

/** Removes a known event (e.g. cancelled); audited. */
export async function eventRemover(ctx: CommandContext, id: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("roadworks_events").where("id", "=", id).returning(["name", "ags"]).executeTakeFirst();
    if (!row) return false;
    await appendAudit(tx, ctx.actor, { action: "roadworks.event_removed", objectType: "roadworks_event", objectId: id, details: { ags: row.ags }, requestId: ctx.requestId });
    return true;
  });
}

/** Two made-up events (marked "Demo") relative to today, one overlapping the demo works on the Lienzinger Straße in Mühlacker; idempotent by name. */
const DEMO_EVENTS = [
  { name: "Straßenfest Lienzinger Straße Mühlacker (Demo)", ags: "08236040", municipality: "Mühlacker", road: "Lienzinger Straße", geometry: { type: "Point", coordinates: [8.8528, 48.9509] } as RoadGeometry, startIn: 9, days: 2 },
  { name: "Weinfest Keltern-Dietlingen (Demo)", ags: "08236070", municipality: "Keltern", road: "Hauptstraße", geometry: { type: "Point", coordinates: [8.5866, 48.8938] } as RoadGeometry, startIn: 20, days: 3 },
];

export async function seedEventsDemo(db: Db): Promise<number> {
  const today = berlinDate(new Date());
  let n = 0;
  for (const e of DEMO_EVENTS) {
    const exists = await db.selectFrom("roadworks_events").select("id").where("name", "=", e.name).executeTakeFirst();
    if (exists) continue;
    const start = addDays(today, e.startIn);
    await db.insertInto("roadworks_events").values({ name: e.name, ags: e.ags, municipality: e.municipality, road_name: e.road, road_key: roadKey(e.road), geometry: JSON.stringify(e.geometry) as never, ...boundsOf(e.geometry), start_date: start, end_date: addDays(start, e.days - 1), is_demo: true, created_by: null }).execute();
    n++;
  }
  return n;
}
