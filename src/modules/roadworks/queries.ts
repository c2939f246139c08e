import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { conflictReason, degreesFor, type ConflictReason, type ConflictSubject } from "./rules.js";
import type { RoadworksTables } from "./db.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import "./db.js";

export type RoadworkRow = Omit<RoadworksTables["roadworks"], "ordered_by" | "order_signed_by" | "order_signed_unit" | "inside_town"> & { id: string; status: "submitted" | "coordination" | "ordered" | "refused"; house_from: string; house_to: string; daily_from: string; daily_to: string; is_demo: boolean; submitted_at: Date; ordered_by: string | null; order_signed_by: string; order_signed_unit: string; inside_town: boolean | null };
export type ConsentRow = Awaited<ReturnType<typeof consentsOf>>[number];
export type CompanyRow = Awaited<ReturnType<typeof findCompany>> & object;

export function findCompany(db: Db, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("roadworks_companies").selectAll().where("id", "=", id).executeTakeFirst();
}

export function listCompanies(db: Db) {
  return db.selectFrom("roadworks_companies").selectAll().orderBy("status", "desc").orderBy("name").execute();
}

/** The companies an account acts for (any status). */
export function companiesOfMember(db: Db, userId: string) {
  return db
    .selectFrom("roadworks_companies as c")
    .innerJoin("roadworks_company_members as m", "m.company_id", "c.id")
    .selectAll("c")
    .where("m.user_id", "=", userId)
    .orderBy("c.name")
    .execute();
}

export function membersOf(db: Db, companyId: string) {
  return db.selectFrom("roadworks_company_members").select(["user_id", "added_at"]).where("company_id", "=", companyId).orderBy("added_at").execute();
}

export async function findRoadwork(db: Db, id: string): Promise<RoadworkRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return (await db.selectFrom("roadworks").selectAll().where("id", "=", id).executeTakeFirst()) as RoadworkRow | undefined;
}

export async function roadworksOfCompanies(db: Db, companyIds: string[]): Promise<RoadworkRow[]> {
  if (companyIds.length === 0) return [];
  return (await db.selectFrom("roadworks").selectAll().where("company_id", "in", companyIds).orderBy("submitted_at", "desc").limit(200).execute()) as RoadworkRow[];
}

/** The latest applications of the given authority units ("all" for administrators). */
export async function listForStaff(db: Db, units: readonly string[] | "all"): Promise<RoadworkRow[]> {
  if (units !== "all" && units.length === 0) return [];
  let q = db.selectFrom("roadworks").selectAll();
  if (units !== "all") q = q.where("authority_unit", "in", units);
  return (await q.orderBy("submitted_at", "desc").limit(500).execute()) as RoadworkRow[];
}

/** Published (ordered) road works, optionally in one municipality and touching [from, to]; ordered by start. */
export async function listPublished(db: Db, f: { ags?: string; from?: string; to?: string; limit?: number }): Promise<RoadworkRow[]> {
  let q = db.selectFrom("roadworks").selectAll().where("status", "=", "ordered");
  if (f.ags) q = q.where("ags", "=", f.ags);
  if (f.from) q = q.where("end_date", ">=", f.from);
  if (f.to) q = q.where("start_date", "<=", f.to);
  return (await q.orderBy("start_date").orderBy("id").limit(f.limit ?? 20_000).execute()) as RoadworkRow[];
}

export function consentsOf(db: Db, roadworkId: string) {
  return db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", roadworkId).orderBy("party").execute();
}

export const subjectOf = (r: RoadworkRow): ConflictSubject => ({ id: r.id, ags: r.ags, roadKey: r.road_key, start: r.start_date, end: r.end_date, geometry: r.geometry, detour: r.detour });

type Bounds = { min_lon: number; min_lat: number; max_lon: number; max_lat: number };

/**
 * The SQL pre-filter of a conflict check, for road works and known events alike (both tables have these columns):
 * the same road of the municipality, or bounding boxes within `d` degrees.
 */
const sameRoadOrNear = (s: ConflictSubject & { bounds: Bounds }, d: number) =>
  sql<boolean>`((ags = ${s.ags} AND road_key = ${s.roadKey}) OR (min_lon <= ${s.bounds.max_lon + d} AND max_lon >= ${s.bounds.min_lon - d} AND min_lat <= ${s.bounds.max_lat + d} AND max_lat >= ${s.bounds.min_lat - d}))`;

export interface Conflict {
  other: RoadworkRow;
  reason: ConflictReason;
}

/**
 * Other road works (submitted, in coordination or ordered) that overlap in time and lie on the same road of the
 * municipality or within `meters` of the site or detour. A bounding-box pre-filter in SQL, the exact test with turf.
 */
export async function findConflicts(db: Db, s: ConflictSubject & { bounds: Bounds }, meters: number): Promise<Conflict[]> {
  const d = degreesFor(meters) * 1.5;
  const rows = (await db
    .selectFrom("roadworks")
    .selectAll()
    .where("status", "!=", "refused")
    .where("start_date", "<=", s.end)
    .where("end_date", ">=", s.start)
    .where(sameRoadOrNear(s, d))
    .orderBy("start_date")
    .limit(50)
    .execute()) as RoadworkRow[];
  const out: Conflict[] = [];
  for (const r of rows) {
    const reason = conflictReason(s, subjectOf(r), meters);
    if (reason) out.push({ other: r, reason });
  }
  return out;
}

/**
 * The GeoJSON feed's features as one JSON array text, built by PostgreSQL (10,000 works in one query, no
 * row objects in Node): the same filters and order as listPublished; the shape is routes.RoadworksCollection.
 */
export async function publishedFeaturesJson(db: Db, f: { ags?: string; from?: string; to?: string }, publicUrl: string): Promise<string> {
  let q = db.selectFrom("roadworks").where("status", "=", "ordered");
  if (f.ags) q = q.where("ags", "=", f.ags);
  if (f.from) q = q.where("end_date", ">=", f.from);
  if (f.to) q = q.where("start_date", "<=", f.to);
  const row = await q
    .select(
      sql<string>`coalesce(json_agg(json_build_object('type', 'Feature', 'id', id, 'geometry', geometry, 'properties', json_build_object(
        'id', id, 'title', title, 'municipality', municipality, 'ags', ags, 'start', start_date, 'end', end_date, 'closure', closure,
        'detour', detour, 'road', road_name, 'dailyFrom', daily_from, 'dailyTo', daily_to, 'url', ${publicUrl + "/baustellen/"} || id)) ORDER BY start_date, id), '[]')::text`.as("features"),
    )
    .executeTakeFirstOrThrow();
  return row.features;
}

/** Open municipality consents of works in coordination in these municipalities (the municipality's own staff answer them signed in). */
export async function openMunicipalityConsents(db: Db, ags: readonly string[]) {
  if (ags.length === 0) return [];
  return db
    .selectFrom("roadworks_consents as c")
    .innerJoin("roadworks as r", "r.id", "c.roadwork_id")
    .select(["r.id", "r.reference", "r.title", "r.municipality", "r.road_name", "r.house_from", "r.house_to", "c.due_on"])
    .where("c.party", "=", "municipality")
    .where("c.answer", "is", null)
    .where("r.status", "=", "coordination")
    .where("r.ags", "in", ags)
    .orderBy("c.due_on")
    .limit(200)
    .execute();
}
/** Open change rounds (extension, changed end or area) in which the given municipalities are asked and have not answered. */
export async function openMunicipalityChangeConsents(db: Db, ags: readonly string[]) {
  if (ags.length === 0) return [];
  return db
    .selectFrom("roadworks_extension_consents as c")
    .innerJoin("roadworks_extensions as e", "e.id", "c.extension_id")
    .innerJoin("roadworks as r", "r.id", "e.roadwork_id")
    .select(["r.id", "r.reference", "r.title", "r.municipality", "r.road_name", "r.house_from", "r.house_to", "c.due_on"])
    .where("c.party", "=", "municipality")
    .where("c.answer", "is", null)
    .where("e.status", "=", "consultation")
    .where("r.status", "=", "ordered")
    .where("r.ags", "in", ags)
    .orderBy("c.due_on")
    .limit(200)
    .execute();
}
/** An open consent of the municipality: of the first round or (`change`) of a change round. */
export type OpenMunicipalityConsent = Awaited<ReturnType<typeof openMunicipalityConsents>>[number] & { change?: boolean };

/** The refusal notice of a work as issued (reasons, PDF), if any. */
export function refusalOf(db: Db, roadworkId: string) {
  return db.selectFrom("roadworks_refusals").selectAll().where("roadwork_id", "=", roadworkId).executeTakeFirst();
}

/** The police station and bus operator configured for a municipality (migration 0050). */
export async function partyContactsFor(db: Db, ags: string): Promise<Partial<Record<"police" | "bus", { name: string; email: string }>>> {
  const rows = await db.selectFrom("roadworks_party_contacts").select(["party", "name", "email"]).where("ags", "=", ags).execute();
  return Object.fromEntries(rows.map((r) => [r.party, { name: r.name, email: r.email }]));
}

/** Every configured contact, for the staff overview. */
export function listPartyContacts(db: Db) {
  return db.selectFrom("roadworks_party_contacts").select(["ags", "party", "name", "email", "is_demo", "updated_at"]).orderBy("ags").orderBy("party").execute();
}
export type PartyContactRow = Awaited<ReturnType<typeof listPartyContacts>>[number];

/** The refusal fees of the given works (id → fee, paid), for the company's list. */
export async function refusalFeesOf(db: Db, roadworkIds: readonly string[]): Promise<Map<string, { fee_cents: number; paid_at: Date | null }>> {
  if (roadworkIds.length === 0) return new Map();
  const rows = await db.selectFrom("roadworks_refusals").select(["roadwork_id", "fee_cents", "paid_at"]).where("roadwork_id", "in", roadworkIds).execute();
  return new Map(rows.map((r) => [r.roadwork_id, { fee_cents: r.fee_cents, paid_at: r.paid_at }]));
}

/**
 * The authority's open steps for the staff inbox: applications waiting for the parties to be asked, and works in
 * coordination whose parties have all answered (order or refuse). Only works of the given authority units.
 */
export function authorityTasks(db: Db, unitIds: readonly string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("roadworks as r")
    .select(["r.id", "r.reference", "r.title", "r.status", "r.start_date"])
    .where("r.authority_unit", "in", unitIds)
    .where((eb) =>
      eb.or([
        eb("r.status", "=", "submitted"),
        eb.and([eb("r.status", "=", "coordination"), eb.not(eb.exists(eb.selectFrom("roadworks_consents as c").select("c.party").whereRef("c.roadwork_id", "=", "r.id").where("c.answer", "is", null)))]),
      ]),
    )
    .orderBy("r.start_date")
    .limit(100)
    .execute();
}

/** The special-use permit asked with an application (migration 0061), if any. */
export function specialUseOf(db: Db, roadworkId: string) {
  return db.selectFrom("roadworks_special_uses").selectAll().where("roadwork_id", "=", roadworkId).executeTakeFirst();
}
export type SpecialUseRow = Awaited<ReturnType<typeof specialUseOf>> & object;

/** The special-use permits of these applications without their PDFs (lists). */
export async function specialUsesOf(db: Db, roadworkIds: readonly string[]): Promise<Map<string, Omit<SpecialUseRow, "pdf">>> {
  if (roadworkIds.length === 0) return new Map();
  const rows = await db.selectFrom("roadworks_special_uses").select(["roadwork_id", "purpose", "area_m2", "status", "fee_cents", "decision_text", "decided_at", "decided_by", "signed_by", "paid_at"]).where("roadwork_id", "in", roadworkIds).execute();
  return new Map(rows.map((r) => [r.roadwork_id, r]));
}

/** The extensions and changes of a work, newest first, with the answers of the open round (migration 0061). */
export async function extensionsOf(db: Db, roadworkId: string) {
  const rows = await db.selectFrom("roadworks_extensions").select(["id", "kind", "old_end", "new_end", "new_geometry", "reason", "status", "requested_at", "decided_at", "conflicts", "signed_by", "signed_unit"]).where("roadwork_id", "=", roadworkId).orderBy("requested_at", "desc").limit(50).execute();
  const open = rows.find((r) => r.status === "consultation");
  const consents = open ? await db.selectFrom("roadworks_extension_consents").selectAll().where("extension_id", "=", open.id).orderBy("party").execute() : [];
  return { open, consents, past: rows.filter((r) => r.status !== "consultation") };
}
/** A granted change round with its answers, for the change notice (Änderungsbescheid); undefined unless granted. */
export async function grantedChangeOf(db: Db, roadworkId: string, extensionId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(extensionId)) return undefined;
  const ext = await db.selectFrom("roadworks_extensions").select(["id", "kind", "old_end", "new_end", "old_geometry", "new_geometry", "reason", "decided_at", "signed_by", "signed_unit"]).where("id", "=", extensionId).where("roadwork_id", "=", roadworkId).where("status", "=", "granted").executeTakeFirst();
  if (!ext?.decided_at) return undefined;
  const answers = await db.selectFrom("roadworks_extension_consents").select(["party", "answer", "text"]).where("extension_id", "=", ext.id).orderBy("party").execute();
  return { ...ext, decided_at: ext.decided_at, answers };
}

/** The granted change rounds and early ends of the given works (id, kind and decision day), oldest first: their notices. */
export async function grantedChangesOf(db: Db, roadworkIds: readonly string[]): Promise<Map<string, { id: string; kind: "round" | "early_end"; decided_at: Date | null }[]>> {
  const out = new Map<string, { id: string; kind: "round" | "early_end"; decided_at: Date | null }[]>();
  if (roadworkIds.length === 0) return out;
  const rows = await db.selectFrom("roadworks_extensions").select(["id", "roadwork_id", "kind", "decided_at"]).where("roadwork_id", "in", roadworkIds).where("status", "=", "granted").orderBy("decided_at").execute();
  for (const r of rows) out.set(r.roadwork_id, [...(out.get(r.roadwork_id) ?? []), { id: r.id, kind: r.kind, decided_at: r.decided_at }]);
  return out;
}
export type ExtensionsOf = Awaited<ReturnType<typeof extensionsOf>>;

export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];
export interface EventConflict {
  event: EventRow;
  reason: ConflictReason;
}

/** Known events that have not ended (staff page), by start. */
export function listEvents(db: Db, from: string) {
  return db.selectFrom("roadworks_events").selectAll().where("end_date", ">=", from).orderBy("start_date").orderBy("name").limit(500).execute();
}

/** Known events overlapping in time on the same road of the municipality or within `meters` of the site or detour. */
export async function findEventConflicts(db: Db, s: ConflictSubject & { bounds: Bounds }, meters: number): Promise<EventConflict[]> {
  const d = degreesFor(meters) * 1.5;
  const rows = await db
    .selectFrom("roadworks_events")
    .selectAll()
    .where("start_date", "<=", s.end)
    .where("end_date", ">=", s.start)
    .where(sameRoadOrNear(s, d))
    .orderBy("start_date")
    .limit(50)
    .execute();
  const out: EventConflict[] = [];
  for (const e of rows) {
    const reason = conflictReason({ ...s, id: undefined }, { ags: e.ags, roadKey: e.road_key, start: e.start_date, end: e.end_date, geometry: e.geometry, detour: null }, meters);
    if (reason) out.push({ event: e, reason });
  }
  return out;
}

/**
 * More open steps of the authority (ADR 0065): special-use permits to decide (the application not refused) and
 * extension rounds whose parties have all answered. Only works of the given authority units.
 */
export async function decisionTasks(db: Db, unitIds: readonly string[]) {
  if (unitIds.length === 0) return { specialUses: [], extensions: [] };
  const [specialUses, extensions] = await Promise.all([
    db
      .selectFrom("roadworks_special_uses as s")
      .innerJoin("roadworks as r", "r.id", "s.roadwork_id")
      .select(["r.id", "r.reference", "r.title"])
      .where("s.status", "=", "pending")
      .where("r.status", "!=", "refused")
      .where("r.authority_unit", "in", unitIds)
      .orderBy("r.start_date")
      .limit(100)
      .execute(),
    db
      .selectFrom("roadworks_extensions as e")
      .innerJoin("roadworks as r", "r.id", "e.roadwork_id")
      .select(["r.id", "r.reference", "r.title"])
      .where("e.status", "=", "consultation")
      .where("r.authority_unit", "in", unitIds)
      .where((eb) => eb.not(eb.exists(eb.selectFrom("roadworks_extension_consents as c").select("c.party").whereRef("c.extension_id", "=", "e.id").where("c.answer", "is", null))))
      .orderBy("r.start_date")
      .limit(100)
      .execute(),
  ]);
  return { specialUses, extensions };
}

/**
 * Who signs a notice (migration 0090): the staff member's name and function – the name of the org unit through which
 * the account acts for the work's authority, else of its first org unit ("" for an account without one).
 */
export async function signerOf(db: Db, user: { displayName: string; email: string; orgUnitIds?: readonly string[] } | undefined, authorityUnit: string | null): Promise<{ name: string; unit: string }> {
  if (!user) return { name: "–", unit: "" };
  const units = await orgUnitsByIds(db, user.orgUnitIds ?? []);
  const unit = units.find((u) => u.id === authorityUnit) ?? [...units].sort((a, b) => a.name.localeCompare(b.name))[0];
  return { name: (user.displayName || user.email).slice(0, 200), unit: (unit?.name ?? "").slice(0, 300) };
}

/** The keys of the account's org units, for the policies (none for citizens and without login). */
export async function unitKeysOf(db: Db, user: { kind: "citizen" | "staff"; orgUnitIds?: readonly string[] } | undefined): Promise<string[]> {
  if (user?.kind !== "staff" || !user.orgUnitIds?.length) return [];
  return (await orgUnitsByIds(db, [...user.orgUnitIds])).map((u) => u.key);
}

export function findEvent(db: Db, id: string) {
  return db.selectFrom("roadworks_events").select(["id", "ags", "name"]).where("id", "=", id).executeTakeFirst();
}
