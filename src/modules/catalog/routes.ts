import type { FastifyInstance } from "fastify";
import { AGS, LEIKA_KEY } from "../../platform/keys.js";
import { choosePlace, responsibleFor } from "./place.js";
import { presentService } from "./presenters.js";
import { findService } from "./queries.js";
import { ErrorResponse, ServiceParams, ServiceQuery, ServiceResponse } from "./schemas.js";

const tags = ["Leistungen"];

/** JSON API of the catalogue: public, read-only. */
export async function catalogRoutes(app: FastifyInstance) {
  const { db } = app.deps;

  app.get<{ Params: ServiceParams; Querystring: ServiceQuery }>(
    "/api/v1/services/:leikaKey",
    {
      schema: {
        tags,
        summary: "Eine Leistung mit der zuständigen Stelle",
        description:
          "Die Leistung (XZuFi-Leistung) nach ihrem 14-stelligen LeiKa-Schlüssel mit Leistungsbeschreibung, Voraussetzungen, Unterlagen, Gebühren, Fristen, Bearbeitungsdauer und Rechtsgrundlagen. Mit `ags` (8-stelliger Gemeindeschlüssel) zusätzlich die für diese Gemeinde zuständige Stelle.",
        params: ServiceParams,
        querystring: ServiceQuery,
        response: { 200: ServiceResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { leikaKey } = req.params;
      if (!LEIKA_KEY.test(leikaKey)) return reply.code(400).send({ error: "bad_request", message: "Der LeiKa-Schlüssel hat 14 Ziffern." });
      const ags = req.query.ags;
      if (ags !== undefined && !AGS.test(ags)) return reply.code(400).send({ error: "bad_request", message: "Der Gemeindeschlüssel (AGS) hat 8 Ziffern." });
      const row = await findService(db, leikaKey);
      if (!row) return reply.code(404).send({ error: "not_found", message: `Keine Leistung mit dem Schlüssel ${leikaKey}` });
      if (!ags) return presentService(row);
      const choice = await choosePlace(db, { ags });
      if (choice.kind !== "place") return reply.code(404).send({ error: "not_found", message: `Keine Gemeinde mit dem Schlüssel ${ags}` });
      const responsible = await responsibleFor(db, row, choice.place);
      return presentService(row, { municipality: { ags: choice.place.ags, name: choice.place.name }, responsible });
    },
  );
}
