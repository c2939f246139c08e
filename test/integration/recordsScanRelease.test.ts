/**
 * Records (issue 14, ADR 0077): the quality check of a scan batch is a separate step by a second person. A scan
 * stays "zur Qualitätsprüfung" (visible to the department, marked "Nicht freigegeben") until a staff account other
 * than the one that scanned releases it; the scanner gets a German refusal, and the database refuses it too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { imageOnlyPdf, submitBuildingPermit } from "../support/scans.js";
import { pdfText } from "../support/pdfText.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";

async function login(app: FastifyInstance, email: string) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD })).statusCode, 303, `login ${email}`);
  return c;
}
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
async function scan(app: FastifyInstance, c: Client, name: string, content: Buffer) {
  // "qualitaet" as the old form sent it: no longer a release at intake.
  const { payload, contentType } = multipartBody({ _csrf: csrfOf((await c.get("/verwaltung/akten/scannen")).body), geraet: "Kodak S2050 Poststelle", qualitaet: "ja" }, [{ field: "datei", name, type: "application/pdf", content }]);
  return app.inject({ method: "POST", url: "/verwaltung/akten/scannen", headers: { cookie: cookieOf(c), "content-type": contentType }, payload });
}

test("issue 14: a scan batch is released by a second person only (four eyes); the scanner is refused in German; audited", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const keller = await login(app, "bauamt@kreisportal.example");
  const brandt = await login(app, "bauamt2@kreisportal.example");
  const other = await login(app, "fuehrerschein@kreisportal.example");
  const users = new Map((await db.selectFrom("users").select(["id", "email"]).execute()).map((u) => [u.email, u.id]));

  const scanned = await scan(app, keller, "brief.pdf", await imageOnlyPdf([["Statik nachgereicht"]], { coverReference: reference }));
  assert.equal(scanned.statusCode, 200, scanned.body);
  const doc = await db.selectFrom("records_documents").select("id").where("file_id", "=", file.id).where("source", "=", "scan").executeTakeFirstOrThrow();
  const protocolOf = () => db.selectFrom("records_scan_protocols").selectAll().where("document_id", "=", doc.id).executeTakeFirstOrThrow();
  assert.deepEqual(await protocolOf().then((p) => [p.scanned_by, p.quality_ok, p.quality_checked_by]), [users.get("bauamt@kreisportal.example"), null, null], "not released at intake");

  // Visible to the department, marked as not released, with the release button; listed as awaiting release.
  const page = (await keller.get(`/verwaltung/akten/${file.id}`)).body;
  assert.match(page, /Nicht freigegeben<\/span> Dieser Scan wartet auf die Qualitätsprüfung durch eine zweite Person/);
  assert.ok(page.includes(`action="/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe"`));
  assert.match((await keller.get("/verwaltung/akten")).body, /Scans zur Qualitätsprüfung \(1\)/);
  assert.match((await keller.get("/verwaltung/akten/qualitaetspruefung")).body, /Scan brief\.pdf[\s\S]*Ihr eigener Scan – eine andere Person gibt ihn frei/);
  assert.match((await brandt.get("/verwaltung/akten/qualitaetspruefung")).body, /Scan brief\.pdf[\s\S]*Sie können ihn freigeben/);
  assert.doesNotMatch((await other.get("/verwaltung/akten/qualitaetspruefung")).body, /brief\.pdf/);

  // The scanner: refused with a clear German message; nothing changes.
  const own = await keller.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe`, {});
  assert.equal(own.statusCode, 403);
  assert.match(own.body, /Sie haben diesen Scan selbst eingeliefert\. Die Qualitätsprüfung muss eine andere Person vornehmen \(Vier-Augen-Prinzip\)\./);
  assert.equal((await protocolOf()).quality_ok, null);
  // The database refuses it as well (migration 0074).
  await assert.rejects(db.updateTable("records_scan_protocols").set({ quality_ok: true, quality_checked_by: users.get("bauamt@kreisportal.example")!, quality_checked_at: new Date() }).where("document_id", "=", doc.id).execute(), /records_scan_four_eyes/);
  // Another department: no access to the file at all.
  assert.equal((await other.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe`, {})).statusCode, 403);

  // A colleague of the department releases it.
  const released = await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe`, {});
  assert.equal(released.statusCode, 303, released.body);
  assert.equal(released.headers.location, `/verwaltung/akten/${file.id}?ok=freigegeben#dok-${doc.id}`);
  const after = await protocolOf();
  assert.deepEqual([after.quality_ok, after.quality_checked_by], [true, users.get("bauamt2@kreisportal.example")]);
  const afterPage = (await brandt.get(`/verwaltung/akten/${file.id}?ok=freigegeben`)).body;
  assert.match(afterPage, /Der Scan ist freigegeben/);
  assert.doesNotMatch(afterPage, /Nicht freigegeben</);
  assert.match(afterPage, /Qualitätsprüfung: in Ordnung/);
  assert.match((await keller.get("/verwaltung/akten")).body, /Scans zur Qualitätsprüfung \(0\)/);
  const again = await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${doc.id}/freigabe`, {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits freigegeben/);
  // The scan protocol (TR-RESISCAN) names both people.
  const protocolPdf = await pdfText((await keller.get(`/verwaltung/akten/${file.id}/scanprotokoll.pdf`)).rawPayload);
  assert.match(protocolPdf, /Sabine Keller/);
  assert.match(protocolPdf, /in Ordnung – Thomas Brandt/);

  const audit = await db.selectFrom("audit_log").select(["action", "actor_id", "details"]).where("action", "=", "records.scan_released").execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.actor_id, users.get("bauamt2@kreisportal.example"));
  assert.deepEqual(audit[0]!.details, { scannedBy: users.get("bauamt@kreisportal.example") });
  assert.equal((await verifyAuditChain(db)).ok, true);

  // A scan from the clearing list: whoever delivered it is its scanner, also when a colleague assigns it.
  const loose = await scan(app, keller, "lose.pdf", await imageOnlyPdf([["Ohne Deckblatt"]]));
  assert.match(loose.body, /Klärungsliste/);
  const cid = (await db.selectFrom("records_clearing").select("id").where("filename", "=", "lose.pdf").executeTakeFirstOrThrow()).id;
  const s = cid.slice(0, 8);
  assert.equal((await brandt.submit("/verwaltung/akten/klaerung", `/verwaltung/akten/klaerung/${cid}`, { [`vorgang-${s}`]: reference, [`titel-${s}`]: "Nachgereichter Brief" })).statusCode, 303);
  const assigned = await db.selectFrom("records_documents").select("id").where("title", "=", "Nachgereichter Brief").executeTakeFirstOrThrow();
  assert.equal((await db.selectFrom("records_scan_protocols").select("scanned_by").where("document_id", "=", assigned.id).executeTakeFirstOrThrow()).scanned_by, users.get("bauamt@kreisportal.example"));
  assert.equal((await keller.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${assigned.id}/freigabe`, {})).statusCode, 403);
  assert.equal((await brandt.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/dokumente/${assigned.id}/freigabe`, {})).statusCode, 303);
});
