import { sql } from "kysely";
import type { Db } from "../../../platform/db/index.js";
import { findOfficeRow, officeUpdater, orgUnitsByKeys } from "../../responsibility/index.js";
import { systemContext } from "../../../platform/commands.js";

export interface SeedLocation {
  /** org_unit keys to try in order (the first that exists is used). */
  orgUnitKeys: string[];
  /** Slot grid in minutes (default 15). */
  slotMinutes?: number;
  services: Array<{ leikaKey: string; name: string; duration: number; /** Only this module books it (appt_services.owner_module). */ ownerModule?: string }>;
  counters: Array<{ name: string; hours: Array<[number, string, string]> }>;
  /** The location's address, filled in on its office (through the responsibility module) only while the office has no street. */
  address?: { street: string; postcode: string; city: string };
}

const WEEKDAYS_MORNING = (from: string, to: string): Array<[number, string, string]> => [1, 2, 3, 4, 5].map((d) => [d, from, to]);

const DAYS = (days: number[], from: string, to: string): Array<[number, string, string]> => days.map((d) => [d, from, to]);

/**
 * Demo locations (issue 6; issue 24 item 10): the Führerscheinstelle, the Kfz-Zulassungsstelle and the
 * Ausländerbehörde of the Landratsamt Enzkreis and the Bürgerbüro Mühlacker. Service keys are LeiKa keys
 * of the shipped catalogue (data/catalog/leika.csv). Opening hours are demo values (the Landratsamt's
 * current published hours were not available; see docs/modules/appointments.md).
 */
/** Video identification of the Gesundheitsamt (issue 20): e-learning books it for courses with `"identification": "video"`; only e-learning (owner), not /termine. */
export const VIDEO_IDENTIFICATION = { location: "lra-08236-gesundheit", leikaKey: "99003002022000", owner: "learning" } as const;

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
    // Kfz-Zulassungsstelle, Güterstraße 30, Pforzheim (address from data/offices/08236.json).
    orgUnitKeys: ["lra-08236-zulassung"],
    slotMinutes: 10,
    services: [
      { leikaKey: "99036008007002", name: "Neuzulassung (Fahrzeug erstmals zulassen)", duration: 30 },
      { leikaKey: "99036008007000", name: "Zulassung eines Fahrzeugs (gebraucht, Import und andere Fälle)", duration: 30 },
      { leikaKey: "99036008007001", name: "Umschreibung bei Halterwechsel (Fahrzeug auf neuen Halter zulassen)", duration: 20 },
      { leikaKey: "99036008071000", name: "Ummeldung (Umzug, Adress- oder Namensänderung)", duration: 20 },
      { leikaKey: "99036008007008", name: "Wiederzulassung eines außer Betrieb gesetzten Fahrzeugs", duration: 20 },
      { leikaKey: "99036008070002", name: "Außerbetriebsetzung (Abmeldung)", duration: 10 },
      { leikaKey: "99036009069007", name: "Wunschkennzeichen zuteilen (bei der Zulassung)", duration: 10 },
      { leikaKey: "99036009069006", name: "Saisonkennzeichen", duration: 20 },
      { leikaKey: "99036011036000", name: "Zulassungsbescheinigung Teil I – Ersatz", duration: 20 },
    ],
    counters: [
      { name: "Schalter 1", hours: [...DAYS([1, 2, 3, 4, 5], "07:30", "12:00"), [4, "13:30", "17:30"]] },
      { name: "Schalter 2", hours: [...DAYS([1, 2, 3, 4, 5], "07:30", "12:00"), [4, "13:30", "17:30"]] },
      { name: "Schalter 3", hours: [...DAYS([1, 2, 4, 5], "08:00", "12:00"), [2, "13:30", "15:30"]] },
    ],
  },
  {
    // Ausländerbehörde (closed to the public on Wednesdays, as the Landratsamt's offices were).
    orgUnitKeys: ["lra-08236-auslaender"],
    services: [
      { leikaKey: "99010001020000", name: "Aufenthaltserlaubnis verlängern", duration: 30 },
      { leikaKey: "99010003001000", name: "Niederlassungserlaubnis beantragen", duration: 45 },
      { leikaKey: "99010002005000", name: "Erlaubnis zum Daueraufenthalt-EU beantragen", duration: 45 },
      { leikaKey: "99010014020001", name: "Blaue Karte EU verlängern", duration: 30 },
      { leikaKey: "99010005261000", name: "Verpflichtungserklärung abgeben", duration: 30 },
      { leikaKey: "99099002000000", name: "Einbürgerung – Beratungsgespräch", duration: 45 },
    ],
    counters: [
      { name: "Beratungsplatz 1", hours: [...DAYS([1, 2, 4, 5], "08:00", "12:00"), [4, "14:00", "17:30"]] },
      { name: "Beratungsplatz 2", hours: [...DAYS([1, 2, 4, 5], "08:00", "12:00"), [2, "14:00", "16:00"]] },
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
  // Last, so the counters' own locations keep their order on /termine.
  {
    // Gesundheitsamt: video identification for the online § 43 IfSG instruction (demo hours; held online, no counter visit).
    orgUnitKeys: [VIDEO_IDENTIFICATION.location],
    services: [{ leikaKey: VIDEO_IDENTIFICATION.leikaKey, name: "Video-Identifikation zur Online-Belehrung (§ 43 IfSG)", duration: 15, ownerModule: VIDEO_IDENTIFICATION.owner }],
    counters: [{ name: "Videoplatz 1", hours: DAYS([1, 2, 3, 4, 5], "08:00", "16:00") }],
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
      await tx.insertInto("appt_services").values(loc.services.map((s) => ({ location_key: chosen.key, leika_key: s.leikaKey, name: s.name, duration_minutes: s.duration, owner_module: s.ownerModule ?? null }))).execute();
      // The owner is reserved apart from the service row, so staff removing and re-adding the service keep it (migration 0101).
      const owned = loc.services.filter((s) => s.ownerModule).map((s) => ({ location_key: chosen.key, leika_key: s.leikaKey, owner_module: s.ownerModule! }));
      if (owned.length) await tx.insertInto("appt_service_owners").values(owned).onConflict((oc) => oc.doNothing()).execute();
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
