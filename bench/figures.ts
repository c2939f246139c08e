/**
 * Figures bench:  npx tsx bench/figures.ts   (FIGURES_CASES=500000 by default)
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL.
 * Two years of synthetic source data written directly with generate_series: FIGURES_CASES cases (80 %
 * decided) over 40 services and the municipalities of the Enzkreis, as many online submissions, 100,000
 * appointments and 100,000 online payments, 2,000 queries without a hit. Then:
 *  1. the roll-up: a full rebuild and the job's incremental refresh (previous + current month);
 *  2. /zahlen for 30 s, 4 at a time, with random filters (none / service / municipality / both), each
 *     request from its own client address: p50/p99; also the CSV download.
 */
import os from "node:os";
import { sql } from "kysely";
import { listMunicipalities } from "../src/modules/geo/index.js";
import { seedAppointments } from "../src/modules/appointments/index.js";
import { refreshFigures } from "../src/modules/figures/index.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const CASES = Number(process.env.FIGURES_CASES ?? 500_000);
const SERVICES = 40;

async function main() {
  await withBenchRuntime("figures", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async (app) => {
      await seedAppointments(db);
      const ags = (await listMunicipalities(db, ["08236"])).map((m) => m.ags);
      const units = (await db.selectFrom("org_units").select("id").limit(20).execute()).map((u) => u.id);
      const proc = await db.selectFrom("case_processes").select(["id", "version"]).limit(1).executeTakeFirstOrThrow();
      const form = await db.selectFrom("form_definitions").select(["id", "version"]).limit(1).executeTakeFirstOrThrow();
      const counters = await db.selectFrom("appt_counters").select(["id", "location_key"]).limit(4).execute();

      let s = performance.now();
      await sql`
        INSERT INTO application_submissions (reference, form_id, form_version, answers, answers_hash, status_code_hash, channel, submitted_at)
        SELECT 'BS-' || g, ${form.id}, ${form.version}, '{}'::jsonb, 'x', 'x', CASE WHEN g % 5 = 0 THEN 'api' ELSE 'web' END, now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute'
        FROM generate_series(1, ${CASES}) g`.execute(db);
      log(`${CASES} submissions in ${Math.round(performance.now() - s)} ms`);
      s = performance.now();
      await sql`
        INSERT INTO cases (reference, process_id, process_version, form_id, leika_key, service_title, municipality_ags, state, citizen_status, owner_unit_id, created_at, decided_at, outcome)
        SELECT 'BC-' || g, ${proc.id}, ${proc.version}, 'bench-form-' || (g % ${SERVICES}), 'L' || lpad((g % ${SERVICES})::text, 13, '0'), 'Bench-Leistung ' || (g % ${SERVICES}),
               (${ags}::text[])[1 + g % ${ags.length}], 'received', CASE WHEN g % 10 < 8 THEN 'decided' ELSE 'received' END, (${units}::uuid[])[1 + g % ${units.length}],
               c.at, CASE WHEN g % 10 < 8 THEN least(now(), c.at + (1 + g % 60) * interval '1 day') END, CASE WHEN g % 10 < 8 THEN 'approved' END
        FROM generate_series(1, ${CASES}) g, LATERAL (SELECT now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute' AS at) c`.execute(db);
      log(`${CASES} cases in ${Math.round(performance.now() - s)} ms`);
      s = performance.now();
      // Appointments: back to back on each counter (the exclusion constraint forbids overlaps), over two years.
      const perCounter = Math.floor(100_000 / counters.length);
      for (const [i, c] of counters.entries()) {
        await sql`
          INSERT INTO appt_bookings (code, location_key, counter_id, leika_key, persons, starts_at, ends_at, name, email, status, confirm_token_hash, cancel_token_hash)
          SELECT 'B' || ${i} || '-' || g, ${c.location_key}, ${c.id}, 'L' || lpad((g % ${SERVICES})::text, 13, '0'), 1, t.s, t.s + interval '10 minutes', 'Bench', 'b@example.org',
                 CASE WHEN g % 12 = 0 THEN 'no_show' WHEN g % 12 = 1 THEN 'cancelled' ELSE 'checked_in' END, 'c' || ${i} || '-' || g, 'x' || ${i} || '-' || g
          FROM generate_series(1, ${perCounter}) g, LATERAL (SELECT now() - interval '730 days' + g * (interval '730 days' / ${perCounter}) AS s) t`.execute(db);
      }
      await sql`
        INSERT INTO payment_transactions (request_id, provider, subject_type, subject_id, status, amount_cents, purpose, reference, items, return_path, paid_at)
        SELECT 'bench-' || g, 'sandbox', 'application', s.id::text, 'PAYED', 500 + g % 10000, 'Bench', 'BS-' || g, '[]'::jsonb, '/', now() - (g % 730) * interval '1 day'
        FROM (SELECT id, row_number() OVER () AS g FROM application_submissions LIMIT 100000) s`.execute(db);
      await sql`INSERT INTO search_misses (query, count) SELECT 'suchwort ' || g, 1 + g % 30 FROM generate_series(1, 2000) g`.execute(db);
      await sql`ANALYZE`.execute(db);
      log(`appointments, payments, misses in ${Math.round(performance.now() - s)} ms`);

      s = performance.now();
      const full = await refreshFigures(db, { full: true });
      const fullMs = Math.round(performance.now() - s);
      log(`full rebuild: ${full.rows} values in ${fullMs} ms`);
      const incr: number[] = [];
      let incrRows = 0;
      for (let i = 0; i < 3; i++) {
        s = performance.now();
        incrRows = (await refreshFigures(db)).rows;
        incr.push(performance.now() - s);
      }
      log(`incremental: ${incrRows} values, ${incr.map((x) => Math.round(x)).join(" / ")} ms`);
      const rollupRows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM figures_monthly`.execute(db)).rows[0]!.n);

      const services = (await db.selectFrom("figures_services").select("key").execute()).map((r) => r.key);
      // One request at a time first (the page's own cost), then 4 at a time.
      const seq: number[] = [];
      for (let n = 0; n < 200; n++) {
        const st = performance.now();
        const res = await app.inject({ url: `/zahlen?dienst=${services[n % services.length]}&gemeinde=${ags[n % ags.length]}`, remoteAddress: `10.200.${(n >> 8) & 255}.${n & 255}` });
        seq.push(performance.now() - st);
        if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      }
      log(`sequential /zahlen: p50 ${pct(seq, 50)} ms, p99 ${pct(seq, 99)} ms`);
      const DURATION_MS = 30_000;
      const lat: number[] = [];
      const csvLat: number[] = [];
      const statuses: Record<string, number> = {};
      let k = 0;
      const t0 = performance.now();
      const end = t0 + DURATION_MS;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (performance.now() < end) {
            const n = k++;
            const p = new URLSearchParams();
            if (n % 4 === 1 || n % 4 === 3) p.set("dienst", services[n % services.length]!);
            if (n % 4 >= 2) p.set("gemeinde", ags[n % ags.length]!);
            const csv = n % 10 === 9;
            const url = `${csv ? "/zahlen/daten/bearbeitungszeit.csv" : "/zahlen"}${p.size ? `?${p}` : ""}`;
            const st = performance.now();
            const res = await app.inject({ url, remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });
            (csv ? csvLat : lat).push(performance.now() - st);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          }
        }),
      );
      const wall = performance.now() - t0;
      const result = {
        cases: CASES,
        submissions: CASES,
        appointments: perCounter * counters.length,
        payments: 100_000,
        months: 24,
        rollup: { rows: rollupRows, fullRebuildMs: fullMs, incrementalMs: { p50: pct(incr, 50), max: Math.round(Math.max(...incr)) }, incrementalValues: incrRows },
        pageSequential: { requests: seq.length, p50Ms: pct(seq, 50), p99Ms: pct(seq, 99) },
        page: { requests: lat.length, concurrency: 4, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), requestsPerSecond: Math.round((lat.length + csvLat.length) / (wall / 1000)) },
        csv: { requests: csvLat.length, p50Ms: pct(csvLat, 50), p99Ms: pct(csvLat, 99) },
        statuses,
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== lat.length + csvLat.length) process.exitCode = 1;
    });
  });
}

runBench(main);
