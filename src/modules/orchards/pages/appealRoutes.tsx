import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { appealDecider, appealFiler } from "../commands/appeals.js";
import { findAppealOf, findBlock, findWarningOf } from "../moderationQueries.js";
import { isUuid } from "../queries.js";
import { AppealPage } from "./appealViews.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
type RenderStaff = (req: FastifyRequest, reply: FastifyReply, notice?: string, forms?: Record<string, FormState>, status?: number) => Promise<FastifyReply>;

/** Appeals against a block or a warning (one per sanction) and the staff decision on them (migrations/0051). */
export async function orchardAppealPages(app: FastifyInstance, renderStaff: RenderStaff) {
  const { db, config, mailer } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  /** Only an account with a current block has this page; everyone else 404. */
  async function render(req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, notice?: string) {
    const user = currentUser(req);
    const block = user.kind === "citizen" ? await findBlock(db, user.id) : undefined;
    if (!block) return reply.callNotFound();
    const appeal = await findAppealOf(db, block.id);
    return reply.page(req.t("orchards.appeal.title"), (ctx) => <AppealPage ctx={ctx} block={block} appeal={appeal} form={form} notice={notice} />, { status, noindex: true });
  }

  app.get<{ Querystring: { eingelegt?: string } }>("/streuobst/widerspruch", { preHandler: requireLogin }, async (req, reply) =>
    render(req, reply, emptyForm(), 200, req.query.eingelegt === "1" ? req.t("orchards.appeal.filed") : undefined),
  );

  app.post("/streuobst/widerspruch", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const values = readForm(req.body, ["widerspruch"] as const);
    const form: FormState = { values, errors: {} };
    const body = values.widerspruch ?? "";
    if (!body || body.length > 2000) form.errors.widerspruch = req.t("orchards.appeal.bodyInvalid");
    if (Object.keys(form.errors).length) return render(req, reply, form, 422);
    const out = await appealFiler(ctxOf(req), { userId: currentUser(req).id, body });
    if (out === "noBlock") return reply.callNotFound();
    if (out === "duplicate") return render(req, reply, emptyForm(), 409, req.t("orchards.appeal.duplicate"));
    return reply.redirect("/streuobst/widerspruch?eingelegt=1", 303);
  });

  // ---- Appeal against a warning (the person's own, not withdrawn; everyone else 404). Like the block's
  // appeal it is not refused by a block.
  async function renderWarning(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, form: FormState, status = 200, notice?: string) {
    const user = currentUser(req);
    const warning = user.kind === "citizen" ? await findWarningOf(db, user.id, req.params.id) : undefined;
    if (!warning) return reply.callNotFound();
    const appeal = await findAppealOf(db, warning.id);
    const action = `/streuobst/verwarnungen/${warning.id}/widerspruch`;
    return reply.page(req.t("orchards.appeal.warningTitle"), (ctx) => <AppealPage ctx={ctx} block={warning} appeal={appeal} form={form} notice={notice} action={action} />, { status, noindex: true });
  }

  app.get<{ Params: { id: string }; Querystring: { eingelegt?: string } }>("/streuobst/verwarnungen/:id/widerspruch", { preHandler: requireLogin }, async (req, reply) =>
    renderWarning(req, reply, emptyForm(), 200, req.query.eingelegt === "1" ? req.t("orchards.appeal.filed") : undefined),
  );

  app.post<{ Params: { id: string } }>("/streuobst/verwarnungen/:id/widerspruch", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const values = readForm(req.body, ["widerspruch"] as const);
    const form: FormState = { values, errors: {} };
    const body = values.widerspruch ?? "";
    if (!body || body.length > 2000) form.errors.widerspruch = req.t("orchards.appeal.bodyInvalid");
    if (Object.keys(form.errors).length) return renderWarning(req, reply, form, 422);
    if (!isUuid(req.params.id)) return reply.callNotFound();
    const out = await appealFiler(ctxOf(req), { userId: currentUser(req).id, body, warningId: req.params.id });
    if (out === "noBlock") return reply.callNotFound();
    if (out === "duplicate") return renderWarning(req, reply, emptyForm(), 409, req.t("orchards.appeal.warningDuplicate"));
    return reply.redirect(`/streuobst/verwarnungen/${req.params.id}/widerspruch?eingelegt=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/widersprueche/:id", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    if (!isUuid(req.params.id)) return reply.callNotFound();
    const id = req.params.id;
    const [dField, aField] = [`entscheidung-${id}`, `antwort-${id}`];
    const values = readForm(req.body, [dField, aField]);
    const form: FormState = { values, errors: {} };
    const decision = values[dField];
    const answer = values[aField] ?? "";
    if (decision !== "lift" && decision !== "uphold") form.errors[dField] = req.t("orchards.appeal.decisionInvalid");
    if (!answer || answer.length > 1000) form.errors[aField] = req.t("orchards.appeal.answerInvalid");
    if (Object.keys(form.errors).length) return renderStaff(req, reply, undefined, { [`appeal-${id}`]: form }, 422);
    const out = await appealDecider(ctxOf(req), config, { appealId: id, staffId: req.user!.id, decision: decision as "lift" | "uphold", answer });
    if (out.kind === "gone") return reply.callNotFound();
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect("/verwaltung/streuobst?erledigt=appealDecided", 303);
  });
}
