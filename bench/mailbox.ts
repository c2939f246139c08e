/**
 * Mailbox bench:  npx tsx bench/mailbox.ts
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR). 300 anonymous dog registrations (each opens its case), then:
 *  1. Status timeline as JSON (GET /antraege/status/:ref?code=…, Accept: application/json), 3,000
 *     requests, 20 at a time, through app.inject with a different client address per request (the
 *     per-IP limit of 30/min would otherwise answer 429): p50/p99, requests/s.
 *  2. Link-only mails: 300 queued notifications sent by sendDueNotifications to a mailer that only
 *     counts: mails/s (database work per mail: claim, load submission, mark sent).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/platform/config.js";
import { openRuntime } from "../src/platform/runtime.js";
import { systemContext } from "../src/platform/commands.js";
import { buildApp } from "../src/app.js";
import { ensureMunicipalAuthorities, importMasterData, loadCounty } from "../src/modules/geo/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";
import { findForm } from "../src/modules/applications/queries.js";
import { submitApplication } from "../src/modules/applications/service.js";
import { deliverNotifications } from "../src/modules/mailbox/index.js";

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};

async function main() {
  const varDir = mkdtempSync(path.join(os.tmpdir(), "kp-bench-mailbox-"));
  chmodSync(varDir, 0o755);
  const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "bench-session-secret-".padEnd(48, "x"), VAR_DIR: varDir, PUBLIC_URL: "http://127.0.0.1:0", LOG_LEVEL: "warn", DEMO_DATA: "false" });
  const runtime = await openRuntime(config, log);
  try {
    const db = runtime.db;
    await importMasterData(db);
    await ensureMunicipalAuthorities(db, config);
    await importOffices(db, config);
    await importCatalog(db);
    const county = await loadCounty(db, config.countyKey);
    let sent = 0;
    const app = await buildApp({ config, db, mailer: { send: async () => void sent++, close: async () => undefined }, county });
    await app.ready();
    try {
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

      const REQUESTS = 3000;
      const CONCURRENCY = 20;
      const lat: number[] = [];
      const statuses: Record<string, number> = {};
      let next = 0;
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
        statusJson: { submissions: N, requests: REQUESTS, concurrency: CONCURRENCY, statuses, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99), requestsPerSecond: Math.round(REQUESTS / (statusWall / 1000)) },
        notifications: { queued: subs.length, mailsSent: total, wallMs: Math.round(mailWall), mailsPerSecond: Math.round(total / (mailWall / 1000)) },
        loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if ((statuses["200"] ?? 0) !== REQUESTS || total !== subs.length) process.exitCode = 1;
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
