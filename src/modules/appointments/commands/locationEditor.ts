/**
 * Staff editing of a location's booking model: settings, services with durations, counters,
 * weekly hours and closures. Every change is one transaction with its audit entry; slots are
 * computed per request, so a change shows in the next slot search.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

type Ok = { ok: true };
type Refused<R extends string> = { ok: false; reason: R };

/** Props of locationSettingsSaver. */
export interface LocationSettings {
  location: string;
  horizonDays: number;
  minLeadMinutes: number;
  slotMinutes: number;
  holdMinutes: number;
  active: boolean;
}

/** Saves booking horizon, lead time, slot grid, hold time and whether the location takes bookings. */
export async function locationSettingsSaver(ctx: CommandContext, props: LocationSettings): Promise<Ok> {
  return ctx.db.transaction().execute(async (tx) => {
    await tx.updateTable("appt_locations").set({ horizon_days: props.horizonDays, min_lead_minutes: props.minLeadMinutes, slot_minutes: props.slotMinutes, hold_minutes: props.holdMinutes, active: props.active }).where("key", "=", props.location).execute();
    const { location, ...details } = props;
    await appendAudit(tx, ctx.actor, { action: "appointment.location_updated", objectType: "appointment_location", objectId: location, details: { ...details }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Props of serviceSaver: adds a service to the location or changes its name, duration and maximum persons. */
export interface ServiceProps {
  location: string;
  leikaKey: string;
  name: string;
  durationMinutes: number;
  maxPersons: number;
}

/**
 * A service owned by a module (`appt_service_owners`, migration 0101: e-learning's video identification) keeps its
 * owner when staff add it again after removing it, so it never becomes public on /termine; changing it keeps it too.
 */
export async function serviceSaver(ctx: CommandContext, props: ServiceProps): Promise<Ok & { created: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const existed = await tx.selectFrom("appt_services").select("leika_key").where("location_key", "=", props.location).where("leika_key", "=", props.leikaKey).executeTakeFirst();
    const owner = await tx.selectFrom("appt_service_owners").select("owner_module").where("location_key", "=", props.location).where("leika_key", "=", props.leikaKey).executeTakeFirst();
    await tx
      .insertInto("appt_services")
      .values({ location_key: props.location, leika_key: props.leikaKey, name: props.name, duration_minutes: props.durationMinutes, max_persons: props.maxPersons, owner_module: owner?.owner_module ?? null })
      .onConflict((oc) => oc.columns(["location_key", "leika_key"]).doUpdateSet({ name: props.name, duration_minutes: props.durationMinutes, max_persons: props.maxPersons }))
      .execute();
    await appendAudit(tx, ctx.actor, { action: existed ? "appointment.service_updated" : "appointment.service_added", objectType: "appointment_location", objectId: props.location, details: { leikaKey: props.leikaKey, durationMinutes: props.durationMinutes, maxPersons: props.maxPersons, ...(owner ? { ownerModule: owner.owner_module } : {}) }, requestId: ctx.requestId });
    return { ok: true, created: !existed } as const;
  });
}

/** Removes a service from the location (existing bookings stay valid; no new ones). Its owner (appt_service_owners) stays reserved. */
export async function serviceRemover(ctx: CommandContext, props: { location: string; leikaKey: string }): Promise<Ok | Refused<"not_found">> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("appt_services").where("location_key", "=", props.location).where("leika_key", "=", props.leikaKey).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { ok: false, reason: "not_found" } as const;
    await appendAudit(tx, ctx.actor, { action: "appointment.service_removed", objectType: "appointment_location", objectId: props.location, details: { leikaKey: props.leikaKey }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Adds a counter (resource); it offers slots once it has hours. */
export async function counterCreator(ctx: CommandContext, props: { location: string; name: string }): Promise<(Ok & { id: string }) | Refused<"duplicate">> {
  return ctx.db.transaction().execute(async (tx) => {
    const dup = await tx.selectFrom("appt_counters").select("id").where("location_key", "=", props.location).where("name", "=", props.name).executeTakeFirst();
    if (dup) return { ok: false, reason: "duplicate" } as const;
    const { id } = await tx.insertInto("appt_counters").values({ location_key: props.location, name: props.name }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "appointment.counter_added", objectType: "appointment_location", objectId: props.location, details: { counter: id }, requestId: ctx.requestId });
    return { ok: true, id } as const;
  });
}

/**
 * Retires a counter: no more slots, hours removed. Refused while it has live future bookings
 * (those citizens would lose their appointment); past bookings keep referring to it.
 */
export async function counterRetirer(ctx: CommandContext, props: { location: string; counterId: string; now?: Date }): Promise<Ok | Refused<"not_found" | "has_bookings">> {
  const now = props.now ?? new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("appt_counters").select("id").where("id", "=", props.counterId).where("location_key", "=", props.location).where("active", "=", true).forUpdate().executeTakeFirst();
    if (!c) return { ok: false, reason: "not_found" } as const;
    const live = await tx.selectFrom("appt_bookings").select("id").where("counter_id", "=", c.id).where("status", "in", ["held", "confirmed"]).where("ends_at", ">", now).limit(1).executeTakeFirst();
    if (live) return { ok: false, reason: "has_bookings" } as const;
    await tx.deleteFrom("appt_hours").where("counter_id", "=", c.id).execute();
    await tx.updateTable("appt_counters").set({ active: false }).where("id", "=", c.id).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.counter_retired", objectType: "appointment_location", objectId: props.location, details: { counter: c.id }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Props of hoursAdder: one weekly opening period of a counter (Berlin wall clock, "HH:MM"). */
export interface HoursProps {
  location: string;
  counterId: string;
  weekday: number;
  opens: string;
  closes: string;
}

/** Adds weekly hours; refused when they overlap hours of the same counter on that weekday. */
export async function hoursAdder(ctx: CommandContext, props: HoursProps): Promise<Ok | Refused<"not_found" | "overlap">> {
  return ctx.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("appt_counters").select("id").where("id", "=", props.counterId).where("location_key", "=", props.location).where("active", "=", true).forUpdate().executeTakeFirst();
    if (!c) return { ok: false, reason: "not_found" } as const;
    const overlap = await tx.selectFrom("appt_hours").select("opens").where("counter_id", "=", c.id).where("weekday", "=", props.weekday).where("opens", "<", props.closes).where("closes", ">", props.opens).executeTakeFirst();
    if (overlap) return { ok: false, reason: "overlap" } as const;
    await tx.insertInto("appt_hours").values({ counter_id: c.id, weekday: props.weekday, opens: props.opens, closes: props.closes }).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.hours_added", objectType: "appointment_location", objectId: props.location, details: { counter: c.id, weekday: props.weekday, opens: props.opens, closes: props.closes }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Removes one weekly opening period (existing bookings in it stay). */
export async function hoursRemover(ctx: CommandContext, props: { location: string; counterId: string; weekday: number; opens: string }): Promise<Ok | Refused<"not_found">> {
  return ctx.db.transaction().execute(async (tx) => {
    const c = await tx.selectFrom("appt_counters").select("id").where("id", "=", props.counterId).where("location_key", "=", props.location).executeTakeFirst();
    if (!c) return { ok: false, reason: "not_found" } as const;
    const r = await tx.deleteFrom("appt_hours").where("counter_id", "=", c.id).where("weekday", "=", props.weekday).where("opens", "=", props.opens).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { ok: false, reason: "not_found" } as const;
    await appendAudit(tx, ctx.actor, { action: "appointment.hours_removed", objectType: "appointment_location", objectId: props.location, details: { counter: c.id, weekday: props.weekday, opens: props.opens }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Removes a closure or blocked time (slots in it become bookable again). */
export async function closureRemover(ctx: CommandContext, props: { location: string; closureId: string }): Promise<Ok | Refused<"not_found">> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("appt_closures").where("id", "=", props.closureId).where("location_key", "=", props.location).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { ok: false, reason: "not_found" } as const;
    await appendAudit(tx, ctx.actor, { action: "appointment.closure_removed", objectType: "appointment_location", objectId: props.location, details: { closure: props.closureId }, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}

/** Offers appointments at an org unit (a new location with default settings, no services or counters yet). */
export async function locationCreator(ctx: CommandContext, props: { orgUnitId: string; key: string }): Promise<Ok | Refused<"exists">> {
  return ctx.db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom("appt_locations").select("key").where("key", "=", props.key).executeTakeFirst();
    if (exists) return { ok: false, reason: "exists" } as const;
    await tx.insertInto("appt_locations").values({ key: props.key, org_unit_id: props.orgUnitId }).execute();
    await appendAudit(tx, ctx.actor, { action: "appointment.location_created", objectType: "appointment_location", objectId: props.key, requestId: ctx.requestId });
    return { ok: true } as const;
  });
}
