/**
 * Issue 17: mails to providers follow each provider account's language (German for a provider's public address
 * without accounts); an invitation, sent before the person has an account, is German and English.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, signedIn } from "../helpers.js";
import { remindStaleProviders, seedCareDemo } from "../../src/modules/care/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

test("provider mails (request, withdrawal, stale reminder) in each account's language; the invitation in German and English", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = (await db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow()).id;
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  await signedIn(app, db, { email: "home-en@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "heim-de@example.org", kind: "citizen" });
  await db.updateTable("users").set({ locale: "en" }).where("email", "=", "home-en@example.org").execute();
  for (const memberEmail of ["home-en@example.org", "heim-de@example.org"]) assert.equal((await staff.submit(`/verwaltung/pflege/${home}`, `/verwaltung/pflege/${home}/konten`, { memberEmail })).statusCode, 303);

  // A request: one mail per account, each in its language, link only.
  const social = await signedIn(app, db, { email: "sozialdienst@klinik.example", kind: "citizen" });
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const form = `/pflegeplaetze/anfrage?anbieter=${home}&art=kurzzeit&ab=${tomorrow}&gemeinde=08236043`;
  const sent = await social.submit(form, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: "08236043" });
  assert.equal(sent.statusCode, 303, sent.body);
  const byRecipient = async (kind: string) => Object.fromEntries((await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", kind).execute()).map((m) => [m.recipient, m]));
  const requests = await byRecipient("care.request");
  assert.match(requests["home-en@example.org"]!.subject, /^New request in the care-place exchange: Pflegeheim Am Enzufer/);
  assert.match(requests["home-en@example.org"]!.body ?? "", /Please answer it in the portal:\n\S+\/pflegeplaetze\/anbieter\/[0-9a-f-]+\/anfragen/);
  assert.match(requests["heim-de@example.org"]!.subject, /^Neue Anfrage in der Pflegebörse: Pflegeheim Am Enzufer/);
  assert.match(requests["heim-de@example.org"]!.body ?? "", /Bitte antworten Sie im Portal/);

  // Withdrawn by the requester: the providers are told, each in its language.
  const requestId = (await db.selectFrom("care_requests").select("id").executeTakeFirstOrThrow()).id;
  assert.equal((await social.submit("/pflegeplaetze/anfragen", `/pflegeplaetze/anfragen/${requestId}/zurueckziehen`, {})).statusCode, 303);
  const withdrawn = await byRecipient("care.request_withdrawn");
  assert.equal(withdrawn["home-en@example.org"]!.subject, "Request in the care-place exchange withdrawn");
  assert.equal(withdrawn["heim-de@example.org"]!.subject, "Anfrage in der Pflegebörse zurückgezogen");

  // Stale numbers: the reminder too.
  await db.updateTable("care_places").set({ reported_at: sql`now() - interval '4 days'` }).where("provider_id", "=", home).execute();
  await db.updateTable("care_providers").set({ reminded_at: new Date() }).where("id", "!=", home).execute();
  assert.equal(await remindStaleProviders(db, config), 1);
  const stale = await byRecipient("care.stale_reminder");
  assert.match(stale["home-en@example.org"]!.body ?? "", /are older than 72 hours[\s\S]*“Details are current”/);
  assert.match(stale["heim-de@example.org"]!.body ?? "", /älter als 72 Stunden/);

  // An invitation (no account yet, so no language): German first, then English, one link in both.
  assert.equal((await staff.submit(`/verwaltung/pflege/${home}/einladungen`, `/verwaltung/pflege/${home}/einladungen`, { email: "neu@example.org" })).statusCode, 303);
  const invitation = (await byRecipient("care.invitation"))["neu@example.org"]!;
  assert.match(invitation.subject, /^Einladung in die Pflegebörse/);
  const links = [...(invitation.body ?? "").matchAll(/\/pflegeplaetze\/einladung\?t=([A-Za-z0-9_-]{32})/g)].map((m) => m[1]);
  assert.equal(links.length, 2);
  assert.equal(links[0], links[1]);
  assert.match(invitation.body ?? "", /lädt Sie ein[\s\S]*English[\s\S]*invites you to report/);
});
