import type { ViewContext } from "../../../platform/views/context.js";
import { Button, DescriptionList, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextField, type FormState } from "../../../platform/views/components.js";
import { coordinatesText, locationText } from "../presenters.js";
import type { RoadworkRow } from "../queries.js";
import { MapBox } from "../../../platform/views/map.js";

export interface Place {
  ags: string;
  name: string;
}

function DemoBadge({ ctx, r }: { ctx: ViewContext; r: Pick<RoadworkRow, "is_demo"> }) {
  if (!r.is_demo) return null;
  return (
    <span class="kern-badge kern-badge--info">
      <span class="kern-label">{ctx.t("roadworks.demo")}</span>
    </span>
  );
}

export const periodText = (ctx: ViewContext, r: RoadworkRow) => ctx.t("roadworks.field.periodValue", { start: r.start_date, end: r.end_date, from: r.daily_from, to: r.daily_to });

/** The facts of a road work anyone may see (list item and detail page). */
export function RoadworkFacts({ ctx, r }: { ctx: ViewContext; r: RoadworkRow }) {
  const { t } = ctx;
  return (
    <DescriptionList
      rows={[
        [t("roadworks.field.location"), locationText(r)],
        [t("roadworks.field.period"), periodText(ctx, r)],
        [t("roadworks.field.closure"), t(`roadworks.closure.${r.closure}`)],
        [t("roadworks.field.detour"), r.detour ? coordinatesText(r.detour) : t("roadworks.field.noDetour")],
        [t("roadworks.field.coordinates"), coordinatesText(r.geometry)],
      ]}
    />
  );
}

export function ListPage({ ctx, form, places, rows, query, tileUrl }: { ctx: ViewContext; form: FormState; places: Place[]; rows: RoadworkRow[]; query: string; tileUrl?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("roadworks.public.title")}</PageHeading>
      <p class="kern-body">{t("roadworks.public.intro", { county: ctx.countyName })}</p>
      <ErrorSummary form={form} t={t} />
      <form method="get" action="/baustellen" class="kern-stack kp-narrow" role="search" aria-label={t("roadworks.public.filter")} novalidate>
        <SelectField name="gemeinde" label={t("roadworks.public.municipality")} form={form} placeholder={t("roadworks.public.anyMunicipality")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
        <TextField name="datum" label={t("roadworks.public.date")} hint={t("roadworks.public.dateHint")} form={form} width={12} />
        <div>
          <Button>{t("roadworks.public.submit")}</Button>
        </div>
      </form>
      {tileUrl ? (
        <>
          <p class="kern-body">{t("roadworks.public.mapLegend")}</p>
          <MapBox ctx={ctx} id="kp-roadworks-map" label={t("roadworks.public.map")} tileUrl={tileUrl} height={380} data={{ features: `/api/v1/roadworks${query}`, "list-label": t("roadworks.public.mapList"), "list-intro": t("roadworks.public.mapListIntro") }} />
          <script src="/assets/roadworks-map.js" defer></script>
        </>
      ) : (
        <p class="kern-body">{t("roadworks.public.noMap")}</p>
      )}
      <Section id="treffer" title={t("roadworks.public.results", { n: rows.length })}>
        {rows.length === 0 && <p class="kern-body">{t("roadworks.public.none")}</p>}
        <ul class="kern-list">
          {rows.map((r) => (
            // The map's shape of this work links here (public/roadworks-map.js moves the focus to the entry).
            <li class="kern-stack" id={`baustelle-${r.id}`} tabindex={-1}>
              <h3 class="kern-heading-small">
                <a class="kern-link" href={`/baustellen/${r.id}`}>
                  {r.title}
                </a>{" "}
                <DemoBadge ctx={ctx} r={r} />
              </h3>
              <RoadworkFacts ctx={ctx} r={r} />
            </li>
          ))}
        </ul>
      </Section>
      <p class="kern-body">
        {t("roadworks.public.feeds")}{" "}
        <a class="kern-link" href={`/api/v1/roadworks${query}`}>
          GeoJSON
        </a>
        {" · "}
        <a class="kern-link" href="/baustellen.ics">
          iCal
        </a>
        {" · "}
        <a class="kern-link" href="/baustellen/datex2.xml">
          DATEX II
        </a>
      </p>
      <LinkLine href="/baustellen/antrag">{t("roadworks.public.apply")}</LinkLine>
    </div>
  );
}

export function DetailPage({ ctx, r }: { ctx: ViewContext; r: RoadworkRow }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={t(r.is_demo ? "roadworks.demo" : "roadworks.search.kind")}>{r.title}</PageHeading>
      <RoadworkFacts ctx={ctx} r={r} />
      <DescriptionList rows={[[t("roadworks.field.authority"), r.authority_name], [t("roadworks.field.reference"), r.reference]]} />
      <LinkLine href="/baustellen">{t("roadworks.public.title")}</LinkLine>
    </div>
  );
}
