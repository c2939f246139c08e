/**
 * Appointment bench:  npm run bench:appointments
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR), listening on loopback; requests go over real HTTP.
 *  1. 500 concurrent POST /api/v1/appointments on 20 slots (single counter, non-overlapping grid):
 *     exactly 20 must succeed (201), the rest 409; latency p50/p99.
 *     Before it, 500 concurrent requests without database work (GET /robots.txt) as a baseline.
 *  2. Slot search: GET /api/v1/appointments/slots for 30 days at each of 10 locations, repeated;
 *     latency p50/p99.
 * BOOKING_CHALLENGE=off (load test), so proof of work and the per-IP limit do not interfere.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/platform/config.js";
import { openRuntime } from "../src/platform/runtime.js";
import { buildApp } from "../src/app.js";
import { ensureMunicipalAuthorities, importMasterData, loadCounty } from "../src/modules/geo/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";
import { seedAppointments } from "../src/modules/appointments/index.js";
import type { SeedLocation } from "../src/modules/appointments/commands/appointmentSeeder.js";
import { addDays, berlinDate } from "../src/modules/appointments/time.js";

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

async function main() {
  const varDir = mkdtempSync(path.join(os.tmpdir(), "kp-bench-appt-"));
  // The embedded server may run as another user (root in containers): it must reach the folder.
  chmodSync(varDir, 0o755);
  const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "bench-session-secret-".padEnd(48, "x"), VAR_DIR: varDir, PUBLIC_URL: "http://127.0.0.1:0", BOOKING_CHALLENGE: "off", LOG_LEVEL: "warn", DEMO_DATA: "false" });
  const runtime = await openRuntime(config, log);
  try {
    await importMasterData(runtime.db);
    await ensureMunicipalAuthorities(runtime.db, config);
    await importOffices(runtime.db, config);
    await importCatalog(runtime.db);
    await seedAppointments(runtime.db);
    // Ten bench locations: municipal authorities of the Enzkreis, one counter, 20-minute grid.
    const units = await runtime.db.selectFrom("org_units").select("key").where("key", "like", "gem-08236%").where("kind", "=", "municipal_authority").where("key", "!=", "gem-08236040").orderBy("key").limit(10).execute();
    const benchLocations: SeedLocation[] = units.map((u) => ({
      orgUnitKeys: [u.key],
      slotMinutes: 20,
      services: [{ leikaKey: "99008001012000", name: "Personalausweis Ausstellung", duration: 20 }],
      counters: [{ name: "Platz 1", hours: [1, 2, 3, 4, 5].map((d) => [d, "08:00", "16:00"] as [number, string, string]) }],
    }));
    const keys = await seedAppointments(runtime.db, benchLocations);
    log(`${keys.length} bench locations`);
    const county = await loadCounty(runtime.db, config.countyKey);
    const app = await buildApp({ config, db: runtime.db, mailer: { send: async () => undefined, close: async () => undefined }, county });
    const base = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const from = berlinDate(new Date());
      const to = addDays(from, 29);
      const slotsUrl = (loc: string) => `${base}/api/v1/appointments/slots?leikaKey=99008001012000&location=${encodeURIComponent(loc)}&from=${from}&to=${to}`;
      // Warm-up.
      for (const k of keys) await fetch(slotsUrl(k)).then((r) => r.json());

      // Baseline: 500 concurrent requests that touch no database (robots.txt), to tell the
      // framework's and the machine's share of the booking latency from the database's.
      const baseLat: number[] = [];
      await Promise.all(
        Array.from({ length: 500 }, async () => {
          const s = performance.now();
          await fetch(`${base}/robots.txt`).then((r) => r.arrayBuffer());
          baseLat.push(performance.now() - s);
        }),
      );

      const first = (await fetch(slotsUrl(keys[0]!)).then((r) => r.json())) as Array<{ slotId: string }>;
      const twenty = first.slice(0, 20);
      if (twenty.length < 20) throw new Error("fewer than 20 slots");
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 500 }, async (_, i) => {
          const s = performance.now();
          const r = await fetch(`${base}/api/v1/appointments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ slotId: twenty[i % 20]!.slotId, name: `Bench Person${i}`, email: `bench${i}@example.org` }) });
          await r.arrayBuffer();
          latencies.push(performance.now() - s);
          statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        }),
      );
      const bookingWall = performance.now() - t0;
      const booked = await runtime.db.selectFrom("appt_bookings").select((e) => e.fn.countAll<number>().as("n")).where("location_key", "=", keys[0]!).executeTakeFirstOrThrow();

      const searchLat: number[] = [];
      let slotCount = 0;
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          keys.map(async (k) => {
            const s = performance.now();
            const list = (await fetch(slotsUrl(k)).then((r) => r.json())) as unknown[];
            searchLat.push(performance.now() - s);
            slotCount += list.length;
          }),
        );
      }
      const result = {
        booking: { attempts: 500, slots: 20, succeeded: statuses["201"] ?? 0, conflicts: statuses["409"] ?? 0, statuses, rowsInDatabase: Number(booked.n), exactlyTwenty: (statuses["201"] ?? 0) === 20 && Number(booked.n) === 20, p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99), wallMs: Math.round(bookingWall) },
        baselineNoDatabase: { requests: 500, p50Ms: pct(baseLat, 50), p99Ms: pct(baseLat, 99), loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) },
        slotSearch: { locations: keys.length, days: 30, requests: searchLat.length, slotsPerResponse: Math.round(slotCount / searchLat.length), p50Ms: pct(searchLat, 50), p99Ms: pct(searchLat, 99) },
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.booking.exactlyTwenty) process.exitCode = 1;
    } finally {
      await app.close();
    }
  } finally {
    await runtime.close();
    rmSync(varDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
