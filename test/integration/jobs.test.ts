import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { createTestDatabase } from "../helpers.js";
import { registerJob, startJobs } from "../../src/platform/jobs/index.js";
import { loadConfig } from "../../src/platform/config.js";
import pino from "pino";

test("jobs are durable in PostgreSQL and run by a worker; the cleanup job removes expired sessions", async (t) => {
  const { url, db } = await createTestDatabase(t);
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: url });
  const seen: unknown[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  registerJob({
    name: "test-echo",
    async handler(_ctx, data) {
      seen.push(data);
      done();
    },
  });
  const user = await db.insertInto("users").values({ kind: "citizen", email: "a@example.org", display_name: "A", password_hash: null, email_verified_at: null, home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("sessions").values({ id_hash: "old", user_id: user.id, auth_method: "password", expires_at: new Date(Date.now() - 1000) }).execute();
  await db.insertInto("sessions").values({ id_hash: "fresh", user_id: user.id, auth_method: "password", expires_at: new Date(Date.now() + 3600_000) }).execute();

  // Stopped in finally, not in t.after: after hooks run in order, so the database would be dropped first,
  // and pg-boss stopping on a dropped database left this test process hanging now and then (issue 12).
  const jobs = await startJobs(url, db, config, pino({ level: "silent" }));
  try {
    await jobs.send("test-echo", { hello: "welt" });
    await finished;
    assert.deepEqual(seen, [{ hello: "welt" }]);

    await jobs.send("platform-cleanup", {});
    const deadline = Date.now() + 20_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = (await sql<{ id_hash: string }>`SELECT id_hash FROM sessions`.execute(db)).rows.map((r) => r.id_hash);
      if (!ids.includes("old")) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(ids, ["fresh"]);
  } finally {
    await jobs.stop();
  }
});
