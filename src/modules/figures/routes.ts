/** JSON API of the figures: every published data set for a filter (the same cells as /zahlen and its CSV). */
import type { FastifyInstance } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { listServices } from "./queries.js";
import { datasetJson } from "./presenters.js";
import type { DatasetCache } from "./cache.js";
import { DatasetParams, DatasetQuery, DatasetResponse } from "./schemas.js";

const tags = ["Zahlen"];

export async function figuresRoutes(app: FastifyInstance, cache: DatasetCache) {
  const { db } = app.deps;
  app.get<{ Params: DatasetParams; Querystring: DatasetQuery }>(
    "/api/v1/figures/:dataset",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: "Ein Datensatz der Zahlen und Statistiken",
        description: "Öffentlich, ohne Anmeldung. Monatswerte der letzten zwölf Monate aus den Roll-up-Tabellen; Werte unter fünf als „< 5“. Lizenz: Datenlizenz Deutschland – Namensnennung 2.0.",
        params: DatasetParams,
        querystring: DatasetQuery,
        response: { 200: DatasetResponse, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const service = req.query.service ?? "";
      if (service && !(await listServices(db)).some((s) => s.key === service)) return sendProblem(reply, 404, "Keine Leistung mit diesem Schlüssel in den Zahlen.");
      const filter = { service, ags: req.query.ags ?? "" };
      const d = (await cache.get(filter)).datasets.find((x) => x.id === req.params.dataset)!;
      return datasetJson(d, filter, req.t(`figures.ds.${d.id}.title`));
    },
  );
}
