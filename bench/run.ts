/**
 * Benchmark:  npm run bench
 *
 * Prints one JSON object (progress goes to stderr): start-up time of the real server to
 * /ready = 200 on the embedded PostgreSQL, cold (fresh VAR_DIR: initdb, migrations, master data,
 * catalogue) and warm (same VAR_DIR again), and requests/s and p99 latency of GET / and
 * GET /health under autocannon (50 connections, 10 s each). See bench/README.md.
 *
 * The server runs as a child process (`node --import tsx src/server.ts`, NODE_ENV=production),
 * so that the load generator does not share its event loop.
 * BENCH_DURATION (seconds) and BENCH_CONNECTIONS override the load settings.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../src/platform/db/embedded.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARM_STARTS = 3;

/** The part of autocannon's result we use (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { average: number; p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (opts: { url: string; connections: number; duration: number }) => Promise<AutocannonResult>;

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

interface Server {
  child: ChildProcess;
  base: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** The built server (`npm run build`), as production runs it; without dist/ only the tsx figures are measured. */
const BUILT_SERVER = path.join(ROOT, "dist", "src", "server.js");

/** The server's own account of its start-up: "start-up in N ms since process start (phases, ms: …)". */
function phasesOf(stderr: string): string | undefined {
  return /start-up in \d+ ms since process start \(phases, ms: ([^)]*)\)/.exec(stderr)?.[1];
}

async function startServer(varDir: string, built = false): Promise<{ server: Server; readyMs: number }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "SMTP_URL", "DEMO_DATA"]) delete env[k];
  Object.assign(env, {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    VAR_DIR: varDir,
    // As `npm run start:prod` and the Dockerfile run the built server: with V8's compile cache.
    ...(built ? { NODE_COMPILE_CACHE: path.join(varDir, "compile-cache") } : {}),
    SESSION_SECRET: "bench-session-secret-".padEnd(48, "x"),
  });
  const started = performance.now();
  // stdout carries the request log (pino, level info as in production); it is discarded.
  const args = built ? [BUILT_SERVER] : ["--import", "tsx", "src/server.ts"];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (gone) throw new Error(`server exited during start-up:\n${stderr}`);
    const res = await fetch(`${base}/ready`).catch(() => undefined);
    if (res?.status === 200) break;
    await res?.arrayBuffer();
    if (performance.now() - started > 600_000) throw new Error(`server not ready after 10 minutes:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { server: { child, base, stderr: () => stderr, exited }, readyMs: performance.now() - started };
}

async function stopServer(s: Server): Promise<void> {
  s.child.kill("SIGTERM");
  const code = await s.exited;
  if (code !== 0) throw new Error(`server exited with ${code} after SIGTERM:\n${s.stderr()}`);
}

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return {
    requestsPerSec: round(r.requests.average, 0),
    latencyP99Ms: r.latency.p99,
    latencyP50Ms: r.latency.p50,
    latencyAvgMs: round(r.latency.average, 2),
    requests: r.requests.total,
  };
}

async function main() {
  // PostgreSQL runs as the system user "postgres" when we are root: the folder must be reachable.
  const varDir = mkdtempSync(path.join(os.tmpdir(), "kp-bench-"));
  chmodSync(varDir, 0o755);
  let current: Server | undefined;
  try {
    log(`cold start (fresh VAR_DIR ${varDir}) …`);
    const cold = await startServer(varDir);
    current = cold.server;
    await stopServer(current);
    current = undefined;

    const builtWarm: number[] = [];
    let builtPhases: string | undefined;
    if (existsSync(BUILT_SERVER)) {
      for (let i = 0; i < WARM_STARTS; i++) {
        log(`warm start of the built server (dist/) ${i + 1}/${WARM_STARTS} …`);
        const w = await startServer(varDir, true);
        builtWarm.push(w.readyMs);
        builtPhases = phasesOf(w.server.stderr());
        await stopServer(w.server);
      }
    }

    const warm: number[] = [];
    let warmPhases: string | undefined;
    for (let i = 0; i < WARM_STARTS; i++) {
      log(`warm start ${i + 1}/${WARM_STARTS} …`);
      const w = await startServer(varDir);
      warm.push(w.readyMs);
      warmPhases = phasesOf(w.server.stderr());
      current = w.server;
      if (i < WARM_STARTS - 1) {
        await stopServer(current);
        current = undefined;
      }
    }
    const base = current!.base;

    log("warming up (2 s on GET /) …");
    await autocannon({ url: `${base}/`, connections: CONNECTIONS, duration: 2 });
    log(`GET / (${CONNECTIONS} connections, ${DURATION} s) …`);
    const home = await load(`${base}/`);
    log(`GET /health (${CONNECTIONS} connections, ${DURATION} s) …`);
    const health = await load(`${base}/health`);
    await stopServer(current!);
    current = undefined;

    const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
    const result = {
      date: new Date().toISOString(),
      machine: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "?", memoryGiB: round(os.totalmem() / 2 ** 30) },
      settings: { connections: CONNECTIONS, durationSec: DURATION, server: "child process, NODE_ENV=production, embedded PostgreSQL, request log at info to /dev/null" },
      startup: {
        coldMs: Math.round(cold.readyMs),
        coldPhases: phasesOf(cold.server.stderr()),
        warmMs: median(warm),
        warmSamplesMs: warm.map((x) => Math.round(x)),
        warmPhases,
        ...(builtWarm.length ? { builtWarmMs: median(builtWarm), builtWarmSamplesMs: builtWarm.map((x) => Math.round(x)), builtWarmPhases: builtPhases } : {}),
      },
      "GET /": home,
      "GET /health": health,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (current && current.child.exitCode === null) {
      current.child.kill("SIGTERM");
      await current.exited;
    }
    rmSync(varDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
