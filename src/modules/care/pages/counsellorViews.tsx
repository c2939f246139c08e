import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, ErrorSummary, LinkLine, PageHeading, RadioGroup, SelectField, TextArea, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { CARE_KINDS, kindLabel } from "../kinds.js";
import { CHANNELS } from "../commands/counsellingNotes.js";
import type { CounsellingNote, RequestView, TeamNote, TeamRequest } from "../requestQueries.js";
import { AnswerTable, NeedLine } from "./requestViews.js";
import type { Place } from "./views.js";

export interface Colleague {
  id: string;
  displayName: string;
}

/** "Übergeben an …": one form per note or request; the select is named per object (unique ids on the page). */
function HandOverForm({ ctx, action, objectId, colleagues, form }: { ctx: ViewContext; action: string; objectId: string; colleagues: Colleague[]; form: FormState }) {
  const { t } = ctx;
  if (colleagues.length === 0) return null;
  return (
    <form method="post" action={action} class="kern-stack kp-narrow" novalidate>
      <CsrfField token={ctx.csrfToken} />
      <SelectField name={`an-${objectId}`} label={t("care.counsellor.handOverTo")} form={form} placeholder={t("care.counsellor.handOverChoose")} options={colleagues.map((c) => ({ value: c.id, label: c.displayName }))} />
      <div>
        <Button variant="secondary">{t("care.counsellor.handOver")}</Button>
      </div>
    </form>
  );
}

/**
 * "Meine Beratungen" of a care counsellor: search on behalf of a family, the requests sent for families
 * with every answer, the form to record a counselling contact, and the recorded contacts (own; the team page
 * shows colleagues'). Each note can be edited; notes and requests can be handed over to a colleague.
 */
export function CounsellorPage({ ctx, requests, notes, places, colleagues, form, notice }: { ctx: ViewContext; requests: RequestView[]; notes: CounsellingNote[]; places: Place[]; colleagues: Colleague[]; form: FormState; notice?: string }) {
  const { t } = ctx;
  const town = (ags: string) => places.find((p) => p.ags === ags)?.name ?? ags;
  const labels = { gemeinde: t("care.counsellor.municipality"), art: t("care.counsellor.kind"), weg: t("care.counsellor.channel"), notiz: t("care.counsellor.note"), anfrage: t("care.counsellor.request") };
  return (
    <div class="kern-stack">
      <PageHeading preline={t("care.counsellor.preline")}>{t("care.counsellor.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("care.counsellor.intro")}</p>
      <LinkLine href="/pflegeplaetze">{t("care.counsellor.search")}</LinkLine>
      <LinkLine href="/pflegeplaetze/beratung/team">{t("care.counsellor.teamLink")}</LinkLine>

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
          <p class="kern-body">
            <a class="kern-link" href={`/pflegeplaetze/beratung/notizen/${n.id}`}>
              {t("care.counsellor.edit")}
            </a>
          </p>
          <form method="post" action={`/pflegeplaetze/beratung/notizen/${n.id}/loeschen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="tertiary">{t("care.counsellor.delete")}</Button>
          </form>
          <HandOverForm ctx={ctx} action={`/pflegeplaetze/beratung/notizen/${n.id}/uebergeben`} objectId={n.id} colleagues={colleagues} form={form} />
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
          {colleagues.length > 0 && <p class="kern-body">{t("care.counsellor.requestNotes")}</p>}
          <HandOverForm ctx={ctx} action={`/pflegeplaetze/beratung/anfragen/${r.id}/uebergeben`} objectId={r.id} colleagues={colleagues} form={form} />
        </section>
      ))}
    </div>
  );
}

/** The counsellor's form to change one of their notes. */
export function NoteEditPage({ ctx, noteId, places, form }: { ctx: ViewContext; noteId: string; places: Place[]; form: FormState }) {
  const { t } = ctx;
  const labels = { gemeinde: t("care.counsellor.municipality"), art: t("care.counsellor.kind"), weg: t("care.counsellor.channel"), notiz: t("care.counsellor.note") };
  return (
    <div class="kern-stack">
      <PageHeading preline={t("care.counsellor.title")}>{t("care.counsellor.editTitle")}</PageHeading>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="post" action={`/pflegeplaetze/beratung/notizen/${noteId}`} class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} placeholder={t("care.form.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} required />
        <SelectField name="art" label={labels.art} form={form} placeholder={t("care.counsellor.kindAny")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <RadioGroup name="weg" label={labels.weg} form={form} required options={CHANNELS.map((c) => ({ value: c, label: t(`care.counsellor.channel.${c}`) }))} />
        <TextArea name="notiz" label={labels.notiz} hint={t("care.counsellor.noteHint")} form={form} maxLength={2000} />
        <div>
          <Button>{t("care.counsellor.editSave")}</Button>
        </div>
      </form>
      <LinkLine href="/pflegeplaetze/beratung/faelle">{t("care.counsellor.back")}</LinkLine>
    </div>
  );
}

/** The team page: the other counsellors' notes and requests (read; "Übernehmen" moves one to the viewer). */
export function TeamPage({ ctx, notes, requests, names, places, notice }: { ctx: ViewContext; notes: TeamNote[]; requests: TeamRequest[]; names: Map<string, string>; places: Place[]; notice?: string }) {
  const { t } = ctx;
  const town = (ags: string) => places.find((p) => p.ags === ags)?.name ?? ags;
  const by = (id: string) => t("care.team.by", { name: names.get(id) ?? "–" });
  const TakeOver = ({ action }: { action: string }) => (
    <form method="post" action={action}>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="uebernehmen" value="1" />
      <Button variant="secondary">{t("care.team.takeOver")}</Button>
    </form>
  );
  return (
    <div class="kern-stack">
      <PageHeading preline={t("care.counsellor.preline")}>{t("care.team.title")}</PageHeading>
      {notice && <Alert kind="info" title={notice} />}
      <p class="kern-body">{t("care.team.intro")}</p>
      <LinkLine href="/pflegeplaetze/beratung/faelle">{t("care.counsellor.back")}</LinkLine>
      <h2 class="kern-heading-medium">{t("care.team.notesTitle")}</h2>
      {notes.length === 0 && <p class="kern-body">{t("care.team.none")}</p>}
      {notes.map((n) => (
        <section class="kern-stack kp-care-result" aria-labelledby={`tn-${n.id}`}>
          <h3 class="kern-heading-small" id={`tn-${n.id}`}>
            {formatDateTime(n.createdAt, ctx.locale)} · {t(`care.counsellor.channel.${n.channel}`)} · {town(n.ags)}
            {n.kind ? ` · ${t(kindLabel(n.kind))}` : ""} · {by(n.counsellorId)}
          </h3>
          <p class="kern-body">{n.note}</p>
          <TakeOver action={`/pflegeplaetze/beratung/notizen/${n.id}/uebergeben`} />
        </section>
      ))}
      <h2 class="kern-heading-medium">{t("care.team.requestsTitle")}</h2>
      {requests.length === 0 && <p class="kern-body">{t("care.team.none")}</p>}
      {requests.map((r) => (
        <section class="kern-stack" aria-labelledby={`tr-${r.id}`}>
          <h3 class="kern-heading-small" id={`tr-${r.id}`}>
            {t("care.myRequests.sentAt", { date: formatDateTime(r.createdAt, ctx.locale) })} · {by(r.counsellorId)}
            {r.withdrawnAt ? ` · ${t("care.counsellor.withdrawn")}` : ""}
          </h3>
          <NeedLine ctx={ctx} r={r} places={places} />
          <AnswerTable ctx={ctx} r={r} />
          <TakeOver action={`/pflegeplaetze/beratung/anfragen/${r.id}/uebergeben`} />
        </section>
      ))}
    </div>
  );
}
