import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { listMunicipalities } from "../../geo/index.js";
import { verifyUnsubscribeToken } from "../alertToken.js";
import { alertsUnsubscriber, savedSearchCreator, savedSearchDeleter } from "../commands/alerts.js";
import { eventCreator, eventRegistrar, eventUrl, registrationCanceller } from "../commands/events.js";
import { eventsIcs } from "../eventPresenters.js";
import { findEvent, findOwnRegistration, listEventsForStaff, listRegistrations, listSavedSearches, listUpcomingEvents } from "../eventQueries.js";
import { readSearchFilter, validateEvent } from "../eventValidation.js";
import { isUuid } from "../queries.js";
import { SavedSearchesPage, UnsubscribePage } from "./alertViews.js";
import { EVENT_FIELDS, EventFormPage, EventPage, EventsPage, StaffEventPage, StaffEventsPage } from "./eventViews.js";
import { refuseBlocked } from "./moderationRoutes.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

/** Saved searches with alerts and the round table (ADR 0050). */
export async function orchardCommunityPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const places = async () => (await listMunicipalities(db, [config.countyKey])).map((m) => ({ ags: m.ags, name: m.short_name }));

  // ---- Saved searches (citizens)
  const renderSearches = async (req: FastifyRequest, reply: FastifyReply, opts: { notice?: string; error?: string; status?: number } = {}) => {
    const [searches, p] = await Promise.all([listSavedSearches(db, req.user!.id), places()]);
    return reply.page(req.t("orchards.alerts.title"), (ctx) => <SavedSearchesPage ctx={ctx} searches={searches} places={p} notice={opts.notice} error={opts.error} />, { status: opts.status ?? 200, noindex: true });
  };

  app.get<{ Querystring: { gespeichert?: string; geloescht?: string } }>("/streuobst/suchauftraege", { preHandler: requireLogin }, async (req, reply) => {
    if (req.user!.kind !== "citizen") return reply.callNotFound();
    const notice = req.query.gespeichert === "1" ? req.t("orchards.alerts.saved") : req.query.geloescht === "1" ? req.t("orchards.alerts.deleted") : undefined;
    return renderSearches(req, reply, { notice });
  });

  app.post("/streuobst/suchauftraege", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (user.kind !== "citizen") return reply.callNotFound();
    const p = await places();
    const filter = readSearchFilter(readForm(req.body, ["art", "gemeinde", "q"] as const), new Set(p.map((x) => x.ags)));
    const out = await savedSearchCreator(ctxOf(req), { userId: user.id, filter });
    if (out.kind === "tooMany") return renderSearches(req, reply, { error: req.t("orchards.alerts.tooMany"), status: 422 });
    return reply.redirect("/streuobst/suchauftraege?gespeichert=1", 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/suchauftraege/:id/loeschen", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await savedSearchDeleter(ctxOf(req), { id: req.params.id, userId: req.user!.id }))) return reply.callNotFound();
    return reply.redirect("/streuobst/suchauftraege?geloescht=1", 303);
  });

  // Unsubscribe without login: GET only asks (mail clients and scanners prefetch links), POST does it.
  // No CSRF token: the signed token in the path is the authority (RFC 8058 one-click POSTs come without cookies).
  app.get<{ Params: { token: string } }>("/streuobst/suchauftraege/abbestellen/:token", async (req, reply) => {
    const ok = !!verifyUnsubscribeToken(config.sessionSecret, req.params.token);
    return reply.page(req.t("orchards.alerts.unsubscribeTitle"), (ctx) => <UnsubscribePage ctx={ctx} token={req.params.token} state={ok ? "ask" : "invalid"} />, { status: ok ? 200 : 400, noindex: true });
  });

  app.post<{ Params: { token: string } }>("/streuobst/suchauftraege/abbestellen/:token", { config: { ...writeLimit, csrf: false } }, async (req, reply) => {
    const userId = verifyUnsubscribeToken(config.sessionSecret, req.params.token);
    if (!userId) return reply.page(req.t("orchards.alerts.unsubscribeTitle"), (ctx) => <UnsubscribePage ctx={ctx} token="" state="invalid" />, { status: 400, noindex: true });
    await alertsUnsubscriber({ actor: { type: "user", id: userId }, db, requestId: req.id }, { userId });
    return reply.page(req.t("orchards.alerts.unsubscribeTitle"), (ctx) => <UnsubscribePage ctx={ctx} token="" state="done" />, { noindex: true });
  });

  // ---- Round table (public reading, signed-in registration)
  app.get("/streuobst/runder-tisch", async (req, reply) => {
    const events = await listUpcomingEvents(db);
    return reply.page(req.t("orchards.events.title"), (ctx) => <EventsPage ctx={ctx} events={events} />);
  });

  app.get("/streuobst/runder-tisch/kalender.ics", async (req, reply) => {
    const events = await listUpcomingEvents(db, 500);
    const ics = eventsIcs(events, { publicUrl: config.publicUrl, name: req.t("orchards.events.title") });
    return reply.type("text/calendar; charset=utf-8").header("Cache-Control", "public, max-age=300").header("Content-Disposition", `inline; filename="runder-tisch.ics"`).send(ics);
  });

  app.get<{ Params: { id: string } }>("/streuobst/runder-tisch/:id/kalender.ics", async (req, reply) => {
    const e = await findEvent(db, req.params.id);
    if (!e || e.status !== "active") return reply.callNotFound();
    const ics = eventsIcs([e], { publicUrl: config.publicUrl, name: e.title });
    return reply.type("text/calendar; charset=utf-8").header("Content-Disposition", `attachment; filename="runder-tisch.ics"`).send(ics);
  });

  const renderEvent = async (req: FastifyRequest, reply: FastifyReply, id: string, notice?: string) => {
    const e = await findEvent(db, id);
    if (!e || e.status !== "active") return reply.callNotFound();
    const own = req.user ? await findOwnRegistration(db, e.id, req.user.id) : undefined;
    return reply.page(e.title, (ctx) => <EventPage ctx={ctx} event={e} s={{ own, notice }} />);
  };

  app.get<{ Params: { id: string }; Querystring: { ergebnis?: string } }>("/streuobst/runder-tisch/:id", async (req, reply) => {
    const r = req.query.ergebnis;
    const notice = r && ["registered", "waitlisted", "already", "cancelled", "closed"].includes(r) ? req.t(`orchards.events.result.${r}`) : undefined;
    return renderEvent(req, reply, req.params.id, notice);
  });

  app.post<{ Params: { id: string } }>("/streuobst/runder-tisch/:id/anmelden", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const e = await findEvent(db, req.params.id);
    if (!e || e.status !== "active") return reply.callNotFound();
    const user = currentUser(req);
    const out = await eventRegistrar(ctxOf(req), { eventId: e.id, userId: user.id, name: user.displayName });
    return reply.redirect(`${eventUrl(e.id)}?ergebnis=${out.kind}`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/runder-tisch/:id/abmelden", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const e = await findEvent(db, req.params.id);
    if (!e) return reply.callNotFound();
    const out = await registrationCanceller(ctxOf(req), config, { eventId: e.id, userId: req.user!.id });
    if (!out.cancelled) return reply.callNotFound();
    if (out.promotedMailId) await deliverQueuedMails(db, mailer, { ids: [out.promotedMailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect(`${eventUrl(e.id)}?ergebnis=cancelled`, 303);
  });

  // ---- Round table (staff)
  app.get<{ Querystring: { angelegt?: string } }>("/verwaltung/streuobst/runder-tisch", { preHandler: requireStaff }, async (req, reply) => {
    const events = await listEventsForStaff(db);
    return reply.page(req.t("orchards.events.staffTitle"), (ctx) => <StaffEventsPage ctx={ctx} events={events} notice={req.query.angelegt === "1" ? req.t("orchards.events.created") : undefined} />, { noindex: true });
  });

  const renderEventForm = (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    reply.page(req.t("orchards.events.new"), (ctx) => <EventFormPage ctx={ctx} form={form} />, { status, noindex: true });

  app.get("/verwaltung/streuobst/runder-tisch/neu", { preHandler: requireStaff }, async (req, reply) => renderEventForm(req, reply, emptyForm({ beginn: "18:00", ende: "20:00", plaetze: "30" })));

  app.post("/verwaltung/streuobst/runder-tisch/neu", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const { form, input } = validateEvent(readForm(req.body, EVENT_FIELDS), req.t);
    if (!input) return renderEventForm(req, reply, form, 422);
    const { id } = await eventCreator(ctxOf(req), { staffId: req.user!.id, input });
    return reply.redirect(`/verwaltung/streuobst/runder-tisch/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>("/verwaltung/streuobst/runder-tisch/:id", { preHandler: requireStaff }, async (req, reply) => {
    const e = await findEvent(db, req.params.id);
    if (!e) return reply.callNotFound();
    const registrations = await listRegistrations(db, e.id);
    return reply.page(e.title, (ctx) => <StaffEventPage ctx={ctx} event={e} registrations={registrations} />, { noindex: true });
  });
}
