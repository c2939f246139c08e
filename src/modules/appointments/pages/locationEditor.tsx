/**
 * Staff editing of a location (/verwaltung/termine/{location}/einstellungen): settings and booking
 * horizon, services with durations, counters, weekly hours, closures; and (administrators) new
 * locations. No JavaScript; each form validates on the server, keeps its values and shows an
 * error summary; every change is an audited command (commands/locationEditor.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, emptyForm, ErrorSummary, PageHeading, TextField, type FormState } from "../../../platform/views/components.js";
import { authorizeManage, canCreateLocation } from "../policies.js";
import { countersOf, findLocation, hoursOf, servicesAt, upcomingClosures, type LocationInfo, type ServiceInfo } from "../queries.js";
import { closureRemover, counterCreator, counterRetirer, hoursAdder, hoursRemover, locationCreator, locationSettingsSaver, serviceRemover, serviceSaver } from "../commands/locationEditor.js";
import { timeBlocker } from "../commands/staffActions.js";
import { addDays, berlinDate, berlinTime, berlinToUtc, isDate } from "../time.js";
import { ForbiddenError } from "../../../platform/auth/guards.js";

export const WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const FORMS = ["settings", "service", "counter", "hours", "closure"] as const;
type FormName = (typeof FORMS)[number];
const NOTICES: Record<string, string> = {
  settings: "Einstellungen gespeichert.",
  service: "Leistung gespeichert.",
  "service-removed": "Leistung entfernt.",
  counter: "Schalter angelegt. Er bietet Termine an, sobald er Öffnungszeiten hat.",
  "counter-retired": "Schalter stillgelegt.",
  hours: "Öffnungszeit hinzugefügt.",
  "hours-removed": "Öffnungszeit entfernt.",
  closure: "Schließzeit eingetragen.",
  "closure-removed": "Schließzeit entfernt.",
  created: "Standort angelegt. Legen Sie Leistungen, Schalter und Öffnungszeiten an.",
};

/** Whole number within [min, max], else undefined. */
const int = (s: string, min: number, max: number) => (/^\d{1,6}$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined);

interface EditorData {
  location: LocationInfo;
  services: ServiceInfo[];
  counters: Array<{ id: string; name: string; active: boolean }>;
  hours: Awaited<ReturnType<typeof hoursOf>>;
  closures: Awaited<ReturnType<typeof upcomingClosures>>;
}

export async function locationEditorPages(app: FastifyInstance) {
  const { db } = app.deps;
  type Req = FastifyRequest<{ Params: { loc: string } }>;
  const cmd = (req: FastifyRequest) => ({ actor: req.actor(), db, requestId: req.id });

  const load = async (req: Req) => {
    const location = await findLocation(db, req.params.loc, { includeInactive: true });
    authorizeManage(req.user, location);
    return location;
  };
  const render = async (req: Req, reply: FastifyReply, location: LocationInfo, failed?: { form: FormName; state: FormState }, notice?: string) => {
    const [services, counters, hours, closures] = await Promise.all([servicesAt(db, location.key), countersOf(db, location.key, { activeOnly: true }), hoursOf(db, location.key), upcomingClosures(db, location.key)]);
    const forms = Object.fromEntries(FORMS.map((f) => [f, failed?.form === f ? failed.state : emptyForm()])) as Record<FormName, FormState>;
    if (failed?.form !== "settings") forms.settings = emptyForm({ horizon: String(location.horizonDays), lead: String(location.minLeadMinutes), grid: String(location.slotMinutes), hold: String(location.holdMinutes), active: location.active ? "1" : "" });
    return reply.page(`Einstellungen ${location.name}`, (ctx) => <EditorPage ctx={ctx} data={{ location, services, counters, hours, closures }} forms={forms} notice={notice} />, { status: failed ? 422 : 200, noindex: true });
  };
  const done = (reply: FastifyReply, location: LocationInfo, ok: string) => reply.redirect(`/verwaltung/termine/${encodeURIComponent(location.key)}/einstellungen?ok=${ok}`, 303);
  const base = "/verwaltung/termine/:loc/einstellungen";

  app.get<{ Params: { loc: string }; Querystring: { ok?: string } }>(base, { preHandler: requireStaff }, async (req, reply) => render(req, reply, await load(req), undefined, NOTICES[String(req.query.ok ?? "")]));

  app.post<{ Params: { loc: string } }>(`${base}/standort`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["horizon", "lead", "grid", "hold", "active"] as const);
    const errors: Record<string, string> = {};
    const horizon = int(v.horizon, 1, 365);
    const lead = int(v.lead, 0, 10080);
    const grid = int(v.grid, 5, 120);
    const hold = int(v.hold, 1, 60);
    if (horizon === undefined) errors.horizon = "Bitte eine ganze Zahl von 1 bis 365 Tagen angeben.";
    if (lead === undefined) errors.lead = "Bitte eine ganze Zahl von 0 bis 10080 Minuten angeben.";
    if (grid === undefined) errors.grid = "Bitte eine ganze Zahl von 5 bis 120 Minuten angeben.";
    if (hold === undefined) errors.hold = "Bitte eine ganze Zahl von 1 bis 60 Minuten angeben.";
    if (Object.keys(errors).length) return render(req, reply, location, { form: "settings", state: { values: v, errors } });
    await locationSettingsSaver(cmd(req), { location: location.key, horizonDays: horizon!, minLeadMinutes: lead!, slotMinutes: grid!, holdMinutes: hold!, active: v.active === "1" });
    return done(reply, location, "settings");
  });

  app.post<{ Params: { loc: string } }>(`${base}/leistung`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["leikaKey", "serviceName", "duration", "maxPersons"] as const);
    const errors: Record<string, string> = {};
    const catalogue = /^\d{14}$/.test(v.leikaKey) ? await db.selectFrom("services").select("name").where("leika_key", "=", v.leikaKey).executeTakeFirst() : undefined;
    if (!/^\d{14}$/.test(v.leikaKey)) errors.leikaKey = "Bitte den 14-stelligen LeiKa-Schlüssel angeben, zum Beispiel 99008001012000.";
    else if (!catalogue && !v.serviceName) errors.leikaKey = "Diesen LeiKa-Schlüssel gibt es im Leistungskatalog nicht. Bitte prüfen Sie ihn oder geben Sie einen Namen an.";
    const name = v.serviceName || catalogue?.name || "";
    if (name.length > 200) errors.serviceName = "Der Name darf höchstens 200 Zeichen lang sein.";
    const duration = int(v.duration, 5, 240);
    const maxPersons = int(v.maxPersons, 1, 10);
    if (duration === undefined) errors.duration = "Bitte die Dauer je Person als ganze Zahl von 5 bis 240 Minuten angeben.";
    if (maxPersons === undefined) errors.maxPersons = "Bitte eine ganze Zahl von 1 bis 10 angeben.";
    if (Object.keys(errors).length) return render(req, reply, location, { form: "service", state: { values: v, errors } });
    await serviceSaver(cmd(req), { location: location.key, leikaKey: v.leikaKey, name, durationMinutes: duration!, maxPersons: maxPersons! });
    return done(reply, location, "service");
  });

  app.post<{ Params: { loc: string } }>(`${base}/leistung-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { leikaKey } = readForm(req.body, ["leikaKey"] as const);
    const r = await serviceRemover(cmd(req), { location: location.key, leikaKey });
    if (!r.ok) return render(req, reply, location, { form: "service", state: { values: {}, errors: { leikaKey: "Diese Leistung wird hier nicht (mehr) angeboten." } } });
    return done(reply, location, "service-removed");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schalter`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["counterName"] as const);
    if (!v.counterName || v.counterName.length > 60) return render(req, reply, location, { form: "counter", state: { values: v, errors: { counterName: "Bitte einen Namen mit höchstens 60 Zeichen angeben, zum Beispiel „Schalter 3“." } } });
    const r = await counterCreator(cmd(req), { location: location.key, name: v.counterName });
    if (!r.ok) return render(req, reply, location, { form: "counter", state: { values: v, errors: { counterName: "Einen Schalter mit diesem Namen gibt es hier schon." } } });
    return done(reply, location, "counter");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schalter-stilllegen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { counterId } = readForm(req.body, ["counterId"] as const);
    const r = /^[0-9a-f-]{36}$/.test(counterId) ? await counterRetirer(cmd(req), { location: location.key, counterId }) : ({ ok: false, reason: "not_found" } as const);
    if (!r.ok) return render(req, reply, location, { form: "counter", state: { values: {}, errors: { counterName: r.reason === "has_bookings" ? "Dieser Schalter hat noch künftige Termine. Bitte sagen Sie diese ab oder warten Sie, bis sie vorbei sind." : "Diesen Schalter gibt es nicht (mehr)." } } });
    return done(reply, location, "counter-retired");
  });

  app.post<{ Params: { loc: string } }>(`${base}/zeiten`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["hoursCounter", "weekday", "opens", "closes"] as const);
    const counters = await countersOf(db, location.key, { activeOnly: true });
    const errors: Record<string, string> = {};
    const weekday = int(v.weekday, 1, 7);
    if (!counters.some((c) => c.id === v.hoursCounter)) errors.hoursCounter = "Bitte einen Schalter wählen.";
    if (weekday === undefined) errors.weekday = "Bitte einen Wochentag wählen.";
    if (!TIME.test(v.opens)) errors.opens = "Bitte die Uhrzeit als SS:MM angeben, zum Beispiel 08:00.";
    if (!TIME.test(v.closes)) errors.closes = "Bitte die Uhrzeit als SS:MM angeben, zum Beispiel 12:00.";
    else if (TIME.test(v.opens) && v.closes <= v.opens) errors.closes = "Das Ende muss nach dem Beginn liegen.";
    if (Object.keys(errors).length) return render(req, reply, location, { form: "hours", state: { values: v, errors } });
    const r = await hoursAdder(cmd(req), { location: location.key, counterId: v.hoursCounter, weekday: weekday!, opens: v.opens, closes: v.closes });
    if (!r.ok) return render(req, reply, location, { form: "hours", state: { values: v, errors: r.reason === "overlap" ? { opens: "Diese Zeit überschneidet sich mit einer Öffnungszeit desselben Schalters am selben Tag." } : { hoursCounter: "Diesen Schalter gibt es nicht (mehr)." } } });
    return done(reply, location, "hours");
  });

  app.post<{ Params: { loc: string } }>(`${base}/zeiten-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["counterId", "weekday", "opens"] as const);
    const weekday = int(v.weekday, 1, 7);
    const r = weekday && TIME.test(v.opens) && /^[0-9a-f-]{36}$/.test(v.counterId) ? await hoursRemover(cmd(req), { location: location.key, counterId: v.counterId, weekday, opens: v.opens }) : ({ ok: false } as const);
    if (!r.ok) return render(req, reply, location, { form: "hours", state: { values: {}, errors: { hoursCounter: "Diese Öffnungszeit gibt es nicht (mehr)." } } });
    return done(reply, location, "hours-removed");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schliessung`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["closureCounter", "closureFrom", "closureTo", "closureReason"] as const);
    const counters = await countersOf(db, location.key, { activeOnly: true });
    const errors: Record<string, string> = {};
    if (v.closureCounter && !counters.some((c) => c.id === v.closureCounter)) errors.closureCounter = "Bitte einen Schalter oder „Ganzer Standort“ wählen.";
    if (!isDate(v.closureFrom)) errors.closureFrom = "Bitte ein Datum als JJJJ-MM-TT angeben, zum Beispiel 2026-12-24.";
    if (!isDate(v.closureTo)) errors.closureTo = "Bitte ein Datum als JJJJ-MM-TT angeben.";
    else if (isDate(v.closureFrom) && v.closureTo < v.closureFrom) errors.closureTo = "Das Ende darf nicht vor dem Beginn liegen.";
    else if (isDate(v.closureFrom) && v.closureTo > addDays(v.closureFrom, 366)) errors.closureTo = "Eine Schließzeit darf höchstens ein Jahr lang sein.";
    if (!v.closureReason || v.closureReason.length > 200) errors.closureReason = "Bitte einen Grund mit höchstens 200 Zeichen angeben, zum Beispiel „Betriebsausflug“.";
    if (Object.keys(errors).length) return render(req, reply, location, { form: "closure", state: { values: v, errors } });
    // Whole Berlin days, from the first day's midnight to the midnight after the last.
    await timeBlocker(cmd(req), { location: location.key, counterId: v.closureCounter || null, start: berlinToUtc(v.closureFrom, 0), end: berlinToUtc(addDays(v.closureTo, 1), 0), reason: v.closureReason });
    return done(reply, location, "closure");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schliessung-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { closureId } = readForm(req.body, ["closureId"] as const);
    const r = /^[0-9a-f-]{36}$/.test(closureId) ? await closureRemover(cmd(req), { location: location.key, closureId }) : ({ ok: false } as const);
    if (!r.ok) return render(req, reply, location, { form: "closure", state: { values: {}, errors: { closureReason: "Diese Schließzeit gibt es nicht (mehr)." } } });
    return done(reply, location, "closure-removed");
  });

  // Administrators: offer appointments at a further org unit.
  app.post("/verwaltung/termine/standort-anlegen", { preHandler: requireStaff }, async (req, reply) => {
    if (!canCreateLocation(req.user)) throw new ForbiddenError("Nur Administratoren legen Standorte an");
    const { orgUnitKey } = readForm(req.body, ["orgUnitKey"] as const);
    const unit = /^[a-z0-9-]{2,100}$/.test(orgUnitKey) ? await db.selectFrom("org_units").select(["id", "key"]).where("key", "=", orgUnitKey).executeTakeFirst() : undefined;
    const fail = (text: string) => reply.page("Standort anlegen", (ctx) => <CreateLocationPage ctx={ctx} form={{ values: { orgUnitKey }, errors: { orgUnitKey: text } }} />, { status: 422 });
    if (!unit) return fail("Diese Organisationseinheit gibt es nicht. Bitte den Schlüssel angeben, zum Beispiel gem-08236040.");
    const r = await locationCreator(cmd(req), { orgUnitId: unit.id, key: unit.key });
    if (!r.ok) return fail("Diese Organisationseinheit bietet schon Termine an.");
    return reply.redirect(`/verwaltung/termine/${encodeURIComponent(unit.key)}/einstellungen?ok=created`, 303);
  });
  app.get("/verwaltung/termine/standort-anlegen", { preHandler: requireStaff }, async (req, reply) => {
    if (!canCreateLocation(req.user)) throw new ForbiddenError("Nur Administratoren legen Standorte an");
    return reply.page("Standort anlegen", (ctx) => <CreateLocationPage ctx={ctx} form={emptyForm()} />);
  });
}

const LABELS: Record<string, string> = {
  horizon: "Buchungszeitraum", lead: "Vorlauf", grid: "Raster", hold: "Reservierung",
  leikaKey: "LeiKa-Schlüssel", serviceName: "Name der Leistung", duration: "Dauer", maxPersons: "Personen",
  counterName: "Schalter", hoursCounter: "Schalter", weekday: "Wochentag", opens: "Von", closes: "Bis",
  closureCounter: "Schalter", closureFrom: "Erster Tag", closureTo: "Letzter Tag", closureReason: "Grund",
  orgUnitKey: "Organisationseinheit",
};

function Select({ name, label, form, options, hint }: { name: string; label: string; form: FormState; options: Array<{ value: string; label: string }>; hint?: string }) {
  const error = form.errors[name];
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label class="kern-label" for={name}>{label}</label>
      {hint && <div class="kern-hint" id={`${name}-hint`}>{hint}</div>}
      {error && (
        <p class="kern-error" id={`${name}-error`} role="alert">
          <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
          <span class="kern-body">{error}</span>
        </p>
      )}
      <div class="kern-form-input__select-wrapper">
        <select class={`kern-form-input__select${error ? " kern-form-input__select--error" : ""}`} id={name} name={name} aria-describedby={describedBy} aria-invalid={error ? "true" : undefined}>
          {options.map((o) => <option value={o.value} selected={form.values[name] === o.value}>{o.label}</option>)}
        </select>
      </div>
    </div>
  );
}

function RowButton({ ctx, action, fields, label }: { ctx: ViewContext; action: string; fields: Record<string, string>; label: string }) {
  return (
    <form method="post" action={action}>
      <CsrfField token={ctx.csrfToken} />
      {Object.entries(fields).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <Button variant="tertiary">{label}</Button>
    </form>
  );
}

export function EditorPage({ ctx, data, forms, notice }: { ctx: ViewContext; data: EditorData; forms: Record<FormName, FormState>; notice?: string }) {
  const { location, services, counters, hours, closures } = data;
  const base = `/verwaltung/termine/${encodeURIComponent(location.key)}/einstellungen`;
  const failed = FORMS.find((f) => Object.keys(forms[f].errors).length > 0);
  const counterOptions = counters.map((c) => ({ value: c.id, label: c.name }));
  const fmtDay = (d: Date) => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", day: "2-digit", month: "2-digit", year: "numeric" }).format(d);
  return (
    <>
      <PageHeading preline={location.name}>Standort bearbeiten</PageHeading>
      {failed && <ErrorSummary form={forms[failed]} t={ctx.t} labels={LABELS} />}
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">
        <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(location.key)}`}>Zur Tagesansicht</a> · Änderungen gelten sofort für die Terminsuche; gebuchte Termine bleiben bestehen.
      </p>

      <h2 class="kern-heading-medium">Buchung</h2>
      <form method="post" action={`${base}/standort`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="horizon" label="Buchungszeitraum (Tage im Voraus)" hint="Wie weit im Voraus Termine gebucht werden können (1 bis 365)." form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="lead" label="Vorlauf (Minuten)" hint="Frühester Termin ab jetzt, z. B. 60." form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="grid" label="Raster (Minuten)" hint="Abstand der möglichen Anfangszeiten, z. B. 15." form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="hold" label="Reservierung (Minuten)" hint="So lange wird ein Termin bis zur Bestätigung per E-Mail gehalten." form={forms.settings} inputMode="numeric" width={4} required />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="active" name="active" value="1" checked={forms.settings.values.active === "1"} />
          <label class="kern-label" for="active">Online-Buchung an diesem Standort eingeschaltet</label>
        </div>
        <Button>Einstellungen speichern</Button>
      </form>

      <h2 class="kern-heading-medium">Leistungen</h2>
      {services.length === 0 ? <p class="kern-body">Noch keine Leistung buchbar.</p> : (
        <DataTable caption="Buchbare Leistungen" head={["Leistung", "LeiKa-Schlüssel", "Dauer je Person", "Höchstens Personen", "Aktion"]}
          rows={services.map((s) => [s.name, s.leikaKey, `${s.durationMinutes} Minuten`, String(s.maxPersons), <RowButton ctx={ctx} action={`${base}/leistung-entfernen`} fields={{ leikaKey: s.leikaKey }} label={`Entfernen: ${s.name}`} />])} />
      )}
      <h3 class="kern-heading-small">Leistung hinzufügen oder ändern</h3>
      <form method="post" action={`${base}/leistung`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="leikaKey" label="LeiKa-Schlüssel" hint="14 Ziffern. Ein vorhandener Schlüssel ändert die Leistung." form={forms.service} inputMode="numeric" required maxLength={14} />
        <TextField name="serviceName" label="Name der Leistung" hint="Leer lassen, um den Namen aus dem Leistungskatalog zu übernehmen." form={forms.service} maxLength={200} />
        <TextField name="duration" label="Dauer je Person (Minuten)" form={forms.service} inputMode="numeric" width={4} required />
        <TextField name="maxPersons" label="Höchstens Personen je Termin" form={forms.service} inputMode="numeric" width={4} required />
        <Button variant="secondary">Leistung speichern</Button>
      </form>

      <h2 class="kern-heading-medium">Schalter</h2>
      {counters.length === 0 ? <p class="kern-body">Noch kein Schalter.</p> : (
        <DataTable caption="Schalter" head={["Schalter", "Aktion"]} rows={counters.map((c) => [c.name, <RowButton ctx={ctx} action={`${base}/schalter-stilllegen`} fields={{ counterId: c.id }} label={`Stilllegen: ${c.name}`} />])} />
      )}
      <form method="post" action={`${base}/schalter`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="counterName" label="Neuer Schalter" hint="Jeder Schalter bedient zur selben Zeit einen Termin." form={forms.counter} maxLength={60} required />
        <Button variant="secondary">Schalter anlegen</Button>
      </form>

      <h2 class="kern-heading-medium">Öffnungszeiten</h2>
      {hours.length === 0 ? <p class="kern-body">Noch keine Öffnungszeiten.</p> : (
        <DataTable caption="Öffnungszeiten je Schalter" head={["Schalter", "Wochentag", "Von", "Bis", "Aktion"]}
          rows={hours.map((h) => [h.counterName, WEEKDAYS[h.weekday - 1]!, h.opens, h.closes, <RowButton ctx={ctx} action={`${base}/zeiten-entfernen`} fields={{ counterId: h.counterId, weekday: String(h.weekday), opens: h.opens }} label={`Entfernen: ${h.counterName} ${WEEKDAYS[h.weekday - 1]} ${h.opens}`} />])} />
      )}
      {counters.length > 0 && (
        <form method="post" action={`${base}/zeiten`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Select name="hoursCounter" label="Schalter" form={forms.hours} options={counterOptions} />
          <Select name="weekday" label="Wochentag" form={forms.hours} options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))} hint="An gesetzlichen Feiertagen in Baden-Württemberg gibt es keine Termine." />
          <TextField name="opens" label="Von (SS:MM)" form={forms.hours} width={4} required maxLength={5} />
          <TextField name="closes" label="Bis (SS:MM)" form={forms.hours} width={4} required maxLength={5} />
          <Button variant="secondary">Öffnungszeit hinzufügen</Button>
        </form>
      )}

      <h2 class="kern-heading-medium">Schließzeiten</h2>
      {closures.length === 0 ? <p class="kern-body">Keine kommenden Schließzeiten.</p> : (
        <DataTable caption="Kommende Schließzeiten und gesperrte Zeiten" head={["Von", "Bis", "Schalter", "Grund", "Aktion"]}
          rows={closures.map((c) => [`${fmtDay(c.start)} ${berlinTime(c.start)}`, `${fmtDay(c.end)} ${berlinTime(c.end)}`, counters.find((x) => x.id === c.counterId)?.name ?? "Ganzer Standort", c.reason, <RowButton ctx={ctx} action={`${base}/schliessung-entfernen`} fields={{ closureId: c.id }} label={`Entfernen: ${c.reason} ab ${fmtDay(c.start)}`} />])} />
      )}
      <form method="post" action={`${base}/schliessung`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select name="closureCounter" label="Für" form={forms.closure} options={[{ value: "", label: "Ganzer Standort" }, ...counterOptions]} />
        <TextField name="closureFrom" label="Erster Tag" hint="JJJJ-MM-TT" type="date" form={forms.closure} required />
        <TextField name="closureTo" label="Letzter Tag" hint={`JJJJ-MM-TT, zum Beispiel ${addDays(berlinDate(new Date()), 7)}`} type="date" form={forms.closure} required />
        <TextField name="closureReason" label="Grund" form={forms.closure} maxLength={200} required />
        <Button variant="secondary">Schließzeit eintragen</Button>
      </form>
      <p class="kern-body">Einzelne Stunden sperren Sie in der Tagesansicht.</p>
    </>
  );
}

export function CreateLocationPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  return (
    <>
      <PageHeading>Standort anlegen</PageHeading>
      <ErrorSummary form={form} t={ctx.t} labels={LABELS} />
      <form method="post" action="/verwaltung/termine/standort-anlegen" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="orgUnitKey" label="Organisationseinheit (Schlüssel)" hint="Zum Beispiel gem-08236040 für das Bürgermeisteramt Mühlacker." form={form} required maxLength={100} />
        <Button>Standort anlegen</Button>
      </form>
    </>
  );
}
