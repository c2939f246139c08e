/** Cases (issue 5): the building permit through every step, illegal transitions, optimistic locking, four-eyes, authorization matrix, deadlines. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import type { Db } from "../../src/platform/db/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { berlinDate } from "../../src/platform/time/berlin.js";
import { addWorkingDays } from "../../src/platform/time/workingDays.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { applicantAnswered, caseTimeline, DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD, getCaseForSubmission, getCaseSummary, getCaseWithTimelineForSubmission, runCaseDeadlines, type CaseChange } from "../../src/modules/cases/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { pdfText } from "../support/pdfText.js";

const CITIZEN_PASSWORD = "Ein langes Testpasswort 2026";

async function login(app: FastifyInstance, email: string, password = DEMO_STAFF_PASSWORD) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password });
  assert.equal(res.statusCode, 303, `login ${email}`);
  return c;
}

async function citizen(app: FastifyInstance, db: Db, email: string) {
  const user = await db
    .insertInto("users")
    .values({ kind: "citizen", email, display_name: "Erika Mustermann", password_hash: await hashPassword(CITIZEN_PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: user.id, client: await login(app, email, CITIZEN_PASSWORD) };
}

/** Submits a building permit in Birkenfeld (the demo municipality) through the real submitting command. */
async function submitBuildingPermit(db: Db, userId: string | null) {
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  // The plans are file answers ({ id, name, … }) before the builders: the notice's addressee must still be the Bauherrin (issue 24 item 12).
  const lageplan = { id: "3f0c2b1e-8d4a-4c6b-9e2f-1a2b3c4d5e6f", name: "lageplan.pdf", mediaType: "application/pdf", size: 1234, sha256: "a".repeat(64) };
  const answers = { lageplan, ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS };
  const res = await applicationSubmitter({ actor: userId ? { type: "user", id: userId } : { type: "anonymous", id: null }, db }, {
    formId: "bauantrag",
    formVersion: form.version,
    referencePrefix: "EK",
    answers,
    feeCents: 0,
    userId,
    channel: "web",
    statusSecret: "test-secret",
  });
  if (res.kind !== "created") throw new Error(`not created: ${res.kind}`);
  const c = await getCaseForSubmission(db, res.id);
  assert.ok(c, "every submission becomes a case");
  return { submissionId: res.id, reference: res.reference, caseId: c.id };
}

const json = (c: Client, method: "GET" | "POST", url: string, body?: unknown) =>
  (c as unknown as { app: FastifyInstance }).app.inject({
    method,
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

const caseOf = async (c: Client, id: string) => {
  const res = await json(c, "GET", `/api/v1/cases/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};

const step = async (c: Client, id: string, event: string, text?: string) => {
  const cur = await caseOf(c, id);
  return json(c, "POST", `/api/v1/cases/${id}/transitions`, { event, version: cur.version, ...(text ? { text } : {}) });
};

test("issue 5: a building permit runs through completeness check, request for documents, parallel participation, four-eyes decision, notice and closing", async (t) => {
  const { app, db } = await buildTestApp(t);
  const applicant = await citizen(app, db, "bauherrin@example.org");
  const { caseId, reference } = await submitBuildingPermit(db, applicant.id);

  const row = await db.selectFrom("cases as c").innerJoin("org_units as o", "o.id", "c.owner_unit_id").select(["c.state", "c.process_id", "o.key", "c.municipality_ags", "c.reference"]).where("c.id", "=", caseId).executeTakeFirstOrThrow();
  assert.deepEqual(row, { state: "received", process_id: "baugenehmigung", key: "lra-08236-baurecht", municipality_ags: DEMO_MUNICIPALITY_AGS, reference });

  const bau = await login(app, "bauamt@kreisportal.example");
  const bau2 = await login(app, "bauamt2@kreisportal.example");
  const inbox = (await json(bau, "GET", "/api/v1/cases")).json();
  assert.ok(inbox.items.some((i: { id: string; stateLabel: string }) => i.id === caseId && i.stateLabel === "Eingegangen"));

  assert.equal((await json(bau, "POST", `/api/v1/cases/${caseId}/assignment`, { assigneeId: (await db.selectFrom("users").select("id").where("email", "=", "bauamt@kreisportal.example").executeTakeFirstOrThrow()).id, version: 1 })).statusCode, 200);
  assert.equal((await step(bau, caseId, "start_check")).statusCode, 200);
  // A request for documents needs the text the applicant reads.
  const noText = await step(bau, caseId, "request_documents");
  assert.equal(noText.statusCode, 422);
  assert.equal((await step(bau, caseId, "request_documents", "Es fehlt der Lageplan im Maßstab 1:500.")).statusCode, 200);
  assert.equal((await getCaseForSubmission(db, reference))!.status, "action_required");

  // The applicant answers through the mailbox (its transaction): the case goes back to the completeness check.
  const moved = await db.transaction().execute((tx) => applicantAnswered(tx, { caseId, actor: { type: "user", id: applicant.id } }));
  assert.equal(moved.moved, true);
  assert.equal((await caseOf(bau, caseId)).state, "completeness_check");
  // Someone else cannot answer for the applicant.
  const stranger = await db.transaction().execute((tx) => applicantAnswered(tx, { caseId, actor: { type: "user", id: "00000000-0000-4000-8000-000000000000" } }));
  assert.deepEqual(stranger, { moved: false, reason: "not_applicant" });

  assert.equal((await step(bau, caseId, "start_participation")).statusCode, 200);
  const withParticipation = await caseOf(bau, caseId);
  const today = berlinDate(new Date());
  assert.deepEqual(
    withParticipation.participations.map((p: { step: string; dueDate: string; status: string }) => [p.step, p.dueDate, p.status]).sort(),
    [["denkmal", addWorkingDays(today, 20), "open"], ["gemeinde", addWorkingDays(today, 40), "open"], ["immission", addWorkingDays(today, 20), "open"], ["wasser", addWorkingDays(today, 20), "open"]],
  );

  // Before all statements are in, the participation cannot be finished: 409 with the missing departments.
  const early = await step(bau, caseId, "finish_participation");
  assert.equal(early.statusCode, 409);
  assert.equal(early.json().type, "urn:kreisportal:problem:illegal-transition");
  assert.match(early.json().detail, /Untere Wasserbehörde/);

  // Four departments give their statements in parallel.
  const byStep = Object.fromEntries(withParticipation.participations.map((p: { step: string; id: string }) => [p.step, p.id]));
  const statements: Array<[string, string, string, string]> = [
    ["wasser@kreisportal.example", "wasser", "agree", ""],
    ["immission@kreisportal.example", "immission", "agree_with_conditions", "Die Wärmepumpe ist mindestens 3 m von der Grundstücksgrenze aufzustellen."],
    ["denkmal@kreisportal.example", "denkmal", "agree", "Keine Kulturdenkmale betroffen."],
    ["gemeinde@kreisportal.example", "gemeinde", "agree", "Einvernehmen wird erteilt."],
  ];
  const clients = await Promise.all(statements.map(([email]) => login(app, email)));
  const results = await Promise.all(statements.map(([, key, result, statement], i) => json(clients[i]!, "POST", `/api/v1/cases/${caseId}/participations/${byStep[key]}/statement`, { result, statement })));
  assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200, 200], results.map((r) => r.body).join());
  // A statement is given once.
  assert.equal((await json(clients[0]!, "POST", `/api/v1/cases/${caseId}/participations/${byStep.wasser}/statement`, { result: "object", statement: "doch nicht" })).statusCode, 409);
  // The water authority cannot give the municipality's statement.
  assert.equal((await json(clients[0]!, "POST", `/api/v1/cases/${caseId}/participations/${byStep.gemeinde}/statement`, { result: "agree" })).statusCode, 403);

  assert.equal((await step(bau, caseId, "finish_participation")).statusCode, 200);

  // Four-eyes: the proposal waits; the proposer cannot approve; a colleague can.
  const proposed = await step(bau, caseId, "approve", "Die Stellplätze sind vor Nutzungsbeginn herzustellen.");
  assert.equal(proposed.statusCode, 202);
  assert.equal(proposed.json().approvalRequested, true);
  let cur = await caseOf(bau, caseId);
  assert.equal(cur.state, "decision");
  assert.equal(cur.pendingApproval.event, "approve");
  assert.equal(cur.abilities.approve, false);
  const self = await json(bau, "POST", `/api/v1/cases/${caseId}/approval`, { decision: "approve", version: cur.version });
  assert.equal(self.statusCode, 403);
  assert.match(self.json().detail, /Vier-Augen-Prinzip/);
  // While a decision waits, no other step is possible.
  assert.equal((await step(bau, caseId, "reject", "x")).statusCode, 409);
  cur = await caseOf(bau2, caseId);
  assert.equal(cur.abilities.approve, true);
  const approved = await json(bau2, "POST", `/api/v1/cases/${caseId}/approval`, { decision: "approve", version: cur.version });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().state, "notice");
  const docId = approved.json().documentId;
  assert.ok(docId);
  const doc = await db.selectFrom("case_documents").selectAll().where("id", "=", docId).executeTakeFirstOrThrow();
  assert.equal(doc.kind, "notice");
  assert.equal(doc.citizen_visible, true);
  assert.equal(doc.content.subarray(0, 5).toString(), "%PDF-");
  const noticeText = pdfText(doc.content);
  assert.match(noticeText, /Baugenehmigung/);
  assert.match(noticeText, /Immissionsschutz: Die Wärmepumpe/);
  assert.match(noticeText, new RegExp(reference));
  assert.match(noticeText, /Seite 1 von \d/);
  // Issue 24 item 12: addressed to the applicants from the answers (never a file name), naming project, site, parcel, fee and legal remedy.
  assert.doesNotMatch(noticeText, /lageplan\.pdf|Petra Planer/);
  assert.match(noticeText, /An: Erika Mustermann und Max Mustermann/);
  assert.match(noticeText, /Bahnhofstraße 1, 75417 Mühlacker/);
  assert.match(noticeText, /Vorhaben: Neubau eines Einfamilienhauses mit Doppelgarage/);
  assert.match(noticeText, /Am Sonnenhang 7/);
  assert.match(noticeText, /Flurstücke? 1234\/5, 1234\/6/);
  assert.match(noticeText, /Gemarkung Dietlingen/);
  assert.match(noticeText, /Baukosten:?\s+485\.000,00\s*€/);
  assert.match(noticeText, /Gebühr\s*:?\s+[\d.]+,\d\d\s*€/);
  assert.match(noticeText, /Rechtsbehelfsbelehrung/);
  assert.match(noticeText, /innerhalb eines Monats nach Bekanntgabe Widerspruch/);

  assert.equal((await step(bau, caseId, "close")).statusCode, 200);
  // A closed case goes nowhere: 409 with an explanation.
  const afterClose = await step(bau, caseId, "start_check");
  assert.equal(afterClose.statusCode, 409);
  assert.match(afterClose.json().detail, /abgeschlossen/);

  // The applicant's timeline in plain German, each step with its status.
  const timeline = await caseTimeline(db, caseId);
  assert.deepEqual(
    timeline.map((e) => e.status),
    ["received", "in_progress", "action_required", "in_progress", "in_progress", "in_progress", "decided", "decided", "closed"],
  );
  assert.match(timeline[2]!.text, /Lageplan/);
  assert.ok(timeline.every((e) => e.text && !/wasser@|Murat/.test(e.text)), "no internal data in the timeline");
  // The status link reads case and timeline in one query: the same rows as the two separate reads.
  const summary = (await getCaseSummary(db, caseId))!;
  const combined = (await getCaseWithTimelineForSubmission(db, summary.submissionId!))!;
  assert.deepEqual(combined, { summary, timeline });
  // Every change reached the listeners (the mailbox sends its link-only mail from there), in order.
  // Every change was published as "case.changed" in its transaction (event outbox, ADR 0026).
  const changes = (await db.selectFrom("event_outbox").select("payload").where("type", "=", "case.changed").orderBy("id").execute()).map((r) => r.payload as CaseChange);
  assert.deepEqual(changes.filter((c) => c.caseId === caseId).map((c) => c.kind), ["created", "status", "status", "status", "status", "status", "status", "notice", "status"]);
  // The submitter renumbers the case at the end of its transaction: every change carries the final reference.
  assert.deepEqual([...new Set(changes.filter((c) => c.caseId === caseId).map((c) => c.reference))], [reference]);
  // The notice and the submission are in the case's documents, for participants too.
  const noticeRes = await bau.get(`/verwaltung/vorgaenge/${caseId}/dokumente/${docId}`);
  assert.equal(noticeRes.statusCode, 200);
  assert.equal(noticeRes.headers["content-type"], "application/pdf");
  const receipt = await clients[0]!.get(`/verwaltung/vorgaenge/${caseId}/antrag.json`);
  assert.equal(receipt.statusCode, 200, receipt.body.slice(0, 200));
  assert.match(receipt.body, /Sonnenhang|bauherren/);
  assert.equal((await bau.get(`/verwaltung/vorgaenge/${caseId}/antrag.pdf`)).headers["content-type"], "application/pdf");
  // The four statements are documents of the case file (internal), the notice is for the applicant.
  const docs = await db.selectFrom("case_documents").select(["kind", "title", "citizen_visible"]).where("case_id", "=", caseId).orderBy("kind").orderBy("version").execute();
  assert.deepEqual(docs.map((d) => [d.kind, d.citizen_visible]), [["notice", true], ["statement", false], ["statement", false], ["statement", false], ["statement", false]]);
  // Figures: one building permit, decided, with its processing time.
  const figures = (await json(bau, "GET", "/api/v1/cases/figures")).json();
  const permit = figures.byService.find((s: { formId: string }) => s.formId === "bauantrag");
  assert.equal(permit.count, 1);
  assert.equal(permit.decided, 1);
  assert.equal(typeof permit.medianDays, "number");
  assert.ok(figures.byStatus.some((s: { status: string; count: number }) => s.status === "closed" && s.count === 1));
  const audit = await db.selectFrom("audit_log").select("action").where("object_id", "=", caseId).orderBy("id").execute();
  assert.ok(audit.filter((a) => a.action === "case.statement").length === 4);
  assert.ok(audit.some((a) => a.action === "case.approval_requested"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("illegal transition → 409 with an explanation; stale version → 409, no lost update", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db, null);
  const bau = await login(app, "bauamt@kreisportal.example");
  const bau2 = await login(app, "bauamt2@kreisportal.example");

  const illegal = await json(bau, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "close", version: 1 });
  assert.equal(illegal.statusCode, 409);
  assert.equal(illegal.json().type, "urn:kreisportal:problem:illegal-transition");
  assert.match(illegal.json().detail, /„Vorgang abschließen“ ist im Stand „Eingegangen“ nicht möglich/);
  assert.deepEqual(illegal.json().allowed, ["start_check", "withdraw"]);
  const unknown = await json(bau, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "fly_to_moon", version: 1 });
  assert.equal(unknown.statusCode, 409);
  assert.match(unknown.json().detail, /gibt es im Verfahren/);

  // Two staff members act on version 1 at the same moment: one wins, the other gets 409 and nothing of theirs is written.
  const [a, b] = await Promise.all([
    json(bau, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "start_check", version: 1 }),
    json(bau2, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "withdraw", version: 1, text: "Rücknahme per Telefon" }),
  ]);
  const codes = [a.statusCode, b.statusCode].sort();
  assert.deepEqual(codes, [200, 409]);
  const loser = a.statusCode === 409 ? a : b;
  assert.equal(loser.json().type, "urn:kreisportal:problem:stale-version");
  assert.equal(loser.json().detail, "Der Vorgang wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.");
  const row = await db.selectFrom("cases").select(["version", "state"]).where("id", "=", caseId).executeTakeFirstOrThrow();
  assert.equal(row.version, 2);
  const transitions = await db.selectFrom("case_events").select("event").where("case_id", "=", caseId).where("kind", "=", "transition").execute();
  assert.equal(transitions.length, 1);
  assert.equal(row.state, transitions[0]!.event === "start_check" ? "completeness_check" : "closed");
  // A change with an old version after the fact is refused as well.
  const late = await json(bau, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "start_check", version: 1 });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().currentVersion, 2);
  // Claiming with a stale version too.
  assert.equal((await json(bau, "POST", `/api/v1/cases/${caseId}/assignment`, { assigneeId: null, version: 1 })).statusCode, 409);
  // Changing requests must be JSON (CSRF protection of the cookie-authenticated API).
  const form = await (bau as unknown as { app: FastifyInstance }).app.inject({ method: "POST", url: `/api/v1/cases/${caseId}/transitions`, headers: { cookie: [...bau.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded" }, payload: "event=start_check&version=2" });
  assert.equal(form.statusCode, 415);
});

test("authorization matrix over HTTP: owning, participating, uninvolved department, admin, citizen, anonymous × read, transition, statement, assign", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db, null);
  const bau = await login(app, "bauamt@kreisportal.example");
  assert.equal((await step(bau, caseId, "start_check")).statusCode, 200);
  assert.equal((await step(bau, caseId, "start_participation")).statusCode, 200);
  const parts = (await caseOf(bau, caseId)).participations as Array<{ id: string; step: string }>;
  const wasserPart = parts.find((p) => p.step === "wasser")!.id;

  const actors: Record<string, Client> = {
    owner: bau,
    participant: await login(app, "wasser@kreisportal.example"),
    uninvolved: await login(app, "fuehrerschein@kreisportal.example"),
    admin: await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD),
    citizen: (await citizen(app, db, "nachbar@example.org")).client,
    anonymous: new Client(app),
  };
  const version = async () => (await db.selectFrom("cases").select("version").where("id", "=", caseId).executeTakeFirstOrThrow()).version;
  const actions: Record<string, (c: Client) => Promise<number>> = {
    readApi: async (c) => (await json(c, "GET", `/api/v1/cases/${caseId}`)).statusCode,
    readPage: async (c) => (await c.get(`/verwaltung/vorgaenge/${caseId}`)).statusCode,
    // An event that is not possible in this state: who may not act at all gets 403 before the definition is consulted.
    transition: async (c) => (await json(c, "POST", `/api/v1/cases/${caseId}/transitions`, { event: "close", version: await version() })).statusCode,
    statement: async (c) => (await json(c, "POST", `/api/v1/cases/${caseId}/participations/${wasserPart}/statement`, { result: "object" })).statusCode,
    assign: async (c) => (await json(c, "POST", `/api/v1/cases/${caseId}/assignment`, { assigneeId: null, version: await version() })).statusCode,
  };
  const expected: Record<string, Record<string, number>> = {
    owner: { readApi: 200, readPage: 200, transition: 409, statement: 403, assign: 200 },
    // The statement fails validation (an objection needs reasons): 422 proves the participant got past authorization.
    participant: { readApi: 200, readPage: 200, transition: 403, statement: 422, assign: 403 },
    uninvolved: { readApi: 403, readPage: 403, transition: 403, statement: 403, assign: 403 },
    admin: { readApi: 403, readPage: 403, transition: 403, statement: 403, assign: 403 },
    citizen: { readApi: 403, readPage: 403, transition: 403, statement: 403, assign: 403 },
    anonymous: { readApi: 401, readPage: 303, transition: 401, statement: 401, assign: 401 },
  };
  const actual: Record<string, Record<string, number>> = {};
  for (const [who, c] of Object.entries(actors)) {
    actual[who] = {};
    for (const [what, run] of Object.entries(actions)) actual[who]![what] = await run(c);
  }
  assert.deepEqual(actual, expected);
  // The inbox lists only what one may read.
  const uninvolvedInbox = (await json(actors.uninvolved!, "GET", "/api/v1/cases")).json();
  assert.equal(uninvolvedInbox.items.length, 0);
  const participantInbox = (await json(actors.participant!, "GET", "/api/v1/cases?scope=participation")).json();
  assert.deepEqual(participantInbox.items.map((i: { id: string }) => i.id), [caseId]);
});

test("deadlines: overdue participations are marked by the job and found by the overdue filter; reminders go to the department", async (t) => {
  const { app, db, mail, config } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db, null);
  const bau = await login(app, "bauamt@kreisportal.example");
  await step(bau, caseId, "start_check");
  await step(bau, caseId, "start_participation");
  const due = (await db.selectFrom("case_participations").select("due_date").where("case_id", "=", caseId).where("step_key", "=", "wasser").executeTakeFirstOrThrow()).due_date;

  // Two working days before the deadline: a reminder to the water authority's staff, once.
  const { createMailer } = await import("../../src/platform/mail/index.js");
  const mailer = createMailer(mail.url, config.mailFrom);
  t.after(() => mailer.close());
  const before = new Date(`${addWorkingDays(due, 0)}T10:00:00Z`);
  before.setUTCDate(before.getUTCDate() - 2);
  const r1 = await runCaseDeadlines(db, { publicUrl: config.publicUrl, mailer, now: before });
  assert.ok(r1.reminded >= 3, `reminded ${r1.reminded}`);
  const reminder = await mail.waitFor("wasser@kreisportal.example", (m) => /Frist/.test(m.subject));
  assert.match(reminder.text, new RegExp(`/verwaltung/vorgaenge/${caseId}`));
  assert.doesNotMatch(reminder.text, /Erika|Sonnenhang/, "a link only, no content");
  assert.equal((await runCaseDeadlines(db, { publicUrl: config.publicUrl, mailer, now: before })).reminded, 0);

  // The day after the due date the open steps are overdue (once), visible in the inbox filter.
  const after = new Date(`${due}T12:00:00Z`);
  after.setUTCDate(after.getUTCDate() + 1);
  const r2 = await runCaseDeadlines(db, { publicUrl: config.publicUrl, now: after });
  assert.equal(r2.overdue, 3);
  assert.equal((await runCaseDeadlines(db, { publicUrl: config.publicUrl, now: after })).overdue, 0);
  const overdueEvents = await db.selectFrom("case_events").select("text").where("case_id", "=", caseId).where("kind", "=", "overdue").execute();
  assert.equal(overdueEvents.length, 3);
  // The inbox filter compares with today: move one deadline into the past.
  assert.deepEqual((await json(bau, "GET", "/api/v1/cases?overdue=true")).json().items, []);
  await db.updateTable("case_participations").set({ due_date: "2026-01-02" }).where("case_id", "=", caseId).where("step_key", "=", "wasser").execute();
  const overdueInbox = (await json(bau, "GET", "/api/v1/cases?overdue=true")).json();
  assert.deepEqual(overdueInbox.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue]), [[caseId, true]]);
  const wasserInbox = (await json(await login(app, "wasser@kreisportal.example"), "GET", "/api/v1/cases?scope=participation&overdue=true")).json();
  assert.equal(wasserInbox.items.length, 1);
  // cases.next_due (migration 0104) follows every write to the participations: the earliest open due date.
  const nextDue = async () => (await db.selectFrom("cases").select("next_due").where("id", "=", caseId).executeTakeFirstOrThrow()).next_due;
  assert.equal(await nextDue(), "2026-01-02");
  await db.updateTable("case_participations").set({ status: "given" }).where("case_id", "=", caseId).where("step_key", "=", "wasser").execute();
  assert.equal(await nextDue(), due, "the overdue step answered: the next open deadline");
  assert.deepEqual((await json(bau, "GET", "/api/v1/cases?overdue=true")).json().items, []);
  await db.updateTable("case_participations").set({ status: "given" }).where("case_id", "=", caseId).execute();
  assert.equal(await nextDue(), null, "nothing open");
  await db.updateTable("case_participations").set({ status: "open", due_date: "2026-01-03" }).where("case_id", "=", caseId).where("step_key", "=", "wasser").execute();
  assert.equal(await nextDue(), "2026-01-03");
  await db.deleteFrom("case_participations").where("case_id", "=", caseId).where("step_key", "=", "wasser").execute();
  assert.equal(await nextDue(), null, "deleted");
});

test("four-eyes: a colleague sends a proposal back, the case stays in the decision and can be proposed again", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { caseId } = await submitBuildingPermit(db, null);
  await db.updateTable("cases").set({ state: "decision", citizen_status: "in_progress" }).where("id", "=", caseId).execute();
  const bau = await login(app, "bauamt@kreisportal.example");
  const bau2 = await login(app, "bauamt2@kreisportal.example");
  assert.equal((await step(bau, caseId, "reject")).statusCode, 422, "a rejection needs reasons");
  assert.equal((await step(bau, caseId, "reject", "Das Vorhaben fügt sich nicht in die Umgebung ein (§ 34 BauGB).")).statusCode, 202);
  const cur = await caseOf(bau2, caseId);
  const back = await json(bau2, "POST", `/api/v1/cases/${caseId}/approval`, { decision: "reject", version: cur.version, note: "Begründung ergänzen" });
  assert.equal(back.statusCode, 200);
  const after = await caseOf(bau, caseId);
  assert.equal(after.state, "decision");
  assert.equal(after.pendingApproval, null);
  assert.equal((await db.selectFrom("case_documents").select("id").where("case_id", "=", caseId).execute()).length, 0, "no notice without approval");
  // Approving with nothing pending is not possible.
  assert.equal((await json(bau2, "POST", `/api/v1/cases/${caseId}/approval`, { decision: "approve", version: after.version })).statusCode, 409);
  assert.equal((await step(bau, caseId, "approve")).statusCode, 202);
});

test("a building permit in Birkenfeld (its own lower building authority) belongs to the Gemeinde, which gives no Einvernehmen to itself", async (t) => {
  const { app, db } = await buildTestApp(t);
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const res = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db }, { formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers: { ...structuredClone(validAnswers.bauantrag!), gemeinde: "08236004" }, feeCents: 0, userId: null, channel: "web", statusSecret: "x" });
  if (res.kind !== "created") throw new Error(res.kind);
  const c = await db.selectFrom("cases as c").innerJoin("org_units as o", "o.id", "c.owner_unit_id").select(["c.id", "o.key"]).where("c.submission_id", "=", res.id).executeTakeFirstOrThrow();
  assert.equal(c.key, "gem-08236004");
  // Move it into participation directly (no demo staff in Birkenfeld) through the engine's command.
  const { caseTransitioner } = await import("../../src/modules/cases/commands/caseTransitioner.js");
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "gem-08236004").executeTakeFirstOrThrow();
  const user = { id: "00000000-0000-4000-8000-000000000001", kind: "staff" as const, isAdmin: false, orgUnitIds: [unit.id] };
  const ctx = { actor: { type: "system" as const, id: null }, db };
  assert.equal((await caseTransitioner(ctx, { caseId: c.id, event: "start_check", version: 1, user })).kind, "ok");
  assert.equal((await caseTransitioner(ctx, { caseId: c.id, event: "start_participation", version: 2, user })).kind, "ok");
  const steps = await db.selectFrom("case_participations").select("step_key").where("case_id", "=", c.id).orderBy("step_key").execute();
  assert.deepEqual(steps.map((s) => s.step_key), ["denkmal", "immission", "wasser"]);
  assert.equal((await db.selectFrom("case_events").select("id").where("case_id", "=", c.id).where("kind", "=", "participation_skipped").execute()).length, 1);
  void app;
});
