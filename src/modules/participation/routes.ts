/** JSON API of public participation: procedures (read) and statements (anonymous, with name and address). */
import type { FastifyInstance } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { isEmailAddress } from "../../platform/mail/address.js";
import { stripControlChars } from "../../platform/controlChars.js";
import { listMunicipalities, servedKreise } from "../geo/index.js";
import { statementSubmitter } from "./commands/statementSubmitter.js";
import { closedText, landUseLabel, presentProcedure, receiptMail } from "./presenters.js";
import { participationMessages } from "./messages.js";
import { translatorFor } from "../../platform/i18n/index.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { findPlan, findProcedure, listProcedures, openPhase } from "./queries.js";
import { PlanFeatures, ProcedureListQuery, ProcedureListResponse, ProcedureParams, ProcedureResponse, StatementBody, StatementReceipt } from "./schemas.js";

const tags = ["Beteiligung"];
const mailText = translatorFor(participationMessages);

export async function participationRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const names = async () => new Map((await listMunicipalities(db, servedKreise(config))).map((m) => [m.ags, m.short_name]));

  app.get<{ Querystring: ProcedureListQuery }>(
    "/api/v1/participation/procedures",
    { schema: { tags, summary: "Beteiligungsverfahren (Bauleitplanung)", description: "Alle Verfahren, neueste zuerst; mit `ags` nur die einer Gemeinde.", querystring: ProcedureListQuery, response: { 200: ProcedureListResponse, 400: Problem } } },
    async (req) => {
      const [list, n] = await Promise.all([listProcedures(db, req.query.ags ? { ags: req.query.ags } : {}), names()]);
      const now = new Date();
      return { items: list.map((p) => presentProcedure(p, n.get(p.ags) ?? p.ags, config.publicUrl, now)) };
    },
  );

  app.get<{ Params: ProcedureParams }>(
    "/api/v1/participation/procedures/:slug",
    { schema: { tags, summary: "Ein Beteiligungsverfahren mit Unterlagen", params: ProcedureParams, response: { 200: ProcedureResponse, 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const p = await findProcedure(db, { slug: req.params.slug });
      if (!p) return sendProblem(reply, 404, "Kein Beteiligungsverfahren unter dieser Adresse.");
      const n = await names();
      return {
        procedure: presentProcedure(p, n.get(p.ags) ?? p.ags, config.publicUrl),
        documents: p.documents.map((d) => ({ title: d.title, size: d.size, url: `${config.publicUrl}/beteiligung/${p.slug}/unterlagen/${d.id}` })),
      };
    },
  );

  app.get<{ Params: ProcedureParams }>(
    "/api/v1/participation/procedures/:slug/plan",
    { schema: { tags, summary: "Planzeichnung (XPlanGML) als GeoJSON", description: "Geltungsbereich und Inhalte (Flächen, Linien, Punkte) des hochgeladenen XPlanGML-Plans in WGS84, jeweils mit ihrer Bezeichnung in der Sprache der Anfrage (label); 404 ohne Plan oder ohne unterstütztes Bezugssystem.", params: ProcedureParams, response: { 200: PlanFeatures, 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const p = await findProcedure(db, { slug: req.params.slug });
      const plan = p && (await findPlan(db, p.id));
      if (!plan?.area) return sendProblem(reply, 404, "Kein Plan mit Geometrie zu diesem Verfahren.");
      const features: PlanFeatures["features"] = [
        { type: "Feature", properties: { role: "area", featureType: plan.planType, use: null, useAttribute: null, label: req.t("participation.plan.areaLabel") }, geometry: plan.area },
        ...plan.landUses.map((l) => ({ type: "Feature" as const, properties: { role: "landUse" as const, featureType: l.type, use: l.use, useAttribute: l.useAttribute ?? null, label: landUseLabel(req.t, l) }, geometry: l.geometry })),
      ];
      return reply.type("application/geo+json").send({ type: "FeatureCollection", name: plan.name, planType: plan.planType, features });
    },
  );

  app.post<{ Params: ProcedureParams; Body: StatementBody }>(
    "/api/v1/participation/procedures/:slug/statements",
    {
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: "Stellungnahme abgeben (ohne Konto)",
        description: "Nur während einer Beteiligungsphase; sonst 409 mit dem Ende der Frist. Name und Anschrift sind Pflicht; mit `email` wird eine Eingangsbestätigung geschickt. Die Antwort enthält die Nummer der Stellungnahme.",
        params: ProcedureParams,
        body: StatementBody,
        response: { 201: StatementReceipt, 400: Problem, 404: Problem, 409: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const p = await findProcedure(db, { slug: req.params.slug });
      if (!p) return sendProblem(reply, 404, "Kein Beteiligungsverfahren unter dieser Adresse.");
      const clean = (s: string) => stripControlChars(s.normalize("NFC")).trim();
      const body = { text: clean(req.body.text), name: clean(req.body.name), street: clean(req.body.street), postcode: req.body.postcode, city: clean(req.body.city), email: req.body.email ? clean(req.body.email) : null };
      if (body.email && !isEmailAddress(body.email)) return sendProblem(reply, 422, "Die E-Mail-Adresse ist ungültig.", { errors: [{ path: "/email", message: "ungültige E-Mail-Adresse" }] });
      const now = new Date();
      const phase = openPhase(p.phases, now);
      if (!phase) return sendProblem(reply, 409, closedText(req.t, p.phases, now), { type: "participation-closed" });
      const municipality = (await names()).get(p.ags) ?? p.ags;
      const t = mailText(req.locale);
      const r = await statementSubmitter(
        { actor: req.actor(), db, requestId: req.id },
        {
          procedureId: p.id,
          phaseId: phase.id,
          userId: null,
          name: body.name,
          street: body.street,
          postcode: body.postcode,
          city: body.city,
          email: body.email,
          body: body.text,
          locale: req.locale,
          receipt: (reference, at) => receiptMail(t, req.locale, { reference, at, name: body.name, title: p.title, municipality, body: body.text, url: `${config.publicUrl}/beteiligung/${p.slug}` }),
        },
      );
      if (r.ok && body.email) await deliverQueuedMails(db, app.deps.mailer, { refs: [r.reference] }).catch((err: unknown) => req.log.warn({ err }, "participation receipt mail deferred"));
      if (!r.ok) return sendProblem(reply, 409, closedText(req.t, p.phases, new Date()), { type: "participation-closed" });
      return reply.code(201).send({ reference: r.reference, submittedAt: r.submittedAt.toISOString() });
    },
  );
}
