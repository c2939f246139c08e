/**
 * Mailbox bench:  npx tsx bench/mailbox.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR). 300 anonymous dog registrations (each opens its case), then:
 *  1. Status timeline as JSON (GET /antraege/status/:ref?code=…, Accept: application/json), 3,000
 *     requests, 20 at a time, through app.inject with a different client address per request (the
 *     per-IP limit of 30/min would otherwise answer 429): p50/p99, requests/s.
 *     Also statements sent to PostgreSQL per request and CPU ms per request (this process: client and server;
 *     PostgreSQL backends), steadier than wall time on a shared machine.
 *  2. Link-only mails: 300 queued notifications sent by sendDueNotifications to a mailer that only
 *     counts: mails/s (database work per mail: claim, load submission, mark sent).
 */
import os from "node:os";
import { systemContext } from "../src/platform/commands.js";
import { findForm } from "../src/modules/applications/queries.js";
import { submitApplication } from "../src/modules/applications/service.js";
import { deliverNotifications } from "../src/modules/mailbox/index.js";
import { countStatements, cpuSnapshot, log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";


async function main() {
  await withBenchRuntime("mailbox", {}, async (bench) => {
    const { config, runtime } = bench;
    const db = runtime.db;
    let sent = 0;
    const statements = await countStatements();
    await withBenchApp(bench, { listen: false, mailer: { send: async () => void sent++, close: async () => undefined } }, async (app) => {
      const form = (await findForm(db, "hundesteuer-anmeldung"))!;
      const N = 300;
      const paths: string[] = [];
      for (let i = 0; i < N; i++) {
        const out = await submitApplication(
          systemContext(db),
          config,
          form,
          {
            name: `Bench ${i}`,
            geburtsdatum: "1980-03-14",
            email: `bench${i}@example.org`,
            gemeinde: "08236040",
            anschrift: { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" },
            hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }],
          },
          { source: "json", userId: null, channel: "api" },
        );
        if (out.kind !== "created") throw new Error(`submission ${i}: ${out.kind}`);
        const u = new URL(out.statusUrl);
        paths.push(u.pathname + u.search);
      }
      log(`${N} submissions with cases`);

      const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
      const CONCURRENCY = 20;
      const lat: number[] = [];
      const statuses: Record<string, number> = {};
      // Warm-up (JIT, schema compilation, pool), not measured; then CPU and statements of the measured requests.
      for (let i = 0; i < 200; i++) await app.inject({ url: paths[i % N]!, headers: { accept: "application/json" }, remoteAddress: `10.255.${(i >> 8) & 255}.${i & 255}` });
      let next = 0;
      const q0 = statements.read();
      const cpu0 = cpuSnapshot(bench.varDir);
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < REQUESTS) {
            const i = next++;
            const s = performance.now();
            const res = await app.inject({ url: paths[i % N]!, headers: { accept: "application/json" }, remoteAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
            lat.push(performance.now() - s);
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          }
        }),
      );
      const statusWall = performance.now() - t0;
      const cpu1 = cpuSnapshot(bench.varDir);
      const q1 = statements.read();
      log("status JSON done");

      const subs = await db.selectFrom("application_submissions").select("id").execute();
      await db.insertInto("mailbox_notifications").values(subs.map((s) => ({ submission_id: s.id, reason: "bench" }))).execute();
      const m0 = performance.now();
      let total = 0;
      for (;;) {
        const r = await deliverNotifications(db, { send: async () => void sent++, close: async () => undefined }, config);
        total += r.sent;
        if (r.sent + r.failed === 0) break;
      }
      const mailWall = performance.now() - m0;

      const result = {
        statusJson: { submissions: N, requests: REQUESTS, concurrency: CONCURRENCY, statuses, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), requestsPerSecond: Math.round(REQUESTS / (statusWall / 1000)), statementsPerRequest: Math.round(((q1 - q0) / REQUESTS) * 100) / 100, cpuMsPerRequest: { node: Math.round(((cpu1.nodeMs - cpu0.nodeMs) / REQUESTS) * 1000) / 1000, postgres: Math.round(((cpu1.pgMs - cpu0.pgMs) / REQUESTS) * 1000) / 1000 } },
        notifications: { queued: subs.length, mailsSent: total, wallMs: Math.round(mailWall), mailsPerSecond: Math.round(total / (mailWall / 1000)) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== REQUESTS || total !== subs.length) process.exitCode = 1;
    });
  });
}

runBench(main);
