import type { Db } from "../../platform/db/index.js";
import { compareGerman } from "../../platform/i18n/format.js";
import { listOffices } from "./queries.js";

const KIND_ORDER: Record<string, number> = { county_authority: 0, department: 1, municipal_authority: 2, office: 3 };

/** Offices and departments with their contact data, for editors: by kind, then in German order ("Gemeinde Kämpfelbach" before "Gemeinde Keltern"; SQL ORDER BY would follow the database's C collation). */
export async function listOfficesForEditors(db: Db, opts: { q?: string } = {}) {
  let q = db.selectFrom("org_units").select(["id", "key", "name", "kind", "city", "phone", "email", "updated_at"]);
  const term = (opts.q ?? "").trim();
  if (term) q = q.where((eb) => eb.or([eb("name", "ilike", `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`), eb("key", "ilike", `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)]));
  const rows = await q.orderBy("kind").orderBy("name").limit(300).execute();
  return rows.sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || compareGerman(a.name, b.name));
}

/** One org unit row with its contact data, for the editors' form. */
export function findOfficeRow(db: Db, id: string) {
  return db.selectFrom("org_units").selectAll().where("id", "=", id).executeTakeFirst();
}


/** Org units (id, key, name, kind) by their keys, for other modules (appointment locations, payments). */
export function orgUnitsByKeys(db: Db, keys: readonly string[]) {
  return keys.length ? db.selectFrom("org_units").select(["id", "key", "name", "kind"]).where("key", "in", keys).execute() : Promise.resolve([]);
}

/** The same by ids. */
export function orgUnitsByIds(db: Db, ids: readonly string[]) {
  return ids.length ? db.selectFrom("org_units").select(["id", "key", "name", "kind"]).where("id", "in", ids).execute() : Promise.resolve([]);
}

/** The offices editors can choose for an explicit responsibility: the served Kreise's authorities with their departments, and Land offices ("Landratsamt Enzkreis – Führerscheinstelle"). */
export async function officeChoices(db: Db, kreisKeys: readonly string[]): Promise<Array<{ id: string; label: string }>> {
  const groups = await listOffices(db, kreisKeys);
  return groups.flatMap((g) => [{ id: g.id, label: g.name }, ...g.children.map((c) => ({ id: c.id, label: `${g.name} – ${c.name}` }))]);
}
