import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, FileField, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState, LinkLine } from "../../../platform/views/components.js";
import { formatDateTime, formatDay } from "../../../platform/i18n/format.js";
import { formatBytes } from "../../../platform/files/index.js";
import { PHASE_KINDS, PROCEDURE_KINDS } from "../db.js";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_MAX } from "../attachments.js";
import { closedText, periodText, stateText } from "../presenters.js";
import { AttachmentList, PlaceFields, WeighForm, placeLabels, weighLabels } from "./agencyViews.js";
import { currentPhase, openPhase, type PhaseInfo, type ProcedureDetail, type ProcedureInfo, type StatementAttachment, type StatementRow } from "../queries.js";

const placeOf = (names: Map<string, string>, ags: string) => names.get(ags) ?? ags;

/** Public list of procedures with a municipality filter (GET form, works without JavaScript). */
/** The procedure's documents with download links (public page and staff page). */
function DocumentList({ t, p }: { t: ViewContext["t"]; p: ProcedureDetail }) {
  return (
    <>
      <h2 class="kern-heading-medium">{t("participation.detail.documents")}</h2>
      {p.documents.length === 0 ? (
        <p class="kern-body">{t("participation.detail.noDocuments")}</p>
      ) : (
        <ul class="kern-list">
          {p.documents.map((d) => (
            <li>
              <a class="kern-link" href={`/beteiligung/${p.slug}/unterlagen/${d.id}`}>
                {t("participation.detail.download", { title: d.title, size: formatBytes(d.size) })}
              </a>{" "}
              ·{" "}
              <a class="kern-link" href={`/beteiligung/${p.slug}/unterlagen/${d.id}/ansehen`}>
                {t("participation.viewer.open", { title: d.title })}
              </a>{" "}
              ·{" "}
              <a class="kern-link" href={`/beteiligung/${p.slug}/unterlagen/${d.id}/text`}>
                {t("participation.text.open", { title: d.title })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ProcedureListPage(props: { ctx: ViewContext; procedures: ProcedureInfo[]; names: Map<string, string>; places: Array<{ ags: string; name: string }>; ags: string; now: Date }) {
  const { ctx, procedures, names, places, ags, now } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("participation.list.title")}</PageHeading>
      <p class="kern-body">{t("participation.list.intro", { county: ctx.countyName })}</p>
      <form method="get" action="/beteiligung" class="kern-stack kp-narrow">
        <SelectField name="gemeinde" label={t("participation.list.filter")} form={{ values: { gemeinde: ags }, errors: {} }} options={places.map((p) => ({ value: p.ags, label: p.name }))} placeholder={t("participation.list.all")} />
        <Button variant="secondary">{t("participation.list.show")}</Button>
      </form>
      {procedures.length === 0 ? (
        <p class="kern-body">{t("participation.list.empty")}</p>
      ) : (
        <ul class="kern-list kp-plain-list">
          {procedures.map((p) => (
            <li>
              <h2 class="kern-heading-small">
                <a class="kern-link" href={`/beteiligung/${p.slug}`}>
                  {p.title}
                </a>
              </h2>
              <p class="kern-body">
                {t(`participation.kind.${p.kind}`)} · {placeOf(names, p.ags)} · <strong>{stateText(t, p.phases, now)}</strong>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Phases({ t, phases }: { t: ViewContext["t"]; phases: PhaseInfo[] }) {
  return (
    <dl class="kern-description-list">
      {phases.map((ph) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t(`participation.phase.${ph.kind}`)}</dt>
          <dd class="kern-description-list-item__value">
            {periodText(t, ph)}
            {ph.reason && <p class="kern-body">{t("participation.redisplay.reasonPublic", { reason: ph.reason })}</p>}
            {ph.announcement && <p class="kern-body">{ph.announcement}</p>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One procedure: description, phases, documents, and the way to comment (or why not now). */
export function ProcedurePage(props: { ctx: ViewContext; p: ProcedureDetail; municipality: string; now: Date; manageHref?: string; resultHref?: string; plan?: ComponentChildren }) {
  const { ctx, p, municipality, now, manageHref } = props;
  const { t } = ctx;
  const open = openPhase(p.phases, now);
  const current = currentPhase(p.phases, now);
  return (
    <div class="kern-stack">
      <PageHeading preline={`${t(`participation.kind.${p.kind}`)} · ${municipality}`}>{p.title}</PageHeading>
      {current?.kind === "redisplay" && <p class="kern-heading-small">{t("participation.redisplay.public", { period: periodText(t, current) })}</p>}
      {open ? (
        <p class="kern-body">
          <a class="kern-btn kern-btn--primary" href={`/beteiligung/${p.slug}/stellungnahme`}>
            <span class="kern-label">{t("participation.detail.submit")}</span>
          </a>{" "}
          {stateText(t, p.phases, now)}
        </p>
      ) : (
        <Alert kind="info" title={t("participation.detail.closedTitle")}>
          <p class="kern-body">{closedText(t, p.phases, now)}</p>
        </Alert>
      )}
      {props.resultHref && <LinkLine href={props.resultHref}>{t("participation.weighing.publicLink")}</LinkLine>}
      <h2 class="kern-heading-medium">{t("participation.detail.description")}</h2>
      {p.description.split(/\n{2,}/).map((para) => (
        <p class="kern-body">{para}</p>
      ))}
      <h2 class="kern-heading-medium">{t("participation.detail.phases")}</h2>
      <Phases t={t} phases={p.phases} />
      <DocumentList t={t} p={p} />
      {props.plan}
      {manageHref && (
        <LinkLine href={manageHref}>{t("participation.staff.title")}</LinkLine>
      )}
    </div>
  );
}

/** The statement form (only while a phase is open); without an account name and address are required. */
export function StatementFormPage(props: { ctx: ViewContext; p: ProcedureDetail; phase: PhaseInfo; form: FormState; hasPlan: boolean; tileUrl?: string | undefined }) {
  const { ctx, p, phase, form } = props;
  const { t } = ctx;
  const anonymous = !ctx.user;
  const labels = { text: t("participation.form.body"), name: t("participation.form.name"), strasse: t("participation.form.street"), plz: t("participation.form.postcode"), ort: t("participation.form.city"), email: t("participation.form.email"), anlagen: t("participation.attachments.label"), ...placeLabels(t) };
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={t(`participation.phase.${phase.kind}`)}>{t("participation.form.title", { title: p.title })}</PageHeading>
      <p class="kern-body">{t("participation.form.intro", { period: periodText(t, phase) })}</p>
      <form method="post" action={`/beteiligung/${p.slug}/stellungnahme`} enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="text" label={labels.text} hint={t("participation.form.bodyHint")} form={form} rows={10} maxLength={20000} />
        <PlaceFields ctx={ctx} p={p} form={form} hasPlan={props.hasPlan} tileUrl={props.tileUrl} />
        {anonymous ? <p class="kern-body">{t("participation.form.addressHint")}</p> : <p class="kern-body">{t("participation.form.account", { name: ctx.user!.displayName })}</p>}
        {anonymous && <TextField name="name" label={labels.name} form={form} autocomplete="name" required maxLength={200} />}
        <TextField name="strasse" label={labels.strasse} form={form} autocomplete="street-address" required={anonymous} maxLength={200} />
        <TextField name="plz" label={labels.plz} form={form} autocomplete="postal-code" inputMode="numeric" required={anonymous} maxLength={5} width={4} />
        <TextField name="ort" label={labels.ort} form={form} autocomplete="address-level2" required={anonymous} maxLength={100} />
        <TextField name="email" type="email" label={labels.email} hint={t("participation.form.emailHint")} form={form} autocomplete="email" maxLength={254} />
        <FileField name="anlagen" label={labels.anlagen} hint={t("participation.attachments.hint", { n: ATTACHMENTS_MAX, max: formatBytes(Math.min(ATTACHMENT_MAX_BYTES, ctx.uploadMaxBytes)) })} error={form.errors.anlagen} accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" multiple optional />
        <Button>{t("participation.form.submit")}</Button>
      </form>
    </div>
  );
}

/** The receipt after submitting: the reference number and the time. */
export function ReceiptPage(props: { ctx: ViewContext; p: ProcedureDetail; reference: string; at: Date; mailed: boolean }) {
  const { ctx, p, reference, at, mailed } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={p.title}>{t("participation.receipt.title")}</PageHeading>
      <Alert kind="success" title={t("participation.receipt.reference", { reference })}>
        <p class="kern-body">{t("participation.receipt.text", { at: formatDateTime(at, ctx.locale) })}</p>
      </Alert>
      <p class="kern-body">{t("participation.receipt.keep")}</p>
      {mailed && <p class="kern-body">{t("participation.receipt.mailed")}</p>}
      <LinkLine href={`/beteiligung/${p.slug}`}>{t("participation.receipt.back")}</LinkLine>
    </div>
  );
}

/** Staff: the procedures they manage, with counts. */
export function StaffListPage(props: { ctx: ViewContext; procedures: ProcedureInfo[]; counts: Map<string, { total: number; open: number }>; names: Map<string, string>; canCreate: boolean; now: Date }) {
  const { ctx, procedures, counts, names, canCreate, now } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("participation.staff.title")}</PageHeading>
      {canCreate && (
        <>
          <LinkLine href="/verwaltung/beteiligung/neu">{t("participation.staff.new")}</LinkLine>
          <LinkLine href="/verwaltung/beteiligung/traeger">{t("participation.agencyList.link")}</LinkLine>
        </>
      )}
      {procedures.length === 0 ? (
        <p class="kern-body">{t("participation.staff.none")}</p>
      ) : (
        <ul class="kern-list">
          {procedures.map((p) => {
            const c = counts.get(p.id) ?? { total: 0, open: 0 };
            return (
              <li>
                <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}`}>
                  {p.title}
                </a>{" "}
                ({placeOf(names, p.ags)}; {stateText(t, p.phases, now)}; {t("participation.staff.statements", { total: c.total, open: c.open })})
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** The labels of the procedure form's fields (create and edit), by field name. */
export const procedureLabels = (t: ViewContext["t"]) => ({
  titel: t("participation.staff.field.title"),
  art: t("participation.staff.field.kind"),
  gemeinde: t("participation.staff.field.municipality"),
  beschreibung: t("participation.staff.field.description"),
  phase: t("participation.staff.field.phase"),
  von: t("participation.staff.field.from"),
  bis: t("participation.staff.field.to"),
  bekanntmachung: t("participation.staff.field.announcement"),
});

/** Title, kind, municipality and description of a procedure (create and edit form). */
export function ProcedureBaseFields({ ctx, form, places, labels }: { ctx: ViewContext; form: FormState; places: Array<{ ags: string; name: string }>; labels: ReturnType<typeof procedureLabels> }) {
  const { t } = ctx;
  return (
    <>
      <TextField name="titel" label={labels.titel} form={form} required maxLength={200} />
      <SelectField name="art" label={labels.art} form={form} required placeholder={t("participation.staff.choose")} options={PROCEDURE_KINDS.map((k) => ({ value: k, label: t(`participation.kind.${k}`) }))} />
      <SelectField name="gemeinde" label={labels.gemeinde} form={form} required placeholder={t("participation.staff.choose")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
      <TextArea name="beschreibung" label={labels.beschreibung} form={form} rows={6} maxLength={20000} />
    </>
  );
}

/** Staff: create a procedure with one phase. */
export function NewProcedurePage(props: { ctx: ViewContext; form: FormState; places: Array<{ ags: string; name: string }> }) {
  const { ctx, form, places } = props;
  const { t } = ctx;
  const labels = procedureLabels(t);
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading>{t("participation.staff.newTitle")}</PageHeading>
      <form method="post" action="/verwaltung/beteiligung/neu" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <ProcedureBaseFields ctx={ctx} form={form} places={places} labels={labels} />
        <RadioGroup name="phase" label={labels.phase} form={form} required options={PHASE_KINDS.map((k) => ({ value: k, label: t(`participation.phase.${k}`) }))} />
        <TextField name="von" type="date" label={labels.von} hint={t("participation.staff.field.dateHint")} form={form} required />
        <TextField name="bis" type="date" label={labels.bis} hint={t("participation.staff.field.dateHint")} form={form} required />
        <TextArea name="bekanntmachung" label={labels.bekanntmachung} form={form} rows={4} maxLength={10000} optional />
        <Button>{t("participation.staff.create")}</Button>
      </form>
    </div>
  );
}

/** Staff: one procedure: upload documents, the statements, CSV export. */
export function StaffProcedurePage(props: { ctx: ViewContext; p: ProcedureDetail; municipality: string; statements: StatementRow[]; form: FormState; notice?: string; now: Date; plan?: ComponentChildren; agencies?: ComponentChildren; extraLabels?: Record<string, string> }) {
  const { ctx, p, municipality, statements, form, notice, now } = props;
  const { t } = ctx;
  const labels = { titel: t("participation.staff.uploadTitle"), datei: t("participation.staff.uploadFile"), xplan: t("participation.plan.file"), ...props.extraLabels };
  const fileError = form.errors.datei;
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      {notice && <Alert kind="success" title={notice} />}
      <PageHeading preline={`${t(`participation.kind.${p.kind}`)} · ${municipality}`}>{t("participation.staff.procedure", { title: p.title })}</PageHeading>
      <p class="kern-body">
        {stateText(t, p.phases, now)} ·{" "}
        <a class="kern-link" href={`/beteiligung/${p.slug}`}>
          {t("participation.staff.public")}
        </a>{" "}
        ·{" "}
        <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/bearbeiten`}>
          {t("participation.edit.link")}
        </a>
      </p>
      <DocumentList t={t} p={p} />
      <h3 class="kern-heading-small">{t("participation.staff.upload")}</h3>
      <form method="post" action={`/verwaltung/beteiligung/${p.id}/unterlagen`} enctype="multipart/form-data" novalidate class="kern-stack kp-narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="titel" label={labels.titel} form={form} required maxLength={200} />
        <FileField name="datei" label={labels.datei} hint={t("participation.staff.uploadHint", { max: formatBytes(ctx.uploadMaxBytes) })} error={fileError} accept=".pdf,application/pdf" />
        <Button variant="secondary">{t("participation.staff.upload")}</Button>
      </form>
      {props.plan}
      {props.agencies}
      <h2 class="kern-heading-medium">{t("participation.staff.list")}</h2>
      <LinkLine href={`/verwaltung/beteiligung/${p.id}/abwaegung`}>{t("participation.weighing.link")}</LinkLine>
      {statements.length === 0 ? (
        <p class="kern-body">{t("participation.staff.noStatements")}</p>
      ) : (
        <>
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/stellungnahmen.csv`} download>
              {t("participation.staff.export")}
            </a>
          </p>
          {/* One table per phase: statements of a repeated display stay apart from the first display's. */}
          {p.phases
            .filter((ph) => statements.some((s) => s.phase.id === ph.id))
            .map((ph) => (
              <DataTable
                caption={t("participation.staff.phaseGroup", { phase: t(`participation.phase.${ph.kind}`), period: periodText(t, ph) })}
                head={[t("participation.staff.col.reference"), t("participation.staff.col.submitted"), t("participation.staff.col.author"), t("participation.staff.col.phase"), t("participation.staff.col.decision")]}
                rows={statements.filter((s) => s.phase.id === ph.id).map((s) => [
                  <a class="kern-link" href={`/verwaltung/beteiligung/${p.id}/stellungnahmen/${s.reference}`}>
                    {s.reference}
                  </a>,
                  formatDateTime(s.submittedAt, ctx.locale),
                  s.name,
                  t(`participation.phase.${s.phaseKind}`),
                  t(`participation.decision.${s.decision ?? "none"}`),
                ])}
              />
            ))}
        </>
      )}
    </div>
  );
}

/** Staff: one statement with the weighing form. */
export function StatementPage(props: { ctx: ViewContext; p: ProcedureDetail; s: StatementRow; form: FormState; saved: boolean; published: boolean; attachments?: StatementAttachment[] }) {
  const { ctx, p, s, form, saved } = props;
  const { t } = ctx;
  const labels = weighLabels(t);
  const place = [[s.place.documentTitle, s.place.text].filter(Boolean).join(", "), s.place.lat !== null ? `${s.place.lat}, ${s.place.lon} (WGS84)` : ""].filter(Boolean).join(" · ");
  const address = [s.street, [s.postcode, s.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return (
    <div class="kern-stack">
      <ErrorSummary form={form} t={t} labels={labels} />
      {saved && <Alert kind="success" title={t("participation.staff.saved")} />}
      <PageHeading preline={p.title}>{t("participation.staff.statement", { reference: s.reference })}</PageHeading>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("participation.staff.col.submitted")}</dt>
          <dd class="kern-description-list-item__value">{formatDateTime(s.submittedAt, ctx.locale)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("participation.staff.col.author")}</dt>
          <dd class="kern-description-list-item__value">
            {s.name}
            {address && `, ${address}`}
            {s.email && ` (${s.email})`}
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t("participation.staff.col.phase")}</dt>
          <dd class="kern-description-list-item__value">{t(`participation.phase.${s.phaseKind}`)}</dd>
        </div>
        {place && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("participation.place.label")}</dt>
            <dd class="kern-description-list-item__value">{place}</dd>
          </div>
        )}
        {props.attachments && props.attachments.length > 0 && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("participation.attachments.label")}</dt>
            <dd class="kern-description-list-item__value">
              <AttachmentList ctx={ctx} files={props.attachments} href={(f) => `/verwaltung/beteiligung/${p.id}/stellungnahmen/${s.reference}/anlagen/${f.fileId}`} />
            </dd>
          </div>
        )}
        {s.consideredAt && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t("participation.staff.col.considered")}</dt>
            <dd class="kern-description-list-item__value">{formatDay(s.consideredAt)}</dd>
          </div>
        )}
      </dl>
      <h2 class="kern-heading-medium">{t("participation.staff.col.body")}</h2>
      {s.body.split(/\n+/).map((para) => (
        <p class="kern-body">{para}</p>
      ))}
      <h2 class="kern-heading-medium">{t("participation.staff.weigh")}</h2>
      <WeighForm ctx={ctx} action={`/verwaltung/beteiligung/${p.id}/stellungnahmen/${s.reference}`} form={form} published={props.published} />
      <LinkLine href={`/verwaltung/beteiligung/${p.id}/abwaegung`}>{t("participation.weighing.link")}</LinkLine>
      <LinkLine href={`/verwaltung/beteiligung/${p.id}`}>{t("participation.staff.back")}</LinkLine>
    </div>
  );
}
