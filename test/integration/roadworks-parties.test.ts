/**
 * Issue 15, parties answering themselves (ADR 0051): police and bus operator answer through the mailed link
 * (only the token's hash stored, once, expiring), the municipality's staff signed in; one reminder before the
 * deadline; a refusal produces the notice letter PDF, stored and mailed to the company's accounts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { buildTestApp, Client } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";
import { application, companyAccount, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { linkExpiry, linkState, partyAnswerByLink, remindOpenConsents } from "../../src/modules/roadworks/commands/partyAnswers.js";
import { partyMail } from "../../src/modules/roadworks/presenters.js";
import { roadworksMessages } from "../../src/modules/roadworks/messages.js";
import { translatorFor } from "../../src/platform/i18n/index.js";
import { addDays, berlinDate, berlinToUtc } from "../../src/platform/time/berlin.js";
import { addWorkingDays } from "../../src/platform/time/workingDays.js";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const tokenIn = (body: string | null) => /\/baustellen\/stellungnahme\?t=([A-Za-z0-9_-]+)/.exec(body ?? "")?.[1];

test("issue 15: police and bus operator answer through their mailed links (hash only, once), the municipality signed in; staff see the answers; refusal notice PDF mailed and stored", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const countyStaff = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const { c: applicant, companyId } = await companyAccount(ta, "bauleitung@enz-tiefbau.example", "Enz Tiefbau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const workId = await submitApplication(ta, applicant, application(companyId, start, addDays(start, 13)));
  const detailUrl = `/verwaltung/baustellen/${workId}`;

  // Asking the parties mails each configured address a link; only the token's SHA-256 is stored.
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/beteiligen`, {})).statusCode, 303);
  const requests = await db.selectFrom("mail_queue").select(["recipient", "body", "subject"]).where("kind", "=", "roadworks.consent_request").execute();
  assert.equal(requests.length, 3);
  const consents = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", workId).execute();
  const emailOf = (party: string) => consents.find((c) => c.party === party)!.invited_email!;
  assert.equal(emailOf("police"), "verkehrspolizei@kreisportal.example");
  assert.equal(emailOf("bus"), "baustellen@busbetrieb.example");
  assert.deepEqual(requests.map((m) => m.recipient).sort(), consents.map((c) => c.invited_email).sort());
  const tokenFor = (party: string) => tokenIn(requests.find((m) => m.recipient === emailOf(party))!.body)!;
  const police = tokenFor("police");
  const bus = tokenFor("bus");
  const municipality = tokenFor("municipality");
  assert.match(requests[0]!.subject, /Bitte um Stellungnahme: Baustelle BS-/);
  const links = await db.selectFrom("roadworks_consent_links").selectAll().where("roadwork_id", "=", workId).execute();
  assert.equal(links.length, 3);
  assert.deepEqual(links.map((l) => l.token_hash).sort(), [police, bus, municipality].map(sha256).sort());
  assert.ok(!JSON.stringify(links).includes(police) && !JSON.stringify(consents).includes(police), "the token itself is not stored");
  const dueOn = consents[0]!.due_on;
  assert.equal(links[0]!.expires_at.getTime(), linkExpiry(dueOn, 7).getTime(), "valid until the deadline + 7 grace days (default)");

  // The page shows the application's summary without an account.
  const anon = new Client(app);
  const page = await anon.get(`/baustellen/stellungnahme?t=${police}`);
  assert.equal(page.statusCode, 200);
  for (const re of [/Hauptstraße 10–30, Mühlacker/, /Halbseitige Sperrung/, /Wasserleitung Hauptstraße/, /zeichenplan\.pdf/, /B I\/2/, new RegExp(start)]) assert.match(page.body, re);
  assert.match(String(page.headers["cache-control"]), /no-store/);
  assert.equal(page.headers["referrer-policy"], "no-referrer", "the token does not leak through links on the page");
  assert.equal((await anon.get(`/baustellen/stellungnahme/zeichenplan?t=${police}`)).statusCode, 200, "the sign plan through the link");
  assert.equal((await anon.get(`/baustellen/stellungnahme?t=${"x".repeat(43)}`)).statusCode, 404);
  assert.equal((await anon.get("/baustellen/stellungnahme")).statusCode, 404);
  assert.equal((await anon.get(`/baustellen/stellungnahme/zeichenplan?t=${"x".repeat(43)}`)).statusCode, 404);

  // Errors next to the fields, input kept: no choice, no name; conditions chosen without conditions.
  const url = `/baustellen/stellungnahme?t=${police}`;
  const empty = await anon.submit(url, "/baustellen/stellungnahme", { t: police, name: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#antwort"/);
  assert.match(empty.body, /href="#name"/);
  const noConditions = await anon.submit(url, "/baustellen/stellungnahme", { t: police, antwort: "conditions", auflagen: " ", name: "PHK Maier, Polizeirevier Mühlacker" });
  assert.equal(noConditions.statusCode, 422);
  assert.match(noConditions.body, /href="#auflagen"/);
  assert.match(noConditions.body, /value="PHK Maier, Polizeirevier Mühlacker"/);
  const noReason = await anon.submit(url, "/baustellen/stellungnahme", { t: police, antwort: "objection", name: "PHK Maier" });
  assert.match(noReason.body, /href="#begruendung"/);

  // The police agree with conditions, naming themselves.
  const condition = "Keine Arbeiten auf der Fahrbahn zwischen 7 und 9 Uhr.";
  const answered = await anon.submit(url, "/baustellen/stellungnahme", { t: police, antwort: "conditions", auflagen: condition, name: "PHK Maier, Polizeirevier Mühlacker" });
  assert.equal(answered.statusCode, 303);
  assert.match((await anon.get(answered.headers.location as string)).body, /Stellungnahme ist eingegangen/);
  const p = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", workId).where("party", "=", "police").executeTakeFirstOrThrow();
  assert.deepEqual([p.answer, p.condition, p.answered_name, p.answered_via, p.answered_by, p.late], ["consent", condition, "PHK Maier, Polizeirevier Mühlacker", "link", null, false]);

  // Once: the link then says so (409), a second post changes nothing, also straight through the command.
  const again = await anon.get(url);
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits eine Stellungnahme vor/);
  const fresh = new Client(app);
  const twice = await fresh.submit(`/baustellen/stellungnahme?t=${bus}`, "/baustellen/stellungnahme", { t: police, antwort: "objection", begruendung: "doch nicht", name: "Jemand" });
  assert.equal(twice.statusCode, 409);
  assert.deepEqual(await partyAnswerByLink({ actor: { type: "anonymous", id: null }, db, requestId: "t" }, police, { kind: "agree", text: "", name: "X" }), { ok: false, state: "answered" });
  assert.equal((await db.selectFrom("roadworks_consents").select("condition").where("roadwork_id", "=", workId).where("party", "=", "police").executeTakeFirstOrThrow()).condition, condition);

  // The bus operator objects.
  const reason = "Linie 700 hat keine Umleitungsstrecke für Gelenkbusse.";
  assert.equal((await fresh.submit(`/baustellen/stellungnahme?t=${bus}`, "/baustellen/stellungnahme", { t: bus, antwort: "objection", begruendung: reason, name: "Verkehrsbetriebe Enz, Disposition" })).statusCode, 303);

  // The municipality's staff answer signed in (their list names the open statement); other staff may not.
  assert.match((await staff.get("/verwaltung/baustellen")).body, new RegExp(`/verwaltung/baustellen/${workId}/stellungnahme-gemeinde`));
  assert.equal((await countyStaff.get(`${detailUrl}/stellungnahme-gemeinde`)).statusCode, 403);
  assert.equal((await applicant.get(`${detailUrl}/stellungnahme-gemeinde`)).statusCode, 403);
  const byLogin = await staff.submit(`${detailUrl}/stellungnahme-gemeinde`, `${detailUrl}/stellungnahme-gemeinde`, { antwort: "agree", name: "Ordnungsamt Mühlacker, Frau Roth" });
  assert.equal(byLogin.statusCode, 303);
  const m = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", workId).where("party", "=", "municipality").executeTakeFirstOrThrow();
  assert.equal(m.answer, "consent");
  assert.equal(m.answered_via, "login");
  assert.ok(m.answered_by);
  assert.equal((await anon.get(`/baustellen/stellungnahme?t=${municipality}`)).statusCode, 409, "the municipality's link after its signed-in answer");

  // The authority sees the answers, who gave them and how.
  const detail = (await staff.get(detailUrl)).body;
  for (const re of [/PHK Maier, Polizeirevier Mühlacker, über den Link/, /Keine Arbeiten auf der Fahrbahn/, /Linie 700 hat keine Umleitungsstrecke/, /Ordnungsamt Mühlacker, Frau Roth, angemeldet/]) assert.match(detail, re);
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "details"]).where("object_id", "=", workId).where("action", "=", "roadworks.consent_answered").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.actor_type), ["anonymous", "anonymous", "staff"]);
  assert.ok(!JSON.stringify(audit).includes("Maier"), "no names in the audit details");

  // The bus operator objected: no order; the refusal needs reasons (error next to the field).
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/anordnen`, {})).statusCode, 409);
  const noReasons = await staff.submit(detailUrl, `${detailUrl}/ablehnen`, { gruende: "" });
  assert.equal(noReasons.statusCode, 422);
  assert.match(noReasons.body, /href="#gruende"/);
  const reasons = "Eine Umleitung des Linienverkehrs ist im beantragten Zeitraum nicht möglich.";
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/ablehnen`, { gruende: reasons, gebuehr: "erheben" })).statusCode, 303);
  const refusal = await db.selectFrom("roadworks_refusals").selectAll().where("roadwork_id", "=", workId).executeTakeFirstOrThrow();
  assert.equal(refusal.reasons, reasons);
  const mails = await db.selectFrom("mail_queue").select(["recipient", "body", "attachments"]).where("kind", "=", "roadworks.refusal").execute();
  assert.deepEqual(mails.map((x) => x.recipient).sort(), ["bauleitung@enz-tiefbau.example", "info@enz-tiefbau.example"]);
  assert.match(mails[0]!.body ?? "", new RegExp(`/baustellen/${workId}/ablehnung\\.pdf`));
  const attached = (typeof mails[0]!.attachments === "string" ? JSON.parse(mails[0]!.attachments) : mails[0]!.attachments) as Array<{ filename: string; contentBase64: string }>;
  assert.match(attached[0]!.filename, /^ablehnung-BS-\d{4}-[0-9A-F]{6}\.pdf$/);

  // The notice: the company's account and the authority read it; others do not.
  const pdf = await applicant.get(`/baustellen/${workId}/ablehnung.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  assert.deepEqual(pdf.rawPayload, Buffer.from(attached[0]!.contentBase64, "base64"), "the mailed notice is the stored one");
  const text = pdfText(pdf.rawPayload).replace(/\s+/g, " ");
  for (const re of [/Ablehnungsbescheid/, /Enz Tiefbau GmbH/, /Hauptstraße 10–30, Mühlacker/, /Eine Umleitung des Linienverkehrs ist im beantragten Zeitraum nicht möglich/, /Busunternehmen \(ÖPNV\): Linie 700/, /Rechtsbehelfsbelehrung/, /Widerspruch/]) assert.match(text, re);
  assert.equal((await staff.get(`/baustellen/${workId}/ablehnung.pdf`)).statusCode, 200);
  assert.equal((await countyStaff.get(`/baustellen/${workId}/ablehnung.pdf`)).statusCode, 404, "staff of another authority");
  assert.equal((await anon.get(`/baustellen/${workId}/ablehnung.pdf`)).statusCode, 404);
  const { c: other } = await companyAccount(ta, "dispo@gleisbau.example", "Gleisbau Nord GmbH");
  assert.equal((await other.get(`/baustellen/${workId}/ablehnung.pdf`)).statusCode, 404, "another company");
  assert.match((await applicant.get("/baustellen/meine")).body, new RegExp(`href="/baustellen/${workId}/ablehnung\\.pdf"`));
  const refusedAudit = await db.selectFrom("audit_log").select("details").where("object_id", "=", workId).where("action", "=", "roadworks.refused").executeTakeFirstOrThrow();
  assert.equal((refusedAudit.details as { mails: number }).mails, 2);
  // After the refusal an unanswered link would find the application closed; answered ones still say so.
  assert.equal((await anon.get(`/baustellen/stellungnahme?t=${bus}`)).statusCode, 409);
});

test("issue 15: answer links expire after the deadline + grace; one reminder before the deadline with a fresh link; a party without an address is left to staff", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t, { ROADWORKS_POLICE_EMAIL: "", ROADWORKS_REMINDER_DAYS: "2", ROADWORKS_ANSWER_GRACE_DAYS: "3" });
  const { app, db, config } = ta;
  assert.ok(app.registry.jobs.some((j) => j.name === "roadworks-consent-reminder"), "the reminder is a registered job");
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c: applicant, companyId } = await companyAccount(ta, "bauleitung@enz-tiefbau.example", "Enz Tiefbau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const workId = await submitApplication(ta, applicant, application(companyId, start, addDays(start, 13)));
  const detailUrl = `/verwaltung/baustellen/${workId}`;
  assert.equal((await staff.submit(detailUrl, `${detailUrl}/beteiligen`, {})).statusCode, 303);

  // No police address configured: no mail, no link; staff see that they record it.
  const consents = await db.selectFrom("roadworks_consents").selectAll().where("roadwork_id", "=", workId).execute();
  assert.equal(consents.find((c) => c.party === "police")!.invited_email, null);
  assert.deepEqual((await db.selectFrom("roadworks_consent_links").select("party").where("roadwork_id", "=", workId).execute()).map((l) => l.party).sort(), ["bus", "municipality"]);
  assert.match((await staff.get(detailUrl)).body, /keine Adresse – Antwort durch die Behörde erfassen/);
  const audit = await db.selectFrom("audit_log").select("details").where("object_id", "=", workId).where("action", "=", "roadworks.consents_requested").executeTakeFirstOrThrow();
  assert.deepEqual((audit.details as { invited: string[] }).invited.sort(), ["bus", "municipality"]);

  // Expiry: the start of the Berlin day after deadline + grace days (here 3).
  const dueOn = consents[0]!.due_on;
  assert.equal(linkExpiry("2026-03-27", 7).toISOString(), "2026-04-03T22:00:00.000Z", "summer time: midnight Berlin is 22:00 UTC");
  assert.equal(linkExpiry("2026-01-12", 0).toISOString(), "2026-01-12T23:00:00.000Z");
  const mail = await db.selectFrom("mail_queue").select(["recipient", "body"]).where("kind", "=", "roadworks.consent_request").execute();
  const busToken = tokenIn(mail.find((x) => x.recipient === "baustellen@busbetrieb.example")!.body)!;
  const lastValid = berlinToUtc(addDays(dueOn, 3), 23 * 60 + 59);
  const expired = berlinToUtc(addDays(dueOn, 4), 0);
  assert.equal((await linkState(db, busToken, lastValid)).state, "open");
  assert.equal((await linkState(db, busToken, expired)).state, "expired");
  assert.deepEqual(await partyAnswerByLink({ actor: { type: "anonymous", id: null }, db, requestId: "t" }, busToken, { kind: "agree", text: "", name: "Bus" }, expired), { ok: false, state: "expired" });
  // Through the page: a link whose validity has passed says so (410).
  const munToken = tokenIn(mail.find((x) => x.recipient !== "baustellen@busbetrieb.example")!.body)!;
  await db.updateTable("roadworks_consent_links").set({ expires_at: new Date(Date.now() - 60_000) }).where("token_hash", "=", sha256(munToken)).execute();
  const gone = await new Client(app).get(`/baustellen/stellungnahme?t=${munToken}`);
  assert.equal(gone.statusCode, 410);
  assert.match(gone.body, /Link ist abgelaufen/);
  // Answered late but within the grace days: kept and marked late.
  const late = await partyAnswerByLink({ actor: { type: "anonymous", id: null }, db, requestId: "t" }, busToken, { kind: "agree", text: "", name: "Bus" }, berlinToUtc(addDays(dueOn, 1), 600));
  assert.deepEqual(late, { ok: true, roadworkId: workId, party: "bus", late: true });

  // The reminder: not too early, once for the one invited party still open (municipality), with a fresh valid link.
  const mailer = partyMail(translatorFor(roadworksMessages)("de"));
  // The window counts working days as the deadline does (a weekend in between does not shorten it): the first day
  // whose ROADWORKS_REMINDER_DAYS working days reach the deadline.
  let first = dueOn;
  while (addWorkingDays(addDays(first, -1), config.roadworks.reminderDays) >= dueOn) first = addDays(first, -1);
  assert.equal(await remindOpenConsents(db, config, mailer, berlinToUtc(addDays(first, -1), 600)), 0, "the day before the window: too early");
  const at = berlinToUtc(first, 600);
  assert.equal(await remindOpenConsents(db, config, mailer, at), 1);
  assert.equal(await remindOpenConsents(db, config, mailer, at), 0, "once");
  assert.equal(await remindOpenConsents(db, config, mailer, berlinToUtc(dueOn, 600)), 0, "once, also on the deadline");
  const reminders = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "roadworks.consent_reminder").execute();
  assert.equal(reminders.length, 1);
  assert.equal(reminders[0]!.recipient, consents.find((c) => c.party === "municipality")!.invited_email);
  assert.match(reminders[0]!.subject, new RegExp(`Erinnerung: Stellungnahme zur Baustelle BS-\\d{4}-[0-9A-F]{6} bis ${dueOn}`));
  const fresh = tokenIn(reminders[0]!.body)!;
  assert.notEqual(fresh, munToken);
  assert.equal((await new Client(app).get(`/baustellen/stellungnahme?t=${fresh}`)).statusCode, 200, "the reminder's link works");
  const reminded = await db.selectFrom("roadworks_consents").select(["party", "reminded_at"]).where("roadwork_id", "=", workId).execute();
  assert.deepEqual(reminded.filter((c) => c.reminded_at).map((c) => c.party), ["municipality"]);
  assert.equal((await db.selectFrom("audit_log").select("id").where("object_id", "=", workId).where("action", "=", "roadworks.consent_reminded").execute()).length, 1);
  assert.match((await staff.get(detailUrl)).body, /erinnert/);
});
