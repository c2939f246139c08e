import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import type { InvitationState, InvitationView } from "../invitationQueries.js";

/** Staff: a provider's invitations (pending, accepted, expired, revoked) and the form for a new one. */
export function InvitationsPage({ ctx, providerId, providerName, list, form, notice, days }: { ctx: ViewContext; providerId: string; providerName: string; list: InvitationView[]; form: FormState; notice?: string; days: number }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={providerName}>{t("care.invitations.title")}</PageHeading>
      {notice && <Alert kind="success" title={t(notice)} />}
      <p class="kern-body">{t("care.invitations.intro", { days })}</p>
      <ErrorSummary form={form} t={t} labels={{ email: t("care.invitations.email") }} />
      <form method="post" action={`/verwaltung/pflege/${providerId}/einladungen`} class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" label={t("care.invitations.email")} form={form} type="email" required maxLength={200} autocomplete="off" />
        <div>
          <Button>{t("care.invitations.send")}</Button>
        </div>
      </form>
      {list.length === 0 ? (
        <p class="kern-body">{t("care.invitations.none")}</p>
      ) : (
        <DataTable
          caption={t("care.invitations.caption")}
          head={[t("care.invitations.email"), t("care.invitations.state"), t("care.invitations.sentAt"), t("care.invitations.expiresAt"), t("care.invitations.action")]}
          rows={list.map((i) => [
            i.email,
            t(`care.invitations.state.${i.state}`) + (i.usedAt ? ` (${formatDateTime(i.usedAt, locale)})` : ""),
            formatDateTime(i.createdAt, locale),
            formatDateTime(i.expiresAt, locale),
            i.state === "pending" ? (
              <form method="post" action={`/verwaltung/pflege/${providerId}/einladungen/${i.tokenHash}/widerrufen`} class="kp-inline-form">
                <CsrfField token={ctx.csrfToken} />
                <Button variant="tertiary">{t("care.invitations.revoke", { email: i.email })}</Button>
              </form>
            ) : (
              "–"
            ),
          ])}
        />
      )}
      <LinkLine href={`/verwaltung/pflege/${providerId}`}>{t("care.invitations.back")}</LinkLine>
    </div>
  );
}

/** What the invitation page shows: an error state, a sign-in prompt, a wrong account, or the accept button. */
export type InvitationPageState =
  | { kind: "invalid"; reason: "unknown" | Exclude<InvitationState, "pending"> }
  | { kind: "signIn"; providerName: string; email: string; expiresAt: Date; token: string }
  | { kind: "wrongAccount"; providerName: string; email: string; signedInAs: string; staff: boolean }
  | { kind: "accept"; providerName: string; email: string; expiresAt: Date; token: string };

/** The page behind the link in the invitation mail. */
export function InvitationPage({ ctx, s }: { ctx: ViewContext; s: InvitationPageState }) {
  const { t, locale } = ctx;
  if (s.kind === "invalid")
    return (
      <div class="kern-stack">
        <PageHeading>{t("care.invitation.title")}</PageHeading>
        <Alert kind="danger" title={t(`care.invitation.invalid.${s.reason}`)}>
          <p class="kern-body">{t("care.invitation.askAgain")}</p>
        </Alert>
        <LinkLine href="/pflegeplaetze/beratung">{t("care.invitation.contact")}</LinkLine>
      </div>
    );
  if (s.kind === "wrongAccount")
    return (
      <div class="kern-stack">
        <PageHeading preline={s.providerName}>{t("care.invitation.title")}</PageHeading>
        <Alert kind="warning" title={t(s.staff ? "care.invitation.staffAccount" : "care.invitation.wrongAccount", { email: s.email, current: s.signedInAs })} />
        <form method="post" action="/abmelden">
          <CsrfField token={ctx.csrfToken} />
          <Button variant="secondary">{t("care.invitation.logout")}</Button>
        </form>
      </div>
    );
  const next = `/pflegeplaetze/einladung?t=${s.token}`;
  return (
    <div class="kern-stack">
      <PageHeading preline={s.providerName}>{t("care.invitation.title")}</PageHeading>
      <p class="kern-body">{t("care.invitation.intro", { name: s.providerName, email: s.email, until: formatDateTime(s.expiresAt, locale) })}</p>
      {s.kind === "signIn" ? (
        <>
          <p class="kern-body">{t("care.invitation.signInFirst")}</p>
          <p class="kern-body">
            <a class="kern-btn kern-btn--primary" href={`/anmelden?next=${encodeURIComponent(next)}`}>
              <span class="kern-label">{t("care.invitation.signIn")}</span>
            </a>
          </p>
          <p class="kern-body">{t("care.invitation.noAccount", { email: s.email })}</p>
          <LinkLine href={`/registrieren?next=${encodeURIComponent(next)}`}>{t("care.invitation.register")}</LinkLine>
        </>
      ) : (
        <form method="post" action="/pflegeplaetze/einladung" class="kern-stack">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="t" value={s.token} />
          <div>
            <Button>{t("care.invitation.accept")}</Button>
          </div>
        </form>
      )}
    </div>
  );
}
