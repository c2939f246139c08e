/**
 * Issue 18, the text of a procedure's PDF documents page by page for readers without JavaScript: read once after
 * upload by the job participation-document-text (stored; the upload itself does not wait for it), shown as plain
 * HTML with one section per page and a comment link per page; linked from the procedure page and the viewer; a
 * PDF without readable text says so; 404 across procedures; scanned pages read by German OCR and marked as such.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, documentTextReader, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { fileStoreFor } from "../../src/platform/files/index.js";
import { renderPdf } from "../../src/platform/pdf/renderPdf.js";
import { multipartBody, PDF } from "../support/uploads.js";
import { imageOnlyPdf } from "../support/scans.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
/** What the job does every minute: read the pending documents' text. */
const readTexts = (ta: TestApp) => documentTextReader(systemContext(ta.db), { files: fileStoreFor(ta.config.files) });

test("document text page by page: read by the job after upload, plain HTML per page, linked, no text said, 404 across procedures", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const [p, other] = await Promise.all([MUEHLACKER, REMCHINGEN].map((d) => ta.db.selectFrom("participation_procedures").select(["id", "slug"]).where("slug", "=", d.slug).executeTakeFirstOrThrow()));
  const doc = await ta.db.selectFrom("participation_documents").select(["id", "title", "page_count"]).where("procedure_id", "=", p!.id).executeTakeFirstOrThrow();
  assert.equal(doc.page_count, 1);
  const citizen = new Client(ta.app);
  const url = `/beteiligung/${p!.slug}/unterlagen/${doc.id}/text`;
  assert.match((await citizen.get(`/beteiligung/${p!.slug}`)).body, new RegExp(`href="${url}"`));
  assert.match((await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${doc.id}/ansehen`)).body, new RegExp(`href="${url}">Text der Unterlage Seite für Seite`));
  const page = await citizen.get(url);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /participation-pdf\.js/);
  assert.match(page.body, /<h2[^>]*id="seite-1"[^>]*>Seite 1 von 1<\/h2>/);
  assert.match(page.body, /§ 3 Bauweise/);
  assert.match(page.body, new RegExp(`href="/beteiligung/${p!.slug}/stellungnahme\\?unterlage=${doc.id}&amp;stelle=Seite%201">Zu Seite 1 Stellung nehmen`));
  // The comment link fills the form.
  assert.match((await citizen.get(`/beteiligung/${p!.slug}/stellungnahme?unterlage=${doc.id}&stelle=Seite%201`)).body, /value="Seite 1"/);
  assert.equal((await citizen.get(`/beteiligung/${other!.slug}/unterlagen/${doc.id}/text`)).statusCode, 404);
  assert.equal((await citizen.get(`/beteiligung/${p!.slug}/unterlagen/kein-uuid/text`)).statusCode, 404);

  // Staff upload a three-page PDF: three pages stored, in order; and a PDF without pages: "no readable text".
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const staffPage = `/verwaltung/beteiligung/${p!.id}`;
  const long = renderPdf([{ kind: "title", text: "Begründung" }, ...Array.from({ length: 150 }, (_, i) => ({ text: `Absatz ${i + 1}: Die Festsetzungen zur Traufhöhe folgen dem Bestand.` }))], { title: "Begründung", issuer: "Test" });
  const up = await postMultipart(ta.app, staff, `${staffPage}/unterlagen`, { _csrf: csrfOf((await staff.get(staffPage)).body), titel: "Begründung" }, [{ field: "datei", name: "begruendung.pdf", type: "application/pdf", content: long }]);
  assert.equal(up.statusCode, 303);
  // Until the job has run the text page says it is being read; the upload did not wait for it.
  const pending = await ta.db.selectFrom("participation_documents").select(["id", "page_count", "text_status"]).where("title", "=", "Begründung").executeTakeFirstOrThrow();
  assert.deepEqual([pending.page_count, pending.text_status], [null, "pending"]);
  assert.match((await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${pending.id}/text`)).body, /wird gerade gelesen/);
  assert.deepEqual(await readTexts(ta), { done: 1, failed: 0, ocrPages: 0 });
  assert.deepEqual(await readTexts(ta), { done: 0, failed: 0, ocrPages: 0 }, "nothing left pending");
  const added = await ta.db.selectFrom("participation_documents").select(["id", "page_count"]).where("procedure_id", "=", p!.id).where("title", "=", "Begründung").executeTakeFirstOrThrow();
  assert.ok(added.page_count! >= 2, `pages: ${added.page_count}`);
  const stored = await ta.db.selectFrom("participation_document_pages").select(["page", "text"]).where("document_id", "=", added.id).orderBy("page").execute();
  assert.deepEqual(stored.map((r) => r.page), Array.from({ length: added.page_count! }, (_, i) => i + 1));
  assert.match(stored[0]!.text, /^Begründung\nAbsatz 1: Die Festsetzungen/);
  assert.match(stored.at(-1)!.text, /Absatz 150:/);
  const longPage = await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${added.id}/text`);
  assert.match(longPage.body, new RegExp(`Seite ${added.page_count} von ${added.page_count}`));
  assert.match(longPage.body, /Begründung<br\/?>Absatz 1:/);
  const audit = await ta.db.selectFrom("audit_log").select("details").where("action", "=", "participation.document_text_read").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.deepEqual(audit.details, { documentId: added.id, pages: added.page_count, ocrPages: 0 });

  const empty = await postMultipart(ta.app, staff, `${staffPage}/unterlagen`, { _csrf: csrfOf((await staff.get(staffPage)).body), titel: "Leer" }, [{ field: "datei", name: "leer.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(empty.statusCode, 303);
  assert.deepEqual(await readTexts(ta), { done: 0, failed: 1, ocrPages: 0 });
  const blank = await ta.db.selectFrom("participation_documents").select(["id", "page_count", "text_status"]).where("title", "=", "Leer").executeTakeFirstOrThrow();
  assert.deepEqual([blank.page_count, blank.text_status], [null, "failed"]);
  assert.match((await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${blank.id}/text`)).body, /kein lesbarer Text vor/);
});

test("a scanned plan document: pages without a text layer are read by German OCR and marked as such", { timeout: 300_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const p = await ta.db.selectFrom("participation_procedures").select(["id", "slug"]).where("slug", "=", MUEHLACKER.slug).executeTakeFirstOrThrow();
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const staffPage = `/verwaltung/beteiligung/${p.id}`;
  const scan = await imageOnlyPdf([["Textliche Festsetzungen", "Dachneigung 30 bis 45 Grad"]]);
  const up = await postMultipart(ta.app, staff, `${staffPage}/unterlagen`, { _csrf: csrfOf((await staff.get(staffPage)).body), titel: "Festsetzungen (Scan)" }, [{ field: "datei", name: "scan.pdf", type: "application/pdf", content: scan }]);
  assert.equal(up.statusCode, 303);
  assert.deepEqual(await readTexts(ta), { done: 1, failed: 0, ocrPages: 1 });
  const doc = await ta.db.selectFrom("participation_documents").select("id").where("title", "=", "Festsetzungen (Scan)").executeTakeFirstOrThrow();
  const [page] = await ta.db.selectFrom("participation_document_pages").select(["page", "text", "method"]).where("document_id", "=", doc.id).execute();
  assert.equal(page!.method, "ocr");
  assert.match(page!.text, /Festsetzungen/);
  assert.match(page!.text, /Dachneigung/);
  const html = (await new Client(ta.app).get(`/beteiligung/${p.slug}/unterlagen/${doc.id}/text`)).body;
  assert.match(html, /per Texterkennung gelesen und kann Lesefehler enthalten/);
  assert.match(html, /Dachneigung/);
});

test("the backfill: a document whose text was never read is read by the job (migration 0103 marks such documents pending)", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const doc = await ta.db.selectFrom("participation_documents").select(["id", "page_count"]).orderBy("added_at").executeTakeFirstOrThrow();
  // As a document from before migration 0060 looks after 0103: no pages, pending.
  await ta.db.deleteFrom("participation_document_pages").where("document_id", "=", doc.id).execute();
  await ta.db.updateTable("participation_documents").set({ page_count: null, text_status: "pending" }).where("id", "=", doc.id).execute();
  const read = await readTexts(ta);
  assert.equal(read.done, 1);
  const after = await ta.db.selectFrom("participation_documents").select(["page_count", "text_status"]).where("id", "=", doc.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { page_count: doc.page_count, text_status: "done" });
});
