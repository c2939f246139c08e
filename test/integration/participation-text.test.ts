/**
 * Issue 18, the text of a procedure's PDF documents page by page for readers without JavaScript: extracted once at
 * upload (stored), shown as plain HTML with one section per page and a comment link per page; linked from the
 * procedure page and the viewer; a PDF without readable text says so; 404 across procedures.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedInMember } from "../helpers.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { renderPdf } from "../../src/platform/pdf/renderPdf.js";
import { multipartBody, PDF } from "../support/uploads.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

test("document text page by page: stored at upload, plain HTML per page, linked, no text said, 404 across procedures", { timeout: 240_000 }, async (t) => {
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
  const added = await ta.db.selectFrom("participation_documents").select(["id", "page_count"]).where("procedure_id", "=", p!.id).where("title", "=", "Begründung").executeTakeFirstOrThrow();
  assert.ok(added.page_count! >= 2, `pages: ${added.page_count}`);
  const stored = await ta.db.selectFrom("participation_document_pages").select(["page", "text"]).where("document_id", "=", added.id).orderBy("page").execute();
  assert.deepEqual(stored.map((r) => r.page), Array.from({ length: added.page_count! }, (_, i) => i + 1));
  assert.match(stored[0]!.text, /^Begründung\nAbsatz 1: Die Festsetzungen/);
  assert.match(stored.at(-1)!.text, /Absatz 150:/);
  const longPage = await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${added.id}/text`);
  assert.match(longPage.body, new RegExp(`Seite ${added.page_count} von ${added.page_count}`));
  assert.match(longPage.body, /Begründung<br\/?>Absatz 1:/);
  const audit = await ta.db.selectFrom("audit_log").select("details").where("action", "=", "participation.document_added").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.equal((audit.details as { textPages: number }).textPages, added.page_count);

  const empty = await postMultipart(ta.app, staff, `${staffPage}/unterlagen`, { _csrf: csrfOf((await staff.get(staffPage)).body), titel: "Leer" }, [{ field: "datei", name: "leer.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(empty.statusCode, 303);
  const blank = await ta.db.selectFrom("participation_documents").select(["id", "page_count"]).where("title", "=", "Leer").executeTakeFirstOrThrow();
  assert.equal(blank.page_count, null);
  assert.match((await citizen.get(`/beteiligung/${p!.slug}/unterlagen/${blank.id}/text`)).body, /kein lesbarer Text vor/);
});
