/** JSON API of the app module (public, no login): waste calendar per street and municipal news, for a phone front end. */
import { wasteStreetLabel } from "./presenters.js";
import type { FastifyInstance } from "fastify";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { berlinDate } from "../../platform/time/berlin.js";
import { listNews } from "./news.js";
import { wasteDates, wasteStreet, wasteStreets } from "./queries.js";
import { NewsList, NewsQuery, WasteDates, WasteStreetList, WasteStreetParams, WasteStreetsQuery } from "./schemas.js";

const tags = ["App"];
const limit = { rateLimit: { max: 120, timeWindow: 60_000 } };

export async function pwaApiRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get<{ Querystring: WasteStreetsQuery }>(
    "/api/v1/waste/streets",
    { config: limit, schema: { tags, summary: "Straßen mit Abfuhrkalender in einer Gemeinde", querystring: WasteStreetsQuery, response: { 200: WasteStreetList, 400: Problem } } },
    async (req) => ({ items: (await wasteStreets(db, req.query.ags)).map((s) => ({ id: s.id, street: wasteStreetLabel(s, req.t), demo: s.isDemo, icalUrl: `${config.publicUrl}/abfuhrkalender/${s.id}.ics` })) }),
  );

  app.get<{ Params: WasteStreetParams }>(
    "/api/v1/waste/streets/:id/dates",
    { config: limit, schema: { tags, summary: "Kommende Abfuhrtermine einer Straße", params: WasteStreetParams, response: { 200: WasteDates, 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const s = await wasteStreet(db, req.params.id);
      if (!s) return sendProblem(reply, 404, "Keine Straße mit dieser Kennung.");
      const dates = await wasteDates(db, s.id, berlinDate(new Date()), 200);
      return { street: wasteStreetLabel(s, req.t), ags: s.ags, demo: s.isDemo, dates: dates.map((d) => ({ date: d.day, fraction: d.fraction as (typeof dates)[number]["fraction"] })) };
    },
  );

  app.get<{ Querystring: NewsQuery }>(
    "/api/v1/news",
    { config: limit, schema: { tags, summary: "Nachrichten des Kreises und der Gemeinden", description: "Neueste zuerst. Mit `gemeinde` die Nachrichten dieser Gemeinde und des Kreises.", querystring: NewsQuery, response: { 200: NewsList, 400: Problem } } },
    async (req) => ({
      items: (await listNews(db, { scope: req.query.gemeinde, limit: req.query.limit ?? 20 })).map((n) => ({ id: n.id, ags: n.ags, title: n.title, body: n.body, publishedAt: n.publishedAt.toISOString(), demo: n.isDemo, url: `${config.publicUrl}/nachrichten/${n.id}` })),
    }),
  );
}
