import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatDay } from "../../../platform/i18n/format.js";
import { ANSWERS, CARE_KINDS, kindLabel, SPECIALISATIONS, specLabel } from "../kinds.js";
import type { RequestView } from "../requestQueries.js";
import type { Place } from "./views.js";

export interface ChosenProvider {
  id: string;
  name: string;
}

/** The request form: the anonymous need, then (only with consent) the person's details. */
export function RequestFormPage({ ctx, form, places, chosen, onBehalf }: { ctx: ViewContext; form: FormState; places: Place[]; chosen: ChosenProvider[]; onBehalf?: boolean }) {
  const { t } = ctx;
  const labels = { art: t("care.request.kind"), ab: t("care.request.neededFrom"), gemeinde: t("care.request.municipality"), personName: t("care.request.personName"), personContact: t("care.request.personContact"), note: t("care.request.note") };
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.request.title")}</PageHeading>
      <p class="kern-body">{t("care.request.intro")}</p>
      {onBehalf && <Alert kind="info" title={t("care.counsellor.onBehalf")} />}
      <h2 class="kern-heading-small">{t("care.request.to")}</h2>
      <ul class="kern-list">
        {chosen.map((p) => (
          <li>{p.name}</li>
        ))}
      </ul>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action="/pflegeplaetze/anfrage" class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        {chosen.map((p) => (
          <input type="hidden" name="anbieter" value={p.id} />
        ))}
        <SelectField name="art" label={labels.art} form={form} placeholder={t("care.form.choose")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} required />
        <TextField name="ab" label={labels.ab} hint={t("care.request.neededFromHint")} form={form} type="date" required />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} placeholder={t("care.form.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} required />
        <CheckboxGroup name="spez" label={t("care.request.specialisations")} form={form} options={SPECIALISATIONS.map((k) => ({ value: k, label: t(specLabel(k)) }))} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t("care.request.personLegend")}</legend>
          <div class="kern-fieldset__body kern-stack">
            <p class="kern-body">{t("care.request.consentHint")}</p>
            <CheckboxGroup name="einwilligung" label={t("care.request.consentGroup")} form={form} options={[{ value: "ja", label: t("care.request.consent") }]} />
            <TextField name="personName" label={labels.personName} form={form} maxLength={200} autocomplete="off" />
            <TextField name="personContact" label={labels.personContact} hint={t("care.request.personContactHint")} form={form} maxLength={200} autocomplete="off" />
            <TextArea name="note" label={labels.note} form={form} maxLength={1000} optional />
          </div>
        </fieldset>
        <div>
          <Button>{t("care.request.send")}</Button>
        </div>
      </form>
    </div>
  );
}

function answerText(ctx: ViewContext, answer: string | null): string {
  return answer ? ctx.t(`care.answer.${answer}`) : ctx.t("care.answer.open");
}

/** The need of a request in one line: "Kurzzeitpflege ab 08.12.2026 · Neuenbürg · Demenz". */
export function NeedLine({ ctx, r, places }: { ctx: ViewContext; r: RequestView; places: Place[] }) {
  const town = places.find((p) => p.ags === r.ags)?.name ?? r.ags;
  return (
    <p class="kern-body">
      {[`${ctx.t(kindLabel(r.kind))} ${ctx.t("care.request.from", { date: formatDay(r.neededFrom) })}`, town, ...r.specialisations.map((s) => ctx.t(specLabel(s)))].join(" · ")}
    </p>
  );
}

/** Every answer to a request in one table (requester's view). */
export function AnswerTable({ ctx, r }: { ctx: ViewContext; r: RequestView }) {
  const { t } = ctx;
  return (
    <DataTable
      caption={t("care.request.answers")}
      head={[t("care.request.provider"), t("care.request.answer"), t("care.request.answerNote"), t("care.request.answeredAt")]}
      rows={r.recipients.map((x) => [
        <a class="kern-link" href={`/pflegeplaetze/anbieter/${x.providerId}`}>
          {x.providerName}
        </a>,
        answerText(ctx, x.answer),
        x.answerNote || "–",
        x.answeredAt ? formatDateTime(x.answeredAt, ctx.locale) : "–",
      ])}
    />
  );
}

/** The requester's page behind the secret link (and right after sending). */
export function RequestStatusPage({ ctx, r, places, link, sent, withdrawn, action, retentionMonths }: { ctx: ViewContext; r: RequestView; places: Place[]; link: string; sent: boolean; withdrawn: boolean; action: string; retentionMonths: number }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.request.statusTitle")}</PageHeading>
      {sent && <Alert kind="success" title={t("care.request.sent")}>{r.consent ? t("care.request.sentWithDetails") : t("care.request.sentAnonymous")}</Alert>}
      {withdrawn && <Alert kind="success" title={t("care.withdraw.done")} />}
      <NeedLine ctx={ctx} r={r} places={places} />
      <p class="kern-body">
        {t("care.request.linkHint")} <a class="kern-link" href={link}>{link}</a>
      </p>
      <AnswerTable ctx={ctx} r={r} />
      <Withdraw ctx={ctx} r={r} action={action} retentionMonths={retentionMonths} />
    </div>
  );
}

/** "Zurückziehen" for an open request, or when it was withdrawn; with the retention note. */
function Withdraw({ ctx, r, action, retentionMonths }: { ctx: ViewContext; r: RequestView; action: string; retentionMonths: number }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      {r.withdrawnAt ? (
        <p class="kern-body">
          <strong>{t("care.withdraw.withdrawnAt", { date: formatDateTime(r.withdrawnAt, ctx.locale) })}</strong>
        </p>
      ) : (
        <form method="post" action={action} class="kern-stack">
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{t("care.withdraw.hint")}</p>
          <div>
            <Button variant="secondary">{t("care.withdraw.button")}</Button>
          </div>
        </form>
      )}
      <p class="kern-body">{t("care.withdraw.retention", { months: retentionMonths })}</p>
    </div>
  );
}

/** "Meine Anfragen": every request of the signed-in requester with all answers. */
export function MyRequestsPage({ ctx, list, places, withdrawn, retentionMonths }: { ctx: ViewContext; list: RequestView[]; places: Place[]; withdrawn: boolean; retentionMonths: number }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.myRequests.title")}</PageHeading>
      {withdrawn && <Alert kind="success" title={t("care.withdraw.done")} />}
      {list.length === 0 && <p class="kern-body">{t("care.myRequests.none")}</p>}
      {list.map((r) => (
        <section class="kern-stack" aria-labelledby={`r-${r.id}`}>
          <h2 class="kern-heading-medium" id={`r-${r.id}`}>
            {t("care.myRequests.sentAt", { date: formatDateTime(r.createdAt, ctx.locale) })}
          </h2>
          <NeedLine ctx={ctx} r={r} places={places} />
          <AnswerTable ctx={ctx} r={r} />
          <Withdraw ctx={ctx} r={r} action={`/pflegeplaetze/anfragen/${r.id}/zurueckziehen`} retentionMonths={retentionMonths} />
        </section>
      ))}
      <LinkLine href="/pflegeplaetze">{t("care.myRequests.search")}</LinkLine>
    </div>
  );
}

/** The provider's inbox: every request with the need, the details given with consent, and an answer form. */
export function InboxPage({ ctx, providerId, providerName, list, places, forms, notice }: { ctx: ViewContext; providerId: string; providerName: string; list: RequestView[]; places: Place[]; forms: Record<string, FormState>; notice?: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={providerName}>{t("care.inbox.title")}</PageHeading>
      {notice && <Alert kind="success" title={t("care.inbox.saved")} />}
      {list.length === 0 && <p class="kern-body">{t("care.inbox.none")}</p>}
      {list.map((r) => {
        const mine = r.recipients[0];
        const form = forms[r.id] ?? { values: { [`antwort-${r.id}`]: mine?.answer ?? "", [`notiz-${r.id}`]: mine?.answerNote ?? "" }, errors: {} };
        const suffix = r.id.slice(0, 8);
        return (
          <section class="kern-stack kp-care-result" aria-labelledby={`r-${r.id}`}>
            <h2 class="kern-heading-medium" id={`r-${r.id}`}>
              {t("care.inbox.request", { date: formatDateTime(r.createdAt, ctx.locale) })}
            </h2>
            <NeedLine ctx={ctx} r={r} places={places} />
            {r.consent ? (
              <p class="kern-body">
                {t("care.inbox.person", { name: r.personName, contact: r.personContact })}
                {r.note && (
                  <>
                    <br />
                    {r.note}
                  </>
                )}
              </p>
            ) : (
              <p class="kern-body">{t("care.inbox.anonymous")}</p>
            )}
            <p class="kern-body">{t("care.inbox.current", { answer: answerText(ctx, mine?.answer ?? null) })}</p>
            <ErrorSummary form={form} t={t} />
            {r.withdrawnAt ? (
              <p class="kern-body" id={`antwort-${r.id}`} tabIndex={-1}>
                <strong>{t("care.withdraw.inbox", { date: formatDateTime(r.withdrawnAt, ctx.locale) })}</strong>
              </p>
            ) : (
            <form method="post" action={`/pflegeplaetze/anbieter/${providerId}/anfragen/${r.id}`} class="kern-stack" novalidate>
              <CsrfField token={ctx.csrfToken} />
              <RadioGroup name={`antwort-${r.id}`} label={t("care.inbox.answerLabel", { n: suffix })} form={form} options={ANSWERS.map((a) => ({ value: a, label: t(`care.answer.${a}`) }))} required />
              <TextArea name={`notiz-${r.id}`} label={t("care.inbox.note", { n: suffix })} form={form} maxLength={500} rows={2} optional />
              <div>
                <Button variant="secondary">{t("care.inbox.send", { n: suffix })}</Button>
              </div>
            </form>
            )}
          </section>
        );
      })}
    </div>
  );
}
