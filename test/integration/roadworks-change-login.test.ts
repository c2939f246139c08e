/**
 * Issue 15, migration 0084: the municipality's staff answer a change round signed in, from their work list and the
 * cases inbox, like the first round: only members of the work's municipality's org unit (the county's traffic office,
 * another municipality, a company account: 403), errors next to the fields with input kept, once, shown to the
 * authority as "angemeldet", audited without the name.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { application, companyAccount, consentAndOrder, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("issue 15: the municipality answers a change round signed in (only its staff, once)", { timeout: 240_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { db } = ta;
  const city = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const county = await staffOf(ta, "verkehr@enzkreis.example", "lra-08236-ordnung");
  const keltern = await staffOf(ta, "verkehr@keltern.example", "gem-08236070");
  const { c, companyId } = await companyAccount(ta, "bau@login-aenderung.example", "Login Änderung Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const end = addDays(start, 13);
  const id = await submitApplication(ta, c, application(companyId, start, end, { titel: "Kanal Login" }));
  const detail = `/verwaltung/baustellen/${id}`;
  const answerUrl = `${detail}/stellungnahme-gemeinde/aenderung`;
  await consentAndOrder(city, detail);

  // No open round: nothing to answer, nothing listed.
  assert.equal((await city.get(answerUrl)).statusCode, 404);
  assert.doesNotMatch((await city.get("/verwaltung/baustellen")).body, /stellungnahme-gemeinde\/aenderung/);

  assert.equal((await city.submit(detail, `${detail}/ende`, { neuesEnde: addDays(end, 5), begruendung: "Felsgestein" })).statusCode, 303);
  const round = await db.selectFrom("roadworks_extensions").select("id").where("roadwork_id", "=", id).where("status", "=", "consultation").executeTakeFirstOrThrow();

  // Listed on the work list and in the cases inbox of the municipality's staff, not of another municipality.
  const list = await city.get("/verwaltung/baustellen");
  assert.match(list.body, new RegExp(`href="${answerUrl}"`));
  assert.match(list.body, /Änderung: Kanal Login/);
  assert.match((await city.get("/verwaltung/vorgaenge")).body, /Stellungnahme der Gemeinde zur Änderung abgeben: BS-/);
  assert.doesNotMatch((await keltern.get("/verwaltung/baustellen")).body, /stellungnahme-gemeinde\/aenderung/);
  assert.doesNotMatch((await keltern.get("/verwaltung/vorgaenge")).body, /zur Änderung abgeben/);

  // Only the consulted body: the county's traffic office, another municipality and a company account get 403.
  for (const other of [county, keltern, c]) assert.equal((await other.get(answerUrl)).statusCode, 403);
  const page = await city.get(answerUrl);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Beantragte Änderung/);
  assert.match(page.body, new RegExp(addDays(end, 5)));
  for (const other of [county, keltern]) assert.equal((await other.submit("/verwaltung/baustellen", answerUrl, { antwort: "agree", name: "Fremd" })).statusCode, 403);

  // An error first (input kept), then an objection with its reason; once.
  const bad = await city.submit(answerUrl, answerUrl, { antwort: "objection", begruendung: "", name: "Ordnungsamt Mühlacker, Frau Roth" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /href="#begruendung"/);
  assert.match(bad.body, /value="Ordnungsamt Mühlacker, Frau Roth"/);
  const ok = await city.submit(answerUrl, answerUrl, { antwort: "objection", begruendung: "Stadtfest in der verlängerten Zeit", name: "Ordnungsamt Mühlacker, Frau Roth" });
  assert.equal(ok.statusCode, 303);
  const row = await db.selectFrom("roadworks_extension_consents").selectAll().where("extension_id", "=", round.id).where("party", "=", "municipality").executeTakeFirstOrThrow();
  assert.equal(row.answer, "refusal");
  assert.equal(row.text, "Stadtfest in der verlängerten Zeit");
  assert.equal(row.answered_via, "login");
  assert.equal(row.answered_name, "Ordnungsamt Mühlacker, Frau Roth");
  assert.ok(row.answered_by, "the account is kept");
  assert.equal((await city.get(answerUrl)).statusCode, 409);
  assert.equal((await city.submit(detail, answerUrl, { antwort: "agree", name: "Noch einmal" })).statusCode, 409);
  assert.doesNotMatch((await city.get("/verwaltung/baustellen")).body, /stellungnahme-gemeinde\/aenderung/);

  // The authority sees how it was answered; the audit has no name.
  assert.match((await city.get(detail)).body, /Ordnungsamt Mühlacker, Frau Roth, angemeldet/);
  const audit = await db.selectFrom("audit_log").select("details").where("object_id", "=", id).where("action", "=", "roadworks.extension_consent_answered").executeTakeFirstOrThrow();
  assert.deepEqual(audit.details, { extension: round.id, party: "municipality", answer: "objection", late: false, via: "login" });
  assert.doesNotMatch(JSON.stringify(audit.details), /Roth/);
});
