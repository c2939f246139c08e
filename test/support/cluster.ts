/**
 * Two app nodes on one PostgreSQL behind Debian's nginx (round-robin), as docs/OPERATIONS.md describes:
 * used by test/integration/cluster.test.ts and bench/cluster.ts. nginx runs in the foreground with a
 * generated configuration in a temporary folder, on a free loopback port; it adds `X-Upstream` (the
 * node's address) to every answer so a test can tell which node served a request.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, startServerProcess, type ServerProcess } from "./serverProcess.js";

type After = { after(fn: () => unknown): void };

export const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

/** Why the cluster cannot run here (nginx missing), or undefined. */
export function clusterUnavailable(): string | undefined {
  return existsSync(NGINX) ? undefined : `${NGINX} missing: install Debian's nginx-light (apt-get install nginx-light) to run the two-node tests`;
}

export interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground balancing `upstreams` (host:port) round-robin. */
export async function startNginx(t: After, upstreams: string[]): Promise<Nginx> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-nginx-"));
  // Run as root, nginx's workers run as "nobody" and must reach the temp folders inside.
  await chmod(dir, 0o755);
  const port = await freePort();
  // Error log to stderr, no access log; temp paths inside the folder (nginx-light's defaults need root).
  const conf = `
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 30m;
  client_body_timeout 20s;
  upstream kreisportal {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=30s;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://kreisportal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
      # A refused connection goes to the other node; a request already sent is never repeated (POST).
      proxy_next_upstream error timeout;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
  await writeFile(path.join(dir, "nginx.conf"), conf);
  const child = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", "stderr"], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGQUIT");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  };
  t.after(stop);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    const up = await fetch(`${url}/health`).then((r) => r.status === 200, () => false);
    if (up) break;
    if (i > 100) throw new Error(`nginx not answering: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}

export interface Cluster {
  nodes: [ServerProcess, ServerProcess];
  nginx: Nginx;
}

/**
 * Node A, then node B (so demo data and migrations are not raced at start; the app copes, but the test
 * is about serving), both on `databaseUrl` with the same SESSION_SECRET, then nginx in front.
 */
export async function startCluster(t: After, env: Record<string, string>): Promise<Cluster> {
  const common = { TRUST_PROXY: "true", ...env };
  const a = await startServerProcess(t, common, { waitForJobs: true });
  const b = await startServerProcess(t, common, { waitForJobs: true });
  const nginx = await startNginx(t, [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]);
  return { nodes: [a, b], nginx };
}

/** A browser-like HTTP client (fetch): keeps cookies, reads CSRF tokens from forms, notes the serving node. */
export class HttpClient {
  cookies = new Map<string, string>();
  constructor(private base: string) {}

  private store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, url: string, opts: { form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...opts.headers };
    if (opts.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const res = await fetch(`${this.base}${url}`, { method, headers, body: opts.form ? new URLSearchParams(opts.form).toString() : undefined, redirect: "manual" });
    this.store(res);
    const body = await res.text();
    return { status: res.status, body, location: res.headers.get("location"), upstream: res.headers.get("x-upstream") ?? "" };
  }

  get(url: string) {
    return this.request("GET", url);
  }

  /** The CSRF token of the first form on `page`. */
  static csrf(page: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error("no CSRF token on the page");
    return token;
  }
}

/** The answers and headers of one anonymous JSON submission through the proxy (its own client address). */
export function submissionRequest(form: string, answers: Record<string, unknown>, i: number, tag: string) {
  return {
    url: `/api/v1/forms/${form}/submissions`,
    init: {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `${tag}-${i}`, "x-forwarded-for": `10.77.${(i >> 8) & 255}.${i & 255}` },
      body: JSON.stringify({ ...answers, name: `${tag} ${i}` }),
    },
  };
}

/** One operation of the load: its result (a reference or booking code) when acknowledged with 201. */
export type LoadOp = (i: number) => Promise<string | undefined>;

/** POSTs JSON through the proxy; the `reference` or `bookingCode` of a 201 answer, else undefined. */
export async function postForAck(url: string, init: RequestInit, statuses?: Record<string, number>): Promise<string | undefined> {
  const count = (k: string) => statuses && (statuses[k] = (statuses[k] ?? 0) + 1);
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    count(String(r.status));
    const body = (await r.json().catch(() => ({}))) as { reference?: string; bookingCode?: string };
    return r.status === 201 ? (body.reference ?? body.bookingCode) : undefined;
  } catch (err) {
    count((err as Error).name === "TimeoutError" ? "timeout" : "network error");
    return undefined;
  }
}

export interface KillResult {
  attempts: number;
  /** Acknowledged results by operation number (after the retry of failed retryable ones). */
  acknowledged: Map<number, string>;
  /** Acknowledged at the first attempt. */
  acknowledgedFirstTry: number;
  /** Failed at the first attempt (502, reset, timeout, or refused). */
  failed: number[];
  /** From the kill until the first of 5 consecutive successes of requests started after it answered (ms). */
  recoveryMs: number | undefined;
}

/**
 * Runs operations 0 … total-1 with `concurrency` clients through the proxy and kills `victim` with
 * SIGKILL when operation `killAfter` starts. Failed operations that `retryable` allows (those with an
 * Idempotency-Key) run once more after the load, as a careful client would.
 */
export async function loadUnderKill(victim: ServerProcess, o: { total: number; concurrency: number; killAfter: number; op: LoadOp; retryable?: (i: number) => boolean }): Promise<KillResult> {
  const acknowledged = new Map<number, string>();
  const failed: number[] = [];
  let next = 0;
  let killedAt: number | undefined;
  let streak = 0;
  let streakStart = 0;
  let recoveredAt: number | undefined;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < o.total) {
        const i = next++;
        if (i === o.killAfter && killedAt === undefined) {
          victim.child.kill("SIGKILL");
          killedAt = performance.now();
        }
        const startedAfterKill = killedAt !== undefined;
        const ref = await o.op(i);
        if (ref) acknowledged.set(i, ref);
        else failed.push(i);
        if (startedAfterKill && recoveredAt === undefined) {
          streak = ref ? streak + 1 : 0;
          if (streak === 1) streakStart = performance.now();
          if (streak >= 5) recoveredAt = streakStart;
        }
      }
    }),
  );
  const acknowledgedFirstTry = acknowledged.size;
  for (const i of failed) {
    if (!o.retryable?.(i)) continue;
    const ref = await o.op(i);
    if (ref) acknowledged.set(i, ref);
  }
  return {
    attempts: o.total,
    acknowledgedFirstTry,
    acknowledged,
    failed,
    recoveryMs: killedAt !== undefined && recoveredAt !== undefined ? Math.round(recoveredAt - killedAt) : undefined,
  };
}

/** The slots offered for `leikaKey` at `location` through the proxy (ids to book). */
export async function bookableSlots(proxyUrl: string, leikaKey: string, location: string): Promise<string[]> {
  const r = await fetch(`${proxyUrl}/api/v1/appointments/slots?leikaKey=${leikaKey}&location=${encodeURIComponent(location)}`);
  if (r.status !== 200) throw new Error(`slots: ${r.status} ${await r.text()}`);
  return ((await r.json()) as Array<{ slotId: string }>).map((s) => s.slotId);
}

/**
 * The mixed load of the kill test and bench: every fourth operation books an appointment (while slots
 * last; bookings carry no Idempotency-Key and are not retried), the others submit an application.
 */
export function mixedLoad(proxyUrl: string, o: { form: string; answers: Record<string, unknown>; tag: string; slotIds: string[] }) {
  const isBooking = (i: number) => i % 4 === 3 && Math.floor(i / 4) < o.slotIds.length;
  /** Answers (HTTP status or error) per kind, for reports. */
  const statuses = { submissions: {} as Record<string, number>, bookings: {} as Record<string, number> };
  const op: LoadOp = (i) => {
    if (isBooking(i)) {
      const body = { slotId: o.slotIds[Math.floor(i / 4)]!, name: `${o.tag} ${i}`, email: `${o.tag}-${i}@example.org` };
      return postForAck(`${proxyUrl}/api/v1/appointments`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": `10.78.${(i >> 8) & 255}.${i & 255}` }, body: JSON.stringify(body) }, statuses.bookings);
    }
    const { url, init } = submissionRequest(o.form, o.answers, i, o.tag);
    return postForAck(`${proxyUrl}${url}`, init, statuses.submissions);
  };
  return { op, isBooking, retryable: (i: number) => !isBooking(i), statuses };
}
