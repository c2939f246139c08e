/** Citizen pages of appointment booking: no JavaScript needed (links and GET forms, POST for changes). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import type { ComputedSlot, LocationInfo, ServiceInfo, BookingView } from "../queries.js";
import { berlinDate, berlinTime } from "../time.js";
import { formatWhen } from "../mails.js";

const dayLabel = (date: string) =>
  new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T12:00:00Z`));

export function StartPage({ services, ags }: { ctx: ViewContext; services: Array<{ leikaKey: string; name: string; locations: number }>; ags: string | undefined }) {
  return (
    <>
      <PageHeading>Termin vereinbaren</PageHeading>
      <p class="kern-body">Wählen Sie die Leistung, für die Sie einen Termin brauchen. Ein Konto ist nicht nötig.</p>
      <ul class="kern-list">
        {services.map((s) => (
          <li>
            <a class="kern-link" href={`/termine/leistung/${s.leikaKey}${ags ? `?ags=${ags}` : ""}`}>{s.name}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function LocationsPage({ serviceName, locations, suggested, leikaKey }: { serviceName: string; locations: LocationInfo[]; suggested: string | undefined; leikaKey: string }) {
  const sorted = [...locations].sort((a, b) => (a.key === suggested ? -1 : b.key === suggested ? 1 : 0));
  return (
    <>
      <PageHeading preline={serviceName}>Ort wählen</PageHeading>
      {locations.length === 0 && <p class="kern-body">Für diese Leistung kann man noch keinen Termin online buchen.</p>}
      <ul class="kern-list">
        {sorted.map((l) => (
          <li>
            <a class="kern-link" href={`/termine/${encodeURIComponent(l.key)}/${leikaKey}`}>{l.name}</a>
            {l.address && <span class="kern-body"> – {l.address}</span>}
            {l.key === suggested && <strong class="kern-body"> (für Ihre Gemeinde zuständig)</strong>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CalendarPage({ location, service, slots, persons, day, slotHref, waitlistForm, ctx }: {
  ctx: ViewContext;
  location: LocationInfo;
  service: ServiceInfo;
  slots: ComputedSlot[];
  persons: number;
  day: string | undefined;
  slotHref: (s: ComputedSlot) => string;
  waitlistForm: FormState;
}) {
  const base = `/termine/${encodeURIComponent(location.key)}/${service.leikaKey}`;
  const byDay = new Map<string, ComputedSlot[]>();
  for (const s of slots) {
    const d = berlinDate(s.start);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const times = day ? byDay.get(day) ?? [] : [];
  return (
    <>
      <PageHeading preline={`${service.name} · ${location.name}`}>{day ? `Uhrzeit wählen: ${dayLabel(day)}` : "Tag wählen"}</PageHeading>
      <p class="kern-body">{location.address}</p>
      <form method="get" action={base} class="kp-inline-form">
        <div class="kern-form-input">
          <label class="kern-label" for="personen">Anzahl Personen</label>
          <div class="kern-hint" id="personen-hint">Bei mehreren Personen verlängert sich der Termin entsprechend ({service.durationMinutes} Minuten je Person).</div>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="personen" name="personen" aria-describedby="personen-hint">
              {Array.from({ length: service.maxPersons }, (_, i) => i + 1).map((n) => (
                <option value={String(n)} selected={n === persons}>{n}</option>
              ))}
            </select>
          </div>
        </div>
        {day && <input type="hidden" name="tag" value={day} />}
        <Button variant="secondary">Anzeigen</Button>
      </form>
      {!day && byDay.size > 0 && (
        <DataTable
          caption="Tage mit freien Terminen"
          head={["Tag", "Freie Zeiten", "Auswahl"]}
          rows={[...byDay].map(([d, list]) => [dayLabel(d), String(list.length), <a class="kern-link" href={`${base}?tag=${d}&personen=${persons}`}>Zeiten am {dayLabel(d)} ansehen</a>])}
        />
      )}
      {day && times.length > 0 && (
        <>
          <h2 class="kern-heading-small">Freie Zeiten</h2>
          <ul class="kern-list kp-slot-list">
            {times.map((s) => (
              <li>
                <a class="kern-link" href={slotHref(s)}>
                  {berlinTime(s.start)} bis {berlinTime(s.end)} Uhr
                </a>
              </li>
            ))}
          </ul>
          <p class="kern-body"><a class="kern-link" href={`${base}?personen=${persons}`}>Anderen Tag wählen</a></p>
        </>
      )}
      {(byDay.size === 0 || (day && times.length === 0)) && (
        <Alert kind="info" title="Keine freien Termine">
          <p class="kern-body">Im Buchungszeitraum ist {day ? "an diesem Tag " : ""}kein Termin frei.</p>
        </Alert>
      )}
      <h2 class="kern-heading-small">Warteliste</h2>
      <p class="kern-body">Kein passender Termin dabei? Wir schreiben Ihnen einmal, sobald ein Termin frei wird.</p>
      <form method="post" action={`${base}/warteliste`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <ErrorSummary form={waitlistForm} t={ctx.t} />
        <TextField name="email" label="E-Mail-Adresse" type="email" form={waitlistForm} autocomplete="email" required />
        <Button variant="secondary">Auf die Warteliste</Button>
      </form>
    </>
  );
}

export function BookForm({ ctx, form, slotId, location, service, start, end, persons }: { ctx: ViewContext; form: FormState; slotId: string; location: LocationInfo; service: ServiceInfo; start: Date; end: Date; persons: number }) {
  return (
    <>
      <PageHeading preline={`${service.name} · ${location.name}`}>Ihre Angaben</PageHeading>
      <ErrorSummary form={form} t={ctx.t} labels={{ name: "Name", email: "E-Mail-Adresse", slotId: "Termin" }} />
      <p class="kern-body">
        <strong>{formatWhen(start)}</strong> bis {berlinTime(end)} Uhr{persons > 1 ? `, ${persons} Personen` : ""}
      </p>
      <form method="post" action="/termine/buchen" novalidate data-altcha="/api/v1/appointments/challenge">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="slotId" value={slotId} />
        <input type="hidden" name="altcha" value="" />
        <TextField name="name" label="Vor- und Nachname" hint="Der Termin gilt nur für diese Person; bitte bringen Sie einen Lichtbildausweis mit." form={form} autocomplete="name" required maxLength={120} />
        <TextField name="email" label="E-Mail-Adresse" hint="Sie erhalten einen Link, mit dem Sie den Termin bestätigen." type="email" form={form} autocomplete="email" required />
        <p class="kern-body">Wir halten den Termin {location.holdMinutes} Minuten für Sie frei, bis Sie ihn über den Link in der E-Mail bestätigen.</p>
        <Button>Termin reservieren</Button>
      </form>
      <script src="/assets/appointments.js" defer></script>
    </>
  );
}

export function SentPage({ email, holdMinutes }: { email: string; holdMinutes: number }) {
  return (
    <>
      <PageHeading>Bitte bestätigen Sie Ihren Termin</PageHeading>
      <Alert kind="success" title="Termin reserviert">
        <p class="kern-body">Wir haben eine E-Mail an {email} gesendet. Öffnen Sie den Link darin innerhalb von {holdMinutes} Minuten, sonst wird der Termin wieder freigegeben.</p>
      </Alert>
    </>
  );
}

export function BookingSummary({ b, location }: { b: BookingView; location: LocationInfo | undefined }) {
  return (
    <dl class="kern-description-list">
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Leistung</dt><dd class="kern-description-list-item__value">{b.serviceName}{b.persons > 1 ? ` (${b.persons} Personen)` : ""}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Wann</dt><dd class="kern-description-list-item__value">{formatWhen(b.start)} bis {berlinTime(b.end)} Uhr</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Wo</dt><dd class="kern-description-list-item__value">{location ? `${location.name}${location.address ? `, ${location.address}` : ""}` : b.locationKey}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Für</dt><dd class="kern-description-list-item__value">{b.name}</dd></div>
      <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Buchungsnummer</dt><dd class="kern-description-list-item__value">{b.code}</dd></div>
    </dl>
  );
}

export function ConfirmPage({ ctx, b, location, token, cancel }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; cancel: string }) {
  return (
    <>
      <PageHeading>Termin bestätigen</PageHeading>
      <BookingSummary b={b} location={location} />
      <form method="post" action={`/termine/buchung/${b.code}/bestaetigen`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="cancel" value={cancel} />
        <Button>Termin verbindlich bestätigen</Button>
      </form>
    </>
  );
}

export function ConfirmedPage({ b, location, cancelUrl }: { b: BookingView; location: LocationInfo | undefined; cancelUrl: string }) {
  return (
    <>
      <PageHeading>Ihr Termin ist bestätigt</PageHeading>
      <Alert kind="success" title="Bestätigt">
        <p class="kern-body">Sie erhalten eine E-Mail mit dem Termin für Ihren Kalender. Am Tag vorher erinnern wir Sie.</p>
      </Alert>
      <BookingSummary b={b} location={location} />
      <p class="kern-body"><a class="kern-link" href={cancelUrl}>Termin absagen oder verschieben</a></p>
    </>
  );
}

export function ManagePage({ ctx, b, location, token }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string }) {
  const active = b.status === "held" || b.status === "confirmed";
  return (
    <>
      <PageHeading>Ihr Termin</PageHeading>
      {!active && (
        <Alert kind="info" title="Dieser Termin ist nicht mehr aktiv">
          <p class="kern-body">{b.status === "releasing" || b.status === "cancelled" ? "Der Termin wurde bereits abgesagt." : b.status === "expired" ? "Der Termin wurde nicht rechtzeitig bestätigt und ist verfallen." : "Der Termin ist bereits wahrgenommen oder abgeschlossen."}</p>
        </Alert>
      )}
      <BookingSummary b={b} location={location} />
      {active && (
        <form method="post" action={`/termine/buchung/${b.code}/absagen`}>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="token" value={token} />
          <p class="kern-body">Zum Verschieben sagen Sie diesen Termin ab und wählen danach einen neuen.</p>
          <Button variant="secondary" name="next" value="cancel">Termin absagen</Button>{" "}
          <Button variant="secondary" name="next" value="reschedule">Absagen und neuen Termin wählen</Button>
        </form>
      )}
      <p class="kern-body"><a class="kern-link" href={`/termine/${encodeURIComponent(b.locationKey)}/${b.leikaKey}`}>Neuen Termin buchen</a></p>
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
