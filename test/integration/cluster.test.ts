/**
 * Two app nodes (`src/server.ts` as child processes) on one PostgreSQL behind nginx, round-robin
 * (issue 12 item 13): sessions, CSRF, rate limits, search-index updates and the mail queue work across
 * nodes; under load one node is killed with SIGKILL — every acknowledged submission is stored exactly
 * once and the other node serves on. Needs Debian's nginx-light (/usr/sbin/nginx); skipped without it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import PgBoss from "pg-boss";
import type { Db } from "../../src/platform/db/index.js";
import { createTestDatabase, startMailCatcher } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { bookableSlots, clusterUnavailable, HttpClient, loadUnderKill, mixedLoad, startCluster, submissionRequest } from "../support/cluster.js";

const FORM = "hundesteuer-anmeldung";
const LICENCE = "99023001012000";
const FS = "lra-08236-fuehrerschein";
/** Sends one run of the platform's cleanup job to the shared pg-boss queue (as any node would) and waits until a node completed it. */
async function runCleanupJob(databaseUrl: string, db: Db): Promise<void> {
  // An expired rate-limit row: the job deletes it, which shows that it really ran.
  await sql`INSERT INTO rate_limits (key, window_start, count, expires_at) VALUES ('cluster-job', now() - interval '2 hours', 1, now() - interval '1 hour') ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at`.execute(db);
  const boss = new PgBoss({ connectionString: databaseUrl, max: 1, supervise: false, schedule: false, migrate: false });
  await boss.start();
  try {
    const id = await boss.send("platform-cleanup", {});
    assert.ok(id);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const job = await boss.getJobById("platform-cleanup", id);
      if (job?.state === "completed") {
        assert.equal(job.retryCount, 0, "the job ran more than once");
        break;
      }
      assert.ok(Date.now() < deadline, `job not completed (state ${job?.state})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
  assert.equal((await sql`SELECT 1 FROM rate_limits WHERE key = 'cluster-job'`.execute(db)).rows.length, 0);
}

const skip = clusterUnavailable();
if (skip) process.stderr.write(`cluster.test.ts skipped: ${skip}\n`);

test("two nodes behind nginx: sessions, CSRF, rate limits, search index, mail queue, jobs; SIGKILL of one node under load", { skip }, async (t) => {
  const { url: databaseUrl, db } = await createTestDatabase(t);
  const mail = await startMailCatcher(t);
  const { nodes, nginx } = await startCluster(t, { DATABASE_URL: databaseUrl, SMTP_URL: mail.url, DEMO_DATA: "true", DEMO_ADMIN_PASSWORD, BOOKING_CHALLENGE: "off" });
  const [nodeA, nodeB] = nodes;
  const upstreamOf = (port: number) => `127.0.0.1:${port}`;

  await t.test("round-robin: both nodes serve through nginx", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add((await fetch(`${nginx.url}/health`)).headers.get("x-upstream") ?? "");
    assert.deepEqual([...seen].sort(), [upstreamOf(nodeA.port), upstreamOf(nodeB.port)].sort());
  });

  const admin = new HttpClient(nginx.url);
  await t.test("a session started on one node is valid on the other; a CSRF token from one node is accepted by the other", async () => {
    const loginPage = await admin.get("/anmelden");
    const login = await admin.request("POST", "/anmelden", { form: { _csrf: HttpClient.csrf(loginPage.body), email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD } });
    assert.equal(login.status, 303, `login failed: ${login.body.slice(0, 300)}`);
    // Round-robin: the next requests alternate between the nodes; each must know the session.
    const served = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const page = await admin.get("/verwaltung/synonyme");
      assert.equal(page.status, 200, `not signed in on ${page.upstream}`);
      served.add(page.upstream);
    }
    assert.equal(served.size, 2, "the session was not used on both nodes");
    // The form comes from one node, the post goes to the other.
    let form = await admin.get("/verwaltung/synonyme");
    let post = await admin.request("POST", "/verwaltung/synonyme", { form: { _csrf: HttpClient.csrf(form.body), term: "Clusterwortxyz", expansions: "Personalausweis" } });
    if (post.upstream === form.upstream) {
      // Another client's request fell between the two: try once more.
      form = await admin.get("/verwaltung/synonyme");
      post = await admin.request("POST", "/verwaltung/synonyme", { form: { _csrf: HttpClient.csrf(form.body), term: "Clusterwortxyz", expansions: "Personalausweis" } });
    }
    assert.notEqual(post.upstream, form.upstream, "form and post were served by the same node");
    assert.equal(post.status, 303, `the other node refused the form: ${post.status}`);
    const saved = await db.selectFrom("search_synonyms").select("term").where("term", "=", "clusterwortxyz").execute();
    assert.equal(saved.length, 1);
  });

  await t.test("the catalogue edit (a synonym, saved on one node) reaches the search index of both nodes", async () => {
    for (const node of [nodeA, nodeB]) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = (await (await fetch(`${node.url}/api/v1/search?q=clusterwortxyz`)).json()) as { results: Array<{ title: string }> };
        if (r.results.some((x) => /Personalausweis/.test(x.title))) break;
        assert.ok(Date.now() < deadline, `node ${node.port} did not pick up the synonym`);
        await new Promise((res) => setTimeout(res, 200));
      }
    }
  });

  await t.test("rate limits are shared: 10 per minute for one client address across both nodes", async () => {
    // POST /bussgeld-bezahlen allows 10 a minute per address; without a CSRF token each is refused (403)
    // after being counted. Per-node counters would let 20 through.
    const statuses: number[] = [];
    const served = new Set<string>();
    for (let i = 0; i < 11; i++) {
      const r = await fetch(`${nginx.url}/bussgeld-bezahlen`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.77" }, body: "kassenzeichen=1" });
      await r.arrayBuffer();
      statuses.push(r.status);
      served.add(r.headers.get("x-upstream") ?? "");
    }
    assert.equal(served.size, 2);
    assert.ok(statuses.slice(0, 10).every((s) => s !== 429), `limited too early: ${statuses.join(",")}`);
    assert.equal(statuses[10], 429, `the 11th request was not limited: ${statuses.join(",")}`);
  });

  await t.test("the mail queue: a confirmation mail is sent once, whichever node took the submission", async () => {
    const { url, init } = submissionRequest(FORM, { ...validAnswers[FORM]!, email: "cluster-mail@example.org" }, 1, "cluster-mail");
    const r = await fetch(`${nginx.url}${url}`, init);
    assert.equal(r.status, 201);
    const { reference } = (await r.json()) as { reference: string };
    await mail.waitFor("cluster-mail@example.org", (m) => m.text.includes(reference));
    // Both nodes' queue workers run; a second copy would come from the other node's sweep.
    const rows = await sql<{ sent: number; total: number }>`SELECT count(sent_at)::int AS sent, count(*)::int AS total FROM mail_queue WHERE ref = ${reference}`.execute(db);
    assert.deepEqual(rows.rows, [{ sent: 1, total: 1 }]);
    assert.equal(mail.mails.filter((m) => m.to.includes("cluster-mail@example.org")).length, 1);
  });

  await t.test("pg-boss: a job sent to the shared queue is run once by a node", async () => {
    await runCleanupJob(databaseUrl, db);
  });

  await t.test("SIGKILL of one node under load: every acknowledged submission and booking stored exactly once, the other node serves on", async () => {
    const slotIds = (await bookableSlots(nginx.url, LICENCE, FS)).slice(0, 20);
    assert.ok(slotIds.length >= 10, `only ${slotIds.length} slots`);
    const load = mixedLoad(nginx.url, { form: FORM, answers: validAnswers[FORM]!, tag: "cluster-kill", slotIds });
    const total = 80;
    const result = await loadUnderKill(nodeB, { total, concurrency: 4, killAfter: 30, op: load.op, retryable: load.retryable });
    assert.equal(await nodeB.exited, "SIGKILL");
    assert.ok(nodeA.alive(), "node A died");
    assert.ok(result.failed.length > 0 || result.acknowledgedFirstTry === total, "no request was in flight on the killed node");

    // Submissions: every one acknowledged in the end (failed ones once more with their Idempotency-Key), each stored once.
    const submissions = [...Array(total).keys()].filter((i) => !load.isBooking(i));
    assert.deepEqual(submissions.filter((i) => !result.acknowledged.has(i)), [], "a submission was never acknowledged");
    const stored = await sql<{ name: string; n: number; refs: string[] }>`
      SELECT answers->>'name' AS name, count(*)::int AS n, array_agg(reference) AS refs
      FROM application_submissions WHERE answers->>'name' LIKE 'cluster-kill %' GROUP BY 1`.execute(db);
    assert.equal(stored.rows.length, submissions.length, "a submission is missing");
    assert.deepEqual(stored.rows.filter((r) => r.n !== 1), [], "a submission is stored twice");
    const storedRefs = new Set(stored.rows.flatMap((r) => r.refs));
    assert.deepEqual(submissions.map((i) => result.acknowledged.get(i)!).filter((ref) => !storedRefs.has(ref)), [], "an acknowledged reference is not stored");

    // Bookings: each acknowledged code stored once under its own name; none stored twice.
    const bookings = [...Array(total).keys()].filter((i) => load.isBooking(i));
    const booked = await sql<{ name: string; n: number; codes: string[] }>`
      SELECT name, count(*)::int AS n, array_agg(code) AS codes FROM appt_bookings WHERE name LIKE 'cluster-kill %' GROUP BY 1`.execute(db);
    assert.deepEqual(booked.rows.filter((r) => r.n !== 1), [], "a booking is stored twice");
    const byName = new Map(booked.rows.map((r) => [r.name, r.codes[0]]));
    for (const i of bookings) {
      const code = result.acknowledged.get(i);
      if (code) assert.equal(byName.get(`cluster-kill ${i}`), code, `acknowledged booking ${i} (${code}) is not stored`);
    }
    assert.ok(bookings.some((i) => result.acknowledged.has(i)), "no booking was acknowledged");

    assert.ok(result.recoveryMs !== undefined, "requests through nginx did not succeed again after the kill");
    // The survivor still serves pages and runs jobs.
    await runCleanupJob(databaseUrl, db);
    const home = await fetch(`${nginx.url}/`);
    assert.equal(home.status, 200);
    assert.equal(home.headers.get("x-upstream"), upstreamOf(nodeA.port));
  });
});
