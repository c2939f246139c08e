import { ConfidentialitySection, confidentialityLabel, documentConfidentialityLabel } from "./confidentiality.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, RadioGroup, TextArea, CsrfField, emptyForm, DataTable, DescriptionList, ErrorSummary, LinkLine, PageHeading, Section, TextField, FileField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatDay } from "../../../platform/i18n/format.js";
import { formatBytes } from "../../../platform/files/index.js";
import { HIT_END, HIT_START, type DocumentRow, type FileDetail, type PlanNode, type SearchHit } from "../queries.js";

/** A snippet with its hits marked (the text is escaped by Preact; only the markers become <mark>). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(HIT_START);
  return (
    <p class="kern-body">
      {parts.map((part, i) => {
        if (i === 0) return part;
        const [hit, rest] = part.split(HIT_END);
        return (
          <>
            <mark>{hit}</mark>
            {rest ?? ""}
          </>
        );
      })}
    </p>
  );
}

/** What the scan and upload forms offer to pick (the server checks the content). */
const SCAN_TYPES = ".pdf,.tif,.tiff,.png,.jpg,.jpeg,application/pdf,image/tiff,image/png,image/jpeg";

export function RecordsHomePage(props: { ctx: ViewContext; form: FormState; hits: SearchHit[] | undefined; recent: Array<{ id: string; file_number: string; title: string; status: string; reference: string }>; clearingCount: number; releaseCount: number }) {
  const { ctx, form, hits, recent, clearingCount, releaseCount } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.home.title")}</PageHeading>
      <p class="kern-body">{t("records.home.intro")}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/verwaltung/akten" class="kern-stack kp-narrow" role="search" aria-label={t("records.search.submit")}>
        <TextField name="q" label={t("records.search.label")} hint={t("records.search.hint")} form={form} maxLength={200} />
        <Button variant="secondary">{t("records.search.submit")}</Button>
      </form>
      {hits && (
        <Section id="treffer" title={t("records.search.results", { q: form.values.q ?? "" })}>
          {hits.length === 0 ? (
            <p class="kern-body">{t("records.search.none")}</p>
          ) : (
            <ul class="kern-list kp-plain-list">
              {hits.map((h) => (
                <li>
                  <h3 class="kern-heading-small">
                    <a class="kern-link" href={`/verwaltung/akten/${h.fileId}#dok-${h.documentId}`}>
                      {h.title}
                    </a>
                  </h3>
                  <p class="kern-body">
                    {h.fileNumber} · {h.caseReference}
                  </p>
                  <Snippet text={h.snippet} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/verwaltung/akten/scannen">
            {t("records.links.scan")}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/akten/klaerung">
            {t("records.links.clearing", { n: clearingCount })}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/akten/qualitaetspruefung">
            {t("records.links.release", { n: releaseCount })}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/akten/aussonderung">
            {t("records.links.disposal")}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/akten/aktenplan">
            {t("records.links.plan")}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/akten/webhooks">
            {t("records.links.webhooks")}
          </a>
        </li>
        {ctx.user?.isAdmin && (
          <li>
            <a class="kern-link" href="/verwaltung/akten/systemkonten">
              {t("records.links.system")}
            </a>
          </li>
        )}
      </ul>
      <Section id="neueste" title={t("records.recent")}>
        {recent.length === 0 ? (
          <p class="kern-body">{t("records.recent.none")}</p>
        ) : (
          <DataTable
            caption={t("records.recent.caption")}
            head={[t("records.col.fileNumber"), t("records.col.title"), t("records.col.case"), t("records.col.status")]}
            rows={recent.map((f) => [
              <a class="kern-link" href={`/verwaltung/akten/${f.id}`}>
                {f.file_number}
              </a>,
              f.title,
              f.reference,
              t(`records.status.${f.status}`),
            ])}
          />
        )}
      </Section>
    </div>
  );
}

function DocumentItem({ ctx, fileId, d, release, open }: { ctx: ViewContext; fileId: string; d: DocumentRow; release: boolean; open: boolean }) {
  const { t } = ctx;
  const ocr = d.ocr_status === "failed" ? t("records.doc.ocr.failed", { error: d.ocr_error ?? "" }) : d.ocr_status === "done" ? t("records.doc.ocr.done", { n: d.pages }) : t("records.doc.ocr.pending");
  return (
    <li id={`dok-${d.id}`}>
      <h3 class="kern-heading-small">{d.title}</h3>
      <p class="kern-body">
        {t(`records.doc.source.${d.source}`)} · {formatDateTime(d.created_at, ctx.locale)} · {ocr}
      </p>
      {d.confidentiality && (
        <p class="kern-body">
          <span class="kern-badge kern-badge--warning">{t(`records.confidentiality.${d.confidentiality}`)}</span> {documentConfidentialityLabel(ctx, d)}
        </p>
      )}
      {release && !d.confidentiality && (
        <p class="kern-body">
          <a class="kern-link" href={`/verwaltung/akten/${fileId}/dokumente/${d.id}/vertraulichkeit`}>
            {t("records.docConfidentiality.link", { title: d.title })}
          </a>
        </p>
      )}
      {d.device && <p class="kern-body">{t("records.doc.scanProtocol", { device: d.device, at: formatDateTime(d.scanned_at!, ctx.locale), quality: t(d.quality_ok === null ? "records.doc.quality.none" : d.quality_ok ? "records.doc.quality.ok" : "records.doc.quality.bad") })}</p>}
      {d.device && d.quality_ok === false && (
        <p class="kern-body">
          <span class="kern-badge kern-badge--danger">{t("records.doc.defective")}</span> {t("records.doc.defectiveHint", { reason: d.quality_note ?? "–" })}
        </p>
      )}
      {d.device && d.quality_ok === null && (
        <div class="kern-stack">
          <p class="kern-body">
            <span class="kern-badge kern-badge--warning">{t("records.release.notReleased")}</span> {t(open ? "records.release.notReleasedHint" : "records.release.closedUnreleased")}
          </p>
          {release && (
            <form method="post" action={`/verwaltung/akten/${fileId}/dokumente/${d.id}/freigabe`} class="kp-inline-form">
              <CsrfField token={ctx.csrfToken} />
              <Button variant="secondary">{t("records.release.submit", { title: d.title })}</Button>
            </form>
          )}
          {release && (
            <p class="kern-body">
              <a class="kern-link" href={`/verwaltung/akten/${fileId}/dokumente/${d.id}/mangel`}>
                {t("records.defect.link", { title: d.title })}
              </a>
            </p>
          )}
        </div>
      )}
      <ul class="kern-list">
        {d.versions.map((v) => (
          <li>
            {t("records.doc.version", { n: v.version, name: v.filename, size: formatBytes(v.size), sha: v.sha256 })}{" "}
            <a class="kern-link" href={`/verwaltung/akten/${fileId}/dokumente/${d.id}/${v.version}`}>
              {t("records.doc.download", { n: v.version })}
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function FilePage(props: { ctx: ViewContext; file: FileDetail; unitName: string; docs: DocumentRow[]; canWrite: boolean; form: FormState; overrideForm?: FormState; confForm?: FormState; notice?: { kind: "success" | "danger" | "info"; text: string }; closeError?: string }) {
  const { ctx, file, unitName, docs, canWrite, form, notice } = props;
  const overrideForm = props.overrideForm ?? { values: { jahre: String(file.retention_years), art: file.disposal, begruendung: file.override_reason ?? "" }, errors: {} };
  const { t } = ctx;
  const open = file.status === "open";
  return (
    <div class="kern-stack">
      <PageHeading preline={file.title}>{t("records.file.title", { number: file.file_number })}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <ErrorSummary form={{ values: {}, errors: { ...form.errors, ...(props.overrideForm?.errors ?? {}), ...(props.confForm?.errors ?? {}) } }} t={t} />
      {!open && <Alert kind="info" title={t("records.file.closedNotice")} />}
      <DescriptionList
        rows={[
          [t("records.file.plan"), `${file.plan_code} ${file.plan_title}`],
          [t("records.file.case"), `${file.reference} – ${file.case_title} (${unitName})`],
          [t("records.file.retention"), t("records.file.retentionValue", { years: file.retention_years })],
          [t("records.file.disposal"), t(`records.disposal.${file.disposal}`)],
          file.override_reason ? [t("records.file.override"), file.override_reason] : null,
          [t("records.confidentiality.title"), confidentialityLabel(ctx, file)],
          [t("records.file.status"), t(`records.status.${file.status}`)],
          [t("records.file.created"), formatDay(file.created_at)],
          file.closed_at ? [t("records.file.closed"), formatDay(file.closed_at)] : null,
        ]}
      />
      {open && <LinkLine href={`/verwaltung/akten/${file.id}/deckblatt.pdf`}>{t("records.file.coverSheet")}</LinkLine>}
      <LinkLine href={`/verwaltung/akten/${file.id}/scanprotokoll.pdf`}>{t("records.file.scanProtocol")}</LinkLine>
      <Section id="dokumente" title={t("records.file.documents")}>
        {docs.length === 0 ? (
          <p class="kern-body">{t("records.file.noDocuments")}</p>
        ) : (
          <ul class="kern-list kp-plain-list">
            {docs.map((d) => (
              <DocumentItem ctx={ctx} fileId={file.id} d={d} release={open && canWrite} open={open} />
            ))}
          </ul>
        )}
      </Section>
      {open && canWrite && (
        <Section id="ablegen" title={t("records.upload.title")}>
          <form method="post" action={`/verwaltung/akten/${file.id}/dokumente`} enctype="multipart/form-data" class="kern-stack kp-narrow" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="titel" label={t("records.upload.docTitle")} form={form} required maxLength={200} />
            <FileField name="datei" label={t("records.upload.file")} hint={t("records.upload.hint", { max: formatBytes(ctx.uploadMaxBytes) })} error={form.errors.datei} accept={SCAN_TYPES} />
            <Button variant="secondary">{t("records.upload.submit")}</Button>
          </form>
        </Section>
      )}
      {open && canWrite && (
        <Section id="aufbewahrung" title={t("records.override.title")}>
          <p class="kern-body">{t("records.override.hint", { years: file.plan_retention, disposal: file.plan_disposal })}</p>
          <form method="post" action={`/verwaltung/akten/${file.id}/aufbewahrung`} class="kern-stack kp-narrow" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="jahre" label={t("records.override.years")} form={overrideForm} type="number" inputMode="numeric" width={4} required />
            <RadioGroup name="art" label={t("records.file.disposal")} form={overrideForm} options={["A", "B", "V"].map((d) => ({ value: d, label: t(`records.disposal.${d}`) }))} required />
            <TextArea name="begruendung" label={t("records.override.reason")} form={overrideForm} maxLength={1000} rows={3} />
            <Button variant="secondary">{t("records.override.submit")}</Button>
          </form>
        </Section>
      )}
      {open && canWrite && <ConfidentialitySection ctx={ctx} fileId={file.id} form={props.confForm ?? { values: { stufe: file.confidentiality, stufengrund: file.confidentiality_reason ?? "" }, errors: {} }} />}
      {open && canWrite && (
        <Section id="abschliessen" title={t("records.close.title")}>
          <p class="kern-body">{t("records.close.hint")}</p>
          {props.closeError ? (
            <Alert kind="danger" title={props.closeError} />
          ) : (
            docs.some((d) => d.device && d.quality_ok !== true) && <Alert kind="warning" title={t("records.close.unreleased", { n: docs.filter((d) => d.device && d.quality_ok !== true).length })} />
          )}
          <form method="post" action={`/verwaltung/akten/${file.id}/abschliessen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t("records.close.submit")}</Button>
          </form>
        </Section>
      )}
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

export type DefectiveScan = { id: string; title: string; file_id: string; file_number: string; quality_note: string | null; quality_checked_at: Date | null; checkedByName: string };

export function ScanPage(props: { ctx: ViewContext; form: FormState; notice?: { kind: "success" | "info" | "danger"; text: string }; defects?: DefectiveScan[]; defectForms?: Record<string, FormState> }) {
  const { ctx, form, notice, defects = [], defectForms = {} } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.scan.title")}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.scan.intro")}</p>
      <form method="post" action="/verwaltung/akten/scannen" enctype="multipart/form-data" class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <FileField name="datei" label={t("records.upload.file")} hint={t("records.upload.hint", { max: formatBytes(ctx.uploadMaxBytes) })} error={form.errors.datei} accept={SCAN_TYPES} />
        <TextField name="geraet" label={t("records.scan.device")} form={form} required maxLength={100} />
        <Button>{t("records.scan.submit")}</Button>
      </form>
      {defects.length > 0 && (
        <Section id="mangelhaft" title={t("records.rescan.title", { n: defects.length })}>
          <p class="kern-body">{t("records.rescan.intro")}</p>
          <ul class="kern-list kp-plain-list">
            {defects.map((d) => {
              const s8 = d.id.slice(0, 8);
              const f = defectForms[d.id] ?? emptyForm();
              return (
                <li id={`neu-${s8}`}>
                  <h3 class="kern-heading-small">{d.title}</h3>
                  <p class="kern-body">
                    <span class="kern-badge kern-badge--danger">{t("records.doc.defective")}</span> {t("records.rescan.item", { file: d.file_number, by: d.checkedByName, at: d.quality_checked_at ? formatDateTime(d.quality_checked_at, ctx.locale) : "–", reason: d.quality_note ?? "–" })}
                  </p>
                  <ErrorSummary form={f} t={t} />
                  <form method="post" action={`/verwaltung/akten/scannen/${d.id}/neu`} enctype="multipart/form-data" class="kern-stack kp-narrow" novalidate>
                    <CsrfField token={ctx.csrfToken} />
                    <FileField name={`datei-${s8}`} label={t("records.rescan.file", { title: d.title })} hint={t("records.upload.hint", { max: formatBytes(ctx.uploadMaxBytes) })} error={f.errors[`datei-${s8}`]} accept={SCAN_TYPES} />
                    <TextField name={`geraet-${s8}`} label={t("records.scan.device")} form={f} required maxLength={100} />
                    <Button variant="secondary">{t("records.rescan.submit", { title: d.title })}</Button>
                  </form>
                </li>
              );
            })}
          </ul>
        </Section>
      )}
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

export type ReleaseItem = { id: string; title: string; file_id: string; file_number: string; device: string; scanned_at: Date; scannedByName: string; own: boolean };
export type Notice = { kind: "success" | "danger" | "info"; text: string };

/**
 * Scans of the user's departments awaiting the four-eyes release (ADR 0077): tick several and release them at once
 * (each by the same command as a single release; own scans are refused by name), or reject one as defective.
 */
export function ReleasePage(props: { ctx: ViewContext; items: ReleaseItem[]; form?: FormState; notices?: Notice[] }) {
  const { ctx, items, notices = [] } = props;
  const form = props.form ?? emptyForm();
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.release.title")}</PageHeading>
      {notices.map((n) => (
        <Alert kind={n.kind} title={n.text} />
      ))}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.release.intro")}</p>
      {items.length === 0 ? (
        <p class="kern-body">{t("records.release.none")}</p>
      ) : (
        <>
          <DataTable
            caption={t("records.release.caption")}
            head={[t("records.col.fileNumber"), t("records.col.title"), t("records.release.col.scanned"), t("records.release.col.note")]}
            rows={items.map((i) => [
              i.file_number,
              <a class="kern-link" href={`/verwaltung/akten/${i.file_id}#dok-${i.id}`}>
                {i.title}
              </a>,
              `${i.scannedByName}, ${formatDateTime(i.scanned_at, ctx.locale)} (${i.device})`,
              i.own ? (
                t("records.release.ownScan")
              ) : (
                <>
                  {t("records.release.yours")}{" "}
                  <a class="kern-link" href={`/verwaltung/akten/${i.file_id}/dokumente/${i.id}/mangel`}>
                    {t("records.defect.link", { title: i.title })}
                  </a>
                </>
              ),
            ])}
          />
          <form method="post" action="/verwaltung/akten/qualitaetspruefung" class="kern-stack" novalidate data-select-all={t("records.release.bulk.selectAll")} data-own={items.filter((i) => i.own).map((i) => i.id).join(" ")}>
            <CsrfField token={ctx.csrfToken} />
            {items.map((i) => (
              <input type="hidden" name="listed" value={i.id} />
            ))}
            <CheckboxGroup
              name="scans"
              label={t("records.release.bulk.label")}
              hint={t("records.release.bulk.hint")}
              form={form}
              options={items.map((i) => ({ value: i.id, label: t(i.own ? "records.release.bulk.optionOwn" : "records.release.bulk.option", { title: i.title, file: i.file_number, by: i.scannedByName, at: formatDateTime(i.scanned_at, ctx.locale) }) }))}
            />
            <div class="kern-stack">
              <Button>{t("records.release.bulk.submit")}</Button>
              <Button variant="secondary" name="alle" value="1">
                {t("records.release.bulk.all")}
              </Button>
            </div>
          </form>
          <script src="/assets/records-select-all.js" defer></script>
        </>
      )}
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

/** The second person rejects a scan as defective ("mangelhaft") with a required reason (migration 0078). */
export function DefectPage(props: { ctx: ViewContext; fileId: string; fileNumber: string; doc: { id: string; title: string; device: string; scanned_at: Date; scannedByName: string }; form: FormState; notice?: Notice }) {
  const { ctx, fileId, fileNumber, doc, form, notice } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={fileNumber}>{t("records.defect.title")}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <ErrorSummary form={form} t={t} />
      <p class="kern-body">{t("records.defect.intro", { title: doc.title, file: fileNumber })}</p>
      <DescriptionList
        rows={[
          [t("records.col.title"), doc.title],
          [t("records.release.col.scanned"), `${doc.scannedByName}, ${formatDateTime(doc.scanned_at, ctx.locale)} (${doc.device})`],
        ]}
      />
      <form method="post" action={`/verwaltung/akten/${fileId}/dokumente/${doc.id}/mangel`} class="kern-stack kp-narrow" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="grund" label={t("records.defect.reason")} hint={t("records.defect.reason.hint")} form={form} maxLength={1000} rows={3} />
        <Button>{t("records.defect.submit")}</Button>
      </form>
      <LinkLine href={`/verwaltung/akten/${fileId}#dok-${doc.id}`}>{t("records.defect.back", { file: fileNumber })}</LinkLine>
      <LinkLine href="/verwaltung/akten/qualitaetspruefung">{t("records.release.title")}</LinkLine>
    </div>
  );
}

export function ClearingPage(props: { ctx: ViewContext; items: Array<{ id: string; filename: string; size: string; reason: string; received_at: Date }>; forms: Record<string, FormState>; notice?: string }) {
  const { ctx, items, forms, notice } = props;
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.clearing.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("records.clearing.intro")}</p>
      {items.length === 0 ? (
        <p class="kern-body">{t("records.clearing.none")}</p>
      ) : (
        <ul class="kern-list kp-plain-list">
          {items.map((k) => {
            const form = forms[k.id] ?? { values: {}, errors: {} };
            return (
              <li>
                <h2 class="kern-heading-small">{k.filename}</h2>
                <p class="kern-body">{t("records.clearing.item", { name: k.filename, size: formatBytes(Number(k.size)), at: formatDateTime(k.received_at, ctx.locale), reason: k.reason })}</p>
                <LinkLine href={`/verwaltung/akten/klaerung/${k.id}/datei`}>{t("records.clearing.view")}</LinkLine>
                <ErrorSummary form={form} t={t} />
                <form method="post" action={`/verwaltung/akten/klaerung/${k.id}`} class="kern-stack kp-narrow" novalidate>
                  <CsrfField token={ctx.csrfToken} />
                  <TextField name={`vorgang-${k.id.slice(0, 8)}`} label={t("records.clearing.reference")} form={form} required maxLength={40} />
                  <TextField name={`titel-${k.id.slice(0, 8)}`} label={t("records.clearing.docTitle")} form={form} required maxLength={200} />
                  <Button variant="secondary">{t("records.clearing.assign")}</Button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

export function DisposalPage(props: { ctx: ViewContext; rows: Array<{ file_id: string; file_number: string; disposal: string; due_on: string; approved_at: Date | null; outcome: string | null; title: string | null; archive_confirmed_at: Date | null; archive_received_at: Date | null }>; notice?: string; answerError?: string }) {
  const { ctx, rows, notice, answerError } = props;
  const answerForm: FormState = { values: {}, errors: answerError ? { antwort: answerError } : {} };
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("records.disposal.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">{t("records.disposal.intro")}</p>
      {rows.length === 0 ? (
        <p class="kern-body">{t("records.disposal.none")}</p>
      ) : (
        <ul class="kern-list kp-plain-list">
          {rows.map((r) => (
            <li>
              <h2 class="kern-heading-small">{r.file_number}</h2>
              <p class="kern-body">
                {r.title ?? ""} · {t(`records.disposal.${r.disposal}`)} · {t("records.disposal.due", { date: formatDay(new Date(`${r.due_on}T12:00:00Z`)) })}
              </p>
              {r.approved_at ? (
                <>
                  <p class="kern-body">{t(r.outcome === "destroyed" ? "records.disposal.destroyed" : "records.disposal.archived", { date: formatDay(r.approved_at) })}</p>
                  {r.archive_received_at && !r.archive_confirmed_at && <p class="kern-body">{t("records.disposal.received", { date: formatDay(r.archive_received_at) })}</p>}
                  {r.archive_confirmed_at && <p class="kern-body">{t("records.disposal.confirmed", { date: formatDay(r.archive_confirmed_at) })}</p>}
                  {r.outcome === "archived" && !r.archive_confirmed_at && <LinkLine href={`/verwaltung/akten/aussonderung/${r.file_id}/xdomea.zip`}>{t("records.disposal.download")}</LinkLine>}
                </>
              ) : (
                <form method="post" action={`/verwaltung/akten/aussonderung/${r.file_id}`}>
                  <CsrfField token={ctx.csrfToken} />
                  <Button variant="secondary">{t("records.disposal.approve")}</Button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Section id="antwort" title={t("records.answer.title")}>
        <ErrorSummary form={answerForm} t={t} />
        <form method="post" action="/verwaltung/akten/aussonderung/antwort" enctype="multipart/form-data" class="kern-stack kp-narrow" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <FileField name="antwort" label={t("records.answer.file")} hint={t("records.answer.hint")} error={answerForm.errors.antwort} accept=".xml,application/xml,text/xml" />
          <Button variant="secondary">{t("records.answer.submit")}</Button>
        </form>
      </Section>
      <LinkLine href="/verwaltung/akten">{t("records.home.title")}</LinkLine>
    </div>
  );
}

/** The filing plan as nested lists (a tree a screen reader announces level by level). */
export function PlanPage({ ctx, roots }: { ctx: ViewContext; roots: PlanNode[] }) {
  const { t } = ctx;
  const Units = ({ nodes }: { nodes: PlanNode[] }) => (
    <ul class="kern-list">
      {nodes.map((n) => (
        <li>
          <strong>
            {n.code} {n.title}
          </strong>
          {" – "}
          {t("records.plan.entry", { years: n.retentionYears, disposal: t(`records.disposal.${n.disposal}`) })}
          {n.processIds.length > 0 && <>{"; "}{t("records.plan.processes", { ids: n.processIds.join(", ") })}</>}
          {n.files > 0 && <>{"; "}{t("records.plan.files", { n: n.files })}</>}
          {n.children.length > 0 && <Units nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
  return (
    <div class="kern-stack">
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/akten">{t("records.home.title")}</a>
      </p>
      <PageHeading>{t("records.plan.title")}</PageHeading>
      <p class="kern-body">{t("records.plan.intro")}</p>
      {roots.length === 0 ? <p class="kern-body">{t("records.plan.empty")}</p> : <Units nodes={roots} />}
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/akten/aktenplan.csv" download>
          {t("records.plan.csv")}
        </a>
      </p>
      {ctx.user?.isAdmin && (
        <p class="kern-body">
          <a class="kern-link" href="/verwaltung/akten/aktenplan/import">
            {t("records.planImport.link")}
          </a>
        </p>
      )}
    </div>
  );
}

