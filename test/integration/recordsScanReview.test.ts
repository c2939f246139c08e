/**
 * Records (issue 14, ADR 0077, migration 0078): the second person's quality check beyond the single release —
 * several scans released at once (four eyes per scan: own scans refused by name, the others released, one audit row
 * each), a scan rejected as defective with a required reason, the re-scan by whoever scanned it, the release state and
 * the file's confidentiality in the API's document JSON, and a scan whose cover sheet names a closed file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { imageOnlyPdf, submitBuildingPermit } from "../support/scans.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { systemAccountCreator } from "../../src/modules/records/index.js";
import type { Db } from "../../src/platform/db/index.js";

async function login(app: FastifyInstance, email: string) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD })).statusCode, 303, `login ${email}`);
  return c;
}
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
/** Unescapes what Preact escaped in text (quotes in titles). */
const text = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

async function postMultipart(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) {
  const { payload, contentType } = multipartBody({ _csrf: csrfOf((await c.get("/verwaltung/akten/scannen")).body), ...fields }, files);
  return app.inject({ method: "POST", url, headers: { cookie: cookieOf(c), "content-type": contentType }, payload });
}

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.file_number", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const users = new Map((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));
  const keller = await login(app, "bauamt@kreisportal.example");
  const brandt = await login(app, "bauamt2@kreisportal.example");
  /** A clerk scans a letter behind the case's cover sheet; returns the document id. */
  const scan = async (c: Client, name: string) => {
    const res = await postMultipart(app, c, "/verwaltung/akten/scannen", { geraet: "Kodak S2050 Poststelle" }, [{ field: "datei", name, type: "application/pdf", content: await imageOnlyPdf([[`Inhalt ${name}`]], { coverReference: reference }) }]);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /dem Vorgang .* zugeordnet/);
    return (await db.selectFrom("records_documents").select("id").where("title", "=", `Scan ${name}`).executeTakeFirstOrThrow()).id;
  };
  return { app, db, reference, caseId, file, users, keller, brandt, scan };
}

const protocol = (db: Db, id: string) => db.selectFrom("records_scan_protocols").selectAll().where("document_id", "=", id).executeTakeFirstOrThrow();
const auditOf = (db: Db, action: string) => db.selectFrom("audit_log").select(["actor_id", "object_id", "details"]).where("action", "=", action).orderBy("id").execute();

test("issue 14: bulk release — each selected scan by the same command; own scans refused by name, the others released; one audit row per scan", { timeout: 300_000 }, async (t) => {
  const { app, db, file, users, keller, brandt, scan } = await setup(t);
  const a = await scan(keller, "a.pdf");
  const b = await scan(keller, "b.pdf");
  const c = await scan(brandt, "c.pdf");
  const d = await scan(brandt, "d.pdf");

  // The list offers a checkbox per scan and one button.
  const list = text((await keller.get("/verwaltung/akten/qualitaetspruefung")).body);
  for (const id of [a, b, c, d]) assert.ok(list.includes(`name="scans" value="${id}"`), id);
  assert.match(list, /„Scan a\.pdf“ – Akte .*, gescannt von Sabine Keller \(Baurecht\) am .* \(Ihr eigener Scan\)/);
  assert.match(list, />Ausgewählte freigeben</);

  // Nothing selected: a German error next to the checkboxes, nothing changes.
  const none = await keller.submit("/verwaltung/akten/qualitaetspruefung", "/verwaltung/akten/qualitaetspruefung", {});
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /id="scans-error"[^>]*>[\s\S]*Bitte wählen Sie mindestens einen Scan aus\./);

  // Keller ticks her own a and b and Brandt's c: c is released, a and b are refused by title, still ticked.
  const token = csrfOf((await keller.get("/verwaltung/akten/qualitaetspruefung")).body);
  const mixed = await keller.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", token], ["scans", a], ["scans", b], ["scans", c]]);
  assert.equal(mixed.statusCode, 200, mixed.body);
  const body = text(mixed.body);
  assert.match(body, new RegExp(`Freigegeben \\(1\\): „Scan c\\.pdf“ \\(${file.file_number.replace(/[/.]/g, "\\$&")}\\)\\.`));
  assert.match(body, /Nicht freigegeben – diese Scans haben Sie selbst eingeliefert; die Qualitätsprüfung muss eine andere Person vornehmen \(Vier-Augen-Prinzip\): „Scan a\.pdf“ \([^)]+\), „Scan b\.pdf“ \([^)]+\)\./);
  assert.match(body, new RegExp(`value="${a}" checked`));
  assert.doesNotMatch(body, new RegExp(`value="${c}"`), "released: no longer listed");
  assert.deepEqual([(await protocol(db, a)).quality_ok, (await protocol(db, b)).quality_ok], [null, null]);
  const pc = await protocol(db, c);
  assert.deepEqual([pc.quality_ok, pc.quality_checked_by], [true, users.get("bauamt@kreisportal.example")]);

  // Only own scans selected: 403, nothing released.
  const onlyOwn = await keller.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", token], ["scans", a]]);
  assert.equal(onlyOwn.statusCode, 403);
  assert.equal((await protocol(db, a)).quality_ok, null);

  // Another department's clerk cannot release this department's scans through the bulk form (nor see them).
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.doesNotMatch((await other.get("/verwaltung/akten/qualitaetspruefung")).body, /d\.pdf/);
  const foreign = await other.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", csrfOf((await other.get("/verwaltung/akten/qualitaetspruefung")).body)], ["scans", d]]);
  assert.equal(foreign.statusCode, 409);
  assert.match(foreign.body, /Nicht freigegeben \(1\)/);
  assert.equal((await protocol(db, d)).quality_ok, null);

  // Brandt releases a and b (and tries his own d): a, b released; d refused.
  const second = await brandt.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", csrfOf((await brandt.get("/verwaltung/akten/qualitaetspruefung")).body)], ["scans", a], ["scans", b], ["scans", d]]);
  assert.equal(second.statusCode, 200);
  assert.match(text(second.body), /Freigegeben \(2\): „Scan a\.pdf“ \([^)]+\), „Scan b\.pdf“/);
  assert.match(text(second.body), /selbst eingeliefert[^<]*„Scan d\.pdf“/);
  for (const id of [a, b]) assert.deepEqual(await protocol(db, id).then((p) => [p.quality_ok, p.quality_checked_by]), [true, users.get("bauamt2@kreisportal.example")]);
  assert.equal((await protocol(db, d)).quality_ok, null);

  // One audit row per released scan, by the person who released it.
  const audit = await auditOf(db, "records.scan_released");
  assert.deepEqual(
    audit.map((r) => [r.object_id, r.actor_id]),
    [
      [c, users.get("bauamt@kreisportal.example")],
      [a, users.get("bauamt2@kreisportal.example")],
      [b, users.get("bauamt2@kreisportal.example")],
    ],
  );
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("issue 14: „Alle freigeben“ releases every listed scan the user may release (no JavaScript), leaves own scans and scans that arrived after the page", { timeout: 300_000 }, async (t) => {
  const { db, users, keller, brandt, scan } = await setup(t);
  const a = await scan(keller, "a.pdf");
  const c = await scan(brandt, "c.pdf");
  const d = await scan(brandt, "d.pdf");

  const page = (await keller.get("/verwaltung/akten/qualitaetspruefung")).body;
  assert.match(page, /<button type="submit" class="kern-btn kern-btn--secondary" name="alle" value="1"><span class="kern-label">Alle freigeben<\/span>/);
  assert.match(page, /<script src="\/assets\/records-select-all\.js" defer><\/script>/);
  assert.ok(page.includes(`data-own="${a}"`), "the script leaves own scans unticked");
  const listed = [...page.matchAll(/name="listed" value="([^"]+)"/g)].map((m) => m[1]!);
  assert.deepEqual(listed, [a, c, d]);

  // A scan arriving after the page was shown is not released unseen.
  const late = await scan(brandt, "e.pdf");
  const res = await keller.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", csrfOf(page)], ...listed.map((id) => ["listed", id] as [string, string]), ["alle", "1"]]);
  assert.equal(res.statusCode, 200, res.body);
  const body = text(res.body);
  assert.match(body, /Freigegeben \(2\): „Scan c\.pdf“ \([^)]+\), „Scan d\.pdf“/);
  assert.match(body, /1 eigene\(r\) Scan\(s\) bleiben in der Liste; die Qualitätsprüfung muss eine andere Person vornehmen/);
  assert.doesNotMatch(body, /Nicht freigegeben/);
  const state = async (id: string) => (await protocol(db, id)).quality_ok;
  assert.deepEqual([await state(a), await state(c), await state(d), await state(late)], [null, true, true, null]);
  assert.equal((await protocol(db, c)).quality_checked_by, users.get("bauamt@kreisportal.example"));
  assert.equal((await auditOf(db, "records.scan_released")).length, 2);

  // Only own scans listed: nothing to release, the error next to the checkboxes.
  const again = (await keller.get("/verwaltung/akten/qualitaetspruefung")).body;
  const ownOnly = await keller.post("/verwaltung/akten/qualitaetspruefung", [["_csrf", csrfOf(again)], ["listed", a], ["alle", "1"]]);
  assert.equal(ownOnly.statusCode, 422);
  assert.match(ownOnly.body, /id="scans-error"[^>]*>[\s\S]*In der Liste ist kein Scan, den Sie freigeben können/);
  assert.equal(await state(a), null);
});

test("issue 14: a file with scans not released (waiting or defective) is not closed; the refusal says why next to the close button", { timeout: 300_000 }, async (t) => {
  const { db, file, keller, brandt, scan } = await setup(t);
  const a = await scan(keller, "a.pdf");
  const b = await scan(keller, "b.pdf");
  // OCR is not the point here (closing waits for it too): marked done instead of running tesseract on four pages.
  await db.updateTable("records_documents").set({ ocr_status: "done" }).where("file_id", "=", file.id).execute();
  const url = `/verwaltung/akten/${file.id}`;
  const warned = text((await keller.get(url)).body);
  assert.match(warned, /2 Scan\(s\) dieser Akte sind noch nicht freigegeben oder als mangelhaft zurückgewiesen\. Die Akte kann erst abgeschlossen werden, wenn alle Scans freigegeben sind/);
  assert.equal((await brandt.submit(`${url}/dokumente/${b}/mangel`, `${url}/dokumente/${b}/mangel`, { grund: "Seite 2 fehlt" })).statusCode, 303);

  const refused = await keller.submit(url, `${url}/abschliessen`, {});
  assert.equal(refused.statusCode, 409);
  const [before, section = ""] = text(refused.body).split('id="abschliessen"');
  assert.doesNotMatch(before!, /nicht abgeschlossen/, "not at the top of the page");
  assert.match(section, /Die Akte wurde nicht abgeschlossen: 1 Scan\(s\) warten noch auf die Qualitätsprüfung durch eine zweite Person, 1 Scan\(s\) sind als mangelhaft zurückgewiesen und müssen neu gescannt werden\. Nach dem Abschluss \(zdA\) wäre weder eine Freigabe noch ein neuer Scan möglich/);
  assert.match(section, /nicht abgeschlossen[\s\S]*?<button[^>]*><span class="kern-label">Akte abschließen<\/span>/, "the message stands in the close section, before its button");
  const still = await db.selectFrom("records_files").select(["status", "closed_at"]).where("id", "=", file.id).executeTakeFirstOrThrow();
  assert.deepEqual(still, { status: "open", closed_at: null });
  assert.equal((await auditOf(db, "records.file_closed")).length, 0);

  // Released, and the defect settled (here directly; the re-scan path is the next test): now the file closes.
  assert.equal((await brandt.submit(url, `${url}/dokumente/${a}/freigabe`, {})).statusCode, 303);
  assert.equal((await keller.submit(url, `${url}/abschliessen`, {})).statusCode, 409, "the defective scan still blocks");
  await db.updateTable("records_scan_protocols").set({ quality_ok: true, quality_note: null }).where("document_id", "=", b).execute();
  const closed = await keller.submit(url, `${url}/abschliessen`, {});
  assert.equal(closed.statusCode, 303, closed.body);
  assert.equal((await db.selectFrom("records_files").select("status").where("id", "=", file.id).executeTakeFirstOrThrow()).status, "closed");
});

test("issue 14: a scan rejected as defective with a required reason; the scanner sees it with the reason and re-scans; audited; closed files say so", { timeout: 300_000 }, async (t) => {
  const { app, db, reference, file, users, keller, brandt, scan } = await setup(t);
  const e = await scan(keller, "e.pdf");
  const url = `/verwaltung/akten/${file.id}/dokumente/${e}/mangel`;

  // The release list and the document link to the defect form (for someone who may check it).
  assert.ok((await brandt.get("/verwaltung/akten/qualitaetspruefung")).body.includes(`href="${url}"`));
  assert.ok((await brandt.get(`/verwaltung/akten/${file.id}`)).body.includes(`href="${url}"`));

  // The scanner cannot reject her own scan either (four eyes).
  const own = await keller.submit(url, url, { grund: "Seite 2 fehlt" });
  assert.equal(own.statusCode, 403);
  assert.match(own.body, /Sie haben diesen Scan selbst eingeliefert/);
  assert.match(own.body, /Seite 2 fehlt<\/textarea>/, "what was typed is kept");

  // No reason: the German error next to the field; too long: the text is kept.
  const empty = await brandt.submit(url, url, { grund: "  " });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /id="grund-error"[^>]*>[\s\S]*Bitte beschreiben Sie, was an dem Scan mangelhaft ist\./);
  const long = "Unscharf ".repeat(120);
  const tooLong = await brandt.submit(url, url, { grund: long });
  assert.equal(tooLong.statusCode, 422);
  assert.ok(tooLong.body.includes(long.trim()), "long text kept");
  assert.equal((await protocol(db, e)).quality_ok, null);

  const rejected = await brandt.submit(url, url, { grund: "Seite 2 fehlt" });
  assert.equal(rejected.statusCode, 303, rejected.body);
  assert.equal(rejected.headers.location, `/verwaltung/akten/${file.id}?ok=mangelhaft#dok-${e}`);
  const p = await protocol(db, e);
  assert.deepEqual([p.quality_ok, p.quality_note, p.quality_checked_by], [false, "Seite 2 fehlt", users.get("bauamt2@kreisportal.example")]);
  const filePage = (await brandt.get(`/verwaltung/akten/${file.id}?ok=mangelhaft`)).body;
  assert.match(filePage, /Der Scan ist als mangelhaft zurückgewiesen/);
  assert.match(filePage, /Mangelhaft<\/span> Seite 2 fehlt – wird neu gescannt\./);
  assert.doesNotMatch((await brandt.get("/verwaltung/akten/qualitaetspruefung")).body, /e\.pdf/, "no longer awaiting release");
  // Neither released nor rejected twice.
  const release = await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${e}/freigabe`, {});
  assert.equal(release.statusCode, 409);
  assert.match(release.body, /bereits als mangelhaft zurückgewiesen/);
  assert.equal((await brandt.submit(url, url, { grund: "Noch einmal" })).statusCode, 409);
  // The database refuses a defect without a reason (migration 0078).
  await assert.rejects(db.updateTable("records_scan_protocols").set({ quality_note: null }).where("document_id", "=", e).execute(), /records_scan_defect_reason/);
  const audit = await auditOf(db, "records.scan_defective");
  assert.deepEqual(audit.map((r) => [r.object_id, r.actor_id, r.details]), [[e, users.get("bauamt2@kreisportal.example"), { scannedBy: users.get("bauamt@kreisportal.example"), reason: "Seite 2 fehlt" }]]);

  // The scanner sees it on her scan page with the reason, and who rejected it.
  const scanPage = text((await keller.get("/verwaltung/akten/scannen")).body);
  assert.match(scanPage, /Mangelhafte Scans – bitte neu scannen \(1\)/);
  assert.match(scanPage, /Scan e\.pdf[\s\S]*zurückgewiesen von Thomas Brandt \(Baurecht\) am [\d., :]+: Seite 2 fehlt/);
  // Another department neither sees it nor may re-scan it.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.doesNotMatch((await other.get("/verwaltung/akten/scannen")).body, /e\.pdf/);
  const s8 = e.slice(0, 8);
  const rescan = (c: Client, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1]) => postMultipart(app, c, `/verwaltung/akten/scannen/${e}/neu`, fields, files);
  const again = await imageOnlyPdf([["Inhalt e.pdf vollständig"]]);
  assert.equal((await rescan(other, { [`geraet-${s8}`]: "X" }, [{ field: `datei-${s8}`, name: "e2.pdf", type: "application/pdf", content: again }])).statusCode, 404);

  // Without a file: the error next to the file field, the device typed is kept.
  const noFile = await rescan(keller, { [`geraet-${s8}`]: "Kodak S2050 Büro 3" }, []);
  assert.equal(noFile.statusCode, 422);
  assert.match(noFile.body, new RegExp(`id="datei-${s8}-error"`));
  assert.match(noFile.body, /value="Kodak S2050 Büro 3"/);

  const done = await rescan(keller, { [`geraet-${s8}`]: "Kodak S2050 Büro 3" }, [{ field: `datei-${s8}`, name: "e2.pdf", type: "application/pdf", content: again }]);
  assert.equal(done.statusCode, 303, done.body);
  assert.equal(done.headers.location, "/verwaltung/akten/scannen?neu=1");
  assert.match((await keller.get("/verwaltung/akten/scannen?neu=1")).body, /Der neue Scan ist abgelegt und wartet auf die Freigabe/);
  const versions = await db.selectFrom("records_versions").select(["version", "filename"]).where("document_id", "=", e).orderBy("version").execute();
  assert.deepEqual(versions.map((v) => [v.version, v.filename]), [[1, "e.pdf"], [2, "e2.pdf"]]);
  const q = await protocol(db, e);
  assert.deepEqual([q.quality_ok, q.quality_note, q.quality_checked_by, q.scanned_by, q.device], [null, null, null, users.get("bauamt@kreisportal.example"), "Kodak S2050 Büro 3"]);
  assert.match((await brandt.get("/verwaltung/akten/qualitaetspruefung")).body, /Scan e\.pdf/, "awaits release again");
  assert.doesNotMatch((await keller.get("/verwaltung/akten/scannen")).body, /Mangelhafte Scans/);
  const rescanned = await auditOf(db, "records.scan_rescanned");
  assert.equal(rescanned.length, 1);
  assert.deepEqual([rescanned[0]!.actor_id, (rescanned[0]!.details as { version: number; defect: string }).version, (rescanned[0]!.details as { defect: string }).defect], [users.get("bauamt@kreisportal.example"), 2, "Seite 2 fehlt"]);
  // And now the colleague releases the re-scan.
  assert.equal((await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${e}/freigabe`, {})).statusCode, 303);

  // A closed file (zdA): a scan behind its cover sheet is refused with a message naming the case; a scan still waiting
  // in it can no longer be released or rejected, and the file page says so instead of offering it.
  const f = await scan(keller, "f.pdf");
  await db.updateTable("records_files").set({ status: "closed", closed_at: new Date(), closed_by: users.get("bauamt@kreisportal.example")! }).where("id", "=", file.id).execute();
  const late = await postMultipart(app, keller, "/verwaltung/akten/scannen", { geraet: "Kodak S2050 Poststelle" }, [{ field: "datei", name: "spaet.pdf", type: "application/pdf", content: await imageOnlyPdf([["Zu spät"]], { coverReference: reference }) }]);
  assert.equal(late.statusCode, 422);
  assert.match(late.body, new RegExp(`id="datei-error"[^>]*>[\\s\\S]*Der Scan wurde nicht abgelegt: Die Akte des Vorgangs ${reference} auf dem Deckblatt ist abgeschlossen \\(zdA\\)`));
  const closedPage = (await brandt.get(`/verwaltung/akten/${file.id}`)).body;
  assert.match(closedPage, /Die Akte wurde abgeschlossen, bevor eine zweite Person diesen Scan geprüft hat/);
  assert.ok(!closedPage.includes(`/dokumente/${f}/freigabe"`));
  const closedRelease = await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${f}/freigabe`, {});
  assert.equal(closedRelease.statusCode, 409);
  assert.match(closedRelease.body, /Die Akte ist abgeschlossen \(zdA\): Scans darin können nicht mehr freigegeben oder zurückgewiesen werden\./);
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("issue 14: the API's document JSON shows the scan's release state and the file's confidentiality (system key)", { timeout: 300_000 }, async (t) => {
  const { app, db, reference, file, users, keller, brandt, scan } = await setup(t);
  const account = await systemAccountCreator(systemContext(db), { name: "Fachverfahren Bau", unitId: file.owner_unit_id, scopes: ["records:read", "records:write"], days: 30 });
  assert.ok(account.ok);
  const auth = { authorization: `Bearer ${account.secret}` };
  const get = async (id: string) => {
    const res = await app.inject({ url: `/api/v1/records/documents/${id}`, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  // An upload through the API: no scan, no release; the file is "Offen".
  const up = multipartBody({ caseReference: reference, title: "Stellungnahme" }, [{ field: "file", name: "s.pdf", type: "application/pdf", content: await imageOnlyPdf([["Stellungnahme"]]) }]);
  const created = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...auth, "content-type": up.contentType }, payload: up.payload });
  assert.equal(created.statusCode, 201, created.body);
  const uploaded = await get(created.json().id);
  assert.equal(uploaded.release, null);
  assert.deepEqual(uploaded.confidentiality, { code: "003", label: "Offen (nicht eingestuft)", reason: null, inherited: true });

  // A scan from the scanner key: pending, scanned by the system account.
  const sc = multipartBody({ device: "Scanstrecke 1" }, [{ field: "file", name: "scan.pdf", type: "application/pdf", content: await imageOnlyPdf([["Gescannt"]], { coverReference: reference }) }]);
  const scanned = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...auth, "content-type": sc.contentType }, payload: sc.payload });
  assert.equal(scanned.statusCode, 201, scanned.body);
  const pending = await get(scanned.json().documentId);
  assert.equal(pending.release.state, "pending");
  assert.equal(pending.release.scannedBy, account.userId);
  assert.equal(pending.release.device, "Scanstrecke 1");
  assert.match(pending.release.scannedAt, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual([pending.release.checkedBy, pending.release.checkedAt, pending.release.releasedAt, pending.release.defectReason], [null, null, null, null]);

  // Released by a clerk: released with who and when.
  assert.equal((await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${scanned.json().documentId}/freigabe`, {})).statusCode, 303);
  const released = await get(scanned.json().documentId);
  assert.equal(released.release.state, "released");
  assert.equal(released.release.checkedBy, users.get("bauamt2@kreisportal.example"));
  assert.equal(released.release.releasedAt, released.release.checkedAt);
  assert.ok(released.release.releasedAt);

  // A clerk's scan rejected as defective: the reason, no release time.
  const g = await scan(keller, "g.pdf");
  const url = `/verwaltung/akten/${file.id}/dokumente/${g}/mangel`;
  assert.equal((await brandt.submit(url, url, { grund: "Rückseiten fehlen" })).statusCode, 303);
  const defective = await get(g);
  assert.deepEqual([defective.release.state, defective.release.defectReason, defective.release.releasedAt, defective.release.scannedBy], ["defective", "Rückseiten fehlen", null, users.get("bauamt@kreisportal.example")]);
  assert.ok(defective.release.checkedAt);

  // The file becomes NfD: every document shows it.
  assert.equal((await keller.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/vertraulichkeit`, { stufe: "002", stufengrund: "Statik mit Sicherheitsdetails" })).statusCode, 303);
  assert.deepEqual((await get(g)).confidentiality, { code: "002", label: "VS – Nur für den Dienstgebrauch (NfD)", reason: "Statik mit Sicherheitsdetails", inherited: true });
  assert.equal((await get(created.json().id)).confidentiality.code, "002");
});
