/**
 * Records (issue 14, ADR 0062): a document version is downloaded as a stream read from its large object in pieces of
 * 256 KiB (`lo_get` with offset and length), not read whole into memory; the bytes arrive identical.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { submitBuildingPermit } from "../support/scans.js";
import { systemContext } from "../../src/platform/commands.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { systemAccountCreator } from "../../src/modules/records/index.js";
import { blobStream, DOWNLOAD_CHUNK_BYTES } from "../../src/modules/records/queries.js";

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(Buffer.from(p as Buffer));
  return parts;
}

test("issue 14: a version larger than one chunk is streamed from its large object in 256 KiB pieces; the download is byte-identical", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const account = await systemAccountCreator(systemContext(db), { name: "Fachverfahren Bau", unitId: file.owner_unit_id, scopes: ["records:write"], days: 30 });
  assert.ok(account.ok);

  // Two full pieces and a rest; only the magic bytes are checked at filing (OCR is not run here).
  const size = 2 * DOWNLOAD_CHUNK_BYTES + 12_345;
  const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(size - 9)]);
  const up = multipartBody({ caseReference: reference, title: "Großer Plan" }, [{ field: "file", name: "plan.pdf", type: "application/pdf", content: bytes }]);
  const created = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { authorization: `Bearer ${account.secret}`, "content-type": up.contentType }, payload: up.payload });
  assert.equal(created.statusCode, 201, created.body);
  const { id, sha256 } = created.json() as { id: string; sha256: string };
  const blob = await db.selectFrom("records_blobs").select(["content", "content_oid", "size"]).where("sha256", "=", sha256).executeTakeFirstOrThrow();
  assert.equal(blob.content, null, "an upload lives in a large object");
  assert.ok(blob.content_oid);

  // The reader: three statements' worth of pieces, 256 KiB, 256 KiB and the rest, together the file.
  const parts = await collect(blobStream(db, { content: null, oid: blob.content_oid, size: Number(blob.size) }));
  assert.deepEqual(parts.map((p) => p.length), [DOWNLOAD_CHUNK_BYTES, DOWNLOAD_CHUNK_BYTES, 12_345]);
  assert.ok(Buffer.concat(parts).equals(bytes));
  // A short read (the object shorter than announced) fails instead of sending less.
  await assert.rejects(collect(blobStream(db, { content: null, oid: blob.content_oid, size: size + 1 })), /short read/);

  // The staff download: same bytes, announced length and hash.
  const bau = new Client(app);
  assert.equal((await bau.submit("/anmelden", "/anmelden", { email: "bauamt@kreisportal.example", password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  const res = await bau.get(`/verwaltung/akten/${file.id}/dokumente/${id}/1`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["content-type"], "application/pdf");
  assert.equal(Number(res.headers["content-length"]), size);
  assert.equal(res.headers["x-content-sha256"], sha256);
  assert.ok(res.rawPayload.equals(bytes), "byte-identical");
  assert.equal(createHash("sha256").update(res.rawPayload).digest("hex"), sha256);
  // Unknown version: 404.
  assert.equal((await bau.get(`/verwaltung/akten/${file.id}/dokumente/${id}/2`)).statusCode, 404);
});
