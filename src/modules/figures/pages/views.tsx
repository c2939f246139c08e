/** The public page /zahlen: filter, one section per data set (chart beside its table, CSV and JSON links), open data. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Button, DataTable, ErrorSummary, PageHeading, Section, SelectField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatNumber } from "../../../platform/i18n/format.js";
import { chartPoints, type Cell, type Dataset } from "../metrics.js";
import { BarChart } from "../../../platform/views/barChart.js";

export interface Choice {
  value: string;
  label: string;
}

/** A cell as shown in the table: numbers in the page's locale, "< 5" and "–" as they are. */
export function cellText(c: Cell, locale: ViewContext["locale"]): string {
  if (c === null) return "–";
  if (typeof c === "string") return c;
  return formatNumber(c, locale);
}

/** The query string of the current filter (for the download links). */
export function filterQuery(f: { service: string; ags: string }): string {
  const p = new URLSearchParams();
  if (f.service) p.set("dienst", f.service);
  if (f.ags) p.set("gemeinde", f.ags);
  const s = p.toString();
  return s ? `?${s}` : "";
}

function DatasetSection({ ctx, d, query, noAgs }: { ctx: ViewContext; d: Dataset; query: string; noAgs: boolean }) {
  const t = ctx.t;
  const title = t(`figures.ds.${d.id}.title`);
  const points = chartPoints(d);
  const desc = points.map((p) => `${p.label}: ${cellText(p.value, ctx.locale)}`).join("; ");
  const base = `/zahlen/daten/${d.id}`;
  return (
    <Section id={d.id} title={title}>
      <p class="kern-body">{t(`figures.ds.${d.id}.intro`)}</p>
      {noAgs && <p class="kern-body kern-body--small">{t("figures.noAgs")}</p>}
      {d.rows.length === 0 ? (
        <p class="kern-body">{t(`figures.ds.${d.id}.empty`)}</p>
      ) : (
        <div class="kp-cards">
          <BarChart class="kp-figures-chart" id={`chart-${d.id}`} title={t("figures.chart.title", { title, column: t(`figures.col.${d.chartColumn}`) })} desc={desc} points={points.map((p) => ({ key: p.label, axis: p.label, value: p.value }))} format={(v) => formatNumber(v, ctx.locale)} />
          <DataTable caption={t("figures.table.caption", { title })} head={d.columns.map((c) => t(`figures.col.${c}`))} rows={d.rows.map((r) => [r.label, ...r.cells.map((c) => cellText(c, ctx.locale))])} />
        </div>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`${base}.csv${query}`} download>
          {t("figures.download.csv", { title })}
        </a>
        {" · "}
        <a class="kern-link" href={`${base}.json${query}`}>
          {t("figures.download.json", { title })}
        </a>
      </p>
    </Section>
  );
}

export function FiguresPage(p: { ctx: ViewContext; form: FormState; services: Choice[]; places: Choice[]; datasets: Dataset[]; filter: { service: string; ags: string }; refreshedAt: Date | undefined }) {
  const { ctx, form } = p;
  const t = ctx.t;
  const query = filterQuery(p.filter);
  return (
    <>
      <PageHeading>{t("figures.title")}</PageHeading>
      <p class="kern-body">{t("figures.intro")}</p>
      <p class="kern-body">{t("figures.privacy")}</p>
      <p class="kern-body kern-body--small">{p.refreshedAt ? t("figures.fresh", { at: formatDateTime(p.refreshedAt, ctx.locale) }) : t("figures.notYet")}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/zahlen" class="kp-form">
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{t("figures.filter.legend")}</legend>
          <div class="kern-fieldset__body">
            <SelectField name="dienst" label={t("figures.filter.service")} form={form} options={p.services} placeholder={t("figures.filter.allServices")} />
            <SelectField name="gemeinde" label={t("figures.filter.municipality")} form={form} options={p.places} placeholder={t("figures.filter.allMunicipalities")} />
          </div>
        </fieldset>
        <Button>{t("figures.filter.submit")}</Button>
      </form>
      <p class="kern-body kern-body--small">{t("figures.suppressedNote")}</p>
      {p.datasets.map((d) => (
        <DatasetSection ctx={ctx} d={d} query={d.id === "suchanfragen" ? "" : query} noAgs={p.filter.ags !== "" && d.id === "antraege"} />
      ))}
      <Section id="offene-daten" title={t("figures.openData.title")}>
        <p class="kern-body">
          {t("figures.openData.text")}{" "}
          <a class="kern-link" href="/zahlen/dcat.jsonld">
            {t("figures.openData.link")}
          </a>
        </p>
      </Section>
    </>
  );
}
