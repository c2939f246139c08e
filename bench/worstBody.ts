/**
 * Worst-body bench:  npx tsx bench/worstBody.ts  (also part of `npm run bench`)
 *
 * Issue 12 item 4: every request does bounded work. Sends the most expensive JSON bodies an anonymous
 * client may send (up to the 1 MB body limit) through the real app (inject, fresh embedded PostgreSQL)
 * and measures how long each request blocks the event loop: the longest single stall seen by
 * perf_hooks.monitorEventLoopDelay (1 ms resolution) while the request runs, max over the repetitions.
 * Also the main thread's CPU time per request (median; on a busy machine the stall also counts time the
 * process was not scheduled), the status and the size of the answer. Target: every body under 20 ms.
 * Prints one JSON object (progress on stderr).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import { validAnswers } from "../test/fixtures/formAnswers.js";
import { log, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const FORM = "hundesteuer-anmeldung";
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const MB = 1024 * 1024;

/** Adds `n` unknown keys (`"k00001": "xxx"`, 60,000 of them are about 0.9 MB). */
function unknownKeys(base: Record<string, unknown>, n: number): string {
  const o: Record<string, unknown> = { ...base };
  for (let i = 0; i < n; i++) o[`k${String(i).padStart(5, "0")}`] = "xxx";
  return JSON.stringify(o);
}

function bodies(): Array<{ name: string; method: "POST"; url: string; payload: string }> {
  const valid = validAnswers[FORM]! as Record<string, unknown>;
  const submit = `/api/v1/forms/${FORM}/submissions`;
  const dog = (valid.hunde as unknown[])[0];
  const list: Array<{ name: string; method: "POST"; url: string; payload: string }> = [
    { name: "submission: 60,000 unknown keys", method: "POST", url: submit, payload: unknownKeys(valid, 60_000) },
    { name: "submission: 60,000 unknown keys, nothing else", method: "POST", url: submit, payload: unknownKeys({}, 60_000) },
    // Just under the parser's cap of 10,000 members: these reach the form's validation.
    { name: "submission: 9,900 unknown keys", method: "POST", url: submit, payload: unknownKeys(valid, 9_900) },
    { name: "submission: 1,100 dogs (at most 5), 8,800 keys", method: "POST", url: submit, payload: JSON.stringify({ ...valid, hunde: Array.from({ length: 1_100 }, (_, i) => ({ ...(dog as object), [`x${i}`]: 1 })) }) },
    { name: "submission: 5 dogs with 9,500 unknown keys", method: "POST", url: submit, payload: JSON.stringify({ ...valid, hunde: Array.from({ length: 5 }, (_, i) => JSON.parse(unknownKeys(dog as Record<string, unknown>, 1_900).replace(/"k/g, `"k${i}`))) }) },
    { name: "submission: 1 MB of dogs (group of at most 5)", method: "POST", url: submit, payload: JSON.stringify({ ...valid, hunde: Array.from({ length: Math.floor((MB - 4096) / (JSON.stringify(dog).length + 1)) }, () => dog) }) },
    { name: "submission: 1 MB text answer", method: "POST", url: submit, payload: JSON.stringify({ ...valid, name: "x".repeat(MB - 2000) }) },
    { name: "submission: 50,000-deep nesting", method: "POST", url: submit, payload: `${"[".repeat(50_000)}${"]".repeat(50_000)}` },
    { name: "booking: 60,000 unknown keys", method: "POST", url: "/api/v1/appointments", payload: unknownKeys({ slotId: "x", name: "Erika Mustermann", email: "e@example.org" }, 60_000) },
    { name: "upload metadata: 60,000 unknown keys", method: "POST", url: "/api/v1/uploads", payload: unknownKeys({}, 60_000) },
  ];
  for (const b of list) if (b.payload.length > MB) throw new Error(`${b.name}: ${b.payload.length} bytes > 1 MB`);
  return list;
}

async function measure(app: FastifyInstance, b: ReturnType<typeof bodies>[number]) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  const stalls: number[] = [];
  const cpu: number[] = [];
  let res;
  for (let i = 0; i < REPEAT; i++) {
    h.reset();
    h.enable();
    const before = process.threadCpuUsage();
    // Distinct client addresses: the per-IP rate limit must not answer instead of the validation.
    res = await app.inject({ method: b.method, url: b.url, payload: b.payload, headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${i}.${Math.floor(Math.random() * 250)}` } });
    // One more turn of the loop so the monitor's timer samples the last stall.
    await new Promise((r) => setTimeout(r, 5));
    h.disable();
    const used = process.threadCpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    // Longest stall in ns (includes up to the 1 ms sampling interval: errs on the high side).
    stalls.push(h.max / 1e6);
  }
  return { bodyBytes: b.payload.length, status: res!.statusCode, answerBytes: res!.body.length, eventLoopBlockedMsMax: Math.round(Math.max(...stalls) * 10) / 10, mainThreadCpuMsMedian: Math.round(cpu.sort((a, b) => a - b)[Math.floor(cpu.length / 2)]! * 10) / 10 };
}

runBench(async () => {
  await withBenchRuntime("worst", { TRUST_PROXY: "true" }, async (bench) => {
    await withBenchApp(bench, { listen: false }, async (app) => {
      const results: Record<string, unknown> = {};
      // Warm up (schema compilation, first queries) so the first body does not pay for it.
      await app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, payload: {}, headers: { "content-type": "application/json" } });
      for (const b of bodies()) {
        log(b.name);
        results[b.name] = await measure(app, b);
      }
      const worst = Math.max(...Object.values(results).map((r) => (r as { eventLoopBlockedMsMax: number }).eventLoopBlockedMsMax));
      process.stdout.write(`${JSON.stringify({ targetMs: 20, worstEventLoopBlockedMs: worst, repeat: REPEAT, bodies: results }, null, 2)}\n`);
    });
  });
});
