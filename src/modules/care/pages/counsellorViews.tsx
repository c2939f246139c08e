import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, LinkLine, PageHeading, RadioGroup, SelectField, TextArea, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { CARE_KINDS, kindLabel } from "../kinds.js";
import { CHANNELS } from "../commands/counsellingNotes.js";
import type { CounsellingNote, RequestView } from "../requestQueries.js";
import { AnswerTable, NeedLine } from "./requestViews.js";
import type { Place } from "./views.js";

/**
 * "Meine Beratungen" of a care counsellor: search on behalf of a family, the requests sent for families
 * with every answer, the form to record a counselling contact, and the recorded contacts (own only).
 */
export function CounsellorPage({ ctx, requests, notes, places, form, notice }: { ctx: ViewContext; requests: RequestView[]; notes: CounsellingNote[]; places: Place[]; form: FormState; notice?: "saved" | "deleted" }) {
  const { t } = ctx;
  const town = (ags: string) => places.find((p) => p.ags === ags)?.name ?? ags;
  const labels = { gemeinde: t("care.counsellor.municipality"), art: t("care.counsellor.kind"), weg: t("care.counsellor.channel"), notiz: t("care.counsellor.note"), anfrage: t("care.counsellor.request") };
  return (
    <div class="kern-stack">
      <PageHeading preline={t("care.counsellor.preline")}>{t("care.counsellor.title")}</PageHeading>
      {notice && <Alert kind="success" title={t(`care.counsellor.${notice}`)} />}
      <p class="kern-body">{t("care.counsellor.intro")}</p>
      <LinkLine href="/pflegeplaetze">{t("care.counsellor.search")}</LinkLine>

      <h2 class="kern-heading-medium" id="erfassen">{t("care.counsellor.recordTitle")}</h2>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action="/pflegeplaetze/beratung/faelle" class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} placeholder={t("care.form.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} required />
        <SelectField name="art" label={labels.art} form={form} placeholder={t("care.counsellor.kindAny")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <RadioGroup name="weg" label={labels.weg} form={form} required options={CHANNELS.map((c) => ({ value: c, label: t(`care.counsellor.channel.${c}`) }))} />
        <TextArea name="notiz" label={labels.notiz} hint={t("care.counsellor.noteHint")} form={form} maxLength={2000} />
        {requests.length > 0 && (
          <SelectField
            name="anfrage"
            label={labels.anfrage}
            form={form}
            placeholder={t("care.counsellor.requestNone")}
            options={requests.map((r) => ({ value: r.id, label: `${formatDateTime(r.createdAt, ctx.locale)} · ${t(kindLabel(r.kind))} · ${town(r.ags)}` }))}
          />
        )}
        <div>
          <Button>{t("care.counsellor.save")}</Button>
        </div>
      </form>

      <h2 class="kern-heading-medium">{t("care.counsellor.notesTitle")}</h2>
      {notes.length === 0 && <p class="kern-body">{t("care.counsellor.notesNone")}</p>}
      {notes.map((n) => (
        <section class="kern-stack kp-care-result" aria-labelledby={`n-${n.id}`}>
          <h3 class="kern-heading-small" id={`n-${n.id}`}>
            {formatDateTime(n.createdAt, ctx.locale)} · {t(`care.counsellor.channel.${n.channel}`)} · {town(n.ags)}
            {n.kind ? ` · ${t(kindLabel(n.kind))}` : ""}
          </h3>
          <p class="kern-body">{n.note}</p>
          <form method="post" action={`/pflegeplaetze/beratung/notizen/${n.id}/loeschen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="tertiary">{t("care.counsellor.delete")}</Button>
          </form>
        </section>
      ))}

      <h2 class="kern-heading-medium">{t("care.counsellor.requestsTitle")}</h2>
      {requests.length === 0 && <p class="kern-body">{t("care.counsellor.requestsNone")}</p>}
      {requests.map((r) => (
        <section class="kern-stack" aria-labelledby={`r-${r.id}`}>
          <h3 class="kern-heading-small" id={`r-${r.id}`}>
            {t("care.myRequests.sentAt", { date: formatDateTime(r.createdAt, ctx.locale) })}
            {r.withdrawnAt ? ` · ${t("care.counsellor.withdrawn")}` : ""}
          </h3>
          <NeedLine ctx={ctx} r={r} places={places} />
          <AnswerTable ctx={ctx} r={r} />
        </section>
      ))}
    </div>
  );
}
