/** Reads of the pwa module (push settings, waste calendar). */
import type { Db } from "../../platform/db/index.js";
import "./db.js";
import { sortGerman } from "../../platform/i18n/format.js";

export async function pushSettingsOf(db: Db, userId: string): Promise<{ topics: string[]; wasteStreetId: string | null; devices: number }> {
  const [prefs, devices] = await Promise.all([
    db.selectFrom("pwa_push_preferences").select(["topics", "waste_street_id"]).where("user_id", "=", userId).executeTakeFirst(),
    db.selectFrom("pwa_push_subscriptions").select((eb) => eb.fn.countAll<string>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow(),
  ]);
  return { topics: prefs?.topics ?? [], wasteStreetId: prefs?.waste_street_id ?? null, devices: Number(devices.n) };
}

/** Municipalities (AGS) that have a waste calendar. */
export async function wasteMunicipalities(db: Db): Promise<string[]> {
  return (await db.selectFrom("pwa_waste_streets").select("ags").distinct().orderBy("ags").execute()).map((r) => r.ags);
}

export async function wasteStreets(db: Db, ags: string): Promise<Array<{ id: string; street: string; isDemo: boolean }>> {
  const rows = await db.selectFrom("pwa_waste_streets").select(["id", "street", "is_demo"]).where("ags", "=", ags).orderBy("street").execute();
  // German order ("Ölbronner Straße" under O, not after Z): the database collation may be C.
  return sortGerman(rows, (r) => r.street).map((r) => ({ id: r.id, street: r.street, isDemo: r.is_demo }));
}

export async function allWasteStreets(db: Db): Promise<Array<{ id: string; ags: string; street: string }>> {
  return db.selectFrom("pwa_waste_streets").select(["id", "ags", "street"]).orderBy("ags").orderBy("street").execute();
}

export async function wasteStreet(db: Db, id: string): Promise<{ id: string; ags: string; street: string; isDemo: boolean } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const r = await db.selectFrom("pwa_waste_streets").select(["id", "ags", "street", "is_demo"]).where("id", "=", id).executeTakeFirst();
  return r && { id: r.id, ags: r.ags, street: r.street, isDemo: r.is_demo };
}

export async function wasteDates(db: Db, streetId: string, from: string, limit = 60): Promise<Array<{ day: string; fraction: string }>> {
  return db.selectFrom("pwa_waste_dates").select(["day", "fraction"]).where("street_id", "=", streetId).where("day", ">=", from).orderBy("day").orderBy("fraction").limit(limit).execute();
}
