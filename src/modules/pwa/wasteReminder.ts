/**
 * The eve reminder of the waste calendar (job pwa-waste-eve, daily in the afternoon): everyone who opted
 * into the topic "waste" and chose a street with a collection tomorrow (Berlin date) gets one push per
 * device (dedupe key per day, so a second run the same day sends nothing new). The street is the section matched to
 * the saved house number; the link opens the calendar with that number.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { addDays, berlinDate } from "../../platform/time/berlin.js";
import { queuePushForUser } from "./push.js";
import "./db.js";

export async function queueWasteReminders(db: Db, today = berlinDate(new Date())): Promise<number> {
  const tomorrow = addDays(today, 1);
  const due = await db
    .selectFrom("pwa_push_preferences as p")
    .innerJoin("pwa_waste_streets as s", "s.id", "p.waste_street_id")
    .select(["p.user_id", "s.id as street_id", "s.ags", "p.waste_house_number"])
    .where(sql<boolean>`'waste' = ANY(p.topics)`)
    .where(({ exists, selectFrom }) => exists(selectFrom("pwa_waste_dates as d").select("d.day").whereRef("d.street_id", "=", "s.id").where("d.day", "=", tomorrow)))
    .execute();
  let queued = 0;
  for (const row of due) {
    queued += await db.transaction().execute((tx) => queuePushForUser(tx, { userId: row.user_id, topic: "waste", dedupeKey: `waste:${tomorrow}`, url: `/abfuhrkalender?gemeinde=${row.ags}&strasse=${row.street_id}${row.waste_house_number ? `&hausnummer=${encodeURIComponent(row.waste_house_number)}` : ""}` }));
  }
  return queued;
}
