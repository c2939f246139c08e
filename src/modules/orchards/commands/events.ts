/**
 * Round table (Runder Tisch) events: staff create them, signed-in people take a seat or a waitlist place,
 * cancelling moves the first waitlisted person up (with a mail). The event row is locked for every change
 * of its seats, and a CHECK keeps `registered` within capacity (ADR 0050).
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import { orchardCommunityMessages } from "../communityMessages.js";

const translate = translatorFor(orchardCommunityMessages);
export const PROMOTION_MAIL_KIND = "orchards.event_promoted";
export const eventUrl = (id: string) => `/streuobst/runder-tisch/${id}`;

export interface EventInput {
  title: string;
  description: string;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

/** Staff create an event (audited); it becomes a search document at once. */
export async function eventCreator(ctx: CommandContext, props: { staffId: string | null; input: EventInput }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const i = props.input;
    const row = await tx
      .insertInto("orchard_events")
      .values({ title: i.title, description: i.description, place: i.place, starts_at: i.startsAt, ends_at: i.endsAt, capacity: i.capacity, created_by: props.staffId, demo_key: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.event_created", objectType: "orchard_event", objectId: row.id, details: { capacity: i.capacity }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return { id: row.id };
  });
}

export type RegistrationOutcome = { kind: "registered" | "waitlisted"; id: string } | { kind: "already" } | { kind: "closed" };

/**
 * Takes a seat when one is free, else a waitlist place. The event row is locked (FOR UPDATE), so parallel
 * registrations queue up and never take more seats than there are; the CHECK on `registered` is the last guard.
 */
export async function eventRegistrar(ctx: CommandContext, props: { eventId: string; userId: string; name: string }): Promise<RegistrationOutcome> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const ev = await tx.selectFrom("orchard_events").select(["registered", "capacity", "status", "starts_at"]).where("id", "=", props.eventId).forUpdate().executeTakeFirst();
      if (!ev || ev.status !== "active" || ev.starts_at <= new Date()) return { kind: "closed" } as const;
      const live = await tx.selectFrom("orchard_event_registrations").select("id").where("event_id", "=", props.eventId).where("user_id", "=", props.userId).where("status", "<>", "cancelled").executeTakeFirst();
      if (live) return { kind: "already" } as const;
      const seat = ev.registered < ev.capacity;
      if (seat) await tx.updateTable("orchard_events").set((eb) => ({ registered: eb("registered", "+", 1) })).where("id", "=", props.eventId).execute();
      const status = seat ? "registered" : "waitlisted";
      const row = await tx.insertInto("orchard_event_registrations").values({ event_id: props.eventId, user_id: props.userId, name: props.name, status, promoted_at: null, cancelled_at: null }).returning("id").executeTakeFirstOrThrow();
      await appendAudit(tx, ctx.actor, { action: seat ? "orchards.event_registered" : "orchards.event_waitlisted", objectType: "orchard_event", objectId: props.eventId, details: { registration: row.id }, requestId: ctx.requestId });
      return { kind: status, id: row.id } as const;
    });
  } catch (e) {
    // The partial unique index: the same person twice at once.
    if ((e as { code?: string }).code === "23505") return { kind: "already" };
    throw e;
  }
}

/**
 * Cancels the person's seat or waitlist place. A freed seat goes to the first person on the waitlist, who gets
 * a link-only mail (returned id, so the request can send it at once); without a waitlist the seat becomes free.
 */
export async function registrationCanceller(
  ctx: CommandContext,
  config: Pick<Config, "publicUrl">,
  props: { eventId: string; userId: string },
): Promise<{ cancelled: boolean; promotedMailId?: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const ev = await tx.selectFrom("orchard_events").select(["id", "title", "starts_at", "status"]).where("id", "=", props.eventId).forUpdate().executeTakeFirst();
    if (!ev) return { cancelled: false };
    const own = await tx.selectFrom("orchard_event_registrations").select(["id", "status"]).where("event_id", "=", ev.id).where("user_id", "=", props.userId).where("status", "<>", "cancelled").executeTakeFirst();
    if (!own) return { cancelled: false };
    await tx.updateTable("orchard_event_registrations").set({ status: "cancelled", cancelled_at: new Date() }).where("id", "=", own.id).execute();
    await appendAudit(tx, ctx.actor, { action: "orchards.event_cancelled", objectType: "orchard_event", objectId: ev.id, details: { registration: own.id, was: own.status }, requestId: ctx.requestId });
    if (own.status !== "registered") return { cancelled: true };
    const next = ev.status === "active" && ev.starts_at > new Date()
      ? await tx.selectFrom("orchard_event_registrations").select(["id", "user_id"]).where("event_id", "=", ev.id).where("status", "=", "waitlisted").orderBy("created_at").orderBy("id").limit(1).executeTakeFirst()
      : undefined;
    if (!next) {
      await tx.updateTable("orchard_events").set((eb) => ({ registered: eb("registered", "-", 1) })).where("id", "=", ev.id).execute();
      return { cancelled: true };
    }
    // The seat passes on: `registered` stays the same.
    await tx.updateTable("orchard_event_registrations").set({ status: "registered", promoted_at: new Date() }).where("id", "=", next.id).execute();
    await appendAudit(tx, { type: "system", id: null }, { action: "orchards.event_promoted", objectType: "orchard_event", objectId: ev.id, details: { registration: next.id }, requestId: ctx.requestId });
    const contact = await findMailContact(tx, next.user_id);
    if (!contact) return { cancelled: true };
    const locale = (contact.locale === "en" ? "en" : "de") as Locale;
    const t = translate(locale);
    const promotedMailId = await enqueueMail(tx, {
      kind: PROMOTION_MAIL_KIND,
      ref: `orchards-event:${next.id}`,
      to: contact.email,
      subject: t("orchards.events.mailSubject"),
      text: t("orchards.events.mailText", { when: formatDateTime(ev.starts_at, locale), url: `${config.publicUrl}${eventUrl(ev.id)}` }),
    });
    return { cancelled: true, promotedMailId };
  });
}
