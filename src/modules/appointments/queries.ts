/** Reads: locations, services, and the slots computed from hours, holidays, closures and bookings. */
import { sql } from "kysely";
import type { Db } from "../../platform/db/index.js";
import { addDays, berlinDate, berlinTime, berlinToUtc, bwHoliday, isoWeekday, toMinutes } from "./time.js";
import { LIVE_STATUSES } from "./db.js";
import { sortGerman } from "../../platform/i18n/format.js";
import { agsOfArs } from "../../platform/keys.js";
import { orgUnitPlaces, orgUnitsByIds } from "../responsibility/index.js";

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
  active: boolean;
}

export interface ServiceInfo {
  leikaKey: string;
  name: string;
  durationMinutes: number;
  maxPersons: number;
}

/** Locations (appointments' own rows) with name and address of their org unit (asked from responsibility, which owns org_units). */
async function locationRows(db: Db, o: { includeInactive?: boolean; keys?: readonly string[] } = {}): Promise<LocationInfo[]> {
  if (o.keys && o.keys.length === 0) return [];
  let q = db.selectFrom("appt_locations as l").select(["l.key", "l.org_unit_id", "l.horizon_days", "l.min_lead_minutes", "l.slot_minutes", "l.hold_minutes", "l.active"]);
  if (!o.includeInactive) q = q.where("l.active", "=", true);
  if (o.keys) q = q.where("l.key", "in", o.keys);
  const rows = await q.execute();
  const units = await orgUnitPlaces(db, [...new Set(rows.map((r) => r.org_unit_id))]);
  return rows.flatMap((r) => {
    const u = units.get(r.org_unit_id);
    if (!u) return [];
    const name = u.parentName && !u.name.includes(u.parentName) ? `${u.parentName} – ${u.name}` : u.name;
    const address = [u.street, [u.postcode, u.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
    return [{ key: r.key, orgUnitId: r.org_unit_id, parentOrgUnitId: u.parentId, name, address, ars: u.ars, horizonDays: r.horizon_days, minLeadMinutes: r.min_lead_minutes, slotMinutes: r.slot_minutes, holdMinutes: r.hold_minutes, active: r.active }];
  });
}

/** One location by key (active ones only unless includeInactive, as for staff). */
export async function findLocation(db: Db, key: string, opts: { includeInactive?: boolean } = {}): Promise<LocationInfo | undefined> {
  return (await locationRows(db, { ...opts, keys: [key] }))[0];
}

/** Locations by name (active ones only unless includeInactive). */
export async function listLocations(db: Db, opts: { includeInactive?: boolean } = {}): Promise<LocationInfo[]> {
  return sortGerman(await locationRows(db, opts), (l) => l.name);
}

/** All services offered at a location, by name; `publicOnly`: without those only their owning module books (the citizen pages). */
export async function servicesAt(db: Db, location: string, opts: { publicOnly?: boolean } = {}): Promise<ServiceInfo[]> {
  const rows = sortGerman(await db.selectFrom("appt_services").selectAll().where("location_key", "=", location).$if(!!opts.publicOnly, (q) => q.where("owner_module", "is", null)).execute(), (r) => r.name);
  return rows.map((r) => ({ leikaKey: r.leika_key, name: r.name, durationMinutes: r.duration_minutes, maxPersons: r.max_persons }));
}

/** Active locations offering the service to the public (not where only its owning module books it). */
export async function locationsForService(db: Db, leikaKey: string): Promise<Array<LocationInfo & { service: ServiceInfo }>> {
  const offers = await db.selectFrom("appt_services").select(["location_key", "name", "duration_minutes", "max_persons"]).where("leika_key", "=", leikaKey).where("owner_module", "is", null).execute();
  const byKey = new Map(offers.map((s) => [s.location_key, s]));
  const locations = await locationRows(db, { keys: [...byKey.keys()] });
  return sortGerman(
    locations.map((l) => {
      const s = byKey.get(l.key)!;
      return { ...l, service: { leikaKey, name: s.name, durationMinutes: s.duration_minutes, maxPersons: s.max_persons } };
    }),
    (l) => l.name,
  );
}

/** Active locations by name, each with its public services by name (the start page groups services by office, issue 24 item 10; services only their owning module books are left out). */
export async function listBookableByLocation(db: Db): Promise<Array<{ location: LocationInfo; services: Array<{ leikaKey: string; name: string; durationMinutes: number }> }>> {
  const [locations, rows] = await Promise.all([listLocations(db), db.selectFrom("appt_services").select(["location_key", "leika_key", "name", "duration_minutes"]).where("owner_module", "is", null).execute()]);
  return locations
    .map((location) => ({
      location,
      services: sortGerman(
        rows.filter((r) => r.location_key === location.key),
        (r) => r.name,
      ).map((r) => ({ leikaKey: r.leika_key, name: r.name, durationMinutes: r.duration_minutes })),
    }))
    .filter((g) => g.services.length > 0);
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
  /** Further services at the same location in the same booking (durations add up). */
  extraLeikaKeys?: string[];
  persons: number;
  /** Berlin calendar dates, inclusive. */
  from: string;
  to: string;
  now?: Date;
  /** Only opening hours, holidays and closures: no lead time, horizon or bookings (to tell "outside hours" from "taken"). */
  gridOnly?: boolean;
  /** A booking whose time counts as free (the one being rescheduled). */
  ignoreBookingId?: string;
  /** The module asking (its own services count too); without it only public services (owner_module null) are found. */
  owner?: string;
}

/** Length of one booking: every chosen service once per person. */
export const bookingMinutes = (services: ServiceInfo[], persons: number) => services.reduce((sum, s) => sum + s.durationMinutes, 0) * persons;

/**
 * Free slots of a service at a location: every step of the location's grid within a counter's
 * weekly hours, not on a Baden-Württemberg holiday, not in a closure, not overlapping a live
 * booking on that counter, after the lead time and within the booking horizon.
 */
export async function computeSlots(db: Db, q: SlotQuery): Promise<{ location: LocationInfo; service: ServiceInfo; services: ServiceInfo[]; slots: ComputedSlot[]; gridStarts: Set<number> } | undefined> {
  const now = q.now ?? new Date();
  const extra = [...new Set(q.extraLeikaKeys ?? [])].filter((k) => k !== q.leikaKey);
  const [location, offered] = await Promise.all([findLocation(db, q.location), db.selectFrom("appt_services").selectAll().where("location_key", "=", q.location).where("leika_key", "in", [q.leikaKey, ...extra]).where((w) => (q.owner ? w.or([w("owner_module", "is", null), w("owner_module", "=", q.owner)]) : w("owner_module", "is", null))).execute()]);
  const byKey = new Map(offered.map((r) => [r.leika_key, { leikaKey: r.leika_key, name: r.name, durationMinutes: r.duration_minutes, maxPersons: r.max_persons } satisfies ServiceInfo]));
  const service = byKey.get(q.leikaKey);
  if (!location || !service || extra.some((k) => !byKey.has(k))) return undefined;
  const services = [service, ...extra.map((k) => byKey.get(k)!)];
  const gridStarts = new Set<number>();
  if (q.persons < 1 || q.persons > Math.min(...services.map((s) => s.maxPersons))) return { location, service, services, slots: [], gridStarts };
  const today = berlinDate(now);
  const first = q.gridOnly || q.from > today ? q.from : today;
  const horizonEnd = addDays(today, location.horizonDays);
  const last = q.gridOnly || q.to < horizonEnd ? q.to : horizonEnd;
  if (first > last) return { location, service, services, slots: [], gridStarts };
  const rangeStart = berlinToUtc(first, 0);
  const rangeEnd = berlinToUtc(addDays(last, 1), 0);
  const earliest = q.gridOnly ? -Infinity : now.getTime() + location.minLeadMinutes * 60000;

  const [hours, closures, bookings] = await Promise.all([
    db.selectFrom("appt_hours as h").innerJoin("appt_counters as c", "c.id", "h.counter_id").select(["h.counter_id", "h.weekday", "h.opens", "h.closes"]).where("c.location_key", "=", q.location).where("c.active", "=", true).execute(),
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
      .$if(!!q.ignoreBookingId, (qb) => qb.where("id", "!=", q.ignoreBookingId!))
      .execute(),
  ]);
  const busy = new Map<string, Array<[number, number]>>();
  for (const b of bookings) {
    const list = busy.get(b.counter_id) ?? [];
    list.push([b.starts_at.getTime(), b.ends_at.getTime()]);
    busy.set(b.counter_id, list);
  }
  const duration = bookingMinutes(services, q.persons);
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
  return { location, service, services, slots: [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime()), gridStarts };
}

export interface BookingView {
  id: string;
  code: string;
  locationKey: string;
  counterId: string;
  counterName: string;
  leikaKey: string;
  extraLeikaKeys: string[];
  /** Names of all services of the booking, joined with " + ". */
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
  /** The account that booked while signed in, or null. */
  userId: string | null;
}

function bookingQuery(db: Db) {
  return db
    .selectFrom("appt_bookings as b")
    .innerJoin("appt_counters as c", "c.id", "b.counter_id")
    .leftJoin("appt_services as s", (j) => j.onRef("s.location_key", "=", "b.location_key").onRef("s.leika_key", "=", "b.leika_key"))
    .select([
      "b.id", "b.code", "b.location_key", "b.counter_id", "c.name as counter_name", "b.leika_key", "s.name as service_name", "b.persons", "b.starts_at", "b.ends_at",
      "b.name", "b.email", "b.status", "b.hold_expires_at", "b.confirm_token_hash", "b.cancel_token_hash", "b.extra_leika_keys", "b.user_id",
      sql<string | null>`(SELECT string_agg(x.name, ' + ' ORDER BY array_position(b.extra_leika_keys, x.leika_key::text)) FROM appt_services x WHERE x.location_key = b.location_key AND x.leika_key::text = ANY(b.extra_leika_keys))`.as("extra_names"),
    ]);
}
type BRow = Awaited<ReturnType<ReturnType<typeof bookingQuery>["execute"]>>[number];
const toView = (r: BRow): BookingView => ({
  id: r.id, code: r.code, locationKey: r.location_key, counterId: r.counter_id, counterName: r.counter_name, leikaKey: r.leika_key, extraLeikaKeys: r.extra_leika_keys, serviceName: [r.service_name ?? r.leika_key, r.extra_names].filter(Boolean).join(" + "),
  persons: r.persons, start: r.starts_at, end: r.ends_at, name: r.name, email: r.email, status: r.status, holdExpiresAt: r.hold_expires_at,
  confirmTokenHash: r.confirm_token_hash, cancelTokenHash: r.cancel_token_hash, userId: r.user_id,
});

/** A booking by its code. */
/** The module owning a service at a location (appt_service_owners, migrations/0101), null for a public service. */
export async function serviceOwner(db: Db, location: string, leikaKey: string): Promise<string | null> {
  const row = await db.selectFrom("appt_service_owners").select("owner_module").where("location_key", "=", location).where("leika_key", "=", leikaKey).executeTakeFirst();
  return row?.owner_module ?? null;
}

export async function findBooking(db: Db, code: string): Promise<BookingView | undefined> {
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return undefined;
  const r = await bookingQuery(db).where("b.code", "=", code).executeTakeFirst();
  return r ? toView(r) : undefined;
}

/** The bookings of an account ("Meine Termine"): those still ahead and those of the last `pastDays` days, newest first; expired holds left out. */
export async function bookingsOfUser(db: Db, userId: string, opts: { now?: Date; pastDays?: number } = {}): Promise<BookingView[]> {
  const since = new Date((opts.now ?? new Date()).getTime() - (opts.pastDays ?? 90) * 86_400_000);
  const rows = await bookingQuery(db).where("b.user_id", "=", userId).where("b.starts_at", ">=", since).where("b.status", "!=", "expired").orderBy("b.starts_at", "desc").limit(100).execute();
  return rows.map(toView);
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

/** Counters of a location (retired ones too unless activeOnly: their past bookings still show in the day view). */
export async function countersOf(db: Db, location: string, opts: { activeOnly?: boolean } = {}): Promise<Array<{ id: string; name: string; active: boolean }>> {
  return sortGerman(await db.selectFrom("appt_counters").select(["id", "name", "active"]).where("location_key", "=", location).$if(!!opts.activeOnly, (q) => q.where("active", "=", true)).execute(), (c) => c.name);
}

/** Weekly hours of a location's active counters, by counter, weekday and time. */
export async function hoursOf(db: Db, location: string): Promise<Array<{ counterId: string; counterName: string; weekday: number; opens: string; closes: string }>> {
  const rows = await db
    .selectFrom("appt_hours as h")
    .innerJoin("appt_counters as c", "c.id", "h.counter_id")
    .select(["h.counter_id", "c.name", "h.weekday", "h.opens", "h.closes"])
    .where("c.location_key", "=", location)
    .where("c.active", "=", true)
    .orderBy("c.name")
    .orderBy("h.weekday")
    .orderBy("h.opens")
    .execute();
  return rows.map((r) => ({ counterId: r.counter_id, counterName: r.name, weekday: r.weekday, opens: r.opens.slice(0, 5), closes: r.closes.slice(0, 5) }));
}

/** Closures of a location that have not ended yet, by start. */
export async function upcomingClosures(db: Db, location: string, now = new Date()): Promise<Array<{ id: string; counterId: string | null; start: Date; end: Date; reason: string }>> {
  const rows = await db.selectFrom("appt_closures").select(["id", "counter_id", "starts_at", "ends_at", "reason"]).where("location_key", "=", location).where("ends_at", ">", now).orderBy("starts_at").limit(200).execute();
  return rows.map((r) => ({ id: r.id, counterId: r.counter_id, start: r.starts_at, end: r.ends_at, reason: r.reason }));
}

/**
 * Figures (issue 22): appointments per month of the appointment (Europe/Berlin) since `fromMonth` per service
 * (LeiKa key, "" = all): booked (confirmed, kept or missed), kept (checked in) and no-shows. Counts only.
 */
export async function monthlyAppointmentFigures(db: Db, fromMonth: string): Promise<Array<{ month: string; service: string; ags: string; booked: number; kept: number; noShow: number }>> {
  const res = await sql<{ month: string; service: string; location: string; booked: number; kept: number; no_show: number }>`
    SELECT to_char(date_trunc('month', starts_at AT TIME ZONE 'Europe/Berlin'), 'YYYY-MM-DD') AS month, leika_key AS service, location_key AS location,
           count(*)::int AS booked, count(*) FILTER (WHERE status = 'checked_in')::int AS kept, count(*) FILTER (WHERE status = 'no_show')::int AS no_show
    FROM appt_bookings WHERE status IN ('confirmed', 'checked_in', 'no_show') AND starts_at >= (${fromMonth}::date::timestamp AT TIME ZONE 'Europe/Berlin')
    GROUP BY 1, 2, 3`.execute(db);
  const places = new Map((await locationRows(db, { includeInactive: true, keys: [...new Set(res.rows.map((r) => r.location))] })).map((l) => [l.key, agsOfArs(l.ars)]));
  return res.rows.map((r) => ({ month: r.month, service: r.service, ags: places.get(r.location) ?? "-", booked: r.booked, kept: r.kept, noShow: r.no_show }));
}

/**
 * Figures (issue 22): utilisation per location of the org units `unitIds` (all locations when undefined) between
 * `from` and `to` (YYYY-MM-DD, inclusive): booked minutes against the counters' opening minutes (weekly hours without
 * Baden-Württemberg's public holidays and minus closures of the location or counter), kept, missed and cancelled appointments.
 */
export async function locationUtilisation(db: Db, o: { unitIds?: readonly string[]; from: string; to: string }): Promise<Array<{ location: string; name: string; openMinutes: number; bookedMinutes: number; booked: number; kept: number; noShow: number; cancelled: number }>> {
  const units = o.unitIds ? [...o.unitIds] : null;
  const holidays: string[] = [];
  for (let day = o.from; day <= o.to; day = addDays(day, 1)) if (bwHoliday(day)) holidays.push(day);
  const res = await sql<{ location: string; org_unit_id: string; open_minutes: number; booked_minutes: number; booked: number; kept: number; no_show: number; cancelled: number }>`
    WITH l AS (SELECT l.key, l.org_unit_id FROM appt_locations l WHERE ${units}::uuid[] IS NULL OR l.org_unit_id = ANY(${units}::uuid[])),
         d AS (SELECT day::date FROM generate_series(${o.from}::date, ${o.to}::date, interval '1 day') AS day WHERE NOT day::date = ANY(${holidays}::date[])),
         o AS (SELECT c.location_key, c.id AS counter_id, (d.day + h.opens::time) AT TIME ZONE 'Europe/Berlin' AS opens, (d.day + h.closes::time) AT TIME ZONE 'Europe/Berlin' AS closes
               FROM appt_counters c JOIN appt_hours h ON h.counter_id = c.id JOIN d ON extract(isodow FROM d.day) = h.weekday WHERE c.active)
    SELECT l.key AS location, l.org_unit_id,
      coalesce((SELECT sum(greatest(0, extract(epoch FROM o.closes - o.opens) / 60 - coalesce((
                  SELECT sum(greatest(0, extract(epoch FROM least(cl.ends_at, o.closes) - greatest(cl.starts_at, o.opens)) / 60)) FROM appt_closures cl
                  WHERE cl.location_key = o.location_key AND (cl.counter_id IS NULL OR cl.counter_id = o.counter_id) AND cl.starts_at < o.closes AND cl.ends_at > o.opens), 0)))
                FROM o WHERE o.location_key = l.key), 0)::int AS open_minutes,
      coalesce(sum(extract(epoch FROM b.ends_at - b.starts_at) / 60) FILTER (WHERE b.status IN ('confirmed', 'checked_in', 'no_show')), 0)::int AS booked_minutes,
      count(b.id) FILTER (WHERE b.status IN ('confirmed', 'checked_in', 'no_show'))::int AS booked,
      count(b.id) FILTER (WHERE b.status = 'checked_in')::int AS kept, count(b.id) FILTER (WHERE b.status = 'no_show')::int AS no_show,
      count(b.id) FILTER (WHERE b.status IN ('cancelled', 'releasing'))::int AS cancelled
    FROM l LEFT JOIN appt_bookings b ON b.location_key = l.key AND b.starts_at >= (${o.from}::date::timestamp AT TIME ZONE 'Europe/Berlin') AND b.starts_at < ((${o.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')
    GROUP BY l.key, l.org_unit_id`.execute(db);
  // Names from the owner of org_units (a location without its unit is shown by key, as before).
  const names = new Map((await orgUnitsByIds(db, [...new Set(res.rows.map((r) => r.org_unit_id))])).map((u) => [u.id, u.name]));
  return sortGerman(res.rows.map((r) => ({ ...r, name: names.get(r.org_unit_id) ?? r.location })), (r) => r.name).map((r) => ({ location: r.location, name: r.name, openMinutes: r.open_minutes, bookedMinutes: r.booked_minutes, booked: r.booked, kept: r.kept, noShow: r.no_show, cancelled: r.cancelled }));
}
