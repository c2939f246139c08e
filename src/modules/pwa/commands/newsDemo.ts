/** Demo news (DEMO_DATA=true): invented items of the county and three municipalities, marked as demo. Idempotent by title. */
import { systemContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { newsPublisher } from "./news.js";

const DEMO_NEWS = [
  { scope: "kreis", title: "Neue Öffnungszeiten der Zulassungsstelle (Demo)", body: "Ab dem kommenden Monat ist die Zulassungsstelle donnerstags bis 18 Uhr geöffnet. Termine buchen Sie online.\n\nDiese Meldung ist erfunden (Demo-Daten)." },
  { scope: "08236040", title: "Weihnachtsmarkt auf dem Kelterplatz (Demo)", body: "Der Weihnachtsmarkt öffnet am ersten Adventswochenende. Die Bahnhofstraße ist an diesen Tagen ab 14 Uhr gesperrt.\n\nDiese Meldung ist erfunden (Demo-Daten)." },
  { scope: "08236070", title: "Grünschnittplatz im Winter geschlossen (Demo)", body: "Der Grünschnittplatz ist von Januar bis Februar geschlossen. Weihnachtsbäume werden am Straßenrand abgeholt.\n\nDiese Meldung ist erfunden (Demo-Daten)." },
  { scope: "08236043", title: "Sanierung der Enzbrücke beginnt (Demo)", body: "Die Arbeiten an der Enzbrücke beginnen im Frühjahr. Eine Umleitung ist ausgeschildert.\n\nDiese Meldung ist erfunden (Demo-Daten)." },
];

export async function seedNewsDemo(db: Db): Promise<number> {
  let n = 0;
  for (const item of DEMO_NEWS) {
    const has = await db.selectFrom("pwa_news").select("id").where("title", "=", item.title).where("is_demo", "=", true).executeTakeFirst();
    if (has) continue;
    await newsPublisher(systemContext(db), { ...item, demo: true });
    n++;
  }
  return n;
}
