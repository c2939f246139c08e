/** Issue 12 item 14: Prometheus metrics behind a token, and the request id from the edge to the jobs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import pino from "pino";
import { buildTestApp } from "../helpers.js";
import { registerJob, startJobs } from "../../src/platform/jobs/index.js";
import { enqueueMail, MAX_ATTEMPTS } from "../../src/platform/mail/queue.js";

const TOKEN = "metrics-token-".padEnd(40, "m");

test("gh-12 item 14: without METRICS_TOKEN there is no /metrics (404)", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.statusCode, 404);
});

test("gh-12 item 14: /metrics needs the bearer token and reports requests per route pattern, pool, queues and failed mails", async (t) => {
  const { app, db, databaseUrl, config } = await buildTestApp(t, { METRICS_TOKEN: TOKEN });

  const none = await app.inject({ method: "GET", url: "/metrics" });
  assert.equal(none.statusCode, 401);
  assert.match(String(none.headers["www-authenticate"]), /^Bearer /);
  const wrong = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}x` } });
  assert.equal(wrong.statusCode, 401);
  assert.doesNotMatch(wrong.body, /http_request_duration_seconds/);

  // Something to count: two URLs of one route, a page, a URL no route matches; a failed and a pending mail;
  // a job waiting in a pg-boss queue.
  await app.inject({ method: "GET", url: "/api/v1/municipalities/08236999" });
  await app.inject({ method: "GET", url: "/api/v1/municipalities/08236998" });
  await app.inject({ method: "GET", url: "/impressum" });
  await app.inject({ method: "GET", url: "/gibt-es-nicht/123" });
  await enqueueMail(db, { kind: "test.pending", to: "a@example.org", subject: "s", text: "t" });
  const failedId = await enqueueMail(db, { kind: "test.failed", to: "b@example.org", subject: "s", text: "t" });
  await db.updateTable("mail_queue").set({ attempts: MAX_ATTEMPTS, next_attempt_at: new Date(Date.now() + 86400_000) }).where("id", "=", failedId).execute();
  // Stopped here, not in t.after: the after hooks drop the database first, and pg-boss stopping on a dropped
  // database can leave the test process hanging.
  const jobs = await startJobs(databaseUrl, db, config, pino({ level: "silent" }));
  try {
    await jobs.boss.createQueue("test-metrics-waiting");
    await jobs.send("test-metrics-waiting", {}, { startAfter: 3600 });
  } finally {
    await jobs.stop();
  }

  const res = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers["content-type"]), /^text\/plain/);
  const body = res.body;
  assert.match(body, /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/municipalities\/:ags",status_code="404"\} 2/);
  assert.match(body, /http_request_duration_seconds_count\{method="GET",route="\/impressum",status_code="200"\} 1/);
  assert.match(body, /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/);
  assert.doesNotMatch(body, /08236999|gibt-es-nicht/, "raw URLs never become labels");
  assert.match(body, /db_pool_connections\{state="total"\} \d+/);
  assert.match(body, /db_pool_connections\{state="idle"\} \d+/);
  assert.match(body, /db_pool_connections\{state="waiting"\} 0/);
  assert.match(body, /jobs_queue_depth\{queue="test-metrics-waiting",state="created"\} 1/);
  assert.match(body, /mail_queue_depth 1\b/);
  assert.match(body, /mail_queue_failed 1\b/);
  assert.match(body, /process_cpu_seconds_total/);
});

test("gh-12 item 14: the request id comes from a valid X-Request-Id or is generated, and is echoed", async (t) => {
  const { app } = await buildTestApp(t);
  const given = await app.inject({ method: "GET", url: "/impressum", headers: { "x-request-id": "proxy-4711-abcdef" } });
  assert.equal(given.headers["x-request-id"], "proxy-4711-abcdef");

  const generated = await app.inject({ method: "GET", url: "/api/v1/municipalities/08236999" });
  assert.match(String(generated.headers["x-request-id"]), /^[0-9a-f-]{36}$/);

  // Spaces, control characters or an overlong value are not taken over (they would end up in logs).
  for (const bad of ["has spaces in it", "x".repeat(200), "short"]) {
    const res = await app.inject({ method: "GET", url: "/impressum", headers: { "x-request-id": bad } });
    assert.match(String(res.headers["x-request-id"]), /^[0-9a-f-]{36}$/, bad);
  }
});

test("gh-12 item 14: a job queued with the request id logs it as reqId", async (t) => {
  const { db, databaseUrl, config } = await buildTestApp(t);
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString("utf8").split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  let done!: () => void;
  const ran = new Promise<void>((r) => (done = r));
  registerJob({
    name: "test-request-id",
    async handler({ log }) {
      log?.info("working");
      done();
    },
  });
  const jobs = await startJobs(databaseUrl, db, config, pino({ level: "info" }, sink));
  try {
    await jobs.send("test-request-id", { requestId: "req-from-the-edge-1" });
    await ran;
  } finally {
    await jobs.stop();
  }
  const line = lines.find((l) => l.msg === "working");
  assert.ok(line, JSON.stringify(lines));
  assert.equal(line.reqId, "req-from-the-edge-1");
  assert.equal(line.job, "test-request-id");
});
