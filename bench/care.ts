/**
 * Care-place exchange bench:  npx tsx bench/care.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL.
 * 2,000 providers spread over the municipalities of the Enzkreis and Pforzheim, 1–3 kinds each with
 * reported places. Then, for 60 s at the same time:
 *  1. Place updates at 1,000 a minute through the command (placesReporter: upsert + audit entry in
 *     one transaction), each for a random provider and kind: p50/p99 and the rate reached.
 *  2. Public search, 8 at a time: GET /api/v1/care/providers?ags=…&kind=… and the HTML page
 *     /pflegeplaetze?gemeinde=…&art=… alternately, each from its own client address (the per-IP limit
 *     would answer 429 otherwise): p50/p99, requests/s. Every third search is a distance search of the
 *     second slice (/pflegeplaetze?gemeinde=…&umkreis=15&art=…&ab=<tomorrow>&spez=demenz), reported on its own too;
 *     every other one of those goes to the JSON API with the same filters (third slice:
 *     /api/v1/care/providers?ags=…&radius=15&kind=…&neededFrom=<tomorrow>&specialisation=demenz), reported as apiFilterSearch;
 *     of the page's distance searches every other one gives an address instead of the municipality
 *     (adresse=Bahnhofstraße 3, <postcode> <town>: parsed to postcode and town, fourth slice), reported as addressSearch.
 *  CARE_BENCH_SECONDS shortens the 60 s (e.g. 30 on a busy machine).
 */
import os from "node:os";
import type { Actor } from "../src/platform/audit/index.js";
import { listMunicipalities } from "../src/modules/geo/index.js";
import { CARE_KINDS } from "../src/modules/care/kinds.js";
import { placesReporter } from "../src/modules/care/commands/placesReporter.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

async function main() {
  await withBenchRuntime("care", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async (app) => {
      const places = await listMunicipalities(db, ["08236", "08231"]);
      const PROVIDERS = 2000;
      const rows = Array.from({ length: PROVIDERS }, (_, i) => {
        const m = places[i % places.length]!;
        const kinds = CARE_KINDS.filter((_, k) => (i + k) % 3 === 0).slice(0, 3);
        return { name: `Bench-Einrichtung ${i}`, specialisations: i % 4 === 0 ? ["demenz"] : [], kinds: kinds.length ? kinds : ["stationaer"], ags: m.ags, ars: m.ars, street: `Hauptstraße ${i}`, postcode: m.postcodes[0] ?? "75417", town: m.short_name };
      });
      const ids: Array<{ id: string; kinds: string[] }> = [];
      for (let i = 0; i < rows.length; i += 500) {
        const ins = await db.insertInto("care_providers").values(rows.slice(i, i + 500)).returning(["id", "kinds"]).execute();
        ids.push(...ins);
      }
      const now = Date.now();
      await db
        .insertInto("care_places")
        .values(ids.flatMap((p, i) => p.kinds.map((k) => ({ provider_id: p.id, kind: k, free_places: i % 4, available_from: null, reported_at: new Date(now - (i % 6) * 86_400_000), reported_by_type: "system", reported_by_id: null }))))
        .execute();
      log(`${ids.length} providers with places`);

      const DURATION_MS = Number(process.env.CARE_BENCH_SECONDS ?? 60) * 1000;
      const UPDATES_PER_MINUTE = 1000;
      const actor: Actor = { type: "system", id: null };
      const updLat: number[] = [];
      const searchLat: number[] = [];
      const distanceLat: number[] = [];
      const apiFilterLat: number[] = [];
      const addressLat: number[] = [];
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const statuses: Record<string, number> = {};
      const t0 = performance.now();
      const end = t0 + DURATION_MS;

      // Updates are issued on schedule (not one after the other), at most 32 in flight: the rate does
      // not drop when one update waits for the audit chain's lock.
      const updater = (async () => {
        let n = 0;
        const inFlight = new Set<Promise<void>>();
        while (performance.now() < end) {
          const due = t0 + (n * 60_000) / UPDATES_PER_MINUTE;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          if (inFlight.size >= 32) await Promise.race(inFlight);
          const p = ids[Math.floor(Math.random() * ids.length)]!;
          const kind = p.kinds[n % p.kinds.length]!;
          const free = n % 5;
          const s = performance.now();
          const run: Promise<void> = placesReporter({ actor, db }, p.id, [{ kind, freePlaces: free, availableFrom: null }]).then(() => {
            updLat.push(performance.now() - s);
            inFlight.delete(run);
          });
          inFlight.add(run);
          n++;
        }
        await Promise.all(inFlight);
      })();

      let i = 0;
      const searchers = Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          const k = i++;
          const m = places[k % places.length]!;
          const kind = CARE_KINDS[k % CARE_KINDS.length]!;
          const distance = k % 3 === 2;
          const apiFilter = distance && k % 2 === 0;
          const address = distance && !apiFilter && k % 4 === 1;
          const url = apiFilter
            ? `/api/v1/care/providers?ags=${m.ags}&radius=15&kind=${kind}&neededFrom=${tomorrow}&specialisation=demenz`
            : address
            ? `/pflegeplaetze?adresse=${encodeURIComponent(`Bahnhofstraße 3, ${m.postcodes[0] ?? ""} ${m.short_name}`)}&umkreis=15&art=${kind}&ab=${tomorrow}&spez=demenz`
            : distance
            ? `/pflegeplaetze?gemeinde=${m.ags}&umkreis=15&art=${kind}&ab=${tomorrow}&spez=demenz`
            : k % 2 === 0
              ? `/api/v1/care/providers?ags=${m.ags}&kind=${kind}`
              : `/pflegeplaetze?gemeinde=${m.ags}&art=${kind}`;
          const s = performance.now();
          const res = await app.inject({ url, remoteAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
          searchLat.push(performance.now() - s);
          if (apiFilter) apiFilterLat.push(performance.now() - s);
          else if (address) addressLat.push(performance.now() - s);
          else if (distance) distanceLat.push(performance.now() - s);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        }
      });
      await Promise.all([updater, ...searchers]);
      const wall = performance.now() - t0;

      const result = {
        providers: ids.length,
        durationMs: Math.round(wall),
        updates: { count: updLat.length, perMinute: Math.round(updLat.length / (wall / 60_000)), p50Ms: pct(updLat, 50), p99Ms: pct(updLat, 99) },
        search: { requests: searchLat.length, concurrency: 8, statuses, p50Ms: pct(searchLat, 50), p99Ms: pct(searchLat, 99), requestsPerSecond: Math.round(searchLat.length / (wall / 1000)) },
        distanceSearch: { requests: distanceLat.length, p50Ms: pct(distanceLat, 50), p99Ms: pct(distanceLat, 99) },
        apiFilterSearch: { requests: apiFilterLat.length, p50Ms: pct(apiFilterLat, 50), p99Ms: pct(apiFilterLat, 99) },
        addressSearch: { requests: addressLat.length, p50Ms: pct(addressLat, 50), p99Ms: pct(addressLat, 99) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== searchLat.length) process.exitCode = 1;
    });
  });
}

runBench(main);
