import type { Db } from "../../../platform/db/index.js";
import { addDays, berlinDate } from "../../../platform/time/berlin.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import type { RoadGeometry } from "../db.js";
import { resolveAuthority } from "../authority.js";
import { boundsOf, feeCents, roadKey, type Closure, type RoadClass } from "../rules.js";
import { newReference } from "./applicationSubmitter.js";

interface DemoWork {
  title: string;
  road: string;
  from: string;
  to: string;
  roadClass: RoadClass;
  ags: string;
  geometry: RoadGeometry;
  detour: RoadGeometry | null;
  startIn: number;
  days: number;
  closure: Closure;
  lanes: number;
  rsa: string;
}

/** Five made-up road works in the Enzkreis: a county road, a municipal road in Keltern, one in Mühlacker, and an overlapping pair in Niefern-Öschelbronn. */
const WORKS: DemoWork[] = [
  { title: "Fahrbahnerneuerung K 4540 Ötisheim (Demo)", road: "K 4540", from: "", to: "", roadClass: "county", ags: "08236050", geometry: { type: "LineString", coordinates: [[8.79, 48.967], [8.805, 48.962], [8.818, 48.958]] }, detour: { type: "LineString", coordinates: [[8.79, 48.967], [8.8, 48.975], [8.82, 48.97], [8.818, 48.958]] }, startIn: 3, days: 21, closure: "full", lanes: 2, rsa: "C I/4" },
  { title: "Kanalsanierung Hauptstraße Keltern (Demo)", road: "Hauptstraße", from: "12", to: "40", roadClass: "municipal", ags: "08236070", geometry: { type: "LineString", coordinates: [[8.5856, 48.8935], [8.5876, 48.8942]] }, detour: null, startIn: -2, days: 14, closure: "half", lanes: 1, rsa: "B I/2" },
  { title: "Leitungsbau Lienzinger Straße Mühlacker (Demo)", road: "Lienzinger Straße", from: "5", to: "21", roadClass: "municipal", ags: "08236040", geometry: { type: "LineString", coordinates: [[8.851, 48.9505], [8.8545, 48.9512]] }, detour: null, startIn: 7, days: 10, closure: "signals", lanes: 1, rsa: "B II/1" },
  { title: "Glasfaser Schloßstraße Niefern-Öschelbronn (Demo)", road: "Schloßstraße", from: "1", to: "15", roadClass: "municipal", ags: "08236046", geometry: { type: "Point", coordinates: [8.7606, 48.9161] }, detour: null, startIn: 1, days: 12, closure: "footway", lanes: 0, rsa: "B I/1" },
  { title: "Hausanschluss Schloßstraße Niefern-Öschelbronn (Demo)", road: "Schloßstraße", from: "9", to: "11", roadClass: "municipal", ags: "08236046", geometry: { type: "Point", coordinates: [8.7609, 48.9162] }, detour: null, startIn: 5, days: 5, closure: "half", lanes: 1, rsa: "B I/3" },
];

/** Seeds the demo company and the five demo road works as ordered (idempotent by title); returns how many were added. */
export async function seedRoadworksDemo(db: Db, countyKey: string, now = new Date()): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const name = "Enztal Tiefbau GmbH (Demo)";
    const company =
      (await tx.selectFrom("roadworks_companies").select("id").where("name", "=", name).where("is_demo", "=", true).executeTakeFirst()) ??
      (await tx.insertInto("roadworks_companies").values({ name, email: "bau@enztal-tiefbau.example", phone: "07041 000000", status: "approved", is_demo: true, approved_at: now }).returning("id").executeTakeFirstOrThrow());
    const today = berlinDate(now);
    let added = 0;
    for (const w of WORKS) {
      const exists = await tx.selectFrom("roadworks").select("id").where("title", "=", w.title).where("is_demo", "=", true).executeTakeFirst();
      if (exists) continue;
      const authority = await resolveAuthority(tx, countyKey, w.roadClass, w.ags);
      if (!authority) continue;
      const start = addDays(today, w.startIn);
      const end = addDays(start, w.days - 1);
      await tx
        .insertInto("roadworks")
        .values({
          reference: newReference(now),
          company_id: company.id,
          title: w.title,
          road_name: w.road,
          road_key: roadKey(w.road),
          house_from: w.from,
          house_to: w.to,
          road_class: w.roadClass,
          ags: w.ags,
          ars: authority.municipality.ars,
          municipality: authority.municipality.short_name,
          authority_kind: authority.kind,
          authority_name: authority.name,
          authority_unit: authority.unitId,
          geometry: JSON.stringify(w.geometry) as never,
          detour: w.detour ? (JSON.stringify(w.detour) as never) : null,
          ...boundsOf(w.geometry, w.detour),
          start_date: start,
          end_date: end,
          daily_from: "07:00",
          daily_to: "18:00",
          lanes: w.lanes,
          closure: w.closure,
          rsa_plan: w.rsa,
          site_manager: "Bauleitung (Demo)",
          site_phone: "0170 0000000",
          contractor: "Enztal Tiefbau GmbH (Demo)",
          client: authority.name,
          fee_cents: feeCents(w.closure, start, end),
          status: "ordered",
          ordered_at: now,
          is_demo: true,
        })
        .execute();
      added++;
    }
    if (added) await bumpCatalogVersion(tx);
    return added;
  });
}

