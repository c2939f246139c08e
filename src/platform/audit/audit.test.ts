import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { appendAudit, canonicalJson, entryHash, GENESIS_HASH, verifyAuditChain } from "./index.js";
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
  const clean = await verifyAuditChain(db);
  assert.equal(clean.ok, true, clean.problems.join());
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
