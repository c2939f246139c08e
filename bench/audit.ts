/**
 * Audit bench:  npm run bench:audit
 *
 * Prints one JSON object (progress on stderr). Fresh embedded PostgreSQL, no master data. Issue 13 / ADR 0040:
 *  1. 20 concurrent writers, each transaction = one business row (INSERT into a scratch table) + its audit entry,
 *     for BENCH_DURATION seconds (default 10):
 *     - "lockFree": appendAudit as shipped (plain INSERT, sealed later);
 *     - "globalLock": the same transaction with the pre-0040 scheme emulated (advisory lock for the rest of the
 *       transaction + read of the chain's head before the insert), measured in the same run;
 *     - "noAudit": the business row alone (the baseline).
 *  2. Sealing: time for sealAuditLog to link every entry written in (1) into the chain, entries/s, and
 *     verifyAuditChain over all of them.
 */
import os from "node:os";
import { sql } from "kysely";
import { appendAudit, sealAuditLog, verifyAuditChain } from "../src/platform/audit/index.js";
import type { Db } from "../src/platform/db/index.js";
import { log, pct, runBench, withBenchRuntime } from "./support.js";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CLIENTS = 20;
const LEGACY_LOCK = 7_236_999; // not the platform's key: the emulation must not block the real sealer

type Mode = "noAudit" | "lockFree" | "globalLock";

async function run(db: Db, mode: Mode) {
  const latencies: number[] = [];
  const deadline = performance.now() + DURATION_S * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      while (performance.now() < deadline) {
        const s = performance.now();
        await db.transaction().execute(async (tx) => {
          await sql`INSERT INTO bench_business (client, payload) VALUES (${c}, ${"x".repeat(200)})`.execute(tx);
          if (mode === "noAudit") return;
          if (mode === "globalLock") {
            await sql`SELECT pg_advisory_xact_lock(${LEGACY_LOCK})`.execute(tx);
            await tx.selectFrom("audit_log").select(["id"]).orderBy("id", "desc").limit(1).executeTakeFirst();
          }
          await appendAudit(tx, { type: "staff", id: `bench-${c}` }, { action: "bench.write", objectType: "bench", objectId: String(n), details: { mode } });
        });
        latencies.push(performance.now() - s);
        n++;
      }
    }),
  );
  return { transactions: latencies.length, perSecond: Math.round(latencies.length / DURATION_S), p50Ms: pct(latencies, 50, 2), p99Ms: pct(latencies, 99, 2) };
}

async function main() {
  await withBenchRuntime(
    "audit",
    {},
    async ({ runtime }) => {
      const db = runtime.db;
      await sql`CREATE TABLE bench_business (id bigserial PRIMARY KEY, client int NOT NULL, payload text NOT NULL)`.execute(db);
      await sealAuditLog(db);
      const results: Record<Mode, Awaited<ReturnType<typeof run>>> = {} as never;
      for (const mode of ["noAudit", "lockFree", "globalLock"] as const) {
        log(`${mode}: ${CLIENTS} writers, ${DURATION_S} s`);
        results[mode] = await run(db, mode);
      }
      log("sealing");
      const pending = Number((await db.selectFrom("audit_log").select((eb) => eb.fn.countAll<string>().as("n")).where("seq", "is", null).executeTakeFirstOrThrow()).n);
      const s = performance.now();
      const sealed = await sealAuditLog(db);
      const sealMs = performance.now() - s;
      const v0 = performance.now();
      const verify = await verifyAuditChain(db);
      const verifyMs = performance.now() - v0;
      const result = {
        writers: CLIENTS,
        seconds: DURATION_S,
        ...results,
        ratioLockFreeToNoAudit: Math.round((results.lockFree.perSecond / results.noAudit.perSecond) * 1000) / 1000,
        ratioGlobalLockToNoAudit: Math.round((results.globalLock.perSecond / results.noAudit.perSecond) * 1000) / 1000,
        sealing: { pending, sealed, ms: Math.round(sealMs), perSecond: Math.round(sealed / (sealMs / 1000)) },
        verify: { ok: verify.ok, entries: verify.entries, ms: Math.round(verifyMs) },
        machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10) },
      };
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      if (!verify.ok || sealed !== pending) process.exitCode = 1;
    },
    { seed: false },
  );
}

runBench(main);
