/**
 * Records (issue 14, ADR 0077): the quality check of scans through the JSON API — a system key lists the scans of its
 * unit awaiting release and releases or rejects one with the same commands as the staff pages (four eyes per account,
 * 404 outside the key's unit, 409 when already checked, audited with the system account as actor).
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

type Scope = "records:read" | "records:write" | "cases:write";
async function systemKey(db: Db, name: string, unitId: string, scopes: Scope[]) {
  const created = await systemAccountCreator(systemContext(db), { name, unitId, scopes, days: 30 });
  assert.ok(created.ok);
  return { id: created.userId, auth: { authorization: `Bearer ${created.secret}` } };
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

test("issue 14: specialist software lists pending scans of its unit and releases or rejects one (four eyes, 404 outside the unit, audited)", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.file_number", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const reviewer = await systemKey(db, "Fachverfahren Bau", file.owner_unit_id, ["records:read", "records:write"]);
  const scanner = await systemKey(db, "Scanstrecke Bau", file.owner_unit_id, ["records:read", "records:write"]);
  const readOnly = await systemKey(db, "Auswertung Bau", file.owner_unit_id, ["records:read"]);
  const otherUnit = (await db.selectFrom("org_units").select("id").where("id", "!=", file.owner_unit_id).executeTakeFirstOrThrow()).id;
  const otherKey = await systemKey(db, "Fachverfahren Anderswo", otherUnit, ["records:read", "records:write"]);
  const inject = (auth: Record<string, string>, method: "GET" | "POST", url: string, body?: unknown) => app.inject({ method, url, headers: auth, ...(body === undefined ? {} : { payload: body as object }) });

  // One scan from the scanner key (cover sheet → filed), one from a clerk on the staff page.
  const sc = multipartBody({ device: "Scanstrecke 1" }, [{ field: "file", name: "api.pdf", type: "application/pdf", content: await imageOnlyPdf([["Vom Scanner"]], { coverReference: reference }) }]);
  const fromKey = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...scanner.auth, "content-type": sc.contentType }, payload: sc.payload });
  assert.equal(fromKey.statusCode, 201, fromKey.body);
  const y = fromKey.json().documentId as string;
  const keller = new Client(app);
  assert.equal((await keller.submit("/anmelden", "/anmelden", { email: "bauamt@kreisportal.example", password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  const page = multipartBody({ _csrf: csrfOf((await keller.get("/verwaltung/akten/scannen")).body), geraet: "Kodak S2050" }, [{ field: "datei", name: "x.pdf", type: "application/pdf", content: await imageOnlyPdf([["Vom Schalter"]], { coverReference: reference }) }]);
  const clerk = await app.inject({ method: "POST", url: "/verwaltung/akten/scannen", headers: { cookie: [...keller.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": page.contentType }, payload: page.payload });
  assert.equal(clerk.statusCode, 200, clerk.body);
  const x = (await db.selectFrom("records_documents").select("id").where("title", "=", "Scan x.pdf").executeTakeFirstOrThrow()).id;

  // The list: both scans, oldest first; the scanner key may not release its own.
  const listed = await inject(reviewer.auth, "GET", "/api/v1/records/scans/pending");
  assert.equal(listed.statusCode, 200, listed.body);
  const scans = listed.json().scans as Array<{ documentId: string; caseReference: string; fileNumber: string; device: string; mayRelease: boolean; scannedBy: string }>;
  assert.deepEqual(scans.map((s) => [s.documentId, s.caseReference, s.fileNumber, s.device, s.mayRelease]), [[y, reference, file.file_number, "Scanstrecke 1", true], [x, reference, file.file_number, "Kodak S2050", true]]);
  assert.equal(scans[0]!.scannedBy, scanner.id);
  const own = (await inject(scanner.auth, "GET", "/api/v1/records/scans/pending")).json().scans as Array<{ documentId: string; mayRelease: boolean }>;
  assert.deepEqual(own.map((s) => [s.documentId, s.mayRelease]), [[y, false], [x, true]]);
  // Another unit's key lists nothing and releases or rejects nothing (404: nothing learnt about the scan).
  assert.deepEqual((await inject(otherKey.auth, "GET", "/api/v1/records/scans/pending")).json().scans, []);
  assert.equal((await inject(otherKey.auth, "POST", `/api/v1/records/scans/${x}/release`)).statusCode, 404);
  assert.equal((await inject(otherKey.auth, "POST", `/api/v1/records/scans/${x}/reject`, { reason: "Unscharf" })).statusCode, 404);

  // Four eyes: the scanner key is refused on its own scan; a read-only key lacks the scope.
  const self = await inject(scanner.auth, "POST", `/api/v1/records/scans/${y}/release`);
  assert.equal(self.statusCode, 403);
  assert.match(self.json().detail, /selbst eingeliefert/);
  assert.equal((await inject(readOnly.auth, "POST", `/api/v1/records/scans/${x}/release`)).statusCode, 403);
  assert.equal((await inject(readOnly.auth, "POST", `/api/v1/records/scans/${x}/release`)).json().type, "urn:kreisportal:problem:insufficient-scope");
  // Not a scan / unknown: 404.
  const upload = multipartBody({ caseReference: reference, title: "Stellungnahme" }, [{ field: "file", name: "s.pdf", type: "application/pdf", content: await imageOnlyPdf([["Stellungnahme"]]) }]);
  const uploaded = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...reviewer.auth, "content-type": upload.contentType }, payload: upload.payload });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  assert.equal((await inject(reviewer.auth, "POST", `/api/v1/records/scans/${uploaded.json().id}/release`)).statusCode, 404);
  assert.equal((await inject(reviewer.auth, "POST", "/api/v1/records/scans/00000000-0000-4000-8000-000000000000/release")).statusCode, 404);

  // The reviewer releases the clerk's scan: the release names the system account; a second release is 409.
  const released = await inject(reviewer.auth, "POST", `/api/v1/records/scans/${x}/release`);
  assert.equal(released.statusCode, 200, released.body);
  assert.equal(released.json().release.state, "released");
  assert.equal(released.json().release.checkedBy, reviewer.id);
  assert.ok(released.json().release.releasedAt);
  assert.equal((await inject(reviewer.auth, "POST", `/api/v1/records/scans/${x}/release`)).statusCode, 409);

  // Rejecting needs a reason (blank → 422, missing → 400), then the scan is defective with it.
  assert.equal((await inject(reviewer.auth, "POST", `/api/v1/records/scans/${y}/reject`, { reason: "   " })).statusCode, 422);
  assert.equal((await inject(reviewer.auth, "POST", `/api/v1/records/scans/${y}/reject`, {})).statusCode, 400);
  const rejected = await inject(reviewer.auth, "POST", `/api/v1/records/scans/${y}/reject`, { reason: "Seite 3 unleserlich" });
  assert.equal(rejected.statusCode, 200, rejected.body);
  assert.deepEqual([rejected.json().release.state, rejected.json().release.defectReason, rejected.json().release.checkedBy], ["defective", "Seite 3 unleserlich", reviewer.id]);
  assert.equal((await inject(reviewer.auth, "POST", `/api/v1/records/scans/${y}/release`)).statusCode, 409);
  assert.deepEqual((await inject(reviewer.auth, "GET", "/api/v1/records/scans/pending")).json().scans, []);
  const p = await db.selectFrom("records_scan_protocols").select(["document_id", "quality_ok", "quality_note", "quality_checked_by"]).where("document_id", "in", [x, y]).orderBy("scanned_at").execute();
  assert.deepEqual(p.map((r) => [r.document_id, r.quality_ok, r.quality_note, r.quality_checked_by]), [[y, false, "Seite 3 unleserlich", reviewer.id], [x, true, null, reviewer.id]]);

  // Audited with the system account as actor (and the list as a read).
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id", "object_id", "details"]).where("action", "in", ["records.scan_released", "records.scan_defective"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => [a.action, a.actor_id, a.object_id]), [["records.scan_released", reviewer.id, x], ["records.scan_defective", reviewer.id, y]]);
  assert.deepEqual(audit[1]!.details, { scannedBy: scanner.id, reason: "Seite 3 unleserlich" });
  const reads = await db.selectFrom("audit_log").select("details").where("action", "=", "records.read").where("actor_id", "=", reviewer.id).execute();
  assert.ok(reads.some((r) => (r.details as { what: string }).what === "api-pending-scans:2"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("issue 14: a participating unit's key may read the case and the scan but not review it: 403 as for the case API, not 404", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const bau = await systemKey(db, "Fachverfahren Bau", file.owner_unit_id, ["records:read", "records:write", "cases:write"]);
  const inject = (auth: Record<string, string>, method: "GET" | "POST", url: string, body?: unknown) => app.inject({ method, url, headers: auth, ...(body === undefined ? {} : { payload: body as object }) });
  // The owning unit's software starts the participation of other departments (the case API, as a clerk would).
  const base = `/api/v1/records/cases/${encodeURIComponent(reference)}`;
  const s0 = (await inject(bau.auth, "GET", base)).json();
  const check = await inject(bau.auth, "POST", `${base}/transitions`, { event: "start_check", version: s0.version });
  assert.equal(check.statusCode, 200, check.body);
  const part = await inject(bau.auth, "POST", `${base}/transitions`, { event: "start_participation", version: check.json().version });
  assert.equal(part.statusCode, 200, part.body);
  const participantUnit = (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).where("unit_id", "!=", file.owner_unit_id).executeTakeFirstOrThrow()).unit_id;
  const participant = await systemKey(db, "Fachverfahren Wasser", participantUnit, ["records:read", "records:write", "cases:write"]);

  const sc = multipartBody({ device: "Scanstrecke 1" }, [{ field: "file", name: "api.pdf", type: "application/pdf", content: await imageOnlyPdf([["Vom Scanner"]], { coverReference: reference }) }]);
  const filed = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...bau.auth, "content-type": sc.contentType }, payload: sc.payload });
  assert.equal(filed.statusCode, 201, filed.body);
  const scan = filed.json().documentId as string;

  // The participant reads the case and the scan (cases policy read) …
  assert.equal((await inject(participant.auth, "GET", base)).statusCode, 200);
  assert.equal((await inject(participant.auth, "GET", `/api/v1/records/documents/${scan}`)).statusCode, 200);
  // … and, like a step of the case, is refused the review with 403 (it knows the scan exists), not 404.
  const caseStep = await inject(participant.auth, "POST", `${base}/transitions`, { event: "withdraw", version: part.json().version, text: "x" });
  assert.equal(caseStep.statusCode, 403);
  const release = await inject(participant.auth, "POST", `/api/v1/records/scans/${scan}/release`);
  assert.equal(release.statusCode, 403, release.body);
  assert.match(release.json().detail, /Keine Berechtigung, Scans dieser Akte zu prüfen/);
  const reject = await inject(participant.auth, "POST", `/api/v1/records/scans/${scan}/reject`, { reason: "Unscharf" });
  assert.equal(reject.statusCode, 403, reject.body);
  // Nothing was written; the scan still waits for the owning unit.
  const protocol = await db.selectFrom("records_scan_protocols").select(["quality_ok", "quality_checked_by"]).where("document_id", "=", scan).executeTakeFirstOrThrow();
  assert.deepEqual([protocol.quality_ok, protocol.quality_checked_by], [null, null]);
  // A unit that may not read the case still learns nothing (404 for both APIs).
  const unrelated = (await db.selectFrom("org_units").select("id").where("id", "not in", (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).execute()).map((r) => r.unit_id).concat(file.owner_unit_id)).executeTakeFirstOrThrow()).id;
  const other = await systemKey(db, "Fachverfahren Anderswo", unrelated, ["records:read", "records:write", "cases:write"]);
  assert.equal((await inject(other.auth, "GET", base)).statusCode, 404);
  assert.equal((await inject(other.auth, "POST", `/api/v1/records/scans/${scan}/release`)).statusCode, 404);
});
