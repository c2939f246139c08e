/**
 * Issue 23 (interop): XBau 2.6 messages of a building permit validate against the shipped XSDs (xmllint-wasm;
 * the xmllint CLI as well where installed), a broken message is refused with the failing path, and dog-tax
 * submissions are delivered as encrypted FIT-Connect-shaped submissions to the local sandbox receiver.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, createTestUser, deliverAllEvents } from "../helpers.js";
import type { Db } from "../../src/platform/db/index.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { applicantAnswered, DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { addDestination, deliverPendingSubmissions } from "../../src/modules/interop/index.js";
import { systemAccountCreator } from "../../src/modules/records/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { validateXBau, XBAU_SCHEMA_DIR } from "../../src/modules/interop/xbau/validate.js";
import { buildChanged0202 } from "../../src/modules/interop/xbau/build.js";
import { xbauMessageStorer } from "../../src/modules/interop/commands/xbauMessageStorer.js";
import { generateDestinationKeys } from "../../src/modules/interop/fitconnect/crypto.js";
import { startSandboxReceiver } from "../../src/modules/interop/providers/fitconnect-sandbox/server.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { addCaseDocument } from "../../src/modules/mailbox/index.js";
import { findService, updateService } from "../../src/modules/catalog/index.js";
import { findResponsible } from "../../src/modules/responsibility/index.js";
import { applyXZuFiImport, exportXZuFi, previewXZuFiImport, toExchange } from "../../src/modules/interop/xzufi/catalogue.js";

async function login(app: FastifyInstance, email: string, password = DEMO_STAFF_PASSWORD) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password });
  assert.equal(res.statusCode, 303, `login ${email}`);
  return c;
}

const json = (c: Client, method: "GET" | "POST", url: string, body?: unknown) =>
  (c as unknown as { app: FastifyInstance }).app.inject({
    method,
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

const step = async (c: Client, id: string, event: string, text?: string) => {
  const cur = (await json(c, "GET", `/api/v1/cases/${id}`)).json();
  const res = await json(c, "POST", `/api/v1/cases/${id}/transitions`, { event, version: cur.version, ...(text ? { text } : {}) });
  assert.ok([200, 202].includes(res.statusCode), res.body);
  return res;
};

const deliverEvents = (app: FastifyInstance, db: Db) => deliverAllEvents(app, db);

async function submit(db: Db, formId: string, answers: Record<string, unknown>, userId: string | null = null) {
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", formId).orderBy("version", "desc").executeTakeFirstOrThrow();
  const res = await applicationSubmitter({ actor: userId ? { type: "user", id: userId } : { type: "anonymous", id: null }, db }, { formId, formVersion: form.version, referencePrefix: "EK", answers, feeCents: 0, userId, channel: "web", statusSecret: "x" });
  if (res.kind !== "created") throw new Error(res.kind);
  return res;
}

async function submitBuildingPermit(db: Db, userId: string | null = null) {
  const plan = { id: "3f0c2b1e-8d4a-4c6b-9e2f-1a2b3c4d5e6f", name: "baubeschreibung.pdf", mediaType: "application/pdf", size: 1234, sha256: "b".repeat(64) };
  const res = await submit(db, "bauantrag", { ...structuredClone(validAnswers.bauantrag!), baubeschreibung: plan, gemeinde: DEMO_MUNICIPALITY_AGS }, userId);
  await db.insertInto("files").values({ id: plan.id, storage_provider: "local", storage_key: `test/${res.id}`, sha256: plan.sha256, media_type: "application/pdf", size_bytes: 1234, original_name: plan.name, uploader_id: null, owner_token_hash: null, purpose: "application", scan_status: "clean", retain_until: null }).execute();
  await db.insertInto("application_submission_files").values({ submission_id: res.id, file_id: plan.id, field_path: "/baubeschreibung" }).execute();
  const c = await getCaseForSubmission(db, res.id);
  assert.ok(c);
  return { caseId: c.id, submissionId: res.id, reference: res.reference };
}

const messagesOf = (db: Db, caseId: string) => db.selectFrom("interop_xbau_messages").selectAll().where("case_id", "=", caseId).orderBy("created_at").execute();

/** The xmllint CLI too, where it is installed (it is not on every machine). */
function xmllintCli(xml: string): boolean | undefined {
  if (spawnSync("xmllint", ["--version"]).status !== 0) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "xbau-"));
  writeFileSync(path.join(dir, "m.xml"), xml);
  try {
    execFileSync("xmllint", ["--noout", "--schema", path.join(XBAU_SCHEMA_DIR, "kreisportal-xbau-messages.xsd"), path.join(dir, "m.xml")], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

async function assertValid(xml: string, type: string) {
  const r = await validateXBau(xml);
  assert.deepEqual(r.errors, [], `${type} validates against XBau 2.6`);
  assert.equal(r.valid, true);
  assert.notEqual(xmllintCli(xml), false, `${type} validates with the xmllint CLI`);
  assert.match(xml, new RegExp(`<code>${type}</code>`), "the message type from the code list xbau-nachrichten");
}

test("issue 23: a Bauantrag produces a valid 0200; Nachforderung (0201), supplied documents (0202), completeness (0201) and the notice (0205) validate against XBau 2.6", async (t) => {
  const { app, db } = await buildTestApp(t);
  const applicantId = await createTestUser(db, { email: "bauherrin@example.org", kind: "citizen" });
  const { caseId, submissionId } = await submitBuildingPermit(db, applicantId);
  await deliverEvents(app, db);
  let msgs = await messagesOf(db, caseId);
  assert.deepEqual(msgs.map((m) => [m.message_type, m.status]), [["0200", "valid"]]);
  const antrag = msgs[0]!.xml;
  await assertValid(antrag, "0200");
  assert.match(antrag, /<xbau:bezeichnungDesBauvorhabens>Neubau eines Einfamilienhauses mit Doppelgarage</);
  assert.match(antrag, /<familienname>\s*<name>Mustermann<\/name>/);
  assert.match(antrag, /<code>1500<\/code>[\s\S]*<dateiname>baubeschreibung\.pdf<\/dateiname>/, "the uploaded plan as Anlage with code list anlagen 3.0 (1500 Baubeschreibung)");
  assert.match(antrag, new RegExp(`<code>${DEMO_MUNICIPALITY_AGS}</code>`));
  // A redelivered event builds nothing twice.
  await db.updateTable("event_outbox").set({ delivered_at: null, next_attempt_at: new Date(0) }).execute();
  await deliverEvents(app, db);
  assert.equal((await messagesOf(db, caseId)).length, 1);

  const bau = await login(app, "bauamt@kreisportal.example");
  await step(bau, caseId, "start_check");
  await step(bau, caseId, "request_documents", "Es fehlt der Lageplan im Maßstab 1:500.");
  await deliverEvents(app, db);
  msgs = await messagesOf(db, caseId);
  const request = msgs.find((m) => m.message_type === "0201")!;
  assert.equal(request.status, "valid");
  await assertValid(request.xml, "0201");
  assert.match(request.xml, /<xbau:antragVollstaendig>false<\/xbau:antragVollstaendig>/);
  assert.match(request.xml, /<textabsatz>Es fehlt der Lageplan im Maßstab 1:500\.<\/textabsatz>/, "one paragraph per line");
  assert.match(request.xml, new RegExp(`<referenz>${msgs[0]!.message_uuid}</referenz>`), "refers to the 0200");

  // The applicant supplies the Lageplan through the mailbox and answers: the case goes back to the check.
  const lageplanId = "4a1d2c3b-8d4a-4c6b-9e2f-1a2b3c4d5e6f";
  await db.insertInto("files").values({ id: lageplanId, storage_provider: "local", storage_key: `test/${lageplanId}`, sha256: "c".repeat(64), media_type: "application/pdf", size_bytes: 999, original_name: "lageplan.pdf", uploader_id: applicantId, owner_token_hash: null, purpose: "application", scan_status: "clean", retain_until: null }).execute();
  await db.transaction().execute(async (tx) => {
    await addCaseDocument(tx, { type: "user", id: applicantId }, { submissionId, caseId, role: "upload", name: "Lageplan", file: { id: lageplanId, filename: "lageplan.pdf", contentType: "application/pdf", size: 999, sha256: "c".repeat(64) } });
    const moved = await applicantAnswered(tx, { caseId, actor: { type: "user", id: applicantId } });
    assert.equal(moved.moved, true);
  });
  await deliverEvents(app, db);
  const changed = (await messagesOf(db, caseId)).find((m) => m.message_type === "0202");
  assert.ok(changed, "the supplied documents as 0202");
  await assertValid(changed.xml, "0202");
  assert.match(changed.xml, /<dateiname>lageplan\.pdf<\/dateiname>/);

  await step(bau, caseId, "start_participation");
  await deliverEvents(app, db);
  const complete = (await messagesOf(db, caseId)).filter((m) => m.message_type === "0201").at(-1)!;
  await assertValid(complete.xml, "0201");
  assert.match(complete.xml, /<xbau:antragVollstaendig>true<\/xbau:antragVollstaendig>/);
  const asked = (await messagesOf(db, caseId)).filter((m) => m.message_type === "0300");
  assert.ok(asked.length >= 3, `one beteiligung.aufforderung.0300 per agency asked (${asked.length})`);
  for (const m of asked) {
    assert.equal(m.status, "valid", JSON.stringify(m.errors));
    await assertValid(m.xml, "0300");
  }
  assert.ok(asked.some((m) => /<xbau:zuBeteiligendeStelle>kreisportal:lra-08236-wasser<\/xbau:zuBeteiligendeStelle>/.test(m.xml)));
  assert.match(asked[0]!.xml, /<xbau:frist>\d{4}-\d{2}-\d{2}<\/xbau:frist>/);

  await db.updateTable("cases").set({ state: "decision", citizen_status: "in_progress" }).where("id", "=", caseId).execute();
  const bau2 = await login(app, "bauamt2@kreisportal.example");
  await step(bau, caseId, "approve", "Die Stellplätze sind vor Nutzungsbeginn herzustellen.");
  const cur = (await json(bau2, "GET", `/api/v1/cases/${caseId}`)).json();
  assert.equal((await json(bau2, "POST", `/api/v1/cases/${caseId}/approval`, { decision: "approve", version: cur.version })).statusCode, 200);
  await deliverEvents(app, db);
  const notice = (await messagesOf(db, caseId)).find((m) => m.message_type === "0205");
  assert.ok(notice, "the notice message");
  assert.equal(notice.status, "valid");
  await assertValid(notice.xml, "0205");
  assert.match(notice.xml, /<xbau:istGenehmigung>true<\/xbau:istGenehmigung>/);

  // Staff download them (page linked from the case; API with the case's read policy).
  const casePage = await bau.get(`/verwaltung/vorgaenge/${caseId}`);
  assert.match(casePage.body, new RegExp(`href="/verwaltung/vorgaenge/${caseId}/xbau"`));
  const page = await bau.get(`/verwaltung/vorgaenge/${caseId}/xbau`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /0200 Antrag auf Baugenehmigung/);
  const api = await json(bau, "GET", `/api/v1/cases/${caseId}/xbau`);
  assert.equal(api.statusCode, 200, api.body);
  const items = api.json().items as Array<{ type: string; href: string; status: string }>;
  assert.deepEqual(new Set(items.map((i) => i.type)), new Set(["0200", "0201", "0202", "0205", "0300"]));
  const download = await json(bau, "GET", items[0]!.href);
  assert.equal(download.statusCode, 200);
  assert.match(String(download.headers["content-type"]), /application\/xml/);
  assert.equal(download.body, msgs[0]!.xml);
  // Other departments (not participating) and citizens do not get them.
  const fs = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await json(fs, "GET", `/api/v1/cases/${caseId}/xbau`)).statusCode, 403);
  assert.equal((await fs.get(`/verwaltung/vorgaenge/${caseId}/xbau`)).statusCode, 403);
  assert.equal((await json(new Client(app), "GET", `/api/v1/cases/${caseId}/xbau`)).statusCode, 401);

  // Specialist software: a system account of the building department reads them with its records:read token;
  // one of another department gets 403, a token without the scope 403 insufficient_scope, a wrong one 401.
  const unitId = async (key: string) => (await db.selectFrom("org_units").select("id").where("key", "=", key).executeTakeFirstOrThrow()).id;
  const system = async (name: string, key: string, scopes: ("records:read" | "records:write")[]) => {
    const r = await systemAccountCreator(systemContext(db), { name, unitId: await unitId(key), scopes, days: 1 });
    assert.ok(r.ok);
    return r.secret;
  };
  const bearer = (token: string, url: string) => app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
  const fachverfahren = await system("Baurecht-Fachverfahren", "lra-08236-baurecht", ["records:read"]);
  const viaToken = await bearer(fachverfahren, `/api/v1/cases/${caseId}/xbau`);
  assert.equal(viaToken.statusCode, 200, viaToken.body);
  assert.deepEqual(new Set((viaToken.json().items as Array<{ type: string }>).map((i) => i.type)), new Set(["0200", "0201", "0202", "0205", "0300"]));
  assert.equal((await bearer(fachverfahren, items[0]!.href)).body, msgs[0]!.xml);
  const otherUnit = (await db.selectFrom("org_units").select("key").where("key", "not in", ["lra-08236-baurecht"]).where("key", "like", "lra-08236-%").orderBy("key").execute()).map((u) => u.key);
  const fuehrerscheinUnit = otherUnit.find((k) => /fuehrerschein|fahrerlaubnis/.test(k)) ?? otherUnit.find((k) => !/wasser|immission|denkmal|natur|strasse|verkehr/.test(k))!;
  assert.equal((await bearer(await system("Fremdes Fachverfahren", fuehrerscheinUnit, ["records:read"]), `/api/v1/cases/${caseId}/xbau`)).statusCode, 403);
  const writeOnly = await bearer(await system("Scanstrecke", "lra-08236-baurecht", ["records:write"]), `/api/v1/cases/${caseId}/xbau`);
  assert.equal(writeOnly.statusCode, 403);
  assert.match(String(writeOnly.headers["www-authenticate"]), /insufficient_scope/);
  assert.equal((await bearer("kp_" + "x".repeat(40), `/api/v1/cases/${caseId}/xbau`)).statusCode, 401);
});

test("issue 23: a message that fails the XSD is never stored as sendable; staff see the error with the failing path", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId, submissionId } = await submitBuildingPermit(db);
  // A character outside DIN 91379 (the XÖV string types) in the applicant's answer.
  const broken = buildChanged0202({ createdAt: new Date(), author: { key: "kreisportal:x", name: "Baurecht 🏠" }, reader: { key: "b", name: "B" }, caseReference: "X", files: [] });
  const direct = await validateXBau(broken.xml);
  assert.equal(direct.valid, false);
  assert.equal(direct.errors[0]!.path, "/xbau:baugenehmigung.antragGeaendert.0202/nachrichtenkopf.g2g[1]/autor[1]/name[1]");
  const stored = await db.transaction().execute((tx) => xbauMessageStorer(tx, { type: "system", id: null }, { caseId, submissionId, triggerKey: "test", message: broken }));
  assert.equal(stored.kind, "stored");
  assert.equal(stored.kind === "stored" && stored.valid, false);
  // Structure errors as well: an element the schema does not know.
  const bogus = await validateXBau(broken.xml.replace("</nachrichtenkopf.g2g>", "</nachrichtenkopf.g2g>\n  <xbau:bogus/>"));
  assert.ok(bogus.errors.some((e) => e.path === "/xbau:baugenehmigung.antragGeaendert.0202/xbau:bogus[1]"), JSON.stringify(bogus.errors));

  const bau = await login(app, "bauamt@kreisportal.example");
  const page = await bau.get(`/verwaltung/vorgaenge/${caseId}/xbau`);
  assert.match(page.body, /fehlerhaft – nicht versendet/);
  assert.match(page.body, /\/xbau:baugenehmigung\.antragGeaendert\.0202\/nachrichtenkopf\.g2g\[1\]\/autor\[1\]\/name\[1\]/);
  const items = (await json(bau, "GET", `/api/v1/cases/${caseId}/xbau`)).json().items as Array<{ type: string; status: string; errors: Array<{ path: string }> }>;
  const bad = items.find((i) => i.status === "invalid")!;
  assert.equal(bad.errors[0]!.path, "/xbau:baugenehmigung.antragGeaendert.0202/nachrichtenkopf.g2g[1]/autor[1]/name[1]");
  const audit = await db.selectFrom("audit_log").select("action").where("action", "=", "interop.xbau.refused").execute();
  assert.equal(audit.length, 1);
});

test("issue 23: an incoming 0200 from another portal is checked and opens a case; a broken one is refused with its path", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  await deliverEvents(app, db);
  const own = (await messagesOf(db, caseId))[0]!;
  // As another portal would send it: its own message id.
  const incoming = own.xml.replace(own.message_uuid, "0b7e5c1a-2d3f-4a5b-8c6d-7e8f9a0b1c2d");
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  const broken = incoming.replace("<xbau:bezeichnungDesBauvorhabens>", "<xbau:bezeichnung>").replace("</xbau:bezeichnungDesBauvorhabens>", "</xbau:bezeichnung>");
  const refused = await admin.submit("/verwaltung/xbau-import", "/verwaltung/xbau-import", { xml: broken });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /\/xbau:baugenehmigung\.antrag\.0200\/xbau:bauvorhaben\[1\]\/xbau:bezeichnung\[1\]/);
  assert.match(refused.body, /Die Nachricht entspricht nicht XBau 2\.6/);

  const res = await admin.submit("/verwaltung/xbau-import", "/verwaltung/xbau-import", { xml: incoming });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(res.body, /Der Antrag EK-\d{4}-\d{6} wurde angelegt/);
  const newCaseId = /href="\/verwaltung\/vorgaenge\/([0-9a-f-]{36})"/.exec(res.body)![1]!;
  assert.notEqual(newCaseId, caseId);
  await deliverEvents(app, db);
  const stored = await messagesOf(db, newCaseId);
  assert.deepEqual(stored.map((m) => [m.message_type, m.direction, m.status]), [["0200", "incoming", "valid"]], "kept as incoming, not sent back out");
  const c = await db.selectFrom("cases as c").innerJoin("org_units as o", "o.id", "c.owner_unit_id").select(["c.process_id", "o.key"]).where("c.id", "=", newCaseId).executeTakeFirstOrThrow();
  assert.deepEqual(c, { process_id: "baugenehmigung", key: "lra-08236-baurecht" });
  const sub = await db.selectFrom("cases").innerJoin("application_submissions as s", "s.id", "cases.submission_id").select("s.answers").where("cases.id", "=", newCaseId).executeTakeFirstOrThrow();
  assert.equal((sub.answers as { bezeichnung: string }).bezeichnung, "Neubau eines Einfamilienhauses mit Doppelgarage");
  assert.equal((sub.answers as { bauherren: Array<{ name: string }> }).bauherren[0]!.name, "Erika Mustermann");
  const again = await admin.submit("/verwaltung/xbau-import", "/verwaltung/xbau-import", { xml: incoming });
  assert.match(again.body, /schon importiert/);
  assert.equal((await new Client(app).get("/verwaltung/xbau-import")).statusCode !== 200, true);
});

test("issue 23: a dog-tax submission is delivered encrypted to the local FIT-Connect sandbox receiver, which decrypts it and validates the JSON; a destination that is down is retried, then failed, the receipt unaffected", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const { publicJwk, privateJwk } = await generateDestinationKeys("test-key-1", 2048);
  const receiver = await startSandboxReceiver({
    privateJwk,
    schemaFor: async (uri) => {
      const m = /\/api\/v1\/forms\/([^?]+)\?version=(\d+)/.exec(uri);
      if (!m) return undefined;
      const row = await db.selectFrom("form_definitions").select("json_schema").where("id", "=", m[1]!).where("version", "=", Number(m[2])).executeTakeFirst();
      return row?.json_schema as Record<string, unknown> | undefined;
    },
  });
  t.after(() => receiver.close());
  const destinationId = await addDestination(db, { name: "Steueramt (Sandbox)", leikaKey: "99102013000000", agsPrefix: "08236", submissionUrl: receiver.url, publicJwk });

  // Routing in the shape of the FIT-Connect Routing API.
  const route = await app.inject({ method: "GET", url: `/api/v1/interop/routes?leikaKey=99102013000000&ags=${validAnswers["hundesteuer-anmeldung"]!.gemeinde}` });
  assert.equal(route.statusCode, 200, route.body);
  assert.equal(route.json().routes[0].destinationId, destinationId);
  assert.equal(route.json().routes[0].destinationParameters.publicKeys.keys[0].kid, "test-key-1");
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=09162000" })).json().count, 0, "another place routes nowhere");
  // A destination bound to the office the responsibility module names for the service there wins.
  const ags = String(validAnswers["hundesteuer-anmeldung"]!.gemeinde);
  const responsible = await findResponsible(db, "99102013000000", ags);
  assert.ok(responsible, "the dog tax has a responsible office");
  const officeDestination = await addDestination(db, { name: `Fachverfahren ${responsible.office.name}`, leikaKey: "99102013000000", officeKey: responsible.office.key, submissionUrl: receiver.url, publicJwk });
  const routed = await app.inject({ method: "GET", url: `/api/v1/interop/routes?leikaKey=99102013000000&ags=${ags}` });
  assert.deepEqual(routed.json().routes.map((r: { destinationId: string }) => r.destinationId), [officeDestination]);

  const dog = await submit(db, "hundesteuer-anmeldung", structuredClone(validAnswers["hundesteuer-anmeldung"]!));
  await deliverEvents(app, db);
  const deps = { db, publicUrl: config.publicUrl };
  const first = await deliverPendingSubmissions(deps);
  assert.deepEqual(first, { delivered: 1, retried: 0, failed: 0 }, (await db.selectFrom("interop_deliveries").select("last_error").execute()).map((r) => r.last_error).join());
  const got = [...receiver.received.values()];
  assert.equal(got.length, 1);
  assert.equal(got[0]!.status, "submitted", got[0]!.problems.join("; "));
  assert.deepEqual(got[0]!.problems, []);
  assert.deepEqual(got[0]!.data, (await db.selectFrom("application_submissions").select("answers").where("id", "=", dog.id).executeTakeFirstOrThrow()).answers);
  assert.equal((got[0]!.metadata as { publicServiceType: { identifier: string } }).publicServiceType.identifier, "urn:de:fim:leika:leistung:99102013000000");
  const row = await db.selectFrom("interop_deliveries").selectAll().where("submission_id", "=", dog.id).executeTakeFirstOrThrow();
  assert.equal(row.status, "delivered");
  assert.equal(row.remote_id, got[0]!.submissionId);

  // Destination down: retries with back-off, then failed and visible to staff; the submission stands.
  receiver.down.value = true;
  const second = await submit(db, "hundesteuer-anmeldung", structuredClone(validAnswers["hundesteuer-anmeldung"]!));
  assert.ok(await getCaseForSubmission(db, second.id), "the submission and its case exist regardless of the destination");
  await deliverEvents(app, db);
  assert.deepEqual(await deliverPendingSubmissions(deps), { delivered: 0, retried: 1, failed: 0 });
  let pending = await db.selectFrom("interop_deliveries").selectAll().where("submission_id", "=", second.id).executeTakeFirstOrThrow();
  assert.equal(pending.status, "pending");
  assert.match(pending.last_error ?? "", /HTTP 503/);
  assert.ok(pending.next_attempt_at.getTime() > Date.now() + 30_000, "back-off before the next attempt");
  assert.deepEqual(await deliverPendingSubmissions(deps), { delivered: 0, retried: 0, failed: 0 }, "not due yet");
  for (let i = 0; i < 10 && pending.status === "pending"; i++) {
    await deliverPendingSubmissions({ ...deps, now: new Date(pending.next_attempt_at.getTime() + 1000) });
    pending = await db.selectFrom("interop_deliveries").selectAll().where("submission_id", "=", second.id).executeTakeFirstOrThrow();
  }
  assert.equal(pending.status, "failed");
  assert.equal(pending.attempts, 6);
  const receipt = await db.selectFrom("application_submissions").select(["status", "reference"]).where("id", "=", second.id).executeTakeFirstOrThrow();
  assert.equal(receipt.reference, second.reference);

  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  const page = await admin.get("/verwaltung/zustellungen");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`${second.reference}[\\s\\S]*fehlgeschlagen`));
  const bau = await login(app, "bauamt@kreisportal.example");
  assert.equal((await bau.get("/verwaltung/zustellungen")).statusCode, 403, "the county-wide log is for administrators");
  receiver.down.value = false;
  const retry = await admin.submit("/verwaltung/zustellungen", `/verwaltung/zustellungen/${pending.id}/erneut`, {});
  assert.equal(retry.statusCode, 303);
  assert.deepEqual(await deliverPendingSubmissions(deps), { delivered: 1, retried: 0, failed: 0 });
  assert.equal([...receiver.received.values()].filter((s) => s.status === "submitted").length, 2);
});

test("issue 23: with FIT-Connect credentials configured, the delivery fetches a client-credentials token and sends it only to the Submission API; a wrong secret fails the attempt and is retried", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const { publicJwk, privateJwk } = await generateDestinationKeys("test-key-2", 2048);
  const schemaFor = async (uri: string) => {
    const m = /\/api\/v1\/forms\/([^?]+)\?version=(\d+)/.exec(uri);
    const row = m ? await db.selectFrom("form_definitions").select("json_schema").where("id", "=", m[1]!).where("version", "=", Number(m[2])).executeTakeFirst() : undefined;
    return row?.json_schema as Record<string, unknown> | undefined;
  };
  const api = await startSandboxReceiver({ privateJwk, schemaFor, oauth: { clientId: "kreisportal-enzkreis", clientSecret: "s3cret-of-the-portal" } });
  const open = await startSandboxReceiver({ privateJwk, schemaFor });
  t.after(() => Promise.all([api.close(), open.close()]));
  await addDestination(db, { name: "Steueramt (Submission API)", leikaKey: "99102013000000", agsPrefix: "08236", submissionUrl: api.url, publicJwk });
  const fitConnect = { submissionApiUrl: api.url, tokenUrl: api.tokenUrl, clientId: "kreisportal-enzkreis", clientSecret: "wrong", scope: "send:region:DE" };

  // A wrong secret: no token, the attempt fails with the token endpoint's answer and stays pending for a retry.
  const dog = await submit(db, "hundesteuer-anmeldung", structuredClone(validAnswers["hundesteuer-anmeldung"]!));
  await deliverEvents(app, db);
  assert.deepEqual(await deliverPendingSubmissions({ db, publicUrl: config.publicUrl, fitConnect }), { delivered: 0, retried: 1, failed: 0 });
  const failed = await db.selectFrom("interop_deliveries").selectAll().where("submission_id", "=", dog.id).executeTakeFirstOrThrow();
  assert.match(failed.last_error ?? "", /Zugangstoken/);
  assert.equal(api.received.size, 0);
  // Without any credentials the API itself refuses (401), as the real one would.
  await deliverPendingSubmissions({ db, publicUrl: config.publicUrl, now: new Date(failed.next_attempt_at.getTime() + 1000) });
  assert.match((await db.selectFrom("interop_deliveries").select("last_error").where("id", "=", failed.id).executeTakeFirstOrThrow()).last_error ?? "", /HTTP 401/);

  // The right secret: one token for the run (scope asked for), the submission arrives and validates.
  const due = (await db.selectFrom("interop_deliveries").select("next_attempt_at").where("id", "=", failed.id).executeTakeFirstOrThrow()).next_attempt_at;
  const ok = await deliverPendingSubmissions({ db, publicUrl: config.publicUrl, fitConnect: { ...fitConnect, clientSecret: "s3cret-of-the-portal" }, now: new Date(due.getTime() + 1000) });
  assert.deepEqual(ok, { delivered: 1, retried: 0, failed: 0 });
  assert.deepEqual(api.tokensIssued, [{ scope: "send:region:DE" }]);
  assert.equal([...api.received.values()][0]!.status, "submitted");

  // A destination elsewhere (here: an open sandbox) never gets the token.
  await db.updateTable("interop_destinations").set({ active: false }).execute();
  await addDestination(db, { name: "Sandbox", leikaKey: "99102013000000", agsPrefix: "08236", submissionUrl: open.url, publicJwk });
  let seen: string | null | undefined;
  const spy: typeof fetch = async (input, init) => {
    if (String(input).startsWith(open.url)) seen ??= new Headers(init?.headers).get("authorization");
    return fetch(input, init);
  };
  await submit(db, "hundesteuer-anmeldung", structuredClone(validAnswers["hundesteuer-anmeldung"]!));
  await deliverEvents(app, db);
  assert.deepEqual(await deliverPendingSubmissions({ db, publicUrl: config.publicUrl, fitConnect: { ...fitConnect, clientSecret: "s3cret-of-the-portal" }, fetch: spy }), { delivered: 1, retried: 0, failed: 0 });
  assert.equal(seen, null, "no Authorization header to another host");
  assert.equal(api.tokensIssued.length, 1, "no token fetched for a run without Submission API rows");
});

test("issue 23: the administration adds a destination with its public key (errors next to the fields, input kept), routing uses it, deactivation stops it; audited", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { publicJwk, privateJwk } = await generateDestinationKeys("steueramt-2026", 2048);
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  const page = await admin.get("/verwaltung/zustellungen/ziele");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Noch keine Zustelladressen/);
  assert.match((await admin.get("/verwaltung/zustellungen")).body, /href="\/verwaltung\/zustellungen\/ziele"/);

  // Everything wrong at once: a private key, a short LeiKa key, both bindings, no https outside localhost rules.
  const bad = await admin.submit("/verwaltung/zustellungen/ziele", "/verwaltung/zustellungen/ziele", { name: "Steueramt Mühlacker", leikaKey: "9910201300", officeKey: "gem-08236040", agsPrefix: "08236", submissionUrl: "ftp://fachverfahren.example", publicJwk: JSON.stringify(privateJwk) });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /id="leikaKey-error"[\s\S]*14 Ziffern/);
  assert.match(bad.body, /id="officeKey-error"[\s\S]*nicht beides/);
  assert.match(bad.body, /id="submissionUrl-error"/);
  assert.match(bad.body, /id="publicJwk-error"[\s\S]*privater Schlüssel/);
  assert.match(bad.body, /value="Steueramt Mühlacker"/, "input kept");
  const notJson = await admin.submit("/verwaltung/zustellungen/ziele", "/verwaltung/zustellungen/ziele", { name: "X", leikaKey: "99102013000000", officeKey: "", agsPrefix: "", submissionUrl: "https://fv.example", publicJwk: "{kty: RSA" });
  assert.match(notJson.body, /id="publicJwk-error"[\s\S]*kein JSON-Objekt/);
  assert.equal(await db.selectFrom("interop_destinations").select("id").executeTakeFirst(), undefined);

  // Right: bound to the municipality's office; the routing API then names it for Mühlacker.
  const ok = await admin.submit("/verwaltung/zustellungen/ziele", "/verwaltung/zustellungen/ziele", { name: "Steueramt Mühlacker", leikaKey: "99102013000000", officeKey: "", agsPrefix: "08236040", submissionUrl: "https://fachverfahren.example/fit-connect", publicJwk: JSON.stringify(publicJwk) });
  assert.equal(ok.statusCode, 303);
  const route = (await app.inject({ url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=08236040" })).json();
  assert.equal(route.count, 1);
  assert.equal(route.routes[0].destinationParameters.publicKeys.keys[0].kid, "steueramt-2026");
  const listed = await admin.get("/verwaltung/zustellungen/ziele?ok=gespeichert");
  assert.match(listed.body, /Steueramt Mühlacker[\s\S]*steueramt-2026/);
  const id = (await db.selectFrom("interop_destinations").select("id").executeTakeFirstOrThrow()).id;

  // Edited in place: the form shows the stored values; a bad change keeps what was typed; a key rotation keeps the row.
  const edit = await admin.get(`/verwaltung/zustellungen/ziele/${id}`);
  assert.equal(edit.statusCode, 200);
  assert.match(edit.body, /value="https:\/\/fachverfahren\.example\/fit-connect"/);
  assert.match(edit.body, /steueramt-2026/);
  const rotated = (await generateDestinationKeys("steueramt-2027", 2048)).publicJwk;
  const editPath = `/verwaltung/zustellungen/ziele/${id}`;
  const badEdit = await admin.submit(editPath, editPath, { name: "Steueramt Mühlacker (neu)", leikaKey: "99102013000000", officeKey: "", agsPrefix: "0823604x", submissionUrl: "https://fachverfahren.example/v2", publicJwk: JSON.stringify(rotated) });
  assert.equal(badEdit.statusCode, 422);
  assert.match(badEdit.body, /id="agsPrefix-error"[\s\S]*1 bis 8 Ziffern/);
  assert.match(badEdit.body, /value="Steueramt Mühlacker \(neu\)"/, "input kept");
  assert.match((await app.inject({ url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=08236040" })).json().routes[0].destinationParameters.publicKeys.keys[0].kid, /steueramt-2026/, "nothing saved");
  const goodEdit = await admin.submit(editPath, editPath, { name: "Steueramt Mühlacker (neu)", leikaKey: "99102013000000", officeKey: "", agsPrefix: "08236040", submissionUrl: "https://fachverfahren.example/v2", publicJwk: JSON.stringify(rotated) });
  assert.equal(goodEdit.statusCode, 303);
  const afterEdit = (await app.inject({ url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=08236040" })).json();
  assert.equal(afterEdit.routes[0].destinationParameters.publicKeys.keys[0].kid, "steueramt-2027");
  assert.equal((await db.selectFrom("interop_destinations").select(db.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n, "1", "the same destination, not a new one");
  assert.equal((await admin.get(`/verwaltung/zustellungen/ziele/00000000-0000-4000-8000-000000000000`)).statusCode, 404);

  // Case workers may not; the administration deactivates, routing stops, reactivates; every step audited.
  const bau = await login(app, "bauamt@kreisportal.example");
  assert.equal((await bau.get("/verwaltung/zustellungen/ziele")).statusCode, 403);
  assert.equal((await bau.get(editPath)).statusCode, 403);
  const off = await admin.submit("/verwaltung/zustellungen/ziele", `/verwaltung/zustellungen/ziele/${id}/deaktivieren`, {});
  assert.equal(off.statusCode, 303);
  assert.equal((await app.inject({ url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=08236040" })).json().count, 0);
  const on = await admin.submit("/verwaltung/zustellungen/ziele", `/verwaltung/zustellungen/ziele/${id}/aktivieren`, {});
  assert.equal(on.statusCode, 303);
  assert.equal((await app.inject({ url: "/api/v1/interop/routes?leikaKey=99102013000000&ags=08236040" })).json().count, 1);
  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "details"]).where("action", "like", "interop.destination%").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["interop.destination_added", "interop.destination_changed", "interop.destination_deactivated", "interop.destination_reactivated"]);
  assert.ok(audit.every((a) => a.object_id === id));
  assert.deepEqual(audit[1]!.details, { changed: ["name", "submission_url", "public_jwk"], kidBefore: "steueramt-2026", kid: "steueramt-2027" });
});

test("issue 23: the catalogue's XZuFi export re-imports into a fresh database with no difference; unknown LeiKa keys and broken encoding are refused per item", async (t) => {
  const a = await buildTestApp(t);
  const key = "99012008000000";
  const row = (await findService(a.db, key))!;
  const edited = { ...toExchange(row), shortText: "Geänderter Kurztext – mit „Anführungszeichen“ & <Sonderzeichen>", requirements: ["Erste Voraussetzung", "Zweite <b>Voraussetzung</b>"] };
  const r = await updateService({ actor: { type: "system", id: null }, db: a.db }, { leikaKey: key, expectedVersion: row.version, changes: { ...edited, popularity: row.popularity } });
  assert.equal(r.ok, true);
  const at = new Date("2026-12-06T04:00:00Z");
  const exported = await exportXZuFi(a.db, a.config.countyKey, at);
  assert.match(exported, /<xzufi:transfer\.katalog xmlns:xzufi="http:\/\/xoev\.de\/schemata\/xzufi\/2_2_0"/);
  assert.match(exported, new RegExp(`<xzufi:referenzLeiKa listURI="urn:de:fim:leika:leistung">\\s*<code>${key}</code>`));
  assert.match(exported, /<xzufi:organisationseinheitID>lra-08236-baurecht<\/xzufi:organisationseinheitID>/);
  assert.match(exported, /<xzufi:organisationseinheit>\s*<xzufi:id schemeAgencyID="kreisportal">lra-08236-baurecht<\/xzufi:id>/);

  const b = await buildTestApp(t);
  const preview = await previewXZuFiImport(b.db, exported);
  assert.deepEqual(preview.refused, []);
  assert.deepEqual(preview.changed.map((c) => [c.leikaKey, c.fields]), [[key, ["shortText", "requirements"]]]);
  const applied = await applyXZuFiImport({ actor: { type: "staff", id: null }, db: b.db }, exported);
  assert.deepEqual(applied.updated, [key]);
  assert.equal(await exportXZuFi(b.db, b.config.countyKey, at), exported, "export → import → export: no difference");
  assert.equal((await previewXZuFiImport(b.db, exported)).changed.length, 0);

  // Per item: an unknown LeiKa key and a text decoded with the wrong charset are refused, the rest is read.
  const items = exported.split("<xzufi:leistung>");
  const unknown = items[1]!.replaceAll(/\d{14}/g, "99999999999999");
  const broken = items[2]!.replace(/<xzufi:inhalt languageCode="de">/, '<xzufi:inhalt languageCode="de">GebÃ¼hr ');
  const mixed = [items[0], unknown, broken, ...items.slice(3)].join("<xzufi:leistung>");
  const report = await previewXZuFiImport(b.db, mixed);
  assert.deepEqual(report.refused.map((x) => x.reasons[0]), ["Text mit kaputter Zeichenkodierung (z. B. � oder Steuerzeichen)", "Unbekannter LeiKa-Schlüssel (nicht im Katalog)"]);
  assert.equal(report.unchanged, items.length - 3);
  await assert.rejects(previewXZuFiImport(b.db, "<xzufi:transfer.katalog><kaputt></xzufi:transfer.katalog>"), /nicht wohlgeformt|wohlgeformtes XML/);

  // The same catalogue in the PVOG REST shape.
  const res = await a.app.inject({ method: "GET", url: "/api/v1/interop/xzufi/leistungen.json" });
  assert.equal(res.statusCode, 200);
  const pvog = res.json().leistungen.find((l: { id: string }) => l.id === key);
  assert.equal(pvog.kurztext, edited.shortText);
  assert.deepEqual(pvog.zustaendigkeiten, [{ organisationseinheitId: "lra-08236-baurecht", aufgabenkategorie: "lower_building_authority", abteilung: "baurecht" }]);
  const xml = await a.app.inject({ method: "GET", url: "/api/v1/interop/xzufi/katalog.xml" });
  assert.equal(xml.statusCode, 200);
  assert.match(String(xml.headers["content-type"]), /application\/xml/);
});
