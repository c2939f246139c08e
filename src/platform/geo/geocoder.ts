/**
 * Address → point, through a geocoding service that speaks the **Nominatim** search API (OpenStreetMap's
 * geocoder, which a county's IT can run itself on its own OSM extract; `GET /search?format=jsonv2&q=…`,
 * https://nominatim.org/release-docs/latest/api/Search/). Configured by GEOCODER_URL; without it there is no
 * geocoder and callers fall back to municipality centres (centres.ts).
 *
 * Searches are bounded to the county's box, so an address elsewhere finds nothing. A failing or slow service
 * (GEOCODER_TIMEOUT_MS) gives "not found" and a warning without the address (no personal data in logs);
 * nothing is cached, because a typed address is personal data the portal does not keep.
 */
import type { GeoPoint } from "./centres.js";

export interface GeocodeHit extends GeoPoint {
  /** "address": a house (Nominatim place_rank 30); "street": a street or part of one (26–29); "place": coarser. */
  precision: "address" | "street" | "place";
  label: string;
}

export interface Geocoder {
  geocode(query: string, bounds: { south: number; north: number; west: number; east: number }): Promise<GeocodeHit | undefined>;
}

export interface GeocoderOptions {
  url: string;
  timeoutMs: number;
  /** Nominatim's usage policy asks for an identifying User-Agent. */
  userAgent: string;
  fetch?: typeof fetch;
  warn?: (msg: string) => void;
}

const precisionOf = (rank: number): GeocodeHit["precision"] => (rank >= 30 ? "address" : rank >= 26 ? "street" : "place");

export function nominatimGeocoder(o: GeocoderOptions): Geocoder {
  const doFetch = o.fetch ?? fetch;
  const base = o.url.replace(/\/+$/, "");
  return {
    async geocode(query, b) {
      const q = query.trim().slice(0, 300);
      if (!q) return undefined;
      const params = new URLSearchParams({ format: "jsonv2", q, limit: "1", countrycodes: "de", viewbox: `${b.west},${b.north},${b.east},${b.south}`, bounded: "1" });
      try {
        const res = await doFetch(`${base}/search?${params}`, { headers: { accept: "application/json", "accept-language": "de", "user-agent": o.userAgent }, signal: AbortSignal.timeout(o.timeoutMs) });
        if (!res.ok) {
          o.warn?.(`geocoder answered ${res.status}`);
          return undefined;
        }
        const body = (await res.json()) as unknown;
        const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : undefined;
        if (!first) return undefined;
        const lat = Number(first.lat);
        const lon = Number(first.lon);
        if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
          o.warn?.("geocoder answered without usable coordinates");
          return undefined;
        }
        // Bounded searches can still return a hit on the box's edge: keep only points inside it.
        if (lat < b.south || lat > b.north || lon < b.west || lon > b.east) return undefined;
        const rank = Number(first.place_rank ?? 0);
        return { lat, lon, precision: precisionOf(Number.isFinite(rank) ? rank : 0), label: String(first.display_name ?? "") };
      } catch (err) {
        o.warn?.(`geocoder unreachable (${(err as Error).name})`);
        return undefined;
      }
    },
  };
}

const perConfig = new WeakMap<object, Geocoder>();

/** The installation's geocoder (GEOCODER_URL), one per configuration; undefined when none is configured. */
export function geocoderOf(config: { geocoder: { url: string; timeoutMs: number } | undefined; publicUrl: string }, warn?: (msg: string) => void): Geocoder | undefined {
  const c = config.geocoder;
  if (!c) return undefined;
  let g = perConfig.get(c);
  if (!g) perConfig.set(c, (g = nominatimGeocoder({ url: c.url, timeoutMs: c.timeoutMs, userAgent: `Kreisportal (+${config.publicUrl})`, warn })));
  return g;
}
