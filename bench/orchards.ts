/**
 * Orchard exchange bench:  npm run bench:orchards
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL.
 *  1. 50,000 listings across the Enzkreis municipalities (one SQL insert), then the node's search
 *     index rebuild (every module's search source included): wall time.
 *  2. Listing search: 2,000 GET /api/v1/search requests with everyday queries ("streuobstwiese
 *     pachten", "apfelpflücker ausleihen", "mosten mühlacker" …), 10 at a time: p50/p99, requests/s.
 *  3. Listing list: 1,000 GET /api/v1/orchards/listings?ags=…&kind=… (the SQL path), 10 at a time.
 *  4. Distance search: half the listings get a map point (coarsened like the app does), then 1,000
 *     GET /api/v1/orchards/listings?near=<AGS or lat,lon>&km=10 (SQL haversine over grid points and
 *     municipality centres, nearest first), 10 at a time: p50/p99.
 *  5. Photo processing: 20 phone-sized photos (4000 × 3000 JPEG with GPS EXIF) through processPhoto
 *     (check, auto-rotate, 1600 px + 400 px JPEG without metadata), 2 at a time: ms per photo.
 *  6. Lending: 100 concurrent loan requests for the same days of one item, then 100 concurrent
 *     confirmations: exactly one must end confirmed (exclusion constraint); wall time.
 *  5. Round table: 200 people register at once for 50 seats: exactly 50 seats, 150 on the waitlist
 *     (event row lock + CHECK, ADR 0050); wall time and per-registration p50/p99.
 */
import os from "node:os";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { systemContext } from "../src/platform/commands.js";
import { addDays } from "../src/platform/time/berlin.js";
import { itemCreator, loanDecider, loanRequester } from "../src/modules/orchards/commands/loans.js";
import { eventCreator, eventRegistrar } from "../src/modules/orchards/commands/events.js";
import { today } from "../src/modules/orchards/queries.js";
import { processPhoto } from "../src/modules/orchards/photos.js";
import sharp from "sharp";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const N = Number(process.env.ORCHARDS_BENCH_LISTINGS ?? 50_000);
const QUERIES = ["streuobstwiese pachten", "apfelpflücker ausleihen", "mosten mühlacker", "erntehilfe maulbronn", "obstbaumschnitt", "wiese verpachten knittlingen", "äpfel selbst pflücken", "mulcher leihen"];

async function timed(n: number, concurrency: number, one: (i: number) => Promise<number>): Promise<{ lat: number[]; wall: number; statuses: Record<string, number> }> {
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        const status = await one(i);
        lat.push(performance.now() - s);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (lat.length % 500 === 0) log(`${lat.length}/${n}`);
      }
    }),
  );
  return { lat, wall: performance.now() - t0, statuses };
}

async function main() {
  await withBenchRuntime("orchards", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async (app) => {
      const ins0 = performance.now();
      await sql`
        INSERT INTO orchard_listings (kind, title, description, ags, ars, municipality_name, area_m2, trees, varieties, expires_on, publisher)
        SELECT (ARRAY['meadow_lease','meadow_sale','meadow_care','harvest_wanted','harvest_offered','fruit','tree_care','pressing'])[1 + g % 8],
               (ARRAY['Streuobstwiese zu verpachten','Obstwiese zu verkaufen','Wiese zur Pflege','Erntehelfer gesucht','Biete Erntehilfe','Äpfel zum Selbstpflücken','Obstbaumschnitt','Mosttermine'])[1 + g % 8] || ' Nr. ' || g,
               'Bench-Anzeige mit ' || (g % 60) || ' Bäumen in ' || m.short_name, m.ags, m.ars, m.short_name, 500 + g % 5000, g % 60, 'Boskoop, Brettacher',
               ${addDays(today(), 30)}::date, 'Bench'
        FROM generate_series(1, ${N}::int) g
        JOIN (SELECT row_number() OVER (ORDER BY ags) - 1 AS i, ags, ars, short_name FROM areas WHERE level = 'gemeinde' AND kreis_key = ${bench.config.countyKey}) m
          ON m.i = g % (SELECT count(*) FROM areas WHERE level = 'gemeinde' AND kreis_key = ${bench.config.countyKey})
      `.execute(db);
      await db.transaction().execute((tx) => sql`UPDATE catalog_version SET version = version + 1`.execute(tx));
      const insertMs = performance.now() - ins0;
      log(`${N} listings inserted`);
      const search = app.services.search!;
      const r0 = performance.now();
      await search.rebuild();
      const rebuildMs = performance.now() - r0;
      log("search index rebuilt");

      let ip = 0;
      const addr = () => `10.7.${(ip >> 8) & 255}.${ip++ & 255}`;
      let hitsChecked = 0;
      const s = await timed(2000, 10, async (i) => {
        const res = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`, remoteAddress: addr() });
        if (i < QUERIES.length && res.statusCode === 200 && (res.json() as { results: Array<{ url: string }> }).results.some((r) => r.url.startsWith("/streuobst/"))) hitsChecked++;
        return res.statusCode;
      });
      log("search done");
      const places = (await db.selectFrom("orchard_listings").select("ags").distinct().execute()).map((r) => r.ags);
      const kinds = ["meadow_lease", "fruit", "pressing", "tree_care"];
      const l = await timed(1000, 10, async (i) => {
        const res = await app.inject({ url: `/api/v1/orchards/listings?ags=${places[i % places.length]}&kind=${kinds[i % kinds.length]}&limit=50`, remoteAddress: addr() });
        return res.statusCode;
      });
      log("listing list done");

      // Map points on half the listings: random points inside the county's box, coarsened to the ~1 km grid.
      await sql`
        UPDATE orchard_listings SET lat = p.lat, lon = p.lon,
          grid_lat = round(((floor(p.lat / 0.01 + 1e-9) + 0.5) * 0.01)::numeric, 6)::float8,
          grid_lon = round(((floor(p.lon / 0.015 + 1e-9) + 0.5) * 0.015)::numeric, 6)::float8
        FROM (SELECT id, 48.75 + random() * 0.3 AS lat, 8.5 + random() * 0.45 AS lon FROM orchard_listings WHERE random() < 0.5) p
        WHERE orchard_listings.id = p.id
      `.execute(db);
      const nearBy = ["08236040", "48.95,8.84", "08236043", "48.9,8.7", "08236033"];
      let nearHits = 0;
      const d = await timed(1000, 10, async (i) => {
        const res = await app.inject({ url: `/api/v1/orchards/listings?near=${nearBy[i % nearBy.length]}&km=10&limit=50`, remoteAddress: addr() });
        if (res.statusCode === 200 && (res.json() as { items: Array<{ distanceKm: number }> }).items.length > 0) nearHits++;
        return res.statusCode;
      });
      log("distance search done");

      // Noise makes the JPEG about as hard to decode as a real photo (a flat colour would be trivial).
      const photo = await sharp(randomBytes(4000 * 3000 * 3), { raw: { width: 4000, height: 3000, channels: 3 } })
        .blur(1.5)
        .jpeg({ quality: 85 })
        .withMetadata({ orientation: 6 })
        .withExifMerge({ IFD0: { Make: "Bench" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 57/1 1234/100" } })
        .toBuffer();
      const ph = await timed(20, 2, async () => ((await processPhoto(photo)).ok ? 200 : 422));
      log("photo processing done");

      const ctx = systemContext(db);
      const place = { ags: places[0]!, ars: "000000000000", name: "Bench" };
      const { id: itemId } = await itemCreator(ctx, { ownerId: null, publisher: "Landratsamt Enzkreis", input: { name: "Mobile Saftpresse", description: "", municipality: place, depositCents: 0 } });
      const days = { from: addDays(today(), 5), to: addDays(today(), 6) };
      const c0 = performance.now();
      const reqs = await Promise.all(Array.from({ length: 100 }, () => loanRequester(ctx, { itemId, borrowerId: null, borrowerName: "Bench", days, note: "" })));
      const requestMs = performance.now() - c0;
      const d0 = performance.now();
      const decisions = await Promise.all(reqs.map((r) => loanDecider(ctx, { loanId: (r as { id: string }).id, itemId, days, decision: "confirm" })));
      const confirmMs = performance.now() - d0;
      const confirmed = decisions.filter((d) => d.kind === "confirmed").length;
      const refused = decisions.filter((d) => d.kind === "overlap").length;

      // Round table: 200 registrations at once for 50 seats.
      const people = (
        await sql<{ id: string }>`INSERT INTO users (kind, email, display_name, password_hash, email_verified_at)
          SELECT 'citizen', 'rt' || g || '@bench.example', 'rt' || g, 'x', now() FROM generate_series(1, 200) g RETURNING id`.execute(db)
      ).rows.map((r) => r.id);
      const { id: eventId } = await eventCreator(ctx, { staffId: null, input: { title: "Runder Tisch Bench", description: "Bench", place: "Bench", startsAt: new Date(Date.now() + 7 * 86_400_000), endsAt: new Date(Date.now() + 7 * 86_400_000 + 7_200_000), capacity: 50 } });
      const regLat: number[] = [];
      const e0 = performance.now();
      const regs = await Promise.all(
        people.map(async (userId, i) => {
          const s0 = performance.now();
          const out = await eventRegistrar(ctx, { eventId, userId, name: `rt${i}` });
          regLat.push(performance.now() - s0);
          return out;
        }),
      );
      const registerMs = performance.now() - e0;
      const seats = regs.filter((r) => r.kind === "registered").length;
      const waiting = regs.filter((r) => r.kind === "waitlisted").length;
      const counter = (await db.selectFrom("orchard_events").select("registered").where("id", "=", eventId).executeTakeFirstOrThrow()).registered;

      const result = {
        listings: N,
        insertMs: Math.round(insertMs),
        searchIndexRebuildMs: Math.round(rebuildMs),
        listingSearch: { requests: 2000, concurrency: 10, statuses: s.statuses, p50Ms: pct(s.lat, 50), p99Ms: pct(s.lat, 99), requestsPerSecond: Math.round(2000 / (s.wall / 1000)), queriesFindingListings: `${hitsChecked}/${QUERIES.length}` },
        listingList: { requests: 1000, concurrency: 10, statuses: l.statuses, p50Ms: pct(l.lat, 50), p99Ms: pct(l.lat, 99), requestsPerSecond: Math.round(1000 / (l.wall / 1000)) },
        distanceSearch: { requests: 1000, concurrency: 10, km: 10, statuses: d.statuses, withResults: nearHits, p50Ms: pct(d.lat, 50), p99Ms: pct(d.lat, 99), requestsPerSecond: Math.round(1000 / (d.wall / 1000)) },
        photoProcessing: { photos: 20, concurrency: 2, inputBytes: photo.length, inputPixels: "4000x3000", statuses: ph.statuses, p50Ms: pct(ph.lat, 50), p99Ms: pct(ph.lat, 99), photosPerSecond: Math.round((20 / (ph.wall / 1000)) * 10) / 10 },
        loans: { concurrentRequests: 100, requested: reqs.filter((r) => r.kind === "requested").length, requestWallMs: Math.round(requestMs), concurrentConfirmations: 100, confirmed, refusedOverlap: refused, confirmWallMs: Math.round(confirmMs) },
        roundTable: { concurrentRegistrations: 200, capacity: 50, registered: seats, waitlisted: waiting, counter, wallMs: Math.round(registerMs), p50Ms: pct(regLat, 50), p99Ms: pct(regLat, 99) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (confirmed !== 1 || refused !== 99 || seats !== 50 || waiting !== 150 || counter !== 50 || (s.statuses["200"] ?? 0) !== 2000 || (l.statuses["200"] ?? 0) !== 1000 || (d.statuses["200"] ?? 0) !== 1000 || (ph.statuses["200"] ?? 0) !== 20) process.exitCode = 1;
    });
  });
}

runBench(main);
