/** Uploads in the application flow and the API (issue 4, item 4). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import S3rver from "s3rver";
import { buildTestApp, Client } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import { purgeUnusedFiles } from "../../src/platform/files/index.js";
import { formDefinitionLoader } from "../../src/modules/applications/commands/formDefinitionLoader.js";
import { listSubmissionFiles } from "../../src/modules/applications/index.js";
import { EXE, multipartBody, PDF, PNG, UPLOAD_FORM } from "../support/uploads.js";
import { pdfText } from "../support/pdfText.js";

const FAKE_CLAMSCAN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../support/fake-clamscan.sh");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function setup(t: Parameters<typeof buildTestApp>[0], env: Record<string, string> = {}) {
  const filesDir = await mkdtemp(path.join(os.tmpdir(), "kp-uploads-"));
  const ta = await buildTestApp(t, { FILES_DIR: filesDir, VAR_DIR: filesDir, ...env });
  await formDefinitionLoader(systemContext(ta.db), { definitions: [UPLOAD_FORM] });
  return ta;
}

/** Posts a multipart form with the client's cookies (like a browser without JavaScript). */
async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  const res = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
  for (const ck of res.cookies as Array<{ name: string; value: string }>) c.cookies.set(ck.name, ck.value);
  return res;
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** Starts an anonymous draft; returns the client and the first step's URL. */
async function startDraft(app: FastifyInstance) {
  const c = new Client(app);
  const start = await c.submit(`/antraege/${UPLOAD_FORM.id}`, `/antraege/${UPLOAD_FORM.id}/beginnen`, {});
  assert.equal(start.statusCode, 303);
  return { c, step: start.headers.location as string };
}

async function uploadStep(app: FastifyInstance, c: Client, step: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const page = await c.get(step);
  return postMultipart(app, c, step, { _csrf: csrfOf(page.body), aktion: "weiter", ...fields }, files);
}

test("a PDF goes through the whole flow: step, check page, receipt (HTML, PDF) with SHA-256, JSON copy, linked file, downloads", async (t) => {
  const { app, db, config } = await setup(t);
  const { c, step } = await startDraft(app);
  const page = await c.get(step);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="post"[^>]*enctype="multipart\/form-data"/);
  assert.match(page.body, /<input type="file" class="kern-form-input__input" id="bauplan" name="bauplan" accept="application\/pdf,image\/png,image\/jpeg"/);
  assert.match(page.body, /PDF, PNG oder JPEG, höchstens 10 MB\./);

  const res = await uploadStep(app, c, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "Lageplan Carport.pdf", type: "application/pdf", content: PDF }]);
  assert.equal(res.statusCode, 303, res.body);
  const fileRow = await db.selectFrom("files").selectAll().executeTakeFirstOrThrow();
  assert.equal(fileRow.sha256, sha(PDF));
  assert.equal(fileRow.original_name, "Lageplan Carport.pdf");
  assert.equal(fileRow.purpose, "application");
  assert.ok(fileRow.retain_until && fileRow.retain_until.getTime() > Date.now() + 30 * 86_400_000, "kept as long as the draft");

  // Back on the step: the file is shown with a download link and "Datei entfernen"; the download is the uploader's.
  const again = await c.get(step);
  assert.match(again.body, new RegExp(`href="/antraege/dateien/${fileRow.id}">Lageplan Carport.pdf \\(${PDF.length} Bytes\\)`));
  assert.match(again.body, /value="datei-entfernen:bauplan"/);
  const dl = await c.get(`/antraege/dateien/${fileRow.id}`);
  assert.equal(dl.statusCode, 200);
  assert.equal(dl.headers["content-type"], "application/pdf");
  assert.equal(dl.headers["x-content-type-options"], "nosniff");
  assert.match(String(dl.headers["content-disposition"]), /^attachment; filename="Lageplan Carport.pdf"/);
  assert.deepEqual(dl.rawPayload, PDF);
  // Someone else (no draft cookie) learns nothing.
  assert.equal((await new Client(app).get(`/antraege/dateien/${fileRow.id}`)).statusCode, 404);

  const draftId = step.split("/")[3]!;
  const check = await c.get(`/antraege/entwurf/${draftId}/pruefen`);
  assert.match(check.body, /Bauplan<\/dt><dd class="kern-description-list-item__value">Lageplan Carport.pdf \(\d+ Bytes\)/);
  const sent = await c.submit(`/antraege/entwurf/${draftId}/pruefen`, `/antraege/entwurf/${draftId}/absenden`, {});
  assert.equal(sent.statusCode, 303, sent.body);
  const confirmation = sent.headers.location as string;
  const reference = /eingang\/([^?]+)/.exec(confirmation)![1]!;
  const code = decodeURIComponent(/code=([^&]+)/.exec(confirmation)![1]!);

  const sub = await db.selectFrom("application_submissions").selectAll().where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.deepEqual((sub.answers as Record<string, unknown>).bauplan, { id: fileRow.id, name: "Lageplan Carport.pdf", mediaType: "application/pdf", size: PDF.length, sha256: sha(PDF) });
  assert.deepEqual(await db.selectFrom("application_submission_files").select(["file_id", "field_path"]).where("submission_id", "=", sub.id).execute(), [{ file_id: fileRow.id, field_path: "/bauplan" }]);
  assert.deepEqual(await listSubmissionFiles(db, sub.id), [{ path: "/bauplan", label: "Bauplan", fileId: fileRow.id, file: { id: fileRow.id, name: "Lageplan Carport.pdf", mediaType: "application/pdf", size: PDF.length, sha256: sha(PDF) } }]);
  assert.equal((await db.selectFrom("files").select("retain_until").where("id", "=", fileRow.id).executeTakeFirstOrThrow()).retain_until, null, "held by the submission");

  const receipt = await c.get(`/antraege/quittung/${reference}?code=${encodeURIComponent(code)}`);
  assert.match(receipt.body, /Anlagen/);
  assert.ok(receipt.body.includes(sha(PDF)));
  const pdf = await c.get(`/antraege/quittung/${reference}/pdf?code=${encodeURIComponent(code)}`);
  assert.ok(pdfText(pdf.rawPayload).replace(/\s+/g, "").includes(sha(PDF)), "the receipt PDF names the file's SHA-256");
  assert.ok(pdfText(pdf.rawPayload).includes("Lageplan Carport.pdf"));

  // The receipt holder may fetch the file; a wrong code may not; the file is never served inline.
  const anon = new Client(app);
  const byCode = await anon.get(`/antraege/quittung/${reference}/dateien/${fileRow.id}?code=${encodeURIComponent(code)}`);
  assert.equal(byCode.statusCode, 200);
  assert.match(String(byCode.headers["content-disposition"]), /^attachment;/);
  assert.equal((await anon.get(`/antraege/quittung/${reference}/dateien/${fileRow.id}?code=falsch`)).statusCode, 403);
  assert.equal((await anon.get(`/antraege/quittung/${reference}/dateien/${fileRow.id}`)).statusCode, 403);
  // Unused-upload purge leaves a submitted file alone.
  assert.equal(await purgeUnusedFiles(db, config, new Date(Date.now() + 400 * 86_400_000)), 0);
});

test("a disguised EXE (.pdf) gets a German error at the field and every other answer is kept; missing and oversized files too", async (t) => {
  const { app, db } = await setup(t);
  const { c, step } = await startDraft(app);
  const bad = await uploadStep(app, c, step, { vorhaben: "Gartenhaus <b>mit</b> Schuppen" }, [{ field: "bauplan", name: "bauplan.pdf", type: "application/pdf", content: EXE }]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="bauplan-error" role="alert">.*Die Datei ist kein PDF, PNG oder JPEG\./s);
  assert.match(bad.body, /href="#bauplan"[^>]*>Die Datei ist kein PDF, PNG oder JPEG\./, "in the error summary too");
  assert.match(bad.body, /value="Gartenhaus &lt;b>mit&lt;\/b> Schuppen"/, "typed answer kept (escaped)");
  assert.equal((await db.selectFrom("files").select("id").execute()).length, 0, "nothing stored");
  const draft = await db.selectFrom("application_drafts").select("values").executeTakeFirstOrThrow();
  assert.equal((draft.values as Record<string, string>).vorhaben, "Gartenhaus <b>mit</b> Schuppen");

  const missing = await uploadStep(app, c, step, { vorhaben: "Gartenhaus" }, []);
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Bitte laden Sie eine Datei hoch: Bauplan\./);
  // An empty file input as browsers send it (no file name, no content) is "no file", not an empty file.
  const emptyInput = await uploadStep(app, c, step, { vorhaben: "Gartenhaus" }, [{ field: "bauplan", name: "", content: Buffer.alloc(0) }]);
  assert.match(emptyInput.body, /Bitte laden Sie eine Datei hoch: Bauplan\./);
  const empty = await uploadStep(app, c, step, { vorhaben: "Gartenhaus" }, [{ field: "bauplan", name: "leer.pdf", content: Buffer.alloc(0) }]);
  assert.match(empty.body, /Die ausgewählte Datei ist leer\./);

  const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
  const tooBig = await uploadStep(app, c, step, { vorhaben: "Gartenhaus" }, [{ field: "bauplan", name: "gross.pdf", content: big }]);
  assert.equal(tooBig.statusCode, 422);
  assert.match(tooBig.body, /Die Datei ist größer als 10 MB\./);
  assert.match(tooBig.body, /value="Gartenhaus"/);

  // The photo field narrows types and size: a PDF is refused there, a PNG is fine.
  const draftId = step.split("/")[3]!;
  const ok = await uploadStep(app, c, step, { vorhaben: "Gartenhaus" }, [{ field: "bauplan", name: "plan.pdf", content: PDF }]);
  assert.equal(ok.statusCode, 303);
  const photoStep = `/antraege/entwurf/${draftId}/foto`;
  const pdfAsPhoto = await uploadStep(app, c, photoStep, {}, [{ field: "foto", name: "foto.png", content: PDF }]);
  assert.match(pdfAsPhoto.body, /Die Datei ist kein PNG oder JPEG\./);
  assert.equal((await uploadStep(app, c, photoStep, {}, [{ field: "foto", name: "foto.png", type: "image/png", content: PNG }])).statusCode, 303);
});

test("replace and 'Datei entfernen' delete the old file; CSRF is checked on multipart forms", async (t) => {
  const { app, db } = await setup(t);
  const { c, step } = await startDraft(app);
  assert.equal((await uploadStep(app, c, step, { vorhaben: "Anbau" }, [{ field: "bauplan", name: "v1.pdf", content: PDF }])).statusCode, 303);
  const first = await db.selectFrom("files").select(["id", "storage_key"]).executeTakeFirstOrThrow();
  const v2 = Buffer.concat([PDF, Buffer.from("% Version 2\n")]);
  assert.equal((await uploadStep(app, c, step, { vorhaben: "Anbau" }, [{ field: "bauplan", name: "v2.pdf", content: v2 }])).statusCode, 303);
  const rows = await db.selectFrom("files").select(["id", "sha256"]).execute();
  assert.deepEqual(rows.map((r) => r.sha256), [sha(v2)], "the replaced file is gone");
  assert.equal((await c.get(`/antraege/dateien/${first.id}`)).statusCode, 404);

  // A step saved without a new file keeps the uploaded one (the browser cannot send it again).
  assert.equal((await uploadStep(app, c, step, { vorhaben: "Anbau Nord" }, [])).statusCode, 303);
  assert.match((await c.get(step)).body, /v2\.pdf/);
  // A forged file value in the body is ignored: file fields are only written by the server.
  await uploadStep(app, c, step, { vorhaben: "Anbau Nord", bauplan: JSON.stringify({ id: "00000000-0000-4000-8000-000000000000", name: "x.pdf", mediaType: "application/pdf", size: 5, sha256: "0".repeat(64) }) }, []);
  assert.match((await c.get(step)).body, /v2\.pdf/);

  const page = await c.get(step);
  const removed = await postMultipart(app, c, step, { _csrf: csrfOf(page.body), aktion: "datei-entfernen:bauplan", vorhaben: "Anbau Nord" }, []);
  assert.equal(removed.statusCode, 303);
  assert.equal(removed.headers.location, `${step}#bauplan`);
  assert.equal((await db.selectFrom("files").select("id").execute()).length, 0);
  const after = await c.get(step);
  assert.doesNotMatch(after.body, /v2\.pdf/);
  assert.match(after.body, /value="Anbau Nord"/);

  // Without the token from the form, the multipart post is refused before anything is stored.
  const forged = await postMultipart(app, c, step, { aktion: "weiter", vorhaben: "X" }, [{ field: "bauplan", name: "p.pdf", content: PDF }]);
  assert.equal(forged.statusCode, 403);
  assert.equal((await db.selectFrom("files").select("id").execute()).length, 0);
});

test("a virus found by clamscan is refused at the field (CLI protocol: exit 1 = found)", async (t) => {
  const { app, db } = await setup(t, { CLAMSCAN_PATH: FAKE_CLAMSCAN });
  const { c, step } = await startDraft(app);
  const eicar = Buffer.concat([PDF, Buffer.from("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")]);
  const res = await uploadStep(app, c, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "plan.pdf", content: eicar }]);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Die Datei enthält einen Virus oder Schadcode und wurde nicht angenommen\./);
  assert.match(res.body, /value="Carport"/);
  assert.equal((await uploadStep(app, c, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "plan.pdf", content: PDF }])).statusCode, 303);
  assert.equal((await db.selectFrom("files").select("scan_status").executeTakeFirstOrThrow()).scan_status, "clean");
});

test("API: POST /api/v1/uploads, then the id in the submission JSON; reuse, unknown ids and disguised files refused; unused uploads purged after 24 h", async (t) => {
  const { app, db, config } = await setup(t);
  const upload = async (content: Buffer, name = "plan.pdf", field = "file") => {
    const { payload, contentType } = multipartBody({}, [{ field, name, content }]);
    return app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType }, payload });
  };
  const up = await upload(PDF);
  assert.equal(up.statusCode, 201, up.body);
  const file = up.json();
  assert.deepEqual(Object.keys(file).sort(), ["id", "mediaType", "name", "sha256", "size"]);
  assert.equal(file.sha256, sha(PDF));
  assert.equal(file.mediaType, "application/pdf");
  const disguised = await upload(EXE);
  assert.equal(disguised.statusCode, 422);
  assert.deepEqual(disguised.json().errors, [{ path: "/file", message: "Die Datei ist kein PDF, PNG oder JPEG." }]);
  assert.equal((await upload(PDF, "p.pdf", "anders")).statusCode, 400);
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": "application/json" }, payload: "{}" })).statusCode, 400);

  const submit = (body: unknown) => app.inject({ method: "POST", url: `/api/v1/forms/${UPLOAD_FORM.id}/submissions`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
  const forged = await submit({ vorhaben: "Carport", bauplan: { ...file, id: "00000000-0000-4000-8000-000000000000" } });
  assert.equal(forged.statusCode, 422);
  assert.equal(forged.json().errors[0].path, "/bauplan");
  const created = await submit({ vorhaben: "Carport", bauplan: { id: file.id } });
  assert.equal(created.statusCode, 201, created.body);
  const sub = await db.selectFrom("application_submissions").select(["id", "answers"]).executeTakeFirstOrThrow();
  assert.deepEqual((sub.answers as Record<string, unknown>).bauplan, file, "the JSON copy carries id, name, mediaType, size and sha256");
  const again = await submit({ vorhaben: "Noch einmal", bauplan: { id: file.id } });
  assert.equal(again.statusCode, 422, "a file belongs to one submission");
  assert.match(again.json().errors[0].message, /bereits zu einem Antrag/);
  assert.equal((await db.selectFrom("application_reference_counters").select("last").executeTakeFirstOrThrow()).last, 1, "no reference number used up");

  const unused = (await upload(PDF, "vergessen.pdf")).json();
  assert.equal(await purgeUnusedFiles(db, config, new Date(Date.now() + 23 * 3600_000)), 0);
  assert.equal(await purgeUnusedFiles(db, config, new Date(Date.now() + 25 * 3600_000)), 1);
  assert.equal(await db.selectFrom("files").select("id").where("id", "=", unused.id).executeTakeFirst(), undefined);
  assert.ok(await db.selectFrom("files").select("id").where("id", "=", file.id).executeTakeFirst(), "the submitted file stays");
  // An API upload is not downloadable through the draft route (it has no uploader).
  assert.equal((await new Client(app).get(`/antraege/dateien/${file.id}`)).statusCode, 404);
});

test("S3 storage in the running app: upload, submit, download by status code", async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-s3rver-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: dir, configureBuckets: [{ name: "antraege" }] });
  const { port } = await server.run();
  t.after(() => server.close());
  const { app, db } = await setup(t, { FILE_STORAGE: "s3", S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: "antraege", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER" });
  const { c, step } = await startDraft(app);
  assert.equal((await uploadStep(app, c, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "plan.pdf", content: PDF }])).statusCode, 303);
  const row = await db.selectFrom("files").selectAll().executeTakeFirstOrThrow();
  assert.equal(row.storage_provider, "s3");
  const dl = await c.get(`/antraege/dateien/${row.id}`);
  assert.equal(dl.statusCode, 200);
  assert.deepEqual(dl.rawPayload, PDF);
});

test("request limits: an announced oversized body gets 413 before it is read; files over the request total are refused at the field", async (t) => {
  const { app, db } = await setup(t, { UPLOAD_MAX_BYTES: "2000", UPLOAD_MAX_REQUEST_BYTES: "3000" });
  const big = multipartBody({}, [{ field: "file", name: "gross.pdf", content: Buffer.concat([PDF, Buffer.alloc(200_000)]) }]);
  const early = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": big.contentType }, payload: big.payload });
  assert.equal(early.statusCode, 413);
  const over = multipartBody({}, [{ field: "file", name: "gross.pdf", content: Buffer.concat([PDF, Buffer.alloc(2500)]) }]);
  const tooLarge = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": over.contentType }, payload: over.payload });
  assert.equal(tooLarge.statusCode, 413);
  assert.equal(tooLarge.json().type, "urn:kreisportal:problem:too-large");
  assert.equal(tooLarge.json().detail, "Die Datei ist größer als 2 KB.");
  assert.match(String(tooLarge.headers["content-type"]), /^application\/problem\+json/);

  const { c, step } = await startDraft(app);
  const res = await uploadStep(app, c, step, { vorhaben: "Carport" }, [
    { field: "beiwerk", name: "a.pdf", content: Buffer.concat([PDF, Buffer.alloc(1400)]) },
    { field: "bauplan", name: "b.pdf", content: Buffer.concat([PDF, Buffer.alloc(1500)]) },
  ]);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Die Dateien sind zusammen größer als 3 KB\./);
  assert.equal((await db.selectFrom("files").select("id").execute()).length, 0);
});

test("accounts: only the uploader downloads a draft file; another signed-in citizen gets 404, also after submission without the code", async (t) => {
  const { app, db } = await setup(t);
  const signIn = async (email: string) => {
    await db.insertInto("users").values({ kind: "citizen", email, display_name: email, password_hash: await hashPassword("Ein langes Testpasswort 2026"), email_verified_at: new Date(), home_ags: null, disabled_at: null }).execute();
    const c = new Client(app);
    assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: "Ein langes Testpasswort 2026" })).statusCode, 303);
    return c;
  };
  const anna = await signIn("anna@example.org");
  const ben = await signIn("ben@example.org");
  const start = await anna.submit(`/antraege/${UPLOAD_FORM.id}`, `/antraege/${UPLOAD_FORM.id}/beginnen`, {});
  const step = start.headers.location as string;
  assert.equal((await uploadStep(app, anna, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "plan.pdf", content: PDF }])).statusCode, 303);
  const file = await db.selectFrom("files").select(["id", "uploader_id"]).executeTakeFirstOrThrow();
  assert.ok(file.uploader_id);
  assert.equal((await anna.get(`/antraege/dateien/${file.id}`)).statusCode, 200);
  assert.equal((await ben.get(`/antraege/dateien/${file.id}`)).statusCode, 404);
  assert.equal((await ben.get(step)).statusCode, 403, "nor can Ben open Anna's draft step");
  const draftId = step.split("/")[3]!;
  const sent = await anna.submit(`/antraege/entwurf/${draftId}/pruefen`, `/antraege/entwurf/${draftId}/absenden`, {});
  assert.equal(sent.statusCode, 303);
  const reference = /eingang\/([^?]+)/.exec(sent.headers.location as string)![1]!;
  assert.equal((await ben.get(`/antraege/quittung/${reference}/dateien/${file.id}`)).statusCode, 403);
  assert.equal((await anna.get(`/antraege/quittung/${reference}/dateien/${file.id}`)).statusCode, 200, "the submitting account");
  assert.equal((await ben.get(`/antraege/dateien/${file.id}`)).statusCode, 404);
});

/** A PDF of `size` bytes (the header makes it one by content). */
const pdfOf = (size: number) => Buffer.concat([PDF, Buffer.alloc(Math.max(0, size - PDF.length), 0x20)]);

test("issue 12/6: upload quota per client and hour (429 with a German message) holds across nodes; other clients go on", async (t) => {
  const first = await setup(t, { UPLOAD_QUOTA_BYTES_PER_HOUR: String(300_000), TRUST_PROXY: "true" });
  const second = await buildTestApp(t, { DATABASE_URL: first.databaseUrl, FILES_DIR: first.config.files.dir, UPLOAD_QUOTA_BYTES_PER_HOUR: String(300_000), TRUST_PROXY: "true" });
  const upload = (app: FastifyInstance, ip: string) => {
    const { payload, contentType } = multipartBody({}, [{ field: "file", name: "plan.pdf", content: pdfOf(100_000) }]);
    return app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType, "x-forwarded-for": ip }, payload });
  };
  // Three in parallel on two nodes fit exactly; the fourth is refused, on either node.
  const burst = await Promise.all([upload(first.app, "198.51.100.1"), upload(second.app, "198.51.100.1"), upload(first.app, "198.51.100.1"), upload(second.app, "198.51.100.1")]);
  const codes = burst.map((r) => r.statusCode).sort();
  assert.deepEqual(codes, [201, 201, 201, 429], burst.map((r) => r.body).join("\n"));
  const refused = burst.find((r) => r.statusCode === 429)!;
  assert.match(refused.json().detail, /zu viele Daten hochgeladen/);
  assert.ok(Number(refused.headers["retry-after"]) > 0);
  assert.equal((await first.db.selectFrom("files").select("id").execute()).length, 3, "the refused upload left nothing behind");
  // Another client is not affected.
  assert.equal((await upload(second.app, "198.51.100.2")).statusCode, 201);
});

test("issue 12/6: the global cap on unlinked uploads answers 507; a page shows the message at the field", async (t) => {
  const { app, db } = await setup(t, { UPLOAD_UNLINKED_MAX_BYTES: String(250_000) });
  const upload = (ip: string) => {
    const { payload, contentType } = multipartBody({}, [{ field: "file", name: "plan.pdf", content: pdfOf(100_000) }]);
    return app.inject({ method: "POST", url: "/api/v1/uploads", remoteAddress: ip, headers: { "content-type": contentType }, payload });
  };
  assert.equal((await upload("198.51.100.1")).statusCode, 201);
  assert.equal((await upload("198.51.100.2")).statusCode, 201);
  const full = await upload("198.51.100.3");
  assert.equal(full.statusCode, 507);
  assert.match(full.json().detail, /Speicher/);
  // In the application flow the same refusal is a message next to the file field, the answers are kept.
  const { c, step } = await startDraft(app);
  const res = await uploadStep(app, c, step, { vorhaben: "Carport" }, [{ field: "bauplan", name: "plan.pdf", content: pdfOf(100_000) }]);
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Speicher/);
  assert.match(res.body, /value="Carport"/);
  assert.equal((await db.selectFrom("files").select("id").execute()).length, 2);
});
