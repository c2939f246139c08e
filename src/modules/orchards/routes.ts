/** Public JSON API of the orchard exchange (reading; writing own listings: writeRoutes.ts). */
import type { FastifyInstance } from "fastify";
import { agsSchema, isAgs } from "../../platform/keys.js";
import { Type, type Static } from "@sinclair/typebox";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { LISTING_KINDS } from "./db.js";
import { presentItem, presentListing } from "./presenters.js";
import { itemRatingSummaries } from "./loanQueries.js";
import { centreOf, type GeoPoint } from "../../platform/geo/centres.js";
import { parsePoint } from "./validation.js";
import { confirmedSpans, findItem, findListing, isVisible, listItems, listPhotos, listVisibleListings, photosOf } from "./queries.js";

const tags = ["Streuobst"];
const readLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };
const Place = Type.Object({ ags: Type.String(), ars: Type.String(), name: Type.String() });
export const Kind = Type.Union(LISTING_KINDS.map((k) => Type.Literal(k)));
export const Listing = Type.Object({
  id: Type.String({ format: "uuid" }),
  kind: Kind,
  title: Type.String(),
  description: Type.String(),
  municipality: Place,
  areaM2: Type.Union([Type.Integer(), Type.Null()]),
  trees: Type.Union([Type.Integer(), Type.Null()]),
  varieties: Type.Union([Type.String(), Type.Null()]),
  expiresOn: Type.String({ format: "date" }),
  publisher: Type.String(),
  location: Type.Union([
    Type.Object({ lat: Type.Number(), lon: Type.Number(), precision: Type.Union([Type.Literal("grid"), Type.Literal("municipality")], { description: "grid: Mitte der ~1-km-Rasterzelle des vom Eigentümer gesetzten Punkts; municipality: Ortsmitte der Gemeinde" }) }),
    Type.Null(),
  ]),
  photos: Type.Array(Type.Object({ url: Type.String(), thumbnailUrl: Type.String(), alt: Type.String({ description: "Beschreibung des Fotos (Alternativtext)" }), width: Type.Integer(), height: Type.Integer() }), { description: "Fotos (≤ 1600 px, Vorschaubild ≤ 400 px; ohne Metadaten)" }),
  distanceKm: Type.Optional(Type.Number({ description: "Entfernung zu `near` in km (nur mit `near`)" })),
  url: Type.String(),
});
const Rating = Type.Object({ count: Type.Integer({ minimum: 0 }), average: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()]) }, { description: "Bewertungen von Ausleihenden: Anzahl und Durchschnitt der Sterne (eine Nachkommastelle; null ohne Bewertung)" });
export const Item = Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String(), description: Type.String(), municipality: Place, depositCents: Type.Integer(), publisher: Type.String(), rating: Rating, url: Type.String() });
const ListingQuery = Type.Object({
  kind: Type.Optional(Kind),
  ags: Type.Optional(agsSchema()),
  near: Type.Optional(Type.String({ pattern: "^(\\d{8}|-?\\d{1,3}(\\.\\d{1,8})?,-?\\d{1,3}(\\.\\d{1,8})?)$", description: "Umkreissuche um eine Gemeinde (AGS) oder einen Punkt `breite,länge` (WGS 84, Dezimalpunkt)", examples: ["08236040", "48.95,8.84"] })),
  km: Type.Optional(Type.Number({ minimum: 0.5, maximum: 100, default: 10, description: "Radius der Umkreissuche in km" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
});
type ListingQuery = Static<typeof ListingQuery>;
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
export type IdParams = Static<typeof IdParams>;
const Span = Type.Object({ from: Type.String({ format: "date" }), to: Type.String({ format: "date" }) });

export async function orchardRoutes(app: FastifyInstance) {
  const { db } = app.deps;
  app.get<{ Querystring: ListingQuery }>(
    "/api/v1/orchards/listings",
    {
      config: readLimit,
      schema: {
        tags,
        summary: "Anzeigen der Streuobstwiesen-Börse",
        description: "Sichtbare (nicht abgelaufene, nicht ausgeblendete) Anzeigen, neueste zuerst; Filter nach Art und Gemeinde (AGS). Mit `near` (und `km`) nur Anzeigen im Umkreis, nächste zuerst, mit `distanceKm` – gemessen vom vergröberten Punkt (~1-km-Raster) bzw. der Ortsmitte, nie vom genauen Punkt.",
        querystring: ListingQuery,
        response: { 200: Type.Object({ items: Type.Array(Listing) }), 400: Problem },
      },
    },
    async (req, reply) => {
      let near: GeoPoint | undefined;
      if (req.query.near) {
        near = isAgs(req.query.near) ? centreOf(req.query.near) : parsePoint(req.query.near);
        if (!near) return sendProblem(reply, 400, "`near` ist keine Gemeinde des Kreises (AGS) und kein gültiger Punkt `breite,länge`.");
      }
      const rows = await listVisibleListings(db, { kind: req.query.kind, ags: req.query.ags, near, km: req.query.km, limit: req.query.limit, offset: req.query.offset });
      const photos = await photosOf(db, rows.map((r) => r.id));
      return { items: rows.map((r) => presentListing(r, photos.get(r.id))) };
    },
  );
  app.get<{ Params: IdParams }>(
    "/api/v1/orchards/listings/:id",
    { config: readLimit, schema: { tags, summary: "Eine Anzeige", params: IdParams, response: { 200: Listing, 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const l = await findListing(db, req.params.id);
      if (!l || !isVisible(l)) return sendProblem(reply, 404, "Keine sichtbare Anzeige mit dieser Kennung.");
      return presentListing(l, await listPhotos(db, l.id));
    },
  );
  app.get(
    "/api/v1/orchards/items",
    { config: readLimit, schema: { tags, summary: "Geräte zum Ausleihen", response: { 200: Type.Object({ items: Type.Array(Item) }), 400: Problem } } },
    async () => {
      const items = await listItems(db);
      const ratings = await itemRatingSummaries(db, items.map((i) => i.id));
      return { items: items.map((i) => presentItem(i, ratings.get(i.id))) };
    },
  );
  app.get<{ Params: IdParams }>(
    "/api/v1/orchards/items/:id/availability",
    { config: readLimit, schema: { tags, summary: "Belegte Tage eines Geräts", description: "Bestätigte Ausleihen ab heute (erster und letzter Tag, ohne Namen).", params: IdParams, response: { 200: Type.Object({ item: Item, booked: Type.Array(Span) }), 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const item = await findItem(db, req.params.id);
      if (!item || item.status !== "active") return sendProblem(reply, 404, "Kein Gerät mit dieser Kennung.");
      const ratings = await itemRatingSummaries(db, [item.id]);
      return { item: presentItem(item, ratings.get(item.id)), booked: await confirmedSpans(db, item.id) };
    },
  );
}
