/**
 * Test support: the real server (`src/server.ts`, the production entry point) as a child process, for
 * tests that need what app.inject cannot show: process crashes, sockets, signals, several nodes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../src/platform/db/embedded.js";

export { freePort };

type After = { after(fn: () => unknown): void };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Resolves when the process has exited (with its code, or the signal's name). */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | string>;
}

/**
 * Starts `src/server.ts` with `env` (on top of test defaults and this process's environment), waits until
 * `GET /ready` answers 200, and stops it after the test. Give at least DATABASE_URL and SMTP_URL.
 */
export async function startServerProcess(t: After, env: Record<string, string>, opts: { readyTimeoutMs?: number; /** Also wait until the node's job queue runs (it starts after listening, ADR 0074). */ waitForJobs?: boolean } = {}): Promise<ServerProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const varDir = env.VAR_DIR ?? (await mkdtemp(path.join(os.tmpdir(), "kp-proc-")));
  if (!env.VAR_DIR) t.after(() => rm(varDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      HOST: "127.0.0.1",
      SESSION_SECRET: "test-secret-".padEnd(40, "x"),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      VAR_DIR: varDir,
      ...env,
      PORT: String(port),
      PUBLIC_URL: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString("utf8");
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async (graceMs = 20_000) => {
    if (alive()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => alive() && child.kill("SIGKILL"), graceMs);
      const r = await exited;
      clearTimeout(timer);
      return r;
    }
    return exited;
  };
  t.after(() => stop());

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (!alive()) throw new Error(`server exited before it was ready (${await exited}):\n${out.slice(-4000)}`);
    const ok = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop(2_000);
      throw new Error(`server not ready within ${opts.readyTimeoutMs ?? 90_000} ms:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  while (opts.waitForJobs && !/job queue started/.test(out)) {
    if (!alive()) throw new Error(`server exited before its job queue ran (${await exited}):\n${out.slice(-4000)}`);
    if (Date.now() > deadline) {
      await stop(2_000);
      throw new Error(`job queue not started within ${opts.readyTimeoutMs ?? 90_000} ms:\n${out.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, child, output: () => out, alive, exited, stop };
}
