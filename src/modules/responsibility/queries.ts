/**
 * Reads of the responsibility finder. Rules and offices are few (hundreds) and change rarely, so
 * every node keeps them in memory and reloads when catalog_version moves; the version is read in
 * the same query as the facts about service and municipality, so a lookup is one round trip.
 */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import type { OfficeRow, RuleRow } from "./db.js";
import { areaTypes, candidateKeys, isCityCounty, levelOfUnitKey, matchingRules, type AreaFacts, type Level, type ServiceFacts } from "./rules.js";
import { compareGerman } from "../../platform/i18n/format.js";
import { AGS, LEIKA_KEY, UUID } from "../../platform/keys.js";

import type { Office, Responsible } from "./types.js";
import { areaNamesSql, municipalityFactsSql } from "../geo/index.js";

export type { Office, Responsible } from "./types.js";

interface Snapshot {
  version: string;
  rules: RuleRow[];
  byKey: Map<string, OfficeRow>;
  byId: Map<string, OfficeRow>;
}

const snapshots = new WeakMap<Db, Snapshot>();
const loading = new WeakMap<Db, { version: string; promise: Promise<Snapshot> }>();

/** Forgets the cached rules and offices of `db` (after an import or edit on this node). */
export function clearResponsibilityCache(db: Db): void {
  snapshots.delete(db);
}

async function loadSnapshot(db: Db, version: string): Promise<Snapshot> {
  const [rules, units] = await Promise.all([
    db
      .selectFrom("responsibility_rules")
      .select(["id", "key", "task_category", "leika_prefix", "area_ars", "area_type", "service_department", "target", "department_key", "org_unit_id", "role", "source", "note", "certainty"])
      .where("active", "=", true)
      .execute() satisfies Promise<RuleRow[]>,
    db
      .selectFrom("org_units")
      .select(["id", "key", "name", "kind", "ars", "parent_id", "street", "postcode", "city", "phone", "email", "website", "opening_hours", "accessibility", "building", "data_source", "data_note", "updated_at"])
      .execute() satisfies Promise<OfficeRow[]>,
  ]);
  const byKey = new Map(units.map((u) => [u.key, u]));
  const byId = new Map(units.map((u) => [u.id, u]));
  return { version, rules, byKey, byId };
}

async function snapshotFor(db: Db, version: string): Promise<Snapshot> {
  const cached = snapshots.get(db);
  if (cached && cached.version === version) return cached;
  // Requests for the same version share one load; a load still running for an older version is not
  // used (it may have read the rows before the edit this request must already see).
  let pending = loading.get(db);
  if (!pending || pending.version !== version) {
    const entry = { version, promise: loadSnapshot(db, version) };
    entry.promise.finally(() => loading.get(db) === entry && loading.delete(db)).catch(() => undefined);
    loading.set(db, entry);
    pending = entry;
  }
  const snap = await pending.promise;
  if (!snapshots.get(db) || BigInt(snapshots.get(db)!.version) <= BigInt(snap.version)) snapshots.set(db, snap);
  return snap;
}

interface FactsRow {
  version: string;
  ars: string;
  ags: string;
  kreis_key: string | null;
  type_code: string | null;
  verband_type: string | null;
  kreis_type: string | null;
  seat_ags: string | null;
  leika_key: string;
  task_category: string | null;
  responsible_department: string | null;
  inherited_from: string | null;
  explicit_unit: string | null;
  explicit_role: string | null;
}

/** Facts about one municipality and several services, plus explicit rows and the catalogue version: one query. */
async function loadFacts(db: Db, leikaKeys: readonly string[], ags: string): Promise<FactsRow[]> {
  // The municipality's facts come from geo's part of the query; the service facts are the catalogue's, recorded here.
  const { rows } = await sql<FactsRow>`
    SELECT (SELECT version::text FROM catalog_version) AS version,
           g.ars, g.ags, g.kreis_key, g.type_code, g.verband_type, g.kreis_type, g.seat_ags,
           s.leika_key,
           coalesce(s.task_category, inh.task_category) AS task_category,
           CASE WHEN s.task_category IS NULL THEN inh.responsible_department ELSE s.responsible_department END AS responsible_department,
           inh.leika_key AS inherited_from,
           x.org_unit_id AS explicit_unit, x.role AS explicit_role
    FROM (${municipalityFactsSql(ags)}) g
    JOIN responsibility_service_facts s ON s.leika_key = ANY(${leikaKeys as string[]}::bpchar[])
    LEFT JOIN LATERAL (
      SELECT r.org_unit_id, r.role FROM responsibilities r
      WHERE r.leika_key = s.leika_key AND g.ars LIKE r.area_ars || '%'
      ORDER BY length(r.area_ars) DESC, (r.role = 'zustaendig') DESC, r.role
      LIMIT 1
    ) x ON true
    -- A service without a task category takes the one of the same service object (LeiKa digits
    -- 1–8): the object's base service first, then the most popular sibling (marked unverified).
    LEFT JOIN LATERAL (
      SELECT s2.leika_key, s2.task_category, s2.responsible_department FROM responsibility_service_facts s2
      WHERE s.task_category IS NULL AND s2.task_category IS NOT NULL
        AND s2.leika_key BETWEEN (substr(s.leika_key, 1, 8) || '000000')::bpchar AND (substr(s.leika_key, 1, 8) || '999999')::bpchar
      ORDER BY (s2.leika_key = (substr(s.leika_key, 1, 8) || '000000')::bpchar) DESC, s2.popularity DESC, s2.leika_key
      LIMIT 1
    ) inh ON true`.execute(db);
  return rows;
}

function presentUnit(u: OfficeRow, snap: Snapshot): Office {
  return {
    id: u.id,
    key: u.key,
    name: u.name,
    kind: u.kind,
    parentName: u.parent_id ? (snap.byId.get(u.parent_id)?.name ?? null) : null,
    parentPhone: u.parent_id ? (snap.byId.get(u.parent_id)?.phone ?? null) : null,
    building: u.building,
    street: u.street,
    postcode: u.postcode,
    city: u.city,
    phone: u.phone,
    email: u.email,
    website: u.website,
    openingHours: Array.isArray(u.opening_hours) ? u.opening_hours : [],
    accessibility: u.accessibility,
    dataNote: u.data_note,
    dataSource: u.data_source,
  };
}

/** A municipality belongs to the portal when its Kreis has its authority here (Landratsamt, or for a city county the city). */
function served(area: AreaFacts, snap: Snapshot): boolean {
  return snap.byKey.has(`lra-${area.kreisKey}`) || (isCityCounty(area) && snap.byKey.has(`gem-${area.ags}`));
}

function resolve(row: FactsRow, snap: Snapshot): Responsible | undefined {
  const area: AreaFacts = {
    ars: row.ars,
    ags: row.ags,
    kreisKey: row.kreis_key ?? row.ags.slice(0, 5),
    types: areaTypes(row.type_code, row.verband_type, row.kreis_type),
    associationSeatAgs: row.seat_ags,
  };
  if (!served(area, snap)) return undefined;
  const inheritedFrom = row.inherited_from?.trim() ?? null;
  const answer = (unit: OfficeRow, r: Omit<Responsible, "office" | "ars" | "areaArs" | "inheritedFrom">): Responsible => ({
    office: presentUnit(unit, snap),
    ars: unit.ars ?? area.ars,
    areaArs: area.ars,
    ...r,
    certainty: inheritedFrom ? "unverified" : r.certainty,
    inheritedFrom,
  });

  if (row.explicit_unit) {
    const unit = snap.byId.get(row.explicit_unit);
    if (unit) return answer(unit, { role: row.explicit_role ?? "zustaendig", ruleSource: "Zuständigkeitseintrag", ruleKey: null, certainty: "verified", level: levelOfUnitKey(unit.key, area) });
  }
  const service: ServiceFacts = { leikaKey: row.leika_key, taskCategory: row.task_category, department: row.responsible_department };
  for (const rule of matchingRules(snap.rules, service, area)) {
    const meta = { role: rule.role, ruleSource: rule.source, ruleKey: rule.key, certainty: rule.certainty };
    if (rule.target === "org_unit") {
      const unit = rule.org_unit_id ? snap.byId.get(rule.org_unit_id) : undefined;
      if (unit) return answer(unit, { ...meta, level: levelOfUnitKey(unit.key, area) });
      continue;
    }
    const { keys, level } = candidateKeys(rule, service, area);
    for (const key of keys) {
      const unit = snap.byKey.get(key);
      if (unit) return answer(unit, { ...meta, level });
    }
    // The rule points at an office that does not exist (yet): the next less specific rule decides.
  }
  return undefined;
}

/** The office responsible for one service (14-digit LeiKa key) in one municipality (8-digit AGS); undefined for unknown keys, unknown or unserved municipalities, or when no rule applies. */
export async function findResponsible(db: Db, leikaKey: string, ags: string): Promise<Responsible | undefined> {
  return (await findResponsibleMany(db, [leikaKey], ags)).get(leikaKey);
}

/** The responsible office for several services in one municipality (for search result lists), keyed by LeiKa key; services without an answer are missing. */
export async function findResponsibleMany(db: Db, leikaKeys: readonly string[], ags: string): Promise<Map<string, Responsible>> {
  const out = new Map<string, Responsible>();
  const keys = [...new Set(leikaKeys.filter((k) => LEIKA_KEY.test(k)))];
  if (keys.length === 0 || !AGS.test(ags)) return out;
  const rows = await loadFacts(db, keys, ags);
  if (rows.length === 0) return out;
  const snap = await snapshotFor(db, rows[0]!.version);
  for (const row of rows) {
    const r = resolve(row, snap);
    if (r) out.set(row.leika_key.trim(), r);
  }
  return out;
}

/** One office by id (public fields) with its departments, or undefined. */
export async function findOffice(db: Db, id: string): Promise<(Office & { children: Office[] }) | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const snap = await currentSnapshot(db);
  const unit = snap.byId.get(id.toLowerCase());
  if (!unit) return undefined;
  const children = [...snap.byId.values()].filter((c) => c.parent_id === unit.id).sort((a, b) => compareGerman(a.name, b.name));
  return { ...presentUnit(unit, snap), children: children.map((c) => presentUnit(c, snap)) };
}

async function currentSnapshot(db: Db): Promise<Snapshot> {
  const version = (await sql<{ version: string }>`SELECT version::text AS version FROM catalog_version`.execute(db)).rows[0]?.version ?? "0";
  return snapshotFor(db, version);
}

/** Offices of the served Kreise (county authorities, departments, municipal authorities, Land offices used by rules), grouped by parent, names sorted. */
export async function listOffices(db: Db, kreisKeys: readonly string[]): Promise<Array<Office & { children: Office[] }>> {
  const snap = await currentSnapshot(db);
  const inKreis = (u: OfficeRow) => u.ars !== null && kreisKeys.some((k) => u.ars!.startsWith(k));
  const roots = [...snap.byId.values()].filter((u) => !u.parent_id && (inKreis(u) || u.kind === "office"));
  const kindOrder = { county_authority: 0, municipal_authority: 1, office: 2, department: 3 } as const;
  return roots
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || compareGerman(a.name, b.name))
    .map((u) => ({
      ...presentUnit(u, snap),
      children: [...snap.byId.values()]
        .filter((c) => c.parent_id === u.id)
        .sort((a, b) => compareGerman(a.name, b.name))
        .map((c) => presentUnit(c, snap)),
    }));
}

/** A rule with the name of its fixed office, for the back-office overview. */
export interface RuleListItem {
  id: string;
  key: string | null;
  taskCategory: string;
  taskCategoryName: string;
  leikaPrefix: string | null;
  areaArs: string | null;
  areaName: string | null;
  areaType: string | null;
  serviceDepartment: string | null;
  target: string;
  departmentKey: string | null;
  orgUnitName: string | null;
  source: string;
  note: string | null;
  certainty: "verified" | "unverified";
  active: boolean;
  /** Staff switched it on/off or wrote the note (the import keeps that). */
  editedByStaff: boolean;
  /** Legal source of the rule's task category (task_categories.legal_source). */
  categorySource: string;
  updatedAt: Date;
}

/** All rules (also switched-off ones), grouped by task category, most general first. */
export async function listRules(db: Db): Promise<RuleListItem[]> {
  const { rows } = await sql<RuleListItem>`
    ${RULE_SELECT}
    ORDER BY array_position(ARRAY['municipal','county','lower_admin_authority','lower_building_authority','state'], r.task_category),
             length(coalesce(r.area_ars, '')), r.area_type NULLS FIRST, r.key NULLS LAST`.execute(db);
  return rows;
}

const RULE_COLUMNS = sql`r.id, r.key, r.task_category AS "taskCategory", c.name AS "taskCategoryName", r.leika_prefix AS "leikaPrefix", r.area_ars AS "areaArs",
           a.name AS "areaName", r.area_type AS "areaType", r.service_department AS "serviceDepartment", r.target, r.department_key AS "departmentKey",
           o.name AS "orgUnitName", r.source, r.note, r.certainty, r.active, r.edited_by_staff AS "editedByStaff",
           c.legal_source AS "categorySource", r.updated_at AS "updatedAt"`;

/** A rule with its category, area and office names (one query shape for the list and the edit page). */
const RULE_SELECT = sql`
    SELECT ${RULE_COLUMNS}
    FROM responsibility_rules r
    JOIN responsibility_task_categories c ON c.key = r.task_category
    LEFT JOIN (${areaNamesSql}) a ON a.ars = r.area_ars
    LEFT JOIN org_units o ON o.id = r.org_unit_id
`;

/** One rule for the edit page, or undefined. */
export async function findRule(db: Db, id: string): Promise<RuleListItem | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await sql<RuleListItem>`
    ${RULE_SELECT}
    WHERE r.id = ${id.toLowerCase()}::uuid`.execute(db);
  return rows[0];
}


/** An explicit Zuständigkeit row (responsibilities) with the names staff need to read it. */
export interface ResponsibilityListItem {
  id: string;
  leikaKey: string;
  serviceName: string;
  areaArs: string;
  areaName: string | null;
  areaLevel: string | null;
  orgUnitId: string;
  orgUnitName: string;
  parentName: string | null;
  role: string;
  createdAt: Date;
}

/** The columns of a ResponsibilityListItem (one query shape for the list and the single row). */
const RESPONSIBILITY_ITEM_SELECT = sql`
    SELECT r.id, trim(r.leika_key) AS "leikaKey", s.name AS "serviceName", r.area_ars AS "areaArs", a.name AS "areaName", a.level AS "areaLevel",
           r.org_unit_id AS "orgUnitId", o.name AS "orgUnitName", p.name AS "parentName", r.role, r.created_at AS "createdAt"
    FROM responsibilities r
    JOIN responsibility_service_facts s ON s.leika_key = r.leika_key
    JOIN org_units o ON o.id = r.org_unit_id
    LEFT JOIN org_units p ON p.id = o.parent_id
    LEFT JOIN (${areaNamesSql}) a ON a.ars = r.area_ars
`;

/**
 * Explicit responsibilities, newest first: all, those of one service (`service` is a LeiKa key,
 * or a part of the service name), and/or those that apply in one municipality (`ars`: its own
 * row, its association's, its Kreis's, its Land's).
 */
export async function listResponsibilities(db: Db, filter: { service?: string; ars?: string } = {}, limit = 500): Promise<ResponsibilityListItem[]> {
  const service = filter.service?.trim() ?? "";
  const byService = service === "" ? sql`true` : LEIKA_KEY.test(service) ? sql`r.leika_key = ${service}::bpchar` : sql`s.name ILIKE ${`%${service.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  const byArea = filter.ars && /^[0-9]{12}$/.test(filter.ars) ? sql`${filter.ars} LIKE r.area_ars || '%'` : sql`true`;
  const { rows } = await sql<ResponsibilityListItem>`
    ${RESPONSIBILITY_ITEM_SELECT}
    WHERE ${byService} AND ${byArea}
    ORDER BY r.created_at DESC, r.leika_key, r.area_ars
    LIMIT ${limit}`.execute(db);
  return rows;
}

/** One explicit responsibility by id, or undefined. */
export async function findResponsibility(db: Db, id: string): Promise<ResponsibilityListItem | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await sql<ResponsibilityListItem>`
    ${RESPONSIBILITY_ITEM_SELECT}
    WHERE r.id = ${id.toLowerCase()}::uuid`.execute(db);
  return rows[0];
}

/** The name of a service by LeiKa key, or undefined. */
export async function serviceName(db: Db, leikaKey: string): Promise<string | undefined> {
  if (!LEIKA_KEY.test(leikaKey)) return undefined;
  const row = await db.selectFrom("responsibility_service_facts").select("name").where("leika_key", "=", leikaKey).executeTakeFirst();
  return row?.name;
}

/** An office as the search indexes it. */
export interface OfficeForSearch {
  id: string;
  key: string;
  name: string;
  kind: string;
  ars: string | null;
  city: string | null;
}

/** Offices (org units) that citizens contact: authorities, departments, offices. */
export async function listOfficesForSearch(db: Db): Promise<OfficeForSearch[]> {
  const res = await sql<OfficeForSearch>`SELECT id, key, name, kind, ars, city FROM org_units ORDER BY key`.execute(db);
  return res.rows;
}
