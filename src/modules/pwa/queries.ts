/** Reads of the pwa module (push settings, waste calendar). */
import type { Db } from "../../platform/db/index.js";
import "./db.js";
import { sortGerman } from "../../platform/i18n/format.js";
import type { HouseRange } from "./wasteFormats.js";

export async function pushSettingsOf(db: Db, userId: string): Promise<{ topics: string[]; wasteStreetId: string | null; wasteHouseNumber: string | null; devices: number }> {
  const [prefs, devices] = await Promise.all([
    db.selectFrom("pwa_push_preferences").select(["topics", "waste_street_id", "waste_house_number"]).where("user_id", "=", userId).executeTakeFirst(),
    db.selectFrom("pwa_push_subscriptions").select((eb) => eb.fn.countAll<string>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow(),
  ]);
  return { topics: prefs?.topics ?? [], wasteStreetId: prefs?.waste_street_id ?? null, wasteHouseNumber: prefs?.waste_house_number ?? null, devices: Number(devices.n) };
}

/** Municipalities (AGS) that have a waste calendar. */
export async function wasteMunicipalities(db: Db): Promise<string[]> {
  return (await db.selectFrom("pwa_waste_streets").select("ags").distinct().orderBy("ags").execute()).map((r) => r.ags);
}

/** A street of the waste calendar, or one section of it (`houses`). */
export interface WasteStreet {
  id: string;
  ags: string;
  street: string;
  houses?: HouseRange;
  isDemo: boolean;
}

const toStreet = (r: { id: string; ags: string; street: string; is_demo: boolean; house_from: number | null; house_to: number | null; parity: "odd" | "even" | null }): WasteStreet => {
  const houses: HouseRange = {};
  if (r.house_from !== null) houses.from = r.house_from;
  if (r.house_to !== null) houses.to = r.house_to;
  if (r.parity !== null) houses.parity = r.parity;
  return { id: r.id, ags: r.ags, street: r.street, isDemo: r.is_demo, ...(Object.keys(houses).length ? { houses } : {}) };
};
const STREET_COLUMNS = ["id", "ags", "street", "is_demo", "house_from", "house_to", "parity"] as const;

/** The streets (and sections, by their first house number) of a municipality, in German order. */
export async function wasteStreets(db: Db, ags: string): Promise<WasteStreet[]> {
  const rows = (await db.selectFrom("pwa_waste_streets").select(STREET_COLUMNS).where("ags", "=", ags).execute()).map(toStreet);
  // German order ("Ölbronner Straße" under O, not after Z): the database collation may be C.
  return sortGerman(rows, (r) => `${r.street}\u0000${String(r.houses?.from ?? 0).padStart(6, "0")}${r.houses?.parity ?? ""}`);
}

export async function allWasteStreets(db: Db): Promise<WasteStreet[]> {
  return (await db.selectFrom("pwa_waste_streets").select(STREET_COLUMNS).orderBy("ags").orderBy("street").orderBy("house_from").execute()).map(toStreet);
}

export async function wasteStreet(db: Db, id: string): Promise<WasteStreet | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.selectFrom("pwa_waste_streets").select(STREET_COLUMNS).where("id", "=", id).executeTakeFirst();
  return r && toStreet(r);
}

export async function wasteDates(db: Db, streetId: string, from: string, limit = 60): Promise<Array<{ day: string; fraction: string }>> {
  return db.selectFrom("pwa_waste_dates").select(["day", "fraction"]).where("street_id", "=", streetId).where("day", ">=", from).orderBy("day").orderBy("fraction").limit(limit).execute();
}
