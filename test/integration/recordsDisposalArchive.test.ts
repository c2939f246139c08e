/**
 * Records (issue 14): approving the disposal of an A file writes its xdomea 0503 ZIP as a stream into a PostgreSQL large
 * object (migration 0098) instead of one Buffer kept as bytea; the download streams it back. The ZIP is complete and valid
 * (`unzip -t`, every document version byte-identical, the XML XSD-valid), and the archive's 0506 removes the object.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { unzipSync } from "fflate";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { submitBuildingPermit } from "../support/scans.js";
import { systemContext } from "../../src/platform/commands.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { listDueDisposals, validateXdomea } from "../../src/modules/records/index.js";
import { documentAdder } from "../../src/modules/records/commands/documents.js";

const run = promisify(execFile);

test("issue 14: the disposal's 0503 ZIP is streamed into a large object; the download is a complete, valid ZIP; 0506 removes it", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const file = await db.selectFrom("records_files as f").innerJoin("records_cases as c", "c.file_id", "f.id").select(["f.id", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirstOrThrow();

  // Twelve documents in large objects, 1 KB … 1.6 MB of incompressible bytes: the ZIP spans several 1 MB pieces.
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-disposal-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const expected = new Map<string, string>();
  for (let i = 0; i < 12; i++) {
    const bytes = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(1024 + i * 140_000)]);
    const p = path.join(dir, `d${i}.pdf`);
    await writeFile(p, bytes);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const added = await documentAdder(systemContext(db), { caseId, title: `Anlage ${i + 1}`, filename: `anlage-${i + 1}.pdf`, mediaType: "application/pdf", content: { path: p, sha256, size: bytes.length }, source: "upload", userId: null });
    assert.ok(added.ok);
    if (!added.ok) return;
    expected.set(`${added.documentId}_v1.pdf`, sha256);
  }
  const total = 12 * 1024 + 140_000 * 66;
  await db.updateTable("records_documents").set({ ocr_status: "done" }).where("file_id", "=", file.id).execute();

  const bau = new Client(app);
  assert.equal((await bau.submit("/anmelden", "/anmelden", { email: "bauamt@kreisportal.example", password: DEMO_STAFF_PASSWORD })).statusCode, 303);
  assert.equal((await bau.submit(`/verwaltung/akten/${file.id}`, `/verwaltung/akten/${file.id}/abschliessen`, {})).statusCode, 303);
  assert.equal(await listDueDisposals(db, new Date(Date.now() + 31 * 366 * 86_400_000)), 1);
  const approved = await bau.submit("/verwaltung/akten/aussonderung", `/verwaltung/akten/aussonderung/${file.id}`, {});
  assert.equal(approved.statusCode, 303, approved.body);

  // Kept as a large object, not as bytea; its size and hash recorded (and in the audit).
  const d = await db.selectFrom("records_disposals").select(["archive_zip", "archive_oid", "archive_size", "archive_sha256"]).where("file_id", "=", file.id).executeTakeFirstOrThrow();
  assert.equal(d.archive_zip, null);
  assert.ok(d.archive_oid, "the package is a large object");
  const stored = (await sql<{ n: string }>`SELECT length(lo_get(${d.archive_oid}::oid)) AS n`.execute(db)).rows[0]!.n;
  assert.equal(Number(stored), Number(d.archive_size));
  assert.ok(Number(d.archive_size) > total, "every document is in it (incompressible bytes)");
  const audit = await db.selectFrom("audit_log").select("details").where("action", "=", "records.file_archived").where("object_id", "=", file.id).executeTakeFirstOrThrow();
  assert.equal((audit.details as { sha256: string }).sha256, d.archive_sha256);

  // The download: announced length, the recorded hash, a ZIP unzip finds free of errors, with every version and the XML.
  const zip = await bau.get(`/verwaltung/akten/aussonderung/${file.id}/xdomea.zip`);
  assert.equal(zip.statusCode, 200);
  assert.equal(Number(zip.headers["content-length"]), Number(d.archive_size));
  assert.equal(createHash("sha256").update(zip.rawPayload).digest("hex"), d.archive_sha256);
  const zipPath = path.join(dir, "0503.zip");
  await writeFile(zipPath, zip.rawPayload);
  const tested = await run("unzip", ["-t", zipPath]);
  assert.match(tested.stdout, /No errors detected/);
  const entries = unzipSync(new Uint8Array(zip.rawPayload));
  for (const [name, sha256] of expected) assert.equal(entries[name] && createHash("sha256").update(entries[name]).digest("hex"), sha256, name);
  const xmlNames = Object.keys(entries).filter((n) => n.endsWith("_Aussonderung.Aussonderung.0503.xml"));
  assert.equal(xmlNames.length, 1);
  assert.equal(Object.keys(entries).length, expected.size + 1, "the documents and the XML, nothing else (no scans: no protocol)");
  const xml = new TextDecoder().decode(entries[xmlNames[0]!]);
  assert.deepEqual(await validateXdomea(xml), { valid: true, errors: [] });

  // The archive confirms the import (0506): the file and the kept package go.
  const processId = /<xdomea:ProzessID>([^<]+)</.exec(xml)![1]!;
  const sgoId = /<xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>([^<]+)</.exec(xml)![1]!;
  const answer = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.AussonderungImportBestaetigen.0506 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><xdomea:Kopf><xdomea:ProzessID>${processId}</xdomea:ProzessID><xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0506</code><name>Aussonderung.AussonderungImportBestaetigen</name></xdomea:Nachrichtentyp><xdomea:Erstellungszeitpunkt>2057-01-02T10:00:00Z</xdomea:Erstellungszeitpunkt><xdomea:Absender><xdomea:Institution><xdomea:Name>Kreisarchiv Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Absender><xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Enzkreis</xdomea:Name></xdomea:Institution></xdomea:Empfaenger></xdomea:Kopf><xdomea:AusgesondertesSGO><xdomea:IDSGO>${sgoId}</xdomea:IDSGO><xdomea:Erfolgreich>true</xdomea:Erfolgreich></xdomea:AusgesondertesSGO></xdomea:Aussonderung.AussonderungImportBestaetigen.0506>`;
  const page = await bau.get("/verwaltung/akten/aussonderung");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const body = multipartBody({ _csrf: csrf }, [{ field: "antwort", name: "0506.xml", type: "application/xml", content: Buffer.from(answer) }]);
  const cookie = [...bau.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const imported = await app.inject({ method: "POST", url: "/verwaltung/akten/aussonderung/antwort", headers: { cookie, "content-type": body.contentType }, payload: body.payload });
  assert.equal(imported.statusCode, 200, imported.body);
  const left = (await sql<{ n: string }>`SELECT count(*) AS n FROM pg_largeobject_metadata WHERE oid = ${d.archive_oid}::oid`.execute(db)).rows[0]!.n;
  assert.equal(Number(left), 0, "the large object is unlinked");
  assert.equal((await db.selectFrom("records_disposals").select("archive_oid").where("file_id", "=", file.id).executeTakeFirstOrThrow()).archive_oid, null);
  assert.equal((await bau.get(`/verwaltung/akten/aussonderung/${file.id}/xdomea.zip`)).statusCode, 404);
});
