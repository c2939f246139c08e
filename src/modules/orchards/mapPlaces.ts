import type { Bounds } from "./validation.js";
import { compareGerman } from "../../platform/i18n/format.js";
import { publicPoint } from "./presenters.js";
import type { ListingRow } from "./queries.js";

/** One public point on the map with the listings at it (grid cell centre or municipality centre; never the exact point). */
export interface MapPlace {
  lat: number;
  lon: number;
  precision: "grid" | "municipality";
  name: string;
  listings: Array<{ id: string; title: string; kind: string }>;
  /** Position in the SVG's viewBox. */
  x: number;
  y: number;
}

/**
 * Groups listings by their public point and projects the points into a width × height box over the county's
 * bounding area (equirectangular with the latitude's cosine, good enough at county scale). Sorted by name, then
 * latitude (north first).
 */
export function mapPlaces(rows: Array<Pick<ListingRow, "id" | "title" | "kind" | "grid_lat" | "grid_lon" | "ags" | "municipality_name">>, b: Bounds, width: number): { places: MapPlace[]; height: number } {
  const mid = ((b.north + b.south) / 2) * (Math.PI / 180);
  const height = Math.round((width * (b.north - b.south)) / ((b.east - b.west) * Math.cos(mid)));
  const byKey = new Map<string, MapPlace>();
  for (const r of rows) {
    const p = publicPoint(r);
    if (!p) continue;
    const key = `${p.lat},${p.lon}`;
    let place = byKey.get(key);
    if (!place) {
      const x = Math.round(((p.lon - b.west) / (b.east - b.west)) * width * 10) / 10;
      const y = Math.round(((b.north - p.lat) / (b.north - b.south)) * height * 10) / 10;
      place = { ...p, name: r.municipality_name, listings: [], x, y };
      byKey.set(key, place);
    }
    place.listings.push({ id: r.id, title: r.title, kind: r.kind });
  }
  const places = [...byKey.values()].sort((a, c) => compareGerman(a.name, c.name) || c.lat - a.lat);
  return { places, height };
}
