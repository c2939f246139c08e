/**
 * The live handoff's routes (ADR 0076). Person (under /assistent, where the conversation cookie is sent):
 * open a case, write, end it, poll new messages as JSON. Staff: the case page, claim, answer, end. Every
 * object is checked on the server: the person's case only through the conversation they hold the secret
 * of (anything else is 404), staff only of their office or administrators (404 otherwise).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { UUID } from "../../../platform/keys.js";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { withinWeeklyHours } from "../../../platform/time/weeklyHours.js";
import { renderToString } from "preact-render-to-string";
import { ownConversation } from "../dialogue.js";
import { canSeeLiveCase, canWorkHandoffs, ownsLiveCase } from "../policies.js";
import { findLiveCase, lastPersonSeq, latestLiveCase, listLiveMessages, listLiveQueue, listTurns, liveRead, type LiveCase } from "../queries.js";
import { liveClaimer, liveCloser, liveOpener, livePersonMessenger, liveSeenMarker, liveStaffMessenger } from "../commands/liveHandoffs.js";
import type { ReplyKind, ReplyLink } from "../db.js";
import { tokenOf } from "./cookie.js";
import { liveHoursOf, onDuty, responsibleOffice } from "../live.js";
import { LiveDetailPage, LiveQueueList } from "./liveViews.js";
import type { ChatLive } from "./views.js";

/** The person's messages: 10 a minute per client; opening a case: 5 a minute. */
const MESSAGE_LIMIT = { rateLimit: { max: 10, timeWindow: 60_000 } };
const OPEN_LIMIT = { rateLimit: { max: 5, timeWindow: 60_000 } };
/** Polling: one request every 2 s per client is plenty (the script polls every 4 s). */
const POLL_LIMIT = { rateLimit: { max: 40, timeWindow: 60_000 } };
const MAX_MESSAGE = 2000;
/** Replies after which a person is offered: the handoff offer itself, "I don't know", an unsure menu. */
const OFFER_AFTER: ReadonlySet<ReplyKind | null> = new Set<ReplyKind | null>(["handoff", "unknown", "choose"]);

type Turn = { role: "user" | "assistant"; text: string; links: ReplyLink[]; kind: ReplyKind | null; created_at: Date };
type RenderChat = (req: FastifyRequest, reply: FastifyReply, form?: FormState, status?: number, liveForm?: FormState) => Promise<unknown>;

/** Polling of the staff queue (public/assistant-queue.js asks every 10 s). */
const QUEUE_POLL_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };

/** What the chat page shows of the live handoff for this conversation. */
export async function chatLiveState(app: FastifyInstance, conversationId: string | undefined, turns: Turn[], form: FormState): Promise<ChatLive> {
  const { live: cfg } = app.deps.config.assistant;
  const base = { form, claimMinutes: cfg.claimMinutes, retentionDays: cfg.retentionDays };
  if (!conversationId) return base;
  const c = await latestLiveCase(app.deps.db, conversationId);
  const lastTurn = turns[turns.length - 1];
  const open = c && (c.state === "waiting" || c.state === "claimed");
  // A case that waited in vain or was closed is shown until the person talks to the assistant again.
  const shown = c && (open || !lastTurn || c.created_at >= lastTurn.created_at) ? c : undefined;
  const messages = shown ? await listLiveMessages(app.deps.db, shown.id) : [];
  const lastReply = [...turns].reverse().find((t) => t.role === "assistant");
  let offer: ChatLive["offer"];
  if (!open && lastReply && OFFER_AFTER.has(lastReply.kind) && !(shown && shown.created_at >= lastReply.created_at)) {
    // The hours of the office the case would go to (ASSISTANT_LIVE_OFFICE_HOURS), else the county's.
    const hours = await liveHoursOf(app, await responsibleOffice(app, turns));
    offer = { onDuty: withinWeeklyHours(hours.hours, new Date()), hours: hours.hoursText };
  }
  const lastPerson = messages.filter((m) => m.author === "person").reduce((n, m) => Math.max(n, m.seq), 0);
  const read = !!shown && open && liveRead(shown, lastPerson);
  return { ...base, offer, live: shown ? { id: shown.id, reference: shown.reference, state: shown.state, messages, read } : undefined };
}

/** The widget's fragment (the widget posts with X-KP-Widget: 1 and gets it back instead of a redirect). */
type RenderWidget = (req: FastifyRequest, reply: FastifyReply, liveForm?: FormState, status?: number) => Promise<unknown>;
const fromWidget = (req: FastifyRequest) => req.headers["x-kp-widget"] === "1";

export function liveRoutes(app: FastifyInstance, renderChat: RenderChat, renderWidget: RenderWidget) {
  const { db, config } = app.deps;

  /** The person's own case by id, or undefined (unknown id, another conversation's case, no cookie). */
  async function personCase(req: FastifyRequest, id: string): Promise<LiveCase | undefined> {
    if (!UUID.test(id)) return undefined;
    const conv = await ownConversation(app, tokenOf(req));
    const c = conv ? await findLiveCase(db, id) : undefined;
    return ownsLiveCase(c, conv?.id) ? c : undefined;
  }

  app.post("/assistent/live", { config: OPEN_LIMIT }, async (req, reply) => {
    const conv = await ownConversation(app, tokenOf(req));
    if (!conv) return reply.redirect("/assistent", 303);
    const turns = await listTurns(db, conv.id);
    const office = await responsibleOffice(app, turns);
    // The office off duty (or nobody configured): the call back request instead.
    if (!(await onDuty(app, office))) return reply.redirect("/assistent/anfrage", 303);
    await liveOpener(
      { db, actor: req.actor(), requestId: req.id },
      { conversationId: conv.id, orgUnitId: office, transcript: turns.map((t) => ({ role: t.role, text: t.text })), claimMinutes: config.assistant.live.claimMinutes },
    );
    if (fromWidget(req)) return renderWidget(req, reply);
    return reply.redirect("/assistent#live", 303);
  });

  app.post<{ Params: { id: string } }>("/assistent/live/:id/nachricht", { config: MESSAGE_LIMIT }, async (req, reply) => {
    const c = await personCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    const values = readForm(req.body, ["nachricht"] as const);
    const form = validate(values, { nachricht: [rules.required("assistant.live.error.empty"), rules.maxLength(MAX_MESSAGE)] }, req.t);
    if (form.errors.nachricht === req.t("validation.maxLength", { n: MAX_MESSAGE })) form.errors.nachricht = req.t("assistant.live.error.tooLong");
    if (hasErrors(form)) return fromWidget(req) ? renderWidget(req, reply, form, 400) : renderChat(req, reply, emptyForm(), 400, form);
    const r = await livePersonMessenger({ db, actor: req.actor(), requestId: req.id }, { id: c.id, text: values.nachricht });
    if (!r.ok) return fromWidget(req) ? renderWidget(req, reply, emptyForm(), 409) : renderChat(req, reply, emptyForm(), 409, { values, errors: { nachricht: req.t("assistant.live.error.closed") } });
    if (fromWidget(req)) return renderWidget(req, reply);
    return reply.redirect("/assistent#live", 303);
  });

  app.post<{ Params: { id: string } }>("/assistent/live/:id/beenden", async (req, reply) => {
    const c = await personCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    await liveCloser({ db, actor: req.actor(), requestId: req.id }, { id: c.id });
    return reply.redirect("/assistent#live", 303);
  });

  // The page's script polls this (public/assistant-live.js); stateless, any node answers from PostgreSQL.
  app.get<{ Params: { id: string }; Querystring: { nach?: string } }>("/assistent/live/:id/nachrichten", { config: POLL_LIMIT }, async (req, reply) => {
    const c = await personCase(req, req.params.id);
    if (!c) return reply.code(404).header("cache-control", "no-store").send({ error: "not_found" });
    const after = Math.max(0, Math.min(1_000_000, Number.parseInt(req.query.nach ?? "0", 10) || 0));
    const [messages, lastPerson] = await Promise.all([listLiveMessages(db, c.id, after), lastPersonSeq(db, c.id)]);
    const read = (c.state === "waiting" || c.state === "claimed") && liveRead(c, lastPerson);
    return reply.header("cache-control", "no-store").send({
      state: c.state,
      status: req.t(`assistant.live.${c.state}`, { minutes: config.assistant.live.claimMinutes }),
      read,
      readText: read ? req.t("assistant.live.read") : "",
      messages: messages.map((m) => ({ seq: m.seq, author: m.author, label: m.author === "staff" ? req.t("assistant.live.staff") : req.t("assistant.you"), text: m.text })),
    });
  });

  // Staff.
  async function staffCase(req: FastifyRequest, id: string): Promise<LiveCase | undefined> {
    if (!canWorkHandoffs(req.user)) throw new ForbiddenError("Nur für das Servicezentrum");
    if (!UUID.test(id)) return undefined;
    const c = await findLiveCase(db, id);
    return c && canSeeLiveCase(req.user, c) ? c : undefined;
  }

  async function renderCase(req: FastifyRequest, reply: FastifyReply, c: LiveCase, opts: { form?: FormState; status?: number; notice?: string; error?: string } = {}) {
    const messages = await listLiveMessages(db, c.id);
    return reply.page(req.t("assistant.staff.live.detail", { reference: c.reference }), (ctx) => <LiveDetailPage ctx={ctx} c={{ ...c, messages }} form={opts.form ?? emptyForm()} notice={opts.notice} error={opts.error} />, {
      status: opts.status ?? 200,
      noindex: true,
    });
  }

  // The staff queue's list as JSON (public/assistant-queue.js polls it every 10 s): the same rows and the same
  // authorization as the page /verwaltung/assistent, rendered by the same view, plus the waiting cases to announce.
  app.get("/verwaltung/assistent/live-faelle", { preHandler: requireStaff, config: QUEUE_POLL_LIMIT }, async (req, reply) => {
    if (!canWorkHandoffs(req.user)) throw new ForbiddenError("Nur für das Servicezentrum");
    const rows = await listLiveQueue(db, req.user!);
    const ctx = req.viewContext(reply);
    return reply.header("cache-control", "no-store").send({
      html: renderToString(<LiveQueueList ctx={ctx} rows={rows} />),
      waiting: rows.filter((r) => r.state === "waiting").map((r) => ({ id: r.id, reference: r.reference, announce: req.t("assistant.staff.live.newCase", { reference: r.reference }) })),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { angenommen?: string } }>("/verwaltung/assistent/live/:id", { preHandler: requireStaff }, async (req, reply) => {
    const c = await staffCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    // Opened by someone who may see it: the person sees "Ihre Nachricht wurde gelesen" (only while the case is open).
    if (c.state === "waiting" || c.state === "claimed") {
      await liveSeenMarker({ db, actor: req.actor(), requestId: req.id }, { id: c.id, seq: await lastPersonSeq(db, c.id) });
    }
    return renderCase(req, reply, c, { notice: req.query.angenommen === "1" ? req.t("assistant.staff.live.claimed") : undefined });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/assistent/live/:id/annehmen", { preHandler: requireStaff }, async (req, reply) => {
    const c = await staffCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    const r = await liveClaimer({ db, actor: req.actor(), requestId: req.id }, { id: c.id });
    if (r.ok) return reply.redirect(`/verwaltung/assistent/live/${c.id}?angenommen=1`, 303);
    const now = (await findLiveCase(db, c.id)) ?? c;
    const error = r.reason === "taken" ? req.t("assistant.staff.live.taken") : r.reason === "expired" ? req.t("assistant.staff.live.expiredNote") : req.t("assistant.live.error.closed");
    return renderCase(req, reply, now, { status: 409, error });
  });

  app.post<{ Params: { id: string } }>("/verwaltung/assistent/live/:id/antwort", { preHandler: requireStaff }, async (req, reply) => {
    const c = await staffCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    const values = readForm(req.body, ["antwort"] as const);
    const form = validate(values, { antwort: [rules.required("assistant.staff.error.answer"), rules.maxLength(MAX_MESSAGE)] }, req.t);
    if (hasErrors(form)) return renderCase(req, reply, c, { form, status: 400 });
    const r = await liveStaffMessenger({ db, actor: req.actor(), requestId: req.id }, { id: c.id, text: values.antwort });
    if (!r.ok) return renderCase(req, reply, c, { status: 409, error: r.reason === "closed" ? req.t("assistant.live.error.closed") : req.t("assistant.staff.live.error.notClaimer") });
    return reply.redirect(`/verwaltung/assistent/live/${c.id}#nachrichten`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/assistent/live/:id/beenden", { preHandler: requireStaff }, async (req, reply) => {
    const c = await staffCase(req, req.params.id);
    if (!c) return reply.callNotFound();
    // The claimer ends a claimed case; administrators may end any (e.g. one left open).
    if (!(req.user!.isAdmin || (c.state === "claimed" && c.claimed_by === req.user!.id))) return renderCase(req, reply, c, { status: 409, error: req.t("assistant.staff.live.error.notClaimer") });
    await liveCloser({ db, actor: req.actor(), requestId: req.id }, { id: c.id });
    return reply.redirect(`/verwaltung/assistent/live/${c.id}`, 303);
  });
}
