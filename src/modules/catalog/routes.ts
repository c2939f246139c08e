import type { FastifyInstance } from "fastify";
import { AGS, LEIKA_KEY } from "../../platform/keys.js";
import { choosePlace, responsibleFor } from "./place.js";
import { presentService } from "./presenters.js";
import { findService } from "./queries.js";
import { ServiceParams, ServiceQuery, ServiceResponse } from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";

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
        response: { 200: ServiceResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const { leikaKey } = req.params;
      if (!LEIKA_KEY.test(leikaKey)) return sendProblem(reply, 400, "Der LeiKa-Schlüssel hat 14 Ziffern.");
      const ags = req.query.ags;
      if (ags !== undefined && !AGS.test(ags)) return sendProblem(reply, 400, "Der Gemeindeschlüssel (AGS) hat 8 Ziffern.");
      const row = await findService(db, leikaKey);
      if (!row) return sendProblem(reply, 404, `Keine Leistung mit dem Schlüssel ${leikaKey}`);
      if (!ags) return presentService(row);
      const choice = await choosePlace(db, { ags });
      if (choice.kind !== "place") return sendProblem(reply, 404, `Keine Gemeinde mit dem Schlüssel ${ags}`);
      const responsible = await responsibleFor(db, row, choice.place);
      return presentService(row, { municipality: { ags: choice.place.ags, name: choice.place.name }, responsible });
    },
  );
}
