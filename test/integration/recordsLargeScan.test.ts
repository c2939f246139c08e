/**
 * Records (issue 14, ADR 0062): a 500-page scan is streamed, not read into memory. A child process writes a
 * 500-page PDF (a noise image per page, ≈ 120 MB) to disk; it is uploaded over HTTP as a stream to the scanner
 * endpoint. The platform writes it to a temporary file while hashing; records reads the cover sheet from the
 * first page by byte ranges and copies the file in 1 MB pieces into a large object. No single Buffer of a
 * quarter of the file's size or more is made during the upload (the former path read the whole file into one
 * Buffer: multipart's toBuffer, readFile, the driver's bytea parameter). The process's RSS is reported, not
 * asserted: with other tests running beside it, it depends on when the collector runs (117–217 MB seen).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { buildTestApp } from "../helpers.js";
import { imageOnlyPdf } from "../support/scans.js";
import { systemContext } from "../../src/platform/commands.js";
import { systemAccountCreator } from "../../src/modules/records/index.js";

const PAGES = 500;
// Runs in a child process, so building the PDF does not inflate the measured process.
const WRITE_PDF = `
import PDFDocument from "pdfkit";
import sharp from "sharp";
import { createWriteStream } from "node:fs";
const out = createWriteStream(process.env.KP_OUT);
const doc = new PDFDocument({ autoFirstPage: false });
doc.pipe(out);
for (let i = 0; i < ${PAGES}; i++) {
  const noise = await sharp({ create: { width: 600, height: 430, channels: 3, background: "#888888", noise: { type: "gaussian", mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
  doc.addPage({ size: "A4" });
  doc.image(noise, 50, 50, { width: 495 });
}
doc.end();
await new Promise((r) => out.on("finish", r));
`;

/** Records the largest Buffer made through Buffer's allocators while `run` runs (restored afterwards). */
async function largestBufferDuring<T>(run: () => Promise<T>): Promise<{ result: T; largest: number }> {
  const original = { concat: Buffer.concat, alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe, allocUnsafeSlow: Buffer.allocUnsafeSlow };
  let largest = 0;
  const seen = (b: Buffer) => {
    if (b.length > largest) largest = b.length;
    return b;
  };
  const B = Buffer as unknown as Record<keyof typeof original, (...a: unknown[]) => Buffer>;
  for (const k of Object.keys(original) as (keyof typeof original)[]) B[k] = (...a: unknown[]) => seen((original[k] as (...a: unknown[]) => Buffer).apply(Buffer, a));
  try {
    return { result: await run(), largest };
  } finally {
    Object.assign(Buffer, original);
  }
}

test("issue 14: a 500-page scan is streamed into a large object; no Buffer near the file's size is made", { timeout: 600_000 }, async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-large-scan-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const pdfPath = path.join(dir, "lang.pdf");
  await promisify(execFile)(process.execPath, ["--input-type=module", "-e", WRITE_PDF], { cwd: process.cwd(), env: { ...process.env, KP_OUT: pdfPath }, maxBuffer: 1024 * 1024 });
  const size = (await stat(pdfPath)).size;
  assert.ok(size > 100 * 1024 * 1024, `the test file is large (${size} bytes)`);

  const { app, db } = await buildTestApp(t, { UPLOAD_MAX_BYTES: String(400 * 1024 * 1024), UPLOAD_MAX_REQUEST_BYTES: String(400 * 1024 * 1024) });
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  const account = await systemAccountCreator(systemContext(db), { name: "Scanstrecke", unitId: unit.id, scopes: ["records:write"], days: 1 });
  assert.ok(account.ok);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const port = (app.server.address() as AddressInfo).port;

  // curl (another process) sends the file as a stream, so only the server side is measured here.
  const upload = async (filePath: string) => {
    const { stdout } = await promisify(execFile)("curl", ["-sS", "-o", "-", "-w", "\n%{http_code}", "-H", `Authorization: Bearer ${account.secret}`, "-F", "device=Scanner Poststelle", "-F", `file=@${filePath};type=application/pdf;filename=${path.basename(filePath)}`, `http://127.0.0.1:${port}/api/v1/records/scans`], { maxBuffer: 1024 * 1024 });
    const lines = stdout.trimEnd().split("\n");
    return { status: Number(lines.at(-1)), body: lines.slice(0, -1).join("\n") };
  };

  // Warm-up with a small scan: pdf.js, the canvas and the QR reader are loaded once, outside the measurement.
  const smallPath = path.join(dir, "klein.pdf");
  await writeFile(smallPath, await imageOnlyPdf([["Kleiner Scan"]]));
  assert.equal((await upload(smallPath)).status, 202);

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const { result: res, largest } = await largestBufferDuring(() => upload(pdfPath)).finally(() => clearInterval(sampler));
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.equal(res.status, 202, res.body);
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  t.diagnostic(`file ${mb(size)} MB, ${PAGES} pages; largest Buffer ${(largest / 1024 / 1024).toFixed(1)} MB; RSS baseline ${mb(baseline)} MB, peak ${mb(peak)} MB, delta ${mb(peak - baseline)} MB`);
  assert.ok(largest > 0, "the upload went through Buffer's allocators (the measurement sees it)");
  assert.ok(largest < size / 4, `a ${(largest / 1024 / 1024).toFixed(1)} MB Buffer for a ${mb(size)} MB scan`);

  // Stored whole and intact, as a large object.
  const clearing = await db.selectFrom("records_clearing").select(["sha256", "size"]).where("filename", "=", "lang.pdf").executeTakeFirstOrThrow();
  assert.equal(Number(clearing.size), size);
  const blob = await sql<{ oid: number | null; bytea: boolean; sha: string }>`SELECT content_oid AS oid, content IS NOT NULL AS bytea, encode(sha256(lo_get(content_oid)), 'hex') AS sha FROM records_blobs WHERE sha256 = ${clearing.sha256}`.execute(db);
  assert.equal(blob.rows[0]!.bytea, false);
  assert.ok(blob.rows[0]!.oid);
  assert.equal(blob.rows[0]!.sha, clearing.sha256);
});
