/**
 * Administration of system accounts of specialist software (issue 14 §6): create an account with its first
 * API token (the secret shown once), list accounts with their tokens, issue a further token, revoke one.
 * Admins only (requireAdmin); every change is audited by the accounts module's writers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireAdmin } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextField, emptyForm, type FormState } from "../../../platform/views/components.js";
import type { ApiScope } from "../../../platform/auth/apiTokens.js";
import { listSystemAccounts, type SystemAccountRow } from "../../accounts/index.js";
import { listOrgUnits } from "../../responsibility/index.js";
import { systemAccountCreator, systemTokenIssuer, systemTokenRevoker } from "../commands/systemAccounts.js";

/** The scopes an administrator grants here (the E-Akte's API). */
export const SYSTEM_SCOPES = ["records:read", "records:write", "cases:write"] as const satisfies readonly ApiScope[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE = "/verwaltung/akten/systemkonten";

type Unit = { id: string; name: string };

function TokenForm({ ctx, form, action, withUnit, units, idPrefix }: { ctx: ViewContext; form: FormState; action: string; withUnit: boolean; units: Unit[]; idPrefix: string }) {
  const { t } = ctx;
  return (
    <form method="post" action={action} class="kern-stack kp-narrow" novalidate aria-labelledby={idPrefix}>
      <CsrfField token={ctx.csrfToken} />
      <TextField name="name" label={t("records.system.name")} hint={t("records.system.name.hint")} form={form} required maxLength={80} />
      {withUnit && <SelectField name="einheit" label={t("records.system.unit")} hint={t("records.system.unit.hint")} form={form} options={units.map((u) => ({ value: u.id, label: u.name }))} placeholder={t("records.webhooks.choose")} required />}
      <CheckboxGroup name="scopes" label={t("records.system.scopes")} form={form} options={SYSTEM_SCOPES.map((s) => ({ value: s, label: t(`accounts.apiTokens.scope.${s}`) }))} />
      <TextField name="tage" label={t("records.system.days")} hint={t("records.system.days.hint")} form={form} required inputMode="numeric" width={4} />
      <Button>{t(withUnit ? "records.system.create" : "records.system.newToken")}</Button>
    </form>
  );
}

function AccountItem({ ctx, a, units }: { ctx: ViewContext; a: SystemAccountRow; units: Unit[] }) {
  const { t, locale } = ctx;
  const unitNames = a.unitIds.map((id) => units.find((u) => u.id === id)?.name ?? id).join(", ");
  return (
    <li class="kern-stack">
      <h3 class="kern-heading-small" id={`konto-${a.id}`}>
        {a.display_name}
      </h3>
      <p class="kern-body">{t("records.system.account", { email: a.email, units: unitNames || "–", at: formatDateTime(a.created_at, locale) })}</p>
      {a.disabled_at && <p class="kern-body">{t("records.system.disabled")}</p>}
      {a.tokens.length === 0 ? (
        <p class="kern-body">{t("records.system.noTokens")}</p>
      ) : (
        <DataTable
          caption={t("records.system.tokens", { name: a.display_name })}
          head={[t("accounts.apiTokens.name"), t("accounts.apiTokens.scopes"), t("accounts.apiTokens.createdAt"), t("accounts.apiTokens.lastUsed"), t("accounts.apiTokens.expiresAt"), t("accounts.apiTokens.action")]}
          rows={a.tokens.map((tok) => [
            tok.name,
            tok.scopes.map((s) => t(`accounts.apiTokens.scope.${s}`)).join(", "),
            formatDateTime(tok.created_at, locale),
            tok.last_used_at ? formatDateTime(tok.last_used_at, locale) : t("accounts.apiTokens.neverUsed"),
            formatDateTime(tok.expires_at, locale),
            <form method="post" action={`${BASE}/${a.id}/tokens/${tok.id}/widerrufen`}>
              <CsrfField token={ctx.csrfToken} />
              <Button variant="secondary">
                {t("accounts.apiTokens.revoke")}
                <span class="kern-sr-only"> „{tok.name}“ ({a.display_name})</span>
              </Button>
            </form>,
          ])}
        />
      )}
      <p class="kern-body">
        <a class="kern-link" href={`${BASE}/${a.id}/tokens`}>
          {t("records.system.newTokenFor", { name: a.display_name })}
        </a>
      </p>
    </li>
  );
}

function SystemAccountsPage(props: { ctx: ViewContext; accounts: SystemAccountRow[]; units: Unit[]; form: FormState; created?: { email: string; secret: string }; notice?: string }) {
  const { ctx, accounts, units, form, created, notice } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.system.title")}</PageHeading>
      <ErrorSummary form={form} t={t} />
      {created && (
        <Alert kind="success" title={t("records.system.created", { email: created.email })}>
          <p class="kern-body">{t("accounts.apiTokens.created.once")}</p>
          <p class="kern-body">
            <code class="kp-secret" id="neues-token">
              {created.secret}
            </code>
          </p>
          <p class="kern-body">{t("accounts.apiTokens.created.usage")}</p>
        </Alert>
      )}
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("records.system.intro")}</p>
      <Section id="konten" title={t("records.system.list")}>
        {accounts.length === 0 ? (
          <p class="kern-body">{t("records.system.none")}</p>
        ) : (
          <ul class="kern-list kp-plain-list">
            {accounts.map((a) => (
              <AccountItem ctx={ctx} a={a} units={units} />
            ))}
          </ul>
        )}
      </Section>
      <Section id="neu" title={t("records.system.new")}>
        <TokenForm ctx={ctx} form={form} action={BASE} withUnit units={units} idPrefix="neu" />
      </Section>
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

function NewTokenPage({ ctx, account, form }: { ctx: ViewContext; account: SystemAccountRow; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("records.system.title")}>{t("records.system.newTokenFor", { name: account.display_name })}</PageHeading>
      <ErrorSummary form={form} t={t} />
      <p class="kern-body" id="token-neu">
        {t("records.system.rotate")}
      </p>
      <TokenForm ctx={ctx} form={form} action={`${BASE}/${account.id}/tokens`} withUnit={false} units={[]} idPrefix="token-neu" />
      <LinkLine href={BASE}>{t("records.system.title")}</LinkLine>
    </div>
  );
}

/** Reads name, scopes and validity (and the unit when `units` is given); German errors on the form. */
function readTokenForm(req: FastifyRequest, units?: Unit[]) {
  const values = readForm(req.body, ["name", "einheit", "tage"] as const);
  const raw = (req.body as Record<string, unknown> | undefined)?.scopes;
  const scopes = SYSTEM_SCOPES.filter((s) => (Array.isArray(raw) ? raw : [raw]).includes(s));
  const form = validate({ ...values, scopes: scopes.join(" ") }, { name: [rules.required(), rules.maxLength(80)], tage: [rules.required()] }, req.t);
  const days = Number(values.tage);
  if (!form.errors.tage && (!/^\d{1,3}$/.test(values.tage) || days < 1 || days > 730)) form.errors.tage = req.t("records.system.days.error");
  if (!scopes.length) form.errors.scopes = req.t("records.system.scopes.error");
  if (units && !units.some((u) => u.id === values.einheit)) form.errors.einheit = req.t("records.webhooks.unitMissing");
  return { form, name: values.name, unitId: values.einheit, scopes: [...scopes] as ApiScope[], days };
}

export async function systemAccountPages(app: FastifyInstance) {
  const { db } = app.deps;
  const admin = { preHandler: requireAdmin, config: { rateLimit: { max: 30, timeWindow: 60_000 } } };
  const ctxOf = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });
  const render = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200, extra: { created?: { email: string; secret: string }; notice?: string } = {}) => {
    const units = (await listOrgUnits(db)).map((u) => ({ id: u.id, name: u.name }));
    const accounts = await listSystemAccounts(db);
    return reply.header("cache-control", "no-store").page(req.t("records.system.title"), (ctx) => <SystemAccountsPage ctx={ctx} accounts={accounts} units={units} form={form} {...extra} />, { status, noindex: true });
  };
  const systemAccount = async (id: string) => (UUID.test(id) ? (await listSystemAccounts(db)).find((a) => a.id === id) : undefined);

  app.get<{ Querystring: { widerrufen?: string } }>(BASE, admin, async (req, reply) => render(req, reply, emptyForm({ tage: "365" }), 200, req.query.widerrufen ? { notice: req.t("accounts.apiTokens.revoked") } : {}));

  app.post(BASE, admin, async (req, reply) => {
    const units = (await listOrgUnits(db)).map((u) => ({ id: u.id, name: u.name }));
    const { form, name, unitId, scopes, days } = readTokenForm(req, units);
    if (hasErrors(form)) return render(req, reply, form, 422);
    const created = await systemAccountCreator(ctxOf(req), { name, unitId, scopes, days });
    if (!created.ok) {
      form.errors.name = req.t(`records.system.error.${created.reason}`);
      return render(req, reply, form, 409);
    }
    return render(req, reply, emptyForm({ tage: "365" }), 201, { created: { email: created.email, secret: created.secret } });
  });

  const renderToken = (req: FastifyRequest, reply: FastifyReply, account: SystemAccountRow, form: FormState, status: number) =>
    reply.page(req.t("records.system.newTokenFor", { name: account.display_name }), (ctx) => <NewTokenPage ctx={ctx} account={account} form={form} />, { status, noindex: true });

  app.get<{ Params: { id: string } }>(`${BASE}/:id/tokens`, admin, async (req, reply) => {
    const account = await systemAccount(req.params.id);
    if (!account) return reply.callNotFound();
    return renderToken(req, reply, account, emptyForm({ name: account.display_name.replace(/^System: /, ""), tage: "365" }), 200);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/:id/tokens`, admin, async (req, reply) => {
    const account = await systemAccount(req.params.id);
    if (!account) return reply.callNotFound();
    const { form, name, scopes, days } = readTokenForm(req);
    if (hasErrors(form)) return renderToken(req, reply, account, form, 422);
    const issued = await systemTokenIssuer(ctxOf(req), { userId: account.id, name, scopes, days });
    if (!issued.ok) {
      form.errors.name = req.t("records.system.error.limit");
      return renderToken(req, reply, account, form, 409);
    }
    return render(req, reply, emptyForm({ tage: "365" }), 201, { created: { email: account.email, secret: issued.secret } });
  });

  app.post<{ Params: { id: string; token: string } }>(`${BASE}/:id/tokens/:token/widerrufen`, admin, async (req, reply) => {
    const account = await systemAccount(req.params.id);
    if (!account) return reply.callNotFound();
    if (!(await systemTokenRevoker(ctxOf(req), { userId: account.id, tokenId: req.params.token }))) return reply.callNotFound();
    return reply.redirect(`${BASE}?widerrufen=1`, 303);
  });
}
