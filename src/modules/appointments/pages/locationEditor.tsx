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
import { orgUnitsByKeys } from "../../responsibility/index.js";
import { authorizeManage, canCreateLocation } from "../policies.js";
import { countersOf, findLocation, hoursOf, servicesAt, upcomingClosures, type LocationInfo, type ServiceInfo } from "../queries.js";
import { closureRemover, counterCreator, counterRetirer, hoursAdder, hoursRemover, locationCreator, locationSettingsSaver, serviceRemover, serviceSaver } from "../commands/locationEditor.js";
import { timeBlocker } from "../commands/staffActions.js";
import { addDays, berlinDate, berlinTime, berlinToUtc, isDate } from "../time.js";
import { ForbiddenError } from "../../../platform/auth/guards.js";
import { LEIKA_KEY } from "../../../platform/keys.js";

/** Weekday name (ISO 1 = Monday) in the page's language. */
const weekdayName = (t: ViewContext["t"], n: number) => t(`appt.weekday.${n}`);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const FORMS = ["settings", "service", "counter", "hours", "closure"] as const;
type FormName = (typeof FORMS)[number];
/** Success notices after the redirect (?ok=…), as message keys. */
const NOTICES: Record<string, string> = {
  settings: "appt.edit.ok.settings",
  service: "appt.edit.ok.service",
  "service-removed": "appt.edit.ok.serviceRemoved",
  counter: "appt.edit.ok.counter",
  "counter-retired": "appt.edit.ok.counterRetired",
  hours: "appt.edit.ok.hours",
  "hours-removed": "appt.edit.ok.hoursRemoved",
  closure: "appt.edit.ok.closure",
  "closure-removed": "appt.edit.ok.closureRemoved",
  created: "appt.edit.ok.created",
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
    return reply.page(req.t("appt.edit.pageTitle", { name: location.name }), (ctx) => <EditorPage ctx={ctx} data={{ location, services, counters, hours, closures }} forms={forms} notice={notice} />, { status: failed ? 422 : 200, noindex: true });
  };
  const done = (reply: FastifyReply, location: LocationInfo, ok: string) => reply.redirect(`/verwaltung/termine/${encodeURIComponent(location.key)}/einstellungen?ok=${ok}`, 303);
  const base = "/verwaltung/termine/:loc/einstellungen";

  app.get<{ Params: { loc: string }; Querystring: { ok?: string } }>(base, { preHandler: requireStaff }, async (req, reply) => render(req, reply, await load(req), undefined, NOTICES[String(req.query.ok ?? "")] && req.t(NOTICES[String(req.query.ok ?? "")]!)));

  app.post<{ Params: { loc: string } }>(`${base}/standort`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["horizon", "lead", "grid", "hold", "active"] as const);
    const errors: Record<string, string> = {};
    const horizon = int(v.horizon, 1, 365);
    const lead = int(v.lead, 0, 10080);
    const grid = int(v.grid, 5, 120);
    const hold = int(v.hold, 1, 60);
    if (horizon === undefined) errors.horizon = req.t("appt.edit.err.horizon");
    if (lead === undefined) errors.lead = req.t("appt.edit.err.lead");
    if (grid === undefined) errors.grid = req.t("appt.edit.err.grid");
    if (hold === undefined) errors.hold = req.t("appt.edit.err.hold");
    if (Object.keys(errors).length) return render(req, reply, location, { form: "settings", state: { values: v, errors } });
    await locationSettingsSaver(cmd(req), { location: location.key, horizonDays: horizon!, minLeadMinutes: lead!, slotMinutes: grid!, holdMinutes: hold!, active: v.active === "1" });
    return done(reply, location, "settings");
  });

  app.post<{ Params: { loc: string } }>(`${base}/leistung`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["leikaKey", "serviceName", "duration", "maxPersons"] as const);
    const errors: Record<string, string> = {};
    // The catalogue's name of the service (catalog owns services and builds on appointments: asked through the app).
    const catalogueName = LEIKA_KEY.test(v.leikaKey) ? (await app.services.serviceNames?.(db, [v.leikaKey]))?.get(v.leikaKey) : undefined;
    const catalogue = catalogueName === undefined ? undefined : { name: catalogueName };
    if (!LEIKA_KEY.test(v.leikaKey)) errors.leikaKey = req.t("appt.edit.err.leikaKey");
    else if (!catalogue && !v.serviceName) errors.leikaKey = req.t("appt.edit.err.leikaUnknown");
    const name = v.serviceName || catalogue?.name || "";
    if (name.length > 200) errors.serviceName = req.t("appt.edit.err.serviceName");
    const duration = int(v.duration, 5, 240);
    const maxPersons = int(v.maxPersons, 1, 10);
    if (duration === undefined) errors.duration = req.t("appt.edit.err.duration");
    if (maxPersons === undefined) errors.maxPersons = req.t("appt.edit.err.maxPersons");
    if (Object.keys(errors).length) return render(req, reply, location, { form: "service", state: { values: v, errors } });
    await serviceSaver(cmd(req), { location: location.key, leikaKey: v.leikaKey, name, durationMinutes: duration!, maxPersons: maxPersons! });
    return done(reply, location, "service");
  });

  app.post<{ Params: { loc: string } }>(`${base}/leistung-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { leikaKey } = readForm(req.body, ["leikaKey"] as const);
    const r = await serviceRemover(cmd(req), { location: location.key, leikaKey });
    if (!r.ok) return render(req, reply, location, { form: "service", state: { values: {}, errors: { leikaKey: req.t("appt.edit.err.serviceGone") } } });
    return done(reply, location, "service-removed");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schalter`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["counterName"] as const);
    if (!v.counterName || v.counterName.length > 60) return render(req, reply, location, { form: "counter", state: { values: v, errors: { counterName: req.t("appt.edit.err.counterName") } } });
    const r = await counterCreator(cmd(req), { location: location.key, name: v.counterName });
    if (!r.ok) return render(req, reply, location, { form: "counter", state: { values: v, errors: { counterName: req.t("appt.edit.err.counterDuplicate") } } });
    return done(reply, location, "counter");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schalter-stilllegen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { counterId } = readForm(req.body, ["counterId"] as const);
    const r = /^[0-9a-f-]{36}$/.test(counterId) ? await counterRetirer(cmd(req), { location: location.key, counterId }) : ({ ok: false, reason: "not_found" } as const);
    if (!r.ok) return render(req, reply, location, { form: "counter", state: { values: {}, errors: { counterName: r.reason === "has_bookings" ? req.t("appt.edit.err.counterBusy") : req.t("appt.edit.err.counterGone") } } });
    return done(reply, location, "counter-retired");
  });

  app.post<{ Params: { loc: string } }>(`${base}/zeiten`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["hoursCounter", "weekday", "opens", "closes"] as const);
    const counters = await countersOf(db, location.key, { activeOnly: true });
    const errors: Record<string, string> = {};
    const weekday = int(v.weekday, 1, 7);
    if (!counters.some((c) => c.id === v.hoursCounter)) errors.hoursCounter = req.t("appt.edit.err.hoursCounter");
    if (weekday === undefined) errors.weekday = req.t("appt.edit.err.weekday");
    if (!TIME.test(v.opens)) errors.opens = req.t("appt.edit.err.opens");
    if (!TIME.test(v.closes)) errors.closes = req.t("appt.edit.err.closes");
    else if (TIME.test(v.opens) && v.closes <= v.opens) errors.closes = req.t("appt.edit.err.endBeforeStart");
    if (Object.keys(errors).length) return render(req, reply, location, { form: "hours", state: { values: v, errors } });
    const r = await hoursAdder(cmd(req), { location: location.key, counterId: v.hoursCounter, weekday: weekday!, opens: v.opens, closes: v.closes });
    if (!r.ok) return render(req, reply, location, { form: "hours", state: { values: v, errors: r.reason === "overlap" ? { opens: req.t("appt.edit.err.overlap") } : { hoursCounter: req.t("appt.edit.err.counterGone") } } });
    return done(reply, location, "hours");
  });

  app.post<{ Params: { loc: string } }>(`${base}/zeiten-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["counterId", "weekday", "opens"] as const);
    const weekday = int(v.weekday, 1, 7);
    const r = weekday && TIME.test(v.opens) && /^[0-9a-f-]{36}$/.test(v.counterId) ? await hoursRemover(cmd(req), { location: location.key, counterId: v.counterId, weekday, opens: v.opens }) : ({ ok: false } as const);
    if (!r.ok) return render(req, reply, location, { form: "hours", state: { values: {}, errors: { hoursCounter: req.t("appt.edit.err.hoursGone") } } });
    return done(reply, location, "hours-removed");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schliessung`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const v = readForm(req.body, ["closureCounter", "closureFrom", "closureTo", "closureReason"] as const);
    const counters = await countersOf(db, location.key, { activeOnly: true });
    const errors: Record<string, string> = {};
    if (v.closureCounter && !counters.some((c) => c.id === v.closureCounter)) errors.closureCounter = req.t("appt.edit.err.closureCounter");
    if (!isDate(v.closureFrom)) errors.closureFrom = req.t("appt.edit.err.closureFrom");
    if (!isDate(v.closureTo)) errors.closureTo = req.t("appt.edit.err.closureTo");
    else if (isDate(v.closureFrom) && v.closureTo < v.closureFrom) errors.closureTo = req.t("appt.edit.err.closureOrder");
    else if (isDate(v.closureFrom) && v.closureTo > addDays(v.closureFrom, 366)) errors.closureTo = req.t("appt.edit.err.closureLength");
    if (!v.closureReason || v.closureReason.length > 200) errors.closureReason = req.t("appt.edit.err.closureReason");
    if (Object.keys(errors).length) return render(req, reply, location, { form: "closure", state: { values: v, errors } });
    // Whole Berlin days, from the first day's midnight to the midnight after the last.
    await timeBlocker(cmd(req), { location: location.key, counterId: v.closureCounter || null, start: berlinToUtc(v.closureFrom, 0), end: berlinToUtc(addDays(v.closureTo, 1), 0), reason: v.closureReason });
    return done(reply, location, "closure");
  });

  app.post<{ Params: { loc: string } }>(`${base}/schliessung-entfernen`, { preHandler: requireStaff }, async (req, reply) => {
    const location = await load(req);
    const { closureId } = readForm(req.body, ["closureId"] as const);
    const r = /^[0-9a-f-]{36}$/.test(closureId) ? await closureRemover(cmd(req), { location: location.key, closureId }) : ({ ok: false } as const);
    if (!r.ok) return render(req, reply, location, { form: "closure", state: { values: {}, errors: { closureReason: req.t("appt.edit.err.closureGone") } } });
    return done(reply, location, "closure-removed");
  });

  // Administrators: offer appointments at a further org unit.
  app.post("/verwaltung/termine/standort-anlegen", { preHandler: requireStaff }, async (req, reply) => {
    if (!canCreateLocation(req.user)) throw new ForbiddenError(req.t("appt.edit.forbiddenCreate"));
    const { orgUnitKey } = readForm(req.body, ["orgUnitKey"] as const);
    const unit = /^[a-z0-9-]{2,100}$/.test(orgUnitKey) ? (await orgUnitsByKeys(db, [orgUnitKey]))[0] : undefined;
    const fail = (text: string) => reply.page(req.t("appt.edit.createTitle"), (ctx) => <CreateLocationPage ctx={ctx} form={{ values: { orgUnitKey }, errors: { orgUnitKey: text } }} />, { status: 422 });
    if (!unit) return fail(req.t("appt.edit.err.orgUnit"));
    const r = await locationCreator(cmd(req), { orgUnitId: unit.id, key: unit.key });
    if (!r.ok) return fail(req.t("appt.edit.err.orgUnitExists"));
    return reply.redirect(`/verwaltung/termine/${encodeURIComponent(unit.key)}/einstellungen?ok=created`, 303);
  });
  app.get("/verwaltung/termine/standort-anlegen", { preHandler: requireStaff }, async (req, reply) => {
    if (!canCreateLocation(req.user)) throw new ForbiddenError(req.t("appt.edit.forbiddenCreate"));
    return reply.page(req.t("appt.edit.createTitle"), (ctx) => <CreateLocationPage ctx={ctx} form={emptyForm()} />);
  });
}

/** Short field names for the error summary. */
const labels = (t: ViewContext["t"]): Record<string, string> => ({
  horizon: t("appt.edit.l.horizon"), lead: t("appt.edit.l.lead"), grid: t("appt.edit.l.grid"), hold: t("appt.edit.l.hold"),
  leikaKey: t("appt.edit.l.leikaKey"), serviceName: t("appt.edit.l.serviceName"), duration: t("appt.edit.l.duration"), maxPersons: t("appt.day.colPersons"),
  counterName: t("appt.edit.counter"), hoursCounter: t("appt.edit.counter"), weekday: t("appt.edit.l.weekday"), opens: t("appt.edit.l.opens"), closes: t("appt.edit.l.closes"),
  closureCounter: t("appt.edit.counter"), closureFrom: t("appt.edit.l.closureFrom"), closureTo: t("appt.edit.l.closureTo"), closureReason: t("appt.edit.reason"),
  orgUnitKey: t("appt.edit.l.orgUnit"),
});

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
      <PageHeading preline={location.name}>{ctx.t("appt.edit.title")}</PageHeading>
      {failed && <ErrorSummary form={forms[failed]} t={ctx.t} labels={labels(ctx.t)} />}
      {notice && <Alert kind="success" title={notice} />}
      <p class="kern-body">
        <a class="kern-link" href={`/verwaltung/termine/${encodeURIComponent(location.key)}`}>{ctx.t("appt.edit.toDay")}</a> · {ctx.t("appt.edit.lead")}
      </p>

      <h2 class="kern-heading-medium">{ctx.t("appt.edit.booking")}</h2>
      <form method="post" action={`${base}/standort`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="horizon" label={ctx.t("appt.edit.horizon")} hint={ctx.t("appt.edit.horizonHint")} form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="lead" label={ctx.t("appt.edit.leadTime")} hint={ctx.t("appt.edit.leadTimeHint")} form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="grid" label={ctx.t("appt.edit.grid")} hint={ctx.t("appt.edit.gridHint")} form={forms.settings} inputMode="numeric" width={4} required />
        <TextField name="hold" label={ctx.t("appt.edit.hold")} hint={ctx.t("appt.edit.holdHint")} form={forms.settings} inputMode="numeric" width={4} required />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="active" name="active" value="1" checked={forms.settings.values.active === "1"} />
          <label class="kern-label" for="active">{ctx.t("appt.edit.active")}</label>
        </div>
        <Button>{ctx.t("appt.edit.saveSettings")}</Button>
      </form>

      <h2 class="kern-heading-medium">{ctx.t("appt.edit.services")}</h2>
      {services.length === 0 ? <p class="kern-body">{ctx.t("appt.edit.noServices")}</p> : (
        <DataTable caption={ctx.t("appt.edit.servicesCaption")} head={[ctx.t("appt.sum.service"), ctx.t("appt.edit.l.leikaKey"), ctx.t("appt.edit.perPerson"), ctx.t("appt.edit.maxPersonsShort"), ctx.t("appt.day.colAction")]}
          rows={services.map((s) => [s.name, s.leikaKey, ctx.t("appt.edit.minutes", { n: s.durationMinutes }), String(s.maxPersons), <RowButton ctx={ctx} action={`${base}/leistung-entfernen`} fields={{ leikaKey: s.leikaKey }} label={ctx.t("appt.edit.remove", { what: s.name })} />])} />
      )}
      <h3 class="kern-heading-small">{ctx.t("appt.edit.addService")}</h3>
      <form method="post" action={`${base}/leistung`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="leikaKey" label={ctx.t("appt.edit.l.leikaKey")} hint={ctx.t("appt.edit.leikaHint")} form={forms.service} inputMode="numeric" required maxLength={14} />
        <TextField name="serviceName" label={ctx.t("appt.edit.l.serviceName")} hint={ctx.t("appt.edit.nameHint")} form={forms.service} maxLength={200} />
        <TextField name="duration" label={ctx.t("appt.edit.durationLabel")} form={forms.service} inputMode="numeric" width={4} required />
        <TextField name="maxPersons" label={ctx.t("appt.edit.maxPersons")} form={forms.service} inputMode="numeric" width={4} required />
        <Button variant="secondary">{ctx.t("appt.edit.saveService")}</Button>
      </form>

      <h2 class="kern-heading-medium">{ctx.t("appt.edit.counters")}</h2>
      {counters.length === 0 ? <p class="kern-body">{ctx.t("appt.edit.noCounters")}</p> : (
        <DataTable caption={ctx.t("appt.edit.counters")} head={[ctx.t("appt.edit.counter"), ctx.t("appt.day.colAction")]} rows={counters.map((c) => [c.name, <RowButton ctx={ctx} action={`${base}/schalter-stilllegen`} fields={{ counterId: c.id }} label={ctx.t("appt.edit.retire", { what: c.name })} />])} />
      )}
      <form method="post" action={`${base}/schalter`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="counterName" label={ctx.t("appt.edit.newCounter")} hint={ctx.t("appt.edit.newCounterHint")} form={forms.counter} maxLength={60} required />
        <Button variant="secondary">{ctx.t("appt.edit.addCounter")}</Button>
      </form>

      <h2 class="kern-heading-medium">{ctx.t("appt.edit.hours")}</h2>
      {hours.length === 0 ? <p class="kern-body">{ctx.t("appt.edit.noHours")}</p> : (
        <DataTable caption={ctx.t("appt.edit.hoursCaption")} head={[ctx.t("appt.edit.counter"), ctx.t("appt.edit.l.weekday"), ctx.t("appt.edit.l.opens"), ctx.t("appt.edit.l.closes"), ctx.t("appt.day.colAction")]}
          rows={hours.map((h) => [h.counterName, weekdayName(ctx.t, h.weekday), h.opens, h.closes, <RowButton ctx={ctx} action={`${base}/zeiten-entfernen`} fields={{ counterId: h.counterId, weekday: String(h.weekday), opens: h.opens }} label={ctx.t("appt.edit.remove", { what: `${h.counterName} ${weekdayName(ctx.t, h.weekday)} ${h.opens}` })} />])} />
      )}
      {counters.length > 0 && (
        <form method="post" action={`${base}/zeiten`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <Select name="hoursCounter" label={ctx.t("appt.edit.counter")} form={forms.hours} options={counterOptions} />
          <Select name="weekday" label={ctx.t("appt.edit.l.weekday")} form={forms.hours} options={[1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: weekdayName(ctx.t, n) }))} hint={ctx.t("appt.edit.holidayHint")} />
          <TextField name="opens" label={ctx.t("appt.edit.opensLabel")} form={forms.hours} width={4} required maxLength={5} />
          <TextField name="closes" label={ctx.t("appt.edit.closesLabel")} form={forms.hours} width={4} required maxLength={5} />
          <Button variant="secondary">{ctx.t("appt.edit.addHours")}</Button>
        </form>
      )}

      <h2 class="kern-heading-medium">{ctx.t("appt.edit.closures")}</h2>
      {closures.length === 0 ? <p class="kern-body">{ctx.t("appt.edit.noClosures")}</p> : (
        <DataTable caption={ctx.t("appt.edit.closuresCaption")} head={[ctx.t("appt.edit.l.opens"), ctx.t("appt.edit.l.closes"), ctx.t("appt.edit.counter"), ctx.t("appt.edit.reason"), ctx.t("appt.day.colAction")]}
          rows={closures.map((c) => [`${fmtDay(c.start)} ${berlinTime(c.start)}`, `${fmtDay(c.end)} ${berlinTime(c.end)}`, counters.find((x) => x.id === c.counterId)?.name ?? ctx.t("appt.edit.wholeLocation"), c.reason, <RowButton ctx={ctx} action={`${base}/schliessung-entfernen`} fields={{ closureId: c.id }} label={ctx.t("appt.edit.remove", { what: `${c.reason} ${fmtDay(c.start)}` })} />])} />
      )}
      <form method="post" action={`${base}/schliessung`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Select name="closureCounter" label={ctx.t("appt.sum.for")} form={forms.closure} options={[{ value: "", label: ctx.t("appt.edit.wholeLocation") }, ...counterOptions]} />
        <TextField name="closureFrom" label={ctx.t("appt.edit.l.closureFrom")} hint={ctx.t("appt.edit.dateHint")} type="date" form={forms.closure} required />
        <TextField name="closureTo" label={ctx.t("appt.edit.l.closureTo")} hint={ctx.t("appt.edit.dateExample", { date: addDays(berlinDate(new Date()), 7) })} type="date" form={forms.closure} required />
        <TextField name="closureReason" label={ctx.t("appt.edit.reason")} form={forms.closure} maxLength={200} required />
        <Button variant="secondary">{ctx.t("appt.edit.addClosure")}</Button>
      </form>
      <p class="kern-body">{ctx.t("appt.edit.hoursInDayView")}</p>
    </>
  );
}

export function CreateLocationPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  return (
    <>
      <PageHeading>{ctx.t("appt.edit.createTitle")}</PageHeading>
      <ErrorSummary form={form} t={ctx.t} labels={labels(ctx.t)} />
      <form method="post" action="/verwaltung/termine/standort-anlegen" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="orgUnitKey" label={ctx.t("appt.edit.orgUnit")} hint={ctx.t("appt.edit.orgUnitHint")} form={form} required maxLength={100} />
        <Button>{ctx.t("appt.edit.createTitle")}</Button>
      </form>
    </>
  );
}
