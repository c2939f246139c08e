/**
 * JSON API of the interop module:
 * - GET /api/v1/cases/{id}/xbau (+ /{messageId}): the XBau messages of a case for staff who may read it
 *   (session of a staff account, like the cases API) and for specialist software (a system account's token with
 *   records:read, the same case rules as its department's staff);
 * - GET /api/v1/interop/routes: destinations by LeiKa key and AGS in the shape of the FIT-Connect Routing API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { memberUnitIds } from "../accounts/index.js";
import { getCaseSummary, staffCaseAccess } from "../cases/index.js";
import { findDestinations, routeResult } from "./fitconnect/routing.js";
import { findXBauMessage, listXBauMessages } from "./queries.js";
import { exportPvogJson, exportXZuFi } from "./xzufi/catalogue.js";
import { CaseXBauMessageParams, CaseXBauParams, RouteResult, RoutesQuery, XBauMessageList } from "./schemas.js";

const tags = ["Interoperabilität"];

export async function interopRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  /** The case of `:id` for a staff member who may read it; otherwise the problem (401/403/404) is sent and undefined returned. */
  async function readableCase(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    // A token (checked by the preHandler) stands for its account, as in the records API; else the session.
    const p = req.apiPrincipal;
    const user = p ? { id: p.userId, kind: p.kind, isAdmin: false, orgUnitIds: p.kind === "staff" ? await memberUnitIds(db, p.userId) : [] } : req.user;
    if (!user) return void sendProblem(reply, 401, "Anmeldung erforderlich");
    if (user.kind !== "staff") return void sendProblem(reply, 403, "Nur für Beschäftigte");
    const c = await getCaseSummary(db, req.params.id);
    if (!c) return void sendProblem(reply, 404, "Kein Vorgang mit dieser Kennung.");
    if (!(await staffCaseAccess(db, user, c.id)).read) return void sendProblem(reply, 403, "Kein Zugriff auf diesen Vorgang");
    return c;
  }
  // Specialist software reads the messages with the records API's token (records:read); browsers with the session.
  const tokenOrSession = requireApiToken("records:read", { optional: true });

  app.get<{ Params: CaseXBauParams }>(
    "/api/v1/cases/:id/xbau",
    {
      preHandler: tokenOrSession,
      schema: {
        tags,
        summary: "XBau-Nachrichten eines Vorgangs (Beschäftigte mit Lesezugriff auf den Vorgang; Fachverfahren mit API-Token records:read)",
        description: "Jede Nachricht ist vor dem Speichern gegen XBau 2.6 (XSD) und die Codelisten geprüft; `status: invalid` mit `errors[].path` (Elementpfad) wurde nicht versendet.",
        params: CaseXBauParams,
        response: { 200: XBauMessageList, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const c = await readableCase(req, reply);
      if (!c) return reply;
      const rows = await listXBauMessages(db, c.id);
      return {
        items: rows.map((r) => ({ id: r.id, type: r.message_type, messageUuid: r.message_uuid, direction: r.direction, status: r.status, errors: r.errors, createdAt: r.created_at.toISOString(), href: `/api/v1/cases/${c.id}/xbau/${r.id}` })),
      };
    },
  );

  app.get<{ Params: CaseXBauMessageParams }>(
    "/api/v1/cases/:id/xbau/:messageId",
    { preHandler: tokenOrSession, schema: { tags, summary: "Eine XBau-Nachricht als XML (Sitzung oder API-Token records:read)", params: CaseXBauMessageParams, produces: ["application/xml"], response: { 401: Problem, 403: Problem, 404: Problem } } },
    async (req, reply) => {
      const c = await readableCase(req, reply);
      if (!c) return reply;
      const m = await findXBauMessage(db, c.id, req.params.messageId);
      if (!m) return sendProblem(reply, 404, "Keine Nachricht mit dieser Kennung.");
      return reply.header("Content-Type", "application/xml; charset=utf-8").send(m.xml);
    },
  );

  app.get<{ Querystring: RoutesQuery }>(
    "/api/v1/interop/routes",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: "Zustelladressen nach Leistungsschlüssel und AGS (Form der FIT-Connect Routing API 2.0, GET /routes)",
        description: "Öffentlich. Liefert die konfigurierten Zustelladressen (Fachverfahren) mit öffentlichem Verschlüsselungsschlüssel (JWK, RSA-OAEP-256) und Submission-API-Adresse; die spezifischste AGS-Zuordnung gewinnt.",
        querystring: RoutesQuery,
        response: { 200: RouteResult, 400: Problem },
      },
    },
    async (req) => routeResult(await findDestinations(db, [req.query.leikaKey], req.query.ags), req.query.offset ?? 0),
  );

  const exportLimit = { rateLimit: { max: 10, timeWindow: 60_000 } };
  app.get(
    "/api/v1/interop/xzufi/katalog.xml",
    {
      config: exportLimit,
      schema: { tags, summary: "Leistungskatalog als XZuFi-2.2-strukturiertes XML (Leistungen mit Zuständigkeit und Organisationseinheit)", description: "Öffentlich. Elementnamen nach XZuFi 2.2, soweit bekannt; ohne XSD geprüft auf Wohlgeformtheit und eigene Regeln (siehe docs/modules/interop.md).", produces: ["application/xml"] },
    },
    async (_req, reply) => reply.header("Content-Type", "application/xml; charset=utf-8").send(await exportXZuFi(db, app.deps.config.countyKey)),
  );

  app.get(
    "/api/v1/interop/xzufi/leistungen.json",
    { config: exportLimit, schema: { tags, summary: "Leistungskatalog als JSON in der Form der PVOG-REST-API (leistungen, organisationseinheiten)", description: "Öffentlich; dieselben Daten wie der XZuFi-Export." } },
    async () => exportPvogJson(db, app.deps.config.countyKey),
  );
}
