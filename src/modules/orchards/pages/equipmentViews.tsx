/** Pages of equipment lending: the list, one item with its calendar and requests, the new-item form. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, DescriptionList, ErrorSummary, PageHeading, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatEuro } from "../../../platform/i18n/format.js";
import type { ItemRow, LoanRow } from "../queries.js";
import { itemUrl } from "../presenters.js";
import type { DaySpan } from "../loanDays.js";
import type { MonthGrid } from "../calendar.js";
import { days, placeOptions, type Place } from "./viewHelpers.js";
import { ItemRatings, ratingText } from "./loanViews.js";
import type { RatingSummary } from "../loanQueries.js";

function LoanDecision({ ctx, loan }: { ctx: ViewContext; loan: LoanRow }) {
  const { t } = ctx;
  if (loan.status !== "requested") return <a class="kern-link" href={`/streuobst/ausleihen/${loan.id}`}>{t(`orchards.loan.status.${loan.status}`)}</a>;
  return (
    <form method="post" action={`/streuobst/ausleihen/${loan.id}`} class="kp-inline-form">
      <CsrfField token={ctx.csrfToken} />
      <Button name="entscheidung" value="confirm">{t("orchards.loan.confirm")}</Button> <Button name="entscheidung" value="decline" variant="secondary">{t("orchards.loan.decline")}</Button>
    </form>
  );
}

export function LoansToDecide({ ctx, loans }: { ctx: ViewContext; loans: LoanRow[] }) {
  const { t } = ctx;
  if (loans.length === 0) return <p class="kern-body">{t("orchards.mine.none")}</p>;
  return (
    <DataTable
      caption={t("orchards.mine.requests")}
      head={[t("orchards.item.name"), t("orchards.item.from"), t("orchards.mine.status")]}
      rows={loans.map((l) => [
        <a class="kern-link" href={itemUrl(l.item_id)}>{l.item_name}</a>,
        <>
          {days(ctx, l)}
          <br />
          {t("orchards.loan.by", { name: l.borrower_name })}
          {l.note && <span class="kp-message__body"><br />{l.note}</span>}
        </>,
        <LoanDecision ctx={ctx} loan={l} />,
      ])}
    />
  );
}

export function ItemsPage({ ctx, items, ratings }: { ctx: ViewContext; items: ItemRow[]; ratings?: Map<string, RatingSummary> }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.items.title")}</PageHeading>
      <p class="kern-body">{t("orchards.items.lead")}</p>
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/geraete/neu">{t("orchards.items.new")}</a>
      </p>
      {items.length === 0 ? (
        <p class="kern-body">{t("orchards.items.none")}</p>
      ) : (
        <ul class="kp-plain-list">
          {items.map((i) => (
            <li>
              <h2 class="kern-heading-small">
                <a class="kern-link" href={itemUrl(i.id)}>{i.name}</a>
              </h2>
              <p class="kern-body">
                {i.municipality_name} · {i.publisher} · {t("orchards.item.deposit")}: {i.deposit_cents > 0 ? formatEuro(i.deposit_cents, ctx.locale) : t("orchards.item.noDeposit")}
              </p>
              {ratings && <p class="kern-body">{ratingText(ctx, ratings.get(i.id) ?? { count: 0, average: null })}</p>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface ItemPageState {
  form: FormState;
  contact: FormState;
  canContact: boolean;
  booked: DaySpan[];
  mode: "request" | "own" | "login" | "none";
  notice?: string;
  warning?: string;
  toDecide?: LoanRow[];
  calendar: MonthGrid;
  /** Borrowers' ratings of the item and the owner's aggregate (migrations/0046). */
  ratings?: { item: Parameters<typeof ItemRatings>[0]["r"]; owner: RatingSummary };
}

const dateLocale = (ctx: ViewContext) => (ctx.locale === "en" ? "en-GB" : "de-DE");
const monthName = (ctx: ViewContext, month: string) => new Intl.DateTimeFormat(dateLocale(ctx), { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T12:00:00Z`));
// 2024-01-01 was a Monday: the week's day names from it.
const weekdays = (ctx: ViewContext, style: "short" | "long") => Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(dateLocale(ctx), { weekday: style, timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i, 12))));

/** One month of an item's confirmed loans as an accessible table (works without JavaScript; ?monat=YYYY-MM). */
export function AvailabilityCalendar({ ctx, item, grid }: { ctx: ViewContext; item: ItemRow; grid: MonthGrid }) {
  const { t } = ctx;
  const short = weekdays(ctx, "short");
  const long = weekdays(ctx, "long");
  const dayLabel = (d: string) => new Intl.DateTimeFormat(dateLocale(ctx), { day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${d}T12:00:00Z`));
  return (
    <>
      <h2 class="kern-heading-medium" id="kalender">{t("orchards.cal.title")}</h2>
      <p class="kern-body">{t("orchards.cal.legend")}</p>
      <nav aria-label={t("orchards.cal.nav")}>
        <ul class="kp-cal-nav">
          <li>
            <a class="kern-link" rel="nofollow" href={`${itemUrl(item.id)}?monat=${grid.prev}#kalender`}>{t("orchards.cal.prev", { month: monthName(ctx, grid.prev) })}</a>
          </li>
          <li>
            <a class="kern-link" rel="nofollow" href={`${itemUrl(item.id)}?monat=${grid.next}#kalender`}>{t("orchards.cal.next", { month: monthName(ctx, grid.next) })}</a>
          </li>
        </ul>
      </nav>
      <div class="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="kalender-caption">
        <table class="kern-table kp-cal">
          <caption class="kern-title" id="kalender-caption">{t("orchards.cal.caption", { month: monthName(ctx, grid.month) })}</caption>
          <thead>
            <tr class="kern-table__row">
              {short.map((d, i) => (
                <th class="kern-table__header" scope="col">
                  <abbr title={long[i]}>{d}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {grid.weeks.map((w) => (
              <tr class="kern-table__row">
                {w.map((d) =>
                  d ? (
                    <td class={`kern-table__cell${d.taken ? " kp-cal__taken" : ""}`}>
                      <span class="kern-sr-only">{dayLabel(d.date)}: </span>
                      <span aria-hidden="true">{Number(d.date.slice(8))}</span>
                      <br />
                      <span class="kp-cal__state">{t(d.taken ? "orchards.cal.taken" : "orchards.cal.free")}</span>
                    </td>
                  ) : (
                    <td class="kern-table__cell"></td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ItemPage({ ctx, item, s }: { ctx: ViewContext; item: ItemRow; s: ItemPageState }) {
  const { t } = ctx;
  const labels = { von: t("orchards.item.from"), bis: t("orchards.item.to"), notiz: t("orchards.item.note") };
  return (
    <>
      <PageHeading preline={t("orchards.items.title")}>{item.name}</PageHeading>
      {s.notice && <Alert kind="success" title={s.notice} />}
      {s.warning && <Alert kind="warning" title={s.warning} />}
      <p class="kern-body kp-message__body">{item.description}</p>
      <DescriptionList rows={[[t("orchards.listing.place"), item.municipality_name], [t("orchards.listing.publisher"), s.ratings && item.owner_id ? `${item.publisher} (${ratingText(ctx, s.ratings.owner)})` : item.publisher], [t("orchards.item.deposit"), item.deposit_cents > 0 ? formatEuro(item.deposit_cents, ctx.locale) : t("orchards.item.noDeposit")]]} />
      {s.ratings && <ItemRatings ctx={ctx} r={s.ratings.item} />}
      <h2 class="kern-heading-medium">{t("orchards.item.booked")}</h2>
      {s.booked.length === 0 ? (
        <p class="kern-body">{t("orchards.item.free")}</p>
      ) : (
        <ul class="kern-list">
          {s.booked.map((b) => (
            <li>{days(ctx, b)}</li>
          ))}
        </ul>
      )}
      <AvailabilityCalendar ctx={ctx} item={item} grid={s.calendar} />
      {s.toDecide && (
        <>
          <h2 class="kern-heading-medium">{t("orchards.mine.requests")}</h2>
          <LoansToDecide ctx={ctx} loans={s.toDecide} />
        </>
      )}
      {s.canContact && (
        <>
          <h2 class="kern-heading-medium" id="kontakt">{t("orchards.item.contact")}</h2>
          <form method="post" action={`${itemUrl(item.id)}/nachricht`} class="kp-narrow" novalidate>
            <ErrorSummary form={s.contact} t={t} />
            <CsrfField token={ctx.csrfToken} />
            <TextArea name="nachricht" label={t("orchards.listing.message")} hint={t("orchards.listing.contactHint")} form={s.contact} maxLength={2000} rows={3} />
            <Button variant="secondary">{t("orchards.listing.send")}</Button>
          </form>
        </>
      )}
      <h2 class="kern-heading-medium" id="anfrage">{t("orchards.item.request")}</h2>
      {s.mode === "request" ? (
        <form method="post" action={`${itemUrl(item.id)}/anfragen`} class="kp-narrow" novalidate>
          <ErrorSummary form={s.form} t={t} labels={labels} />
          <CsrfField token={ctx.csrfToken} />
          <TextField name="von" label={labels.von} hint={t("orchards.item.dateHint")} form={s.form} required width={4} />
          <TextField name="bis" label={labels.bis} form={s.form} required width={4} />
          <TextArea name="notiz" label={labels.notiz} form={s.form} rows={3} maxLength={1000} optional />
          <Button>{t("orchards.item.requestSubmit")}</Button>
        </form>
      ) : s.mode === "login" ? (
        <p class="kern-body">
          <a class="kern-link" href={`/anmelden?next=${encodeURIComponent(itemUrl(item.id))}`}>{t("orchards.item.loginToRequest")}</a>
        </p>
      ) : s.mode === "own" ? (
        <p class="kern-body">{t("orchards.item.own")}</p>
      ) : null}
    </>
  );
}

export function ItemFormPage({ ctx, form, places }: { ctx: ViewContext; form: FormState; places: Place[] }) {
  const { t } = ctx;
  const labels = { name: t("orchards.item.name"), beschreibung: t("orchards.item.description"), gemeinde: t("orchards.field.municipality"), kaution: t("orchards.item.depositField") };
  return (
    <>
      <PageHeading>{t("orchards.items.new")}</PageHeading>
      <form method="post" action="/streuobst/geraete/neu" class="kp-narrow" novalidate>
        <ErrorSummary form={form} t={t} labels={labels} />
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={labels.name} form={form} required maxLength={120} />
        <TextArea name="beschreibung" label={labels.beschreibung} form={form} rows={4} maxLength={4000} />
        <SelectField name="gemeinde" label={labels.gemeinde} form={form} options={placeOptions(places)} placeholder={t("orchards.field.municipalityPlaceholder")} required />
        <TextField name="kaution" label={labels.kaution} hint={t("orchards.item.depositHint")} form={form} inputMode="numeric" width={4} required />
        <Button>{t("orchards.item.create")}</Button>
      </form>
    </>
  );
}

