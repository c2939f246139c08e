/**
 * Applications bench:  npm run bench:applications
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL (temporary
 * VAR_DIR), listening on loopback; requests go over real HTTP.
 *  1. Sustained submissions: 20 concurrent clients POST /api/v1/forms/hundesteuer-anmeldung/submissions
 *     (valid answers, an Idempotency-Key each) for 30 s → submissions/s and latency p50/p99.
 *     Each request comes "from" its own address (X-Forwarded-For with TRUST_PROXY=true), so the per-IP
 *     limit of 60/min does not cut the load, but its database counter is still written, as in production.
 *  2. Raw single-row INSERT rate of the same PostgreSQL (20 connections, autocommit, a jsonb row of the same
 *     answers) for the same time → the ratio API/raw says how much of the database the whole request costs.
 *  Before part 1: statementsPerSubmission, the statements one submission sends to PostgreSQL (20 one after the
 *     other after the warm-up, counted at pg's Client.query; all with the same e-mail address, as the load).
 *  3. Receipt PDF: receiptPdf() of every shipped form's sample answers (in process), and GET receiptUrl over
 *     HTTP (with lookup and code check); median/p99.
 * BENCH_DURATION (seconds, default 30) and BENCH_CLIENTS (default 20) override the load settings;
 * BENCH_SUBMISSIONS_ONLY=1 stops after part 1 (for A/B runs of the submitting transaction).
 */
import os from "node:os";
import pg from "pg";
import { readFormFiles } from "../src/modules/forms/index.js";
import { receiptPdf } from "../src/modules/applications/receipt.js";
import { validAnswers } from "../test/fixtures/formAnswers.js";
import { countStatements, log, pct as percentile, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const FORM = "hundesteuer-anmeldung";
const STATEMENT_SAMPLE = 20;

const pct = (xs: number[], p: number) => percentile(xs, p, 2);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** Runs `clients` loops of `op` until the deadline; returns completed operations, failures, latencies. */
async function sustained(clients: number, seconds: number, op: (i: number) => Promise<boolean>) {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        const good = await op(n++);
        latencies.push(performance.now() - s);
        if (good) ok++;
        else failed++;
      }
    }),
  );
  const wallS = (performance.now() - t0) / 1000;
  return { ok, failed, perSecond: round(ok / wallS), p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99), wallS: round(wallS) };
}

async function main() {
  await withBenchRuntime("appl", { TRUST_PROXY: "true" }, async (bench) => {
    const { config, runtime } = bench;
    const raw = new pg.Pool({ connectionString: runtime.databaseUrl, max: CLIENTS });
    try {
      await withBenchApp(bench, { listen: true }, async (app, base) => {
        const answers = validAnswers[FORM]!;
        const submit = (i: number) =>
          fetch(`${base}/api/v1/forms/${FORM}/submissions`, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": `bench-${process.pid}-${i}`, "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body: JSON.stringify({ ...answers, name: `Bench Person ${i}` }),
            // A stuck server (e.g. an exhausted connection pool) shows up as failures, not as a hanging bench.
            signal: AbortSignal.timeout(20_000),
          });
        // Warm-up (JIT, schema compilation, pool).
        for (let i = 0; i < 50; i++) await (await submit(-1 - i)).arrayBuffer();
        // Statements one submission sends to PostgreSQL (one after the other, so nothing else is counted): the
        // request's transaction (submission, case, audit, mail queue), the rate-limit counter, the event delivery after the commit.
        const statements = await countStatements();
        const q0 = statements.read();
        for (let i = 0; i < STATEMENT_SAMPLE; i++) {
          const r = await submit(-100 - i);
          await r.arrayBuffer();
          if (r.status !== 201) throw new Error(`counted submission ${i}: ${r.status}`);
        }
        const perSubmission = { submissions: STATEMENT_SAMPLE, statements: round((statements.read() - q0) / STATEMENT_SAMPLE, 2) };
        statements.stop();
        log(`API: ${CLIENTS} clients, ${DURATION_S} s`);
        let lastReceipt = "";
        const api = await sustained(CLIENTS, DURATION_S, async (i) => {
          try {
            const r = await submit(i);
            const body = (await r.json()) as { receiptUrl?: string };
            if (r.status === 201 && body.receiptUrl) lastReceipt = body.receiptUrl;
            return r.status === 201;
          } catch {
            return false;
          }
        });
        if (api.failed > 0) {
          // Requests that never came back leave the server's pool stuck: report and stop here.
          process.stdout.write(`${JSON.stringify({ submissions: { form: FORM, clients: CLIENTS, seconds: DURATION_S, ...api, stalled: true } }, null, 2)}\n`);
          process.exit(1);
        }
        const stored = await runtime.db.selectFrom("application_submissions").select((e) => e.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
        if (process.env.BENCH_SUBMISSIONS_ONLY === "1") {
          process.stdout.write(`${JSON.stringify({ submissions: { form: FORM, clients: CLIENTS, seconds: DURATION_S, ...api, rowsInDatabase: Number(stored.n) }, statementsPerSubmission: perSubmission }, null, 2)}\n`);
          return;
        }

        log(`raw INSERT: ${CLIENTS} connections, ${DURATION_S} s`);
        await raw.query("CREATE TABLE bench_raw_insert (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL)");
        const payload = JSON.stringify(answers);
        const insert = await sustained(CLIENTS, DURATION_S, async () => {
          await raw.query("INSERT INTO bench_raw_insert (payload) VALUES ($1)", [payload]);
          return true;
        });
        await raw.query("DROP TABLE bench_raw_insert");

        log("receipt PDF");
        // Over HTTP first: after the long in-process loop the idle keep-alive connection may be reset.
        const receiptUrl = new URL(lastReceipt);
        const http: number[] = [];
        for (let k = 0; k < 300; k++) {
          const s = performance.now();
          const r = await fetch(`${base}${receiptUrl.pathname}${receiptUrl.search}`);
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`receipt ${r.status}`);
          http.push(performance.now() - s);
        }

        const defs = await readFormFiles();
        const inProcess: number[] = [];
        const perForm: Record<string, { bytes: number; p50Ms: number }> = {};
        for (const def of defs) {
          const sub = { reference: "EK-2026-000123", submitted_at: new Date(), answers: validAnswers[def.id]!, answers_hash: "0".repeat(64), fee_cents: 570 };
          const own: number[] = [];
          let bytes = 0;
          for (let k = 0; k < 200; k++) {
            const s = performance.now();
            bytes = receiptPdf(def, sub, app.deps.county.name).length;
            own.push(performance.now() - s);
          }
          inProcess.push(...own);
          perForm[def.id] = { bytes, p50Ms: pct(own, 50) };
        }
        const result = {
          submissions: { form: FORM, clients: CLIENTS, seconds: DURATION_S, ...api, rowsInDatabase: Number(stored.n) },
          rawInsert: { connections: CLIENTS, seconds: DURATION_S, ...insert },
          ratioApiToRawInsert: round(api.perSecond / insert.perSecond, 3),
          statementsPerSubmission: perSubmission,
          receiptPdf: {
            inProcess: { calls: inProcess.length, p50Ms: pct(inProcess, 50), p99Ms: pct(inProcess, 99), perForm },
            http: { requests: http.length, p50Ms: pct(http, 50), p99Ms: pct(http, 99) },
          },
          machine: { cpus: os.cpus().length, node: process.version },
        };
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if (api.failed > 0) process.exitCode = 1;
      });
    } finally {
      await raw.end();
    }
  });
}

runBench(main);
