import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { UUID } from "../../../platform/keys.js";
import { ForbiddenError, requireStaff } from "../../../platform/auth/guards.js";
import { emptyForm } from "../../../platform/views/components.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { converse, ownConversation } from "../dialogue.js";
import { canWorkHandoffs } from "../policies.js";
import { findHandoff, listConversationHandoffs, listHandoffs, listLiveQueue, listTurns } from "../queries.js";
import { handoffCreator } from "../commands/handoffCreator.js";
import { handoffAnswerer } from "../commands/handoffAnswerer.js";
import { ChatPage, HandoffDetailPage, HandoffDonePage, HandoffPage, QueuePage } from "./views.js";
import { MAX_INPUT } from "../engine.js";
import { renderToString } from "preact-render-to-string";
import { WidgetFragment } from "./widgetViews.js";
import { COOKIE, setToken, tokenOf } from "./cookie.js";
import { chatLiveState, liveRoutes } from "./liveRoutes.js";

const REFERENCE = /^A-[0-9A-Z]{8}$/;
const PHONE = /^\+?[0-9][0-9 /-]{4,38}$/;

/** Chat: 30 messages a minute per client; handoffs: 5 a minute. */
const CHAT_LIMIT = { rateLimit: { max: 30, timeWindow: 60_000 } };
const HANDOFF_LIMIT = { rateLimit: { max: 5, timeWindow: 60_000 } };

/** Pages: /assistent (chat without JavaScript), /assistent/anfrage (handoff), /verwaltung/assistent (staff queue). */
export function assistantPages(app: FastifyInstance) {
  const { db, mailer } = app.deps;

  async function renderChat(req: FastifyRequest, reply: FastifyReply, form = emptyForm(), status = 200, liveForm = emptyForm()) {
    const conv = await ownConversation(app, tokenOf(req));
    const [turns, handoffs] = conv ? await Promise.all([listTurns(db, conv.id), listConversationHandoffs(db, conv.id)]) : [[], []];
    const live = await chatLiveState(app, conv?.id, turns, liveForm);
    return reply.page(req.t("assistant.title"), (ctx) => <ChatPage ctx={ctx} turns={turns} handoffs={handoffs} form={form} live={live} />, { status, noindex: true });
  }

  /** The widget's fragment (no page shell): public/assistant-widget.js shows it in a dialog. */
  async function renderWidget(req: FastifyRequest, reply: FastifyReply, token: string | undefined, form = emptyForm(), status = 200, liveForm = emptyForm()) {
    const conv = await ownConversation(app, token);
    const turns = conv ? await listTurns(db, conv.id) : [];
    const live = await chatLiveState(app, conv?.id, turns, liveForm);
    const html = renderToString(<WidgetFragment ctx={req.viewContext(reply)} turns={turns} form={form} live={live} />);
    return reply.code(status).type("text/html; charset=utf-8").header("cache-control", "no-store").header("x-robots-tag", "noindex").send(html);
  }
  const fromWidget = (req: FastifyRequest) => req.headers["x-kp-widget"] === "1";

  app.get("/assistent", async (req, reply) => renderChat(req, reply));
  app.get("/assistent/widget", async (req, reply) => renderWidget(req, reply, tokenOf(req)));

  app.post("/assistent", { config: CHAT_LIMIT }, async (req, reply) => {
    const values = readForm(req.body, ["nachricht"] as const);
    const form = validate(values, { nachricht: [rules.required("assistant.error.empty"), rules.maxLength(MAX_INPUT)] }, req.t);
    if (form.errors.nachricht === req.t("validation.maxLength", { n: MAX_INPUT })) form.errors.nachricht = req.t("assistant.error.tooLong");
    if (hasErrors(form)) return fromWidget(req) ? renderWidget(req, reply, tokenOf(req), form, 400) : renderChat(req, reply, form, 400);
    const { token, reply: answer } = await converse(app, req, { token: tokenOf(req), text: values.nachricht, channel: "chat" });
    setToken(app, reply, token);
    // The widget (same endpoint, fetch with X-KP-Widget: 1) gets its fragment back instead of a redirect.
    if (fromWidget(req)) return renderWidget(req, reply.header("x-assistant-kind", answer.kind), token);
    // Post-redirect-get; the anchor puts the reader at the new answer.
    return reply.redirect(`/assistent#verlauf`, 303).header("x-assistant-kind", answer.kind);
  });

  app.post("/assistent/neu", async (_req, reply) => {
    reply.clearCookie(COOKIE, { path: "/assistent" });
    return reply.redirect("/assistent", 303);
  });

  app.get("/assistent/anfrage", async (req, reply) => {
    const conv = await ownConversation(app, tokenOf(req));
    const turns = conv ? await listTurns(db, conv.id) : [];
    const lastQuestion = [...turns].reverse().find((t) => t.role === "user")?.text ?? "";
    const form = emptyForm({ frage: lastQuestion });
    return reply.page(req.t("assistant.handoff.title"), (ctx) => <HandoffPage ctx={ctx} form={form} hasConversation={!!conv} />, { noindex: true });
  });

  app.post("/assistent/anfrage", { config: HANDOFF_LIMIT }, async (req, reply) => {
    const values = readForm(req.body, ["frage", "name", "email", "telefon", "verlauf"] as const);
    const form = validate(
      values,
      { frage: [rules.required(), rules.maxLength(2000)], name: [rules.maxLength(200)], email: [rules.maxLength(254), rules.email()], telefon: [rules.maxLength(40)] },
      req.t,
    );
    if (!form.errors.telefon && values.telefon && !PHONE.test(values.telefon)) form.errors.telefon = req.t("assistant.handoff.error.phone");
    if (!values.email && !values.telefon && !form.errors.email) form.errors.email = req.t("assistant.handoff.error.contact");
    const conv = await ownConversation(app, tokenOf(req));
    if (hasErrors(form)) return reply.page(req.t("assistant.handoff.title"), (ctx) => <HandoffPage ctx={ctx} form={form} hasConversation={!!conv} />, { status: 400, noindex: true });
    const transcript = conv && values.verlauf === "1" ? (await listTurns(db, conv.id)).map((t) => ({ role: t.role, text: t.text })) : [];
    const { reference } = await handoffCreator(
      { db, actor: req.actor(), requestId: req.id },
      { conversationId: conv?.id ?? null, channel: "chat", question: values.frage, name: values.name || null, email: values.email || null, phone: values.telefon || null, transcript },
    );
    return reply.redirect(`/assistent/anfrage/eingegangen?kennung=${reference}`, 303);
  });

  app.get<{ Querystring: { kennung?: string } }>("/assistent/anfrage/eingegangen", async (req, reply) => {
    const reference = typeof req.query.kennung === "string" && REFERENCE.test(req.query.kennung) ? req.query.kennung : undefined;
    if (!reference) return reply.redirect("/assistent/anfrage", 303);
    return reply.page(req.t("assistant.handoff.done.title"), (ctx) => <HandoffDonePage ctx={ctx} reference={reference} />, { noindex: true });
  });

  // Staff queue (any staff account with a role; policies.canWorkHandoffs).
  app.get("/verwaltung/assistent", { preHandler: requireStaff }, async (req, reply) => {
    if (!canWorkHandoffs(req.user)) throw new ForbiddenError("Nur für das Servicezentrum");
    const [rows, liveRows] = await Promise.all([listHandoffs(db), listLiveQueue(db, req.user!)]);
    return reply.page(req.t("assistant.staff.title"), (ctx) => <QueuePage ctx={ctx} rows={rows} liveRows={liveRows} />, { noindex: true });
  });

  async function renderDetail(req: FastifyRequest, reply: FastifyReply, id: string, form = emptyForm(), status = 200, sent = false) {
    const h = UUID.test(id) ? await findHandoff(db, id) : undefined;
    if (!h) return reply.callNotFound();
    return reply.page(req.t("assistant.staff.detail", { reference: h.reference }), (ctx) => <HandoffDetailPage ctx={ctx} h={h} form={form} sent={sent} />, { status, noindex: true });
  }

  app.get<{ Params: { id: string }; Querystring: { gesendet?: string } }>("/verwaltung/assistent/:id", { preHandler: requireStaff }, async (req, reply) => {
    if (!canWorkHandoffs(req.user)) throw new ForbiddenError("Nur für das Servicezentrum");
    return renderDetail(req, reply, req.params.id, emptyForm(), 200, req.query.gesendet === "1");
  });

  app.post<{ Params: { id: string } }>("/verwaltung/assistent/:id", { preHandler: requireStaff }, async (req, reply) => {
    if (!canWorkHandoffs(req.user)) throw new ForbiddenError("Nur für das Servicezentrum");
    const values = readForm(req.body, ["antwort"] as const);
    const form = validate(values, { antwort: [rules.required("assistant.staff.error.answer"), rules.maxLength(4000)] }, req.t);
    if (hasErrors(form)) return renderDetail(req, reply, req.params.id, form, 400);
    if (!UUID.test(req.params.id)) return reply.callNotFound();
    const result = await handoffAnswerer({ db, actor: req.actor(), requestId: req.id }, { handoffId: req.params.id, answer: values.antwort, locale: "de" });
    if (!result.ok && result.reason === "not_found") return reply.callNotFound();
    if (!result.ok) return renderDetail(req, reply, req.params.id, { values, errors: { antwort: req.t("assistant.staff.error.already") } }, 409);
    if (result.mailId) await deliverQueuedMails(db, mailer, { ids: [result.mailId] }).catch((err: unknown) => req.log.error({ err }, "assistant answer mail deferred"));
    return reply.redirect(`/verwaltung/assistent/${req.params.id}?gesendet=1`, 303);
  });

  liveRoutes(app, renderChat, (req, reply, liveForm, status) => renderWidget(req, reply, tokenOf(req), emptyForm(), status, liveForm));
}
