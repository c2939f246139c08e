import type { ViewContext } from "../../../platform/views/context.js";
import { ROLES } from "../../accounts/index.js";
import { Alert, Button, CsrfField, DescriptionList, DataTable, ErrorSummary, PageHeading, RadioGroup, SelectField, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";

/** The role to give a staff account (new account, added role). */
function RoleChoice({ t, form }: { t: ViewContext["t"]; form: FormState }) {
  return <RadioGroup name="role" label={t("admin.newUser.role")} form={form} required options={ROLES.map((r) => ({ value: r, label: t(`admin.newUser.role.${r}`) }))} />;
}

export function AdminHome({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  const links = [
    { href: "/verwaltung/benutzer", title: t("admin.users.title"), text: t("admin.users.lead") },
    { href: "/verwaltung/protokoll", title: t("admin.audit.title"), text: t("admin.audit.lead") },
    { href: "/verwaltung/postausgang", title: t("admin.outbox.title"), text: t("admin.outbox.lead") },
    { href: "/verwaltung/fehlgeschlagene-mails", title: t("admin.failedMails.title"), text: t("admin.failedMails.lead") },
    { href: "/verwaltung/leistungen", title: t("catalog.editor.title"), text: t("catalog.editor.cardText") },
    { href: "/verwaltung/suchanfragen", title: t("search.misses.title"), text: t("search.misses.cardText") },
  ];
  return (
    <div class="kern-stack">
      <PageHeading>{t("admin.title")}</PageHeading>
      <p class="kern-body">{t("admin.lead")}</p>
      <ul class="kp-cards kp-plain-list">
        {links.map((l) => (
          <li class="kern-card">
            <div class="kern-card__container">
              <div class="kern-card__header">
                <h2 class="kern-title">
                  <a class="kern-link" href={l.href}>
                    {l.title}
                  </a>
                </h2>
              </div>
              <div class="kern-card__body">
                <p class="kern-body">{l.text}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface StaffRow {
  id: string;
  name: string;
  email: string;
  roles: string[];
  disabled: boolean;
}

export function UsersPage({ ctx, staff, created }: { ctx: ViewContext; staff: StaffRow[]; created: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      {created && <Alert kind="success" title={t("admin.users.created")} />}
      <PageHeading preline={t("admin.title")}>{t("admin.users.title")}</PageHeading>
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href="/verwaltung/benutzer/neu">
          <span class="kern-label">{t("admin.users.new")}</span>
        </a>
      </p>
      {staff.length === 0 ? (
        <p class="kern-body">{t("admin.users.none")}</p>
      ) : (
        <DataTable
          caption={t("admin.users.title")}
          head={[t("admin.users.col.name"), t("admin.users.col.email"), t("admin.users.col.roles"), t("admin.users.col.status")]}
          rows={staff.map((s) => [
            <a class="kern-link" href={`/verwaltung/benutzer/${s.id}`}>
              {s.name}
            </a>,
            s.email, s.roles.join(", "), s.disabled ? t("admin.users.status.disabled") : t("admin.users.status.active")])}
        />
      )}
    </div>
  );
}

export function NewUserPage({ ctx, form, orgUnits }: { ctx: ViewContext; form: FormState; orgUnits: Array<{ id: string; name: string }> }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} />
      <PageHeading preline={t("admin.users.title")}>{t("admin.newUser.title")}</PageHeading>
      <p class="kern-body">{t("admin.newUser.lead")}</p>
      <form method="post" action="/verwaltung/benutzer/neu" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="displayName" label={t("accounts.displayName")} form={form} autocomplete="off" required maxLength={120} />
        <TextField name="email" label={t("accounts.email")} form={form} type="email" autocomplete="off" required maxLength={254} />
        <RoleChoice t={t} form={form} />
        <SelectField
          name="orgUnitId"
          label={t("admin.newUser.orgUnit")}
          hint={t("admin.newUser.orgUnit.hint")}
          form={form}
          placeholder={t("admin.newUser.orgUnit.choose")}
          options={orgUnits.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Button>{t("admin.newUser.submit")}</Button>
      </form>
    </div>
  );
}

export interface OutboxRow {
  id: string;
  at: string;
  to: string;
  subject: string;
}

export function OutboxPage({ ctx, mails, configured }: { ctx: ViewContext; mails: OutboxRow[]; configured: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("admin.title")}>{t("admin.outbox.title")}</PageHeading>
      <p class="kern-body">{t("admin.outbox.lead")}</p>
      {configured && <Alert kind="info" title={t("admin.outbox.configured")} />}
      {mails.length === 0 ? (
        <p class="kern-body">{t("admin.outbox.empty")}</p>
      ) : (
        <DataTable
          caption={t("admin.outbox.title")}
          head={[t("admin.outbox.col.time"), t("admin.outbox.col.to"), t("admin.outbox.col.subject")]}
          rows={mails.map((m) => [
            m.at,
            m.to,
            <a class="kern-link" href={`/verwaltung/postausgang/${m.id}`}>
              {m.subject || "(ohne Betreff)"}
            </a>,
          ])}
        />
      )}
    </div>
  );
}

export function OutboxMailPage({ ctx, mail }: { ctx: ViewContext; mail: OutboxRow & { body: string } }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("admin.outbox.title")}>{mail.subject || "(ohne Betreff)"}</PageHeading>
      <DescriptionList
        rows={[
          [t("admin.outbox.col.time"), mail.at],
          [t("admin.outbox.col.to"), mail.to],
        ]}
      />
      <pre class="kp-mail-body" tabIndex={0}>{mail.body}</pre>
      <LinkLine href="/verwaltung/postausgang">{t("admin.outbox.back")}</LinkLine>
    </div>
  );
}

export interface FailedMailRow {
  at: string;
  to: string;
  about: string;
  reason: string;
  attempts: number;
}

export function FailedMailsPage({ ctx, mails }: { ctx: ViewContext; mails: FailedMailRow[] }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("admin.title")}>{t("admin.failedMails.title")}</PageHeading>
      <p class="kern-body">{t("admin.failedMails.lead")}</p>
      {mails.length === 0 ? (
        <p class="kern-body">{t("admin.failedMails.empty")}</p>
      ) : (
        <DataTable
          caption={t("admin.failedMails.title")}
          head={[t("admin.failedMails.col.time"), t("admin.failedMails.col.to"), t("admin.failedMails.col.about"), t("admin.failedMails.col.reason"), t("admin.failedMails.col.attempts")]}
          rows={mails.map((m) => [m.at, m.to, m.about, m.reason, String(m.attempts)])}
        />
      )}
    </div>
  );
}

export interface AuditRow {
  seq: string;
  at: string;
  actor: string;
  action: string;
  object: string;
}

export function AuditPage({ ctx, rows, verify }: { ctx: ViewContext; rows: AuditRow[]; verify: { ok: boolean; entries: number; problems: string[] } }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("admin.title")}>{t("admin.audit.title")}</PageHeading>
      <p class="kern-body">{t("admin.audit.lead")}</p>
      {verify.ok ? (
        <Alert kind="success" title={t("admin.audit.ok", { n: verify.entries })} />
      ) : (
        <Alert kind="danger" title={t("admin.audit.broken", { problems: verify.problems.slice(0, 5).join("; ") })} />
      )}
      <DataTable
        caption={t("admin.audit.title")}
        head={["#", t("admin.audit.col.time"), t("admin.audit.col.actor"), t("admin.audit.col.action"), t("admin.audit.col.object")]}
        rows={rows.map((r) => [r.seq, r.at, r.actor, r.action, r.object])}
      />
    </div>
  );
}

export interface UserDetail {
  id: string;
  name: string;
  email: string;
  disabled: boolean;
  roles: Array<{ role: string; orgUnitId: string | null; label: string }>;
}

export function UserPage({ ctx, user, form, orgUnits, notice }: { ctx: ViewContext; user: UserDetail; form: FormState; orgUnits: Array<{ id: string; name: string }>; notice?: { kind: "success" | "danger"; text: string } }) {
  const { t } = ctx;
  const base = `/verwaltung/benutzer/${user.id}`;
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} />
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <PageHeading preline={t("admin.user.title")}>{user.name}</PageHeading>
      <DescriptionList
        rows={[
          [t("accounts.email"), user.email],
          [t("admin.users.col.status"), user.disabled ? t("admin.users.status.disabled") : t("admin.users.status.active")],
        ]}
      />
      <h2 class="kern-heading-medium">{t("admin.user.roles")}</h2>
      {user.roles.length === 0 ? (
        <p class="kern-body">{t("admin.user.noRoles")}</p>
      ) : (
        <ul class="kern-list kp-plain-list">
          {user.roles.map((r) => (
            <li class="kp-role-row">
              <span class="kern-body">{r.label}</span>
              <form method="post" action={`${base}/rollen/entfernen`} class="kp-inline-form">
                <CsrfField token={ctx.csrfToken} />
                <input type="hidden" name="role" value={r.role} />
                <input type="hidden" name="orgUnitId" value={r.orgUnitId ?? ""} />
                {/* The visible text starts the accessible name (WCAG 2.5.3 label in name); the role follows for screen readers. */}
                <button type="submit" class="kern-btn kern-btn--tertiary kern-btn--x-small">
                  <span class="kern-label">
                    {t("admin.user.removeRole")}
                    <span class="kern-sr-only">: {r.label}</span>
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">{t("admin.user.addRole")}</h2>
      <form method="post" action={`${base}/rollen`} novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <RoleChoice t={t} form={form} />
        <SelectField name="orgUnitId" label={t("admin.newUser.orgUnit")} hint={t("admin.newUser.orgUnit.hint")} form={form} placeholder={t("admin.newUser.orgUnit.choose")} options={orgUnits.map((o) => ({ value: o.id, label: o.name }))} />
        <Button variant="secondary">{t("admin.user.addRoleSubmit")}</Button>
      </form>
      <form method="post" action={`${base}/status`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="disabled" value={user.disabled ? "false" : "true"} />
        <Button variant="secondary">{user.disabled ? t("admin.user.enable") : t("admin.user.disable")}</Button>
      </form>
    </div>
  );
}
