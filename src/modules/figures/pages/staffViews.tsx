/** Staff pages of the figures: the department report (open cases, overdue participations, throughput, appointment utilisation) and the paper counts. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDay, formatNumber } from "../../../platform/i18n/format.js";
import type { DepartmentReport, ReportPart } from "../staffReport.js";
import { REPORT_AGES } from "../staffReport.js";
import type { Choice } from "./views.js";
import { BarChart } from "../../../platform/views/barChart.js";

function ExportLink({ ctx, part, query, title }: { ctx: ViewContext; part: ReportPart; query: string; title: string }) {
  return <LinkLine href={`/verwaltung/zahlen/bericht.csv?teil=${part}&${query}`}>{ctx.t("figures.staff.export", { title })}</LinkLine>;
}

export function StaffReportPage({ ctx, form, units, report, query, notice }: { ctx: ViewContext; form: FormState; units: Choice[]; report: DepartmentReport | undefined; query: string; notice?: string }) {
  const t = ctx.t;
  const n = (v: number) => formatNumber(v, ctx.locale);
  return (
    <>
      <PageHeading>{t("figures.staff.title")}</PageHeading>
      <p class="kern-body">{t("figures.staff.intro")}</p>
      {notice && <Alert kind="success" title={notice} />}
      <ErrorSummary form={form} t={t} />
      {units.length === 0 ? (
        <Alert kind="info" title={t("figures.staff.noUnit")} />
      ) : (
        <form method="get" action="/verwaltung/zahlen" class="kern-stack">
          <SelectField name="stelle" label={t("figures.staff.department")} form={form} options={units} placeholder={t("figures.paper.choose")} required />
          <TextField name="von" type="date" label={t("figures.staff.from")} form={form} required />
          <TextField name="bis" type="date" label={t("figures.staff.to")} form={form} required />
          <Button>{t("figures.staff.submit")}</Button>
        </form>
      )}
      {report && (
        <>
          <Section id="offen" title={t("figures.staff.open")}>
            <DataTable
              caption={t("figures.table.caption", { title: t("figures.staff.open") })}
              head={[t("figures.staff.col.status"), ...REPORT_AGES.map((a) => t("figures.staff.age", { age: a })), t("figures.staff.col.total")]}
              rows={report.open.map((r) => [t(`cases.status.${r.status}`), ...r.byAge.map(n), n(r.total)])}
            />
            <ExportLink ctx={ctx} part="offen" query={query} title={t("figures.staff.open")} />
          </Section>
          <Section id="beteiligungen" title={t("figures.staff.overdue")}>
            {report.overdue.length === 0 ? (
              <p class="kern-body">{t("figures.staff.overdueNone")}</p>
            ) : (
              <DataTable
                caption={t("figures.table.caption", { title: t("figures.staff.overdue") })}
                head={[t("figures.staff.col.reference"), t("figures.staff.col.service"), t("figures.staff.col.step"), t("figures.staff.col.due"), t("figures.staff.col.side")]}
                rows={report.overdue.map((o) => [
                  <a class="kern-link" href={`/verwaltung/vorgaenge/${o.caseId}`}>{o.reference}</a>,
                  o.service,
                  o.label,
                  formatDay(o.dueDate),
                  t(`figures.staff.side.${o.side}`),
                ])}
              />
            )}
            <ExportLink ctx={ctx} part="beteiligungen" query={query} title={t("figures.staff.overdue")} />
          </Section>
          <Section id="durchsatz" title={t("figures.staff.throughput")}>
            <div class="kp-cards">
              <BarChart
                class="kp-figures-chart"
                id="chart-durchsatz"
                title={t("figures.chart.title", { title: t("figures.staff.throughput"), column: t("figures.staff.col.decided") })}
                desc={report.throughput.map((w) => `${formatDay(w.week)}: ${n(w.decided)}`).join("; ")}
                points={report.throughput.map((w) => ({ key: formatDay(w.week), axis: formatDay(w.week), value: w.decided }))}
                format={n}
              />
              <DataTable caption={t("figures.table.caption", { title: t("figures.staff.throughput") })} head={[t("figures.staff.col.week"), t("figures.staff.col.received"), t("figures.staff.col.decided")]} rows={report.throughput.map((w) => [formatDay(w.week), n(w.received), n(w.decided)])} />
            </div>
            <ExportLink ctx={ctx} part="durchsatz" query={query} title={t("figures.staff.throughput")} />
          </Section>
          <Section id="termine" title={t("figures.staff.utilisation")}>
            <DataTable
              caption={t("figures.table.caption", { title: t("figures.staff.utilisation") })}
              head={["location", "openHours", "bookedHours", "utilisation", "booked", "kept", "noShow", "cancelled"].map((c) => t(`figures.staff.col.${c}`))}
              rows={report.utilisation.map((u) => [u.name, n(u.openHours), n(u.bookedHours), u.utilisation === null ? "–" : n(u.utilisation), n(u.booked), n(u.kept), n(u.noShow), n(u.cancelled)])}
            />
            <ExportLink ctx={ctx} part="termine" query={query} title={t("figures.staff.utilisation")} />
          </Section>
        </>
      )}
      <Section id="weiteres" title={t("figures.staff.links")}>
        <LinkLine href="/verwaltung/zahlen/papier">{t("figures.paper.title")}</LinkLine>
        <LinkLine href="/zahlen">{t("figures.title")}</LinkLine>
        <form method="post" action="/verwaltung/zahlen/aktualisieren">
          <CsrfField token={ctx.csrfToken} />
          <Button variant="secondary">{t("figures.refresh.submit")}</Button>
        </form>
      </Section>
    </>
  );
}

export function PaperCountPage({ ctx, form, services, names, places, recent, saved }: { ctx: ViewContext; form: FormState; services: Choice[]; names: Choice[]; places: Choice[]; recent: Array<{ service: string; ags: string; month: string; count: number }>; saved: boolean }) {
  const t = ctx.t;
  const serviceName = new Map(names.map((s) => [s.value, s.label]));
  const placeName = new Map(places.map((p) => [p.value, p.label]));
  return (
    <>
      <PageHeading>{t("figures.paper.title")}</PageHeading>
      <p class="kern-body">{t("figures.paper.intro")}</p>
      {saved && <Alert kind="success" title={t("figures.paper.saved")} />}
      <ErrorSummary form={form} t={t} />
      <form method="post" action="/verwaltung/zahlen/papier" class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <SelectField name="dienst" label={t("figures.filter.service")} form={form} options={services} placeholder={t("figures.paper.choose")} required />
        <SelectField name="gemeinde" label={t("figures.filter.municipality")} form={form} options={places} placeholder={t("figures.filter.allMunicipalities")} />
        <TextField name="monat" label={t("figures.paper.month")} hint={t("figures.paper.monthHint")} form={form} required width={8} />
        <TextField name="anzahl" label={t("figures.paper.count")} form={form} required inputMode="numeric" width={8} />
        <Button>{t("figures.paper.submit")}</Button>
      </form>
      {recent.length > 0 && (
        <Section id="zuletzt" title={t("figures.paper.list")}>
          <DataTable
            caption={t("figures.table.caption", { title: t("figures.paper.list") })}
            head={[t("figures.paper.month"), t("figures.filter.service"), t("figures.filter.municipality"), t("figures.paper.count")]}
            rows={recent.map((r) => [r.month.slice(0, 7), serviceName.get(r.service) ?? r.service, r.ags ? (placeName.get(r.ags) ?? r.ags) : t("figures.filter.allMunicipalities"), formatNumber(r.count, ctx.locale)])}
          />
        </Section>
      )}
      <LinkLine href="/verwaltung/zahlen">{t("figures.staff.title")}</LinkLine>
    </>
  );
}
