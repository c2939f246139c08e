import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, DescriptionList, ErrorSummary, PageHeading, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatNumber } from "../../../platform/i18n/format.js";
import { berlinTime } from "../../../platform/time/berlin.js";
import { eventUrl } from "../commands/events.js";
import type { EventRow } from "../eventQueries.js";

const when = (ctx: ViewContext, e: Pick<EventRow, "starts_at" | "ends_at">) => ctx.t("orchards.events.when", { start: formatDateTime(e.starts_at, ctx.locale), end: berlinTime(e.ends_at) });
const seatsLeft = (e: Pick<EventRow, "capacity" | "registered">) => Math.max(0, e.capacity - e.registered);

function Seats({ ctx, e }: { ctx: ViewContext; e: EventRow }) {
  const left = seatsLeft(e);
  return <>{left > 0 ? ctx.t("orchards.events.seatsLeft", { n: formatNumber(left, ctx.locale), of: formatNumber(e.capacity, ctx.locale) }) : ctx.t("orchards.events.full")}</>;
}

export function EventsPage({ ctx, events }: { ctx: ViewContext; events: EventRow[] }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.events.title")}</PageHeading>
      <p class="kern-body">{t("orchards.events.lead", { county: ctx.countyName })}</p>
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/runder-tisch/kalender.ics">{t("orchards.events.feed")}</a>
      </p>
      {events.length === 0 ? (
        <p class="kern-body">{t("orchards.events.none")}</p>
      ) : (
        <ul class="kp-plain-list">
          {events.map((e) => (
            <li>
              <h2 class="kern-heading-small">
                <a class="kern-link" href={eventUrl(e.id)}>{e.title}</a>
              </h2>
              <p class="kern-body">
                {when(ctx, e)} · {e.place} · <Seats ctx={ctx} e={e} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst">{t("orchards.alerts.back")}</a>
      </p>
    </>
  );
}

export interface EventPageState {
  own?: { status: string; position: number };
  notice?: string;
}

export function EventPage({ ctx, event: e, s }: { ctx: ViewContext; event: EventRow; s: EventPageState }) {
  const { t } = ctx;
  const open = e.status === "active" && e.starts_at > new Date();
  return (
    <>
      <PageHeading preline={t("orchards.events.title")}>{e.title}</PageHeading>
      {s.notice && <Alert kind="success" title={s.notice} />}
      <DescriptionList rows={[[t("orchards.events.field.when"), when(ctx, e)], [t("orchards.events.field.place"), e.place], [t("orchards.events.field.seats"), <Seats ctx={ctx} e={e} />]]} />
      <p class="kern-body kp-message__body">{e.description}</p>
      <p class="kern-body">
        <a class="kern-link" href={`${eventUrl(e.id)}/kalender.ics`}>{t("orchards.events.ics")}</a>
      </p>
      <h2 class="kern-heading-medium">{t("orchards.events.registration")}</h2>
      {!open ? (
        <p class="kern-body">{t("orchards.events.closed")}</p>
      ) : !ctx.user ? (
        <p class="kern-body">
          <a class="kern-link" href={`/anmelden?next=${encodeURIComponent(eventUrl(e.id))}`}>{t("orchards.events.login")}</a>
        </p>
      ) : s.own ? (
        <form method="post" action={`${eventUrl(e.id)}/abmelden`}>
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{s.own.status === "registered" ? t("orchards.events.youAreRegistered") : t("orchards.events.youAreWaiting", { n: s.own.position })}</p>
          <Button variant="secondary">{t(s.own.status === "registered" ? "orchards.events.cancel" : "orchards.events.leaveWaitlist")}</Button>
        </form>
      ) : (
        <form method="post" action={`${eventUrl(e.id)}/anmelden`}>
          <CsrfField token={ctx.csrfToken} />
          <p class="kern-body">{seatsLeft(e) > 0 ? t("orchards.events.registerLead") : t("orchards.events.waitlistLead")}</p>
          <Button>{t(seatsLeft(e) > 0 ? "orchards.events.register" : "orchards.events.joinWaitlist")}</Button>
        </form>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/streuobst/runder-tisch">{t("orchards.events.all")}</a>
      </p>
    </>
  );
}

export const EVENT_FIELDS = ["titel", "datum", "beginn", "ende", "ort", "plaetze", "beschreibung"] as const;

export function EventFormPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  const labels = Object.fromEntries(EVENT_FIELDS.map((f) => [f, t(`orchards.events.form.${f}`)])) as Record<(typeof EVENT_FIELDS)[number], string>;
  return (
    <>
      <PageHeading>{t("orchards.events.new")}</PageHeading>
      <form method="post" action="/verwaltung/streuobst/runder-tisch/neu" class="kp-narrow" novalidate>
        <ErrorSummary form={form} t={t} labels={labels} />
        <CsrfField token={ctx.csrfToken} />
        <TextField name="titel" label={labels.titel} form={form} required maxLength={120} />
        <TextField name="datum" label={labels.datum} hint={t("orchards.events.form.datumHint")} form={form} required width={4} />
        <TextField name="beginn" label={labels.beginn} hint={t("orchards.events.form.timeHint")} form={form} required width={2} />
        <TextField name="ende" label={labels.ende} hint={t("orchards.events.form.timeHint")} form={form} required width={2} />
        <TextField name="ort" label={labels.ort} form={form} required maxLength={200} />
        <TextField name="plaetze" label={labels.plaetze} form={form} required inputMode="numeric" width={2} />
        <TextArea name="beschreibung" label={labels.beschreibung} form={form} rows={6} maxLength={4000} />
        <Button>{t("orchards.events.create")}</Button>
      </form>
    </>
  );
}

export function StaffEventsPage({ ctx, events, notice }: { ctx: ViewContext; events: Array<EventRow & { waitlisted: string }>; notice?: string }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading>{t("orchards.events.staffTitle")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/streuobst/runder-tisch/neu">{t("orchards.events.new")}</a>
      </p>
      {events.length === 0 ? (
        <p class="kern-body">{t("orchards.events.none")}</p>
      ) : (
        <DataTable
          caption={t("orchards.events.staffTitle")}
          head={[t("orchards.events.form.titel"), t("orchards.events.field.when"), t("orchards.events.field.seats"), t("orchards.events.waitlist")]}
          rows={events.map((e) => [
            <a class="kern-link" href={`/verwaltung/streuobst/runder-tisch/${e.id}`}>{e.title}</a>,
            when(ctx, e),
            `${formatNumber(e.registered, ctx.locale)} / ${formatNumber(e.capacity, ctx.locale)}`,
            formatNumber(Number(e.waitlisted), ctx.locale),
          ])}
        />
      )}
    </>
  );
}

export function StaffEventPage({ ctx, event: e, registrations }: { ctx: ViewContext; event: EventRow; registrations: Array<{ name: string; status: string; created_at: Date }> }) {
  const { t } = ctx;
  return (
    <>
      <PageHeading preline={t("orchards.events.staffTitle")}>{e.title}</PageHeading>
      <DescriptionList rows={[[t("orchards.events.field.when"), when(ctx, e)], [t("orchards.events.field.place"), e.place], [t("orchards.events.field.seats"), `${formatNumber(e.registered, ctx.locale)} / ${formatNumber(e.capacity, ctx.locale)}`]]} />
      <p class="kern-body">
        <a class="kern-link" href={eventUrl(e.id)}>{t("orchards.events.publicPage")}</a>
      </p>
      {registrations.length === 0 ? (
        <p class="kern-body">{t("orchards.events.noRegistrations")}</p>
      ) : (
        <DataTable
          caption={t("orchards.events.registrations")}
          head={[t("orchards.events.name"), t("orchards.events.status"), t("orchards.events.since")]}
          rows={registrations.map((r) => [r.name, t(`orchards.events.status.${r.status}`), formatDateTime(r.created_at, ctx.locale)])}
        />
      )}
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/streuobst/runder-tisch">{t("orchards.events.staffTitle")}</a>
      </p>
    </>
  );
}
