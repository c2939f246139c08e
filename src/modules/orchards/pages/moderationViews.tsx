import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, PageHeading, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { AppealNotes } from "./appealViews.js";
import type { listActiveWarnings, listBlocked, listOpenObjectReports } from "../moderationQueries.js";

export interface SanctionRow {
  id: string;
  kind: "warning" | "block";
  reason: string;
  created_at: Date;
  blocked_until: Date | null;
}

/** Warnings and an open block, shown to the person on "Meine". */
export function SanctionNotes({ ctx, sanctions, appeals = [] }: { ctx: ViewContext; sanctions: SanctionRow[]; appeals?: Parameters<typeof AppealNotes>[0]["appeals"] }) {
  if (sanctions.length === 0 && appeals.length === 0) return null;
  const { t } = ctx;
  return (
    <section aria-labelledby="moderation-notes">
      <h2 class="kern-heading-medium" id="moderation-notes">{t("orchards.mod.warnings")}</h2>
      {sanctions.map((s) => (
        <>
          <Alert kind={s.kind === "block" ? "danger" : "warning"} title={t(s.kind === "block" ? "orchards.mod.blockedOn" : "orchards.mod.warningOn", { date: formatDay(s.created_at), reason: s.reason })} />
          {s.blocked_until && <p class="kern-body">{t("orchards.appeal.blockedUntil", { date: formatDay(new Date(s.blocked_until.getTime() - 1)) })}</p>}
          <p class="kern-body">
            {s.kind === "block" ? (
              <a class="kern-link" href="/streuobst/widerspruch">{t("orchards.appeal.link")}</a>
            ) : (
              <a class="kern-link" href={`/streuobst/verwarnungen/${s.id}/widerspruch`}>{t("orchards.appeal.warningLink")}</a>
            )}
          </p>
        </>
      ))}
      <AppealNotes ctx={ctx} appeals={appeals} />
    </section>
  );
}

/** A message in a conversation: hidden ones show a placeholder; the other side's can be reported. */
export function MessageBody({ ctx, m, convId }: { ctx: ViewContext; m: { id: string; author_id: string | null; body: string; hidden_at: Date | null }; convId: string }) {
  const { t } = ctx;
  if (m.hidden_at) return <p class="kern-body kp-message__body"><em>{t("orchards.mod.messageHidden")}</em></p>;
  return (
    <>
      <p class="kern-body kp-message__body">{m.body}</p>
      {m.author_id && m.author_id !== ctx.user?.id && (
        <p class="kern-body">
          <a class="kern-link" href={`/streuobst/nachrichten/${convId}/meldung/${m.id}`}>{t("orchards.mod.reportMessage")}</a>
        </p>
      )}
    </>
  );
}

/** Link to the page where a signed-in citizen reports a person. */
export function ReportUserLink({ ctx, userId, name }: { ctx: ViewContext; userId: string; name: string }) {
  if (!ctx.user || ctx.user.kind !== "citizen" || ctx.user.id === userId) return null;
  return (
    <p class="kern-body">
      <a class="kern-link" href={`/streuobst/personen/${userId}/melden`}>{ctx.t("orchards.mod.reportUser", { name })}</a>
    </p>
  );
}

/** The report form for a message (showing its text) or a person. */
export function ReportPage({ ctx, title, action, quote, form, notice }: { ctx: ViewContext; title: string; action: string; quote?: string; form: FormState; notice?: string }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {notice && <Alert kind="info" title={notice} />}
      {quote !== undefined && <blockquote class="kern-body kp-message__body">{quote}</blockquote>}
      <form method="post" action={action} class="kp-narrow" novalidate>
        <ErrorSummary form={form} t={t} />
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="grund" label={t("orchards.mod.reason")} form={form} maxLength={1000} rows={3} />
        <Button>{t("orchards.mod.submit")}</Button>
      </form>
    </>
  );
}

type ObjectReport = Awaited<ReturnType<typeof listOpenObjectReports>>[number];
type Blocked = Awaited<ReturnType<typeof listBlocked>>[number];
type Warning = Awaited<ReturnType<typeof listActiveWarnings>>[number];

/** "Meldung verwerfen": the same button for reports on listings, messages and persons. */
export function DismissReportForm({ ctx, reportId }: { ctx: ViewContext; reportId: string }) {
  return (
    <form method="post" action={`/verwaltung/streuobst/meldungen/${reportId}/verwerfen`}>
      <CsrfField token={ctx.csrfToken} />
      <Button variant="secondary">{ctx.t("orchards.staff.dismiss")}</Button>
    </form>
  );
}

function ReasonForm({ ctx, action, label, form, field, secondary, until }: { ctx: ViewContext; action: string; label: string; form?: FormState; field: string; secondary?: boolean; until?: boolean }) {
  const f = form ?? { values: {}, errors: {} };
  return (
    <form method="post" action={action} novalidate>
      <ErrorSummary form={f} t={ctx.t} />
      <CsrfField token={ctx.csrfToken} />
      <TextArea name={field} label={ctx.t("orchards.mod.actionReason")} form={f} rows={2} maxLength={1000} />
      {until && <TextField name={`${field}-bis`} label={ctx.t("orchards.appeal.until")} form={f} width={12} />}
      <Button variant={secondary ? "secondary" : undefined}>{label}</Button>
    </form>
  );
}

/** Staff queue part for reports on messages and persons, and the list of blocked accounts. */
export function ModerationQueue({ ctx, reports, blocked, warnings = [], forms }: { ctx: ViewContext; reports: ObjectReport[]; blocked: Blocked[]; warnings?: Warning[]; forms: Record<string, FormState> }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium">{t("orchards.mod.queueTitle")}</h2>
      {reports.length === 0 && <p class="kern-body">{t("orchards.staff.none")}</p>}
      <ul class="kp-plain-list">
        {reports.map((r) => (
          <li>
            <h3 class="kern-heading-small">
              {r.message_id ? t("orchards.mod.queueMessage", { name: r.person_name ?? "–" }) : t("orchards.mod.queueUser", { name: r.person_name ?? "–", n: Number(r.active_listings) })}
            </h3>
            {r.message_id && <blockquote class="kern-body kp-message__body">{r.message_hidden_at ? t("orchards.mod.messageHidden") : r.message_body}</blockquote>}
            <p class="kern-body kp-message__body">{r.reason}</p>
            <p class="kern-body">{formatDay(r.created_at)}</p>
            {r.message_id && !r.message_hidden_at && (
              <form method="post" action={`/verwaltung/streuobst/nachrichten/${r.message_id}/ausblenden`}>
                <CsrfField token={ctx.csrfToken} />
                <Button>{t("orchards.mod.hideMessage")}</Button>
              </form>
            )}
            {r.person_id && (
              <>
                <ReasonForm ctx={ctx} action={`/verwaltung/streuobst/personen/${r.person_id}/verwarnen?meldung=${r.id}`} label={t("orchards.mod.warn")} form={forms[`warn-${r.id}`]} field={`warn-${r.id}`} secondary />
                {!r.person_blocked && <ReasonForm ctx={ctx} action={`/verwaltung/streuobst/personen/${r.person_id}/sperren?meldung=${r.id}`} label={t("orchards.mod.block")} form={forms[`block-${r.id}`]} field={`block-${r.id}`} until />}
              </>
            )}
            <DismissReportForm ctx={ctx} reportId={r.id} />
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{t("orchards.mod.blockedUsers")}</h2>
      {blocked.length === 0 ? (
        <p class="kern-body">{t("orchards.mod.noneBlocked")}</p>
      ) : (
        <ul class="kp-plain-list">
          {blocked.map((b) => (
            <li>
              <p class="kern-body">
                <strong>{b.display_name}</strong>, {formatDay(b.created_at)}: {b.reason}
                {b.blocked_until && ` ${t("orchards.appeal.blockedUntil", { date: formatDay(new Date(b.blocked_until.getTime() - 1)) })}`}
              </p>
              <form method="post" action={`/verwaltung/streuobst/personen/${b.id}/entsperren`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("orchards.mod.unblock")}</Button>
              </form>
              <BlockEndForm ctx={ctx} b={b} form={forms[`end-${b.id}`]} />
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">{t("orchards.mod.warningsTitle")}</h2>
      {warnings.length === 0 ? (
        <p class="kern-body">{t("orchards.mod.noWarnings")}</p>
      ) : (
        <ul class="kp-plain-list">
          {warnings.map((w) => (
            <li>
              <p class="kern-body">{t("orchards.mod.warningItem", { name: w.display_name, date: formatDay(w.created_at), reason: w.reason })}</p>
              <form method="post" action={`/verwaltung/streuobst/verwarnungen/${w.id}/zuruecknehmen`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("orchards.mod.withdrawWarning")}</Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Staff change a block's last day (empty: until lifted); prefilled with the current one. */
function BlockEndForm({ ctx, b, form }: { ctx: ViewContext; b: Blocked; form?: FormState }) {
  const field = `ende-${b.id}-bis`;
  const f = form ?? { values: { [field]: b.blocked_until ? formatDay(new Date(b.blocked_until.getTime() - 1)) : "" }, errors: {} };
  return (
    <form method="post" action={`/verwaltung/streuobst/personen/${b.id}/sperrende`} novalidate>
      <ErrorSummary form={f} t={ctx.t} />
      <CsrfField token={ctx.csrfToken} />
      <TextField name={field} label={ctx.t("orchards.appeal.until")} form={f} width={12} />
      <Button variant="secondary">{ctx.t("orchards.mod.changeEnd")}</Button>
    </form>
  );
}
