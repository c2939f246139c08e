import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, PageHeading, SelectField } from "../../../platform/views/components.js";
import { LISTING_KINDS } from "../db.js";
import type { MapPlace } from "../mapPlaces.js";
import { MapBox } from "../../../platform/views/map.js";

const deg = (ctx: ViewContext, n: number) => n.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { maximumFractionDigits: 4 });
export const MAP_WIDTH = 640;

/**
 * The map of all visible listings without JavaScript: an SVG over the county's bounding area (filled circles for
 * ~1 km grid cells, rings for municipality centres; the size grows with the number of listings) and the same
 * content as a list of places with their listings. Only public points are used.
 */
export function MapPage({ ctx, places, height, total, capped, kind, tileUrl }: { ctx: ViewContext; places: MapPlace[]; height: number; total: number; capped?: number; kind?: string; tileUrl?: string | undefined }) {
  const { t } = ctx;
  // With JavaScript (ADR 0059): a pan/zoom map of the same public points replaces the SVG; each point is a
  // focusable marker that jumps to its place in the list below.
  const points = places.map((p, i) => ({ lat: p.lat, lon: p.lon, n: p.listings.length, grid: p.precision === "grid", name: p.name, target: `ort-${i}`, label: t("orchards.map.point", { name: p.name, n: p.listings.length }) }));
  return (
    <>
      <PageHeading>{t("orchards.map.title")}</PageHeading>
      <p class="kern-body">{t("orchards.map.intro")}</p>
      <form method="get" action="/streuobst/karte" class="kp-narrow">
        <SelectField name="art" label={t("orchards.map.filter")} form={{ values: { art: kind ?? "" }, errors: {} }} placeholder={t("orchards.index.allKinds")} options={LISTING_KINDS.map((k) => ({ value: k, label: t(`orchards.kind.${k}`) }))} />
        <Button variant="secondary">{t("orchards.map.show")}</Button>
      </form>
      {capped !== undefined && <Alert kind="info" title={t("orchards.map.capped", { n: capped })} />}
      <svg class="kp-orchard-overview" viewBox={`0 0 ${MAP_WIDTH} ${height}`} role="img" aria-label={t("orchards.map.svg", { places: places.length, n: total })} xmlns="http://www.w3.org/2000/svg">
        <rect x="0" y="0" width={MAP_WIDTH} height={height} fill="#f4f7f2" stroke="#4a5a45" stroke-width="2" />
        {places.map((p) => {
          const r = Math.min(16, 5 + 3 * Math.log2(p.listings.length));
          return (
            <g>
              <circle cx={String(p.x)} cy={String(p.y)} r={r.toFixed(1)} fill={p.precision === "grid" ? "#0b5cad" : "#ffffff"} fill-opacity={p.precision === "grid" ? "0.6" : "1"} stroke="#0b3e6f" stroke-width="2" />
              <text x={String(p.x + r + 3)} y={String(p.y + 4)} font-size="12" fill="#1b1b1b">{`${p.name} (${p.listings.length})`}</text>
            </g>
          );
        })}
      </svg>
      {places.length > 0 && (
        <>
          <MapBox ctx={ctx} id="kp-orchards-overview" label={t("orchards.map.leaflet", { places: places.length, n: total })} tileUrl={tileUrl} height={460} data={{ points: JSON.stringify(points) }} />
          <script src="/assets/orchards-map.js" defer></script>
        </>
      )}
      <ul class="kern-list">
        <li>{t("orchards.map.legendGrid")}</li>
        <li>{t("orchards.map.legendCentre")}</li>
      </ul>
      <h2 class="kern-heading-medium">{t("orchards.map.list")}</h2>
      {places.length === 0 && <p class="kern-body">{t("orchards.map.none")}</p>}
      <ul class="kp-plain-list">
        {places.map((p, i) => (
          <li id={`ort-${i}`} tabIndex={-1}>
            <h3 class="kern-heading-small">{t(p.precision === "grid" ? "orchards.map.placeGrid" : "orchards.map.placeCentre", { name: p.name, lat: deg(ctx, p.lat), lon: deg(ctx, p.lon), n: p.listings.length })}</h3>
            <ul class="kern-list">
              {p.listings.map((l) => (
                <li>
                  <a class="kern-link" href={`/streuobst/anzeigen/${l.id}`}>{l.title}</a> ({t(`orchards.kind.${l.kind}`)})
                </li>
              ))}
            </ul>
            <p class="kern-body">
              <a class="kern-link" href={`https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=${p.precision === "grid" ? 15 : 13}/${p.lat}/${p.lon}`} rel="noopener noreferrer">{t("orchards.map.osm", { name: p.name })}</a>
            </p>
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href="/streuobst">{t("orchards.map.back")}</a>
      </p>
    </>
  );
}
