/** "Mein Konto" (/konto): home municipality and personal API tokens ("API-Zugänge"). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { orgUnitsByIds } from "../../responsibility/index.js";
import { homeMunicipalitySetter } from "../commands/homeMunicipalitySetter.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { requireLogin, currentUser, ForbiddenError } from "../../../platform/auth/guards.js";
import { API_SCOPES, type ApiScope } from "../../../platform/auth/apiTokens.js";
import { addDays, berlinDate, isDate } from "../../../platform/time/berlin.js";
import { endOfBerlinDay } from "../../../platform/time/workingDays.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { listApiTokens } from "../queries.js";
import { canUseApiTokens } from "../policies.js";
import { apiTokenIssuer, apiTokenRevoker, MAX_ACTIVE_API_TOKENS } from "../commands/apiTokenIssuer.js";
import { commandContext } from "../browserSession.js";
import { formLimit } from "./routes.js";
import { AccountPage, MessagePage } from "./views.js";

/** /konto, /konto/wohnort, /konto/api-zugaenge (create, revoke). */
export function accountPages(app: FastifyInstance) {
  const { config, db } = app.deps;
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
