/**
 * Issue 18, PDF viewer: the viewer page of a document (PDF.js from node_modules under /assets/pdfjs/, only the
 * library, worker, fonts and CMaps), the procedure page links to it, the statement form takes the place from the
 * viewer's link (document of this procedure only, place ≤ 200 characters).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";

const [MUEHLACKER, REMCHINGEN] = DEMO_PROCEDURES;

test("PDF viewer page, PDF.js assets from node_modules, the form prefilled from the viewer's link", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const c = new Client(ta.app);
  const [doc, otherDoc] = await Promise.all(
    [MUEHLACKER!, REMCHINGEN!].map((d) =>
      ta.db.selectFrom("participation_documents as d").innerJoin("participation_procedures as p", "p.id", "d.procedure_id").select(["d.id", "d.title"]).where("p.slug", "=", d.slug).executeTakeFirstOrThrow(),
    ),
  );
  const base = `/beteiligung/${MUEHLACKER!.slug}`;
  const viewer = `${base}/unterlagen/${doc!.id}/ansehen`;
  assert.ok((await c.get(base)).body.includes(`href="${viewer}"`), "the procedure page links to the viewer");

  const page = await c.get(viewer);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<script type="module" src="\/assets\/participation-pdf\.js">/);
  assert.match(page.body, new RegExp(`data-src="${base}/unterlagen/${doc!.id}"`));
  assert.match(page.body, /data-t-place="Seite \{n\}: „\{text\}“"/);
  assert.ok(page.body.includes(`href="${base}/stellungnahme?unterlage=${doc!.id}"`), "without JavaScript: the form with the document chosen");
  assert.match(page.body, /Ohne JavaScript laden Sie die Unterlage herunter/);
  assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
  // A document of another procedure, an unknown one: 404.
  assert.equal((await c.get(`${base}/unterlagen/${otherDoc!.id}/ansehen`)).statusCode, 404);
  assert.equal((await c.get(`${base}/unterlagen/00000000-0000-4000-8000-000000000000/ansehen`)).statusCode, 404);

  // PDF.js is served from node_modules (JavaScript modules), nothing else of the package.
  for (const asset of ["/assets/pdfjs/build/pdf.min.mjs", "/assets/pdfjs/build/pdf.worker.min.mjs"]) {
    const r = await ta.app.inject({ url: asset });
    assert.equal(r.statusCode, 200, asset);
    assert.match(String(r.headers["content-type"]), /javascript/, asset);
  }
  assert.equal((await ta.app.inject({ url: "/assets/pdfjs/standard_fonts/FoxitSerif.pfb" })).statusCode, 200);
  for (const hidden of ["/assets/pdfjs/package.json", "/assets/pdfjs/build/pdf.mjs.map", "/assets/pdfjs/web/pdf_viewer.mjs", "/assets/pdfjs/../package.json"]) assert.notEqual((await ta.app.inject({ url: hidden })).statusCode, 200, hidden);
  assert.equal((await ta.app.inject({ url: "/assets/participation-pdf.js" })).statusCode, 200);

  // The form takes the place from the viewer's link; a document of another procedure is not taken.
  const place = "Seite 1: „§ 3 Bauweise: offene Bauweise; Einzel- und Doppelhäuser.“";
  const form = await c.get(`${base}/stellungnahme?unterlage=${doc!.id}&stelle=${encodeURIComponent(place)}`);
  assert.match(form.body, new RegExp(`<option value="${doc!.id}" selected`));
  assert.ok(form.body.includes(`value="Seite 1: „§ 3 Bauweise: offene Bauweise; Einzel- und Doppelhäuser.“"`), "place filled in");
  const foreign = await c.get(`${base}/stellungnahme?unterlage=${otherDoc!.id}&stelle=${"x".repeat(300)}`);
  assert.doesNotMatch(foreign.body, /selected/);
  assert.ok(foreign.body.includes(`value="${"x".repeat(200)}"`) && !foreign.body.includes("x".repeat(201)));
});
