/**
 * Records (issue 14): a document's own confidentiality level (migration 0094). It inherits its file's level and may only
 * be raised, with a reason, by the owning department; the raise is audited. A raised document is withdrawn from the
 * participating departments that may read the file: no document, no search hit, nothing in their xdomea export; the
 * owning department keeps it, and the 0503 message carries its level.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { sql } from "kysely";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { imageOnlyPdf, submitBuildingPermit } from "../support/scans.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { systemAccountCreator, validateXdomea } from "../../src/modules/records/index.js";
import type { Db } from "../../src/platform/db/index.js";

async function systemKey(db: Db, name: string, unitId: string, scopes: Array<"records:read" | "records:write" | "cases:write">) {
  const created = await systemAccountCreator(systemContext(db), { name, unitId, scopes, days: 30 });
  assert.ok(created.ok);
  return { id: created.userId, auth: { authorization: `Bearer ${created.secret}` } };
}

test("issue 14: a document raised above its file's confidentiality is withdrawn from participating units (document, search, export)", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id", "f.confidentiality"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  assert.equal(file.confidentiality, "003");
  const bau = await systemKey(db, "Fachverfahren Bau", file.owner_unit_id, ["records:read", "records:write", "cases:write"]);
  const inject = (auth: Record<string, string>, url: string) => app.inject({ method: "GET", url, headers: auth });
  // Other departments participate (the case API, as a clerk would): they may read the file.
  const base = `/api/v1/records/cases/${encodeURIComponent(reference)}`;
  const s0 = (await inject(bau.auth, base)).json();
  const check = await app.inject({ method: "POST", url: `${base}/transitions`, headers: bau.auth, payload: { event: "start_check", version: s0.version } });
  assert.equal((await app.inject({ method: "POST", url: `${base}/transitions`, headers: bau.auth, payload: { event: "start_participation", version: check.json().version } })).statusCode, 200);
  const participantUnit = (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).where("unit_id", "!=", file.owner_unit_id).executeTakeFirstOrThrow()).unit_id;
  const participant = await systemKey(db, "Fachverfahren Wasser", participantUnit, ["records:read"]);

  const upload = async (title: string) => {
    const body = multipartBody({ caseReference: reference, title }, [{ field: "file", name: "d.pdf", type: "application/pdf", content: await imageOnlyPdf([[title]]) }]);
    const res = await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...bau.auth, "content-type": body.contentType }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const plan = await upload("Lageplan Grundstück");
  const attest = await upload("Ärztliches Attest Schwerhörigkeit");

  // The clerk of the owning department raises the attest to NfD: the reason is required.
  const keller = new Client(app);
  assert.equal((await keller.submit("/anmelden", "/anmelden", { email: "bauamt@kreisportal.example", password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  const filePage = `/verwaltung/akten/${file.id}`;
  const action = `${filePage}/dokumente/${attest}/vertraulichkeit`;
  assert.match((await keller.get(filePage)).body, new RegExp(`href="${action}"`));
  assert.match((await keller.get(action)).body, /Offen \(nicht eingestuft\) \(von der Akte übernommen\)/);
  const noReason = await keller.submit(action, action, { stufe: "002", grund: " " });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /Bitte begründen Sie, warum das Dokument höher eingestuft wird/);
  assert.equal((await db.selectFrom("records_documents").select("confidentiality").where("id", "=", attest).executeTakeFirstOrThrow()).confidentiality, null);
  const raised = await keller.submit(action, action, { stufe: "002", grund: "Gesundheitsdaten des Bauherrn" });
  assert.equal(raised.statusCode, 303, raised.body);
  const page = (await keller.get(filePage)).body;
  assert.match(page, /Höher eingestuft als die Akte – Gesundheitsdaten des Bauherrn/);
  // Only raised: the same or a lower level is refused, in the command and in the database.
  const lower = await keller.submit(filePage, action, { stufe: "003", grund: "doch offen" });
  // (the page itself offers no level any more: NfD is the highest this system stores)
  assert.match((await keller.get(action)).body, /bereits die höchste Stufe/);
  assert.equal(lower.statusCode, 422);
  assert.match(lower.body, /kann nur erhöht werden/);
  await assert.rejects(sql`UPDATE records_documents SET confidentiality = NULL, confidentiality_reason = NULL WHERE id = ${attest}`.execute(db), /records_document_confidentiality_lowered/);
  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "=", "records.document_confidentiality_raised").execute();
  assert.deepEqual(audit.map((a) => [a.object_id, a.details]), [[attest, { fileId: file.id, before: "003", after: "002", reason: "Gesundheitsdaten des Bauherrn" }]]);

  // The participating unit may read the file, but gets no raised document …
  assert.equal((await inject(participant.auth, `/api/v1/records/documents/${plan}`)).statusCode, 200);
  assert.deepEqual((await inject(participant.auth, `/api/v1/records/documents/${plan}`)).json().confidentiality, { code: "003", label: "Offen (nicht eingestuft)", reason: null, inherited: true });
  assert.equal((await inject(participant.auth, `/api/v1/records/documents/${attest}`)).statusCode, 404);
  // … no search hit …
  const hits = async (auth: Record<string, string>, q: string) => ((await inject(auth, `/api/v1/records/search?q=${encodeURIComponent(q)}`)).json().results as Array<{ documentId: string }>).map((r) => r.documentId);
  assert.deepEqual(await hits(participant.auth, "Schwerhörigkeit"), []);
  assert.deepEqual(await hits(participant.auth, "Lageplan"), [plan]);
  // … and nothing of it in the export.
  const theirs = await inject(participant.auth, `/api/v1/records/files/${file.id}/xdomea`);
  assert.equal(theirs.statusCode, 200);
  const theirEntries = unzipSync(new Uint8Array(theirs.rawPayload));
  const theirXml = new TextDecoder().decode(Object.entries(theirEntries).find(([n]) => n.endsWith(".xml"))![1]);
  assert.ok(theirXml.includes(plan));
  assert.ok(!theirXml.includes(attest) && !theirXml.includes("Schwerhörigkeit"));
  assert.ok(!Object.keys(theirEntries).some((n) => n.startsWith(attest)));
  assert.equal((await validateXdomea(theirXml)).valid, true);

  // The owning unit keeps everything; the document carries its own level (not inherited), also in the 0503 message.
  assert.deepEqual(await hits(bau.auth, "Schwerhörigkeit"), [attest]);
  const own = await inject(bau.auth, `/api/v1/records/documents/${attest}`);
  assert.equal(own.statusCode, 200);
  assert.deepEqual(own.json().confidentiality, { code: "002", label: "VS – Nur für den Dienstgebrauch (NfD)", reason: "Gesundheitsdaten des Bauherrn", inherited: false });
  const ours = await inject(bau.auth, `/api/v1/records/files/${file.id}/xdomea`);
  const ourEntries = unzipSync(new Uint8Array(ours.rawPayload));
  const ourXml = new TextDecoder().decode(Object.entries(ourEntries).find(([n]) => n.endsWith(".xml"))![1]);
  assert.match(ourXml, new RegExp(`<xdomea:ID>${attest}</xdomea:ID>.*?<xdomea:Vertraulichkeitsstufe[^>]*><code>002</code>`));
  assert.ok(Object.keys(ourEntries).some((n) => n.startsWith(attest)));
  assert.equal((await validateXdomea(ourXml)).valid, true, (await validateXdomea(ourXml)).errors.join("\n"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});
