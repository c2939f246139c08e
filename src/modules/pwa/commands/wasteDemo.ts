/**
 * Demo waste calendars (DEMO_DATA=true) for three Enzkreis municipalities: a few streets each with
 * INVENTED dates (rhythms like real ones: residual waste and organic waste fortnightly, paper and yellow
 * bag every four weeks) for the coming twelve weeks from the start day. Marked as demo on every page.
 * Idempotent: a municipality that already has streets is left alone.
 */
import { systemContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { addDays, berlinDate, isoWeekday } from "../../../platform/time/berlin.js";
import type { WasteFraction } from "../db.js";
import type { HouseRange, WasteEntry } from "../wasteFormats.js";
import { wasteImporter } from "./wasteImporter.js";

export const DEMO_WASTE: ReadonlyArray<{ ags: string; name: string; weekday: number; streets: string[] }> = [
  { ags: "08236040", name: "Mühlacker", weekday: 2, streets: ["Bahnhofstraße", "Hindenburgstraße", "Lienzinger Straße", "Stuttgarter Straße"] },
  { ags: "08236070", name: "Keltern", weekday: 3, streets: ["Hauptstraße", "Kirchstraße", "Weinbergstraße"] },
  { ags: "08236043", name: "Neuenbürg", weekday: 4, streets: ["Marktplatz", "Schlossstraße", "Wildbader Straße"] },
];

/** A long street collected by sides (odd numbers on the usual day, even numbers the day after), as real calendars do. */
export const DEMO_SECTIONS: ReadonlyArray<{ ags: string; street: string; houses: HouseRange; shift: number }> = [
  { ags: "08236040", street: "Goethestraße", houses: { from: 1, to: 99, parity: "odd" }, shift: 0 },
  { ags: "08236040", street: "Goethestraße", houses: { from: 2, to: 98, parity: "even" }, shift: 1 },
];

const RHYTHM: ReadonlyArray<{ fraction: WasteFraction; everyWeeks: number; offsetWeeks: number }> = [
  { fraction: "rest", everyWeeks: 2, offsetWeeks: 0 },
  { fraction: "bio", everyWeeks: 2, offsetWeeks: 1 },
  { fraction: "papier", everyWeeks: 4, offsetWeeks: 2 },
  { fraction: "gelb", everyWeeks: 4, offsetWeeks: 3 },
];

/** Invented dates for `street` from `start` on, 12 weeks (the second half of the municipality's streets one day later). */
export function demoDates(start: string, weekday: number, street: string, shift: number, houses?: HouseRange): WasteEntry[] {
  let first = start;
  while (isoWeekday(first) !== weekday) first = addDays(first, 1);
  const out: WasteEntry[] = [];
  for (let week = 0; week < 12; week++) {
    for (const r of RHYTHM) if ((week - r.offsetWeeks) % r.everyWeeks === 0 && week >= r.offsetWeeks) out.push({ street, day: addDays(first, week * 7 + shift), fraction: r.fraction, ...(houses ? { houses } : {}) });
  }
  return out;
}

export async function seedWasteDemo(db: Db, today = berlinDate(new Date())): Promise<number> {
  let seeded = 0;
  for (const m of DEMO_WASTE) {
    const has = await db.selectFrom("pwa_waste_streets").select("id").where("ags", "=", m.ags).executeTakeFirst();
    if (has) continue;
    const entries = [
      ...m.streets.flatMap((s, i) => demoDates(today, m.weekday, s, i >= m.streets.length / 2 ? 1 : 0)),
      ...DEMO_SECTIONS.filter((d) => d.ags === m.ags).flatMap((d) => demoDates(today, m.weekday, d.street, d.shift, d.houses)),
    ];
    await wasteImporter(systemContext(db), { ags: m.ags, entries, demo: true, source: "demo" });
    seeded++;
  }
  return seeded;
}
