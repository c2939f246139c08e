/** JSON API of road works: the public GeoJSON feed (no login). */
import type { FastifyInstance } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { agsSchema } from "../../platform/keys.js";
import { Problem } from "../../platform/http/problem.js";
import { readCatalogVersion } from "../../platform/db/catalogVersion.js";
import { publishedFeaturesJson } from "./queries.js";
import { CLOSURES } from "./rules.js";

const DateString = Type.String({ pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", format: "date" });

export const RoadworksQuery = Type.Object(
  {
    ags: Type.Optional(agsSchema({ description: "Gemeinde (8-stelliger AGS), z. B. 08236040 für Mühlacker" })),
    from: Type.Optional({ ...DateString, description: "Baustellen, die an oder nach diesem Tag enden" }),
    to: Type.Optional({ ...DateString, description: "Baustellen, die an oder vor diesem Tag beginnen" }),
  },
  { additionalProperties: false },
);
export type RoadworksQuery = Static<typeof RoadworksQuery>;

const Geometry = Type.Object({ type: Type.Union([Type.Literal("Point"), Type.Literal("LineString"), Type.Literal("Polygon")]), coordinates: Type.Unknown() }, { description: "GeoJSON-Geometrie (WGS 84)" });

export const RoadworksCollection = Type.Object({
  type: Type.Literal("FeatureCollection"),
  features: Type.Array(
    Type.Object({
      type: Type.Literal("Feature"),
      id: Type.String(),
      geometry: Geometry,
      properties: Type.Object({
        id: Type.String({ format: "uuid" }),
        title: Type.String(),
        municipality: Type.String(),
        ags: Type.String(),
        start: Type.String({ format: "date" }),
        end: Type.String({ format: "date" }),
        closure: Type.Union(CLOSURES.map((c) => Type.Literal(c)), { description: "full = Vollsperrung, half = halbseitig, signals = einbahnig mit Ampel, footway = Gehweg" }),
        detour: Type.Union([Geometry, Type.Null()]),
        road: Type.String(),
        dailyFrom: Type.String(),
        dailyTo: Type.String(),
        url: Type.String(),
      }),
    }),
  ),
});

/** How long and how many feed answers one node keeps (each also keyed by the catalogue version, which every order moves). */
const FEED_CACHE_MS = 30_000;
const FEED_CACHE_ENTRIES = 64;

export async function roadworksRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  // Per app (not per module): the answers of recent feed queries.
  const cache = new Map<string, { body: string; at: number }>();
  async function feed(q: RoadworksQuery): Promise<string> {
    const key = `${await readCatalogVersion(db)}|${q.ags ?? ""}|${q.from ?? ""}|${q.to ?? ""}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < FEED_CACHE_MS) return hit.body;
    const body = `{"type":"FeatureCollection","features":${await publishedFeaturesJson(db, q, config.publicUrl)}}`;
    cache.delete(key);
    cache.set(key, { body, at: Date.now() });
    while (cache.size > FEED_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    return body;
  }
  app.get<{ Querystring: RoadworksQuery }>(
    "/api/v1/roadworks",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ["Baustellen"],
        summary: "Baustellen als GeoJSON FeatureCollection",
        description: "Öffentlich, ohne Anmeldung. Angeordnete Baustellen mit Lage, Zeitraum, Art der Sperrung und Umleitung; Filter nach Gemeinde (AGS) und Zeitraum (from/to, JJJJ-MM-TT).",
        querystring: RoadworksQuery,
        response: { 200: RoadworksCollection, 400: Problem },
      },
    },
    async (req, reply) => {
      // Built by PostgreSQL and sent as text (the response schema documents its shape).
      return reply.type("application/geo+json; charset=utf-8").header("Cache-Control", "public, max-age=60").send(await feed(req.query));
    },
  );
}
