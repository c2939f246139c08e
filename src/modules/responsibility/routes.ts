import type { FastifyInstance } from "fastify";
import { presentOffice, presentResponsible } from "./presenters.js";
import { findOffice, findResponsible, listOffices } from "./queries.js";
import { OfficeListResponse, OfficeParams, OfficeResponse, ResponsibilityQuery, ResponsibilityResponse } from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";

const tags = ["Zuständigkeit"];

/** JSON API of the responsibility finder and the offices: public, read-only, no personal data. */
export async function responsibilityRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = [config.countyKey, ...config.partnerKeys];

  app.get<{ Querystring: ResponsibilityQuery }>(
    "/api/v1/responsibility",
    {
      schema: {
        tags,
        summary: "Zuständige Stelle für eine Leistung in einer Gemeinde",
        description:
          "Ermittelt aus den Zuständigkeitsregeln (Aufgabenart der Leistung × Gemeinde) und ausdrücklichen Zuständigkeitseinträgen die zuständige Stelle. " +
          "404, wenn die Leistung oder die Gemeinde unbekannt ist, die Gemeinde nicht zum Portal gehört oder keine Regel greift.",
        querystring: ResponsibilityQuery,
        response: { 200: ResponsibilityResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const { leikaKey, ags } = req.query;
      const r = await findResponsible(db, leikaKey, ags);
      if (!r) return sendProblem(reply, 404, `Keine zuständige Stelle für ${leikaKey} in ${ags} bekannt`);
      return presentResponsible(leikaKey, ags, r);
    },
  );

  app.get(
    "/api/v1/offices",
    {
      schema: {
        tags,
        summary: "Ämter und Stellen",
        description: "Kreisverwaltungen mit Fachbereichen, Gemeindeverwaltungen und weitere Stellen (z. B. des Landes) mit Kontaktangaben.",
        response: { 200: OfficeListResponse },
      },
    },
    async () => {
      const groups = await listOffices(db, served);
      return { items: groups.map((g) => ({ office: presentOffice(g), children: g.children.map(presentOffice) })) };
    },
  );

  app.get<{ Params: OfficeParams }>(
    "/api/v1/offices/:id",
    {
      schema: {
        tags,
        summary: "Eine Stelle",
        params: OfficeParams,
        response: { 200: OfficeResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const o = await findOffice(db, req.params.id);
      if (!o) return sendProblem(reply, 404, "Unbekannte Stelle");
      return { office: presentOffice(o), children: o.children.map(presentOffice) };
    },
  );
}
