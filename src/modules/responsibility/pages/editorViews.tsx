import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, DescriptionList, ErrorSummary, FormActions, PageHeading, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import type { ResponsibilityListItem, RuleListItem } from "../queries.js";
import { ruleCondition, ruleTarget } from "./ruleLabels.js";
import { LEIKA_KEY } from "../../../platform/keys.js";

/** A choice of area: a whole Kreis (value: its 5-digit key) or a municipality (value: its 8-digit AGS). */
export interface AreaChoice {
  value: string;
  label: string;
}

/** Links between the editors' pages for services and for responsibilities. */
export function ResponsibilityNav({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  const items = [
    { href: "/verwaltung/leistungen", label: t("catalog.title") },
    { href: "/verwaltung/zustaendigkeiten", label: t("resp.nav") },
    { href: "/verwaltung/zustaendigkeitsregeln", label: t("resp.rulesNav") },
  ];
  return (
    <nav aria-label={t("resp.nav")}>
      <ul class="kp-plain-list kp-letters">
        {items.map((i) => (
          <li>
            <a class="kern-link" href={i.href} aria-current={ctx.path === i.href ? "page" : undefined}>
              {i.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** "Mühlacker (082365004040)" or "Enzkreis (ganzer Kreis)". */
export function areaLabel(t: ViewContext["t"], r: Pick<ResponsibilityListItem, "areaArs" | "areaName" | "areaLevel">): string {
  const name = r.areaName ?? r.areaArs;
  return r.areaLevel === "kreis" || r.areaLevel === "land" ? t("resp.area.kreis", { name }) : `${name} (${r.areaArs})`;
}

const officeLabel = (r: Pick<ResponsibilityListItem, "orgUnitName" | "parentName">) => (r.parentName ? `${r.parentName} – ${r.orgUnitName}` : r.orgUnitName);

/** Table of explicit responsibilities; with `editable`, each row has a delete link (to the confirmation page). */
export function ResponsibilityTable({ ctx, rows, editable, caption }: { ctx: ViewContext; rows: ResponsibilityListItem[]; editable: boolean; caption: string }) {
  const { t } = ctx;
  const head = [t("resp.col.service"), t("resp.col.area"), t("resp.col.office"), t("resp.col.role"), ...(editable ? [t("resp.col.actions")] : [])];
  return (
    <DataTable
      caption={caption}
      head={head}
      rows={rows.map((r) => [
        <>
          {r.serviceName}
          <br />
          <span class="kern-body--small">{r.leikaKey}</span>
        </>,
        areaLabel(t, r),
        <a class="kern-link" href={`/stellen/${r.orgUnitId}`}>
          {officeLabel(r)}
        </a>,
        r.role === "zustaendig" ? t("resp.role.zustaendig") : r.role,
        ...(editable
          ? [
              <a class="kern-link" href={`/verwaltung/zustaendigkeiten/${r.id}/loeschen`}>
                {t("resp.delete")}
                <span class="kern-sr-only">
                  : {r.serviceName}, {areaLabel(t, r)}
                </span>
              </a>,
            ]
          : []),
      ])}
    />
  );
}

/** /verwaltung/zustaendigkeiten — list with filters. */
export function ResponsibilityListPage({
  ctx, rows, filter, municipalities, notice,
}: { ctx: ViewContext; rows: ResponsibilityListItem[]; filter: { service: string; ags: string }; municipalities: AreaChoice[]; notice?: "created" | "deleted" }) {
  const { t } = ctx;
  const newHref = LEIKA_KEY.test(filter.service) ? `/verwaltung/zustaendigkeiten/neu?leistung=${filter.service}` : "/verwaltung/zustaendigkeiten/neu";
  return (
    <div class="kern-stack">
      {notice && <Alert kind="success" title={t(`resp.${notice}`)} />}
      <PageHeading preline={t("catalog.editor.title")}>{t("resp.title")}</PageHeading>
      <p class="kern-body">{t("resp.lead")}</p>
      <ResponsibilityNav ctx={ctx} />
      <p class="kern-body">
        <a class="kern-btn kern-btn--primary" href={newHref}>
          <span class="kern-label">{t("resp.new")}</span>
        </a>
      </p>
      <form method="get" action="/verwaltung/zustaendigkeiten" class="kern-stack kp-narrow" role="search">
        <TextField name="leistung" label={t("resp.filter.service")} form={{ values: { leistung: filter.service }, errors: {} }} maxLength={100} />
        <SelectField name="gemeinde" label={t("resp.filter.municipality")} form={{ values: { gemeinde: filter.ags }, errors: {} }} placeholder={t("resp.filter.any")} options={municipalities} />
        <div>
          <Button variant="secondary">{t("resp.filter.submit")}</Button>
        </div>
      </form>
      <p class="kern-body" role="status">
        {t("resp.results", { n: rows.length })}
      </p>
      {rows.length === 0 ? <p class="kern-body">{t("resp.none")}</p> : <ResponsibilityTable ctx={ctx} rows={rows} editable caption={t("resp.title")} />}
    </div>
  );
}

/** /verwaltung/zustaendigkeiten/neu — the create form; keeps the input and shows errors inline and in the summary. */
export function NewResponsibilityPage({ ctx, form, areas, offices, serviceName }: { ctx: ViewContext; form: FormState; areas: AreaChoice[]; offices: Array<{ id: string; label: string }>; serviceName?: string }) {
  const { t } = ctx;
  const labels = { leikaKey: t("resp.field.leikaKey"), area: t("resp.field.area"), officeId: t("resp.field.office") };
  return (
    <div class="kern-stack kp-narrow">
      <ErrorSummary form={form} t={t} labels={labels} />
      <PageHeading preline={t("resp.title")}>{t("resp.new.title")}</PageHeading>
      <p class="kern-body">{t("resp.new.lead")}</p>
      <form method="post" action="/verwaltung/zustaendigkeiten" novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="leikaKey" label={labels.leikaKey} hint={serviceName ? `${serviceName}. ${t("resp.field.leikaKey.hint")}` : t("resp.field.leikaKey.hint")} form={form} inputMode="numeric" maxLength={14} required />
        <SelectField name="area" label={labels.area} hint={t("resp.field.area.hint")} form={form} placeholder={t("resp.field.area.choose")} options={areas} required />
        <SelectField name="officeId" label={labels.officeId} form={form} placeholder={t("resp.field.office.choose")} options={offices.map((o) => ({ value: o.id, label: o.label }))} required />
        <FormActions submit={t("resp.save")} cancelHref="/verwaltung/zustaendigkeiten" cancelLabel={t("resp.cancel")} />
      </form>
    </div>
  );
}

/** /verwaltung/zustaendigkeiten/:id/loeschen — asks before deleting (works without JavaScript). */
export function DeleteResponsibilityPage({ ctx, row }: { ctx: ViewContext; row: ResponsibilityListItem }) {
  const { t } = ctx;
  return (
    <div class="kern-stack kp-narrow">
      <PageHeading preline={t("resp.title")}>{t("resp.confirm.title")}</PageHeading>
      <p class="kern-body">{t("resp.confirm.text")}</p>
      <DescriptionList
        rows={[
          [t("resp.col.service"), `${row.serviceName} (${row.leikaKey})`],
          [t("resp.col.area"), areaLabel(t, row)],
          [t("resp.col.office"), officeLabel(row)],
        ]}
      />
      <form method="post" action={`/verwaltung/zustaendigkeiten/${row.id}/loeschen`} class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <FormActions submit={t("resp.confirm.submit")} cancelHref="/verwaltung/zustaendigkeiten" cancelLabel={t("resp.cancel")} />
      </form>
    </div>
  );
}

/** /verwaltung/zustaendigkeitsregeln/:id — switch a rule on/off and edit its note; shows its legal source. */
export function EditRulePage({ ctx, rule, form, saved, conflict }: { ctx: ViewContext; rule: RuleListItem; form: FormState; saved: boolean; conflict: boolean }) {
  const { t } = ctx;
  const facts: Array<[string, string]> = [
    [t("rules.col.category"), rule.taskCategoryName],
    [t("rules.col.condition"), ruleCondition(t, rule)],
    [t("rules.col.target"), ruleTarget(t, rule)],
    [t("rules.col.source"), rule.source],
    [t("rules.edit.categorySource"), rule.categorySource],
    [t("rules.edit.certainty"), rule.certainty === "verified" ? t("catalog.editor.yes") : t("rules.status.unverified")],
    [t("rules.edit.key"), rule.key ?? t("rules.status.staff")],
  ];
  return (
    <div class="kern-stack kp-narrow">
      {saved && <Alert kind="success" title={t("rules.edit.saved")} />}
      {conflict && <Alert kind="danger" title={t("rules.edit.conflict")} />}
      <ErrorSummary form={form} t={t} labels={{ note: t("rules.edit.note") }} />
      <PageHeading preline={t("rules.edit.title")}>{rule.taskCategoryName}</PageHeading>
      <p class="kern-body">{t("rules.edit.lead")}</p>
      <DescriptionList rows={facts} />
      <form method="post" action={`/verwaltung/zustaendigkeitsregeln/${rule.id}`} novalidate class="kern-stack">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="updatedAt" value={form.values.updatedAt ?? ""} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="active" name="active" value="1" checked={form.values.active === "1"} aria-describedby="active-hint" />
          <label class="kern-label" for="active">
            {t("rules.edit.active")}
          </label>
        </div>
        <div class="kern-hint" id="active-hint">
          {t("rules.edit.active.hint")}
        </div>
        <TextArea name="note" label={t("rules.edit.note")} hint={t("rules.edit.note.hint")} form={form} optional />
        <FormActions submit={t("rules.edit.save")} cancelHref="/verwaltung/zustaendigkeitsregeln" cancelLabel={t("rules.edit.back")} />
      </form>
    </div>
  );
}
