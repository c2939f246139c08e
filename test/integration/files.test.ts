/** Platform file storage (issue 4, uploads): checks, scanner protocol, local and S3 providers, purge. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import S3rver from "s3rver";
import { createTestDatabase } from "../helpers.js";
import { tinyPng } from "../support/images.js";
import { loadConfig } from "../../src/platform/config.js";
import { systemContext } from "../../src/platform/commands.js";
import { fileStoreFor, fileStorer, purgeUnusedFiles, s3FileStore, storeUpload, type ReceivedFile } from "../../src/platform/files/index.js";

const FAKE_CLAMSCAN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../support/fake-clamscan.sh");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

async function received(content: Buffer, fileName = "antrag.pdf", dir?: string): Promise<ReceivedFile> {
  const d = dir ?? (await mkdtemp(path.join(os.tmpdir(), "kp-files-")));
  const p = path.join(d, `up-${Math.random().toString(16).slice(2)}`);
  await writeFile(p, content);
  return { field: "plan", fileName, tempPath: p, size: content.length, sha256: createHash("sha256").update(content).digest("hex"), head: content.subarray(0, 16), truncated: false };
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function startS3(t: { after(fn: () => unknown): void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: "kreisportal", configs: [] }] });
  const { port } = await server.run();
  t.after(() => server.close());
  return `http://127.0.0.1:${port}`;
}

test("storeUpload: a PDF is stored under a random key with hash, type, sanitized name and audit entry", async (t) => {
  const { db } = await createTestDatabase(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-filesdir-"));
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILES_DIR: dir });
  const r = await storeUpload(systemContext(db), config, await received(PDF, "../Bauplan\u202Egnp.pdf"), { uploaderId: null, purpose: "test", retainUntil: new Date(Date.now() + 3600_000) });
  assert.ok(r.ok);
  assert.equal(r.file.mediaType, "application/pdf");
  assert.equal(r.file.size, PDF.length);
  assert.equal(r.file.sha256, createHash("sha256").update(PDF).digest("hex"));
  assert.equal(r.file.name, "Bauplan_gnp.pdf");
  const row = await db.selectFrom("files").selectAll().where("id", "=", r.file.id).executeTakeFirstOrThrow();
  assert.match(row.storage_key, /^[0-9a-f]{2}\/[0-9a-f]{40}$/);
  assert.ok(!row.storage_key.includes("Bauplan"));
  assert.equal(row.scan_status, "not_scanned");
  assert.deepEqual(await readAll(await fileStoreFor(config.files).get(row.storage_key)), PDF);
  const audit = await db.selectFrom("audit_log").select(["action", "object_id"]).where("action", "=", "file.stored").execute();
  assert.deepEqual(audit, [{ action: "file.stored", object_id: r.file.id }]);
});

test("storeUpload refuses disguised, empty, oversized and disallowed files and stores nothing", async (t) => {
  const { db } = await createTestDatabase(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-filesdir-"));
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILES_DIR: dir, UPLOAD_MAX_BYTES: "1000" });
  const ctx = systemContext(db);
  const opts = { uploaderId: null, purpose: "test", retainUntil: null };
  const exe = Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(100)]);
  assert.deepEqual(await storeUpload(ctx, config, await received(exe, "antrag.pdf"), opts), { ok: false, reason: "type" });
  assert.deepEqual(await storeUpload(ctx, config, await received(Buffer.from("<html><script>alert(1)</script>"), "antrag.pdf"), opts), { ok: false, reason: "type" });
  assert.deepEqual(await storeUpload(ctx, config, await received(Buffer.from("PK\x03\x04rest", "latin1"), "antrag.pdf"), opts), { ok: false, reason: "type" });
  assert.deepEqual(await storeUpload(ctx, config, await received(Buffer.alloc(0), "leer.pdf"), opts), { ok: false, reason: "empty" });
  assert.deepEqual(await storeUpload(ctx, config, await received(Buffer.concat([PDF, Buffer.alloc(1000)])), opts), { ok: false, reason: "too_large" });
  // A PDF that runs JavaScript when opened, and a PNG cut off in its pixel data.
  const jsPdf = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj 2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "latin1");
  assert.deepEqual(await storeUpload(ctx, config, await received(jsPdf), opts), { ok: false, reason: "active_content" });
  const cutPng = tinyPng(40, 40).subarray(0, 80);
  assert.deepEqual(await storeUpload(ctx, config, await received(cutPng, "foto.png"), opts), { ok: false, reason: "damaged" });
  // The field may narrow the types: a PNG where only PDF is wanted.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  assert.deepEqual(await storeUpload(ctx, config, await received(png, "foto.png"), { ...opts, accept: ["application/pdf"] }), { ok: false, reason: "type" });
  // …and may lower, not raise, the limit.
  assert.deepEqual(await storeUpload(ctx, config, await received(PDF), { ...opts, maxBytes: 10 }), { ok: false, reason: "too_large" });
  assert.equal((await storeUpload(ctx, config, await received(PDF), { ...opts, maxBytes: 10_000_000 })).ok, true);
  assert.equal((await db.selectFrom("files").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n, "1");
});

test("ClamAV protocol (clamscan exit codes 0/1/2): clean is stored as scanned, a virus or a scanner error is refused", async (t) => {
  const { db } = await createTestDatabase(t);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-filesdir-"));
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILES_DIR: dir, CLAMSCAN_PATH: FAKE_CLAMSCAN });
  const ctx = systemContext(db);
  const opts = { uploaderId: null, purpose: "test", retainUntil: null };
  const clean = await storeUpload(ctx, config, await received(PDF), opts);
  assert.ok(clean.ok);
  assert.equal((await db.selectFrom("files").select("scan_status").where("id", "=", clean.file.id).executeTakeFirstOrThrow()).scan_status, "clean");
  const eicar = Buffer.concat([PDF, Buffer.from("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")]);
  assert.deepEqual(await storeUpload(ctx, config, await received(eicar), opts), { ok: false, reason: "infected" });
  const refused = await db.selectFrom("audit_log").select("details").where("action", "=", "file.infected_refused").executeTakeFirstOrThrow();
  assert.equal((refused.details as { signature: string }).signature, "Win.Test.EICAR_HDB-1");
  assert.deepEqual(await storeUpload(ctx, config, await received(Buffer.concat([PDF, Buffer.from("SCANNER-BROKEN")])), opts), { ok: false, reason: "scan_failed" });
  const missing = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILES_DIR: dir, CLAMSCAN_PATH: "/nonexistent/clamscan" });
  assert.deepEqual(await storeUpload(ctx, missing, await received(PDF), opts), { ok: false, reason: "scan_failed" }, "no scanner = fail closed");
  assert.equal((await db.selectFrom("files").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n, "1");
});

test("S3 provider against a local S3 server (s3rver): put/get/exists/delete, path-style URLs, unknown access key refused", async (t) => {
  const endpoint = await startS3(t);
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILE_STORAGE: "s3", S3_ENDPOINT: endpoint, S3_BUCKET: "kreisportal", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_REGION: "eu-central-1" });
  const store = fileStoreFor(config.files);
  assert.equal(store.id, "s3");
  await store.checkConfig();
  const key = "0a/" + "1".repeat(40);
  await store.put(key, Readable.from([PDF]), { size: PDF.length, sha256: createHash("sha256").update(PDF).digest("hex"), contentType: "application/pdf" });
  assert.equal(await store.exists(key), true);
  assert.deepEqual(await readAll(await store.get(key)), PDF);
  await store.delete(key);
  assert.equal(await store.exists(key), false);
  await assert.rejects(store.get(key), /not found/);
  // s3rver checks the access key but not V4 signatures (the signing is tested against AWS's published example in sniff.test.ts).
  const wrong = s3FileStore({ ...config.files.s3!, accessKeyId: "UNKNOWN" });
  await assert.rejects(wrong.checkConfig(), /Zugangsdaten/);
  await assert.rejects(wrong.put("0a/" + "3".repeat(40), Readable.from([PDF]), { size: PDF.length, sha256: createHash("sha256").update(PDF).digest("hex"), contentType: "application/pdf" }), /HTTP 403 InvalidAccessKeyId/);
  await assert.rejects(s3FileStore({ ...config.files.s3!, bucket: "fehlt" }).checkConfig(), /Bucket fehlt/);
});

test("S3 provider end to end: storeUpload and the purge of unused uploads", async (t) => {
  const { db } = await createTestDatabase(t);
  const endpoint = await startS3(t);
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), FILE_STORAGE: "s3", S3_ENDPOINT: endpoint, S3_BUCKET: "kreisportal", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER" });
  const ctx = systemContext(db);
  const store = fileStoreFor(config.files);
  const hour = 3600_000;
  const old = await storeUpload(ctx, config, await received(PDF), { uploaderId: null, purpose: "test", retainUntil: new Date(Date.now() - hour) });
  const fresh = await storeUpload(ctx, config, await received(PDF), { uploaderId: null, purpose: "test", retainUntil: new Date(Date.now() + hour) });
  const held = await storeUpload(ctx, config, await received(PDF), { uploaderId: null, purpose: "test", retainUntil: null });
  assert.ok(old.ok && fresh.ok && held.ok);
  const keyOf = async (id: string) => (await db.selectFrom("files").select("storage_key").where("id", "=", id).executeTakeFirstOrThrow()).storage_key;
  const oldKey = await keyOf(old.file.id);
  assert.equal(await store.exists(oldKey), true);
  assert.equal(await purgeUnusedFiles(db, config), 1);
  assert.equal(await store.exists(oldKey), false);
  const left = (await db.selectFrom("files").select("id").orderBy("id").execute()).map((r) => r.id).sort();
  assert.deepEqual(left, [fresh.file.id, held.file.id].sort());
  assert.equal(await purgeUnusedFiles(db, config, new Date(Date.now() + 2 * hour)), 1, "the fresh one goes once its time is up; the held one never");
  assert.equal(await store.exists(await keyOf(held.file.id)), true);
});

test("a failing store leaves no row behind", async (t) => {
  const { db } = await createTestDatabase(t);
  const broken = { id: "local", put: async () => { throw new Error("disk full"); }, get: async () => Readable.from([]), delete: async () => undefined, exists: async () => false, checkConfig: async () => undefined };
  await assert.rejects(fileStorer(systemContext(db), { file: await received(PDF), store: broken, maxBytes: 1e6, uploaderId: null, purpose: "test", retainUntil: null }), /disk full/);
  assert.equal((await db.selectFrom("files").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n, "0");
});
