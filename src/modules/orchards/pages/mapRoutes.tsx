import type { FastifyInstance } from "fastify";
import { countyBounds } from "../../../platform/geo/centres.js";
import { allowTiles } from "../../../platform/http/tiles.js";
import { LISTING_KINDS, type ListingKind } from "../db.js";
import { mapPlaces } from "../mapPlaces.js";
import { listVisibleListings } from "../queries.js";
import { MAP_WIDTH, MapPage } from "./mapViews.js";

/** At most this many (newest) listings are drawn; the page says so when there are more. */
export const MAP_LIMIT = 500;

/** `/streuobst/karte`: every visible listing at its public point (SVG and list, no JavaScript needed; with it a Leaflet map). */
export async function orchardMapPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  app.get<{ Querystring: { art?: string } }>("/streuobst/karte", async (req, reply) => {
    const kind = (LISTING_KINDS as readonly string[]).includes(req.query.art ?? "") ? (req.query.art as ListingKind) : undefined;
    const rows = await listVisibleListings(db, { kind, limit: MAP_LIMIT + 1 });
    const shown = rows.slice(0, MAP_LIMIT);
    const bounds = countyBounds(config.countyKey) ?? { south: 47.5, north: 49.8, west: 7.5, east: 10.5 };
    const { places, height } = mapPlaces(shown, bounds, MAP_WIDTH);
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(req.t("orchards.map.title"), (ctx) => <MapPage ctx={ctx} places={places} height={height} total={shown.length} capped={rows.length > MAP_LIMIT ? MAP_LIMIT : undefined} kind={kind} tileUrl={config.roadworks.tileUrl} />);
  });
}
