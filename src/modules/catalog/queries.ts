import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { readCatalogVersion } from "../../platform/db/catalogVersion.js";
import { compareGerman } from "../../platform/i18n/format.js";

/** A service with its classification (topic, life situation, OZG service, task category). */
export function serviceQuery(db: Db) {
  return db
    .selectFrom("services as s")
    .leftJoin("ozg_services as o", "o.ozg_id", "s.ozg_id")
    .leftJoin("ozg_life_situations as l", "l.id", "o.life_situation_id")
    .leftJoin("ozg_topics as tp", "tp.id", "l.topic_id")
    .leftJoin("task_categories as tc", "tc.key", "s.task_category")
    .selectAll("s")
    .select(["o.name as ozg_name", "l.id as life_situation_id", "l.name as life_situation_name", "tp.id as topic_id", "tp.name as topic_name", "tc.name as task_category_name"]);
}

export type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceQuery>["execute"]>>[number];

/** Every service with its content and classification, ordered by LeiKa key. */
export function listServicesForExchange(db: Db): Promise<ServiceRow[]> {
  return serviceQuery(db).orderBy("s.leika_key").execute();
}

/** One service by its LeiKa key, or undefined. */
export function findService(db: Db, leikaKey: string): Promise<ServiceRow | undefined> {
  return serviceQuery(db).where("s.leika_key", "=", leikaKey).executeTakeFirst();
}

/** OZG topics with their life situations and the number of services (and of services with content). */
export async function listTopics(db: Db) {
  const rows = await db
    .selectFrom("ozg_topics as tp")
    .innerJoin("ozg_life_situations as l", "l.topic_id", "tp.id")
    .leftJoin("ozg_services as o", "o.life_situation_id", "l.id")
    .leftJoin("services as s", "s.ozg_id", "o.ozg_id")
    .select(["tp.id as topic_id", "tp.name as topic_name", "l.id as id", "l.name as name"])
    .select((eb) => [eb.fn.count<string>("s.leika_key").as("services"), sql<string>`count(*) FILTER (WHERE s.has_content)`.as("with_content")])
    .groupBy(["tp.id", "tp.name", "l.id", "l.name"])
    .execute();
  const topics = new Map<number, { id: number; name: string; lifeSituations: Array<{ id: number; name: string; services: number; withContent: number }> }>();
  for (const r of rows) {
    let t = topics.get(r.topic_id);
    if (!t) topics.set(r.topic_id, (t = { id: r.topic_id, name: r.topic_name, lifeSituations: [] }));
    t.lifeSituations.push({ id: r.id, name: r.name, services: Number(r.services), withContent: Number(r.with_content) });
  }
  const list = [...topics.values()].sort((a, b) => compareGerman(a.name, b.name));
  for (const t of list) t.lifeSituations.sort((a, b) => compareGerman(a.name, b.name));
  return list;
}

/** Life situations by their OZG names (the front door's curated entry points), in the order asked. */
export async function findLifeSituationsByName(db: Db, names: readonly string[]): Promise<Array<{ id: number; name: string }>> {
  if (!names.length) return [];
  const rows = await db.selectFrom("ozg_life_situations").select(["id", "name"]).where("name", "in", [...names]).execute();
  return names.flatMap((n) => rows.filter((r) => r.name === n));
}

/** A life situation with its topic. */
export function findLifeSituation(db: Db, id: number) {
  return db
    .selectFrom("ozg_life_situations as l")
    .innerJoin("ozg_topics as tp", "tp.id", "l.topic_id")
    .select(["l.id", "l.name", "tp.id as topic_id", "tp.name as topic_name"])
    .where("l.id", "=", id)
    .executeTakeFirst();
}

export interface ServiceListItem {
  leika_key: string;
  name: string;
  short_text: string | null;
  has_content: boolean;
  popularity: number;
  ozg_name: string | null;
}

/** Services of a life situation: with content first (by popularity), then the rest by name. */
export function listServicesOfLifeSituation(db: Db, lifeSituationId: number, opts: { onlyWithContent?: boolean } = {}): Promise<ServiceListItem[]> {
  let q = db
    .selectFrom("services as s")
    .innerJoin("ozg_services as o", "o.ozg_id", "s.ozg_id")
    .select(["s.leika_key", "s.name", "s.short_text", "s.has_content", "s.popularity", "o.name as ozg_name"])
    .where("o.life_situation_id", "=", lifeSituationId);
  if (opts.onlyWithContent) q = q.where("s.has_content", "=", true);
  return q.orderBy("s.has_content", "desc").orderBy("s.popularity", "desc").orderBy("s.name").execute();
}

/** A–Z list of the services with content. */
export function listServicesWithContent(db: Db): Promise<ServiceListItem[]> {
  return db
    .selectFrom("services as s")
    .leftJoin("ozg_services as o", "o.ozg_id", "s.ozg_id")
    .select(["s.leika_key", "s.name", "s.short_text", "s.has_content", "s.popularity", "o.name as ozg_name"])
    .where("s.has_content", "=", true)
    .orderBy("s.name")
    .execute();
}

/** The most popular services with content (start pages). */
export function listPopularServices(db: Db, limit = 12): Promise<ServiceListItem[]> {
  return db
    .selectFrom("services as s")
    .leftJoin("ozg_services as o", "o.ozg_id", "s.ozg_id")
    .select(["s.leika_key", "s.name", "s.short_text", "s.has_content", "s.popularity", "o.name as ozg_name"])
    .where("s.has_content", "=", true)
    .orderBy("s.popularity", "desc")
    .orderBy("s.name")
    .limit(limit)
    .execute();
}

/** Editors' list: filter by name or key fragment, services with content first. */
export async function searchServicesForEditors(db: Db, opts: { q?: string; onlyWithContent?: boolean; limit?: number; offset?: number }) {
  let q = db.selectFrom("services as s").select(["s.leika_key", "s.name", "s.has_content", "s.version", "s.updated_at", "s.task_category", "s.popularity"]);
  const term = (opts.q ?? "").trim();
  if (/^\d{3,14}$/.test(term)) q = q.where("s.leika_key", "like", `${term}%`);
  else if (term) q = q.where((eb) => eb.or([eb("s.name", "ilike", `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`), eb(sql<string>`array_to_string(s.search_terms, ' ')`, "ilike", `%${term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`)]));
  if (opts.onlyWithContent) q = q.where("s.has_content", "=", true);
  const total = await q.clearSelect().select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  const rows = await q
    .orderBy("s.has_content", "desc")
    .orderBy("s.popularity", "desc")
    .orderBy("s.name")
    .limit(opts.limit ?? 50)
    .offset(opts.offset ?? 0)
    .execute();
  return { total: Number(total.n), rows };
}

/** The catalogue's change counter (search nodes poll it). */
export async function catalogVersion(db: Db): Promise<string> {
  return readCatalogVersion(db);
}

/** A service as the search indexes it (with its OZG names). */
export interface SearchableService {
  leika_key: string;
  name: string;
  service_object: string | null;
  activity: string | null;
  activity_detail: string | null;
  short_text: string | null;
  fees: string | null;
  online_service: { url?: string } | null;
  forms: Array<{ title: string; url: string }>;
  search_terms: string[];
  has_content: boolean;
  popularity: number;
  ozg_name: string | null;
  life_situation: string | null;
  topic: string | null;
}

/**
 * All services valid in the served area (no area of validity, or one that overlaps a served Kreis)
 * with their OZG service, life situation and topic names.
 */
export async function loadSearchableServices(db: Db, kreisKeys: string[] = []): Promise<SearchableService[]> {
  const res = await sql<SearchableService>`
    SELECT s.leika_key, s.name, s.service_object, s.activity, s.activity_detail, s.short_text, s.fees, s.online_service, s.forms,
           s.search_terms, s.has_content, s.popularity, o.name AS ozg_name, l.name AS life_situation, t.name AS topic
    FROM services s
    LEFT JOIN ozg_services o ON o.ozg_id = s.ozg_id
    LEFT JOIN ozg_life_situations l ON l.id = o.life_situation_id
    LEFT JOIN ozg_topics t ON t.id = l.topic_id
    WHERE s.validity_ars IS NULL OR ${kreisKeys.length === 0}
       OR EXISTS (SELECT 1 FROM unnest(${kreisKeys}::text[]) k WHERE k LIKE s.validity_ars || '%' OR s.validity_ars LIKE k || '%')
    ORDER BY s.leika_key`.execute(db);
  return res.rows;
}

export interface LifeSituationRow {
  id: number;
  name: string;
  topic: string;
}

/** OZG life situations with their topic, for the start page of the search. */
export async function listLifeSituations(db: Db): Promise<LifeSituationRow[]> {
  const res = await sql<LifeSituationRow>`
    SELECT l.id, l.name, t.name AS topic FROM ozg_life_situations l JOIN ozg_topics t ON t.id = l.topic_id ORDER BY t.name, l.name`.execute(db);
  return res.rows;
}

/** The names of services by LeiKa key (other modules through the app's `serviceNames` service): key → name. */
export async function serviceNames(db: Db, leikaKeys: readonly string[]): Promise<Map<string, string>> {
  if (leikaKeys.length === 0) return new Map();
  const rows = await db.selectFrom("services").select(["leika_key", "name"]).where("leika_key", "in", leikaKeys).execute();
  return new Map(rows.map((r) => [r.leika_key.trim(), r.name]));
}
