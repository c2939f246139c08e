/** Citizen pages of appointment booking: no JavaScript needed (links and GET forms, POST for changes). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextField, type FormState, DescriptionList } from "../../../platform/views/components.js";
import { bookingMinutes, type ComputedSlot, type LocationInfo, type ServiceInfo, type BookingView } from "../queries.js";
import { berlinDate, berlinTime } from "../time.js";
import type { Locale, Translate } from "../../../platform/i18n/index.js";

const tag = (l: Locale) => (l === "en" ? "en-GB" : "de-DE");
/** "Dienstag, 24. November 2026" for a Berlin calendar date. */
export const dayLabel = (date: string, locale: Locale = "de") =>
  new Intl.DateTimeFormat(tag(locale), { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T12:00:00Z`));
/** "Dienstag, 24. November 2026, 09:00 Uhr" in the page's language. */
export const whenLabel = (d: Date, ctx: { t: Translate; locale: Locale }) =>
  ctx.t("appt.when", { date: new Intl.DateTimeFormat(tag(ctx.locale), { timeZone: "Europe/Berlin", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(d), time: berlinTime(d) });
type Ctx = Pick<ViewContext, "t" | "locale">;

/** Services grouped by the office that offers them (heading, address), each with its usual duration. */
export function StartPage({ ctx, groups, ags }: { ctx: ViewContext; groups: Array<{ location: LocationInfo; services: Array<{ leikaKey: string; name: string; durationMinutes: number }> }>; ags: string | undefined }) {
  return (
    <>
      <PageHeading>{ctx.t("appt.start.title")}</PageHeading>
      <p class="kern-body">{ctx.t("appt.start.lead")}</p>
      {groups.map((g) => (
        <section class="kern-stack kp-section" aria-labelledby={`ort-${g.location.key}`}>
          <h2 class="kern-heading-small" id={`ort-${g.location.key}`}>
            {g.location.name}
          </h2>
          {g.location.address && <p class="kern-body">{g.location.address}</p>}
          <ul class="kern-list">
            {g.services.map((s) => (
              <li>
                <a class="kern-link" href={`/termine/leistung/${s.leikaKey}${ags ? `?ags=${ags}` : ""}`}>
                  {s.name}
                </a>
                <span class="kern-body"> – {ctx.t("appt.start.duration", { minutes: String(s.durationMinutes) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function LocationsPage({ ctx, serviceName, locations, suggested, leikaKey }: { ctx: Ctx; serviceName: string; locations: LocationInfo[]; suggested: string | undefined; leikaKey: string }) {
  const sorted = [...locations].sort((a, b) => (a.key === suggested ? -1 : b.key === suggested ? 1 : 0));
  return (
    <>
      <PageHeading preline={serviceName}>{ctx.t("appt.locations.title")}</PageHeading>
      {locations.length === 0 && <p class="kern-body">{ctx.t("appt.notBookable")}</p>}
      <ul class="kern-list">
        {sorted.map((l) => (
          <li>
            <a class="kern-link" href={`/termine/${encodeURIComponent(l.key)}/${leikaKey}`}>{l.name}</a>
            {l.address && <span class="kern-body"> – {l.address}</span>}
            {l.key === suggested && <strong class="kern-body"> ({ctx.t("appt.locations.suggested")})</strong>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CalendarPage({ location, service, services, offered, slots, persons, day, slotHref, waitlistForm, ctx, reschedule }: {
  ctx: ViewContext;
  location: LocationInfo;
  service: ServiceInfo;
  /** The chosen services (the first is `service`). */
  services: ServiceInfo[];
  /** Further services of the location that can be added. */
  offered: ServiceInfo[];
  slots: ComputedSlot[];
  persons: number;
  day: string | undefined;
  slotHref: (s: ComputedSlot) => string;
  waitlistForm: FormState;
  /** Choosing a new time for an existing booking (no person/service choice, no waiting list). */
  reschedule?: { base: string; token: string; current: Date; backHref: string };
}) {
  const base = reschedule ? reschedule.base : `/termine/${encodeURIComponent(location.key)}/${service.leikaKey}`;
  const extras = services.slice(1);
  const keep = reschedule ? `token=${encodeURIComponent(reschedule.token)}` : `personen=${persons}${extras.map((s) => `&zusatz=${s.leikaKey}`).join("")}`;
  const byDay = new Map<string, ComputedSlot[]>();
  for (const s of slots) {
    const d = berlinDate(s.start);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const times = day ? byDay.get(day) ?? [] : [];
  const minutes = bookingMinutes(services, persons);
  const maxPersons = Math.min(...services.map((s) => s.maxPersons));
  return (
    <>
      <PageHeading preline={`${services.map((s) => s.name).join(" + ")} · ${location.name}`}>{reschedule ? (day ? ctx.t("appt.cal.newTime", { day: dayLabel(day, ctx.locale) }) : ctx.t("appt.cal.newDay")) : day ? ctx.t("appt.cal.time", { day: dayLabel(day, ctx.locale) }) : ctx.t("appt.cal.day")}</PageHeading>
      <p class="kern-body">{location.address}</p>
      {reschedule && (
        <p class="kern-body">
          {ctx.t("appt.cal.current")} <strong>{whenLabel(reschedule.current, ctx)}</strong>. {ctx.t("appt.cal.currentStays")}
        </p>
      )}
      <p class="kern-body">{ctx.t(persons > 1 ? "appt.cal.durationPersons" : "appt.cal.duration", { minutes, persons })}</p>
      {!reschedule && (
        <form method="get" action={base} class="kp-inline-form">
          <div class="kern-form-input">
            <label class="kern-label" for="personen">{ctx.t("appt.cal.persons")}</label>
            <div class="kern-hint" id="personen-hint">{ctx.t("appt.cal.personsHint", { minutes: services.reduce((n, s) => n + s.durationMinutes, 0) })}</div>
            <div class="kern-form-input__select-wrapper">
              <select class="kern-form-input__select" id="personen" name="personen" aria-describedby="personen-hint">
                {Array.from({ length: maxPersons }, (_, i) => i + 1).map((n) => (
                  <option value={String(n)} selected={n === persons}>{n}</option>
                ))}
              </select>
            </div>
          </div>
          {offered.length > 0 && (
            <fieldset class="kern-fieldset">
              <legend class="kern-label">{ctx.t("appt.cal.extra")}</legend>
              <div class="kern-hint" id="zusatz-hint">{ctx.t("appt.cal.extraHint")}</div>
              <div class="kern-fieldset__body">
                {offered.map((o) => (
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" id={`zusatz-${o.leikaKey}`} name="zusatz" value={o.leikaKey} checked={extras.some((e) => e.leikaKey === o.leikaKey)} aria-describedby="zusatz-hint" />
                    <label class="kern-label" for={`zusatz-${o.leikaKey}`}>{ctx.t("appt.cal.extraItem", { name: o.name, minutes: o.durationMinutes })}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          {day && <input type="hidden" name="tag" value={day} />}
          <Button variant="secondary">{ctx.t("appt.cal.show")}</Button>
        </form>
      )}
      {!day && byDay.size > 0 && (
        <DataTable
          caption={ctx.t("appt.cal.days")}
          head={[ctx.t("appt.cal.colDay"), ctx.t("appt.cal.colFree"), ctx.t("appt.cal.colChoice")]}
          rows={[...byDay].map(([d, list]) => [dayLabel(d, ctx.locale), String(list.length), <a class="kern-link" href={`${base}?tag=${d}&${keep}`}>{ctx.t("appt.cal.timesOn", { day: dayLabel(d, ctx.locale) })}</a>])}
        />
      )}
      {day && times.length > 0 && (
        <>
          <h2 class="kern-heading-small">{ctx.t("appt.cal.freeTimes")}</h2>
          <ul class="kern-list kp-slot-list">
            {times.map((s) => (
              <li>
                <a class="kern-link" href={slotHref(s)}>
                  {ctx.t("appt.timeRange", { from: berlinTime(s.start), to: berlinTime(s.end) })}
                </a>
              </li>
            ))}
          </ul>
          <p class="kern-body"><a class="kern-link" href={`${base}?${keep}`}>{ctx.t("appt.cal.otherDay")}</a></p>
        </>
      )}
      {(byDay.size === 0 || (day && times.length === 0)) && (
        <Alert kind="info" title={ctx.t("appt.cal.none")}>
          <p class="kern-body">{ctx.t(day ? "appt.cal.noneDay" : "appt.cal.noneHorizon")}</p>
        </Alert>
      )}
      {reschedule ? (
        <p class="kern-body"><a class="kern-link" href={reschedule.backHref}>{ctx.t("appt.cal.back")}</a></p>
      ) : (
        <>
          <h2 class="kern-heading-small">{ctx.t("appt.wait.title")}</h2>
          <p class="kern-body">{ctx.t("appt.wait.lead")}</p>
          <form method="post" action={`${base}/warteliste`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <ErrorSummary form={waitlistForm} t={ctx.t} />
            <TextField name="email" label={ctx.t("appt.email")} type="email" form={waitlistForm} autocomplete="email" required />
            <Button variant="secondary">{ctx.t("appt.wait.button")}</Button>
          </form>
        </>
      )}
    </>
  );
}

export function BookForm({ ctx, form, slotId, location, services, start, end, persons }: { ctx: ViewContext; form: FormState; slotId: string; location: LocationInfo; services: ServiceInfo[]; start: Date; end: Date; persons: number }) {
  return (
    <>
      <PageHeading preline={`${services.map((s) => s.name).join(" + ")} · ${location.name}`}>{ctx.t("appt.book.title")}</PageHeading>
      <ErrorSummary form={form} t={ctx.t} labels={{ name: ctx.t("appt.book.nameShort"), email: ctx.t("appt.email"), slotId: ctx.t("appt.book.slot") }} />
      <p class="kern-body">
        <strong>{whenLabel(start, ctx)}</strong> {ctx.t("appt.until", { time: berlinTime(end) })}{persons > 1 ? `, ${ctx.t("appt.persons", { n: persons })}` : ""}
      </p>
      <form method="post" action="/termine/buchen" novalidate data-altcha="/api/v1/appointments/challenge">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="slotId" value={slotId} />
        <input type="hidden" name="altcha" value="" />
        <TextField name="name" label={ctx.t("appt.book.name")} hint={ctx.t("appt.book.nameHint")} form={form} autocomplete="name" required maxLength={120} />
        <TextField name="email" label={ctx.t("appt.email")} hint={ctx.t("appt.book.emailHint")} type="email" form={form} autocomplete="email" required />
        <p class="kern-body">{ctx.t("appt.book.hold", { minutes: location.holdMinutes })}</p>
        <Button>{ctx.t("appt.book.button")}</Button>
      </form>
      <script src="/assets/appointments.js" defer></script>
    </>
  );
}

export function SentPage({ ctx, email, holdMinutes }: { ctx: Ctx; email: string; holdMinutes: number }) {
  return (
    <>
      <PageHeading>{ctx.t("appt.sent.title")}</PageHeading>
      <Alert kind="success" title={ctx.t("appt.sent.alert")}>
        <p class="kern-body">{ctx.t("appt.sent.text", { email, minutes: holdMinutes })}</p>
      </Alert>
    </>
  );
}

export function BookingSummary({ ctx, b, location }: { ctx: Ctx; b: BookingView; location: LocationInfo | undefined }) {
  return (
    <DescriptionList
      rows={[
        [ctx.t("appt.sum.service"), <>{b.serviceName}{b.persons > 1 ? ` (${ctx.t("appt.persons", { n: b.persons })})` : ""}</>],
        [ctx.t("appt.sum.when"), <>{whenLabel(b.start, ctx)} {ctx.t("appt.until", { time: berlinTime(b.end) })}</>],
        [ctx.t("appt.sum.where"), <>{location ? `${location.name}${location.address ? `, ${location.address}` : ""}` : b.locationKey}</>],
        [ctx.t("appt.sum.for"), b.name],
        [ctx.t("appt.sum.code"), b.code],
      ]}
    />
  );
}

export function ConfirmPage({ ctx, b, location, token, cancel }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; cancel: string }) {
  return (
    <>
      <PageHeading>{ctx.t("appt.confirm.title")}</PageHeading>
      <BookingSummary ctx={ctx} b={b} location={location} />
      <form method="post" action={`/termine/buchung/${b.code}/bestaetigen`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="cancel" value={cancel} />
        <Button>{ctx.t("appt.confirm.button")}</Button>
      </form>
    </>
  );
}

/** The booking code as QR code, for check-in at the counter. */
function QrCode({ ctx, code, qr }: { ctx: Ctx; code: string; qr: string }) {
  return (
    <figure class="kp-qr">
      <img src={qr} width={184} height={184} alt={ctx.t("appt.qr.alt", { code })} />
      <figcaption class="kern-body">{ctx.t("appt.qr.caption", { code })}</figcaption>
    </figure>
  );
}

export function ConfirmedPage({ ctx, b, location, cancelUrl, qr, rescheduled }: { ctx: Ctx; b: BookingView; location: LocationInfo | undefined; cancelUrl: string; qr: string; rescheduled?: boolean }) {
  return (
    <>
      <PageHeading>{ctx.t(rescheduled ? "appt.done.titleMoved" : "appt.done.title")}</PageHeading>
      <Alert kind="success" title={ctx.t(rescheduled ? "appt.done.alertMoved" : "appt.done.alert")}>
        <p class="kern-body">{rescheduled ? `${ctx.t("appt.done.oldReleased")} ` : ""}{ctx.t("appt.done.text")}</p>
      </Alert>
      <BookingSummary ctx={ctx} b={b} location={location} />
      <QrCode ctx={ctx} code={b.code} qr={qr} />
      <p class="kern-body"><a class="kern-link" href={cancelUrl}>{ctx.t("appt.done.manage")}</a></p>
    </>
  );
}

export function ManagePage({ ctx, b, location, token, qr, owned = false }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; qr: string | undefined; /** A module's own service: moved and booked again there, not on /termine. */ owned?: boolean }) {
  const active = (b.status === "held" || b.status === "confirmed") && b.start > new Date();
  return (
    <>
      <PageHeading>{ctx.t("appt.manage.title")}</PageHeading>
      {!active && (
        <Alert kind="info" title={ctx.t("appt.manage.inactive")}>
          <p class="kern-body">{ctx.t(b.status === "releasing" || b.status === "cancelled" ? "appt.manage.cancelled" : b.status === "expired" ? "appt.manage.expired" : "appt.manage.over")}</p>
        </Alert>
      )}
      <BookingSummary ctx={ctx} b={b} location={location} />
      {active && qr && <QrCode ctx={ctx} code={b.code} qr={qr} />}
      {active && (
        <>
          {owned ? (
            <p class="kern-body">{ctx.t("appt.manage.owned")}</p>
          ) : (
            <>
              <h2 class="kern-heading-small">{ctx.t("appt.manage.move")}</h2>
              <p class="kern-body">{ctx.t("appt.manage.moveLead")}</p>
              <p class="kern-body"><a class="kern-link" href={`/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`}>{ctx.t("appt.manage.moveLink")}</a></p>
            </>
          )}
          <h2 class="kern-heading-small">{ctx.t("appt.manage.cancel")}</h2>
          <p class="kern-body"><a class="kern-link" href={`/termine/buchung/${b.code}/absagen?token=${encodeURIComponent(token)}`}>{ctx.t("appt.manage.cancelButton")}</a></p>
        </>
      )}
      {!active && (owned ? <p class="kern-body">{ctx.t("appt.manage.owned")}</p> : <p class="kern-body"><a class="kern-link" href={`/termine/${encodeURIComponent(b.locationKey)}/${b.leikaKey}`}>{ctx.t("appt.bookNew")}</a></p>)}
    </>
  );
}

/** Asks before cancelling (the manage page or "Meine Termine" links here); the POST button cancels, without JavaScript. */
export function CancelConfirmPage({ ctx, b, location, token, action, backHref }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token?: string; action?: string; backHref?: string }) {
  return (
    <>
      <PageHeading preline={b.serviceName}>{ctx.t("appt.cancel.title")}</PageHeading>
      <BookingSummary ctx={ctx} b={b} location={location} />
      <h2 class="kern-heading-small">{ctx.t("appt.cancel.question")}</h2>
      <p class="kern-body">{ctx.t("appt.cancel.lead")}</p>
      <form method="post" action={action ?? `/termine/buchung/${b.code}/absagen`}>
        <CsrfField token={ctx.csrfToken} />
        {token !== undefined && <input type="hidden" name="token" value={token} />}
        <Button>{ctx.t("appt.cancel.yes")}</Button>
      </form>
      <p class="kern-body"><a class="kern-link" href={backHref ?? `/termine/buchung/${b.code}?token=${encodeURIComponent(token ?? "")}`}>{ctx.t("appt.cancel.no")}</a></p>
    </>
  );
}

export function RescheduleConfirmPage({ ctx, b, location, token, slotId, start, end }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; slotId: string; start: Date; end: Date; error?: string }) {
  return (
    <>
      <PageHeading preline={b.serviceName}>{ctx.t("appt.move.title")}</PageHeading>
      <DescriptionList
        rows={[
          [ctx.t("appt.move.old"), <>{whenLabel(b.start, ctx)} {ctx.t("appt.until", { time: berlinTime(b.end) })}</>],
          [ctx.t("appt.move.new"), <><strong>{whenLabel(start, ctx)} {ctx.t("appt.until", { time: berlinTime(end) })}</strong></>],
          [ctx.t("appt.sum.where"), <>{location ? `${location.name}${location.address ? `, ${location.address}` : ""}` : b.locationKey}</>],
          [ctx.t("appt.sum.for"), b.name],
        ]}
      />
      <p class="kern-body">{ctx.t("appt.move.lead")}</p>
      <form method="post" action={`/termine/buchung/${b.code}/verschieben`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="slotId" value={slotId} />
        <Button>{ctx.t("appt.move.button")}</Button>
      </form>
      <p class="kern-body"><a class="kern-link" href={`/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`}>{ctx.t("appt.otherSlot")}</a></p>
    </>
  );
}

export function MessagePage({ title, kind, text, link }: { title: string; kind: "info" | "success" | "warning" | "danger"; text: string; link?: { href: string; label: string } }) {
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <Alert kind={kind} title={title}>
        <p class="kern-body">{text}</p>
      </Alert>
      {link && <p class="kern-body"><a class="kern-link" href={link.href}>{link.label}</a></p>}
    </>
  );
}
