/** Citizen pages of appointment booking under /termine: find a service and location, pick a time, book, confirm, manage, cancel, reschedule. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { fieldsWithControlChars, readForm } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { isEmailAddress, normalizeEmailAddress } from "../../../platform/mail/address.js";
import { AGS, LEIKA_KEY } from "../../../platform/keys.js";
import { findResponsible } from "../../responsibility/index.js";
import { attemptBooking, personErrors } from "../booking.js";
import { bookingConfirmer } from "../commands/bookingConfirmer.js";
import { bookingCanceller } from "../commands/bookingCanceller.js";
import { bookingRescheduler } from "../commands/bookingRescheduler.js";
import { waitlistJoiner } from "../commands/waitlistJoiner.js";
import { hashToken } from "../commands/bookingCreator.js";
import { releaseDueSlots } from "../jobs.js";
import { qrSvgDataUri } from "../qr.js";
import { bookingMinutes, computeSlots, findBooking, findLocation, listBookableByLocation, locationsForService, serviceOwner, servicesAt } from "../queries.js";
import { decodeSlotId, encodeSlotId } from "../slotId.js";
import { addDays, berlinDate, isDate } from "../time.js";
import { BookForm, CalendarPage, CancelConfirmPage, ConfirmedPage, ConfirmPage, LocationsPage, ManagePage, MessagePage, RescheduleConfirmPage, SentPage, StartPage } from "./citizenViews.js";

const formLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export async function appointmentCitizenPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;
  const secret = config.sessionSecret;
  // Mails were queued in the command's transaction; send them now (a failed first attempt is retried by the platform job "mail-queue").
  const deliver = (req: FastifyRequest, ...bookingCodes: string[]) => deliverQueuedMails(db, mailer, { refs: bookingCodes }).then(() => undefined, (err: unknown) => req.log.error({ err }, "mail delivery failed"));
  /** ?zusatz= (repeatable or comma-separated): further services at the same location. */
  const extrasOf = (raw: unknown): string[] => [...new Set((Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === "string" ? v.split(",") : [])).filter((k) => LEIKA_KEY.test(k)))].slice(0, 3);
  const agsOf = (req: FastifyRequest, q: { ags?: string }) => (q.ags && AGS.test(q.ags) ? q.ags : req.user?.homeAgs ?? undefined);
  /** A message page; title, text and link label are message keys (a text that is no key, like an API message, shows as it is). */
  const msg = (reply: FastifyReply, titleKey: string, kind: "info" | "success" | "warning" | "danger", textKey: string, status = 200, link?: { href: string; label: string }) => {
    const t = reply.request.t;
    const title = t(titleKey);
    return reply.page(title, () => <MessagePage title={title} kind={kind} text={t(textKey)} link={link && { href: link.href, label: t(link.label) }} />, { status, noindex: true });
  };

  // ---- citizens
  app.get<{ Querystring: { ags?: string } }>("/termine", async (req, reply) => {
    const groups = await listBookableByLocation(db);
    return reply.page(req.t("appt.start.title"), (ctx) => <StartPage ctx={ctx} groups={groups} ags={agsOf(req, req.query)} />);
  });

  app.get<{ Params: { leika: string }; Querystring: { ags?: string } }>("/termine/leistung/:leika", async (req, reply) => {
    const { leika } = req.params;
    if (!LEIKA_KEY.test(leika)) return msg(reply, "appt.msg.1", "warning", "appt.msg.2", 404, { href: "/termine", label: "appt.msg.3" });
    const locations = await locationsForService(db, leika);
    if (locations.length === 0) return msg(reply, "appt.msg.4", "info", "appt.msg.5", 404, { href: "/termine", label: "appt.msg.3" });
    const ags = agsOf(req, req.query);
    const responsible = ags ? await findResponsible(db, leika, ags).catch(() => undefined) : undefined;
    const suggested = responsible ? locations.find((l) => l.key === responsible.office.key)?.key : undefined;
    return reply.page(`${req.t("appt.locations.title")}: ${locations[0]!.service.name}`, (ctx) => <LocationsPage ctx={ctx} serviceName={locations[0]!.service.name} locations={locations} suggested={suggested} leikaKey={leika} />);
  });

  type CalQuery = { tag?: string; personen?: string; zusatz?: string | string[] };
  const calendar = async (req: FastifyRequest<{ Params: { loc: string; leika: string }; Querystring: CalQuery }>, reply: FastifyReply, waitlistForm: FormState = emptyForm(), status = 200) => {
    const { loc, leika } = req.params;
    const persons = Math.max(1, Math.min(10, Number(req.query.personen) || 1));
    const extra = extrasOf(req.query.zusatz).filter((k) => k !== leika);
    const day = isDate(req.query.tag) ? req.query.tag : undefined;
    const today = berlinDate(new Date());
    const r = LEIKA_KEY.test(leika) ? await computeSlots(db, { location: loc, leikaKey: leika, extraLeikaKeys: extra, persons, from: day ?? today, to: day ?? addDays(today, 366) }) : undefined;
    if (!r) return msg(reply, "appt.msg.6", "warning", "appt.msg.7", 404, { href: "/termine", label: "appt.msg.3" });
    const offered = (await servicesAt(db, loc, { publicOnly: true })).filter((s) => s.leikaKey !== leika);
    const slotHref = (s: { start: Date }) => `/termine/buchen?slot=${encodeURIComponent(encodeSlotId(secret, { location: loc, leikaKey: leika, start: s.start, persons, extraLeikaKeys: extra }))}`;
    return reply.page(`${req.t("appt.book.slot")}: ${r.service.name}`, (ctx) => <CalendarPage ctx={ctx} location={r.location} service={r.service} services={r.services} offered={offered} slots={r.slots} persons={persons} day={day} slotHref={slotHref} waitlistForm={waitlistForm} />, { status });
  };
  app.get<{ Params: { loc: string; leika: string }; Querystring: CalQuery }>("/termine/:loc/:leika", (req, reply) => calendar(req, reply));

  app.post<{ Params: { loc: string; leika: string }; Querystring: CalQuery }>("/termine/:loc/:leika/warteliste", { config: formLimit }, async (req, reply) => {
    const { email } = readForm(req.body, ["email"] as const);
    if (!isEmailAddress(email)) return calendar(req, reply, { values: { email }, errors: { email: req.t("appt.err.email") } }, 422);
    const r = await waitlistJoiner({ actor: req.actor(), db, requestId: req.id }, { location: req.params.loc, leikaKey: req.params.leika, email });
    if (!r.ok) return msg(reply, "appt.msg.6", "warning", "appt.msg.7", 404);
    return msg(reply, "appt.msg.8", "success", "appt.msg.9");
  });

  const bookForm = async (reply: FastifyReply, slotId: string, form: FormState, status = 200) => {
    const slot = decodeSlotId(secret, slotId);
    const location = slot && (await findLocation(db, slot.location));
    const offered = slot && location ? await servicesAt(db, slot.location, { publicOnly: true }) : [];
    const services = slot ? [slot.leikaKey, ...(slot.extraLeikaKeys ?? [])].map((k) => offered.find((s) => s.leikaKey === k)) : [];
    if (!slot || !location || services.length === 0 || services.some((s) => !s)) return msg(reply, "appt.msg.10", "danger", "appt.msg.11", 422, { href: "/termine", label: "appt.msg.12" });
    const chosen = services.filter((s): s is NonNullable<typeof s> => !!s);
    if (slot.start.getTime() <= Date.now()) return msg(reply, "appt.msg.13", "danger", "appt.msg.14", 422, { href: `/termine/${encodeURIComponent(slot.location)}/${slot.leikaKey}`, label: "appt.msg.15" });
    const end = new Date(slot.start.getTime() + bookingMinutes(chosen, slot.persons) * 60000);
    return reply.page(reply.request.t("appt.book.title"), (ctx) => <BookForm ctx={ctx} form={form} slotId={slotId} location={location} services={chosen} start={slot.start} end={end} persons={slot.persons} />, { status, noindex: true });
  };
  app.get<{ Querystring: { slot?: string } }>("/termine/buchen", (req, reply) => bookForm(reply, req.query.slot ?? "", emptyForm({ name: req.user?.displayName ?? "", email: req.user?.email ?? "" })));

  app.post("/termine/buchen", { config: formLimit }, async (req, reply) => {
    const v = readForm(req.body, ["slotId", "name", "email", "altcha"] as const);
    const withControlChars = fieldsWithControlChars(v).filter((f) => f === "name" || f === "email");
    if (withControlChars.length) {
      const errors: Record<string, string> = Object.fromEntries(withControlChars.map((f) => [f, req.t("validation.controlChars")]));
      for (const e of personErrors(v.name.normalize("NFC").replace(/\s+/g, " ").trim(), normalizeEmailAddress(v.email))) errors[e.field] ??= e.message;
      return bookForm(reply, v.slotId, { values: { name: v.name, email: v.email }, errors }, 422);
    }
    const r = await attemptBooking(app, req, { ...v, allowWithoutChallenge: true });
    if (r.ok) return reply.redirect(`/termine/reserviert?code=${r.code}`, 303);
    const errors: Record<string, string> = r.fieldErrors ? Object.fromEntries(r.fieldErrors.map((e) => [e.field, e.message])) : { [r.field === "altcha" || !r.field ? "name" : r.field]: r.message };
    const form: FormState = { values: { name: v.name, email: v.email }, errors };
    if (r.field === "slotId") {
      const slot = decodeSlotId(secret, v.slotId);
      return msg(reply, r.status === 409 ? "appt.msg.16" : "appt.msg.17", "danger", r.message, r.status, slot ? { href: `/termine/${encodeURIComponent(slot.location)}/${slot.leikaKey}`, label: "appt.msg.15" } : { href: "/termine", label: "appt.msg.12" });
    }
    return bookForm(reply, v.slotId, form, r.status);
  });

  app.get<{ Querystring: { code?: string } }>("/termine/reserviert", async (req, reply) => {
    const b = await findBooking(db, String(req.query.code ?? ""));
    if (!b || b.status !== "held") return msg(reply, "appt.msg.6", "warning", "appt.msg.18", 404);
    const loc = await findLocation(db, b.locationKey);
    const masked = b.email.replace(/^(.).*(@.*)$/, "$1…$2");
    return reply.page(req.t("appt.sent.title"), (ctx) => <SentPage ctx={ctx} email={masked} holdMinutes={loc?.holdMinutes ?? 10} />, { noindex: true });
  });

  app.get<{ Params: { code: string }; Querystring: { token?: string; cancel?: string } }>("/termine/buchung/:code/bestaetigen", async (req, reply) => {
    const b = await findBooking(db, req.params.code);
    const token = String(req.query.token ?? "");
    if (!b || b.confirmTokenHash !== hashToken(token)) return msg(reply, "appt.msg.19", "danger", "appt.msg.20", 404);
    if (b.status === "confirmed") return reply.redirect(`/termine/buchung/${b.code}?token=${encodeURIComponent(String(req.query.cancel ?? ""))}`, 303);
    if (b.status !== "held" || !b.holdExpiresAt || b.holdExpiresAt <= new Date()) return msg(reply, "appt.msg.21", "danger", "appt.msg.22", 410, { href: `/termine/${encodeURIComponent(b.locationKey)}/${b.leikaKey}`, label: "appt.msg.23" });
    const loc = await findLocation(db, b.locationKey);
    return reply.page(req.t("appt.confirm.title"), (ctx) => <ConfirmPage ctx={ctx} b={b} location={loc} token={token} cancel={String(req.query.cancel ?? "")} />, { noindex: true });
  });

  app.post<{ Params: { code: string } }>("/termine/buchung/:code/bestaetigen", { config: formLimit }, async (req, reply) => {
    const { token, cancel } = readForm(req.body, ["token", "cancel"] as const);
    const code = req.params.code;
    const r = await bookingConfirmer({ actor: req.actor(), db, requestId: req.id }, { code, token, cancelToken: cancel, config });
    if (!r.ok) {
      if (r.reason === "not_found") return msg(reply, "appt.msg.19", "danger", "appt.msg.24", 404);
      return msg(reply, "appt.msg.21", "danger", r.reason === "expired" ? "appt.msg.25" : "appt.msg.26", 410, { href: "/termine", label: "appt.msg.23" });
    }
    if (!r.already) await deliver(req, code);
    return reply.redirect(`/termine/buchung/${code}/bestaetigt?token=${encodeURIComponent(r.validCancel ? cancel : "")}`, 303);
  });

  app.get<{ Params: { code: string }; Querystring: { token?: string; verschoben?: string } }>("/termine/buchung/:code/bestaetigt", async (req, reply) => {
    const b = await findBooking(db, req.params.code);
    const token = String(req.query.token ?? "");
    if (!b || b.cancelTokenHash !== hashToken(token) || b.status !== "confirmed") return msg(reply, "appt.msg.27", "success", "appt.msg.28");
    const loc = await findLocation(db, b.locationKey);
    const qr = await qrSvgDataUri(b.code);
    return reply.page(req.t("appt.done.title"), (ctx) => <ConfirmedPage ctx={ctx} b={b} location={loc} qr={qr} cancelUrl={`/termine/buchung/${b.code}?token=${encodeURIComponent(token)}`} rescheduled={req.query.verschoben === "1"} />, { noindex: true });
  });

  app.get<{ Params: { code: string }; Querystring: { token?: string } }>("/termine/buchung/:code", async (req, reply) => {
    const b = await findBooking(db, req.params.code);
    const token = String(req.query.token ?? "");
    if (!b || b.cancelTokenHash !== hashToken(token)) return msg(reply, "appt.msg.19", "danger", "appt.msg.29", 404);
    const loc = await findLocation(db, b.locationKey);
    const qr = b.status === "confirmed" ? await qrSvgDataUri(b.code) : undefined;
    const owned = (await serviceOwner(db, b.locationKey, b.leikaKey)) !== null;
    return reply.page(req.t("appt.manage.title"), (ctx) => <ManagePage ctx={ctx} b={b} location={loc} token={token} qr={qr} owned={owned} />, { noindex: true });
  });

  // Cancelling asks first (issue 24 item 11): GET shows the question, the POST button cancels.
  app.get<{ Params: { code: string }; Querystring: { token?: string } }>("/termine/buchung/:code/absagen", async (req, reply) => {
    const b = await findBooking(db, req.params.code.toUpperCase());
    const token = String(req.query.token ?? "");
    if (!b || b.cancelTokenHash !== hashToken(token)) return msg(reply, "appt.msg.19", "danger", "appt.msg.30", 404);
    if (b.status !== "held" && b.status !== "confirmed") return msg(reply, "appt.msg.33", "info", "appt.msg.34", 409, { href: "/termine", label: "appt.msg.35" });
    if (b.start <= new Date()) return msg(reply, "appt.msg.31", "danger", "appt.msg.32", 409);
    const loc = await findLocation(db, b.locationKey);
    return reply.page(req.t("appt.cancel.title"), (ctx) => <CancelConfirmPage ctx={ctx} b={b} location={loc} token={token} />, { noindex: true });
  });

  app.post<{ Params: { code: string } }>("/termine/buchung/:code/absagen", { config: formLimit }, async (req, reply) => {
    const { token } = readForm(req.body, ["token"] as const);
    const code = req.params.code.toUpperCase();
    const r = await bookingCanceller({ actor: req.actor(), db, requestId: req.id }, { code, token, releaseDelayMaxSeconds: config.bookingReleaseDelayMaxSeconds });
    if (!r.ok) {
      if (r.reason === "not_found") return msg(reply, "appt.msg.19", "danger", "appt.msg.30", 404);
      if (r.reason === "past") return msg(reply, "appt.msg.31", "danger", "appt.msg.32", 409);
      return msg(reply, "appt.msg.33", "info", "appt.msg.34", 409, { href: "/termine", label: "appt.msg.35" });
    }
    if (config.bookingReleaseDelayMaxSeconds === 0) await releaseDueSlots(db, mailer, config);
    else await deliver(req, code);
    const b = await findBooking(db, code);
    // A module's own service (the course's video identification) is booked again there, not on /termine.
    if (b && (await serviceOwner(db, b.locationKey, b.leikaKey))) return msg(reply, "appt.msg.36", "success", "appt.msg.ownedCancelled");
    const again = b ? `/termine/${encodeURIComponent(b.locationKey)}/${b.leikaKey}?personen=${b.persons}${b.extraLeikaKeys.map((k) => `&zusatz=${k}`).join("")}` : "/termine";
    return msg(reply, "appt.msg.36", "success", "appt.msg.37", 200, { href: again, label: "appt.msg.35" });
  });

  // ---- one-step reschedule (from the cancel/reschedule link): pick a new time, then confirm; old and new swap in one transaction
  const manageUrl = (code: string, token: string) => `/termine/buchung/${code}?token=${encodeURIComponent(token)}`;
  const activeBooking = async (reply: FastifyReply, code: string, token: string) => {
    const b = await findBooking(db, code.toUpperCase());
    if (!b || b.cancelTokenHash !== hashToken(token)) {
      await msg(reply, "appt.msg.19", "danger", "appt.msg.29", 404);
      return undefined;
    }
    if ((b.status !== "confirmed" && b.status !== "held") || b.start <= new Date()) {
      await msg(reply, "appt.msg.31", "danger", "appt.msg.38", 409, { href: "/termine", label: "appt.msg.35" });
      return undefined;
    }
    return b;
  };
  app.get<{ Params: { code: string }; Querystring: { token?: string; tag?: string } }>("/termine/buchung/:code/verschieben", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const b = await activeBooking(reply, req.params.code, token);
    if (!b) return reply;
    const day = isDate(req.query.tag) ? req.query.tag : undefined;
    const today = berlinDate(new Date());
    const r = await computeSlots(db, { location: b.locationKey, leikaKey: b.leikaKey, extraLeikaKeys: b.extraLeikaKeys, persons: b.persons, from: day ?? today, to: day ?? addDays(today, 366), ignoreBookingId: b.id });
    if (!r) return msg(reply, "appt.msg.39", "warning", "appt.msg.40", 404, { href: manageUrl(b.code, token), label: "appt.msg.41" });
    const slots = r.slots.filter((s) => s.start.getTime() !== b.start.getTime());
    const base = `/termine/buchung/${b.code}/verschieben`;
    const slotHref = (s: { start: Date }) => `${base}/bestaetigen?token=${encodeURIComponent(token)}&slot=${encodeURIComponent(encodeSlotId(secret, { location: b.locationKey, leikaKey: b.leikaKey, start: s.start, persons: b.persons, extraLeikaKeys: b.extraLeikaKeys }))}`;
    return reply.page(req.t("appt.move.button"), (ctx) => (
      <CalendarPage ctx={ctx} location={r.location} service={r.service} services={r.services} offered={[]} slots={slots} persons={b.persons} day={day} slotHref={slotHref}
        reschedule={{ base, token, current: b.start, backHref: manageUrl(b.code, token) }} waitlistForm={emptyForm()} />
    ), { noindex: true });
  });

  const rescheduleConfirm = async (reply: FastifyReply, b: NonNullable<Awaited<ReturnType<typeof findBooking>>>, token: string, slotId: string, error?: string, status = 200) => {
    const slot = decodeSlotId(secret, slotId);
    if (!slot || slot.location !== b.locationKey || slot.leikaKey !== b.leikaKey) return msg(reply, "appt.msg.10", "danger", "appt.msg.42", 422, { href: `/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`, label: "appt.msg.15" });
    const loc = await findLocation(db, b.locationKey);
    const end = new Date(slot.start.getTime() + (b.end.getTime() - b.start.getTime()));
    return reply.page(reply.request.t("appt.move.title"), (ctx) => <RescheduleConfirmPage ctx={ctx} b={b} location={loc} token={token} slotId={slotId} start={slot.start} end={end} error={error} />, { status, noindex: true });
  };
  app.get<{ Params: { code: string }; Querystring: { token?: string; slot?: string } }>("/termine/buchung/:code/verschieben/bestaetigen", async (req, reply) => {
    const token = String(req.query.token ?? "");
    const b = await activeBooking(reply, req.params.code, token);
    if (!b) return reply;
    return rescheduleConfirm(reply, b, token, String(req.query.slot ?? ""));
  });
  app.post<{ Params: { code: string } }>("/termine/buchung/:code/verschieben", { config: formLimit }, async (req, reply) => {
    const { token, slotId } = readForm(req.body, ["token", "slotId"] as const);
    const b = await activeBooking(reply, req.params.code, token);
    if (!b) return reply;
    const slot = decodeSlotId(secret, slotId);
    if (!slot) return rescheduleConfirm(reply, b, token, slotId);
    const r = await bookingRescheduler({ actor: req.actor(), db, requestId: req.id }, { code: b.code, token, slot, config, releaseDelayMaxSeconds: config.bookingReleaseDelayMaxSeconds });
    if (!r.ok) {
      const text =
        r.reason === "taken" ? "appt.msg.43"
        : r.reason === "slot_past" ? "appt.msg.44"
        : r.reason === "outside_hours" ? "appt.msg.45"
        : "appt.msg.46";
      return msg(reply, r.reason === "taken" ? "appt.msg.16" : "appt.msg.47", "danger", text, r.reason === "taken" ? 409 : 422, { href: `/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(token)}`, label: "appt.msg.15" });
    }
    if (config.bookingReleaseDelayMaxSeconds === 0) await releaseDueSlots(db, mailer, config);
    else await deliver(req, r.code);
    return reply.redirect(`/termine/buchung/${r.code}/bestaetigt?token=${encodeURIComponent(r.cancelToken)}&verschoben=1`, 303);
  });
}
