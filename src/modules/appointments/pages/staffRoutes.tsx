/** Staff pages of appointment booking under /verwaltung/termine: locations, day view, check-in, no-show, time blocks, CSV export. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { checkInRecorder, exportRecorder, noShowMarker, timeBlocker } from "../commands/staffActions.js";
import { extractBookingCode } from "../qr.js";
import { bookingsOfDay, countersOf, findBooking, findLocation, listLocations } from "../queries.js";
import { berlinDate, berlinToUtc, isDate, toMinutes } from "../time.js";
import { authorizeManage, canCreateLocation, canManage } from "../policies.js";
import { DayView, StaffLocations, STATUS_LABEL } from "./staffViews.js";

export async function appointmentStaffPages(app: FastifyInstance) {
  const { db } = app.deps;
  // The day view may use the camera for QR check-in (public/appointments-staff.js); elsewhere the platform forbids it.
  const staffPage = {
    preHandler: requireStaff,
    onSend: async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      reply.header("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=()");
      return payload;
    },
  };
  app.get("/verwaltung/termine", { preHandler: requireStaff }, async (req, reply) => {
    const locations = (await listLocations(db, { includeInactive: true })).filter((l) => canManage(req.user, l));
    return reply.page(req.t("appt.staff.title"), (ctx) => <StaffLocations ctx={ctx} locations={locations} canCreate={canCreateLocation(req.user)} />);
  });

  const dayView = async (req: FastifyRequest<{ Params: { loc: string } }>, reply: FastifyReply, dayRaw: unknown, notice?: { kind: "success" | "danger"; text: string }, status = 200, checkInValue?: { code: string }) => {
    const location = await findLocation(db, req.params.loc, { includeInactive: true });
    authorizeManage(req.user, location);
    const day = isDate(dayRaw) ? dayRaw : berlinDate(new Date());
    const [bookings, counters] = await Promise.all([bookingsOfDay(db, location.key, day), countersOf(db, location.key)]);
    return reply.page(`${req.t("appt.staff.title")} ${location.name}`, (ctx) => <DayView ctx={ctx} location={location} day={day} bookings={bookings} counters={counters.filter((c) => c.active || bookings.some((b) => b.counterId === c.id))} notice={notice} checkInValue={checkInValue?.code} />, { status });
  };
  app.get<{ Params: { loc: string }; Querystring: { tag?: string } }>("/verwaltung/termine/:loc", staffPage, (req, reply) => dayView(req, reply, req.query.tag));

  const staffAction = (path: string, run: typeof checkInRecorder, okKey: string) =>
    app.post<{ Params: { loc: string } }>(`/verwaltung/termine/:loc/${path}`, staffPage, async (req, reply) => {
      const location = await findLocation(db, req.params.loc, { includeInactive: true });
      authorizeManage(req.user, location);
      const { code: typed, tag } = readForm(req.body, ["code", "tag"] as const);
      // Typed, or scanned from the QR code (a USB scanner types the code and Enter).
      const code = extractBookingCode(typed);
      if (!code) return dayView(req, reply, tag, { kind: "danger", text: req.t("appt.ci.empty") }, 422, { code: typed.slice(0, 100) });
      const r = await run({ actor: req.actor(), db, requestId: req.id }, { location: location.key, code });
      if (!r.ok) return dayView(req, reply, tag, { kind: "danger", text: req.t(r.reason === "not_found" ? "appt.ci.notFound" : "appt.ci.wrongStatus", { code }) }, 422, { code: typed.slice(0, 100) });
      const b = await findBooking(db, code);
      return dayView(req, reply, b ? berlinDate(b.start) : tag, { kind: "success", text: req.t(okKey, { code }) + (b && path === "einchecken" ? ` ${req.t("appt.ci.compare", { name: b.name })}` : "") });
    });
  staffAction("einchecken", checkInRecorder, "appt.ci.done");
  staffAction("nichterschienen", noShowMarker, "appt.ci.noShow");

  app.post<{ Params: { loc: string } }>("/verwaltung/termine/:loc/sperren", staffPage, async (req, reply) => {
    const location = await findLocation(db, req.params.loc, { includeInactive: true });
    authorizeManage(req.user, location);
    const v = readForm(req.body, ["tag", "counter", "from", "to", "reason"] as const);
    const counters = await countersOf(db, location.key);
    const okTime = (s: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);
    if (!isDate(v.tag) || !okTime(v.from) || !okTime(v.to) || toMinutes(v.to) <= toMinutes(v.from) || !v.reason || v.reason.length > 200 || (v.counter && !counters.some((c) => c.id === v.counter)))
      return dayView(req, reply, v.tag, { kind: "danger", text: req.t("appt.block.invalid") }, 422);
    await timeBlocker({ actor: req.actor(), db, requestId: req.id }, { location: location.key, counterId: v.counter || null, start: berlinToUtc(v.tag, toMinutes(v.from)), end: berlinToUtc(v.tag, toMinutes(v.to)), reason: v.reason });
    return dayView(req, reply, v.tag, { kind: "success", text: req.t("appt.block.done", { from: v.from, to: v.to }) });
  });

  app.get<{ Params: { loc: string }; Querystring: { tag?: string } }>("/verwaltung/termine/:loc/export.csv", { preHandler: requireStaff }, async (req, reply) => {
    const location = await findLocation(db, req.params.loc, { includeInactive: true });
    authorizeManage(req.user, location);
    const day = isDate(req.query.tag) ? req.query.tag : berlinDate(new Date());
    const [bookings, counters] = await Promise.all([bookingsOfDay(db, location.key, day), countersOf(db, location.key)]);
    const cell = (s: string) => (/[";\n\r]|^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s);
    const fmt = (d: Date) => new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", hour: "2-digit", minute: "2-digit" }).format(d);
    const lines = [["Datum", "Beginn", "Ende", "Schalter", "Buchungsnummer", "Name", "E-Mail", "Leistung", "Personen", "Status"].join(";")];
    for (const b of bookings) lines.push([day, fmt(b.start), fmt(b.end), counters.find((c) => c.id === b.counterId)?.name ?? "", b.code, b.name, b.email, b.serviceName, String(b.persons), STATUS_LABEL[b.status] ?? b.status].map(cell).join(";"));
    await exportRecorder({ actor: req.actor(), db, requestId: req.id }, { location: location.key, day, rows: bookings.length });
    return reply
      .type("text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename="termine-${location.key}-${day}.csv"`)
      .header("Cache-Control", "no-store")
      .send(`\uFEFF${lines.join("\r\n")}\r\n`);
  });
}
