/**
 * The real server process on the embedded database: start, crash (SIGKILL), restart on the same
 * data, and a graceful SIGTERM. Runs without DATABASE_URL and SMTP_URL, as a first-time user would.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "../../src/platform/db/embedded.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PASSWORD = "ein langes sicheres Passwort";
const EMAIL = "absturz@example.org";

interface Server {
  child: ChildProcess;
  base: string;
  /** What the server wrote to stderr so far (start-up log, errors). */
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx src/server.ts` on the embedded database in `varDir`. */
async function startServer(varDir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["DATABASE_URL", "SMTP_URL", "TEST_ADMIN_DATABASE_URL", "TEST_TEMPLATE_DATABASE", "NODE_ENV", "NODE_TEST_CONTEXT"]) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    VAR_DIR: varDir,
    SESSION_SECRET: "embedded-test-secret-".padEnd(40, "x"),
    LOG_LEVEL: "warn",
  });
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { child, base: `http://127.0.0.1:${port}`, log: () => stderr, exited };
}

/** Polls /ready until it answers 200; fails early when the process exits. */
async function waitReady(server: Server, deadlineMs = 240_000): Promise<void> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (exited) throw new Error(`server exited during start-up:\n${server.log()}`);
    const res = await fetch(`${server.base}/ready`).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`server not ready in time:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Registers a citizen the way a browser does: GET the form (CSRF cookie and token), then POST. */
async function register(base: string, email: string): Promise<{ status: number; body: string }> {
  const form = await fetch(`${base}/registrieren`);
  const cookies = form.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  assert.ok(token, "registration form has a CSRF token");
  const res = await fetch(`${base}/registrieren`, {
    method: "POST",
    headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, displayName: "Anna Absturz", email, password: PASSWORD, passwordConfirm: PASSWORD }).toString(),
    redirect: "manual",
  });
  return { status: res.status, body: await res.text() };
}

/** Connects to the server's embedded database: password from db-credentials.json, port from the start-up log. */
async function connectDb(varDir: string, server: Server): Promise<pg.Client> {
  const ports = [...server.log().matchAll(/embedded PostgreSQL listening on 127\.0\.0\.1:(\d+)/g)];
  const port = ports.at(-1)?.[1];
  assert.ok(port, `start-up log names the database port:\n${server.log()}`);
  const { password } = JSON.parse(readFileSync(path.join(varDir, "db-credentials.json"), "utf8")) as { password: string };
  const client = new pg.Client({ host: "127.0.0.1", port: Number(port), user: "postgres", password, database: "kreisportal" });
  await client.connect();
  return client;
}

/** PIDs of processes whose command line names `dataDir` (the postgres server and its children). */
function postgresPids(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dataDir)) pids.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A temp VAR_DIR the system user "postgres" can reach (PostgreSQL does not run as root). */
function tempVarDir(t: TestContext, servers: Server[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kp-embedded-"));
  chmodSync(dir, 0o755);
  t.after(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
    // An orphaned postgres of this test (after SIGKILL of the app): fast shutdown, then kill.
    const dataDir = path.join(dir, "db");
    for (const pid of postgresPids(dataDir)) process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && postgresPids(dataDir).length; i++) await new Promise((r) => setTimeout(r, 50));
    for (const pid of postgresPids(dataDir)) process.kill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test("embedded database: server survives SIGKILL with its data, and SIGTERM shuts down cleanly", { timeout: 600_000 }, async (t) => {
  const servers: Server[] = [];
  const varDir = tempVarDir(t, servers);
  const dataDir = path.join(varDir, "db");

  // First start: initdb, migrations, master data, demo data.
  const first = await startServer(varDir);
  servers.push(first);
  await waitReady(first);
  const health = await fetch(`${first.base}/health`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: "ok" });
  assert.ok(existsSync(path.join(dataDir, "PG_VERSION")), "cluster lives in VAR_DIR/db");

  const reg = await register(first.base, EMAIL);
  assert.equal(reg.status, 200);
  assert.match(reg.body, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);

  // Crash: the app dies at once, its PostgreSQL child is left running as an orphan.
  const postmasterPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  first.child.kill("SIGKILL");
  assert.equal((await first.exited).signal, "SIGKILL");
  assert.ok(alive(postmasterPid), "the orphaned PostgreSQL still runs after the app was killed");

  // Restart on the same data: the orphan is shut down, the server comes up with the data intact.
  const second = await startServer(varDir);
  servers.push(second);
  await waitReady(second);
  assert.match(second.log(), /orphaned server \(pid \d+\) found/);
  assert.ok(!alive(postmasterPid), "the orphan was shut down");
  assert.equal((await fetch(`${second.base}/health`)).status, 200);

  // Registering again gives the same neutral answer; the owner gets the "exists" mail.
  const again = await register(second.base, EMAIL);
  assert.equal(again.status, 200);
  assert.match(again.body, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);
  const db = await connectDb(varDir, second);
  try {
    const users = await db.query("SELECT count(*)::int AS n FROM users WHERE email = $1", [EMAIL]);
    assert.equal(users.rows[0].n, 1, "the account from before the crash exists, once");
    const mails = await db.query("SELECT subject FROM mail_outbox WHERE $1 = ANY(envelope_to) ORDER BY subject", [EMAIL]);
    assert.deepEqual(
      mails.rows.map((r: { subject: string }) => r.subject),
      ["Anmeldeversuch mit Ihrer E-Mail-Adresse", "Bitte bestätigen Sie Ihre E-Mail-Adresse"],
      "the demo outbox kept the first mail and received the second",
    );
  } finally {
    await db.end();
  }

  // Graceful shutdown: exit code 0, PostgreSQL stopped, no pid file left.
  second.child.kill("SIGTERM");
  const end = await second.exited;
  assert.equal(end.code, 0, `exit after SIGTERM:\n${second.log()}`);
  assert.deepEqual(postgresPids(dataDir), [], "no PostgreSQL process left for the data folder");
  assert.ok(!existsSync(path.join(dataDir, "postmaster.pid")), "postmaster.pid removed");
});
