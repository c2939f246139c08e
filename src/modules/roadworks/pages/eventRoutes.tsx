/** Staff enter known events (Veranstaltungen) for the conflict check (ADR 0065); every write a command with its audit entry. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import type { CommandContext } from "../../../platform/commands.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { authorizeCoordinate, canKeepEvents } from "../policies.js";
import { findEvent, listEvents, unitKeysOf } from "../queries.js";
import { parseGeometry } from "../rules.js";
import { eventAdder, eventRemover } from "../commands/events.js";
import { EventsPage } from "./eventViews.js";

const formLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
const NOTICES: Record<string, string> = { eingetragen: "roadworks.events.added", entfernt: "roadworks.events.removed" };
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

export async function eventPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const places = async () => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  /** The account's org unit keys after the policy (403 for staff who are no road traffic authority). */
  async function coordinator(req: FastifyRequest): Promise<string[]> {
    const keys = await unitKeysOf(db, req.user);
    authorizeCoordinate(req.user, keys, config.countyKey);
    return keys;
  }
  /** The municipalities whose events the account keeps: its own administration's, all for the county's traffic office. */
  const ownPlaces = async (req: FastifyRequest, keys: readonly string[]) => (await places()).filter((p) => canKeepEvents(req.user, keys, config.countyKey, p.ags));

  async function render(req: FastifyRequest, reply: FastifyReply, keys: readonly string[], form: FormState, status = 200, notice?: string) {
    const [events, all] = await Promise.all([listEvents(db, berlinDate(new Date())), ownPlaces(req, keys)]);
    return reply.page(req.t("roadworks.events.title"), (ctx) => <EventsPage ctx={ctx} events={events} places={all} form={form} notice={notice ? req.t(notice) : undefined} />, { status, noindex: true });
  }

  app.get<{ Querystring: { ok?: string } }>("/verwaltung/baustellen/veranstaltungen", { preHandler: requireStaff }, async (req, reply) => {
    return render(req, reply, await coordinator(req), emptyForm(), 200, NOTICES[req.query.ok ?? ""]);
  });

  app.post("/verwaltung/baustellen/veranstaltungen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const keys = await coordinator(req);
    const values = readForm(req.body, ["name", "gemeinde", "strasse", "lage", "beginn", "ende"] as const);
    const form = validate(values, { name: [rules.required(), rules.maxLength(200)], strasse: [rules.required(), rules.maxLength(120)], beginn: [rules.required()], ende: [rules.required()] }, req.t);
    const e = form.errors;
    const place = (await ownPlaces(req, keys)).find((p) => p.ags === values.gemeinde);
    if (!place) e.gemeinde = req.t("roadworks.public.badMunicipality");
    const site = parseGeometry(values.lage);
    if (!site.ok) e.lage = req.t(`roadworks.error.${site.error}`);
    if (!e.beginn && !isDate(values.beginn)) e.beginn = req.t("roadworks.events.badDate");
    if (!e.ende && !isDate(values.ende)) e.ende = req.t("roadworks.events.badDate");
    else if (!e.ende && !e.beginn && values.ende < values.beginn) e.ende = req.t("roadworks.events.endBeforeStart");
    if (hasErrors(form) || !site.ok || !place) return render(req, reply, keys, form, 422);
    await eventAdder(ctxOf(req), { name: values.name.trim(), ags: place.ags, municipality: place.name, roadName: values.strasse.trim(), geometry: site.geometry, start: values.beginn, end: values.ende });
    return reply.redirect("/verwaltung/baustellen/veranstaltungen?ok=eingetragen", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/baustellen/veranstaltungen/:id/entfernen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const keys = await coordinator(req);
    if (!/^[0-9a-f-]{36}$/i.test(req.params.id)) return reply.callNotFound();
    const event = await findEvent(db, req.params.id);
    if (!event) return reply.callNotFound();
    if (!canKeepEvents(req.user, keys, config.countyKey, event.ags)) throw new ForbiddenError("Nur für die Gemeinde der Veranstaltung und die Straßenverkehrsbehörde des Kreises");
    if (!(await eventRemover(ctxOf(req), req.params.id))) return reply.callNotFound();
    return reply.redirect("/verwaltung/baustellen/veranstaltungen?ok=entfernt", 303);
  });
}
