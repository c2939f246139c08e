/**
 * Issue 12 item 1: losing database connections (terminated backends, failover, a proxy cutting idle
 * connections) must cost the requests in flight a clean 503, never the process. Runs the real server
 * as a child process, because what failed was the process itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import PgBoss from "pg-boss";
import { createTestDatabase, startMailCatcher } from "../helpers.js";
import { startServerProcess } from "../support/serverProcess.js";
import { enqueueMail } from "../../src/platform/mail/queue.js";

const adminUrl = () => process.env.TEST_ADMIN_DATABASE_URL!;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const terminateAll = (c: pg.Client, name: string) => c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);

interface Outcome {
  path: string;
  status: number | "hang" | "reset";
  type: string;
  body: string;
  retryAfter?: string | null;
}

async function hit(base: string, path: string): Promise<Outcome> {
  try {
    const r = await fetch(base + path, { signal: AbortSignal.timeout(20_000) });
    return { path, status: r.status, type: r.headers.get("content-type") ?? "", body: await r.text(), retryAfter: r.headers.get("retry-after") };
  } catch (err) {
    const name = (err as Error).name;
    return { path, status: name === "TimeoutError" || name === "AbortError" ? "hang" : "reset", type: "", body: String((err as Error).cause ?? err) };
  }
}

/** A 503 must be a problem document on the API and a German page elsewhere. */
function assertCleanUnavailable(o: Outcome) {
  assert.match(o.retryAfter ?? "", /^\d+$/, `${o.path}: Retry-After`);
  if (o.path.startsWith("/api/")) {
    assert.match(o.type, /^application\/problem\+json/, `${o.path}: ${o.type}`);
    const doc = JSON.parse(o.body) as { status: number; title: string; type: string; instance: string };
    assert.equal(doc.status, 503);
    assert.ok(doc.title && doc.type && doc.instance, o.body);
  } else {
    assert.match(o.type, /^text\/html/, `${o.path}: ${o.type}`);
    assert.match(o.body, /vorübergehend nicht erreichbar/);
  }
}

const paths = ["/", "/api/v1/municipalities", "/api/v1/offices", "/ready"];

test("gh-12 item 1: terminated database connections under load give 503 or success, the node stays up and recovers", { timeout: 240_000 }, async (t) => {
  const { url: databaseUrl } = await createTestDatabase(t);
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const mail = await startMailCatcher(t);
  const server = await startServerProcess(t, { DATABASE_URL: databaseUrl, SMTP_URL: mail.url });

  // Load: 8 clients in a loop, while all backends of the database are terminated ten times.
  const outcomes: Outcome[] = [];
  let loading = true;
  const clients = Array.from({ length: 8 }, async (_x, i) => {
    for (let n = i; loading; n++) outcomes.push(await hit(server.url, paths[n % paths.length]!));
  });
  for (let round = 0; round < 10; round++) {
    await new Promise((r) => setTimeout(r, 150));
    await admin((c) => terminateAll(c, dbName));
  }
  loading = false;
  await Promise.all(clients);

  assert.ok(server.alive(), `the server process died:\n${server.output().slice(-3000)}`);
  const bad = outcomes.filter((o) => o.status !== 200 && o.status !== 503);
  assert.deepEqual(bad.map((o) => `${o.path} ${o.status} ${o.body.slice(0, 200)}`), [], "every request answered 200 or 503");
  // The terminations did hit requests in flight (else this test would prove nothing).
  assert.ok(outcomes.some((o) => o.status === 503), "some requests met a terminated connection");
  for (const o of outcomes.filter((x) => x.status === 503 && x.path !== "/ready")) assertCleanUnavailable(o);
  t.diagnostic(`${outcomes.length} requests: ${outcomes.filter((o) => o.status === 200).length} × 200, ${outcomes.filter((o) => o.status === 503).length} × 503`);

  // Afterwards every request succeeds again. Idle pool connections killed by the last round are dropped when
  // their termination notice is read, which may be just after the loop: wait until /ready says so, then all must pass.
  const readyBy = Date.now() + 10_000;
  while ((await hit(server.url, "/ready")).status !== 200 && Date.now() < readyBy) await new Promise((r) => setTimeout(r, 50));
  for (const p of paths) assert.equal((await hit(server.url, p)).status, 200, p);
  assert.doesNotMatch(server.output(), /Unhandled 'error' event|uncaught/i);
});

test("gh-12 item 1: /ready is 503 while the database refuses connections, 200 when it is back; jobs and mail resume", { timeout: 240_000 }, async (t) => {
  const { url: databaseUrl, db } = await createTestDatabase(t);
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const mail = await startMailCatcher(t);
  // The node's job queue runs before the database goes away (it starts after listening, ADR 0074).
  const server = await startServerProcess(t, { DATABASE_URL: databaseUrl, SMTP_URL: mail.url }, { waitForJobs: true });
  let blocked = false;
  t.after(() => blocked && admin((c) => c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`)));

  // The database goes away: no new connections, and the existing ones are cut.
  await admin(async (c) => {
    await c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
    blocked = true;
    await terminateAll(c, dbName);
  });
  const ready = await hit(server.url, "/ready");
  assert.equal(ready.status, 503, ready.body);
  assert.equal((JSON.parse(ready.body) as { status: string }).status, "database_unavailable");
  const page = await hit(server.url, "/");
  assert.equal(page.status, 503);
  assertCleanUnavailable(page);
  const api = await hit(server.url, "/api/v1/municipalities");
  assert.equal(api.status, 503);
  assertCleanUnavailable(api);
  assert.ok(server.alive(), server.output().slice(-3000));

  // Back again: ready without a restart.
  await admin((c) => c.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`));
  blocked = false;
  const allowedAt = Date.now();
  const deadline = Date.now() + 30_000;
  while ((await hit(server.url, "/ready")).status !== 200) {
    assert.ok(Date.now() < deadline, "ready again within 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  t.diagnostic(`ready again ${Date.now() - allowedAt} ms after the database accepted connections`);
  assert.equal((await hit(server.url, "/")).status, 200);

  // The node's job workers (pg-boss) and the mail queue picked up again by themselves: a queued mail
  // and a run of the mail-queue job (queued from outside, as another node would) reach the recipient.
  await enqueueMail(db, { kind: "test.resume", to: "resume@example.org", subject: "Nach dem Ausfall", text: "Hallo" });
  const boss = new PgBoss({ connectionString: databaseUrl, supervise: false, schedule: false, migrate: false });
  boss.on("error", () => undefined);
  await boss.start();
  await boss.send("mail-queue", {});
  await boss.stop({ graceful: false, close: true });
  const got = await mail.waitFor("resume@example.org");
  assert.equal(got.subject, "Nach dem Ausfall");
  assert.ok(server.alive());
});
