import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { defineModule } from "../../platform/modules.js";
import "./db.js";
import { listMunicipalities, servedKreise } from "../geo/index.js";
import { orgUnitsByIds } from "../responsibility/index.js";
import { homeMunicipalitySetter } from "./commands/homeMunicipalitySetter.js";
import { readForm, rules, validate, hasErrors } from "../../platform/forms.js";
import { passwordProblem } from "../../platform/auth/password.js";
import { requireLogin, currentUser, ForbiddenError, safeNext } from "../../platform/auth/guards.js";
import { API_SCOPES, type ApiScope } from "../../platform/auth/apiTokens.js";
import { addDays, berlinDate, isDate } from "../../platform/time/berlin.js";
import { endOfBerlinDay } from "../../platform/time/workingDays.js";
import { SESSION_COOKIE, sessionCookieOptions } from "../../platform/http/cookies.js";
import { emptyForm, type FormState } from "../../platform/views/components.js";
import { accountMessages } from "./messages.js";
import { findUserByEmail, listApiTokens } from "./queries.js";
import { canUseApiTokens } from "./policies.js";
import { apiTokenIssuer, apiTokenRevoker, MAX_ACTIVE_API_TOKENS } from "./commands/apiTokenIssuer.js";
import { citizenRegistrar } from "./commands/citizenRegistrar.js";
import { emailConfirmer } from "./commands/emailConfirmer.js";
import { passwordResetRequester, passwordResetter } from "./commands/passwordResetter.js";
import { loginRoutes, scrub } from "./pages/login.js";
import { peekToken } from "./tokens.js";
import { AccountPage, ConfirmPage, ForgotPage, MessagePage, RegisterPage, ResetPage } from "./pages/views.js";
import { oidcRoutes } from "./oidc.js";
import { commandContext } from "./browserSession.js";
import { resolveApiToken } from "./principals.js";
/** A session token (cookie) to its signed-in user, with timeouts (the app's request hook); a personal API token to its account. */
export { loadSession, resolveApiToken } from "./principals.js";
import { formatDay } from "../../platform/i18n/format.js";

export { staffCreator } from "./commands/staffCreator.js";
/** The demo administrator (DEMO_DATA=true; the module's demoData hook). */
export { seedDemoAdmin, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "./commands/demoAdminSeeder.js";
import { seedDemoAdmin } from "./commands/demoAdminSeeder.js";
/** Demo staff accounts, each a member of a given org unit (other modules' demo data: the cases module's departments). */
export { demoMemberSeeder, type DemoMember } from "./commands/demoMemberSeeder.js";
export { roleGranter, roleRevoker, accountStatusSetter, ROLES, isRole, type Role } from "./commands/roleChanger.js";
export { listStaff, rolesOfUser, staffOfOrgUnit } from "./queries.js";
/** System accounts of specialist software and their API tokens (the E-Akte's administration page, `npm run system:create`). */
export { listSystemAccounts, SYSTEM_ACCOUNT_DOMAIN, type SystemAccountRow } from "./queries.js";
export { apiTokenIssuer, apiTokenRevoker } from "./commands/apiTokenIssuer.js";
/** Display names of accounts (one query for many ids), one name, and membership of an org unit: accounts owns users and user_roles. */
export { userDisplayNames, userDisplayName, isActiveMemberOf, accountSummary } from "./queries.js";
/** E-mail and language of an active account, for mails to it (undefined when disabled or unknown). */
export { findMailContact } from "./queries.js";
/** The municipality (AGS) an account holder gave as home (for "responsible for me"), if any. */
export { accountsLivingIn, homeMunicipality } from "./queries.js";
export { sessionStarter } from "./commands/loginRecorder.js";
export { commandContext, startBrowserSession } from "./browserSession.js";

const formLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };

/** Citizen registration with e-mail confirmation, login/logout, password reset, "Mein Konto". */
async function accountsPlugin(app: FastifyInstance) {
  const { config, db, mailer } = app.deps;
  // API routes of every module (requireApiToken) resolve personal tokens here: accounts owns api_tokens and users.
  app.services.resolveApiToken = resolveApiToken;
  const link = (path: string) => `${config.publicUrl}${path}`;
  const countyName = () => app.deps.county.name;

  // ---- registration
  // `next`: where the person came from (same-site path only); the confirmation mail and the login return there.
  const nextOf = (v: unknown) => safeNext(v, "");
  const withNext = (path: string, next: string) => (next ? `${path}${path.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}` : path);
  app.get<{ Querystring: { next?: string } }>("/registrieren", (req, reply) => reply.page(req.t("accounts.register.title"), (ctx) => <RegisterPage ctx={ctx} form={emptyForm()} next={nextOf(req.query.next)} />));

  app.post("/registrieren", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["displayName", "email", "password", "passwordConfirm", "next"] as const);
    const next = nextOf(values.next);
    const form = validate(
      values,
      {
        displayName: [rules.required(), rules.maxLength(120)],
        email: [rules.required(), rules.email()],
        password: [rules.required()],
        passwordConfirm: [rules.required()],
      },
      t,
    );
    const pwProblem = values.password && passwordProblem(values.password, values.email);
    if (pwProblem && !form.errors.password) form.errors.password = t(pwProblem);
    if (!form.errors.password && !form.errors.passwordConfirm && values.password !== values.passwordConfirm) form.errors.passwordConfirm = t("accounts.password.mismatch");
    if (hasErrors(form)) return reply.page(t("accounts.register.title"), (ctx) => <RegisterPage ctx={ctx} form={scrub(form)} next={next} />, { status: 422 });

    const result = await citizenRegistrar(commandContext(app, req), { email: values.email, displayName: values.displayName, password: values.password, locale: req.locale });
    if (result.created) {
      await mailer.send({
        to: values.email,
        subject: t("accounts.mail.confirm.subject"),
        text: t("accounts.mail.confirm.body", { name: values.displayName, county: countyName(), link: link(withNext(`/registrieren/bestaetigen?token=${result.token}`, next)) }),
      });
    } else {
      // The same answer as for a new address; the owner learns about the attempt by mail.
      await mailer.send({ to: values.email, subject: t("accounts.mail.exists.subject"), text: t("accounts.mail.exists.body", { county: countyName(), link: link("/passwort-vergessen") }) });
    }
    return reply.page(t("accounts.register.sent.title"), (ctx) => (
      <MessagePage ctx={ctx} title={t("accounts.register.sent.title")} body={t("accounts.register.sent.body", { email: values.email })}>
        <p class="kern-body">{t("accounts.register.sent.noMail")}</p>
        {next && <p class="kern-body">{t("accounts.register.sent.next")}</p>}
      </MessagePage>
    ));
  });

  // A GET only shows the button: mail scanners that open links must not confirm accounts.
  app.get<{ Querystring: { token?: string; next?: string } }>("/registrieren/bestaetigen", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const t = req.t;
    if (!token || !(await peekToken(db, token, "confirm_email"))) {
      return reply.page(t("accounts.confirm.invalid.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.confirm.invalid.title")} body={t("accounts.confirm.invalid.body")} />, { status: 410 });
    }
    return reply.page(t("accounts.confirm.title"), (ctx) => <ConfirmPage ctx={ctx} token={token} next={nextOf(req.query.next)} />);
  });

  app.post("/registrieren/bestaetigen", { config: formLimit }, async (req, reply) => {
    const { token, next } = readForm(req.body, ["token", "next"] as const);
    const t = req.t;
    const userId = token ? await emailConfirmer(commandContext(app, req), { token }) : undefined;
    if (!userId) return reply.page(t("accounts.confirm.invalid.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.confirm.invalid.title")} body={t("accounts.confirm.invalid.body")} />, { status: 410 });
    return reply.redirect(withNext("/anmelden?hinweis=bestaetigt", nextOf(next)), 303);
  });

  // ---- login / logout / unlock
  await app.register(loginRoutes);

  // ---- password reset
  app.get("/passwort-vergessen", (req, reply) => reply.page(req.t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={emptyForm()} sent={false} />));

  app.post("/passwort-vergessen", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["email"] as const);
    const form = validate(values, { email: [rules.required(), rules.email()] }, t);
    if (hasErrors(form)) return reply.page(t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={form} sent={false} />, { status: 422 });
    const user = await findUserByEmail(db, values.email);
    if (user && !user.disabled_at) {
      const token = await passwordResetRequester(commandContext(app, req), { userId: user.id });
      await mailer.send({ to: user.email, subject: t("accounts.mail.reset.subject"), text: t("accounts.mail.reset.body", { name: user.display_name, county: countyName(), link: link(`/passwort-zuruecksetzen?token=${token}`) }) });
    }
    return reply.page(t("accounts.forgot.title"), (ctx) => <ForgotPage ctx={ctx} form={emptyForm()} sent />);
  });

  app.get<{ Querystring: { token?: string } }>("/passwort-zuruecksetzen", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const t = req.t;
    if (!token || !(await peekToken(db, token, "reset_password"))) {
      return reply.page(t("accounts.reset.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.reset.title")} body={t("accounts.reset.invalid")} />, { status: 410 });
    }
    return reply.page(t("accounts.reset.title"), (ctx) => <ResetPage ctx={ctx} form={emptyForm()} token={token} />, { noindex: true });
  });

  app.post("/passwort-zuruecksetzen", { config: formLimit }, async (req, reply) => {
    const t = req.t;
    const values = readForm(req.body, ["token", "password", "passwordConfirm"] as const);
    const form = validate(values, { password: [rules.required()], passwordConfirm: [rules.required()] }, t);
    const pwProblem = values.password && passwordProblem(values.password, "");
    if (pwProblem && !form.errors.password) form.errors.password = t(pwProblem);
    if (!form.errors.password && !form.errors.passwordConfirm && values.password !== values.passwordConfirm) form.errors.passwordConfirm = t("accounts.password.mismatch");
    if (hasErrors(form)) return reply.page(t("accounts.reset.title"), (ctx) => <ResetPage ctx={ctx} form={scrub(form)} token={values.token} />, { status: 422 });
    const userId = await passwordResetter(commandContext(app, req), { token: values.token, password: values.password });
    if (!userId) return reply.page(t("accounts.reset.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={t("accounts.reset.title")} body={t("accounts.reset.invalid")} />, { status: 410 });
    reply.clearCookie(SESSION_COOKIE(config), sessionCookieOptions(config));
    return reply.redirect("/anmelden?hinweis=passwort", 303);
  });

  // ---- my account
  const homeOptions = async () => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ value: m.ags, label: m.short_name }));

  interface AccountState {
    home?: FormState;
    saved?: boolean;
    tokens?: FormState;
    created?: { name: string; secret: string };
    revoked?: boolean;
  }

  async function renderAccount(req: FastifyRequest, reply: FastifyReply, state: AccountState, status = 200) {
    const user = currentUser(req);
    const t = req.t;
    const units = await orgUnitsByIds(db, user.orgUnitIds);
    const roles = [
      ...(user.isAdmin ? [t("accounts.role.admin")] : []),
      ...(user.isEditor && !user.isAdmin ? [t("accounts.role.editor")] : []),
      ...units.map((u) => t("accounts.role.member", { unit: u.name })),
    ];
    const home = { options: await homeOptions(), form: state.home ?? emptyForm({ homeAgs: user.homeAgs ?? "" }), saved: !!state.saved };
    const apiTokens = canUseApiTokens(user)
      ? { tokens: await listApiTokens(db, user.id), form: state.tokens ?? emptyApiTokenForm(), created: state.created, revoked: !!state.revoked, maxDate: addDays(berlinDate(new Date()), API_TOKEN_MAX_DAYS) }
      : undefined;
    return reply.page(t("accounts.account.title"), (ctx) => <AccountPage ctx={ctx} account={{ displayName: user.displayName, email: user.email, kind: user.kind, roles, home, apiTokens }} />, { noindex: true, status });
  }

  app.get<{ Querystring: { gespeichert?: string; widerrufen?: string } }>("/konto", { preHandler: requireLogin }, async (req, reply) =>
    renderAccount(req, reply, { saved: req.query.gespeichert === "1", revoked: req.query.widerrufen === "1" }),
  );

  app.post("/konto/wohnort", { preHandler: requireLogin }, async (req, reply) => {
    const user = currentUser(req);
    const { homeAgs } = readForm(req.body, ["homeAgs"] as const);
    if (homeAgs && !(await homeOptions()).some((o) => o.value === homeAgs)) {
      return renderAccount(req, reply, { home: { values: { homeAgs }, errors: { homeAgs: req.t("accounts.home.invalid") } } }, 422);
    }
    await homeMunicipalitySetter(commandContext(app, req), { userId: user.id, ags: homeAgs || null });
    return reply.redirect("/konto?gespeichert=1#wohnort", 303);
  });

  // ---- personal API tokens ("API-Zugänge")
  app.post("/konto/api-zugaenge", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (!canUseApiTokens(user)) throw new ForbiddenError("Nur für Bürgerkonten");
    const t = req.t;
    const { tokenName, expiresOn } = readForm(req.body, ["tokenName", "expiresOn"] as const);
    const scopes = readScopes(req.body);
    const form = validate({ tokenName, expiresOn, scopes: scopes.join(" ") }, { tokenName: [rules.required(), rules.maxLength(80)] }, t);
    if (scopes.length === 0) form.errors.scopes = t("accounts.apiTokens.error.scopes");
    const today = berlinDate(new Date());
    const maxDate = addDays(today, API_TOKEN_MAX_DAYS);
    const date = parseDateInput(expiresOn);
    if (!expiresOn) form.errors.expiresOn = t("validation.required");
    else if (!date) form.errors.expiresOn = t("accounts.apiTokens.error.date");
    else if (date <= today) form.errors.expiresOn = t("accounts.apiTokens.error.past");
    else if (date > maxDate) form.errors.expiresOn = t("accounts.apiTokens.error.tooLate", { date: formatDay(maxDate) });
    if (hasErrors(form) || !date) return renderAccount(req, reply, { tokens: form }, 422);
    const result = await apiTokenIssuer(commandContext(app, req), { userId: user.id, name: tokenName, scopes, expiresAt: endOfBerlinDay(date) });
    if (result.kind === "limit") return renderAccount(req, reply, { tokens: { values: form.values, errors: { tokenName: t("accounts.apiTokens.error.limit", { n: MAX_ACTIVE_API_TOKENS }) } } }, 422);
    // The secret is in this answer only (no redirect: it is never stored or put in a URL).
    return renderAccount(req, reply, { created: { name: tokenName, secret: result.secret } });
  });

  app.post<{ Params: { id: string } }>("/konto/api-zugaenge/:id/widerrufen", { preHandler: requireLogin, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (!canUseApiTokens(user)) throw new ForbiddenError("Nur für Bürgerkonten");
    // Only the account's own tokens can be revoked; another account's id looks like an unknown one.
    if (!(await apiTokenRevoker(commandContext(app, req), { userId: user.id, tokenId: req.params.id }))) {
      return reply.page(req.t("accounts.apiTokens.title"), (ctx) => <MessagePage ctx={ctx} kind="warning" title={req.t("accounts.apiTokens.title")} body={req.t("accounts.apiTokens.error.notFound")} />, { status: 404, noindex: true });
    }
    return reply.redirect("/konto?widerrufen=1#api-zugaenge", 303);
  });

  await app.register(oidcRoutes);
}

/** Personal API tokens are valid for at most a year. */
const API_TOKEN_MAX_DAYS = 365;
const API_TOKEN_DEFAULT_DAYS = 90;

const emptyApiTokenForm = () => emptyForm({ tokenName: "", scopes: "submissions:write", expiresOn: addDays(berlinDate(new Date()), API_TOKEN_DEFAULT_DAYS) });

/** The checked scopes of the form (one value or several under the name "scopes"), known ones only. */
function readScopes(body: unknown): ApiScope[] {
  const raw = body && typeof body === "object" ? (body as Record<string, unknown>).scopes : undefined;
  return API_SCOPES.filter((s) => (Array.isArray(raw) ? raw : [raw]).includes(s));
}

/** A date as the date input sends it (YYYY-MM-DD) or as people type it without one (31.12.2026). */
function parseDateInput(v: string): string | undefined {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, "0")}-${german[1]!.padStart(2, "0")}` : v;
  return isDate(iso) ? iso : undefined;
}


/** The accounts module (src/platform/modules.ts). */
export const accountsModule = defineModule({
  name: "accounts",
  messages: [accountMessages],
  jobs: [
    {
      // One-time tokens (confirmation, password reset, unlock) a week after they expired; spent login throttles and devices.
      name: "accounts-cleanup",
      cron: "*/10 * * * *",
      async handler({ db }) {
        await db.deleteFrom("user_tokens").where("expires_at", "<", new Date(Date.now() - 7 * 86400_000)).execute();
        await db.deleteFrom("login_throttle").where("reset_at", "<", new Date()).execute();
        await db.deleteFrom("login_devices").where("expires_at", "<", new Date()).execute();
      },
    },
  ],
  demoData: seedDemoAdmin,
  plugin: accountsPlugin,
});

/** An active account by e-mail address (case-insensitive): id and kind only, for modules that link accounts (care). */
export async function accountIdByEmail(db: import("../../platform/db/index.js").Db, email: string): Promise<{ id: string; kind: "citizen" | "staff" } | undefined> {
  const u = await findUserByEmail(db, email);
  return u && !u.disabled_at ? { id: u.id, kind: u.kind } : undefined;
}

/** The org units a staff account is a member of (for API tokens acting for the account, e.g. the records API). */
export async function memberUnitIds(db: import("../../platform/db/index.js").Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom("user_roles").select("org_unit_id").where("user_id", "=", userId).where("role", "=", "member").where("org_unit_id", "is not", null).execute();
  return rows.map((r) => r.org_unit_id!);
}
