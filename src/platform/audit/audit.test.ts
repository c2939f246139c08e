import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { appendAudit, canonicalJson, entryHash, GENESIS_HASH, sealAuditLog, verifyAuditChain } from "./index.js";
import { createTestDatabase } from "../../../test/helpers.js";

test("canonicalJson sorts keys at every level", () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
});

test("entryHash depends on every field", () => {
  const base = { seq: "1", at: new Date("2026-01-01T00:00:00Z"), actor_type: "staff", actor_id: "u1", action: "x", object_type: "case", object_id: "c1", details: { a: 1 }, request_id: null, prev_hash: GENESIS_HASH };
  const h = entryHash(base);
  for (const [k, v] of Object.entries({ seq: "2", action: "y", actor_id: "u2", details: { a: 2 }, prev_hash: "f".repeat(64), at: new Date("2026-01-01T00:00:01Z") })) {
    assert.notEqual(entryHash({ ...base, [k]: v }), h, `changing ${k} changes the hash`);
  }
});

test("the chain detects edited, deleted and inserted entries", async (t) => {
  const { db, url } = await createTestDatabase(t);
  for (let i = 0; i < 5; i++) {
    await db.transaction().execute((tx) => appendAudit(tx, { type: "staff", id: `u${i}` }, { action: "test.action", objectType: "case", objectId: String(i), details: { n: i, nested: { b: 2, a: 1 } } }));
  }
  const unsealed = await verifyAuditChain(db);
  assert.ok(unsealed.pending >= 5, "appended entries wait for the sealing run");
  assert.ok((await sealAuditLog(db)) >= 5);
  const clean = await verifyAuditChain(db);
  assert.equal(clean.ok, true, clean.problems.join());
  assert.equal(clean.pending, 0);
  // The template may already hold entries (data imports); ours are the last five.
  const seqs = (await db.selectFrom("audit_log").select("seq").where("action", "=", "test.action").orderBy("seq").execute()).map((r) => r.seq);
  assert.equal(seqs.length, 5);
  const [, s2, s3, s4, s5] = seqs;

  // The application cannot change entries…
  await assert.rejects(sql`UPDATE audit_log SET action = 'forged' WHERE seq = ${s3}`.execute(db), /append-only/);
  await assert.rejects(sql`DELETE FROM audit_log WHERE seq = ${s3}`.execute(db), /append-only/);

  // …but someone with superuser rights disabling the trigger is caught by the chain.
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`.execute(db);
  await sql`UPDATE audit_log SET details = '{"n": 99}' WHERE seq = ${s2}`.execute(db);
  const edited = await verifyAuditChain(db);
  assert.equal(edited.ok, false);
  assert.ok(edited.problems.some((p) => p.includes(`Eintrag ${s2}`) && p.includes("verändert")));

  await sql`DELETE FROM audit_log WHERE seq = ${s4}`.execute(db);
  const deleted = await verifyAuditChain(db);
  assert.ok(deleted.problems.some((p) => p.includes(`Eintrag ${s4}`) && p.includes("fehlt")));

  // Truncating the tail is caught against an anchored head hash.
  const head = clean.headHash;
  await sql`DELETE FROM audit_log WHERE seq = ${s5}`.execute(db);
  const tail = await verifyAuditChain(db, { expectedHead: head });
  assert.ok(tail.problems.some((p) => p.includes("verankerten")));

  // npm run audit:verify exits 1 on the broken chain.
  const run = promisify(execFile);
  await assert.rejects(run(process.execPath, ["--import", "tsx", "scripts/auditVerify.ts"], { env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test" } }), (err: { code?: number; stdout?: string }) => err.code === 1 && /"ok": false/.test(err.stdout ?? ""));
});

test("audit:verify exits 0 on an intact chain", async (t) => {
  const { db, url } = await createTestDatabase(t);
  await db.transaction().execute((tx) => appendAudit(tx, { type: "system", id: null }, { action: "test.ok" }));
  const run = promisify(execFile);
  const out = await run(process.execPath, ["--import", "tsx", "scripts/auditVerify.ts"], { env: { ...process.env, DATABASE_URL: url, NODE_ENV: "test" } });
  assert.match(out.stdout, /"ok": true/);
});

test("appends do not wait for each other; sealing links them in id order; an entry's content never changes", async (t) => {
  const { db } = await createTestDatabase(t);
  await sealAuditLog(db);
  // Two open transactions append at the same time: with a global lock the second would block until the
  // first commits and this test would hang (the first commits only after the second appended).
  let releaseFirst: () => void = () => undefined;
  const firstHolds = new Promise<void>((r) => (releaseFirst = r));
  let firstAppended: () => void = () => undefined;
  const firstDidAppend = new Promise<void>((r) => (firstAppended = r));
  const t1 = db.transaction().execute(async (tx) => {
    await appendAudit(tx, { type: "staff", id: "a" }, { action: "test.concurrent", objectId: "1" });
    firstAppended();
    await firstHolds;
  });
  await firstDidAppend;
  await db.transaction().execute((tx) => appendAudit(tx, { type: "staff", id: "b" }, { action: "test.concurrent", objectId: "2" }));
  // The second, committed entry is sealed while the first is still open (invisible to the sealer).
  assert.equal(await sealAuditLog(db), 1);
  releaseFirst();
  await t1;
  assert.equal(await sealAuditLog(db), 1);
  const rows = await db.selectFrom("audit_log").select(["object_id", "seq"]).where("action", "=", "test.concurrent").orderBy("seq").execute();
  assert.deepEqual(rows.map((r) => r.object_id), ["2", "1"], "the chain follows commit (sealing) order");
  const result = await verifyAuditChain(db);
  assert.equal(result.ok, true, result.problems.join());

  // Content is immutable before and after sealing; sealing twice is refused too.
  await db.transaction().execute((tx) => appendAudit(tx, { type: "staff", id: "c" }, { action: "test.unsealed" }));
  await assert.rejects(sql`UPDATE audit_log SET action = 'forged' WHERE action = 'test.unsealed'`.execute(db), /append-only/);
  await assert.rejects(sql`UPDATE audit_log SET seq = 999999, prev_hash = 'x', hash = 'y', action = 'forged' WHERE action = 'test.unsealed'`.execute(db), /append-only/);
  await sealAuditLog(db);
  await assert.rejects(sql`UPDATE audit_log SET seq = seq + 1000 WHERE action = 'test.unsealed'`.execute(db), /append-only/);
});
