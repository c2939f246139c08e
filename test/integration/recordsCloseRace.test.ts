/**
 * Records (issue 14): closing a file (zdA) and filing into it exclude each other. Two transactions are interleaved
 * deterministically: one is held open at a known point (a promise gate, or a row lock the test holds), the other is
 * started, and the test waits until PostgreSQL reports it waiting for a lock (pg_stat_activity) — or finished, which
 * is the failure: before the fix, a version filed while the file was being closed landed in the closed file (the
 * second test fails without addDocumentTx's FOR SHARE). The first order already held before the fix, by accident: the
 * search refresh re-updates the document row and its foreign-key re-check takes a KEY SHARE lock on the file row; the
 * test keeps that order from regressing. The third test writes a version with raw SQL (no command, no lock of its own):
 * only the zdA trigger's FOR SHARE on the file row (migration 0083) makes it wait for the close and be refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, deliverAllEvents } from "../helpers.js";
import { submitBuildingPermit } from "../support/scans.js";
import { systemContext } from "../../src/platform/commands.js";
import type { Db } from "../../src/platform/db/index.js";
import { addDocumentTx, documentAdder } from "../../src/modules/records/commands/documents.js";
import { fileCloser } from "../../src/modules/records/commands/disposal.js";

/** Backends of this test's database waiting for a lock (a row lock shows as a wait on the holder's transaction). */
const lockWaiters = async (db: Db) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(db)).rows[0]!.n);

/**
 * Resolves true once `n` backends wait for a lock, false if `work` settles first (it did not wait). Bounded polling,
 * no assertion on time: the answer is whichever happens first.
 */
async function waitsForLock(db: Db, work: Promise<unknown>, n = 1): Promise<boolean> {
  let settled = false;
  void work.then(() => (settled = true), () => (settled = true));
  for (let i = 0; i < 3000; i++) {
    if (settled) return false;
    if ((await lockWaiters(db)) >= n) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("neither waiting nor finished");
}

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const userId = (await db.selectFrom("users").select("id").where("email", "=", "bauamt@kreisportal.example").executeTakeFirstOrThrow()).id;
  const ctx = { ...systemContext(db), actor: { type: "user" as const, id: userId } };
  // A document whose OCR is done: the file could be closed now.
  const first = await documentAdder(ctx, { caseId, title: "Antrag", filename: "antrag.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.4 antrag"), source: "upload", userId });
  assert.ok(first.ok);
  await db.updateTable("records_documents").set({ ocr_status: "done" }).where("id", "=", first.documentId).execute();
  return { db, caseId, file, userId, ctx, documentId: first.documentId };
}

const versionsIn = (db: Db, fileId: string) =>
  db.selectFrom("records_versions as v").innerJoin("records_documents as d", "d.id", "v.document_id").select(["v.document_id", "v.version"]).where("d.file_id", "=", fileId).execute();

test("issue 14: a version filed while the file is being closed makes the close wait; the close then sees it and refuses", { timeout: 300_000 }, async (t) => {
  const { db, caseId, file, userId, ctx, documentId } = await setup(t);

  // Transaction A files a new version and stays open (holding whatever locks it took).
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let filedIt!: (v: unknown) => void;
  const filedInA = new Promise((r) => (filedIt = r));
  const a = db.transaction().execute(async (tx) => {
    const added = await addDocumentTx(tx, ctx, { caseId, documentId, title: "Antrag", filename: "antrag-2.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.4 antrag 2"), source: "upload", userId });
    filedIt(added);
    await gate;
    return added;
  });
  assert.deepEqual(await filedInA.then((r) => (r as { ok: boolean; version: number }).version), 2);

  // The close starts meanwhile: it must wait for A, not decide on what it saw before A commits.
  const closing = fileCloser(ctx, { fileId: file.id, userId });
  const waited = await waitsForLock(db, closing);
  open();
  assert.equal((await a).ok, true);
  const closed = await closing;
  assert.equal(waited, true, `the close did not wait for the filing transaction (it answered ${JSON.stringify(closed)})`);
  // After A committed, the close saw version 2 (OCR pending again) and refused; the file stays open.
  assert.deepEqual(closed, { ok: false, reason: "ocr_pending" });
  const f = await db.selectFrom("records_files").select(["status", "closed_at"]).where("id", "=", file.id).executeTakeFirstOrThrow();
  assert.deepEqual([f.status, f.closed_at], ["open", null]);
  assert.equal((await versionsIn(db, file.id)).length, 2);
});

/**
 * Starts closing the file and pauses it after its checks and its UPDATE, before it commits: the close queues
 * `file.closed` for a receiver whose row the test holds FOR UPDATE (the delivery's foreign key must wait for it).
 * `release` lets the close go on and waits for the holding transaction to end.
 */
async function pausedClose(db: Parameters<typeof fileCloser>[0]["db"], ctx: Parameters<typeof fileCloser>[0], file: { id: string; owner_unit_id: string }, userId: string) {
  const hook = await db.insertInto("records_webhooks").values({ unit_id: file.owner_unit_id, url: "http://127.0.0.1:9/hook", secret: "whsec_test", events: ["file.closed"], created_by: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  let held!: () => void;
  const holding = new Promise<void>((r) => (held = r));
  const pause = db.transaction().execute(async (tx) => {
    await tx.selectFrom("records_webhooks").select("id").where("id", "=", hook.id).forUpdate().execute();
    held();
    await gate;
  });
  await holding;
  const closing = fileCloser(ctx, { fileId: file.id, userId });
  assert.equal(await waitsForLock(db, closing), true, "the close pauses at the held receiver row");
  return { closing, release: async () => (open(), await pause) };
}

test("issue 14: a scan filed while the file is being closed waits for the close and is then refused as closed (zdA)", { timeout: 300_000 }, async (t) => {
  const { db, caseId, file, userId, ctx, documentId } = await setup(t);
  const { closing, release } = await pausedClose(db, ctx, file, userId);

  // Now a scan (a new version of the document and a new scanned document) is filed at the same moment.
  const version = documentAdder(ctx, { caseId, documentId, title: "Antrag", filename: "antrag-2.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.4 antrag 2"), source: "upload", userId });
  const waitedV = await waitsForLock(db, version, 2);
  const scan = documentAdder(ctx, { caseId, title: "Scan brief.pdf", filename: "brief.pdf", mediaType: "application/pdf", content: Buffer.from("%PDF-1.4 brief"), source: "scan", userId, scan: { device: "Kodak S2050" } });
  const waitedS = await waitsForLock(db, scan, 3);
  await release();
  assert.deepEqual(await closing, { ok: true });
  const [v, s] = [await version, await scan];
  assert.deepEqual([waitedV, v], [true, { ok: false, reason: "closed" }], "the version waited for the close and was refused");
  assert.deepEqual([waitedS, s], [true, { ok: false, reason: "closed" }], "the scan waited for the close and was refused");
  // Nothing landed in the closed file.
  assert.deepEqual(await versionsIn(db, file.id), [{ document_id: documentId, version: 1 }]);
  assert.equal((await db.selectFrom("records_files").select("status").where("id", "=", file.id).executeTakeFirstOrThrow()).status, "closed");
});

test("issue 14: a raw SQL version written while the file is being closed waits for the close and is refused by the zdA trigger", { timeout: 300_000 }, async (t) => {
  const { db, file, userId, ctx, documentId } = await setup(t);
  const { closing, release } = await pausedClose(db, ctx, file, userId);

  // A writer bypassing addDocumentTx: plain SQL, no lock of its own. Only the trigger stands between it and the file.
  const raw = sql`INSERT INTO records_versions (document_id, version, filename, media_type, sha256, size)
    SELECT document_id, 2, 'antrag-2.pdf', media_type, sha256, size FROM records_versions WHERE document_id = ${documentId} AND version = 1`.execute(db);
  const outcome = raw.then(() => "inserted", (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);
  const waited = await waitsForLock(db, raw, 2);
  await release();
  assert.deepEqual(await closing, { ok: true });
  assert.deepEqual([waited, await outcome], [true, "23514: records_file_closed"], "the raw insert waited for the close and the trigger refused it");
  assert.deepEqual(await versionsIn(db, file.id), [{ document_id: documentId, version: 1 }]);
});
