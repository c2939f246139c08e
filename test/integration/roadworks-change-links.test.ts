/**
 * Issue 15, migration 0076: the parties answer a change round (later end, new area) through a mailed link like the first
 * round (hash only, once, unknown 404, errors next to the fields); the change is re-checked for conflicts with other
 * works when requested and staff see them on the round; the reminder job mails the open parties once; the company is
 * mailed the decision.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { buildTestApp, Client } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { remindOpenChangeConsents } from "../../src/modules/roadworks/commands/changeAnswers.js";
import { changeMail, coordinatesText } from "../../src/modules/roadworks/presenters.js";
import { roadworksMessages } from "../../src/modules/roadworks/messages.js";
import { roadworksSpecialUseMessages } from "../../src/modules/roadworks/messagesSpecialUse.js";
import { translatorFor } from "../../src/platform/i18n/index.js";
import { addDays, berlinDate, berlinToUtc } from "../../src/platform/time/berlin.js";
import { addWorkingDays } from "../../src/platform/time/workingDays.js";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const tokenIn = (body: string | null) => /\/baustellen\/stellungnahme\/aenderung\?t=([A-Za-z0-9_-]+)/.exec(body ?? "")?.[1];

test("issue 15: change rounds answered by link, re-checked for conflicts, reminded once, the company mailed the decision", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, config } = ta;
  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@aenderung.example", "Änderung Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Änderung" }));
  const detail = `/verwaltung/baustellen/${id}`;
  await consentAndOrder(staff, detail);
  // Two other works: one next to the site starting two days after its end (another road), one far away in the same period.
  const nextDoor = await submitApplication(ta, c, application(companyId, addDays(end, 2), addDays(end, 20), { titel: "Gasleitung Bahnhofstraße", strasse: "Bahnhofstraße", lage: "48.9492, 8.8405", umleitung: "" }));
  const farAway = await submitApplication(ta, c, application(companyId, start, end, { titel: "Glasfaser Industriestraße", strasse: "Industriestraße", lage: "48.9700, 8.8700", umleitung: "" }));
  const firstCheck = await staff.get(detail);
  assert.doesNotMatch(firstCheck.body, /Gasleitung Bahnhofstraße/, "no conflict in the ordered period");

  // A later end: the round is re-checked – the work next door now overlaps; staff see it on the round.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 5), begruendung: "Felsgestein" })).statusCode, 303);
  const round1 = await db.selectFrom("roadworks_extensions").selectAll().where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  assert.deepEqual(round1.conflicts.map((x) => [x.kind, x.id, x.reason]), [["roadwork", nextDoor, "near"]]);
  const page = await staff.get(detail);
  assert.match(page.body, /Konflikte der Änderung/);
  assert.match(page.body, new RegExp(`href="/verwaltung/baustellen/${nextDoor}">Gasleitung Bahnhofstraße`));
  const requested = await db.selectFrom("audit_log").select("details").where("object_id", "=", id).where("action", "=", "roadworks.extension_requested").executeTakeFirstOrThrow();
  assert.equal((requested.details as { conflicts: number }).conflicts, 1);

  // Each party with an address gets a link; only the token's hash is stored.
  const mails = await db.selectFrom("mail_queue").select(["recipient", "body"]).where("kind", "=", "roadworks.extension_request").where("ref", "=", id).execute();
  assert.equal(mails.length, 3);
  const links = await db.selectFrom("roadworks_extension_links").selectAll().where("extension_id", "=", round1.id).execute();
  const tokenOf: Record<string, string> = {};
  for (const m of mails) {
    const token = tokenIn(m.body)!;
    assert.ok(token, "a link in the mail");
    const link = links.find((l) => l.token_hash === sha256(token))!;
    assert.ok(link, "the hash is stored");
    assert.equal(link.email, m.recipient);
    tokenOf[link.party] = token;
    assert.ok(!links.some((l) => l.token_hash === token), "never the token itself");
  }
  assert.match(mails[0]!.body ?? "", new RegExp(`Neues Ende: ${addDays(end, 5)}`));

  // The police answer on the link page: the change is shown; an error first (input kept), then consent with conditions; once.
  const anon = new Client(app);
  const url = `/baustellen/stellungnahme/aenderung?t=${tokenOf.police}`;
  const form = await anon.get(url);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Stellungnahme zur Änderung der Baustelle BS-/);
  assert.match(form.body, /Beantragte Änderung/);
  assert.match(form.body, new RegExp(addDays(end, 5)));
  assert.equal((await anon.get(`/baustellen/stellungnahme/aenderung/zeichenplan?t=${tokenOf.police}`)).statusCode, 200, "the sign plan through the link");
  const bad = await anon.submit(url, "/baustellen/stellungnahme/aenderung", { t: tokenOf.police!, antwort: "conditions", auflagen: "", name: "PHK Maier" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#auflagen"/);
  assert.match(bad.body, /value="PHK Maier"/, "input kept");
  const ok = await anon.submit(url, "/baustellen/stellungnahme/aenderung", { t: tokenOf.police!, antwort: "conditions", auflagen: "Baken bis zum neuen Ende stehen lassen", name: "PHK Maier" });
  assert.equal(ok.statusCode, 303);
  assert.equal((await anon.get(url)).statusCode, 409, "answered once");
  assert.equal((await anon.get(`/baustellen/stellungnahme/aenderung?t=${"x".repeat(43)}`)).statusCode, 404);
  assert.equal((await anon.get(`/baustellen/stellungnahme?t=${tokenOf.bus}`)).statusCode, 404, "a change link is no first-round link");
  assert.equal((await new Client(app).submit(`/baustellen/stellungnahme/aenderung?t=${tokenOf.bus}`, "/baustellen/stellungnahme/aenderung", { t: tokenOf.bus!, antwort: "agree", name: "Disposition Enzbus" })).statusCode, 303);

  // The reminder job: not too early; the municipality (still open) once, also when the job runs twice; a fresh link.
  const mailer = changeMail(translatorFor(roadworksMessages, roadworksSpecialUseMessages)("de"));
  const open = await db.selectFrom("roadworks_extension_consents").select("due_on").where("extension_id", "=", round1.id).where("party", "=", "municipality").executeTakeFirstOrThrow();
  assert.equal(await remindOpenChangeConsents(db, config, mailer, coordinatesText, berlinToUtc(addDays(open.due_on, -10), 600)), 0, "too early");
  // Bring the deadline within the reminder window of today, then run the registered job twice.
  await db.updateTable("roadworks_extension_consents").set({ due_on: addWorkingDays(berlinDate(new Date()), 1) }).where("extension_id", "=", round1.id).execute();
  const job = app.registry.jobs.find((j) => j.name === "roadworks-change-reminder");
  assert.ok(job?.cron, "registered as a cron job");
  await job!.handler({ db, config, mailer: app.deps.mailer, app }, {});
  await job!.handler({ db, config, mailer: app.deps.mailer, app }, {});
  const reminders = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "roadworks.extension_reminder").where("ref", "=", id).execute();
  assert.equal(reminders.length, 1, "once");
  assert.equal(reminders[0]!.recipient, mails.find((m) => tokenIn(m.body) === tokenOf.municipality)!.recipient);
  assert.match(reminders[0]!.subject, /Erinnerung: Stellungnahme zur Änderung der Baustelle BS-/);
  const fresh = tokenIn(reminders[0]!.body)!;
  assert.notEqual(fresh, tokenOf.municipality);
  assert.equal((await db.selectFrom("audit_log").select("id").where("object_id", "=", id).where("action", "=", "roadworks.extension_consent_reminded").execute()).length, 1);
  assert.match((await staff.get(detail)).body, /erinnert/);
  assert.equal((await new Client(app).submit(`/baustellen/stellungnahme/aenderung?t=${fresh}`, "/baustellen/stellungnahme/aenderung", { t: fresh, antwort: "agree", name: "Ordnungsamt Mühlacker" })).statusCode, 303);

  // Staff see the answers with who gave them; grant; the company's address and the applicant are mailed.
  const answered = await staff.get(detail);
  assert.match(answered.body, /PHK Maier, über den Link/);
  assert.match(answered.body, /Baken bis zum neuen Ende stehen lassen/);
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round1.id, entscheidung: "granted" })).statusCode, 303);
  const decided = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "roadworks.extension_decided").where("ref", "=", id).execute();
  assert.deepEqual(decided.map((m) => m.recipient).sort(), ["bau@aenderung.example", "info@aenderung.example"]);
  assert.match(decided[0]!.subject, /Entscheidung über die Änderung Ihrer Baustelle BS-/);
  assert.match(decided[0]!.body ?? "", new RegExp(`entschieden: erteilt\\.\\nEnde: ${addDays(end, 5)}`));
  assert.match(decided[0]!.body ?? "", /\/baustellen\/meine/);
  assert.equal((await anon.get(`/baustellen/stellungnahme/aenderung?t=${fresh}`)).statusCode, 409);

  // A new area next to the far-away work: re-checked, that work is listed; refused – the company learns it too.
  assert.equal((await staff.submit(detail, `${detail}/ende`, { neuesEnde: "", neueLage: "48.9699, 8.8699; 48.9702, 8.8703" })).statusCode, 303);
  const round2 = await db.selectFrom("roadworks_extensions").selectAll().where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();
  assert.ok(round2.conflicts.some((x) => x.id === farAway), "the far-away work conflicts with the new area");
  assert.match((await staff.get(detail)).body, /Glasfaser Industriestraße/);
  const round2Mail = await db.selectFrom("mail_queue").select("body").where("kind", "=", "roadworks.extension_request").where("ref", "=", id).execute();
  const bus2 = round2Mail.map((m) => tokenIn(m.body)!).filter((tk) => !Object.values(tokenOf).includes(tk));
  assert.equal(bus2.length, 3, "new links for the new round");
  const closedAfter = await new Client(app).get(`/baustellen/stellungnahme/aenderung?t=${bus2[0]}`);
  assert.equal(closedAfter.statusCode, 200);
  assert.match(closedAfter.body, /48\.96990, 8\.86990/, "the new area on the page");
  assert.equal((await staff.submit(detail, `${detail}/verlaengerung/entscheiden`, { verlaengerung: round2.id, entscheidung: "refused" })).statusCode, 303);
  assert.equal((await new Client(app).get(`/baustellen/stellungnahme/aenderung?t=${bus2[0]}`)).statusCode, 409, "the round is closed");
  const refusedMail = await db.selectFrom("mail_queue").select("body").where("kind", "=", "roadworks.extension_decided").where("ref", "=", id).execute();
  assert.equal(refusedMail.length, 4);
  assert.ok(refusedMail.some((m) => /entschieden: abgelehnt\.\nEnde: /.test(m.body ?? "")));

  // Audit: link answers with party and kind, never the typed name.
  const answers = await db.selectFrom("audit_log").select(["details", "actor_type"]).where("object_id", "=", id).where("action", "=", "roadworks.extension_consent_answered").execute();
  assert.equal(answers.length, 3);
  assert.ok(answers.every((a) => !JSON.stringify(a.details).includes("Maier") && (a.details as { via: string }).via === "link"));
});
