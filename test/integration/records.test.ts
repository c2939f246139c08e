/**
 * Records (E-Akte, issue 14), the "Done when" journey: a building permit files itself under 632; a clerk
 * scans an image-only letter behind the case's cover sheet; OCR finds a word that is only in the image;
 * the search shows it with a snippet; the file is closed and the database refuses any change; with the
 * clock past the retention period it is on the disposal list, approved, and the 0503 export validates
 * against the xdomea 3.0.0 XSDs. The same through the API with a system key; scopes; bad PDFs; clearing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { unzipSync } from "fflate";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody, PDF } from "../support/uploads.js";
import { imageOnlyPdf, submitBuildingPermit } from "../support/scans.js";
import { pdfText } from "../support/pdfText.js";
import type { Db } from "../../src/platform/db/index.js";
import { newApiToken } from "../../src/platform/auth/apiTokens.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { deliverRecordsWebhooks, listDueDisposals, MAX_WEBHOOK_ATTEMPTS, runRecordsOcr, signWebhook, validateXdomea } from "../../src/modules/records/index.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHmac } from "node:crypto";

async function login(app: FastifyInstance, email: string) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD });
  assert.equal(res.statusCode, 303, `login ${email}`);
  return c;
}

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody(fields, files);
  return app.inject({ method: "POST", url, headers: { cookie: cookieOf(c), "content-type": contentType }, payload });
}

async function systemKey(db: Db, email: string, scopes: string[]) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const { secret, hash } = newApiToken();
  await db.insertInto("api_tokens").values({ user_id: user.id, name: "Fachverfahren Bau", token_hash: hash, scopes, expires_at: new Date(Date.now() + 86_400_000), last_used_at: null, revoked_at: null }).execute();
  return secret;
}

test("issue 14: scan with cover sheet → OCR → search with snippet → zdA immutable in the database → disposal list → xdomea 0503 validates", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.file_number", "f.plan_code", "f.retention_years", "f.disposal"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  // Inherited from the Enzkreis plan: 632 Baugenehmigungsverfahren, 30 years, A.
  assert.deepEqual([file.plan_code, file.file_number, file.retention_years, file.disposal], ["632", `632/${reference}`, 30, "A"]);
  // Delivered twice (at least once): still one file.
  assert.equal((await db.selectFrom("records_cases").select("id").where("case_id", "=", caseId).execute()).length, 1);

  const bau = await login(app, "bauamt@kreisportal.example");
  const filePage = await bau.get(`/verwaltung/akten/${file.id}`);
  assert.equal(filePage.statusCode, 200);
  assert.match(filePage.body, /632 Baugenehmigungsverfahren/);
  // Another department (Führerscheinstelle) may not read it.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await other.get(`/verwaltung/akten/${file.id}`)).statusCode, 403);

  // The cover sheet of the case: a PDF whose QR names the case.
  const cover = await bau.get(`/verwaltung/akten/${file.id}/deckblatt.pdf`);
  assert.equal(cover.statusCode, 200);
  assert.ok(cover.rawPayload.subarray(0, 5).equals(Buffer.from("%PDF-")));

  // The clerk scans the letter behind the cover sheet: image-only, the word "Grundwasserabsenkung" only in pixels.
  const letter = await imageOnlyPdf([["Sehr geehrte Damen und Herren,", "die Grundwasserabsenkung ist genehmigt."]], { coverReference: reference });
  const scanForm = await bau.get("/verwaltung/akten/scannen");
  const scanned = await postMultipart(app, bau, "/verwaltung/akten/scannen", { _csrf: csrfOf(scanForm.body), geraet: "Kodak S2050 Poststelle" }, [{ field: "datei", name: "brief.pdf", type: "application/pdf", content: letter }]);
  assert.equal(scanned.statusCode, 200, scanned.body);
  assert.match(scanned.body, new RegExp(`dem Vorgang ${reference} zugeordnet`));
  const doc = await db.selectFrom("records_documents").select(["id", "ocr_status", "source"]).where("file_id", "=", file.id).executeTakeFirstOrThrow();
  assert.deepEqual([doc.source, doc.ocr_status], ["scan", "pending"]);
  const protocol = await db.selectFrom("records_scan_protocols").selectAll().where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  assert.equal(protocol.device, "Kodak S2050 Poststelle");
  // Not released at intake: a second person releases it (recordsScanRelease.test.ts, ADR 0077).
  assert.equal(protocol.quality_ok, null);

  // Before OCR the word is not found; after the job it is, with a snippet.
  assert.doesNotMatch((await bau.get("/verwaltung/akten?q=Grundwasserabsenkung")).body, /<mark>/);
  const ocr = await runRecordsOcr(db);
  assert.equal(ocr.done, 1);
  const pages = await db.selectFrom("records_pages").select(["page", "text", "method"]).where("document_id", "=", doc.id).orderBy("page").execute();
  assert.equal(pages.length, 2, "cover sheet and letter");
  assert.equal(pages[1]!.method, "ocr");
  assert.match(pages[1]!.text, /Grundwasserabsenkung/);
  const search = await bau.get("/verwaltung/akten?q=Grundwasserabsenkung");
  assert.equal(search.statusCode, 200);
  assert.match(search.body, /<mark>Grundwasserabsenkung<\/mark>/);
  assert.match(search.body, new RegExp(reference));
  // German stemming: another form of the word finds it too; another department finds nothing.
  assert.match((await bau.get("/verwaltung/akten?q=Grundwasserabsenkungen")).body, /<mark>/);
  assert.doesNotMatch((await other.get("/verwaltung/akten?q=Grundwasserabsenkung")).body, /<mark>/);

  // The version's SHA-256 is the content's.
  const version = await db.selectFrom("records_versions").select(["sha256"]).where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  const { createHash } = await import("node:crypto");
  assert.equal(version.sha256, createHash("sha256").update(letter).digest("hex"));

  // Closing is refused while the scan awaits its release (after zdA no release would be possible): a colleague releases it.
  const early = await bau.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/abschliessen`, {});
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Die Akte wurde nicht abgeschlossen: 1 Scan\(s\) warten noch auf die Qualitätsprüfung/);
  const colleague = await login(app, "bauamt2@kreisportal.example");
  assert.equal((await colleague.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe`, {})).statusCode, 303);

  // Close the file (zdA): the page says so and refuses uploads; the database refuses any change.
  const page2 = await bau.get(`/verwaltung/akten/${file.id}`);
  const closed = await bau.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/abschliessen`, {});
  assert.equal(closed.statusCode, 303, closed.body);
  assert.ok(page2);
  assert.match((await bau.get(`/verwaltung/akten/${file.id}`)).body, /abgeschlossen \(zdA\)/);
  await assert.rejects(db.updateTable("records_documents").set({ title: "geändert" }).where("id", "=", doc.id).execute(), /records_file_closed/);
  await assert.rejects(db.deleteFrom("records_pages").where("document_id", "=", doc.id).execute(), /records_file_closed/);
  await assert.rejects(db.updateTable("records_files").set({ title: "geändert" }).where("id", "=", file.id).execute(), /records_file_closed/);
  await assert.rejects(sql`INSERT INTO records_versions (document_id, version, filename, media_type, sha256, size) VALUES (${doc.id}, 2, 'x.pdf', 'application/pdf', ${version.sha256}, 1)`.execute(db), /records_file_closed/);
  const upForm = await bau.get(`/verwaltung/akten/${file.id}`);
  assert.doesNotMatch(upForm.body, /enctype="multipart\/form-data"/);

  // The scan protocol (TR-RESISCAN) as PDF with the file: who, device, quality check, SHA-256.
  const protocolPdf = await bau.get(`/verwaltung/akten/${file.id}/scanprotokoll.pdf`);
  assert.equal(protocolPdf.statusCode, 200);
  const protocolText = await pdfText(protocolPdf.rawPayload);
  assert.match(protocolText, /Kodak S2050 Poststelle/);
  assert.match(protocolText, /Sabine Keller/);
  assert.match(protocolText.replace(/\s+/g, ""), new RegExp(version.sha256));

  // Not yet due: nothing listed. With the clock 31 years on, the file is due.
  assert.equal(await listDueDisposals(db), 0);
  assert.equal(await listDueDisposals(db, new Date(Date.now() + 31 * 366 * 86_400_000)), 1);
  const list = await bau.get("/verwaltung/akten/aussonderung");
  assert.match(list.body, new RegExp(file.file_number.replace(/[/-]/g, "\\$&")));
  const approved = await bau.submit("/verwaltung/akten/aussonderung", `/verwaltung/akten/aussonderung/${file.id}`, {});
  assert.equal(approved.statusCode, 303, approved.body);
  const zipRes = await bau.get(`/verwaltung/akten/aussonderung/${file.id}/xdomea.zip`);
  assert.equal(zipRes.statusCode, 200);
  const entries = unzipSync(new Uint8Array(zipRes.rawPayload));
  const xmlName = Object.keys(entries).find((n) => n.endsWith("_Aussonderung.Aussonderung.0503.xml"))!;
  const xml = new TextDecoder().decode(entries[xmlName]);
  assert.match(xml, new RegExp(`<xdomea:Kennzeichen>632/${reference}</xdomea:Kennzeichen>`));
  const valid = await validateXdomea(xml);
  assert.deepEqual(valid, { valid: true, errors: [] });
  // The validator can fail: an element out of order is refused.
  assert.equal((await validateXdomea(xml.replace("<xdomea:Aktenbetreff>", "<xdomea:Unbekannt/><xdomea:Aktenbetreff>"))).valid, false);
  assert.equal(createHash("sha256").update(entries[`${doc.id}_v1.pdf`]!).digest("hex"), version.sha256);
  // The scan protocol (TR-RESISCAN) goes with the file: one more document, a PDF naming the device.
  const protocolEntry = /<xdomea:Betreff>Scanprotokoll [^<]+<\/xdomea:Betreff>[\s\S]*?<xdomea:Dateiname>([^<]+)<\/xdomea:Dateiname>/.exec(xml)?.[1];
  assert.ok(protocolEntry && entries[protocolEntry], "the scan protocol is in the ZIP and referenced in the XML");
  assert.match((await pdfText(Buffer.from(entries[protocolEntry]!))).replace(/\s+/g, " "), /Kodak S2050 Poststelle/);

  // The archive answers with 0506 (import confirmed): valid against the XSD, read on the disposal page → the file is deleted here.
  const processId = /<xdomea:ProzessID>([^<]+)</.exec(xml)![1]!;
  const sgoId = /<xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>([^<]+)</.exec(xml)![1]!;
  const answer = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.AussonderungImportBestaetigen.0506 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><xdomea:Kopf><xdomea:ProzessID>${processId}</xdomea:ProzessID><xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0506</code><name>Aussonderung.AussonderungImportBestaetigen</name></xdomea:Nachrichtentyp><xdomea:Erstellungszeitpunkt>2057-01-02T10:00:00Z</xdomea:Erstellungszeitpunkt><xdomea:Absender><xdomea:Institution><xdomea:Name>Kreisarchiv Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Absender><xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Empfaenger></xdomea:Kopf><xdomea:AusgesondertesSGO><xdomea:IDSGO>${sgoId}</xdomea:IDSGO><xdomea:Erfolgreich>true</xdomea:Erfolgreich><xdomea:Archivkennung>KrA EK B 632/1</xdomea:Archivkennung></xdomea:AusgesondertesSGO></xdomea:Aussonderung.AussonderungImportBestaetigen.0506>`;
  assert.deepEqual(await validateXdomea(answer), { valid: true, errors: [] });
  const disposalPage = await bau.get("/verwaltung/akten/aussonderung");
  const badAnswer = await postMultipart(app, bau, "/verwaltung/akten/aussonderung/antwort", { _csrf: csrfOf(disposalPage.body) }, [{ field: "antwort", name: "antwort.xml", type: "application/xml", content: Buffer.from("<kaputt/>") }]);
  assert.equal(badAnswer.statusCode, 422);
  assert.match(badAnswer.body, /keine gültige xdomea/);
  // First the archive's receipt (0507, a header only): noted, the file stays until the import is confirmed; reading it twice notes it once.
  const receipt = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.AussonderungEmpfangBestaetigen.0507 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><xdomea:Kopf><xdomea:ProzessID>${processId}</xdomea:ProzessID><xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0507</code><name>Aussonderung.AussonderungEmpfangBestaetigen</name></xdomea:Nachrichtentyp><xdomea:Erstellungszeitpunkt>2057-01-01T10:00:00Z</xdomea:Erstellungszeitpunkt><xdomea:Absender><xdomea:Institution><xdomea:Name>Kreisarchiv Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Absender><xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Empfaenger></xdomea:Kopf></xdomea:Aussonderung.AussonderungEmpfangBestaetigen.0507>`;
  assert.deepEqual(await validateXdomea(receipt), { valid: true, errors: [] });
  assert.equal((await validateXdomea(receipt.replace("</xdomea:Kopf>", "</xdomea:Kopf><xdomea:AusgesondertesSGO/>"))).valid, false);
  for (let i = 0; i < 2; i++) {
    const received = await postMultipart(app, bau, "/verwaltung/akten/aussonderung/antwort", { _csrf: csrfOf(disposalPage.body) }, [{ field: "antwort", name: "0507.xml", type: "application/xml", content: Buffer.from(receipt) }]);
    assert.equal(received.statusCode, 200, received.body);
    assert.match(received.body, new RegExp(`Empfang der Abgabe bestätigt \\(xdomea 0507\\): 632/${reference}`));
    assert.match(received.body, /Empfang vom Archiv bestätigt am/);
  }
  assert.equal((await db.selectFrom("records_files").select("id").where("id", "=", file.id).execute()).length, 1);
  assert.equal((await db.selectFrom("audit_log").select("id").where("action", "=", "records.archive_received").where("object_id", "=", file.id).execute()).length, 1);
  // A receipt for a hand-over of another department (unknown ProzessID here) is refused.
  const foreign = await postMultipart(app, bau, "/verwaltung/akten/aussonderung/antwort", { _csrf: csrfOf(disposalPage.body) }, [{ field: "antwort", name: "0507.xml", type: "application/xml", content: Buffer.from(receipt.replace(processId, "00000000-0000-4000-8000-000000000000")) }]);
  assert.equal(foreign.statusCode, 422);
  const imported = await postMultipart(app, bau, "/verwaltung/akten/aussonderung/antwort", { _csrf: csrfOf(disposalPage.body) }, [{ field: "antwort", name: "0506.xml", type: "application/xml", content: Buffer.from(answer) }]);
  assert.equal(imported.statusCode, 200, imported.body);
  assert.match(imported.body, new RegExp(`übernommen und gelöscht: 632/${reference}`));
  assert.equal((await db.selectFrom("records_files").select("id").where("id", "=", file.id).execute()).length, 0);
  assert.ok((await db.selectFrom("records_disposals").select("archive_confirmed_at").where("file_id", "=", file.id).executeTakeFirstOrThrow()).archive_confirmed_at);

  const audit = await db.selectFrom("audit_log").select("action").where("action", "like", "records.%").execute();
  for (const a of ["records.archive_confirmed", "records.file_created", "records.document_added", "records.ocr_done", "records.read", "records.file_closed", "records.disposal_listed", "records.file_archived"]) assert.ok(audit.some((r) => r.action === a), a);
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("issue 14: the API with a system key — upload with Idempotency-Key, search, document, xdomea; scopes; bad PDFs; clearing; V disposal deletes", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const key = await systemKey(db, "bauamt2@kreisportal.example", ["records:read", "records:write"]);
  const readOnly = await systemKey(db, "bauamt2@kreisportal.example", ["records:read"]);
  const auth = (k: string) => ({ authorization: `Bearer ${k}` });
  const scan = await imageOnlyPdf([["Stellungnahme Denkmalschutz", "Fachwerkhaus Kulturdenkmal Birkenfeld"]]);
  const body = multipartBody({ caseReference: reference, title: "Stellungnahme Denkmalamt" }, [{ field: "file", name: "stellungnahme.pdf", type: "application/pdf", content: scan }]);
  const post = (k: string, idem?: string) => app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...auth(k), "content-type": body.contentType, ...(idem ? { "idempotency-key": idem } : {}) }, payload: body.payload });

  // Without the scope: 403 problem document.
  const denied = await post(readOnly);
  assert.equal(denied.statusCode, 403);
  assert.match(String(denied.headers["content-type"]), /application\/problem\+json/);
  const created = await post(key, "fachverfahren-4711");
  assert.equal(created.statusCode, 201, created.body);
  const { id, version, sha256 } = created.json();
  assert.equal(version, 1);
  assert.match(sha256, /^[0-9a-f]{64}$/);
  const again = await post(key, "fachverfahren-4711");
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().id, id);
  // The same bytes once more without the key: a second document, one stored blob.
  assert.equal((await post(key)).statusCode, 201);
  assert.equal((await db.selectFrom("records_blobs").select("sha256").where("sha256", "=", sha256).execute()).length, 1);
  assert.equal((await db.selectFrom("records_versions").select("id").where("sha256", "=", sha256).execute()).length, 2);

  // Malformed and encrypted-looking PDFs: kept, OCR failed with a clear message.
  const broken = multipartBody({ caseReference: reference, title: "Kaputt" }, [{ field: "file", name: "kaputt.pdf", type: "application/pdf", content: Buffer.concat([PDF.subarray(0, 20), Buffer.from("garbage")]) }]);
  const brokenRes = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...auth(key), "content-type": broken.contentType }, payload: broken.payload });
  assert.equal(brokenRes.statusCode, 201);
  await runRecordsOcr(db);
  const brokenDoc = await app.inject({ url: `/api/v1/records/documents/${brokenRes.json().id}`, headers: auth(readOnly) });
  assert.equal(brokenDoc.json().ocr.status, "failed");
  assert.match(brokenDoc.json().ocr.error, /beschädigt|verschlüsselt/);
  assert.equal(brokenDoc.json().versions.length, 1);

  const found = await app.inject({ url: "/api/v1/records/search?q=Kulturdenkmal", headers: auth(readOnly) });
  assert.equal(found.statusCode, 200);
  const results = found.json().results as Array<{ documentId: string; caseReference: string; snippet: string }>;
  assert.ok(results.some((r) => r.documentId === id && r.caseReference === reference && /Kulturdenkmal/.test(r.snippet)), found.body);
  const one = await app.inject({ url: `/api/v1/records/documents/${id}`, headers: auth(readOnly) });
  assert.equal(one.json().versions[0].sha256, sha256);
  assert.ok(one.json().pages.some((p: { text: string }) => /Kulturdenkmal/.test(p.text)));

  // Scanning intake for scanner software: without a cover sheet → clearing list; staff assign it.
  const loose = multipartBody({ device: "Scanner Poststelle 2" }, [{ field: "file", name: "lose.pdf", type: "application/pdf", content: await imageOnlyPdf([["Ohne Deckblatt"]]) }]);
  const looseRes = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...auth(key), "content-type": loose.contentType }, payload: loose.payload });
  assert.equal(looseRes.statusCode, 202, looseRes.body);
  assert.equal(looseRes.json().result, "clearing");
  const bau = await login(app, "bauamt@kreisportal.example");
  const clearing = await bau.get("/verwaltung/akten/klaerung");
  assert.match(clearing.body, /lose\.pdf/);
  const cid = looseRes.json().clearingId as string;
  // Another department neither sees nor opens it (a scan may hold personal data).
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.doesNotMatch((await other.get("/verwaltung/akten/klaerung")).body, /lose\.pdf/);
  assert.equal((await other.get(`/verwaltung/akten/klaerung/${cid}/datei`)).statusCode, 404);
  assert.equal((await bau.get(`/verwaltung/akten/klaerung/${cid}/datei`)).statusCode, 200);
  const s = cid.slice(0, 8);
  const assigned = await bau.submit("/verwaltung/akten/klaerung", `/verwaltung/akten/klaerung/${cid}`, { [`vorgang-${s}`]: reference, [`titel-${s}`]: "Nachgereichter Brief" });
  assert.equal(assigned.statusCode, 303, assigned.body);
  assert.ok(await db.selectFrom("records_documents").select("id").where("title", "=", "Nachgereichter Brief").executeTakeFirst());
  // With a cover sheet → filed.
  const covered = multipartBody({}, [{ field: "file", name: "mit-deckblatt.pdf", type: "application/pdf", content: await imageOnlyPdf([["Nachtrag"]], { coverReference: reference }) }]);
  const coveredRes = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...auth(key), "content-type": covered.contentType }, payload: covered.payload });
  assert.equal(coveredRes.statusCode, 201, coveredRes.body);
  assert.equal(coveredRes.json().caseReference, reference);

  // xdomea export through the API validates too.
  const fileId = (await db.selectFrom("records_cases").select("file_id").where("case_id", "=", caseId).executeTakeFirstOrThrow()).file_id;
  const zip = await app.inject({ url: `/api/v1/records/files/${fileId}/xdomea`, headers: auth(readOnly) });
  assert.equal(zip.statusCode, 200);
  const entries = unzipSync(new Uint8Array(zip.rawPayload));
  const xml = new TextDecoder().decode(entries[Object.keys(entries).find((n) => n.endsWith(".xml"))!]);
  assert.equal((await validateXdomea(xml)).valid, true);

  // V: the plan position overridden to V (with a reason), closed, due, approved → data and bytes gone, audit without content.
  await runRecordsOcr(db);
  const noReason = await bau.submit(`/verwaltung/akten/${fileId}`, `/verwaltung/akten/${fileId}/aufbewahrung`, { jahre: "0", art: "V", begruendung: "" });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte begründen Sie die Abweichung/);
  const override = await bau.submit(`/verwaltung/akten/${fileId}`, `/verwaltung/akten/${fileId}/aufbewahrung`, { jahre: "0", art: "V", begruendung: "Doppel der Bauakte, Original beim Baurechtsamt der Gemeinde" });
  assert.equal(override.statusCode, 303, override.body);
  const overridden = await db.selectFrom("records_files").select(["disposal", "retention_years", "override_reason"]).where("id", "=", fileId).executeTakeFirstOrThrow();
  assert.deepEqual(overridden, { disposal: "V", retention_years: 0, override_reason: "Doppel der Bauakte, Original beim Baurechtsamt der Gemeinde" });
  // The scans from the key (bauamt2's token) are released by bauamt first: a file with unreleased scans is not closed.
  for (const s of await db.selectFrom("records_scan_protocols as s").innerJoin("records_documents as d", "d.id", "s.document_id").select("d.id").where("d.file_id", "=", fileId).where("s.quality_ok", "is", null).execute()) {
    assert.equal((await bau.submit(`/verwaltung/akten/${fileId}`, `/verwaltung/akten/${fileId}/dokumente/${s.id}/freigabe`, {})).statusCode, 303);
  }
  const close = await bau.submit(`/verwaltung/akten/${fileId}`, `/verwaltung/akten/${fileId}/abschliessen`, {});
  assert.equal(close.statusCode, 303, close.body);
  // Closed: the API refuses uploads with 409.
  assert.equal((await post(key)).statusCode, 409);
  assert.equal(await listDueDisposals(db, new Date(Date.now() + 86_400_000)), 1);
  const destroyed = await bau.submit("/verwaltung/akten/aussonderung", `/verwaltung/akten/aussonderung/${fileId}`, {});
  assert.equal(destroyed.statusCode, 303);
  assert.equal((await db.selectFrom("records_files").select("id").where("id", "=", fileId).execute()).length, 0);
  assert.equal((await db.selectFrom("records_documents").select("id").where("file_id", "=", fileId).execute()).length, 0);
  assert.equal((await db.selectFrom("records_blobs").select("sha256").where("sha256", "=", sha256).execute()).length, 0);
  const entry = await db.selectFrom("audit_log").select(["details"]).where("action", "=", "records.file_destroyed").executeTakeFirstOrThrow();
  assert.deepEqual(Object.keys(entry.details as object).sort(), ["documents", "fileNumber"]);
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("issue 14: webhooks — signed with HMAC and timestamp, retried while the receiver is down, dead letter replayed by staff", { timeout: 300_000 }, async (t) => {
  // The receiver runs on this machine: the host is allowed explicitly (ADR 0077), not by a weaker default.
  const { app, db, config } = await buildTestApp(t, { RECORDS_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const state = { status: 500 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const bau = await login(app, "bauamt@kreisportal.example");
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  const noEvents = await bau.submit("/verwaltung/akten/webhooks", "/verwaltung/akten/webhooks", { einheit: unit.id, url });
  assert.equal(noEvents.statusCode, 422);
  assert.match(noEvents.body, /mindestens ein Ereignis/);
  const page = await bau.get("/verwaltung/akten/webhooks");
  const created = await bau.post("/verwaltung/akten/webhooks", [["_csrf", csrfOf(page.body)], ["einheit", unit.id], ["url", url], ["ereignisse", "case.filed"], ["ereignisse", "document.added"]]);
  assert.equal(created.statusCode, 201, created.body);
  const secret = /<code>(whsec_[^<]+)<\/code>/.exec(created.body)![1]!;

  const { reference } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  // The receiver is down: the delivery stays queued with a back-off.
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 0, failed: 1, dead: 0 });
  const queued = await db.selectFrom("records_webhook_deliveries").selectAll().executeTakeFirstOrThrow();
  assert.equal(queued.attempts, 1);
  assert.ok(queued.next_attempt_at.getTime() > Date.now());
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 0, failed: 0, dead: 0 }, "not before its time");
  // Down for hours: after the last attempt it is a dead letter, listed for staff.
  await db.updateTable("records_webhook_deliveries").set({ attempts: MAX_WEBHOOK_ATTEMPTS - 1, next_attempt_at: new Date() }).execute();
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 0, failed: 0, dead: 1 });
  const listed = await bau.get("/verwaltung/akten/webhooks");
  assert.match(listed.body, /case\.filed an http:\/\/127\.0\.0\.1/);
  // Back up: staff replay it; it arrives signed.
  state.status = 204;
  const replay = await bau.submit("/verwaltung/akten/webhooks", `/verwaltung/akten/webhooks/zustellungen/${queued.id}`, {});
  assert.equal(replay.statusCode, 303);
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 1, failed: 0, dead: 0 });
  const last = received.at(-1)!;
  const ts = String(last.headers["x-kreisportal-timestamp"]);
  assert.equal(last.headers["x-kreisportal-signature"], signWebhook(secret, ts, last.body));
  assert.equal(last.headers["x-kreisportal-signature"], `sha256=${createHmac("sha256", secret).update(`${ts}.${last.body}`).digest("hex")}`);
  const payload = JSON.parse(last.body);
  assert.deepEqual([payload.event, payload.caseReference], ["case.filed", reference]);
  // Another department cannot replay it.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await other.submit("/verwaltung/akten/webhooks", `/verwaltung/akten/webhooks/zustellungen/${queued.id}`, {})).statusCode, 404);
});

test("issue 14: the case page shows the case's file; cases from before the E-Akte are filed by records:backfill (idempotent)", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const fileId = (await db.selectFrom("records_cases").select("file_id").where("case_id", "=", caseId).executeTakeFirstOrThrow()).file_id;

  // The staff case page links to the file (for staff who may read the case).
  const bau = await login(app, "bauamt@kreisportal.example");
  const page = await bau.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes(`href="/verwaltung/akten/${fileId}"`), "the case page links to its file");
  assert.ok(page.body.includes(`632/${reference}`));

  // The filing plan page: the tree with retention, disposal, processes, and the files this department may read.
  const plan = await bau.get("/verwaltung/akten/aktenplan");
  assert.equal(plan.statusCode, 200);
  assert.match(plan.body, /632 Baugenehmigungsverfahren<\/strong> – 30 Jahre nach Abschluss, A – archivieren; Prozesse: baugenehmigung; Akten: 1/);
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.doesNotMatch((await other.get("/verwaltung/akten/aktenplan")).body, /632 Baugenehmigungsverfahren<\/strong>[^<]*Akten: /, "files of other departments are not counted");
  // Its CSV has the import's columns and rows: importing it again changes nothing.
  const csv = await bau.get("/verwaltung/akten/aktenplan.csv");
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers["content-type"]), /^text\/csv/);
  const { readFile } = await import("node:fs/promises");
  const { DEMO_PLAN_CSV } = await import("../../src/modules/records/index.js");
  const lines = (text: string) => text.trim().split("\n").map((l) => l.trim()).sort();
  assert.deepEqual(lines(csv.body), lines((await readFile(DEMO_PLAN_CSV, "utf8")).replace(/\r/g, "")));

  // A case from before the records module: no file. Its rows go the way disposal removes them (status disposing first).
  await db.transaction().execute(async (tx) => {
    await sql`UPDATE records_files SET status = 'disposing' WHERE id = ${fileId}`.execute(tx);
    const docs = sql`SELECT id FROM records_documents WHERE file_id = ${fileId}`;
    await sql`DELETE FROM records_pages WHERE document_id IN (${docs})`.execute(tx);
    await sql`DELETE FROM records_scan_protocols WHERE document_id IN (${docs})`.execute(tx);
    await sql`DELETE FROM records_versions WHERE document_id IN (${docs})`.execute(tx);
    await sql`DELETE FROM records_documents WHERE file_id = ${fileId}`.execute(tx);
    await sql`DELETE FROM records_disposals WHERE file_id = ${fileId}`.execute(tx);
    await sql`DELETE FROM records_cases WHERE case_id = ${caseId}`.execute(tx);
    await sql`DELETE FROM records_files WHERE id = ${fileId}`.execute(tx);
  });
  const before = await bau.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.equal(before.statusCode, 200);
  assert.match(before.body, /noch keiner Akte zugeordnet/);

  const { fileUnfiledCases } = await import("../../src/modules/records/index.js");
  const first = await fileUnfiledCases(db, { batch: 1 });
  assert.ok(first.checked >= 1);
  assert.equal(first.filed, 1);
  const refiled = await db.selectFrom("records_cases as c").innerJoin("records_files as f", "f.id", "c.file_id").select(["f.file_number"]).where("c.case_id", "=", caseId).execute();
  assert.deepEqual(refiled.map((r) => r.file_number), [`632/${reference}`]);
  // Again: nothing more to file, still one file.
  assert.equal((await fileUnfiledCases(db)).filed, 0);
  assert.equal((await db.selectFrom("records_cases").select("id").where("case_id", "=", caseId).execute()).length, 1);
  const audit = await db.selectFrom("audit_log").select("details").where("action", "=", "records.backfill").execute();
  assert.equal(audit.length, 2);
});
