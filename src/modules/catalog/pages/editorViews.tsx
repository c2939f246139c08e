import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { DEPARTMENTS, TASK_CATEGORIES } from "../dataFiles.js";
import { TRUST_LEVELS } from "./editorForms.js";

/** The editors' navigation (services, synonyms, offices, responsibilities); the search module's synonym page uses it too. */
export function EditorNav({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <nav aria-label={t("catalog.editor.title")}>
      <ul class="kp-plain-list kp-letters">
        <li>
          <a class="kern-link" href="/verwaltung/leistungen" aria-current={ctx.path === "/verwaltung/leistungen" ? "page" : undefined}>
            {t("catalog.title")}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/synonyme" aria-current={ctx.path === "/verwaltung/synonyme" ? "page" : undefined}>
            {t("catalog.editor.synonyms")}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/verwaltung/dienststellen" aria-current={ctx.path === "/verwaltung/dienststellen" ? "page" : undefined}>
            {t("catalog.editor.offices")}
          </a>
        </li>
        <li>
          {/* Explicit responsibilities and rules: src/modules/responsibility/pages/editorPages.tsx */}
          <a class="kern-link" href="/verwaltung/zustaendigkeiten">
            {t("resp.nav")}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export interface EditorServiceRow {
  leikaKey: string;
  name: string;
  hasContent: boolean;
  version: number;
  updated: string;
}

export function EditorServiceList({ ctx, rows, total, q, onlyContent, page, pageSize }: { ctx: ViewContext; rows: EditorServiceRow[]; total: number; q: string; onlyContent: boolean; page: number; pageSize: number }) {
  const { t } = ctx;
  const link = (p: number) => `/verwaltung/leistungen?${new URLSearchParams({ ...(q ? { q } : {}), ...(onlyContent ? { inhalt: "1" } : {}), seite: String(p) }).toString()}`;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("admin.title")}>{t("catalog.editor.title")}</PageHeading>
      <p class="kern-body">{t("catalog.editor.lead")}</p>
      <EditorNav ctx={ctx} />
      <form method="get" action="/verwaltung/leistungen" class="kern-stack kp-narrow" role="search">
        <TextField name="q" label={t("catalog.editor.search")} form={{ values: { q }, errors: {} }} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="inhalt" name="inhalt" value="1" checked={onlyContent} />
          <label class="kern-label" for="inhalt">
            {t("catalog.editor.onlyContent")}
          </label>
        </div>
        <div>
          <Button variant="secondary">{t("catalog.editor.filter")}</Button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {t("catalog.editor.results", { n: total })}
      </p>
      <DataTable
        caption={t("catalog.editor.title")}
        head={[t("catalog.editor.col.name"), t("catalog.editor.col.key"), t("catalog.editor.col.content"), t("catalog.editor.col.version"), t("catalog.editor.col.updated")]}
        rows={rows.map((r) => [
          <a class="kern-link" href={`/verwaltung/leistungen/${r.leikaKey}`}>
            {r.name}
          </a>,
          r.leikaKey,
          r.hasContent ? t("catalog.editor.yes") : t("catalog.editor.no"),
          String(r.version),
          r.updated,
        ])}
      />
      <p class="kern-body">
        {page > 1 && (
          <a class="kern-link" href={link(page - 1)}>
            {t("catalog.editor.prev")}
          </a>
        )}{" "}
        {page * pageSize < total && (
          <a class="kern-link" href={link(page + 1)}>
            {t("catalog.editor.next")}
          </a>
        )}
      </p>
    </div>
  );
}

export function EditServicePage({ ctx, service, form, saved, conflictVersion }: { ctx: ViewContext; service: { leikaKey: string; name: string; version: number; updated: string }; form: FormState; saved: boolean; conflictVersion?: number }) {
  const { t } = ctx;
  const labels: Record<string, string> = {};
  for (const f of ["shortText", "fullText", "requirements", "documents", "fees", "deadlines", "processingTime", "legalBasis", "forms", "onlineUrl", "trustLevel", "searchTerms", "taskCategory", "department", "popularity"])
    labels[f] = t(f === "onlineUrl" ? "catalog.editor.field.onlineUrl" : `catalog.editor.field.${f}`);
  return (
    <div class="kern-stack kp-wide-form">
      {saved && <Alert kind="success" title={t("catalog.editor.edit.saved")} />}
      {conflictVersion !== undefined && <Alert kind="danger" title={t("catalog.editor.edit.conflict", { version: conflictVersion })} />}
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={t("catalog.editor.edit.title")}>{service.name}</PageHeading>
      <p class="kern-body">
        {service.leikaKey} · {t("catalog.editor.edit.version", { version: service.version, at: service.updated })} ·{" "}
        <a class="kern-link" href={`/leistungen/${service.leikaKey}`}>
          {t("catalog.editor.edit.viewPublic")}
        </a>{" "}
        ·{" "}
        <a class="kern-link" href={`/verwaltung/zustaendigkeiten?leistung=${service.leikaKey}`}>
          {t("resp.nav")}
        </a>
      </p>
      <form method="post" action={`/verwaltung/leistungen/${service.leikaKey}`} novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="version" value={form.values.version ?? ""} />
        <TextArea name="shortText" label={labels.shortText!} hint={t("catalog.editor.field.shortText.hint")} form={form} rows={3} />
        <TextArea name="fullText" label={labels.fullText!} hint={t("catalog.editor.field.fullText.hint")} form={form} rows={10} />
        <TextArea name="requirements" label={labels.requirements!} hint={t("catalog.editor.field.lines.hint")} form={form} rows={5} />
        <TextArea name="documents" label={labels.documents!} hint={t("catalog.editor.field.lines.hint")} form={form} rows={5} />
        <TextArea name="fees" label={labels.fees!} form={form} rows={3} />
        <TextArea name="deadlines" label={labels.deadlines!} form={form} rows={2} />
        <TextArea name="processingTime" label={labels.processingTime!} form={form} rows={2} />
        <TextArea name="legalBasis" label={labels.legalBasis!} hint={t("catalog.editor.field.links.hint")} form={form} rows={4} />
        <TextArea name="forms" label={labels.forms!} hint={t("catalog.editor.field.forms.hint")} form={form} rows={3} />
        <TextField name="onlineUrl" label={labels.onlineUrl!} form={form} maxLength={500} />
        <SelectField name="trustLevel" label={labels.trustLevel!} form={form} placeholder={t("catalog.editor.field.trustLevel.none")} options={TRUST_LEVELS.map((l) => ({ value: l, label: l }))} />
        <TextArea name="searchTerms" label={labels.searchTerms!} hint={t("catalog.editor.field.searchTerms.hint")} form={form} rows={2} />
        <SelectField name="taskCategory" label={labels.taskCategory!} form={form} placeholder="–" options={TASK_CATEGORIES.map((k) => ({ value: k, label: t(`catalog.task.${k}`) }))} />
        <SelectField name="department" label={labels.department!} hint={t("catalog.editor.field.department.hint")} form={form} placeholder="–" options={DEPARTMENTS.map((k) => ({ value: k, label: k }))} />
        <TextField name="popularity" label={labels.popularity!} hint={t("catalog.editor.field.popularity.hint")} form={form} inputMode="numeric" width={2} maxLength={3} required />
        <div>
          <Button>{t("catalog.editor.edit.save")}</Button>
        </div>
      </form>
    </div>
  );
}

export function OfficesPage({ ctx, rows, q }: { ctx: ViewContext; rows: Array<{ id: string; name: string; kind: string; contact: string }>; q: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t("catalog.editor.title")}>{t("catalog.offices.title")}</PageHeading>
      <p class="kern-body">{t("catalog.offices.lead")}</p>
      <EditorNav ctx={ctx} />
      <form method="get" action="/verwaltung/dienststellen" class="kern-stack kp-narrow" role="search">
        <TextField name="q" label={t("catalog.offices.search")} form={{ values: { q }, errors: {} }} />
        <div>
          <Button variant="secondary">{t("catalog.editor.filter")}</Button>
        </div>
      </form>
      <DataTable
        caption={t("catalog.offices.title")}
        head={[t("catalog.offices.col.name"), t("catalog.offices.col.kind"), t("catalog.offices.col.contact")]}
        rows={rows.map((r) => [
          <a class="kern-link" href={`/verwaltung/dienststellen/${r.id}`}>
            {r.name}
          </a>,
          t(`catalog.offices.kind.${r.kind}`),
          r.contact,
        ])}
      />
    </div>
  );
}

export function EditOfficePage({ ctx, office, form, saved, conflict }: { ctx: ViewContext; office: { id: string; name: string; key: string }; form: FormState; saved: boolean; conflict: boolean }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      {saved && <Alert kind="success" title={t("catalog.offices.edit.saved")} />}
      {conflict && <Alert kind="danger" title={t("catalog.offices.edit.conflict")} />}
      <ErrorSummary form={form} t={t} />
      <PageHeading preline={t("catalog.offices.edit.title")}>{office.name}</PageHeading>
      <p class="kern-body">{office.key}</p>
      <form method="post" action={`/verwaltung/dienststellen/${office.id}`} novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="updatedAt" value={form.values.updatedAt ?? ""} />
        <TextField name="building" label={t("catalog.offices.field.building")} hint={t("catalog.offices.field.building.hint")} form={form} maxLength={200} />
        <TextField name="street" label={t("catalog.offices.field.street")} form={form} autocomplete="off" maxLength={200} />
        <TextField name="postcode" label={t("catalog.offices.field.postcode")} form={form} inputMode="numeric" width={4} maxLength={5} />
        <TextField name="city" label={t("catalog.offices.field.city")} form={form} maxLength={200} />
        <TextField name="phone" label={t("catalog.offices.field.phone")} form={form} type="tel" maxLength={200} />
        <TextField name="email" label={t("catalog.offices.field.email")} form={form} type="email" maxLength={200} />
        <TextField name="website" label={t("catalog.offices.field.website")} form={form} maxLength={200} />
        <TextArea name="openingHours" label={t("catalog.offices.field.openingHours")} hint={t("catalog.offices.field.openingHours.hint")} form={form} rows={4} />
        <TextArea name="accessibility" label={t("catalog.offices.field.accessibility")} form={form} rows={3} maxLength={1000} />
        <div>
          <Button>{t("catalog.editor.edit.save")}</Button>
        </div>
      </form>
    </div>
  );
}
