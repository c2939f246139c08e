/**
 * Provider invitations by mail (issue 17): county staff invite a person by e-mail to a provider's
 * accounts; the mail carries a token link (only its SHA-256 is stored; expires after
 * CARE_INVITATION_DAYS; single use); the person signs in (or registers first, accounts module) with
 * the invited address and accepts; staff see every invitation's state and revoke open ones.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { currentUser, requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import { hasErrors, readForm, rules, validate } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { accountIdByEmail } from "../../accounts/index.js";
import { findProvider } from "../queries.js";
import { invitationByHash, invitationsOf } from "../invitationQueries.js";
import { INVITATION_TOKEN, invitationAccepter, invitationCreator, invitationHashOf, invitationRevoker } from "../commands/invitations.js";
import { InvitationPage, InvitationsPage, type InvitationPageState } from "./invitationViews.js";
import { authorizeManagePage } from "./pageHelpers.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };

export async function careInvitationPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const days = config.care.invitationDays;
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });

  // ---- county staff
  async function staffPage(req: FastifyRequest, reply: import("fastify").FastifyReply, id: string, form: FormState, status = 200, notice?: string) {
    const p = await findProvider(db, id);
    if (!p) return reply.callNotFound();
    const list = await invitationsOf(db, p.id, new Date());
    return reply.page(req.t("care.invitations.title"), (ctx) => <InvitationsPage ctx={ctx} providerId={p.id} providerName={p.name} list={list} form={form} notice={notice} days={days} />, { status, noindex: true });
  }

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/verwaltung/pflege/:id/einladungen", { preHandler: requireStaff }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const notices: Record<string, string> = { gesendet: "care.invitations.sent", widerrufen: "care.invitations.revoked" };
    return staffPage(req, reply, req.params.id, emptyForm(), 200, notices[req.query.ok ?? ""]);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/pflege/:id/einladungen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p) return reply.callNotFound();
    const values = readForm(req.body, ["email"] as const);
    const form = validate(values, { email: [rules.required(), rules.email(), rules.maxLength(200)] }, req.t);
    if (!hasErrors(form) && (await accountIdByEmail(db, values.email))?.kind === "staff") form.errors.email = req.t("care.members.staffAccount");
    if (hasErrors(form)) return staffPage(req, reply, p.id, form, 422);
    await invitationCreator(ctxOf(req), { providerId: p.id, providerName: p.name, email: values.email, days, publicUrl: config.publicUrl });
    return reply.redirect(`/verwaltung/pflege/${p.id}/einladungen?ok=gesendet`, 303);
  });

  app.post<{ Params: { id: string; hash: string } }>("/verwaltung/pflege/:id/einladungen/:hash/widerrufen", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    await authorizeManagePage(db, req);
    const p = await findProvider(db, req.params.id);
    if (!p || !/^[0-9a-f]{64}$/.test(req.params.hash)) return reply.callNotFound();
    if (!(await invitationRevoker(ctxOf(req), p.id, req.params.hash))) return reply.callNotFound();
    return reply.redirect(`/verwaltung/pflege/${p.id}/einladungen?ok=widerrufen`, 303);
  });

  // ---- the person invited (link from the mail; the token in the query string, which the log leaves out)
  async function pageState(req: FastifyRequest, token: string | undefined): Promise<{ s: InvitationPageState; status: number }> {
    const inv = token && INVITATION_TOKEN.test(token) ? await invitationByHash(db, invitationHashOf(token), new Date()) : undefined;
    if (!inv || !token) return { s: { kind: "invalid", reason: "unknown" }, status: 404 };
    if (inv.state !== "pending") return { s: { kind: "invalid", reason: inv.state }, status: 410 };
    const p = await findProvider(db, inv.providerId);
    if (!p) return { s: { kind: "invalid", reason: "unknown" }, status: 404 };
    const user = req.user;
    if (!user) return { s: { kind: "signIn", providerName: p.name, email: inv.email, expiresAt: inv.expiresAt, token }, status: 200 };
    if (user.kind === "staff" || user.email.toLowerCase() !== inv.email.toLowerCase())
      return { s: { kind: "wrongAccount", providerName: p.name, email: inv.email, signedInAs: user.email, staff: user.kind === "staff" }, status: 403 };
    return { s: { kind: "accept", providerName: p.name, email: inv.email, expiresAt: inv.expiresAt, token }, status: 200 };
  }

  app.get<{ Querystring: { t?: string } }>("/pflegeplaetze/einladung", { config: formLimit }, async (req, reply) => {
    const { s, status } = await pageState(req, typeof req.query.t === "string" ? req.query.t : undefined);
    return reply.page(req.t("care.invitation.title"), (ctx) => <InvitationPage ctx={ctx} s={s} />, { status, noindex: true });
  });

  app.post("/pflegeplaetze/einladung", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const token = readForm(req.body, ["t"] as const).t;
    const { s, status } = await pageState(req, token);
    if (s.kind !== "accept") return reply.page(req.t("care.invitation.title"), (ctx) => <InvitationPage ctx={ctx} s={s} />, { status, noindex: true });
    const res = await invitationAccepter(ctxOf(req), token, currentUser(req).id);
    if (!res.ok) return reply.page(req.t("care.invitation.title"), (ctx) => <InvitationPage ctx={ctx} s={{ kind: "invalid", reason: res.reason }} />, { status: res.reason === "unknown" ? 404 : 410, noindex: true });
    return reply.redirect(`/pflegeplaetze/anbieter/${res.providerId}/melden?ok=eingeladen`, 303);
  });
}
