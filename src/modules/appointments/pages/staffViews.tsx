/** Staff pages: locations, day view per counter, check-in, no-show, blocking time, CSV export. */
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, PageHeading } from "../../../platform/views/components.js";
import type { BookingView, LocationInfo } from "../queries.js";
import { addDays, berlinTime } from "../time.js";
import { dayLabel } from "./citizenViews.js";

/** Status labels of the CSV export (German, like its column names). */
export const STATUS_LABEL: Record<string, string> = {
  held: "reserviert (unbestätigt)",
  confirmed: "bestätigt",
  checked_in: "eingecheckt",
  no_show: "nicht erschienen",
  releasing: "abgesagt",
  cancelled: "abgesagt",
  expired: "verfallen",
};

export function StaffLocations({ ctx, locations, canCreate }: { ctx: ViewContext; locations: LocationInfo[]; canCreate: boolean }) {
  return (
    <>
      <PageHeading>{ctx.t("appt.staff.title")}</PageHeading>
      {locations.length === 0 && <p class="kern-body">{ctx.t("appt.staff.none")}</p>}
      <ul class="kern-list">
        {locations.map((l) => (
          <li>
            <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(l.key)}`}>{l.name}</a>
            {!l.active && <span class="kern-body"> ({ctx.t("appt.staff.off")})</span>}{" "}
            · <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(l.key)}/einstellungen`}>{ctx.t("appt.staff.edit")}<span class="kern-sr-only">: {l.name}</span></a>
          </li>
        ))}
      </ul>
      {canCreate && <p class="kern-body"><a class="kern-link" href="/verwaltung/termine/standort-anlegen">{ctx.t("appt.staff.create")}</a></p>}
    </>
  );
}

export function DayView({ ctx, location, day, bookings, counters, notice, checkInValue }: { ctx: ViewContext; location: LocationInfo; day: string; bookings: BookingView[]; counters: Array<{ id: string; name: string; active?: boolean }>; notice?: { kind: "success" | "danger"; text: string }; checkInValue?: string }) {
  const base = `/verwaltung/termine/${encodeURIComponent(location.key)}`;
  return (
    <>
      <PageHeading preline={location.name}>{ctx.t("appt.day.title", { day: dayLabel(day, ctx.locale) })}</PageHeading>
      {notice && <Alert kind={notice.kind} title={notice.text} />}
      <p class="kern-body">
        <a class="kern-link" href={`${base}?tag=${addDays(day, -1)}`}>{ctx.t("appt.day.prev")}</a> · <a class="kern-link" href={`${base}?tag=${addDays(day, 1)}`}>{ctx.t("appt.day.next")}</a> ·{" "}
        <a class="kern-link" href={`${base}/export.csv?tag=${day}`}>{ctx.t("appt.day.csv")}</a> ·{" "}
        <a class="kern-link" href={`${base}/einstellungen`}>{ctx.t("appt.day.edit")}</a>
      </p>
      {!location.active && <Alert kind="warning" title={ctx.t("appt.day.off")} />}
      <section class="kp-section" aria-labelledby="abschnitt-einchecken"><h2 class="kern-heading-small" id="abschnitt-einchecken">{ctx.t("appt.day.checkIn")}</h2>
      <form method="post" action={`${base}/einchecken`} data-qr-scan="code">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="tag" value={day} />
        <div class="kern-form-input">
          <label class="kern-label" for="code">{ctx.t("appt.day.code")}</label>
          <div class="kern-hint" id="code-hint">{ctx.t("appt.day.codeHint")}</div>
          <input class="kern-form-input__input kern-form-input__input--width-4" id="code" name="code" value={checkInValue ?? ""} aria-describedby="code-hint" autocomplete="off" autocapitalize="characters" spellcheck={false} required autofocus />
        </div>
        <Button>{ctx.t("appt.day.checkIn")}</Button>
      </form>
      </section>
      <script src="/assets/appointments-staff.js" defer></script>
      {counters.map((c) => {
        const list = bookings.filter((b) => b.counterId === c.id);
        return (
          <section class="kp-section" aria-labelledby={`abschnitt-schalter-${c.id}`}><h2 class="kern-heading-small" id={`abschnitt-schalter-${c.id}`}>{c.name}</h2>
            {list.length === 0 ? (
              <p class="kern-body">{ctx.t("appt.day.empty")}</p>
            ) : (
              <DataTable
                caption={ctx.t("appt.day.caption", { counter: c.name })}
                head={[ctx.t("appt.day.colTime"), ctx.t("appt.sum.code"), ctx.t("appt.book.nameShort"), ctx.t("appt.sum.service"), ctx.t("appt.day.colPersons"), ctx.t("appt.day.colStatus"), ctx.t("appt.day.colAction")]}
                rows={list.map((b) => [
                  `${berlinTime(b.start)}–${berlinTime(b.end)}`,
                  b.code,
                  b.name,
                  b.serviceName,
                  String(b.persons),
                  ctx.t(`appt.status.${b.status}`),
                  b.status === "confirmed" ? (
                    <form method="post" action={`${base}/nichterschienen`}>
                      <CsrfField token={ctx.csrfToken} />
                      <input type="hidden" name="code" value={b.code} />
                      <input type="hidden" name="tag" value={day} />
                      <Button variant="tertiary">{ctx.t("appt.day.noShow", { code: b.code })}</Button>
                    </form>
                  ) : (
                    ""
                  ),
                ])}
              />
            )}
          </section>
        );
      })}
      <section class="kp-section" aria-labelledby="abschnitt-sperren"><h2 class="kern-heading-small" id="abschnitt-sperren">{ctx.t("appt.day.block")}</h2>
      <form method="post" action={`${base}/sperren`}>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="tag" value={day} />
        <div class="kern-form-input">
          <label class="kern-label" for="counter">{ctx.t("appt.edit.counter")}</label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="counter" name="counter">
              <option value="">{ctx.t("appt.day.allCounters")}</option>
              {counters.map((c) => <option value={c.id}>{c.name}</option>)}
            </select>
          </div>
        </div>
        <div class="kern-form-input"><label class="kern-label" for="from">{ctx.t("appt.day.from")}</label><input class="kern-form-input__input kern-form-input__input--width-4" id="from" name="from" pattern="[0-9]{2}:[0-9]{2}" required /></div>
        <div class="kern-form-input"><label class="kern-label" for="to">{ctx.t("appt.day.to")}</label><input class="kern-form-input__input kern-form-input__input--width-4" id="to" name="to" pattern="[0-9]{2}:[0-9]{2}" required /></div>
        <div class="kern-form-input"><label class="kern-label" for="reason">{ctx.t("appt.edit.reason")}</label><input class="kern-form-input__input" id="reason" name="reason" maxLength={200} required /></div>
        <Button variant="secondary">{ctx.t("appt.day.block")}</Button>
      </form>
      </section>
    </>
  );
}
