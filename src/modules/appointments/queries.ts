/** Reads: locations, services, and the slots computed from hours, holidays, closures and bookings. */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { addDays, berlinDate, berlinToUtc, bwHoliday, isoWeekday, toMinutes } from "./time.js";
import { LIVE_STATUSES } from "./db.js";

export interface LocationInfo {
  key: string;
  orgUnitId: string;
  parentOrgUnitId: string | null;
  name: string;
  address: string;
  ars: string | null;
  horizonDays: number;
  minLeadMinutes: number;
  slotMinutes: number;
  holdMinutes: number;
}

export interface ServiceInfo {
  leikaKey: string;
  name: string;
  durationMinutes: number;
  maxPersons: number;
}

async function locationRows(db: Db) {
  return db
    .selectFrom("appt_locations as l")
    .innerJoin("org_units as o", "o.id", "l.org_unit_id")
    .leftJoin("org_units as p", "p.id", "o.parent_id")
    .select(["l.key", "l.org_unit_id", "o.parent_id", "o.name", "p.name as parent_name", "o.street", "o.postcode", "o.city", "o.ars", "l.horizon_days", "l.min_lead_minutes", "l.slot_minutes", "l.hold_minutes"])
    .where("l.active", "=", true);
}

type LocRow = Awaited<ReturnType<Awaited<ReturnType<typeof locationRows>>["execute"]>>[number];
function toLocation(r: LocRow): LocationInfo {
  const name = r.parent_name && !r.name.includes(r.parent_name) ? `${r.parent_name} – ${r.name}` : r.name;
  const address = [r.street, [r.postcode, r.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return { key: r.key, orgUnitId: r.org_unit_id, parentOrgUnitId: r.parent_id, name, address, ars: r.ars, horizonDays: r.horizon_days, minLeadMinutes: r.min_lead_minutes, slotMinutes: r.slot_minutes, holdMinutes: r.hold_minutes };
}

/** One active location by key. */
export async function findLocation(db: Db, key: string): Promise<LocationInfo | undefined> {
  const r = await (await locationRows(db)).where("l.key", "=", key).executeTakeFirst();
  return r ? toLocation(r) : undefined;
}

/** All active locations, by name. */
export async function listLocations(db: Db): Promise<LocationInfo[]> {
  return (await (await locationRows(db)).orderBy("o.name").execute()).map(toLocation);
}

/** Active locations offering the service. */
export async function locationsForService(db: Db, leikaKey: string): Promise<Array<LocationInfo & { service: ServiceInfo }>> {
  const rows = await (await locationRows(db))
    .innerJoin("appt_services as s", "s.location_key", "l.key")
    .where("s.leika_key", "=", leikaKey)
    .select(["s.name as service_name", "s.duration_minutes", "s.max_persons"])
    .orderBy("o.name")
    .execute();
  return rows.map((r) => ({ ...toLocation(r), service: { leikaKey, name: r.service_name, durationMinutes: r.duration_minutes, maxPersons: r.max_persons } }));
}

/** Services bookable somewhere, each with how many locations offer it. */
export async function listBookableServices(db: Db): Promise<Array<{ leikaKey: string; name: string; locations: number }>> {
  const rows = await db
    .selectFrom("appt_services as s")
    .innerJoin("appt_locations as l", "l.key", "s.location_key")
    .where("l.active", "=", true)
    .select(["s.leika_key", sql<string>`min(s.name)`.as("name"), sql<number>`count(*)::int`.as("n")])
    .groupBy("s.leika_key")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({ leikaKey: r.leika_key, name: r.name, locations: r.n }));
}

/** The service as offered at the location. */
export async function findService(db: Db, location: string, leikaKey: string): Promise<ServiceInfo | undefined> {
  const r = await db.selectFrom("appt_services").selectAll().where("location_key", "=", location).where("leika_key", "=", leikaKey).executeTakeFirst();
  return r ? { leikaKey: r.leika_key, name: r.name, durationMinutes: r.duration_minutes, maxPersons: r.max_persons } : undefined;
}

export interface ComputedSlot {
  start: Date;
  end: Date;
  /** Counters free for the whole interval (capacity left = length). */
  freeCounters: string[];
}

export interface SlotQuery {
  location: string;
  leikaKey: string;
  persons: number;
  /** Berlin calendar dates, inclusive. */
  from: string;
  to: string;
  now?: Date;
  /** Only opening hours, holidays and closures: no lead time, horizon or bookings (to tell "outside hours" from "taken"). */
  gridOnly?: boolean;
}

/**
 * Free slots of a service at a location: every step of the location's grid within a counter's
 * weekly hours, not on a Baden-Württemberg holiday, not in a closure, not overlapping a live
 * booking on that counter, after the lead time and within the booking horizon.
 */
export async function computeSlots(db: Db, q: SlotQuery): Promise<{ location: LocationInfo; service: ServiceInfo; slots: ComputedSlot[]; gridStarts: Set<number> } | undefined> {
  const now = q.now ?? new Date();
  const [location, service] = await Promise.all([findLocation(db, q.location), findService(db, q.location, q.leikaKey)]);
  if (!location || !service) return undefined;
  const gridStarts = new Set<number>();
  if (q.persons < 1 || q.persons > service.maxPersons) return { location, service, slots: [], gridStarts };
  const today = berlinDate(now);
  const first = q.gridOnly || q.from > today ? q.from : today;
  const horizonEnd = addDays(today, location.horizonDays);
  const last = q.gridOnly || q.to < horizonEnd ? q.to : horizonEnd;
  if (first > last) return { location, service, slots: [], gridStarts };
  const rangeStart = berlinToUtc(first, 0);
  const rangeEnd = berlinToUtc(addDays(last, 1), 0);
  const earliest = q.gridOnly ? -Infinity : now.getTime() + location.minLeadMinutes * 60000;

  const [hours, closures, bookings] = await Promise.all([
    db.selectFrom("appt_hours as h").innerJoin("appt_counters as c", "c.id", "h.counter_id").select(["h.counter_id", "h.weekday", "h.opens", "h.closes"]).where("c.location_key", "=", q.location).execute(),
    db.selectFrom("appt_closures").select(["counter_id", "starts_at", "ends_at"]).where("location_key", "=", q.location).where("ends_at", ">", rangeStart).where("starts_at", "<", rangeEnd).execute(),
    q.gridOnly
      ? Promise.resolve([] as Array<{ counter_id: string; starts_at: Date; ends_at: Date }>)
      : db
      .selectFrom("appt_bookings")
      .select(["counter_id", "starts_at", "ends_at"])
      .where("location_key", "=", q.location)
      .where("status", "in", LIVE_STATUSES)
      .where("ends_at", ">", rangeStart)
      .where("starts_at", "<", rangeEnd)
      .where((eb) => eb.not(eb.or([eb.and([eb("status", "=", "held"), eb("hold_expires_at", "<=", now)]), eb.and([eb("status", "=", "releasing"), eb("release_at", "<=", now)])])))
      .execute(),
  ]);
  const busy = new Map<string, Array<[number, number]>>();
  for (const b of bookings) {
    const list = busy.get(b.counter_id) ?? [];
    list.push([b.starts_at.getTime(), b.ends_at.getTime()]);
    busy.set(b.counter_id, list);
  }
  const duration = service.durationMinutes * q.persons;
  const byStart = new Map<number, ComputedSlot>();
  for (let day = first; day <= last; day = addDays(day, 1)) {
    if (bwHoliday(day)) continue;
    const wd = isoWeekday(day);
    for (const h of hours) {
      if (h.weekday !== wd) continue;
      const opens = toMinutes(h.opens);
      const closes = toMinutes(h.closes);
      for (let m = opens; m + duration <= closes; m += location.slotMinutes) {
        const s = berlinToUtc(day, m).getTime();
        const e = s + duration * 60000;
        if (s < earliest) continue;
        if (closures.some((c) => (c.counter_id === null || c.counter_id === h.counter_id) && c.starts_at.getTime() < e && c.ends_at.getTime() > s)) continue;
        gridStarts.add(s);
        if ((busy.get(h.counter_id) ?? []).some(([bs, be]) => bs < e && be > s)) continue;
        const slot = byStart.get(s) ?? { start: new Date(s), end: new Date(e), freeCounters: [] };
        slot.freeCounters.push(h.counter_id);
        byStart.set(s, slot);
      }
    }
  }
  return { location, service, slots: [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime()), gridStarts };
}

export interface BookingView {
  id: string;
  code: string;
  locationKey: string;
  counterId: string;
  counterName: string;
  leikaKey: string;
  serviceName: string;
  persons: number;
  start: Date;
  end: Date;
  name: string;
  email: string;
  status: string;
  holdExpiresAt: Date | null;
  confirmTokenHash: string;
  cancelTokenHash: string;
}

function bookingQuery(db: Db) {
  return db
    .selectFrom("appt_bookings as b")
    .innerJoin("appt_counters as c", "c.id", "b.counter_id")
    .leftJoin("appt_services as s", (j) => j.onRef("s.location_key", "=", "b.location_key").onRef("s.leika_key", "=", "b.leika_key"))
    .select([
      "b.id", "b.code", "b.location_key", "b.counter_id", "c.name as counter_name", "b.leika_key", "s.name as service_name", "b.persons", "b.starts_at", "b.ends_at",
      "b.name", "b.email", "b.status", "b.hold_expires_at", "b.confirm_token_hash", "b.cancel_token_hash",
    ]);
}
type BRow = Awaited<ReturnType<ReturnType<typeof bookingQuery>["execute"]>>[number];
const toView = (r: BRow): BookingView => ({
  id: r.id, code: r.code, locationKey: r.location_key, counterId: r.counter_id, counterName: r.counter_name, leikaKey: r.leika_key, serviceName: r.service_name ?? r.leika_key,
  persons: r.persons, start: r.starts_at, end: r.ends_at, name: r.name, email: r.email, status: r.status, holdExpiresAt: r.hold_expires_at,
  confirmTokenHash: r.confirm_token_hash, cancelTokenHash: r.cancel_token_hash,
});

/** A booking by its code. */
export async function findBooking(db: Db, code: string): Promise<BookingView | undefined> {
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return undefined;
  const r = await bookingQuery(db).where("b.code", "=", code).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** Bookings of a location on a Berlin day (live ones and the day's cancellations), by time. */
export async function bookingsOfDay(db: Db, location: string, day: string): Promise<BookingView[]> {
  const rows = await bookingQuery(db)
    .where("b.location_key", "=", location)
    .where("b.starts_at", ">=", berlinToUtc(day, 0))
    .where("b.starts_at", "<", berlinToUtc(addDays(day, 1), 0))
    .where("b.status", "not in", ["expired"])
    .orderBy("b.starts_at")
    .orderBy("c.name")
    .execute();
  return rows.map(toView);
}

/** Counters of a location. */
export async function countersOf(db: Db, location: string): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom("appt_counters").select(["id", "name"]).where("location_key", "=", location).orderBy("name").execute();
}
