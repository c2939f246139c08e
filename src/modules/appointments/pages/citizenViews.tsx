/** Citizen pages of appointment booking: no JavaScript needed (links and GET forms, POST for changes). */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, ErrorSummary, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import { bookingMinutes, type ComputedSlot, type LocationInfo, type ServiceInfo, type BookingView } from "../queries.js";
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
      <PageHeading preline={`${services.map((s) => s.name).join(" + ")} · ${location.name}`}>{reschedule ? (day ? `Neue Uhrzeit wählen: ${dayLabel(day)}` : "Termin verschieben: neuen Tag wählen") : day ? `Uhrzeit wählen: ${dayLabel(day)}` : "Tag wählen"}</PageHeading>
      <p class="kern-body">{location.address}</p>
      {reschedule && (
        <p class="kern-body">
          Ihr bisheriger Termin: <strong>{formatWhen(reschedule.current)}</strong>. Er bleibt bestehen, bis Sie einen neuen Termin bestätigt haben.
        </p>
      )}
      <p class="kern-body">Dauer des Termins: {minutes} Minuten{persons > 1 ? ` (${persons} Personen)` : ""}.</p>
      {!reschedule && (
        <form method="get" action={base} class="kp-inline-form">
          <div class="kern-form-input">
            <label class="kern-label" for="personen">Anzahl Personen</label>
            <div class="kern-hint" id="personen-hint">Bei mehreren Personen verlängert sich der Termin entsprechend ({services.reduce((n, s) => n + s.durationMinutes, 0)} Minuten je Person).</div>
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
              <legend class="kern-label">Weitere Anliegen im selben Termin</legend>
              <div class="kern-hint" id="zusatz-hint">Die Dauer der gewählten Leistungen wird zusammengezählt.</div>
              <div class="kern-fieldset__body">
                {offered.map((o) => (
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" id={`zusatz-${o.leikaKey}`} name="zusatz" value={o.leikaKey} checked={extras.some((e) => e.leikaKey === o.leikaKey)} aria-describedby="zusatz-hint" />
                    <label class="kern-label" for={`zusatz-${o.leikaKey}`}>{o.name} ({o.durationMinutes} Minuten je Person)</label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
          {day && <input type="hidden" name="tag" value={day} />}
          <Button variant="secondary">Anzeigen</Button>
        </form>
      )}
      {!day && byDay.size > 0 && (
        <DataTable
          caption="Tage mit freien Terminen"
          head={["Tag", "Freie Zeiten", "Auswahl"]}
          rows={[...byDay].map(([d, list]) => [dayLabel(d), String(list.length), <a class="kern-link" href={`${base}?tag=${d}&${keep}`}>Zeiten am {dayLabel(d)} ansehen</a>])}
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
          <p class="kern-body"><a class="kern-link" href={`${base}?${keep}`}>Anderen Tag wählen</a></p>
        </>
      )}
      {(byDay.size === 0 || (day && times.length === 0)) && (
        <Alert kind="info" title="Keine freien Termine">
          <p class="kern-body">Im Buchungszeitraum ist {day ? "an diesem Tag " : ""}kein Termin frei.</p>
        </Alert>
      )}
      {reschedule ? (
        <p class="kern-body"><a class="kern-link" href={reschedule.backHref}>Zurück zu Ihrem Termin (nichts ändern)</a></p>
      ) : (
        <>
          <h2 class="kern-heading-small">Warteliste</h2>
          <p class="kern-body">Kein passender Termin dabei? Wir schreiben Ihnen einmal, sobald ein Termin frei wird.</p>
          <form method="post" action={`${base}/warteliste`} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <ErrorSummary form={waitlistForm} t={ctx.t} />
            <TextField name="email" label="E-Mail-Adresse" type="email" form={waitlistForm} autocomplete="email" required />
            <Button variant="secondary">Auf die Warteliste</Button>
          </form>
        </>
      )}
    </>
  );
}

export function BookForm({ ctx, form, slotId, location, services, start, end, persons }: { ctx: ViewContext; form: FormState; slotId: string; location: LocationInfo; services: ServiceInfo[]; start: Date; end: Date; persons: number }) {
  return (
    <>
      <PageHeading preline={`${services.map((s) => s.name).join(" + ")} · ${location.name}`}>Ihre Angaben</PageHeading>
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

/** The booking code as QR code, for check-in at the counter. */
function QrCode({ code, qr }: { code: string; qr: string }) {
  return (
    <figure class="kp-qr">
      <img src={qr} width={184} height={184} alt={`QR-Code der Buchungsnummer ${code}`} />
      <figcaption class="kern-body">Zeigen Sie diesen QR-Code oder nennen Sie die Buchungsnummer {code} am Schalter.</figcaption>
    </figure>
  );
}

export function ConfirmedPage({ b, location, cancelUrl, qr, rescheduled }: { b: BookingView; location: LocationInfo | undefined; cancelUrl: string; qr: string; rescheduled?: boolean }) {
  return (
    <>
      <PageHeading>{rescheduled ? "Ihr Termin ist verschoben" : "Ihr Termin ist bestätigt"}</PageHeading>
      <Alert kind="success" title={rescheduled ? "Verschoben" : "Bestätigt"}>
        <p class="kern-body">{rescheduled ? "Der bisherige Termin ist freigegeben. " : ""}Sie erhalten eine E-Mail mit dem Termin für Ihren Kalender und dem QR-Code. Am Tag vorher erinnern wir Sie.</p>
      </Alert>
      <BookingSummary b={b} location={location} />
      <QrCode code={b.code} qr={qr} />
      <p class="kern-body"><a class="kern-link" href={cancelUrl}>Termin absagen oder verschieben</a></p>
    </>
  );
}

export function ManagePage({ ctx, b, location, token, qr }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; qr: string | undefined }) {
  const active = (b.status === "held" || b.status === "confirmed") && b.start > new Date();
  return (
    <>
      <PageHeading>Ihr Termin</PageHeading>
      {!active && (
        <Alert kind="info" title="Dieser Termin ist nicht mehr aktiv">
          <p class="kern-body">{b.status === "releasing" || b.status === "cancelled" ? "Der Termin wurde bereits abgesagt oder verschoben." : b.status === "expired" ? "Der Termin wurde nicht rechtzeitig bestätigt und ist verfallen." : "Der Termin ist bereits wahrgenommen oder abgeschlossen."}</p>
        </Alert>
      )}
      <BookingSummary b={b} location={location} />
      {active && qr && <QrCode code={b.code} qr={qr} />}
      {active && (
        <>
          <h2 class="kern-heading-small">Verschieben</h2>
          <p class="kern-body">Sie wählen einen neuen Termin; der bisherige bleibt bestehen, bis der neue bestätigt ist.</p>
          <p class="kern-body"><a class="kern-link" href={`/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`}>Neuen Termin wählen</a></p>
          <h2 class="kern-heading-small">Absagen</h2>
          <form method="post" action={`/termine/buchung/${b.code}/absagen`}>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="token" value={token} />
            <Button variant="secondary" name="next" value="cancel">Termin absagen</Button>
          </form>
        </>
      )}
      {!active && <p class="kern-body"><a class="kern-link" href={`/termine/${encodeURIComponent(b.locationKey)}/${b.leikaKey}`}>Neuen Termin buchen</a></p>}
    </>
  );
}

export function RescheduleConfirmPage({ ctx, b, location, token, slotId, start, end }: { ctx: ViewContext; b: BookingView; location: LocationInfo | undefined; token: string; slotId: string; start: Date; end: Date; error?: string }) {
  return (
    <>
      <PageHeading preline={b.serviceName}>Neuen Termin bestätigen</PageHeading>
      <dl class="kern-description-list">
        <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Bisher</dt><dd class="kern-description-list-item__value">{formatWhen(b.start)} bis {berlinTime(b.end)} Uhr</dd></div>
        <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Neu</dt><dd class="kern-description-list-item__value"><strong>{formatWhen(start)} bis {berlinTime(end)} Uhr</strong></dd></div>
        <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Wo</dt><dd class="kern-description-list-item__value">{location ? `${location.name}${location.address ? `, ${location.address}` : ""}` : b.locationKey}</dd></div>
        <div class="kern-description-list-item"><dt class="kern-description-list-item__key">Für</dt><dd class="kern-description-list-item__value">{b.name}</dd></div>
      </dl>
      <p class="kern-body">Mit der Bestätigung gilt der neue Termin und der bisherige wird freigegeben. Gelingt das nicht, bleibt der bisherige Termin bestehen.</p>
      <form method="post" action={`/termine/buchung/${b.code}/verschieben`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="slotId" value={slotId} />
        <Button>Termin verschieben</Button>
      </form>
      <p class="kern-body"><a class="kern-link" href={`/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`}>Anderen Termin wählen</a></p>
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
