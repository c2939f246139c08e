import { API_SCOPES } from "../../../platform/auth/apiTokens.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, TextField, type FormState } from "../../../platform/views/components.js";
import type { ApiTokenRow } from "../queries.js";

export interface ApiTokensView {
  tokens: ApiTokenRow[];
  form: FormState;
  /** Only in the answer to the creating POST: the secret is never shown again. */
  created?: { name: string; secret: string };
  revoked: boolean;
  /** Latest allowed expiry (YYYY-MM-DD), for the hint. */
  maxDate: string;
}

const ScopeList = ({ ctx, scopes }: { ctx: ViewContext; scopes: string[] }) => <>{scopes.map((s) => ctx.t(`accounts.apiTokens.scope.${s}`)).join(", ")}</>;

/** "API-Zugänge" on "Mein Konto": the secret shown once, the list with revoke buttons, the create form. */
export function ApiTokensSection({ ctx, view }: { ctx: ViewContext; view: ApiTokensView }) {
  const { t, locale } = ctx;
  const now = Date.now();
  const [y, m, d] = view.maxDate.split("-");
  return (
    <section class="kern-stack" aria-labelledby="api-zugaenge">
      <h2 class="kern-heading-medium" id="api-zugaenge">
        {t("accounts.apiTokens.title")}
      </h2>
      <ErrorSummary form={view.form} t={t} />
      <p class="kern-body">{t("accounts.apiTokens.lead")}</p>
      {view.created && (
        <Alert kind="success" title={t("accounts.apiTokens.created.title", { name: view.created.name })}>
          <p class="kern-body">{t("accounts.apiTokens.created.once")}</p>
          <p class="kern-body">
            <code class="kp-secret" id="neues-token">
              {view.created.secret}
            </code>
          </p>
          <p class="kern-body">{t("accounts.apiTokens.created.usage")}</p>
        </Alert>
      )}
      {view.revoked && <Alert kind="success" title={t("accounts.apiTokens.revoked")} />}
      {view.tokens.length === 0 ? (
        <p class="kern-body">{t("accounts.apiTokens.none")}</p>
      ) : (
        <DataTable
          caption={t("accounts.apiTokens.caption")}
          head={[t("accounts.apiTokens.name"), t("accounts.apiTokens.scopes"), t("accounts.apiTokens.createdAt"), t("accounts.apiTokens.lastUsed"), t("accounts.apiTokens.expiresAt"), t("accounts.apiTokens.action")]}
          rows={view.tokens.map((tok) => [
            tok.name,
            <ScopeList ctx={ctx} scopes={tok.scopes} />,
            formatDateTime(tok.created_at, locale),
            tok.last_used_at ? formatDateTime(tok.last_used_at, locale) : t("accounts.apiTokens.neverUsed"),
            <>
              {formatDateTime(tok.expires_at, locale)}
              {new Date(tok.expires_at).getTime() <= now && (
                <>
                  {" "}
                  <span class="kern-badge kern-badge--warning">
                    <span class="kern-label">{t("accounts.apiTokens.expired")}</span>
                  </span>
                </>
              )}
            </>,
            <form method="post" action={`/konto/api-zugaenge/${tok.id}/widerrufen`}>
              <CsrfField token={ctx.csrfToken} />
              <Button variant="secondary">
                {t("accounts.apiTokens.revoke")}
                <span class="kern-sr-only"> „{tok.name}“</span>
              </Button>
            </form>,
          ])}
        />
      )}
      <h3 class="kern-heading-small" id="api-zugang-neu">
        {t("accounts.apiTokens.new")}
      </h3>
      <form method="post" action="/konto/api-zugaenge" novalidate class="kern-stack kp-narrow" aria-labelledby="api-zugang-neu">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="tokenName" label={t("accounts.apiTokens.name")} hint={t("accounts.apiTokens.name.hint")} form={view.form} required maxLength={80} />
        <CheckboxGroup name="scopes" label={t("accounts.apiTokens.scopes")} hint={t("accounts.apiTokens.scopes.hint")} form={view.form} options={API_SCOPES.map((s) => ({ value: s, label: t(`accounts.apiTokens.scope.${s}`) }))} />
        <TextField name="expiresOn" type="date" label={t("accounts.apiTokens.expiresOn")} hint={t("accounts.apiTokens.expiresOn.hint", { date: `${d}.${m}.${y}` })} form={view.form} required width={4} />
        <Button>{t("accounts.apiTokens.create")}</Button>
      </form>
    </section>
  );
}
