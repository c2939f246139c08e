/** The staff case page (issue 24 item 13): one primary next step, no empty headings, human labels, notice preview, chosen departments, numbered statements. */
import { test } from "node:test";
import { randomUUID } from "node:crypto";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import type { Db } from "../../src/platform/db/index.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { pdfText } from "../support/pdfText.js";

async function login(app: FastifyInstance, email: string) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password: DEMO_STAFF_PASSWORD });
  assert.equal(res.statusCode, 303, `login ${email}`);
  return c;
}

const baubeschreibung = () => ({ id: randomUUID(), name: "baubeschreibung.pdf", mediaType: "application/pdf", size: 1234, sha256: "b".repeat(64) });

async function submitBuildingPermit(db: Db) {
  const BAUBESCHREIBUNG = baubeschreibung();
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const res = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db }, {
    formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers: { ...structuredClone(validAnswers.bauantrag!), baubeschreibung: BAUBESCHREIBUNG, gemeinde: DEMO_MUNICIPALITY_AGS }, feeCents: 0, userId: null, channel: "web", statusSecret: "x",
  });
  if (res.kind !== "created") throw new Error(res.kind);
  // The uploaded plan as the upload step links it (the bytes do not matter here).
  await db.insertInto("files").values({ id: BAUBESCHREIBUNG.id, storage_provider: "local", storage_key: `test/${res.id}`, sha256: BAUBESCHREIBUNG.sha256, media_type: "application/pdf", size_bytes: 1234, original_name: BAUBESCHREIBUNG.name, uploader_id: null, owner_token_hash: null, purpose: "application", scan_status: "clean", retain_until: null }).onConflict((oc) => oc.column("id").doNothing()).execute();
  await db.insertInto("application_submission_files").values({ submission_id: res.id, file_id: BAUBESCHREIBUNG.id, field_path: "/baubeschreibung" }).execute();
  const c = await getCaseForSubmission(db, res.id);
  assert.ok(c);
  return { caseId: c.id, reference: res.reference };
}

/** Posts a form of the case page (CSRF token and version taken from the page). */
async function act(c: Client, caseId: string, path: string, fields: Array<[string, string]>) {
  const page = await c.get(`/verwaltung/vorgaenge/${caseId}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const version = /name="version" value="(\d+)"/.exec(page.body)?.[1] ?? "0";
  return c.post(`/verwaltung/vorgaenge/${caseId}/${path}`, [["_csrf", token], ["version", version], ...fields]);
}
const step = async (c: Client, caseId: string, event: string, extra: Array<[string, string]> = []) => {
  const res = await act(c, caseId, "schritt", [["event", event], ...extra]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
};

/** Moves a case straight to the decision (the participation run is tested in cases.test.ts). */
async function toDecision(db: Db, caseId: string) {
  await db.updateTable("cases").set({ state: "decision", citizen_status: "in_progress" }).where("id", "=", caseId).execute();
}

/** The labels of the primary buttons in the main content. */
const primaryButtons = (html: string) => [...html.matchAll(/<button[^>]*class="kern-btn kern-btn--primary"[^>]*>\s*(?:<span[^>]*>)?([^<]+)/g)].map((m) => m[1]!.trim());
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return "";
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
};

test("issue 24.13: the next step from the definition is the one primary button; the other transitions are secondary under „Weitere Aktionen“", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  const html = (await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body;
  const actions = section(html, "actions-heading");
  assert.deepEqual(primaryButtons(actions), ["Vollständigkeitsprüfung beginnen"], "the next step is the one primary button");
  assert.match(actions, /Weitere Aktionen[\s\S]*Rücknahme des Antrags vermerken/);
  assert.deepEqual(primaryButtons(html).filter((l) => l !== "Suchen" && l !== "Abmelden"), ["Vollständigkeitsprüfung beginnen"], "no other primary button on the page");

  await step(bau, caseId, "start_check");
  const checking = section((await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body, "actions-heading");
  assert.deepEqual(primaryButtons(checking), ["Unterlagen vollständig – Beteiligung starten"], "the state's `next`, not the first transition (Unterlagen nachfordern)");
  assert.match(checking, /Weitere Aktionen[\s\S]*Unterlagen nachfordern/);
});

test("issue 24.13: a case waiting for approval or in a final state says so in a sentence, never an empty heading", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  await step(bau, caseId, "withdraw", [["text-withdraw", "Telefonisch zurückgenommen."]]);
  const html = (await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body;
  const actions = section(html, "actions-heading");
  assert.match(actions, /id="actions-heading">Nächster Schritt<\/h2><p class="kern-body">In diesem Stand gibt es keinen weiteren Schritt.<\/p>/, actions);
  assert.doesNotMatch(actions, /Weitere Aktionen/);

  // Waiting for the second person's approval: the heading says what happens next, in a sentence.
  const other = await submitBuildingPermit(db);
  await toDecision(db, other.caseId);
  await step(bau, other.caseId, "approve", [["text-approve", "Die Auflagen der Stellungnahmen gelten."]]);
  const waiting = section((await bau.get(`/verwaltung/vorgaenge/${other.caseId}`)).body, "actions-heading");
  assert.match(waiting, /id="actions-heading">Nächster Schritt<\/h2>\s*<p class="kern-body">[^<]*Freigabe[^<]*<\/p>/, waiting);
});

test("issue 24.13: the case file and the staff timeline name events, steps and attachments in words, never raw codes", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId, reference } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  const me = await db.selectFrom("users").select(["id", "display_name"]).where("email", "=", "bauamt@kreisportal.example").executeTakeFirstOrThrow();
  assert.equal((await act(bau, caseId, "zuweisung", [["assignee", me.id]])).statusCode, 303);
  await step(bau, caseId, "start_check");

  const file = (await bau.get(`/akte/${reference}`)).body;
  assert.match(file, new RegExp(`Zugewiesen an ${me.display_name.replace(/[()]/g, "\\$&")}`));
  assert.match(file, /Vollständigkeitsprüfung beginnen/);
  assert.doesNotMatch(file, /\(start_check\)|>\s*assigned\s*<|\bassigned\b/);
  assert.match(file, /Anlage zum Antrag: Baubeschreibung mit Berechnungen/);
  assert.doesNotMatch(file, /Anlage zum Antrag: \/baubeschreibung/);

  const timeline = section((await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body, "timeline-heading");
  assert.match(timeline, new RegExp(`Zugewiesen an ${me.display_name.replace(/[()]/g, "\\$&")}`));
  assert.match(timeline, /Vollständigkeitsprüfung beginnen/);
  assert.doesNotMatch(timeline, /start_check|\bassigned\b/);
});

test("issue 24.13: the approver sees the proposed notice (its text on the page and the draft PDF) before approving", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  const bau2 = await login(app, "bauamt2@kreisportal.example");
  assert.equal((await bau2.get(`/verwaltung/vorgaenge/${caseId}/bescheid-entwurf.pdf`)).statusCode, 404, "no proposal, no draft");
  await toDecision(db, caseId);
  await step(bau, caseId, "approve", [["text-approve", "Die Stellplätze sind vor Nutzungsbeginn herzustellen."]]);

  const approval = section((await bau2.get(`/verwaltung/vorgaenge/${caseId}`)).body, "approval-heading");
  assert.match(approval, /Die Stellplätze sind vor Nutzungsbeginn herzustellen\./, "the proposed text is on the page");
  const href = /href="([^"]*bescheid-entwurf\.pdf)"/.exec(approval)?.[1];
  assert.equal(href, `/verwaltung/vorgaenge/${caseId}/bescheid-entwurf.pdf`);
  assert.ok(approval.indexOf("bescheid-entwurf.pdf") < approval.indexOf('value="approve"'), "the draft comes before the approve button");

  const pdf = await bau2.get(href);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  const text = pdfText(pdf.rawPayload);
  assert.match(text, /Entwurf/i);
  assert.match(text, /Baugenehmigung/);
  assert.match(text, /Die Stellplätze sind vor Nutzungsbeginn herzustellen\./);
  assert.doesNotMatch(text, /freigegeben von/);
  // Nothing was issued: still no notice document, still waiting.
  assert.equal((await db.selectFrom("case_documents").select("id").where("case_id", "=", caseId).execute()).length, 0);
  // Another department cannot read the draft.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await other.get(href)).statusCode, 403);
});

/** The participating department gives its statement on the case page. */
async function giveStatement(c: Client, caseId: string, result: string, text: string) {
  const page = (await c.get(`/verwaltung/vorgaenge/${caseId}`)).body;
  const pid = /name="result-([0-9a-f-]{36})"/.exec(page)![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const res = await c.post(`/verwaltung/vorgaenge/${caseId}/beteiligung/${pid}`, [["_csrf", token], [`result-${pid}`, result], [`statement-${pid}`, text]]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
}

test("issue 24.13: statements are numbered as documents („Stellungnahme 1 – Untere Wasserbehörde“), not as versions", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId, reference } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  await step(bau, caseId, "start_check");
  await step(bau, caseId, "start_participation");
  await giveStatement(await login(app, "wasser@kreisportal.example"), caseId, "agree_with_conditions", "Niederschlagswasser ist zu versickern.");
  await giveStatement(await login(app, "immission@kreisportal.example"), caseId, "agree", "");

  const docs = section((await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body, "documents-heading");
  assert.match(docs, /Stellungnahme 1 – Untere Wasserbehörde/);
  assert.match(docs, /Stellungnahme 2 – Immissionsschutz/);
  assert.doesNotMatch(docs, /Version \d/);
  const file = (await bau.get(`/akte/${reference}`)).body;
  assert.match(file, /Stellungnahme 1 – Untere Wasserbehörde/);
  assert.match(file, /Stellungnahme 2 – Immissionsschutz/);
  assert.doesNotMatch(file, /Stellungnahme[^<]*, Version 2/, "the second statement is no second version of anything");
});

test("issue 24.13: staff choose which departments to ask, the process's departments preselected; unknown choices are refused", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db);
  const bau = await login(app, "bauamt@kreisportal.example");
  await step(bau, caseId, "start_check");
  const actions = section((await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body, "actions-heading");
  const boxes = [...actions.matchAll(/<input[^>]*type="checkbox"[^>]*name="beteiligt"[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(boxes.map((b) => /value="([^"]+)"/.exec(b)![1]), ["wasser", "immission", "denkmal", "gemeinde"]);
  assert.ok(boxes.every((b) => / checked/.test(b)), "all four preselected");
  assert.match(actions, /<legend[^>]*>[^<]*Stellen[^<]*<\/legend>/);
  assert.match(actions, /<label[^>]*for="beteiligt(?:-wasser)?"[^>]*>Untere Wasserbehörde/);

  const bad = await act(bau, caseId, "schritt", [["event", "start_participation"], ["beteiligung-auswahl", "1"], ["beteiligt", "wasser"], ["beteiligt", "steuer"]]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="beteiligt-error"[\s\S]*Bitte wählen Sie nur Stellen aus der Liste/, "the error stands at the checkboxes");
  assert.match(bad.body, /<input[^>]*type="checkbox"[^>]*value="wasser"[^>]*checked/, "the choice is kept");
  assert.doesNotMatch(bad.body, /<input[^>]*type="checkbox"[^>]*value="denkmal"[^>]*checked/, "the choice is kept (unticked stays unticked)");
  assert.equal((await db.selectFrom("cases").select("state").where("id", "=", caseId).executeTakeFirstOrThrow()).state, "completeness_check");

  await step(bau, caseId, "start_participation", [["beteiligung-auswahl", "1"], ["beteiligt", "wasser"], ["beteiligt", "gemeinde"]]);
  const asked = await db.selectFrom("case_participations").select("step_key").where("case_id", "=", caseId).orderBy("step_key").execute();
  assert.ok(asked.some((p) => p.step_key === "wasser") && !asked.some((p) => ["immission", "denkmal"].includes(p.step_key)), "only the chosen departments");
  const timeline = section((await bau.get(`/verwaltung/vorgaenge/${caseId}`)).body, "timeline-heading");
  assert.match(timeline, /Beteiligung entfällt: Immissionsschutz \(nicht angefragt\)/);
});
