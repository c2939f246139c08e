/**
 * A local geocoder that answers like Nominatim's search API (`GET /search?format=jsonv2&q=…`, the fields the
 * portal reads: lat/lon as strings, place_rank, display_name; `viewbox` + `bounded=1` restrict the hits), from a
 * small gazetteer the test gives. Queries are matched after normalising case, punctuation and spaces, as a
 * full-text geocoder would for an exact address. It keeps every request so a test can check what was sent.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

type After = { after(fn: () => unknown): void };

export interface GazetteerEntry {
  /** The address as it is typed ("Hauptstraße 5, 75305 Neuenbürg"). */
  query: string;
  lat: number;
  lon: number;
  /** 30 = house, 26 = street, 16 = town (Nominatim's place ranks). */
  rank: number;
}

export interface LocalNominatim {
  url: string;
  requests: Array<{ params: URLSearchParams; headers: IncomingMessage["headers"] }>;
  /** Answer every search with this status (e.g. 503) until set back to undefined. */
  failWith: number | undefined;
}

const norm = (s: string) => s.toLowerCase().replace(/[.,;]/g, " ").replace(/\s+/g, " ").trim();

export async function startLocalNominatim(t: After, gazetteer: GazetteerEntry[]): Promise<LocalNominatim> {
  const state: LocalNominatim = { url: "", requests: [], failWith: undefined };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://localhost");
    if (u.pathname !== "/search") return void res.writeHead(404).end();
    state.requests.push({ params: u.searchParams, headers: req.headers });
    if (state.failWith) return void res.writeHead(state.failWith, { "content-type": "text/plain" }).end("unavailable");
    if (u.searchParams.get("format") !== "jsonv2") return void res.writeHead(400).end("format");
    const q = norm(u.searchParams.get("q") ?? "");
    let hits = gazetteer.filter((e) => norm(e.query) === q);
    const box = u.searchParams.get("viewbox")?.split(",").map(Number);
    if (box && box.length === 4 && u.searchParams.get("bounded") === "1") {
      const [x1, y1, x2, y2] = box as [number, number, number, number];
      hits = hits.filter((e) => e.lon >= Math.min(x1, x2) && e.lon <= Math.max(x1, x2) && e.lat >= Math.min(y1, y2) && e.lat <= Math.max(y1, y2));
    }
    const limit = Number(u.searchParams.get("limit") ?? 10);
    const body = hits.slice(0, limit).map((e, i) => ({
      place_id: 1000 + i,
      licence: "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright",
      osm_type: "node",
      osm_id: 2000 + i,
      lat: String(e.lat),
      lon: String(e.lon),
      category: e.rank >= 30 ? "place" : e.rank >= 26 ? "highway" : "boundary",
      type: e.rank >= 30 ? "house" : e.rank >= 26 ? "residential" : "administrative",
      place_rank: e.rank,
      importance: 0.1,
      addresstype: e.rank >= 30 ? "place" : e.rank >= 26 ? "road" : "town",
      name: "",
      display_name: e.query,
      boundingbox: [String(e.lat - 0.0001), String(e.lat + 0.0001), String(e.lon - 0.0001), String(e.lon + 0.0001)],
    }));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return state;
}
