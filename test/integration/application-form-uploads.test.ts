/**
 * Issue 4, file fields in the real forms: the rent certificate and income proofs (Wohngeld), the licence
 * photo (Führerschein), medical reports (GdB) – in the no-JS page flow and through the API
 * (POST /api/v1/uploads, then `{ "id" }` in the answers), up to the receipt with SHA-256 per file.
 */
import { pdfText } from "../support/pdfText.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { SAMPLE_JPEG, SAMPLE_PDF, validAnswers } from "../fixtures/formAnswers.js";
import { EXE, multipartBody } from "../support/uploads.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Posts a step page as multipart/form-data like a browser without JavaScript (CSRF token from the page). */
async function postStep(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Array<{ field: string; name: string; type?: string; content: Buffer }>) {
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get(url)).body)![1]!;
  const { payload, contentType } = multipartBody({ _csrf: token, ...fields }, files);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return app.inject({ method: "POST", url, headers: { cookie, "content-type": contentType }, payload });
}

async function begin(c: Client, formId: string) {
  const res = await c.submit(`/antraege/${formId}`, `/antraege/${formId}/beginnen`, {});
  assert.equal(res.statusCode, 303);
  return `/antraege/entwurf/${/entwurf\/([0-9a-f-]{36})\//.exec(res.headers.location as string)![1]!}`;
}

/** The value attribute of an input in the page (HTML-escaped as rendered). */
const valueOf = (html: string, id: string) => new RegExp(`id="${id.replace(/\./g, "\\.")}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*id="${id.replace(/\./g, "\\.")}"`).exec(html)?.slice(1).find((v) => v !== undefined);

test("issue 4 Wohngeld page flow: a missing rent certificate and a disguised .exe give German errors at the field, every other answer kept; a PDF passes", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const base = await begin(c, "wohngeld-erstantrag");
  const url = `${base}/mietverhaeltnis`;
  const typed = { mietverhaeltnis: "hauptmiete", mietbeginn: "01.04.2022", "vermieter.name": "Wohnbau Pforzheim GmbH", "vermieter.anschrift": "Musterweg 1, 75172 Pforzheim", verwandtVermieter: "nein", aktion: "weiter" };

  const missing = await postStep(app, c, url, typed, []);
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /id="mietbescheinigung-error"[^>]*>[^]*?Bitte laden Sie eine Datei hoch: Mietbescheinigung\./);
  assert.match(missing.body, /kp-error-summary[^]*?href="#mietbescheinigung"/);
  assert.equal(valueOf(missing.body, "vermieter.name"), "Wohnbau Pforzheim GmbH");
  assert.equal(valueOf(missing.body, "mietbeginn"), "01.04.2022");
  assert.match(missing.body, /id="mietverhaeltnis"[^>]*checked|checked[^>]*id="mietverhaeltnis"/);

  // An executable renamed to .pdf (and sent as application/pdf) is refused by its content.
  const exe = await postStep(app, c, url, typed, [{ field: "mietbescheinigung", name: "Mietbescheinigung.pdf", type: "application/pdf", content: EXE }]);
  assert.equal(exe.statusCode, 422);
  assert.match(exe.body, /id="mietbescheinigung-error"[^>]*>[^]*?Die Datei ist kein PDF, PNG oder JPEG\./);
  assert.equal(valueOf(exe.body, "vermieter.anschrift"), "Musterweg 1, 75172 Pforzheim");
  assert.doesNotMatch(exe.body, /Mietbescheinigung\.pdf \(/, "nothing stored");

  const ok = await postStep(app, c, url, typed, [{ field: "mietbescheinigung", name: "Mietbescheinigung.pdf", type: "application/pdf", content: SAMPLE_PDF }]);
  assert.equal(ok.statusCode, 303, ok.body.match(/kern-error[^]*?<\/p>/)?.[0]);
  assert.match((await c.get(url)).body, /Mietbescheinigung\.pdf \(\d+ Bytes\)/);

  // Income proofs page: the one empty upload slot is no error (optional), one proof is kept.
  const income = `${base}/einkommen`;
  const incomeValues = { "einkommen.erwerbstaetig": "ja", "einkommen.arbeitgeber": "Bäckerei Beispiel", "einkommen.brutto": "1450", "einkommensnachweise.__count": "1", aktion: "weiter" };
  assert.equal((await postStep(app, c, income, incomeValues, [])).statusCode, 303);
  const twoSlots = { ...incomeValues, "einkommensnachweise.__count": "2" };
  assert.equal((await postStep(app, c, income, twoSlots, [{ field: "einkommensnachweise.0.datei", name: "Lohn-Oktober.pdf", type: "application/pdf", content: SAMPLE_PDF }])).statusCode, 303);
  assert.match((await c.get(income)).body, /Lohn-Oktober\.pdf \(\d+ Bytes\)/);
});

test("issue 4 Führerschein page flow: the photo must be a JPEG or PNG; the eye test is asked only for C/D classes", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = await signedIn(app, db, { kind: "citizen", email: "erika@example.org" });
  const base = await begin(c, "fuehrerschein-umtausch-ersatz");
  const url = `${base}/unterlagen`;
  const pdf = await postStep(app, c, url, { gruppe2: "nein", aktion: "weiter" }, [{ field: "lichtbild", name: "foto.pdf", type: "application/pdf", content: SAMPLE_PDF }]);
  assert.equal(pdf.statusCode, 422);
  assert.match(pdf.body, /id="lichtbild-error"[^>]*>[^]*?Die Datei ist kein JPEG oder PNG\./);
  assert.match(pdf.body, /id="gruppe2-nein"[^>]*checked|checked[^>]*id="gruppe2-nein"/, "the answer is kept");
  const photo = await postStep(app, c, url, { gruppe2: "ja", aktion: "weiter" }, [{ field: "lichtbild", name: "passfoto.jpg", type: "image/jpeg", content: SAMPLE_JPEG }]);
  assert.equal(photo.statusCode, 422, "C/D renewal needs the eye test certificate");
  assert.match(photo.body, /Bitte laden Sie eine Datei hoch: Bescheinigung über das Sehvermögen\./);
  assert.match(photo.body, /passfoto\.jpg/, "the accepted photo stays in the draft");
  const done = await postStep(app, c, url, { gruppe2: "ja", aktion: "weiter" }, [{ field: "sehtest", name: "sehtest.pdf", type: "application/pdf", content: SAMPLE_PDF }]);
  assert.equal(done.statusCode, 303, done.body.match(/kern-error[^]*?<\/p>/)?.[0]);
});

test("issue 4 API: uploads then references; .exe refused at the upload; a missing certificate 422 at its path; the receipt lists every file with SHA-256", async (t) => {
  const { app, db } = await buildTestApp(t);
  const upload = (name: string, type: string, content: Buffer) => {
    const { payload, contentType } = multipartBody({}, [{ field: "file", name, type, content }]);
    return app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType }, payload });
  };
  const id = async (name: string, type: string, content: Buffer) => {
    const res = await upload(name, type, content);
    assert.equal(res.statusCode, 201, res.body);
    return { id: res.json().id as string };
  };
  const post = (form: string, body: unknown) => app.inject({ method: "POST", url: `/api/v1/forms/${form}/submissions`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });

  const exe = await upload("Mietbescheinigung.pdf", "application/pdf", EXE);
  assert.equal(exe.statusCode, 422);
  assert.deepEqual(exe.json().errors.map((e: { path: string }) => e.path), ["/file"]);
  assert.match(exe.json().errors[0].message, /kein PDF, PNG oder JPEG/);

  const counter = async () => (await db.selectFrom("application_submissions").select("id").execute()).length;
  const without = await post("wohngeld-erstantrag", { ...validAnswers["wohngeld-erstantrag"], einkommensnachweise: [{ datei: await id("lohn.pdf", "application/pdf", SAMPLE_PDF) }] });
  assert.equal(without.statusCode, 422);
  assert.deepEqual(without.json().errors, [{ path: "/mietbescheinigung", message: "Bitte laden Sie eine Datei hoch: Mietbescheinigung." }]);
  assert.equal(await counter(), 0);

  const rent = Buffer.concat([SAMPLE_PDF, Buffer.from("% Mietbescheinigung\n")]);
  const pay = Buffer.concat([SAMPLE_PDF, Buffer.from("% Lohnabrechnung\n")]);
  const body = {
    ...validAnswers["wohngeld-erstantrag"],
    mietbescheinigung: await id("Mietbescheinigung.pdf", "application/pdf", rent),
    einkommensnachweise: [{ datei: await id("Lohnabrechnung.pdf", "application/pdf", pay) }, { datei: await id("Rentenbescheid.jpg", "image/jpeg", SAMPLE_JPEG) }],
  };
  const res = await post("wohngeld-erstantrag", body);
  assert.equal(res.statusCode, 201, res.body);
  const sub = await db.selectFrom("application_submissions").select(["id", "answers"]).where("reference", "=", res.json().reference).executeTakeFirstOrThrow();
  const answers = sub.answers as { mietbescheinigung: { sha256: string; name: string }; einkommensnachweise: Array<{ datei: { sha256: string; mediaType: string } }> };
  assert.equal(answers.mietbescheinigung.sha256, sha(rent));
  assert.deepEqual(answers.einkommensnachweise.map((e) => [e.datei.sha256, e.datei.mediaType]), [[sha(pay), "application/pdf"], [sha(SAMPLE_JPEG), "image/jpeg"]]);
  const links = await db.selectFrom("application_submission_files").select("field_path").where("submission_id", "=", sub.id).orderBy("field_path").execute();
  assert.deepEqual(links.map((l) => l.field_path), ["/einkommensnachweise/0/datei", "/einkommensnachweise/1/datei", "/mietbescheinigung"]);

  const pdfUrl = new URL(res.json().receiptUrl as string);
  const html = (await app.inject({ url: `${pdfUrl.pathname.replace(/\/pdf$/, "")}${pdfUrl.search}` })).body;
  assert.match(html, /Anlagen/);
  assert.match(html, /Mietbescheinigung: Mietbescheinigung\.pdf/);
  assert.match(html, /Einkommensnachweis 2: Nachweis: Rentenbescheid\.jpg/);
  for (const b of [rent, pay, SAMPLE_JPEG]) assert.ok(html.includes(sha(b)), `HTML receipt names ${sha(b)}`);
  // Read back as text; a long hash may wrap inside its table cell, so whitespace is ignored.
  const pdf = pdfText((await app.inject({ url: pdfUrl.pathname + pdfUrl.search })).rawPayload).replace(/\s+/g, "");
  for (const b of [rent, pay, SAMPLE_JPEG]) assert.ok(pdf.includes(`SHA-256${sha(b)}`), `PDF receipt names ${sha(b)}`);

  // The same upload cannot go with a second submission.
  const again = await post("wohngeld-erstantrag", { ...body, einkommensnachweise: [] });
  assert.equal(again.statusCode, 422);
  assert.deepEqual(again.json().errors.map((e: { path: string }) => e.path), ["/mietbescheinigung"]);

  // GdB: medical reports only when the applicant has some; several files in order.
  const reports = [Buffer.concat([SAMPLE_PDF, Buffer.from("% Befund 1\n")]), Buffer.concat([SAMPLE_PDF, Buffer.from("% Befund 2\n")])];
  const gdb = await post("schwerbehinderung-feststellung", { ...validAnswers["schwerbehinderung-feststellung"], befunde: [{ datei: await id("Befund-Diabetes.pdf", "application/pdf", reports[0]!) }, { datei: await id("Befund-Knie.pdf", "application/pdf", reports[1]!) }] });
  assert.equal(gdb.statusCode, 201, gdb.body);
  const gdbUrl = new URL(gdb.json().receiptUrl as string);
  const gdbHtml = (await app.inject({ url: `${gdbUrl.pathname.replace(/\/pdf$/, "")}${gdbUrl.search}` })).body;
  assert.match(gdbHtml, /Befundbericht 2: Bericht: Befund-Knie\.pdf/);
  for (const b of reports) assert.ok(gdbHtml.includes(sha(b)));
});
