/**
 * Records (issue 14, ADR 0062): a 500-page scan is streamed, not read into memory. A child process writes a
 * 500-page PDF (a noise image per page, ≈ 120 MB) to disk; it is uploaded over HTTP as a stream to the scanner
 * endpoint. The platform writes it to a temporary file while hashing; records reads the cover sheet from the
 * first page by byte ranges and copies the file in 1 MB pieces into a large object. The process's peak RSS
 * delta during the upload must stay below 1.5 × the file's size (the former path held it at least twice at once).
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

test("issue 14: a 500-page scan is streamed into a large object; peak RSS stays bounded", { timeout: 600_000 }, async (t) => {
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
  const res = await upload(pdfPath).finally(() => clearInterval(sampler));
  peak = Math.max(peak, process.memoryUsage().rss);
  assert.equal(res.status, 202, res.body);
  const delta = peak - baseline;
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  t.diagnostic(`file ${mb(size)} MB, ${PAGES} pages; RSS baseline ${mb(baseline)} MB, peak ${mb(peak)} MB, delta ${mb(delta)} MB`);
  // The bound: the former path held the file at least twice at once (readFile, and pdf.js's copy of it) plus the
  // driver's copy. Streaming holds 1 MB pieces; what the sampled RSS still shows (≈ 0.9 × the file size here) is
  // garbage of the streamed chunks (multipart and driver buffers) that the collector had not yet reclaimed.
  assert.ok(delta < size * 1.5, `peak RSS delta ${mb(delta)} MB for a ${mb(size)} MB scan`);

  // Stored whole and intact, as a large object.
  const clearing = await db.selectFrom("records_clearing").select(["sha256", "size"]).where("filename", "=", "lang.pdf").executeTakeFirstOrThrow();
  assert.equal(Number(clearing.size), size);
  const blob = await sql<{ oid: number | null; bytea: boolean; sha: string }>`SELECT content_oid AS oid, content IS NOT NULL AS bytea, encode(sha256(lo_get(content_oid)), 'hex') AS sha FROM records_blobs WHERE sha256 = ${clearing.sha256}`.execute(db);
  assert.equal(blob.rows[0]!.bytea, false);
  assert.ok(blob.rows[0]!.oid);
  assert.equal(blob.rows[0]!.sha, clearing.sha256);
});
