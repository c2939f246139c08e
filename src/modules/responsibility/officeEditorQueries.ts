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


/** Org units (id, key, name, kind, parent_id) by their keys, for other modules (appointment locations, payments). */
export function orgUnitsByKeys(db: Db, keys: readonly string[]) {
  return keys.length ? db.selectFrom("org_units").select(["id", "key", "name", "kind", "parent_id"]).where("key", "in", keys).execute() : Promise.resolve([]);
}

/** Every org unit (id, name, kind, key), by kind and name: the administration's and the trainings' unit choices. */
export async function listOrgUnits(db: Db) {
  const rows = await db.selectFrom("org_units").select(["id", "name", "kind", "key"]).execute();
  return rows.sort((a, b) => compareGerman(a.kind, b.kind) || compareGerman(a.name, b.name));
}

/** Org units by ids with their parent's name and address (appointment locations): id → place. */
export async function orgUnitPlaces(db: Db, ids: readonly string[]): Promise<Map<string, { id: string; name: string; kind: string; parentId: string | null; parentName: string | null; street: string | null; postcode: string | null; city: string | null; ars: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("org_units as o")
    .leftJoin("org_units as p", "p.id", "o.parent_id")
    .select(["o.id", "o.name", "o.kind", "o.parent_id", "p.name as parent_name", "o.street", "o.postcode", "o.city", "o.ars"])
    .where("o.id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, kind: r.kind, parentId: r.parent_id, parentName: r.parent_name, street: r.street, postcode: r.postcode, city: r.city, ars: r.ars }]));
}

/** The id of the first county authority by key (the owner of last resort for a case), undefined before the offices are imported. */
export async function firstCountyAuthorityId(db: Db): Promise<string | undefined> {
  return (await db.selectFrom("org_units").select("id").where("kind", "=", "county_authority").orderBy("key").limit(1).executeTakeFirst())?.id;
}

/** The municipal authorities (kind municipal_authority, key gem-<AGS>) of municipalities: AGS → key and name. */
export async function municipalAuthorities(db: Db, ags: readonly string[]): Promise<Map<string, { key: string; name: string }>> {
  const rows = ags.length ? await db.selectFrom("org_units").select(["key", "name"]).where("kind", "=", "municipal_authority").where("key", "in", ags.map((a) => `gem-${a}`)).execute() : [];
  return new Map(rows.map((r) => [r.key.slice(4), { key: r.key, name: r.name }]));
}

/** The same by ids. */
export function orgUnitsByIds(db: Db, ids: readonly string[]) {
  return ids.length ? db.selectFrom("org_units").select(["id", "key", "name", "kind", "parent_id"]).where("id", "in", ids).execute() : Promise.resolve([]);
}

/** The offices editors can choose for an explicit responsibility: the served Kreise's authorities with their departments, and Land offices ("Landratsamt Enzkreis – Führerscheinstelle"). */
export async function officeChoices(db: Db, kreisKeys: readonly string[]): Promise<Array<{ id: string; label: string }>> {
  const groups = await listOffices(db, kreisKeys);
  return groups.flatMap((g) => [{ id: g.id, label: g.name }, ...g.children.map((c) => ({ id: c.id, label: `${g.name} – ${c.name}` }))]);
}
