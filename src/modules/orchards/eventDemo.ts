import { appendAudit } from "../../platform/audit/index.js";
import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { bumpCatalogVersion } from "../../platform/db/catalogVersion.js";
import { addDays, berlinToUtc } from "../../platform/time/berlin.js";
import { today } from "./queries.js";

/** One upcoming round table in the Enzkreis (DEMO_DATA=true); idempotent by demo_key, moved forward once it has passed. */
export async function seedOrchardEventDemo({ db, log }: { db: Db; config: Config; log: (m: string) => void }): Promise<void> {
  const day = addDays(today(), 21);
  const startsAt = berlinToUtc(day, 18 * 60);
  const endsAt = berlinToUtc(day, 20 * 60 + 30);
  await db.transaction().execute(async (tx) => {
    const r = await tx
      .insertInto("orchard_events")
      .values({
        title: "Runder Tisch Streuobst Enzkreis",
        description: "Austausch für Wiesenbesitzer, Pächterinnen, Obst- und Gartenbauvereine und Keltereien: Pflegeförderung, Baumschnitt im Winter, gemeinsame Mosttermine. Mit kurzem Vortrag der Streuobstberatung des Landratsamts.",
        place: "Landratsamt Enzkreis, Zähringerallee 3, 75177 Pforzheim, Sitzungssaal",
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: 40,
        created_by: null,
        demo_key: "rt1",
      })
      .onConflict((oc) => oc.column("demo_key").doNothing())
      .executeTakeFirst();
    let changed = Number(r.numInsertedOrUpdatedRows ?? 0);
    // A passed demo round table comes back three weeks ahead (its registrations stay).
    const moved = await tx.updateTable("orchard_events").set({ starts_at: startsAt, ends_at: endsAt }).where("demo_key", "=", "rt1").where("ends_at", "<", new Date()).executeTakeFirst();
    changed += Number(moved.numUpdatedRows);
    if (changed > 0) {
      await appendAudit(tx, { type: "system", id: null }, { action: "orchards.event_demo_seeded", details: { rows: changed } });
      await bumpCatalogVersion(tx);
      log("orchards: demo round table");
    }
  });
}
