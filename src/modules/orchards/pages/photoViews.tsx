/** Photos and the map point of a listing: the gallery and location on the listing page, the owner's photo page. */
import type { ViewContext } from "../../../platform/views/context.js";
import { MapBox } from "../../../platform/views/map.js";
import { Alert, Button, CsrfField, ErrorSummary, FileField, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import { MAX_PHOTOS } from "../photos.js";
import { thumbSize } from "../presenters.js";
import { listingUrl, publicPoint } from "../presenters.js";
import type { ListingRow, PhotoRow } from "../queries.js";
import { GRID } from "../../../platform/geo/centres.js";

export const photoUrl = (id: string) => `/streuobst/fotos/${id}`;
export const thumbUrl = (id: string) => `/streuobst/fotos/${id}/klein`;

/** The thumbnail's size from the large picture's (both keep the aspect ratio). */
export { thumbSize };

export function PhotoGallery({ ctx, photos }: { ctx: ViewContext; photos: PhotoRow[] }) {
  if (photos.length === 0) return null;
  return (
    <ul class="kp-photo-grid" aria-label={ctx.t("orchards.photos.title")}>
      {photos.map((p) => (
        <li>
          <a href={photoUrl(p.id)} aria-label={ctx.t("orchards.photos.full.named", { alt: p.alt })}>
            <img src={thumbUrl(p.id)} alt={p.alt} {...thumbSize(p)} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

const deg = (ctx: ViewContext, n: number) => n.toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE", { maximumFractionDigits: 6 });

/**
 * Where the listing is: the public point (grid cell centre or municipality centre) with a link to
 * OpenStreetMap and, with a tile URL, a small pan/zoom map (Leaflet, public/orchards-map.js); the exact point only for the
 * owner and staff.
 */
export function LocationSection({ ctx, listing, showExact, tileUrl }: { ctx: ViewContext; listing: ListingRow; showExact: boolean; tileUrl: string | undefined }) {
  const { t } = ctx;
  const p = publicPoint(listing);
  if (!p) return null;
  const text = p.precision === "grid" ? t("orchards.listing.locationGrid", { lat: deg(ctx, p.lat), lon: deg(ctx, p.lon) }) : t("orchards.listing.locationMunicipality", { name: listing.municipality_name, lat: deg(ctx, p.lat), lon: deg(ctx, p.lon) });
  const zoom = p.precision === "grid" ? 15 : 13;
  return (
    <>
      <h2 class="kern-heading-medium" id="lage">{t("orchards.listing.location")}</h2>
      <p class="kern-body">{text}</p>
      {showExact && listing.lat != null && listing.lon != null && <p class="kern-body">{t("orchards.listing.locationExact", { lat: deg(ctx, listing.lat), lon: deg(ctx, listing.lon) })}</p>}
      <p class="kern-body">
        <a class="kern-link" href={`https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=${zoom}/${p.lat}/${p.lon}`} rel="noopener noreferrer">
          {t("orchards.listing.osm")}
        </a>
      </p>
      {tileUrl && (
        <>
          <MapBox ctx={ctx} id="kp-orchard-map" label={t("orchards.listing.map")} tileUrl={tileUrl} height={320} data={{ lat: String(p.lat), lon: String(p.lon), cell: p.precision === "grid" ? `${GRID.lat},${GRID.lon}` : "" }} />
          <script src="/assets/orchards-map.js" defer></script>
        </>
      )}
    </>
  );
}

export interface PhotosPageState {
  form: FormState;
  notice?: string;
  canUpload: boolean;
}

/** The photos of a listing with delete buttons (owner and staff) and the upload form (owner). */
export function PhotosPage({ ctx, listing, photos, s }: { ctx: ViewContext; listing: ListingRow; photos: PhotoRow[]; s: PhotosPageState }) {
  const { t } = ctx;
  const action = `${listingUrl(listing.id)}/fotos`;
  const labels = { foto: t("orchards.photos.file"), alt: t("orchards.photos.alt") };
  return (
    <>
      <PageHeading preline={listing.title}>{t("orchards.photos.title")}</PageHeading>
      {s.notice && <Alert kind="success" title={s.notice} />}
      <p class="kern-body">
        <a class="kern-link" href={listingUrl(listing.id)}>{t("orchards.photos.back")}</a>
      </p>
      <p class="kern-body">{t("orchards.photos.count", { n: photos.length, max: MAX_PHOTOS })}</p>
      {photos.length === 0 ? (
        <p class="kern-body">{t("orchards.photos.none")}</p>
      ) : (
        <ul class="kp-photo-grid">
          {photos.map((p) => (
            <li>
              <img src={thumbUrl(p.id)} alt={p.alt} {...thumbSize(p)} />
              <p class="kern-body">{p.alt}</p>
              <form method="post" action={`${photoUrl(p.id)}/loeschen`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">{t("orchards.photos.deleteNamed", { alt: p.alt })}</Button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {s.canUpload && (
        <>
          <h2 class="kern-heading-medium">{t("orchards.photos.addHeading")}</h2>
          {photos.length >= MAX_PHOTOS && !s.form.errors.foto ? (
            <p class="kern-body">{t("orchards.photos.full.max", { max: MAX_PHOTOS })}</p>
          ) : (
            <form method="post" action={action} enctype="multipart/form-data" class="kp-narrow" novalidate>
              <ErrorSummary form={s.form} t={t} labels={labels} />
              <CsrfField token={ctx.csrfToken} />
              <FileField name="foto" label={labels.foto} hint={t("orchards.photos.fileHint")} error={s.form.errors.foto} accept="image/jpeg,image/png,image/webp" />
              <TextField name="alt" label={labels.alt} hint={t("orchards.photos.altHint")} form={s.form} required maxLength={300} />
              <Button>{t("orchards.photos.add")}</Button>
            </form>
          )}
        </>
      )}
    </>
  );
}
