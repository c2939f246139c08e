import type { ComponentChildren } from "preact";
import type { ViewContext } from "../../../platform/views/context.js";
import { MapBox } from "../../../platform/views/map.js";
import { Alert, Button, CsrfField, DataTable, DescriptionList, ErrorSummary, PageHeading, RadioGroup, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { days, fmt, placeOptions, type Place } from "./viewHelpers.js";
export type { Place } from "./viewHelpers.js";
export { ItemFormPage, ItemPage, ItemsPage, type ItemPageState } from "./equipmentViews.js";
import { LoansToDecide } from "./equipmentViews.js";
import { ratingText } from "./loanViews.js";
import type { RatingSummary } from "../loanQueries.js";
import { formatDay, formatNumber } from "../../../platform/i18n/format.js";
import { LISTING_KINDS } from "../db.js";
import { isVisible, type ConversationRow, type ItemRow, type ListedListing, type ListingRow, type LoanRow, type PhotoRow } from "../queries.js";
import { itemUrl, listingFacts, listingUrl, roundKm } from "../presenters.js";
import { LocationSection, PhotoGallery, thumbSize, thumbUrl } from "./photoViews.js";
export { PhotosPage, type PhotosPageState } from "./photoViews.js";
import type { SearchFilter } from "../eventQueries.js";
import { SaveSearchForm } from "./alertViews.js";
import { DismissReportForm, MessageBody, ReportUserLink, SanctionNotes, type SanctionRow } from "./moderationViews.js";

const kindOptions = (ctx: ViewContext) => LISTING_KINDS.map((k) => ({ value: k, label: ctx.t(`orchards.kind.${k}`) }));

function Links({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <ul class="kern-list">
      <li>
        <a class="kern-link" href="/streuobst/neu">{t("orchards.index.new")}</a>
      </li>
      <li>
        <a class="kern-link" href="/streuobst/geraete">{t("orchards.index.equipment")}</a>
      </li>
      <li>
        <a class="kern-link" href="/streuobst/karte">{t("orchards.map.link")}</a>
      </li>
      {ctx.user?.kind === "citizen" && (
        <li>
          <a class="kern-link" href="/streuobst/meine">{t("orchards.index.mine")}</a>
        </li>
      )}
      <li>
        <a class="kern-link" href="/streuobst/runder-tisch">{t("orchards.index.events")}</a>
      </li>
      {ctx.user?.kind === "citizen" && (
        <li>
          <a class="kern-link" href="/streuobst/suchauftraege">{t("orchards.index.searches")}</a>
        </li>
      )}
    </ul>
  );
}

/** Radii offered by the distance filter (km). */
export const RADII = [2, 5, 10, 20, 50] as const;

export function IndexPage({ ctx, listings, places, filter, saved, nearKm, photos }: { ctx: ViewContext; listings: ListedListing[]; places: Place[]; filter: FormState; saved: SearchFilter; nearKm?: number; photos?: Map<string, PhotoRow[]> }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.index.title")}</PageHeading>
      <p class="kern-body">{t("orchards.index.lead", { county: ctx.countyName })}</p>
      <Links ctx={ctx} />
      <form method="get" action="/streuobst" class="kp-narrow" aria-label={t("orchards.index.filter")}>
        <ErrorSummary form={filter} t={t} labels={{ punkt: t("orchards.index.point") }} />
        <SelectField name="art" label={t("orchards.field.kind")} form={filter} options={kindOptions(ctx)} placeholder={t("orchards.index.allKinds")} />
        <SelectField name="gemeinde" label={t("orchards.field.municipality")} form={filter} options={placeOptions(places)} placeholder={t("orchards.index.allPlaces")} />
        <TextField name="q" label={t("orchards.index.text")} form={filter} maxLength={100} />
        <SelectField name="nahe" label={t("orchards.index.near")} form={filter} options={placeOptions(places)} placeholder={t("orchards.index.nearNone")} />
        <TextField name="punkt" label={t("orchards.index.point")} hint={t("orchards.index.pointHint")} form={filter} width={20} maxLength={40} />
        <SelectField name="umkreis" label={t("orchards.index.km")} form={filter} options={RADII.map((n) => ({ value: String(n), label: t("orchards.index.kmOption", { n }) }))} placeholder={t("orchards.index.nearNone")} />
        <Button variant="secondary">{t("orchards.index.apply")}</Button>
      </form>
      <SaveSearchForm ctx={ctx} filter={saved} />
      <h2 class="kern-heading-medium">{nearKm ? t("orchards.index.countNear", { n: listings.length, km: nearKm }) : t("orchards.index.count", { n: listings.length })}</h2>
      {listings.length === 0 ? (
        <p class="kern-body">{t("orchards.index.none")}</p>
      ) : (
        <ul class="kp-plain-list">
          {listings.map((l) => (
            <li>
              <h3 class="kern-heading-small">
                <a class="kern-link" href={listingUrl(l.id)}>{l.title}</a>
              </h3>
              <p class="kern-body">
                {t(`orchards.kind.${l.kind}`)} · {listingFacts(l, t, fmt(ctx))}
                {l.distance_km != null && <> · {t("orchards.index.distance", { km: roundKm(l.distance_km).toLocaleString(ctx.locale === "en" ? "en-GB" : "de-DE") })}</>}
              </p>
              {(() => {
                // The first photo's thumbnail (its own description as alt text; the title above is the link).
                const first = photos?.get(l.id)?.[0];
                return first && <img class="kp-orchard-thumb" src={thumbUrl(first.id)} alt={first.alt} {...thumbSize(first)} loading="lazy" />;
              })()}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface ListingPageState {
  photos: PhotoRow[];
  /** The owner and staff see the exact point and manage photos. */
  showExact: boolean;
  canManagePhotos: boolean;
  tileUrl: string | undefined;
  contact: FormState;
  report: FormState;
  canEdit: boolean;
  canContact: boolean;
  canReport: boolean;
  notice?: string;
  /** Ratings the poster received as lender and borrower (migrations/0046). */
  ownerRating?: RatingSummary;
}

export function ListingPage({ ctx, listing, s }: { ctx: ViewContext; listing: ListingRow; s: ListingPageState }) {
  const { t } = ctx;
  const rows: Array<[string, ComponentChildren]> = [[t("orchards.listing.place"), listing.municipality_name]];
  if (listing.area_m2 != null) rows.push([t("orchards.listing.area"), `${formatNumber(listing.area_m2, ctx.locale)} m²`]);
  if (listing.trees != null) rows.push([t("orchards.listing.trees"), formatNumber(listing.trees, ctx.locale)]);
  if (listing.varieties) rows.push([t("orchards.listing.varieties"), listing.varieties]);
  rows.push([t("orchards.listing.publisher"), s.ownerRating && listing.owner_id ? `${listing.publisher} (${ratingText(ctx, s.ownerRating)})` : listing.publisher], [t("orchards.listing.expires"), formatDay(listing.expires_on)]);
  return (
    <>
      <PageHeading preline={t(`orchards.kind.${listing.kind}`)}>{listing.title}</PageHeading>
      {s.notice && <Alert kind="success" title={s.notice} />}
      {!isVisible(listing) && <Alert kind="info" title={t(`orchards.status.${listing.status === "active" ? "expired" : listing.status}`)} />}
      <PhotoGallery ctx={ctx} photos={s.photos} />
      <p class="kern-body kp-message__body">{listing.description}</p>
      <DescriptionList rows={rows} />
      <LocationSection ctx={ctx} listing={listing} showExact={s.showExact} tileUrl={s.tileUrl} />
      {s.canManagePhotos && !s.canEdit && (
        <p class="kern-body">
          <a class="kern-link" href={`${listingUrl(listing.id)}/fotos`}>{t("orchards.photos.title")}</a>
        </p>
      )}
      {s.canEdit && (
        <div>
          <p class="kern-body">
            <a class="kern-link" href={`${listingUrl(listing.id)}/bearbeiten`}>{t("orchards.listing.edit")}</a>
          </p>
          <p class="kern-body">
            <a class="kern-link" href={`${listingUrl(listing.id)}/fotos`}>{t("orchards.photos.manage")}</a>
          </p>
          <form method="post" action={`${listingUrl(listing.id)}/zurueckziehen`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t("orchards.listing.withdraw")}</Button>
          </form>
        </div>
      )}
      <h2 class="kern-heading-medium" id="kontakt">{t("orchards.listing.contact")}</h2>
      {s.canContact ? (
        <form method="post" action={`${listingUrl(listing.id)}/nachricht`} class="kp-narrow" novalidate>
          <ErrorSummary form={s.contact} t={t} />
          <CsrfField token={ctx.csrfToken} />
          <TextArea name="nachricht" label={t("orchards.listing.message")} hint={t("orchards.listing.contactHint")} form={s.contact} maxLength={2000} />
          <Button>{t("orchards.listing.send")}</Button>
        </form>
      ) : !ctx.user ? (
        <p class="kern-body">
          <a class="kern-link" href={`/anmelden?next=${encodeURIComponent(listingUrl(listing.id))}`}>{t("orchards.listing.loginToContact")}</a>
        </p>
      ) : !listing.owner_id ? (
        <p class="kern-body">{t("orchards.listing.noContact")}</p>
      ) : null}
      {s.canReport && (
        <>
          <h2 class="kern-heading-medium" id="melden">{t("orchards.listing.report")}</h2>
          <form method="post" action={`${listingUrl(listing.id)}/melden`} class="kp-narrow" novalidate>
            <ErrorSummary form={s.report} t={t} />
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="grund" label={t("orchards.listing.reportReason")} form={s.report} maxLength={1000} rows={3} />
            <Button variant="secondary">{t("orchards.listing.reportSubmit")}</Button>
          </form>
          {listing.owner_id && <ReportUserLink ctx={ctx} userId={listing.owner_id} name={listing.publisher} />}
        </>
      )}
    </>
  );
}

export function ListingFormPage({ ctx, form, places, action, edit, tileUrl }: { ctx: ViewContext; form: FormState; places: Place[]; action: string; edit: boolean; tileUrl?: string }) {
  const { t } = ctx;
  const labels = { art: t("orchards.field.kind"), titel: t("orchards.field.title"), beschreibung: t("orchards.field.description"), gemeinde: t("orchards.field.municipality"), flaeche: t("orchards.field.area"), baeume: t("orchards.field.trees"), sorten: t("orchards.field.varieties"), ablauf: t("orchards.field.expires"), breite: t("orchards.field.lat"), laenge: t("orchards.field.lon") };
  return (
    <>
      <PageHeading>{t(edit ? "orchards.edit.title" : "orchards.new.title")}</PageHeading>
      <form method="post" action={action} class="kp-narrow" novalidate>
        <ErrorSummary form={form} t={t} labels={labels} />
        <CsrfField token={ctx.csrfToken} />
        <RadioGroup name="art" label={labels.art} form={form} options={kindOptions(ctx)} required />
        <TextField name="titel" label={labels.titel} form={form} required maxLength={120} />
        <TextArea name="beschreibung" label={labels.beschreibung} hint={t("orchards.field.descriptionHint")} form={form} rows={6} maxLength={4000} />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} options={placeOptions(places)} placeholder={t("orchards.field.municipalityPlaceholder")} required />
        <TextField name="flaeche" label={labels.flaeche} form={form} inputMode="numeric" width={4} />
        <TextField name="baeume" label={labels.baeume} form={form} inputMode="numeric" width={4} />
        <TextField name="sorten" label={labels.sorten} hint={t("orchards.field.varietiesHint")} form={form} maxLength={300} />
        <TextField name="ablauf" label={labels.ablauf} hint={t("orchards.field.expiresHint")} form={form} required width={4} />
        <fieldset class="kern-fieldset" aria-describedby="lage-hint">
          <legend class="kern-label">
            {t("orchards.field.point")}
            <span class="kern-label__optional"> – optional</span>
          </legend>
          <div class="kern-hint" id="lage-hint">
            {t("orchards.field.pointHint")}
          </div>
          <div class="kern-fieldset__body">
            <TextField name="breite" label={labels.breite} form={form} inputMode="text" width={12} maxLength={14} />
            <TextField name="laenge" label={labels.laenge} form={form} inputMode="text" width={12} maxLength={14} />
          </div>
          {tileUrl && (
            // Progressive enhancement (ADR 0059): with JavaScript and tiles a click, or Enter on the focused map,
            // sets both fields; the typed fields stay the way without JavaScript and the text alternative.
            <>
              <p class="kern-body" id="kp-orchard-picker-help" hidden>
                {t("orchards.picker.help")}
              </p>
              <MapBox ctx={ctx} id="kp-orchard-picker" label={t("orchards.picker.label")} describedBy="kp-orchard-picker-help" tileUrl={tileUrl} height={320} data={{ lat: "breite", lon: "laenge", set: t("orchards.picker.set") }} />
              <p class="kern-body" id="kp-orchard-picker-status" aria-live="polite"></p>
              <script src="/assets/orchards-picker.js" defer></script>
            </>
          )}
        </fieldset>
        <Button>{t(edit ? "orchards.edit.submit" : "orchards.new.submit")}</Button>
      </form>
    </>
  );
}

export interface MineData {
  listings: ListingRow[];
  items: ItemRow[];
  toDecide: LoanRow[];
  loans: LoanRow[];
  conversations: Array<{ id: string; owner_id: string; owner_name: string; interested_name: string; subject_title: string; unread: string }>;
  notice?: string;
  sanctions?: SanctionRow[];
  appeals?: Parameters<typeof SanctionNotes>[0]["appeals"];
}

export function MinePage({ ctx, data }: { ctx: ViewContext; data: MineData }) {
  const { t } = ctx;
  const me = ctx.user!.id;
  const statusOf = (l: ListingRow) => (l.status === "active" && !isVisible(l) ? "expired" : l.status);
  return (
    <>
      <PageHeading>{t("orchards.mine.title")}</PageHeading>
      {data.notice && <Alert kind="success" title={data.notice} />}
      <SanctionNotes ctx={ctx} sanctions={data.sanctions ?? []} appeals={data.appeals ?? []} />
      <Links ctx={ctx} />
      <h2 class="kern-heading-medium">{t("orchards.mine.conversations")}</h2>
      {data.conversations.length === 0 ? (
        <p class="kern-body">{t("orchards.mine.none")}</p>
      ) : (
        <ul class="kern-list">
          {data.conversations.map((c) => (
            <li>
              <a class="kern-link" href={`/streuobst/nachrichten/${c.id}`}>
                {c.subject_title} – {t("orchards.conv.with", { name: c.owner_id === me ? c.interested_name : c.owner_name })}
              </a>
              {Number(c.unread) > 0 && <strong> ({t("orchards.conv.unread", { n: Number(c.unread) })})</strong>}
            </li>
          ))}
        </ul>
      )}
      <h2 class="kern-heading-medium">{t("orchards.mine.listings")}</h2>
      {data.listings.length === 0 ? (
        <p class="kern-body">{t("orchards.mine.none")}</p>
      ) : (
        <DataTable
          caption={t("orchards.mine.listings")}
          head={[t("orchards.field.title"), t("orchards.listing.expires"), t("orchards.mine.status")]}
          rows={data.listings.map((l) => [
            <a class="kern-link" href={listingUrl(l.id)}>{l.title}</a>,
            formatDay(l.expires_on),
            <>
              {t(`orchards.status.${statusOf(l)}`)}
              {l.status === "hidden" && l.hidden_reason && (
                <>
                  <br />
                  {t("orchards.mine.hiddenBecause", { reason: l.hidden_reason })}
                </>
              )}
            </>,
          ])}
        />
      )}
      <h2 class="kern-heading-medium">{t("orchards.mine.requests")}</h2>
      <LoansToDecide ctx={ctx} loans={data.toDecide} />
      <h2 class="kern-heading-medium">{t("orchards.mine.items")}</h2>
      {data.items.length === 0 ? (
        <p class="kern-body">{t("orchards.mine.none")}</p>
      ) : (
        <ul class="kern-list">
          {data.items.map((i) => (
            <li>
              <a class="kern-link" href={itemUrl(i.id)}>{i.name}</a>
            </li>
          ))}
        </ul>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/geraete/neu">{t("orchards.items.new")}</a>
      </p>
      <h2 class="kern-heading-medium">{t("orchards.mine.loans")}</h2>
      {data.loans.length === 0 ? (
        <p class="kern-body">{t("orchards.mine.none")}</p>
      ) : (
        <ul class="kern-list">
          {data.loans.map((l) => (
            <li>
              <a class="kern-link" href={itemUrl(l.item_id)}>{l.item_name}</a>: {days(ctx, l)} – {l.status === "requested" || l.status === "declined" ? t(`orchards.loan.status.${l.status}`) : <a class="kern-link" href={`/streuobst/ausleihen/${l.id}`}>{t(`orchards.loan.status.${l.status}`)}</a>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ConversationPage({ ctx, conv, messages, form, sent }: { ctx: ViewContext; conv: ConversationRow; messages: Array<{ id: string; author_id: string | null; body: string; created_at: Date; hidden_at: Date | null }>; form: FormState; sent: boolean }) {
  const { t } = ctx;
  const me = ctx.user!.id;
  const other = conv.owner_id === me ? conv.interested_name : conv.owner_name;
  return (
    <>
      <PageHeading preline={t("orchards.conv.with", { name: other })}>{t("orchards.conv.title", { title: conv.subject_title })}</PageHeading>
      {sent && <Alert kind="success" title={t("orchards.conv.sent")} />}
      <p class="kern-body">
        <a class="kern-link" href={conv.listing_id ? listingUrl(conv.listing_id) : itemUrl(conv.item_id!)}>{conv.subject_title}</a>
      </p>
      <ol class="kp-plain-list">
        {messages.map((m) => (
          <li class="kp-message">
            <p class="kern-body">
              <strong>{m.author_id === me ? t("orchards.conv.you") : other}</strong>, {formatDay(m.created_at)}
            </p>
            <MessageBody ctx={ctx} m={m} convId={conv.id} />
          </li>
        ))}
      </ol>
      <ReportUserLink ctx={ctx} userId={conv.owner_id === me ? conv.interested_id : conv.owner_id} name={other} />
      <form method="post" action={`/streuobst/nachrichten/${conv.id}`} class="kp-narrow" novalidate>
        <ErrorSummary form={form} t={t} />
        <CsrfField token={ctx.csrfToken} />
        <TextArea name="nachricht" label={t("orchards.conv.reply")} form={form} maxLength={2000} />
        <Button>{t("orchards.listing.send")}</Button>
      </form>
    </>
  );
}

export function StaffPage({ ctx, reports, loans, notice, forms }: { ctx: ViewContext; reports: Array<{ id: string; listing_id: string | null; reason: string; created_at: Date; listing_title: string; listing_status: string }>; loans: LoanRow[]; notice?: string; forms: Record<string, FormState> }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.staff.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <h2 class="kern-heading-medium">{t("orchards.staff.reports")}</h2>
      {reports.length === 0 ? (
        <p class="kern-body">{t("orchards.staff.none")}</p>
      ) : (
        <ul class="kp-plain-list">
          {reports.map((r) => {
            const form = forms[r.id] ?? { values: {}, errors: {} };
            const field = `grund-${r.id}`;
            return (
              <li>
                <h3 class="kern-heading-small">
                  <a class="kern-link" href={listingUrl(r.listing_id!)}>{r.listing_title}</a> ({t(`orchards.status.${r.listing_status}`)})
                </h3>
                <p class="kern-body kp-message__body">{r.reason}</p>
                <p class="kern-body">{formatDay(r.created_at)}</p>
                {r.listing_status !== "hidden" && (
                  <form method="post" action={`/verwaltung/streuobst/anzeigen/${r.listing_id}/ausblenden`} novalidate>
                    <ErrorSummary form={form} t={t} />
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="meldung" value={r.id} />
                    <TextArea name={field} label={t("orchards.staff.hideReason")} form={form} rows={2} maxLength={1000} />
                    <Button>{t("orchards.staff.hide")}</Button>
                  </form>
                )}
                <DismissReportForm ctx={ctx} reportId={r.id} />
              </li>
            );
          })}
        </ul>
      )}
      <h2 class="kern-heading-medium">{t("orchards.staff.loans")}</h2>
      <LoansToDecide ctx={ctx} loans={loans} />
    </>
  );
}
