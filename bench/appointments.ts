/**
 * Appointment bench:  npm run bench:appointments
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR), listening on loopback; requests go over real HTTP.
 *  1. 500 concurrent POST /api/v1/appointments on 20 slots (single counter, non-overlapping grid):
 *     exactly 20 must succeed (201), the rest 409; latency p50/p99.
 *     Before it, 500 concurrent requests without database work (GET /robots.txt) as a baseline.
 *     cpuMs: CPU time of this process (client and server) and of PostgreSQL during the 500 attempts,
 *     steadier than latency on a shared machine. statements: what the app sent to PostgreSQL for the 500
 *     (a loser: slot state, then BEGIN, appt_try_hold, COMMIT; a winner also audit, mail queue and its delivery).
 *  2. Slot search: GET /api/v1/appointments/slots for 30 days at each of 10 locations, repeated;
 *     latency p50/p99.
 * BOOKING_CHALLENGE=off (load test), so proof of work and the per-IP limit do not interfere.
 */
import os from "node:os";
import { seedAppointments } from "../src/modules/appointments/index.js";
import type { SeedLocation } from "../src/modules/appointments/commands/appointmentSeeder.js";
import { addDays, berlinDate } from "../src/modules/appointments/time.js";
import { countStatements, cpuSnapshot, log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";


async function main() {
  await withBenchRuntime("appt", { BOOKING_CHALLENGE: "off" }, async (bench) => {
    const { runtime } = bench;
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
    await withBenchApp(bench, { listen: true }, async (app, base) => {
      const from = berlinDate(new Date());
      const to = addDays(from, 29);
      const slotsUrl = (loc: string) => `${base}/api/v1/appointments/slots?leikaKey=99008001012000&location=${encodeURIComponent(loc)}&from=${from}&to=${to}`;
      // Warm-up.
      for (const k of keys) await fetch(slotsUrl(k)).then((r) => r.json());

      // Baseline: 500 concurrent requests that touch no database (robots.txt), to tell the
      // framework's and the machine's share of the booking latency from the database's.
      const baseLat: number[] = [];
      const baseCpu0 = cpuSnapshot(bench.varDir);
      await Promise.all(
        Array.from({ length: 500 }, async () => {
          const s = performance.now();
          await fetch(`${base}/robots.txt`).then((r) => r.arrayBuffer());
          baseLat.push(performance.now() - s);
        }),
      );

      const baseCpu1 = cpuSnapshot(bench.varDir);
      const first = (await fetch(slotsUrl(keys[0]!)).then((r) => r.json())) as Array<{ slotId: string }>;
      const twenty = first.slice(0, 20);
      if (twenty.length < 20) throw new Error("fewer than 20 slots");
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      const statements = await countStatements();
      const cpu0 = cpuSnapshot(bench.varDir);
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
      const cpu1 = cpuSnapshot(bench.varDir);
      const sent = statements.read();
      statements.stop();
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
        booking: { attempts: 500, slots: 20, succeeded: statuses["201"] ?? 0, conflicts: statuses["409"] ?? 0, statuses, rowsInDatabase: Number(booked.n), exactlyTwenty: (statuses["201"] ?? 0) === 20 && Number(booked.n) === 20, p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99), wallMs: Math.round(bookingWall), statements: sent, cpuMs: { node: cpu1.nodeMs - cpu0.nodeMs, postgres: cpu1.pgMs - cpu0.pgMs } },
        baselineNoDatabase: { requests: 500, p50Ms: pct(baseLat, 50), p99Ms: pct(baseLat, 99), cpuMs: { node: baseCpu1.nodeMs - baseCpu0.nodeMs, postgres: baseCpu1.pgMs - baseCpu0.pgMs }, loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) },
        slotSearch: { locations: keys.length, days: 30, requests: searchLat.length, slotsPerResponse: Math.round(slotCount / searchLat.length), p50Ms: pct(searchLat, 50), p99Ms: pct(searchLat, 99) },
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!result.booking.exactlyTwenty) process.exitCode = 1;
    });
  });
}

runBench(main);
