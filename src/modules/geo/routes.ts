import type { FastifyInstance } from "fastify";
import { DATA_ATTRIBUTION } from "./masterData.js";
import { authoritiesOf, presentMunicipality } from "./presenters.js";
import { findMunicipality, listAssociationMembers, listMunicipalities, municipalitiesByPostcode, searchMunicipalities } from "./queries.js";
import { isAssociation } from "./names.js";
import { AgsParams, MunicipalityListQuery, MunicipalityListResponse, MunicipalityResponse, PostcodeParams, PostcodeResponse } from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";

const tags = ["Stammdaten"];

/** The Kreise the portal serves: the county and its partners (e.g. a Stadtkreis). */
export const servedKreise = (config: { countyKey: string; partnerKeys: string[] }) => [config.countyKey, ...config.partnerKeys];

/** JSON API on the master data: public, read-only, no personal data. */
export async function geoRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = servedKreise(config);

  app.get<{ Querystring: MunicipalityListQuery }>(
    "/api/v1/municipalities",
    {
      schema: {
        tags,
        summary: "Städte und Gemeinden des Portals",
        description: "Alle Städte und Gemeinden des Landkreises und der Partnerkreise, mit Art, Verwaltungsgemeinschaft, Einwohnerzahl und Postleitzahlen. Mit `q` nach Namen gefiltert.",
        querystring: MunicipalityListQuery,
        response: { 200: MunicipalityListResponse, 400: Problem },
      },
    },
    async (req) => {
      const rows = req.query.q ? await searchMunicipalities(db, req.query.q, { within: served, limit: 100 }) : await listMunicipalities(db, served);
      const authorities = await authoritiesOf(app, rows);
      const items = rows.map((r) => presentMunicipality(r, { servedKreise: served, authorities }));
      return { items, total: items.length, attribution: DATA_ATTRIBUTION };
    },
  );

  app.get<{ Params: AgsParams }>(
    "/api/v1/municipalities/:ags",
    {
      schema: {
        tags,
        summary: "Eine Gemeinde nach Gemeindeschlüssel",
        description: "Jede Gemeinde Deutschlands; `served` sagt, ob dieses Portal für sie zuständig ist, `authority` nennt dann die Gemeindeverwaltung.",
        params: AgsParams,
        response: { 200: MunicipalityResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const row = await findMunicipality(db, req.params.ags);
      if (!row) return sendProblem(reply, 404, `Keine Gemeinde mit dem Schlüssel ${req.params.ags}`);
      const members = row.verband_ars && isAssociation(row.verband_type_code) ? await listAssociationMembers(db, row.verband_ars) : undefined;
      return { municipality: presentMunicipality(row, { servedKreise: served, members, authorities: await authoritiesOf(app, [row]) }), attribution: DATA_ATTRIBUTION };
    },
  );

  app.get<{ Params: PostcodeParams }>(
    "/api/v1/postcodes/:postcode",
    {
      schema: {
        tags,
        summary: "Gemeinden zu einer Postleitzahl",
        description: "Eine Postleitzahl kann mehrere Gemeinden umfassen. Postleitzahlen: © OpenStreetMap-Mitwirkende, ODbL 1.0.",
        params: PostcodeParams,
        response: { 200: PostcodeResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const rows = await municipalitiesByPostcode(db, req.params.postcode);
      if (rows.length === 0) return sendProblem(reply, 404, `Unbekannte Postleitzahl ${req.params.postcode}`);
      const authorities = await authoritiesOf(app, rows);
      return {
        postcode: req.params.postcode,
        municipalities: rows.map((r) => ({ ...presentMunicipality(r, { servedKreise: served, authorities }), place: r.place })),
        attribution: DATA_ATTRIBUTION,
      };
    },
  );
}
