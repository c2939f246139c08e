/**
 * Road-works bench:  npx tsx bench/roadworks.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL.
 * 10,000 ordered road works over the municipalities of the Enzkreis and Pforzheim (lines of 3 points,
 * every third with a detour), spread over a year. Then for 30 s, 4 at a time, GET /api/v1/roadworks:
 * the whole county for a 4-week window starting on one of the next 7 days (the usual map view), each
 * municipality for a year (≈ 60 different answers), and the whole
 * feed without filters, each from its own client address: p50/p99 per kind, feature counts, bytes. The feed
 * keeps answers for 30 s per catalogue version, so first "cold": 12 rounds of each kind one at a time, the
 * catalogue version moved before every request (every answer built by PostgreSQL).
 *
 * Then the consent reminder job (ADR 0051): 3,000 works in coordination with 3 invited, unanswered parties each
 * (9,000 consents, deadlines spread over the next 30 days): runs until idle (the 900 due within 2 days in
 * batches of 500: mail, fresh link, audit per party; then the idle hourly run). Only this part:
 * ROADWORKS_BENCH_ONLY=reminder npx tsx bench/roadworks.ts
 */
import os from "node:os";
import { sql } from "kysely";
import { listMunicipalities } from "../src/modules/geo/index.js";
import { remindOpenConsents } from "../src/modules/roadworks/commands/partyAnswers.js";
import { partyMail } from "../src/modules/roadworks/presenters.js";
import { roadworksMessages } from "../src/modules/roadworks/messages.js";
import { translatorFor } from "../src/platform/i18n/index.js";
import type { Config } from "../src/platform/config.js";
import type { Db } from "../src/platform/db/index.js";
import { addDays, berlinDate } from "../src/platform/time/berlin.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

async function main() {
  await withBenchRuntime("roadworks", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async (app) => {
      const places = await listMunicipalities(db, ["08236", "08231"]);
      const WORKS = 10_000;
      const today = berlinDate(new Date());
      const rows = Array.from({ length: WORKS }, (_, i) => {
        const m = places[i % places.length]!;
        const lon = 8.5 + ((i * 7919) % 4500) / 10_000;
        const lat = 48.75 + ((i * 104_729) % 3000) / 10_000;
        const geometry = { type: "LineString" as const, coordinates: [[lon, lat], [lon + 0.001, lat + 0.0005], [lon + 0.002, lat + 0.0007]] };
        const detour = i % 3 === 0 ? { type: "LineString" as const, coordinates: [[lon, lat], [lon + 0.001, lat + 0.002], [lon + 0.002, lat + 0.0007]] } : null;
        const start = addDays(today, (i % 365) - 30);
        return {
          reference: `BS-2026-${i.toString(16).toUpperCase().padStart(6, "0")}`,
          title: `Bench-Baustelle ${i}`,
          road_name: `Straße ${i % 40}`,
          road_key: `strasse${i % 40}`,
          road_class: "municipal" as const,
          ags: m.ags,
          ars: m.ars,
          municipality: m.short_name,
          authority_kind: "municipality" as const,
          authority_name: `Gemeinde ${m.short_name}`,
          geometry: JSON.stringify(geometry) as never,
          detour: detour ? (JSON.stringify(detour) as never) : null,
          min_lon: lon, min_lat: lat, max_lon: lon + 0.002, max_lat: lat + 0.002,
          start_date: start,
          end_date: addDays(start, 5 + (i % 30)),
          lanes: 1,
          closure: (["full", "half", "signals", "footway"] as const)[i % 4]!,
          rsa_plan: "B I/2",
          site_manager: "Bench",
          site_phone: "0170 0",
          contractor: "Bench GmbH",
          client: "Bench",
          fee_cents: 8000,
          status: "ordered" as const,
          ordered_at: new Date(),
        };
      });
      if (process.env.ROADWORKS_BENCH_ONLY === "reminder") {
        process.stdout.write(`${JSON.stringify({ reminder: await benchReminder(db, bench.config, rows), loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10) }, null, 2)}\n`);
        return;
      }
      for (let i = 0; i < rows.length; i += 500) await db.insertInto("roadworks").values(rows.slice(i, i + 500)).execute();
      await sql`ANALYZE roadworks`.execute(db);
      log(`${WORKS} road works`);

      const cold: Record<string, number[]> = { window: [], municipality: [], all: [] };
      for (let k = 0; k < 12; k++) {
        for (const kind of ["window", "municipality", "all"] as const) {
          await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
          const url = kind === "window" ? `/api/v1/roadworks?from=${addDays(today, k)}&to=${addDays(today, k + 28)}` : kind === "municipality" ? `/api/v1/roadworks?ags=${places[k % places.length]!.ags}&from=${today}&to=${addDays(today, 365)}` : "/api/v1/roadworks";
          const s = performance.now();
          const res = await app.inject({ url, remoteAddress: `10.9.9.${k}` });
          cold[kind]!.push(performance.now() - s);
          if (res.statusCode !== 200) throw new Error(`cold ${url}: ${res.statusCode}`);
        }
      }
      log("cold done");

      const DURATION_MS = 30_000;
      const kinds = {
        window: (k: number) => `/api/v1/roadworks?from=${addDays(today, k % 7)}&to=${addDays(today, (k % 7) + 28)}`,
        municipality: (k: number) => `/api/v1/roadworks?ags=${places[k % places.length]!.ags}&from=${today}&to=${addDays(today, 365)}`,
        all: () => `/api/v1/roadworks`,
      };
      const lat: Record<string, number[]> = { window: [], municipality: [], all: [] };
      const features: Record<string, number[]> = { window: [], municipality: [], all: [] };
      const bytes: Record<string, number[]> = { window: [], municipality: [], all: [] };
      const statuses: Record<string, number> = {};
      const t0 = performance.now();
      const end = t0 + DURATION_MS;
      let i = 0;
      const workers = Array.from({ length: 4 }, async () => {
        while (performance.now() < end) {
          const k = i++;
          const kind = (["window", "municipality", "all"] as const)[k % 3]!;
          const s = performance.now();
          const res = await app.inject({ url: kinds[kind](k), remoteAddress: `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` });
          lat[kind]!.push(performance.now() - s);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (features[kind]!.length < 5) {
            features[kind]!.push((res.json() as { features: unknown[] }).features.length);
            bytes[kind]!.push(res.rawPayload.length);
          }
        }
      });
      await Promise.all(workers);
      const wall = performance.now() - t0;
      const avg = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
      const summary = Object.fromEntries(Object.keys(lat).map((k) => [k, { requests: lat[k]!.length, p50Ms: pct(lat[k]!, 50), p99Ms: pct(lat[k]!, 99), features: avg(features[k]!), bytes: avg(bytes[k]!) }]));
      const result = {
        roadworks: WORKS,
        durationMs: Math.round(wall),
        concurrency: 4,
        statuses,
        coldOneAtATime: Object.fromEntries(Object.keys(cold).map((k) => [k, { requests: cold[k]!.length, p50Ms: pct(cold[k]!, 50), maxMs: pct(cold[k]!, 100) }])),
        geojson: summary,
        allRequests: { p50Ms: pct(Object.values(lat).flat(), 50), p99Ms: pct(Object.values(lat).flat(), 99), requestsPerSecond: Math.round(Object.values(lat).flat().length / (wall / 1000)) },
        reminder: await benchReminder(db, bench.config, rows),
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== Object.values(lat).flat().length) process.exitCode = 1;
    });
  });
}

/** The reminder job over 9,000 open consents, run until idle (batches of 500 per run). */
async function benchReminder(db: Db, config: Config, template: Array<Record<string, unknown> & { reference: string; start_date: string }>) {
  const WORKS = 3_000;
  const today = berlinDate(new Date());
  const works = template.slice(0, WORKS).map((r, i) => ({ ...r, reference: `BS-2027-${i.toString(16).toUpperCase().padStart(6, "0")}`, title: `Bench-Abstimmung ${i}`, status: "coordination" as const, ordered_at: null }));
  const ids: string[] = [];
  for (let i = 0; i < works.length; i += 500) ids.push(...(await db.insertInto("roadworks").values(works.slice(i, i + 500) as never).returning("id").execute()).map((r) => r.id));
  const consents = ids.flatMap((id, i) => (["municipality", "police", "bus"] as const).map((party) => ({ roadwork_id: id, party, due_on: addDays(today, i % 30), invited_email: `${party}@bench.example` })));
  for (let i = 0; i < consents.length; i += 1000) await db.insertInto("roadworks_consents").values(consents.slice(i, i + 1000)).execute();
  await sql`ANALYZE roadworks_consents`.execute(db);
  log(`${consents.length} open consents`);
  const mail = partyMail(translatorFor(roadworksMessages)("de"));
  // Each run reminds at most 500 (the job's batch); the rest follow in the next hourly run, then the run is idle.
  const runs: Array<{ reminded: number; ms: number; msPerReminder: number }> = [];
  for (let k = 0; k < 4; k++) {
    const s = performance.now();
    const reminded = await remindOpenConsents(db, config, mail);
    const ms = Math.round(performance.now() - s);
    runs.push({ reminded, ms, msPerReminder: reminded ? Math.round((ms / reminded) * 10) / 10 : 0 });
    if (reminded === 0) break;
  }
  return { openConsents: consents.length, dueWithinReminderDays: consents.filter((c) => c.due_on <= addDays(today, config.roadworks.reminderDays)).length, reminderDays: config.roadworks.reminderDays, runs };
}

runBench(main);
