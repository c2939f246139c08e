/**
 * Records (issue 14): multi-page TIFF scans. The cover sheet on the TIFF's first page routes the scan to its
 * case; OCR reads every page and stores the text per page (as for PDFs); the search finds a word that is only
 * on the last page's pixels. A broken TIFF is kept as-is with OCR failed and a German message.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { multiPageTiff, submitBuildingPermit, textImage } from "../support/scans.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { runRecordsOcr } from "../../src/modules/records/index.js";

async function login(app: FastifyInstance, email: string) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  return c;
}
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

test("issue 14: a multi-page TIFF scan is routed by the cover sheet on its first page and every page is recognised", { timeout: 600_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select("f.id").where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const tiff = await multiPageTiff([textImage(["Sehr geehrte Damen und Herren,", "die Kampfmittelräumung ist beendet."]), textImage(["Anlage zum Schreiben", "Das Fledermausquartier bleibt erhalten."])], { coverReference: reference });
  assert.ok(tiff.subarray(0, 4).equals(Buffer.from([0x49, 0x49, 0x2a, 0x00])) || tiff.subarray(0, 4).equals(Buffer.from([0x4d, 0x4d, 0x00, 0x2a])), "a TIFF");

  const bau = await login(app, "bauamt@kreisportal.example");
  const form = await bau.get("/verwaltung/akten/scannen");
  const { payload, contentType } = multipartBody({ _csrf: csrfOf(form.body), geraet: "Fujitsu fi-7160 Poststelle" }, [{ field: "datei", name: "posteingang.tif", type: "image/tiff", content: tiff }]);
  const scanned = await app.inject({ method: "POST", url: "/verwaltung/akten/scannen", headers: { cookie: cookieOf(bau), "content-type": contentType }, payload });
  assert.equal(scanned.statusCode, 200, scanned.body);
  assert.match(scanned.body, new RegExp(`dem Vorgang ${reference} zugeordnet`), "routed by the QR on the TIFF's first page");
  const doc = await db.selectFrom("records_documents as d").innerJoin("records_versions as v", "v.document_id", "d.id").select(["d.id", "d.ocr_status", "v.media_type"]).where("d.file_id", "=", file.id).executeTakeFirstOrThrow();
  assert.deepEqual([doc.ocr_status, doc.media_type], ["pending", "image/tiff"]);

  // A broken TIFF (header only) through the file page: kept, OCR failed with a German message.
  const filePage = await bau.get(`/verwaltung/akten/${file.id}`);
  const broken = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0xff, 0xff, 0xff, 0x7f]), Buffer.alloc(64)]);
  const up = multipartBody({ _csrf: csrfOf(filePage.body), titel: "Kaputter Scan" }, [{ field: "datei", name: "kaputt.tif", type: "image/tiff", content: broken }]);
  assert.equal((await app.inject({ method: "POST", url: `/verwaltung/akten/${file.id}/dokumente`, headers: { cookie: cookieOf(bau), "content-type": up.contentType }, payload: up.payload })).statusCode, 303);

  const run = await runRecordsOcr(db);
  assert.deepEqual([run.done, run.failed], [1, 1]);
  const pages = await db.selectFrom("records_pages").select(["page", "text", "method"]).where("document_id", "=", doc.id).orderBy("page").execute();
  assert.deepEqual(pages.map((p) => [p.page, p.method]), [[1, "ocr"], [2, "ocr"], [3, "ocr"]]);
  assert.match(pages[1]!.text, /Kampfmittelr/);
  assert.match(pages[2]!.text, /Fledermausquartier/);
  const failed = await db.selectFrom("records_documents").select(["ocr_status", "ocr_error"]).where("title", "=", "Kaputter Scan").executeTakeFirstOrThrow();
  assert.equal(failed.ocr_status, "failed");
  assert.match(failed.ocr_error ?? "", /Bilddatei ist beschädigt|nicht lesbar/);
  assert.ok(await db.selectFrom("records_versions as v").innerJoin("records_documents as d", "d.id", "v.document_id").select("v.size").where("d.title", "=", "Kaputter Scan").where("v.size", "=", String(broken.length)).executeTakeFirst(), "kept as-is");

  // The search finds the word from the last page's pixels, with its snippet.
  const found = await bau.get(`/verwaltung/akten?q=${encodeURIComponent("Fledermausquartier")}`);
  assert.equal(found.statusCode, 200);
  assert.match(found.body, /<mark>Fledermausquartier<\/mark>/);
});
