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
import { pdfText } from "../support/pdfText.js";
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

test("issue 14: raised documents are still counted, without their titles, on the case page's E-Akte panel and in the scan protocol", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();
  const bau = await systemKey(db, "Fachverfahren Bau", file.owner_unit_id, ["records:read", "records:write", "cases:write"]);
  const base = `/api/v1/records/cases/${encodeURIComponent(reference)}`;
  const s0 = (await app.inject({ method: "GET", url: base, headers: bau.auth })).json();
  const check = await app.inject({ method: "POST", url: `${base}/transitions`, headers: bau.auth, payload: { event: "start_check", version: s0.version } });
  assert.equal((await app.inject({ method: "POST", url: `${base}/transitions`, headers: bau.auth, payload: { event: "start_participation", version: check.json().version } })).statusCode, 200);
  const participantUnits = (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).where("unit_id", "!=", file.owner_unit_id).execute()).map((r) => r.unit_id);
  const participantKey = await systemKey(db, "Fachverfahren Wasser", participantUnits[0]!, ["records:read"]);

  // Two scans behind the case's cover sheet and one upload; the owning department raises one scan.
  const scan = async (filename: string, words: string) => {
    const body = multipartBody({ device: "Kodak S2050 Poststelle" }, [{ field: "file", name: filename, type: "application/pdf", content: await imageOnlyPdf([[words]], { coverReference: reference }) }]);
    const res = await app.inject({ method: "POST", url: "/api/v1/records/scans", headers: { ...bau.auth, "content-type": body.contentType }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    return (await db.selectFrom("records_documents").select(["id", "title"]).where("file_id", "=", file.id).orderBy("created_at", "desc").executeTakeFirstOrThrow());
  };
  const open = await scan("bauzeichnung-nordseite.pdf", "Bauzeichnung Nordseite");
  const secret = await scan("attest-schwerhoerigkeit.pdf", "Attest Schwerhoerigkeit");
  const up = multipartBody({ caseReference: reference, title: "Lageplan Grundstück" }, [{ field: "file", name: "d.pdf", type: "application/pdf", content: await imageOnlyPdf([["Lageplan"]]) }]);
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/records/documents", headers: { ...bau.auth, "content-type": up.contentType }, payload: up.payload })).statusCode, 201);
  const keller = new Client(app);
  assert.equal((await keller.submit("/anmelden", "/anmelden", { email: "bauamt@kreisportal.example", password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  const action = `/verwaltung/akten/${file.id}/dokumente/${secret.id}/vertraulichkeit`;
  assert.equal((await keller.submit(action, action, { stufe: "002", grund: "Gesundheitsdaten des Bauherrn" })).statusCode, 303);
  const secretSha = (await db.selectFrom("records_versions").select("sha256").where("document_id", "=", secret.id).executeTakeFirstOrThrow()).sha256;

  // A clerk of a participating department: reads the case and the file, not the raised scan.
  const units = await db.selectFrom("org_units").select(["id", "key"]).where("id", "in", participantUnits).execute();
  const emails: Record<string, string> = { wasser: "wasser@kreisportal.example", immission: "immission@kreisportal.example", denkmal: "denkmal@kreisportal.example" };
  const email = units.map((u) => Object.entries(emails).find(([k]) => u.key.endsWith(`-${k}`))?.[1]).find(Boolean)!;
  assert.ok(email, `a demo clerk of a participating unit (${units.map((u) => u.key).join(", ")})`);
  const wolf = new Client(app);
  assert.equal((await wolf.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  assert.doesNotMatch((await wolf.get(`/verwaltung/akten/${file.id}`)).body, /Schwerhoerigkeit|schwerhoerigkeit/);

  // The case page's panel: all three documents counted for both; the participant is told one is raised (no title).
  const panelOf = (html: string) => /<section aria-labelledby="records-panel-heading">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
  const ownPanel = panelOf((await keller.get(`/verwaltung/vorgaenge/${caseId}`)).body);
  const theirPanel = panelOf((await wolf.get(`/verwaltung/vorgaenge/${caseId}`)).body);
  assert.match(ownPanel, /Dokumente: 3/);
  assert.match(theirPanel, /Dokumente: 3/);
  assert.match(theirPanel, /davon 1 höher eingestuft/);
  assert.doesNotMatch(theirPanel, /schwerhoerigkeit/i);

  // The scan protocol: the owner sees both scans; the participant sees the open one and a count of the raised one.
  const protocol = async (c: Client) => (await pdfText((await c.get(`/verwaltung/akten/${file.id}/scanprotokoll.pdf`)).rawPayload)).replace(/\s+/g, " ");
  const ours = await protocol(keller);
  assert.ok(ours.includes(open.title) && ours.includes(secret.title), ours);
  const theirs = await protocol(wolf);
  assert.ok(theirs.includes(open.title), theirs);
  assert.ok(!/schwerhoerigkeit/i.test(theirs), "no title or file name of the raised scan");
  assert.ok(!theirs.replace(/\s+/g, "").includes(secretSha), "no hash of the raised scan");
  assert.match(theirs, /Weitere Scans mit höherer Vertraulichkeitsstufe: 1/);
  assert.doesNotMatch(ours, /Weitere Scans mit höherer Vertraulichkeitsstufe/);
  // The same protocol goes into the participant's xdomea export (API): counted there too, without the title.
  const exported = unzipSync(new Uint8Array((await app.inject({ method: "GET", url: `/api/v1/records/files/${file.id}/xdomea`, headers: participantKey.auth })).rawPayload));
  const protocolEntry = Object.entries(exported).find(([n]) => /scanprotokoll/i.test(n) || n.endsWith(".pdf") && !n.startsWith(open.id) && new TextDecoder("latin1").decode(exported[n]!).includes("Scanprotokoll"));
  assert.ok(protocolEntry, Object.keys(exported).join(", "));
  const exportedText = (await pdfText(Buffer.from(protocolEntry[1]))).replace(/\s+/g, " ");
  assert.ok(!/schwerhoerigkeit/i.test(exportedText));
  assert.match(exportedText, /Weitere Scans mit höherer Vertraulichkeitsstufe: 1/);
});
