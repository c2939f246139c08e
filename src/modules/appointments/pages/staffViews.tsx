/** Staff pages: locations, day view per counter, check-in, no-show, blocking time, CSV export. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, PageHeading } from "../../../platform/views/components.js";
import type { BookingView, LocationInfo } from "../queries.js";
import { addDays, berlinTime } from "../time.js";

export const STATUS_LABEL: Record<string, string> = {
  held: "reserviert (unbestätigt)",
  confirmed: "bestätigt",
  checked_in: "eingecheckt",
  no_show: "nicht erschienen",
  releasing: "abgesagt",
  cancelled: "abgesagt",
  expired: "verfallen",
};

export function StaffLocations({ locations, canCreate }: { locations: LocationInfo[]; canCreate: boolean }) {
  return (
    <>
      <PageHeading>Termine</PageHeading>
      {locations.length === 0 && <p class="kern-body">Sie sind keiner Stelle mit Terminbuchung zugeordnet.</p>}
      <ul class="kern-list">
        {locations.map((l) => (
          <li>
            <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(l.key)}`}>{l.name}</a>
            {!l.active && <span class="kern-body"> (Online-Buchung abgeschaltet)</span>}{" "}
            · <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(l.key)}/einstellungen`}>Bearbeiten<span class="kern-sr-only">: {l.name}</span></a>
          </li>
        ))}
      </ul>
      {canCreate && <p class="kern-body"><a class="kern-link" href="/verwaltung/termine/standort-anlegen">Weiteren Standort anlegen</a></p>}
    </>
  );
}

export function DayView({ ctx, location, day, bookings, counters, notice, checkInValue }: { ctx: ViewContext; location: LocationInfo; day: string; bookings: BookingView[]; counters: Array<{ id: string; name: string; active?: boolean }>; notice?: { kind: "success" | "danger"; text: string }; checkInValue?: string }) {
  const base = `/verwaltung/termine/${encodeURIComponent(location.key)}`;
  return (
    <>
      <PageHeading preline={location.name}>Tagesansicht {new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${day}T12:00:00Z`))}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <p class="kern-body">
        <a class="kern-link" href={`${base}?tag=${addDays(day, -1)}`}>Vorheriger Tag</a> · <a class="kern-link" href={`${base}?tag=${addDays(day, 1)}`}>Nächster Tag</a> ·{" "}
        <a class="kern-link" href={`${base}/export.csv?tag=${day}`}>CSV-Export</a> ·{" "}
        <a class="kern-link" href={`${base}/einstellungen`}>Standort, Öffnungszeiten und Leistungen bearbeiten</a>
      </p>
      {!location.active && <Alert kind="warning" title="Dieser Standort ist für Buchungen abgeschaltet." />}
      <h2 class="kern-heading-small">Einchecken</h2>
      <form method="post" action={`${base}/einchecken`} data-qr-scan="code">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="tag" value={day} />
        <div class="kern-form-input">
          <label class="kern-label" for="code">Buchungsnummer oder QR-Code</label>
          <div class="kern-hint" id="code-hint">Steht in der Bestätigungs-E-Mail. Den QR-Code mit dem Handscanner in dieses Feld scannen. Bitte den Namen mit dem Ausweis abgleichen.</div>
          <input class="kern-form-input__input kern-form-input__input--width-4" id="code" name="code" value={checkInValue ?? ""} aria-describedby="code-hint" autocomplete="off" autocapitalize="characters" spellcheck={false} required autofocus />
        </div>
        <Button>Einchecken</Button>
      </form>
      <script src="/assets/appointments-staff.js" defer></script>
      {counters.map((c) => {
        const list = bookings.filter((b) => b.counterId === c.id);
        return (
          <>
            <h2 class="kern-heading-small">{c.name}</h2>
            {list.length === 0 ? (
              <p class="kern-body">Keine Termine.</p>
            ) : (
              <DataTable
                caption={`Termine ${c.name}`}
                head={["Zeit", "Buchungsnummer", "Name", "Leistung", "Personen", "Status", "Aktion"]}
                rows={list.map((b) => [
                  `${berlinTime(b.start)}–${berlinTime(b.end)}`,
                  b.code,
                  b.name,
                  b.serviceName,
                  String(b.persons),
                  STATUS_LABEL[b.status] ?? b.status,
                  b.status === "confirmed" ? (
                    <form method="post" action={`${base}/nichterschienen`}>
                      <CsrfField token={ctx.csrfToken} />
                      <input type="hidden" name="code" value={b.code} />
                      <input type="hidden" name="tag" value={day} />
                      <Button variant="tertiary">Nicht erschienen ({b.code})</Button>
                    </form>
                  ) : (
                    ""
                  ),
                ])}
              />
            )}
          </>
        );
      })}
      <h2 class="kern-heading-small">Zeit sperren</h2>
      <form method="post" action={`${base}/sperren`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="tag" value={day} />
        <div class="kern-form-input">
          <label class="kern-label" for="counter">Schalter</label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="counter" name="counter">
              <option value="">Alle Schalter</option>
              {counters.map((c) => <option value={c.id}>{c.name}</option>)}
            </select>
          </div>
        </div>
        <div class="kern-form-input"><label class="kern-label" for="from">Von (Uhrzeit, z. B. 09:00)</label><input class="kern-form-input__input kern-form-input__input--width-4" id="from" name="from" pattern="[0-9]{2}:[0-9]{2}" required /></div>
        <div class="kern-form-input"><label class="kern-label" for="to">Bis (Uhrzeit)</label><input class="kern-form-input__input kern-form-input__input--width-4" id="to" name="to" pattern="[0-9]{2}:[0-9]{2}" required /></div>
        <div class="kern-form-input"><label class="kern-label" for="reason">Grund</label><input class="kern-form-input__input" id="reason" name="reason" maxLength={200} required /></div>
        <Button variant="secondary">Zeit sperren</Button>
      </form>
    </>
  );
}
