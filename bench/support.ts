/**
 * What the in-process benches share: a throw-away embedded PostgreSQL (temporary VAR_DIR) with the
 * county's master data, offices and catalogue imported, the app built on it, and the JSON/exit handling.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { loadConfig, type Config } from "../src/platform/config.js";
import { openRuntime, type Runtime } from "../src/platform/runtime.js";
import type { Mailer } from "../src/platform/mail/index.js";
import { buildApp } from "../src/app.js";
import { importMasterData, loadCounty } from "../src/modules/geo/index.js";
import { ensureMunicipalAuthorities } from "../src/modules/responsibility/index.js";
import { importCatalog } from "../src/modules/catalog/index.js";
import { importOffices } from "../src/modules/responsibility/index.js";

export const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);

/** The p-th percentile of `xs`, rounded to `decimals`. */
export function pct(xs: number[], p: number, decimals = 1): number {
  const s = [...xs].sort((a, b) => a - b);
  const f = 10 ** decimals;
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * f) / f;
}

export interface BenchRuntime {
  config: Config;
  runtime: Runtime;
  varDir: string;
}

/**
 * Runs `fn` on a fresh embedded database; `env` adds to or overrides the bench defaults. With `seed`
 * (default) the master data, offices and catalogue are imported first. Always removes everything.
 */
export async function withBenchRuntime<T>(name: string, env: Record<string, string>, fn: (b: BenchRuntime) => Promise<T>, opts: { seed?: boolean } = {}): Promise<T> {
  const varDir = mkdtempSync(path.join(os.tmpdir(), `kp-bench-${name}-`));
  // The embedded server may run as another user (root in containers): it must reach the folder.
  chmodSync(varDir, 0o755);
  const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "bench-session-secret-".padEnd(48, "x"), VAR_DIR: varDir, PUBLIC_URL: "http://127.0.0.1:0", LOG_LEVEL: "warn", DEMO_DATA: "false", ...env });
  const runtime = await openRuntime(config, log);
  try {
    if (opts.seed !== false) {
      await importMasterData(runtime.db);
      await ensureMunicipalAuthorities(runtime.db, config);
      await importOffices(runtime.db, config);
      await importCatalog(runtime.db);
    }
    return await fn({ config, runtime, varDir });
  } finally {
    await runtime.close();
    rmSync(varDir, { recursive: true, force: true });
  }
}

const silentMailer: Mailer = { send: async () => undefined, close: async () => undefined };

/** Builds the app on the bench database; `listen` gives real HTTP on loopback (base URL), else inject only. */
export async function withBenchApp<T>(b: BenchRuntime, opts: { listen: boolean; mailer?: Mailer }, fn: (app: FastifyInstance, base: string) => Promise<T>): Promise<T> {
  const county = await loadCounty(b.runtime.db, b.config.countyKey);
  const app = await buildApp({ config: b.config, db: b.runtime.db, mailer: opts.mailer ?? silentMailer, county });
  try {
    const base = opts.listen ? await app.listen({ port: 0, host: "127.0.0.1" }) : (await app.ready(), "");
    return await fn(app, base);
  } finally {
    await app.close();
  }
}

/** Runs a bench's main; an error goes to stderr with exit code 1 (bench/all.ts stops on it). */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

/**
 * CPU time used so far (ms) by this process and by the bench's PostgreSQL (postmaster and its backends,
 * from /proc; Linux only, else 0). Differences of two snapshots show the work a phase cost, which a loaded
 * shared machine disturbs far less than wall time. A backend that exits between two snapshots takes its
 * time with it (the pool keeps its connections during a phase, so this is rare).
 */
export function cpuSnapshot(varDir: string): { nodeMs: number; pgMs: number } {
  const u = process.cpuUsage();
  let pgMs = 0;
  try {
    const pm = Number(readFileSync(path.join(varDir, "db", "postmaster.pid"), "utf8").split("\n")[0]);
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        // Fields after the command name: state ppid … utime(14) stime(15), in clock ticks (100 per second).
        const f = readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ");
        if (Number(d) === pm || Number(f[1]) === pm) pgMs += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc or no postmaster.pid
  }
  return { nodeMs: Math.round((u.user + u.system) / 1000), pgMs: Math.round(pgMs) };
}

/**
 * Counts the statements the app sends to PostgreSQL (every `pg` Client.query: one round trip each, as
 * node-postgres does not pipeline). `read()` gives the total since the counter was installed, `stop()` removes it.
 */
export async function countStatements(): Promise<{ read: () => number; stop: () => void }> {
  const pg = (await import("pg")).default;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const counted = { n: 0 };
  proto.query = function (this: unknown, ...args: unknown[]) {
    counted.n++;
    return original.apply(this, args);
  };
  return {
    read: () => counted.n,
    /** Puts the original query method back (later counters start from it). */
    stop: () => {
      proto.query = original;
    },
  };
}
