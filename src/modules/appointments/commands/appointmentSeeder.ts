import { sql } from "kysely";
import type { Db } from "../../../platform/db/index.js";
import { findOfficeRow, officeUpdater, orgUnitsByKeys } from "../../responsibility/index.js";
import { systemContext } from "../../../platform/commands.js";

export interface SeedLocation {
  /** org_unit keys to try in order (the first that exists is used). */
  orgUnitKeys: string[];
  /** Slot grid in minutes (default 15). */
  slotMinutes?: number;
  services: Array<{ leikaKey: string; name: string; duration: number }>;
  counters: Array<{ name: string; hours: Array<[number, string, string]> }>;
  /** The location's address, filled in on its office (through the responsibility module) only while the office has no street. */
  address?: { street: string; postcode: string; city: string };
}

const WEEKDAYS_MORNING = (from: string, to: string): Array<[number, string, string]> => [1, 2, 3, 4, 5].map((d) => [d, from, to]);

/** Demo locations (issue 6): the Führerscheinstelle of the Landratsamt Enzkreis and the Bürgerbüro Mühlacker. */
export const DEMO_LOCATIONS: SeedLocation[] = [
  {
    orgUnitKeys: ["lra-08236-fuehrerschein"],
    services: [
      { leikaKey: "99023001012000", name: "Führerschein Ausstellung", duration: 30 },
      { leikaKey: "99023001036000", name: "Führerschein Ersatz", duration: 20 },
      { leikaKey: "99023001012004", name: "Führerschein Ausstellung International", duration: 15 },
      { leikaKey: "99023001050001", name: "Führerschein Umschreibung ausländischer Führerschein", duration: 30 },
    ],
    counters: [
      { name: "Schalter 1", hours: [...WEEKDAYS_MORNING("08:00", "12:00"), [4, "14:00", "18:00"]] },
      { name: "Schalter 2", hours: [...WEEKDAYS_MORNING("08:00", "12:00"), [2, "13:30", "15:30"]] },
    ],
  },
  {
    orgUnitKeys: ["gem-08236040-buergeramt", "gem-08236040"],
    services: [
      { leikaKey: "99008001012000", name: "Personalausweis Ausstellung", duration: 20 },
      { leikaKey: "99008001012004", name: "Personalausweis Ausstellung neu wegen Ablauf der Gültigkeit", duration: 20 },
    ],
    counters: [{ name: "Platz 1", hours: [...WEEKDAYS_MORNING("08:00", "12:00"), [2, "14:00", "18:00"]] }],
    // Rathaus Mühlacker (Bürgerbüro), published on muehlacker.de (issue 24 item 11).
    address: { street: "Kelterplatz 7", postcode: "75417", city: "Mühlacker" },
  },
];

/** Seeds the demo locations idempotently (existing rows stay as staff edited them). Returns the location keys. */
export async function seedAppointments(db: Db, locations: SeedLocation[] = DEMO_LOCATIONS): Promise<string[]> {
  const keys: string[] = [];
  for (const loc of locations) {
    const unit = await orgUnitsByKeys(db, loc.orgUnitKeys);
    const chosen = loc.orgUnitKeys.map((k) => unit.find((u) => u.key === k)).find(Boolean);
    if (!chosen) continue;
    await db.transaction().execute(async (tx) => {
      await sql`SELECT pg_advisory_xact_lock(7236006)`.execute(tx);
      const existing = await tx.selectFrom("appt_locations").select("key").where("key", "=", chosen.key).executeTakeFirst();
      if (existing) return;
      await tx.insertInto("appt_locations").values({ key: chosen.key, org_unit_id: chosen.id, ...(loc.slotMinutes ? { slot_minutes: loc.slotMinutes } : {}) }).execute();
      await tx.insertInto("appt_services").values(loc.services.map((s) => ({ location_key: chosen.key, leika_key: s.leikaKey, name: s.name, duration_minutes: s.duration }))).execute();
      for (const c of loc.counters) {
        const { id } = await tx.insertInto("appt_counters").values({ location_key: chosen.key, name: c.name }).returning("id").executeTakeFirstOrThrow();
        await tx.insertInto("appt_hours").values(c.hours.map(([weekday, opens, closes]) => ({ counter_id: id, weekday, opens, closes }))).execute();
      }
    });
    if (loc.address) await fillAddress(db, chosen.id, loc.address);
    keys.push(chosen.key);
  }
  return keys;
}

/** Sets the office's street (and postcode/city where missing) once; an address staff entered stays. */
async function fillAddress(db: Db, orgUnitId: string, address: NonNullable<SeedLocation["address"]>): Promise<void> {
  const row = await findOfficeRow(db, orgUnitId);
  if (!row || row.street) return;
  await officeUpdater(systemContext(db), {
    id: row.id,
    expectedUpdatedAt: new Date(row.updated_at).toISOString(),
    contact: {
      building: row.building,
      street: address.street,
      postcode: row.postcode ?? address.postcode,
      city: row.city ?? address.city,
      phone: row.phone,
      email: row.email,
      website: row.website,
      openingHours: row.opening_hours ?? [],
      accessibility: row.accessibility,
    },
  });
}
