import type { ViewContext } from "../../../platform/views/context.js";
import { Button, DataTable, ErrorSummary, LinkLine, PageHeading, SelectField, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { BarChart } from "../../../platform/views/barChart.js";
import { CARE_KINDS, kindLabel } from "../kinds.js";
import type { FigurePoint } from "../figures.js";
import type { Place } from "./views.js";

/** Free places per day (the platform's bar chart; the desc lists every value). */
function FreePlacesChart({ title, points }: { title: string; points: FigurePoint[] }) {
  const desc = points.map((p) => `${formatDay(p.day)}: ${p.freePlaces}`).join("; ");
  return <BarChart class="kp-care-chart" id="care-chart" title={title} desc={desc} points={points.map((p) => ({ key: p.day, axis: p.day.slice(5), value: p.freePlaces }))} />;
}

/** Figures for the county's care planning: aggregate availability over time, chart + table + open data. */
export function FiguresPage({ ctx, form, places, points, query, jsonQuery }: { ctx: ViewContext; form: FormState; places: Place[]; points: FigurePoint[]; query: string; jsonQuery: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.figures.title")}</PageHeading>
      <p class="kern-body">{t("care.figures.intro")}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/pflegeplaetze/zahlen" class="kern-stack kp-narrow" aria-label={t("care.public.filter")} novalidate>
        <SelectField name="art" label={t("care.public.kind")} form={form} placeholder={t("care.public.anyKind")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <SelectField name="gemeinde" label={t("care.public.municipality")} form={form} placeholder={t("care.public.anyMunicipality")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
        <div>
          <Button>{t("care.figures.show")}</Button>
        </div>
      </form>
      {points.length === 0 ? (
        <p class="kern-body">{t("care.figures.none")}</p>
      ) : (
        <>
          <FreePlacesChart title={t("care.figures.chart")} points={points} />
          <DataTable
            caption={t("care.figures.table")}
            head={[t("care.figures.day"), t("care.figures.providers"), t("care.figures.fresh"), t("care.figures.free")]}
            rows={points.map((p) => [formatDay(p.day), String(p.providers), String(p.freshProviders), String(p.freePlaces)])}
          />
        </>
      )}
      <LinkLine href={`/pflegeplaetze/zahlen.csv${query}`}>{t("care.figures.csv")}</LinkLine>
      <LinkLine href={`/api/v1/care/figures${jsonQuery}`}>{t("care.figures.json")}</LinkLine>
    </div>
  );
}
