import type { FastifyInstance } from "fastify";
import { attemptBooking } from "./booking.js";
import { createChallenge } from "./altcha.js";
import { bookingCanceller } from "./commands/bookingCanceller.js";
import { releaseDueSlots } from "./jobs.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { computeSlots } from "./queries.js";
import { encodeSlotId } from "./slotId.js";
import { addDays, berlinDate, isDate } from "./time.js";
import {
  BookingCreateBody, BookingCreatedResponse, BookingParams, CancelQuery, CancelResponse, ChallengeResponse, SlotListResponse, SlotsQuery,
} from "./schemas.js";
import { schemaFieldErrors, Problem, sendProblem } from "../../platform/http/problem.js";

const tags = ["Termine"];

/** JSON API of appointment booking. */
export async function appointmentRoutes(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;

  app.get<{ Querystring: SlotsQuery }>(
    "/api/v1/appointments/slots",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: "Freie Termine einer Leistung an einem Standort",
        description: "Aus Öffnungszeiten, Feiertagen (Baden-Württemberg), Schließzeiten und Buchungen berechnet. Zeiten in UTC (ISO 8601).",
        querystring: SlotsQuery,
        response: { 200: SlotListResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const from = q.from ?? berlinDate(new Date());
      const to = q.to ?? addDays(from, 13);
      if (!isDate(from) || !isDate(to) || to < from || to > addDays(from, 62)) return sendProblem(reply, 400, "from/to müssen Daten (JJJJ-MM-TT) sein, to nicht vor from und höchstens 62 Tage danach.");
      const persons = q.persons ?? 1;
      const extraLeikaKeys = [...new Set(q.extraLeikaKeys ? q.extraLeikaKeys.split(",") : [])].filter((k) => k !== q.leikaKey);
      const r = await computeSlots(db, { location: q.location, leikaKey: q.leikaKey, extraLeikaKeys, persons, from, to });
      if (!r) return sendProblem(reply, 404, "Diese Leistung (oder eine der weiteren) ist an diesem Standort nicht buchbar.");
      return r.slots.map((s) => ({ slotId: encodeSlotId(config.sessionSecret, { location: q.location, leikaKey: q.leikaKey, start: s.start, persons, extraLeikaKeys }), start: s.start.toISOString(), end: s.end.toISOString(), location: q.location }));
    },
  );

  app.get(
    "/api/v1/appointments/challenge",
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags, summary: "Rechenaufgabe (ALTCHA, Proof of Work) für eine Buchung", description: "Einmal verwendbar, 10 Minuten gültig. Lösung als base64-JSON im Feld altcha der Buchung.", response: { 200: ChallengeResponse } },
    },
    async (_req, reply) => {
      reply.header("Cache-Control", "no-store");
      return createChallenge(config.sessionSecret);
    },
  );

  app.post<{ Body: BookingCreateBody }>(
    "/api/v1/appointments",
    {
      // Invalid input is 422 as for every other invalid booking (the contract), not Fastify's 400.
      attachValidation: true,
      schema: {
        tags,
        summary: "Termin buchen (vorläufig, Bestätigung per E-Mail-Link)",
        description: "Hält den Termin einige Minuten; er gilt, wenn der Link aus der E-Mail geöffnet und bestätigt wird. 409, wenn vergeben; 422 bei ungültigen Angaben; 429 bei zu vielen Buchungen.",
        body: BookingCreateBody,
        response: { 201: BookingCreatedResponse, 400: Problem, 409: Problem, 422: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      if (req.validationError) return sendProblem(reply, 422, `Ungültige Angaben: ${req.validationError.message}`, { errors: schemaFieldErrors(req.validationError) });
      const b = req.body ?? {};
      const r = await attemptBooking(app, req, { slotId: b.slotId ?? "", name: b.name ?? "", email: b.email ?? "", altcha: b.altcha ?? "", allowWithoutChallenge: false });
      if (!r.ok) return sendProblem(reply, r.status, r.message, { type: r.error.replace(/_/g, "-"), errors: r.fieldErrors ? r.fieldErrors.map((e) => ({ path: `/${e.field}`, message: e.message })) : r.field && r.status === 422 ? [{ path: `/${r.field}`, message: r.message }] : undefined });
      return reply.code(201).send({ bookingCode: r.code, cancelToken: r.cancelToken, status: "held", holdExpiresAt: r.holdExpiresAt.toISOString() });
    },
  );

  app.delete<{ Params: BookingParams; Querystring: CancelQuery }>(
    "/api/v1/appointments/:bookingCode",
    {
      schema: { tags, summary: "Termin absagen", params: BookingParams, querystring: CancelQuery, response: { 200: CancelResponse, 400: Problem, 404: Problem, 409: Problem } },
    },
    async (req, reply) => {
      const code = req.params.bookingCode.toUpperCase();
      const r = await bookingCanceller({ actor: req.actor(), db, requestId: req.id }, { code, token: req.query.token, releaseDelayMaxSeconds: config.bookingReleaseDelayMaxSeconds });
      if (!r.ok) {
        if (r.reason === "not_found") return sendProblem(reply, 404, "Buchung nicht gefunden oder Link ungültig.");
        return sendProblem(reply, 409, r.reason === "past" ? "Der Termin hat schon begonnen und kann nicht mehr abgesagt werden." : "Dieser Termin ist bereits abgesagt.", { type: r.reason.replace(/_/g, "-") });
      }
      // The cancellation mail was queued with the cancellation; send it now (the job retries).
      if (config.bookingReleaseDelayMaxSeconds === 0) await releaseDueSlots(db, mailer, config).catch((err: unknown) => req.log.error({ err }, "release failed"));
      else await deliverQueuedMails(db, mailer, { refs: [code] }).catch((err: unknown) => req.log.error({ err }, "mail delivery failed"));
      return { bookingCode: code, status: "cancelled" };
    },
  );
}
