/**
 * Upload bench:  npx tsx bench/uploads.ts
 *
 * Prints one JSON object (progress on stderr). Fresh embedded PostgreSQL in a temporary VAR_DIR, local
 * file store. Measures the platform's upload pipeline as a request runs it – receive the stream into a
 * temporary file (hash, size, first bytes), sniff, store under a random key, insert the row with its
 * audit entry – for 1 MB and 10 MB PDFs, sequential and with 4 concurrent uploads, beside the raw rate
 * of writing the same bytes to the same disk (ratio). HTTP is left out: POST /api/v1/uploads is rate
 * limited per client, and the multipart parser is @fastify/multipart's.
 */
import { writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { systemContext } from "../src/platform/commands.js";
import { storeUpload } from "../src/platform/files/index.js";
import { receiveFile } from "../src/platform/files/receive.js";
import { log, pct, runBench, withBenchRuntime, type BenchRuntime } from "./support.js";

const pdf = (bytes: number) => Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(bytes - 9, 0x41)]);
// Like a socket: the body arrives in 64 KiB chunks.
const chunked = (b: Buffer) => Readable.from((function* () {
  for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536);
})());

async function main() {
  await withBenchRuntime("up", {}, bench, { seed: false });
}

async function bench({ config, runtime, varDir }: BenchRuntime) {
  const tmp = path.join(varDir, "tmp", "uploads");
  const ctx = systemContext(runtime.db);
  const one = async (body: Buffer) => {
    const t0 = performance.now();
    const received = await receiveFile(chunked(body), "file", "plan.pdf", tmp, config.files.maxBytes);
    const r = await storeUpload(ctx, config, received, { uploaderId: null, purpose: "bench", retainUntil: null });
    await rm(received.tempPath, { force: true });
    if (!r.ok) throw new Error(r.reason);
    return performance.now() - t0;
  };
  const raw = async (body: Buffer, i: number) => {
    const t0 = performance.now();
    await writeFile(path.join(varDir, `raw-${i}`), body);
    return performance.now() - t0;
  };
  const run = async (label: string, body: Buffer, n: number, concurrency: number, fn: (b: Buffer, i: number) => Promise<number>) => {
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < n) times.push(await fn(body, next++));
    }));
    const secs = (performance.now() - t0) / 1000;
    log(`${label}: ${n} in ${secs.toFixed(1)} s`);
    return { n, concurrency, perSecond: Math.round((n / secs) * 10) / 10, mbPerSecond: Math.round(((n * body.length) / 1e6 / secs) * 10) / 10, p50Ms: pct(times, 50), p99Ms: pct(times, 99) };
  };
  const mb1 = pdf(1_000_000);
  const mb10 = pdf(10_000_000);
  await run("warm-up", mb1, 5, 1, one);
  const pipeline1 = await run("1 MB sequential", mb1, 50, 1, one);
  const pipeline1c = await run("1 MB, 4 concurrent", mb1, 100, 4, one);
  const pipeline10 = await run("10 MB sequential", mb10, 10, 1, one);
  const raw1 = await run("raw write 1 MB", mb1, 50, 1, raw);
  const raw10 = await run("raw write 10 MB", mb10, 10, 1, raw);
  const out = {
    store: "local",
    upload1MB: pipeline1,
    upload1MBConcurrent4: pipeline1c,
    upload10MB: pipeline10,
    rawWrite1MB: raw1,
    rawWrite10MB: raw10,
    ratio1MB: Math.round((pipeline1.perSecond / raw1.perSecond) * 1000) / 1000,
    ratio10MB: Math.round((pipeline10.perSecond / raw10.perSecond) * 1000) / 1000,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

runBench(main);
