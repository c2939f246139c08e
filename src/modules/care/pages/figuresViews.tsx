import type { ViewContext } from "../../../platform/views/context.js";
import { Button, DataTable, ErrorSummary, LinkLine, PageHeading, SelectField, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { CARE_KINDS, kindLabel } from "../kinds.js";
import type { FigurePoint } from "../figures.js";
import type { Place } from "./views.js";

const W = 640;
const H = 240;
const PAD = { top: 20, right: 8, bottom: 48, left: 8 };

/** Free places per day as an accessible SVG bar chart (role="img", title and desc list every value). */
function FreePlacesChart({ title, points }: { title: string; points: FigurePoint[] }) {
  const max = Math.max(1, ...points.map((p) => p.freePlaces));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, points.length);
  const bar = Math.max(3, slot * 0.7);
  const plotH = H - PAD.top - PAD.bottom;
  const desc = points.map((p) => `${formatDay(p.day)}: ${p.freePlaces}`).join("; ");
  return (
    <svg class="kp-care-chart" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="care-chart-title care-chart-desc" xmlns="http://www.w3.org/2000/svg">
      <title id="care-chart-title">{title}</title>
      <desc id="care-chart-desc">{desc}</desc>
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#4a4a4a" stroke-width="1" />
      {points.map((p, i) => {
        const x = PAD.left + i * slot + (slot - bar) / 2;
        const h = (p.freePlaces / max) * plotH;
        const y = H - PAD.bottom - h;
        return (
          <g data-day={p.day} data-value={String(p.freePlaces)}>
            <rect x={x} y={y} width={bar} height={h} fill="#1b4f8f" />
            <text x={x + bar / 2} y={Math.max(PAD.top, y - 4)} font-size="11" text-anchor="middle" fill="#1f1f1f">
              {String(p.freePlaces)}
            </text>
            <text x={x + bar / 2} y={H - PAD.bottom + 14} font-size="11" text-anchor="end" fill="#1f1f1f" transform={`rotate(-45 ${x + bar / 2} ${H - PAD.bottom + 14})`}>
              {p.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
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
