import type { ViewContext } from "../../../platform/views/context.js";
import { ApiTokensSection, type ApiTokensView } from "./apiTokens.js";
import { Alert, Button, CsrfField, ErrorSummary, PageHeading, SelectField, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";

/** `next`: the same-site page the person came from; after confirming and signing in they return there. */
export function RegisterPage({ ctx, form, next = "" }: { ctx: ViewContext; form: FormState; next?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} />
      <PageHeading>{t("accounts.register.title")}</PageHeading>
      <p class="kern-body">{t("accounts.register.lead")}</p>
      {next && <p class="kern-body">{t("accounts.register.next")}</p>}
      <form method="post" action="/registrieren" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        {next && <input type="hidden" name="next" value={next} />}
        <TextField name="displayName" label={t("accounts.displayName")} form={form} autocomplete="name" required maxLength={120} />
        <TextField name="email" label={t("accounts.email")} form={form} type="email" autocomplete="email" required maxLength={254} />
        <TextField name="password" label={t("accounts.password")} hint={t("accounts.password.hint")} form={form} type="password" autocomplete="new-password" required />
        <TextField name="passwordConfirm" label={t("accounts.passwordConfirm")} form={form} type="password" autocomplete="new-password" required />
        <Button>{t("accounts.register.submit")}</Button>
      </form>
      <p class="kern-body">
        {t("accounts.register.haveAccount")}{" "}
        <a class="kern-link" href={next ? `/anmelden?next=${encodeURIComponent(next)}` : "/anmelden"}>
          {t("accounts.login.title")}
        </a>
      </p>
      {next && <LinkLine href={next}>{t("accounts.register.back")}</LinkLine>}
    </div>
  );
}

export function MessagePage({ ctx, title, body, kind = "info", children }: { ctx: ViewContext; title: string; body: string; kind?: "info" | "success" | "warning" | "danger"; children?: preact.ComponentChildren }) {
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{title}</PageHeading>
      <Alert kind={kind} title={title}>
        <p class="kern-body">{body}</p>
      </Alert>
      {children}
      <LinkLine href="/">{ctx.t("error.back")}</LinkLine>
    </div>
  );
}

export function ConfirmPage({ ctx, token, next = "" }: { ctx: ViewContext; token: string; next?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{t("accounts.confirm.title")}</PageHeading>
      <p class="kern-body">{t("accounts.confirm.body")}</p>
      <form method="post" action="/registrieren/bestaetigen">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        {next && <input type="hidden" name="next" value={next} />}
        <Button>{t("accounts.confirm.submit")}</Button>
      </form>
    </div>
  );
}

/** The unlock link's page: a button, because mail scanners open links. */
export function UnlockPage({ ctx, token }: { ctx: ViewContext; token: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading>{t("accounts.unlock.title")}</PageHeading>
      <p class="kern-body">{t("accounts.unlock.body")}</p>
      <form method="post" action="/anmelden/entsperren">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <Button>{t("accounts.unlock.submit")}</Button>
      </form>
    </div>
  );
}

export interface LoginOptions {
  notice?: { kind: "success" | "info" | "warning"; text: string };
  oidcLabel?: string;
  next: string;
}

export function LoginPage({ ctx, form, opts }: { ctx: ViewContext; form: FormState; opts: LoginOptions }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} />
      {opts.notice && <Alert kind={opts.notice.kind} title={opts.notice.text} />}
      <PageHeading>{t("accounts.login.title")}</PageHeading>
      {opts.oidcLabel && (
        <>
          <form method="post" action="/anmelden/oidc">
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="next" value={opts.next} />
            <Button variant="secondary">{t("accounts.login.oidc", { provider: opts.oidcLabel })}</Button>
          </form>
          <p class="kern-body">{t("accounts.login.or")}</p>
        </>
      )}
      <form method="post" action="/anmelden" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="next" value={opts.next} />
        <TextField name="email" label={t("accounts.email")} form={form} type="email" autocomplete="username" required />
        <TextField name="password" label={t("accounts.password")} form={form} type="password" autocomplete="current-password" required />
        <Button>{t("accounts.login.submit")}</Button>
      </form>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/passwort-vergessen">
            {t("accounts.login.forgot")}
          </a>
        </li>
        <li>
          {t("accounts.login.noAccount")}{" "}
          <a class="kern-link" href="/registrieren">
            {t("accounts.register.title")}
          </a>
        </li>
      </ul>
    </div>
  );
}

export function ForgotPage({ ctx, form, sent }: { ctx: ViewContext; form: FormState; sent: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} />
      {sent && <Alert kind="success" title={t("accounts.forgot.sent")} />}
      <PageHeading>{t("accounts.forgot.title")}</PageHeading>
      <p class="kern-body">{t("accounts.forgot.lead")}</p>
      <form method="post" action="/passwort-vergessen" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" label={t("accounts.email")} form={form} type="email" autocomplete="email" required />
        <Button>{t("accounts.forgot.submit")}</Button>
      </form>
    </div>
  );
}

export function ResetPage({ ctx, form, token }: { ctx: ViewContext; form: FormState; token: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} />
      <PageHeading>{t("accounts.reset.title")}</PageHeading>
      <form method="post" action="/passwort-zuruecksetzen" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <TextField name="password" label={t("accounts.password")} hint={t("accounts.password.hint")} form={form} type="password" autocomplete="new-password" required />
        <TextField name="passwordConfirm" label={t("accounts.passwordConfirm")} form={form} type="password" autocomplete="new-password" required />
        <Button>{t("accounts.reset.submit")}</Button>
      </form>
    </div>
  );
}

export interface AccountView {
  home: { options: Array<{ value: string; label: string }>; form: FormState; saved: boolean };
  displayName: string;
  email: string;
  kind: "citizen" | "staff";
  roles: string[];
  /** Citizen accounts only. */
  apiTokens?: ApiTokensView;
}

export function AccountPage({ ctx, account }: { ctx: ViewContext; account: AccountView }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("accounts.account.welcome", { name: account.displayName })}>{t("accounts.account.title")}</PageHeading>
      <h2 class="kern-heading-medium">{t("accounts.account.details")}</h2>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("accounts.displayName")}</dt>
          <dd class="kern-description-list-item__value">{account.displayName}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("accounts.email")}</dt>
          <dd class="kern-description-list-item__value">{account.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("accounts.account.kind")}</dt>
          <dd class="kern-description-list-item__value">{t(`accounts.account.kind.${account.kind}`)}</dd>
        </div>
        {account.roles.length > 0 && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("accounts.account.roles")}</dt>
            <dd class="kern-description-list-item__value">{account.roles.join(", ")}</dd>
          </div>
        )}
      </dl>
      {account.kind === "citizen" && (
        <>
          <h2 class="kern-heading-medium">{t("mailbox.account.title")}</h2>
          <LinkLine href="/antraege">{t("mailbox.account.link")}</LinkLine>
          <LinkLine href="/konto/termine">{t("appt.account.link")}</LinkLine>
          <LinkLine href="/konto/stellungnahmen">{t("participation.account.link")}</LinkLine>
          <LinkLine href="/konto/benachrichtigungen">{t("pwa.account.link")}</LinkLine>
        </>
      )}
      <h2 class="kern-heading-medium" id="wohnort">
        {t("accounts.home.title")}
      </h2>
      {account.home.saved && <Alert kind="success" title={t("accounts.home.saved")} />}
      <ErrorSummary form={account.home.form} t={t} />
      <form method="post" action="/konto/wohnort" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <SelectField name="homeAgs" label={t("accounts.home.label")} hint={t("accounts.home.hint")} form={account.home.form} placeholder={t("accounts.home.none")} options={account.home.options} />
        <Button variant="secondary">{t("accounts.home.submit")}</Button>
      </form>
      {account.apiTokens && <ApiTokensSection ctx={ctx} view={account.apiTokens} />}
    </div>
  );
}
