import type { FastifyInstance } from "fastify";
import { AGS, LEIKA_KEY } from "../../platform/keys.js";
import { choosePlace, responsibleFor } from "./place.js";
import { presentService } from "./presenters.js";
import { findService } from "./queries.js";
import { ServiceParams, ServiceQuery, ServiceResponse } from "./schemas.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { onlineFormsFor } from "../applications/index.js";
import { bookingLinksFor, bookingLocationsFor } from "../appointments/index.js";

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
          "Die Leistung (XZuFi-Leistung) nach ihrem 14-stelligen LeiKa-Schlüssel mit Leistungsbeschreibung, Voraussetzungen, Unterlagen, Gebühren, Fristen, Bearbeitungsdauer und Rechtsgrundlagen. Mit `ags` (8-stelliger Gemeindeschlüssel) zusätzlich die für diese Gemeinde zuständige Stelle. `onlineUrl` (Online-Antrag), `appointmentUrl` (Terminbuchung) und `appointments` (Standorte mit Schlüssel für /api/v1/appointments/slots), wo vorhanden.",
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
      const place = ags ? await choosePlace(db, { ags }) : undefined;
      if (place && place.kind !== "place") return sendProblem(reply, 404, `Keine Gemeinde mit dem Schlüssel ${ags}`);
      const [forms, bookings, appointments] = await Promise.all([onlineFormsFor(db, leikaKey), bookingLinksFor(db, [leikaKey], ags), bookingLocationsFor(db, leikaKey)]);
      const actions = { formUrl: forms[0]?.href, appointmentUrl: bookings.get(leikaKey), appointments };
      if (place?.kind !== "place") return presentService(row, { actions });
      const responsible = await responsibleFor(db, row, place.place);
      return presentService(row, { municipality: { ags: place.place.ags, name: place.place.name }, responsible, actions });
    },
  );
}
