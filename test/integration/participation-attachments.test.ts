/**
 * Issue 18, attachments to citizens' statements: PDF/PNG/JPEG checked by content through the platform file
 * service, at most three, size limit; a refused file loses nothing typed (error at the field and in the summary);
 * stored files are retained and linked to the statement; the procedure's staff see and download them (audited),
 * other staff get 403, other files 404; the weighing page links them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedInMember, type TestApp } from "../helpers.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { multipartBody, PDF, PNG } from "../support/uploads.js";

const MUEHLACKER = DEMO_PROCEDURES[0]!;
const REMCHINGEN = DEMO_PROCEDURES[1]!;

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const statementFiles = (ta: TestApp) => ta.db.selectFrom("files").select(["id", "retain_until"]).where("purpose", "=", "participation-statement").execute();

test("statement attachments: checked by content and size, nothing typed lost, shown to the procedure's staff only, audited", { timeout: 240_000 }, async (t) => {
  // A low upload limit, so the size refusal needs no 10 MB body.
  const ta = await buildTestApp(t, { UPLOAD_MAX_BYTES: "200000" });
  await seedParticipationDemo({ db: ta.db, config: ta.config, log: () => undefined });
  const form = `/beteiligung/${MUEHLACKER.slug}/stellungnahme`;
  const citizen = new Client(ta.app);
  const page = await citizen.get(form);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.match(page.body, /type="file" id="anlagen" name="anlagen"[^>]*multiple/);
  assert.match(page.body, /PDF, PNG oder JPEG, höchstens 3 Dateien mit je bis zu/);
  const fields = { _csrf: csrfOf(page.body), text: "Zu § 3: Die Traufhöhe ist zu hoch, siehe Foto und Gutachten.", name: "Eva Muster", strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker", email: "" };

  // HTML named .pdf: refused by content; the typed text stays, error at the field and in the summary.
  const html = await postMultipart(ta.app, citizen, form, fields, [{ field: "anlagen", name: "gutachten.pdf", type: "application/pdf", content: Buffer.from("<html><script>alert(1)</script></html>") }]);
  assert.equal(html.statusCode, 422);
  assert.match(html.body, /id="anlagen-error"[\s\S]*„gutachten\.pdf“: Die Datei ist kein PDF, PNG oder JPEG/);
  assert.match(html.body, /href="#anlagen">Anlagen/);
  assert.match(html.body, /Die Traufhöhe ist zu hoch, siehe Foto und Gutachten\./);
  assert.match(html.body, /value="Bahnhofstraße 1"/);
  // Too large.
  const big = await postMultipart(ta.app, citizen, form, fields, [{ field: "anlagen", name: "scan.pdf", type: "application/pdf", content: Buffer.concat([PDF, Buffer.alloc(250_000, 0x20)]) }]);
  assert.equal(big.statusCode, 422);
  assert.match(big.body, /id="anlagen-error"[\s\S]*„scan\.pdf“: Die Datei ist größer als/);
  // Four files: refused before anything is stored.
  const four = await postMultipart(ta.app, citizen, form, fields, [1, 2, 3, 4].map((i) => ({ field: "anlagen", name: `foto${i}.png`, type: "image/png", content: PNG })));
  assert.equal(four.statusCode, 422);
  assert.match(four.body, /id="anlagen-error"[\s\S]*höchstens 3 Dateien/);
  // Another field wrong and a good file: the file is not stored, the field says to choose it again.
  const other = await postMultipart(ta.app, citizen, form, { ...fields, plz: "754" }, [{ field: "anlagen", name: "foto.png", type: "image/png", content: PNG }]);
  assert.equal(other.statusCode, 422);
  assert.match(other.body, /id="plz-error"/);
  assert.match(other.body, /id="anlagen-error"[\s\S]*erneut aus/);
  assert.equal(await ta.db.selectFrom("participation_statements").select("id").executeTakeFirst(), undefined);
  assert.ok((await statementFiles(ta)).every((f) => f.retain_until !== null), "refused or unlinked uploads stay purgeable");

  // A PDF and a PNG: stored, linked in order, retained.
  const ok = await postMultipart(ta.app, citizen, form, fields, [
    { field: "anlagen", name: "gutachten.pdf", type: "application/pdf", content: PDF },
    { field: "anlagen", name: "foto.png", type: "image/png", content: PNG },
  ]);
  assert.equal(ok.statusCode, 303, ok.body);
  const s = await ta.db.selectFrom("participation_statements").select(["id", "reference", "procedure_id"]).executeTakeFirstOrThrow();
  const links = await ta.db.selectFrom("participation_statement_files as a").innerJoin("files as f", "f.id", "a.file_id").select(["a.position", "f.id", "f.original_name", "f.media_type", "f.retain_until"]).where("a.statement_id", "=", s.id).orderBy("a.position").execute();
  assert.deepEqual(links.map((l) => [l.position, l.original_name, l.media_type, l.retain_until]), [
    [1, "gutachten.pdf", "application/pdf", null],
    [2, "foto.png", "image/png", null],
  ]);

  // Staff of Mühlacker see and download them; each download is audited.
  const staff = await signedInMember(ta, "bauamt@muehlacker.example", `gem-${MUEHLACKER.ags}`);
  const other_ = await signedInMember(ta, "bauamt@remchingen.example", `gem-${REMCHINGEN.ags}`);
  const base = `/verwaltung/beteiligung/${s.procedure_id}/stellungnahmen/${s.reference}`;
  const view = await staff.get(base);
  assert.match(view.body, new RegExp(`href="${base}/anlagen/${links[0]!.id}">gutachten\\.pdf</a> \\(PDF, `));
  assert.match(view.body, new RegExp(`href="${base}/anlagen/${links[1]!.id}">foto\\.png</a> \\(PNG, `));
  const dl = await staff.get(`${base}/anlagen/${links[0]!.id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers["content-type"], "application/pdf");
  assert.match(String(dl.headers["content-disposition"]), /^attachment/);
  assert.equal(dl.headers["x-content-type-options"], "nosniff");
  assert.deepEqual(dl.rawPayload, PDF);
  assert.equal((await other_.get(`${base}/anlagen/${links[0]!.id}`)).statusCode, 403);
  assert.notEqual((await new Client(ta.app).get(`${base}/anlagen/${links[0]!.id}`)).statusCode, 200);
  // A file that is not this statement's attachment (the procedure's own document): 404.
  const doc = await ta.db.selectFrom("participation_documents").select("file_id").where("procedure_id", "=", s.procedure_id).executeTakeFirstOrThrow();
  assert.equal((await staff.get(`${base}/anlagen/${doc.file_id}`)).statusCode, 404);
  assert.equal((await staff.get(`${base}/anlagen/kein-uuid`)).statusCode, 404);

  // The weighing page links them; the audit has ids only.
  const weighing = await staff.get(`/verwaltung/beteiligung/${s.procedure_id}/abwaegung`);
  assert.match(weighing.body, new RegExp(`href="${base}/anlagen/${links[1]!.id}">foto\\.png</a>`));
  const audit = await ta.db.selectFrom("audit_log").select(["action", "details"]).where("action", "in", ["participation.statement_submitted", "participation.statement_attachment_opened"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["participation.statement_submitted", "participation.statement_attachment_opened"]);
  assert.equal((audit[0]!.details as { attachments: number }).attachments, 2);
  assert.equal((audit[1]!.details as { fileId: string }).fileId, links[0]!.id);
  assert.doesNotMatch(JSON.stringify(audit), /Eva Muster|gutachten/);
  assert.equal((await verifyAuditChain(ta.db)).ok, true);
});
