import type { ViewContext } from "../../../platform/views/context.js";
import { Button, CheckboxGroup, ErrorSummary, LinkLine, PageHeading, SelectField, TextField, type FormState } from "../../../platform/views/components.js";
import { CARE_KINDS, kindLabel, LANGUAGES, langLabel, RADII, SPECIALISATIONS, specLabel } from "../kinds.js";
import type { ProviderRow } from "../queries.js";
import type { CareOrigin } from "../search.js";
import { centreOf } from "../../../platform/geo/centres.js";
import { MapBox } from "../../../platform/views/map.js";

/** A point of the map: a provider's own location (`exact`), or a municipality's centre standing for its providers without one. */
export interface MapPoint {
  ags: string;
  name: string;
  lat: number;
  lon: number;
  n: number;
  free: number;
  target: string;
  exact: boolean;
}

/**
 * The map's points: each provider whose address was geocoded at its own location (n = 1); the others one point per
 * municipality at its centre, counted, jumping to the first of them in the list.
 */
export function mapPoints(results: ProviderRow[], places: Place[], kind: string | undefined): MapPoint[] {
  const byAgs = new Map<string, MapPoint>();
  const exact: MapPoint[] = [];
  for (const p of results) {
    const free = p.places.some((pl) => pl.freePlaces > 0 && (!kind || pl.kind === kind)) ? 1 : 0;
    if (p.point) {
      exact.push({ ags: p.ags, name: p.name, lat: p.point.lat, lon: p.point.lon, n: 1, free, target: `e-${p.id}`, exact: true });
      continue;
    }
    const c = centreOf(p.ags);
    if (!c) continue;
    const point = byAgs.get(p.ags) ?? { ags: p.ags, name: places.find((x) => x.ags === p.ags)?.name ?? p.town, lat: c.lat, lon: c.lon, n: 0, free: 0, target: `e-${p.id}`, exact: false };
    point.n++;
    point.free += free;
    byAgs.set(p.ags, point);
  }
  return [...byAgs.values(), ...exact];
}

/**
 * The map over the list (Leaflet via care-map.js, ADR 0059): each point a focusable marker named after its
 * provider or municipality and counts, which jumps to that entry (a municipality's first) in the list. The origin
 * is the geocoded address where there is one, else the municipality's centre. Without JavaScript it stays hidden
 * and the list is the page.
 */
function ResultMap({ ctx, results, places, kind, originAgs, originPoint, tileUrl }: { ctx: ViewContext; results: ProviderRow[]; places: Place[]; kind?: string; originAgs?: string; originPoint?: { lat: number; lon: number }; tileUrl?: string }) {
  const points = mapPoints(results, places, kind).map((p) => ({
    ...p,
    label: p.exact ? ctx.t(p.free ? "care.map.providerFree" : "care.map.provider", { name: p.name }) : ctx.t("care.map.point", { name: p.name, n: p.n, free: p.free }),
  }));
  if (points.length === 0) return null;
  const o = originPoint ?? (originAgs ? centreOf(originAgs) : undefined);
  return (
    <figure id="kp-care-map-figure" hidden>
      <MapBox ctx={ctx} id="kp-care-map" label={ctx.t("care.map.label", { n: points.length })} tileUrl={tileUrl} height={420} data={{ points: JSON.stringify(points), origin: o ? `${o.lat},${o.lon}` : undefined }} />
      <figcaption class="kern-body">{ctx.t("care.map.caption")}</figcaption>
      <script src="/assets/care-map.js" defer></script>
    </figure>
  );
}
import { DemoBadge, Features, PlaceList, type Place } from "./views.js";

/** The request form's link for some providers, with the search's need filled in. */
export function requestHref(ids: string[], form: FormState, originAgs?: string): string {
  const q = new URLSearchParams();
  for (const id of ids) q.append("anbieter", id);
  if (form.values.art) q.set("art", form.values.art);
  if (form.values.ab) q.set("ab", form.values.ab);
  if (form.values.gemeinde || originAgs) q.set("gemeinde", form.values.gemeinde || originAgs!);
  for (const s of (form.values.spez ?? "").split(" ").filter(Boolean)) q.append("spez", s);
  return `/pflegeplaetze/anfrage?${q.toString()}`;
}

export function SearchPage({ ctx, form, places, results, searched, now, origin, staleDays, dropAfterDays, tileUrl }: { ctx: ViewContext; form: FormState; places: Place[]; results: ProviderRow[]; searched: boolean; now: Date; origin?: CareOrigin; staleDays: number; dropAfterDays: number; tileUrl?: string }) {
  const { t } = ctx;
  const kind = form.values.art || undefined;
  const withFree = results.filter((p) => p.places.some((pl) => pl.freePlaces > 0 && (!kind || pl.kind === kind)));
  const labels = { gemeinde: t("care.public.municipality"), plz: t("care.public.postcode"), adresse: t("care.address.label"), art: t("care.public.kind"), umkreis: t("care.public.radius"), ab: t("care.public.neededFrom") };
  return (
    <div class="kern-stack">
      <PageHeading>{t("care.public.title")}</PageHeading>
      <p class="kern-body">{t("care.public.intro", { county: ctx.countyName, days: Math.round(staleDays * 10) / 10 })}</p>
      <LinkLine href="/pflegeplaetze/anfragen">{t("care.public.myRequests")}</LinkLine>
      <ErrorSummary form={form} t={t} labels={labels} />
      <form method="get" action="/pflegeplaetze" class="kern-stack kp-narrow" role="search" aria-label={t("care.public.filter")} novalidate>
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} placeholder={t("care.public.anyMunicipality")} options={places.map((p) => ({ value: p.ags, label: p.name }))} />
        <TextField name="plz" label={labels.plz} hint={t("care.public.postcodeHint")} form={form} inputMode="numeric" maxLength={5} width={4} autocomplete="postal-code" />
        <TextField name="adresse" label={labels.adresse} hint={t("care.address.hint")} form={form} maxLength={200} autocomplete="street-address" />
        <SelectField name="umkreis" label={labels.umkreis} form={form} placeholder={t("care.public.anyRadius")} options={RADII.map((r) => ({ value: String(r), label: t("care.public.radiusKm", { km: r }) }))} />
        <SelectField name="art" label={labels.art} form={form} placeholder={t("care.public.anyKind")} options={CARE_KINDS.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <TextField name="ab" label={labels.ab} hint={t("care.public.neededFromHint")} form={form} type="date" />
        <CheckboxGroup name="spez" label={t("care.public.specialisations")} form={form} options={SPECIALISATIONS.map((k) => ({ value: k, label: t(specLabel(k)) }))} />
        <SelectField name="sprache" label={t("care.public.language")} form={form} placeholder={t("care.public.anyLanguage")} options={LANGUAGES.map((k) => ({ value: k, label: t(langLabel(k)) }))} />
        <CheckboxGroup name="barrierefrei" label={t("care.form.accessibleGroup")} form={form} options={[{ value: "ja", label: t("care.public.accessibleOnly") }]} />
        <div>
          <Button>{t("care.public.submit")}</Button>
        </div>
      </form>
      <section class="kern-stack" aria-labelledby="treffer">
        <h2 class="kern-heading-medium" id="treffer">
          {t("care.public.results", { n: results.length })}
        </h2>
        {origin && (
          <p class="kern-body" id="herkunft">
            {origin.precision === "municipality" ? (
              <>
                {t(origin.postcode ? "care.address.originPostcode" : "care.address.origin", { name: origin.name, postcode: origin.postcode ?? "" })} {t("care.address.precision")}
              </>
            ) : (
              t(origin.precision === "address" ? "care.address.originAddress" : "care.address.originStreet", { name: origin.name })
            )}
            {origin.ambiguous && <> {t("care.address.ambiguous", { postcode: origin.postcode ?? "", name: origin.name })}</>}
          </p>
        )}
        <p class="kern-body">{t("care.public.dropped", { days: dropAfterDays })}</p>
        {results.length === 0 && searched && <p class="kern-body">{t("care.public.none")}</p>}
        <ResultMap ctx={ctx} results={results} places={places} kind={kind} originAgs={origin?.ags ?? (form.values.umkreis ? form.values.gemeinde || undefined : undefined)} originPoint={origin?.point} tileUrl={tileUrl} />
        {withFree.length > 1 && <LinkLine href={requestHref(withFree.map((p) => p.id), form, origin?.ags)}>{t("care.public.requestAll")}</LinkLine>}
        <ul class="kern-list kp-care-results">
          {results.map((p) => {
            const km = p.distanceKm;
            return (
              <li class="kern-stack kp-care-result" id={`e-${p.id}`} tabIndex={-1}>
                <h3 class="kern-heading-small">
                  <a class="kern-link" href={`/pflegeplaetze/anbieter/${p.id}`}>
                    {p.name}
                  </a>{" "}
                  <DemoBadge ctx={ctx} p={p} />
                </h3>
                <p class="kern-body">
                  {p.street}, {p.postcode} {p.town}
                  {km !== undefined && <> · {t("care.public.distance", { km: Math.round(km) })}</>}
                  {p.phone && (
                    <>
                      {" · "}
                      {t("care.provider.phone")}: <a class="kern-link" href={`tel:${p.phone.replace(/[^0-9+]/g, "")}`}>{p.phone}</a>
                    </>
                  )}
                </p>
                <Features ctx={ctx} p={p} />
                <PlaceList ctx={ctx} p={p} now={now} kind={kind} staleDays={staleDays} />
                <p class="kern-body">
                  <a class="kern-link" href={requestHref([p.id], form, origin?.ags)}>
                    {t("care.public.requestOne", { name: p.name })}
                  </a>
                </p>
              </li>
            );
          })}
        </ul>
      </section>
      <p class="kern-body">{t("care.public.counselling")}</p>
      <LinkLine href="/pflegeplaetze/beratung">{t("care.counselling.title")}</LinkLine>
      <LinkLine href="/pflegeplaetze/zahlen">{t("care.figures.title")}</LinkLine>
    </div>
  );
}
