import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, PageHeading, RadioGroup, TextArea, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import type { listDecidedAppealsOf, listOpenAppeals } from "../moderationQueries.js";

type OpenAppeal = Awaited<ReturnType<typeof listOpenAppeals>>[number];
type DecidedAppeal = Awaited<ReturnType<typeof listDecidedAppealsOf>>[number];

/** The appeal page: the block or warning, then the form, or the appeal already sent. */
export function AppealPage({ ctx, block, appeal, form, notice, action = "/streuobst/widerspruch" }: { ctx: ViewContext; block: { kind?: "warning" | "block"; reason: string; created_at: Date; blocked_until: Date | null }; appeal?: { created_at: Date }; form: FormState; notice?: string; action?: string }) {
  const { t } = ctx;
  const warning = block.kind === "warning";
  return (
    <>
      <PageHeading>{t(warning ? "orchards.appeal.warningTitle" : "orchards.appeal.title")}</PageHeading>
      {notice && <Alert kind="info" title={notice} />}
      <p class="kern-body">{t(warning ? "orchards.mod.warningOn" : "orchards.mod.blockedOn", { date: formatDay(block.created_at), reason: block.reason })}</p>
      {block.blocked_until && <p class="kern-body">{t("orchards.appeal.blockedUntil", { date: formatDay(new Date(block.blocked_until.getTime() - 1)) })}</p>}
      {appeal ? (
        <p class="kern-body">{t("orchards.appeal.pending", { date: formatDay(appeal.created_at) })}</p>
      ) : (
        <form method="post" action={action} class="kp-narrow" novalidate>
          <ErrorSummary form={form} t={t} />
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{t("orchards.appeal.intro")}</p>
          <TextArea name="widerspruch" label={t("orchards.appeal.body")} form={form} maxLength={2000} rows={6} />
          <Button>{t("orchards.appeal.submit")}</Button>
        </form>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/meine">{t("orchards.mine.title")}</a>
      </p>
    </>
  );
}

/** Decided appeals on "Meine". */
export function AppealNotes({ ctx, appeals }: { ctx: ViewContext; appeals: DecidedAppeal[] }) {
  return (
    <>
      {appeals.map((a) => (
        <Alert kind={a.decision === "lifted" ? "success" : "info"} title={ctx.t(`orchards.appeal.${a.kind === "warning" ? "decidedWarning" : "decided"}.${a.decision ?? "upheld"}`, { date: formatDay(a.created_at), answer: a.answer ?? "" })} />
      ))}
    </>
  );
}

/** Staff queue part: open appeals with the block, an answer and the decision. */
export function AppealQueue({ ctx, appeals, forms }: { ctx: ViewContext; appeals: OpenAppeal[]; forms: Record<string, FormState> }) {
  const { t } = ctx;
  return (
    <>
      <h2 class="kern-heading-medium">{t("orchards.appeal.queue")}</h2>
      {appeals.length === 0 && <p class="kern-body">{t("orchards.appeal.none")}</p>}
      <ul class="kp-plain-list">
        {appeals.map((a) => {
          const f = forms[`appeal-${a.id}`] ?? { values: {}, errors: {} };
          return (
            <li>
              <h3 class="kern-heading-small">{t(a.kind === "warning" ? "orchards.appeal.queueWarning" : "orchards.appeal.queueItem", { name: a.display_name, date: formatDay(a.blocked_at), reason: a.block_reason })}</h3>
              {a.blocked_until && <p class="kern-body">{t("orchards.appeal.blockedUntil", { date: formatDay(new Date(a.blocked_until.getTime() - 1)) })}</p>}
              <blockquote class="kern-body kp-message__body">{a.body}</blockquote>
              <p class="kern-body">{formatDay(a.created_at)}</p>
              <form method="post" action={`/verwaltung/streuobst/widersprueche/${a.id}`} novalidate>
                <ErrorSummary form={f} t={t} />
                <CsrfField token={ctx.csrfToken} />
                <RadioGroup name={`entscheidung-${a.id}`} label={t("orchards.appeal.decision")} form={f} options={a.kind === "warning" ? [{ value: "lift", label: t("orchards.appeal.withdrawWarning") }, { value: "uphold", label: t("orchards.appeal.keepWarning") }] : [{ value: "lift", label: t("orchards.appeal.lift") }, { value: "uphold", label: t("orchards.appeal.uphold") }]} />
                <TextArea name={`antwort-${a.id}`} label={t("orchards.appeal.answer")} form={f} rows={2} maxLength={1000} />
                <Button>{t("orchards.appeal.decide")}</Button>
              </form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
