/**
 * Issue 17, "done when" as a new user would try it: a home in Mühlacker reports two short-term places; a
 * hospital social worker finds them for a patient from Neuenbürg by distance from tomorrow, sends a
 * request (without consent: only the anonymous need), and sees the home's answer; three days later the
 * entry is stale and the home got a reminder. Also: consent, the provider's 403, the request flood limit.
 *
 * Geography: the centres of Neuenbürg and Mühlacker are about 21 km apart, so the "within 15 km"
 * does not reach Mühlacker; the social worker widens the radius to 25 km (15 km is checked too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { remindStaleProviders, seedCareDemo, takeCareSnapshot } from "../../src/modules/care/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const NEUENBUERG = "08236043";
const names = (body: string) => [...body.matchAll(/<h3 class="kern-heading-small">\s*<a class="kern-link" href="\/pflegeplaetze\/anbieter\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

test("issue 17 journey: report, distance search from tomorrow, request without consent, answer, stale and reminder", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = await providerIdOf(db, "Pflegeheim Am Enzufer (Demo)");
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const homeAccount = await signedIn(app, db, { email: "heim@example.org", kind: "citizen" });
  const social = await signedIn(app, db, { email: "sozialdienst@klinik.example", kind: "citizen" });
  const other = await signedIn(app, db, { email: "andere@example.org", kind: "citizen" });
  assert.equal((await staff.submit(`/verwaltung/pflege/${home}`, `/verwaltung/pflege/${home}/konten`, { memberEmail: "heim@example.org" })).statusCode, 303);

  // Yesterday the home had no short-term place (the daily snapshot counted 0); today it reports two.
  const report = `/pflegeplaetze/anbieter/${home}/melden`;
  assert.equal((await homeAccount.submit(report, report, { n_stationaer: "0", n_kurzzeit: "0" })).statusCode, 303);
  assert.ok((await takeCareSnapshot(db, { now: new Date(Date.now() - 86_400_000) })) > 0);
  assert.equal((await homeAccount.submit(report, report, { n_stationaer: "0", n_kurzzeit: "2" })).statusCode, 303);
  await takeCareSnapshot(db);

  // The social worker searches from Neuenbürg, short-term care, from tomorrow.
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const near = await social.get(`/pflegeplaetze?gemeinde=${NEUENBUERG}&umkreis=15&art=kurzzeit&ab=${tomorrow}`);
  assert.equal(near.statusCode, 200);
  assert.deepEqual(names(near.body), ["Pflegezentrum Kämpfelbach-Aue (Demo)"], "15 km: Remchingen (free places), not Neuenbürg's home (0 free) nor Mühlacker (21 km)");
  const wide = await social.get(`/pflegeplaetze?gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit&ab=${tomorrow}`);
  assert.deepEqual(names(wide.body), ["Pflegezentrum Kämpfelbach-Aue (Demo)", "Pflegeheim Am Enzufer (Demo)", "Klosterhof-Pflege Maulbronn (Demo)"], "fresh first, nearest first; Maulbronn's number is old");
  assert.ok(/Enzstraße 12, 75417 Mühlacker · etwa 2[12] km entfernt/.test(wide.body), /75417 Mühlacker[^<]*/.exec(wide.body)?.[0]);
  // A date later than the free-from date of a place: a place free only from a later day does not match.
  await db.updateTable("care_places").set({ available_from: addDays(tomorrow, 10) }).where("provider_id", "=", await providerIdOf(db, "Pflegezentrum Kämpfelbach-Aue (Demo)")).where("kind", "=", "kurzzeit").execute();
  assert.deepEqual(names((await social.get(`/pflegeplaetze?gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit&ab=${tomorrow}`)).body).slice(0, 1), ["Pflegeheim Am Enzufer (Demo)"]);
  // Specialisation and language filters.
  assert.deepEqual(names((await social.get(`/pflegeplaetze?gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit&spez=demenz&sprache=tr`)).body), ["Pflegeheim Am Enzufer (Demo)"]);
  // Radius without a place: error next to the field.
  const noPlace = await social.get("/pflegeplaetze?umkreis=15");
  assert.equal(noPlace.statusCode, 422);
  assert.match(noPlace.body, /id="umkreis-error"/);
  // Postcode as origin (75305 = Neuenbürg).
  assert.ok(names((await social.get("/pflegeplaetze?plz=75305&umkreis=25&art=kurzzeit")).body).includes("Pflegeheim Am Enzufer (Demo)"));

  // The request link of the result, with the need filled in.
  const link = /href="(\/pflegeplaetze\/anfrage\?anbieter=[^"]+)"/.exec(wide.body.split("Pflegeheim Am Enzufer (Demo)")[1] ?? "")?.[1]?.replace(/&amp;/g, "&");
  assert.ok(link, "each result links to the request form");
  const form = await social.get(link!);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`value="${tomorrow}"`));
  // Bad input: no date, and consent without name.
  const bad = await social.submit(link!, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: "", gemeinde: NEUENBUERG, einwilligung: "ja" });
  assert.equal(bad.statusCode, 422);
  for (const f of ["ab", "personName", "personContact"]) assert.match(bad.body, new RegExp(`id="${f}-error"`), f);
  // Without consent: the name typed in is not stored, only the anonymous need.
  const sent = await social.submit(link!, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG, spez: "demenz", personName: "Erna Beispiel", personContact: "07082 1234", note: "Sturz" });
  assert.equal(sent.statusCode, 303, sent.body);
  const secretUrl = sent.headers.location as string;
  assert.match(secretUrl, /^\/pflegeplaetze\/anfrage\/[A-Za-z0-9_-]{32}\?gesendet=1$/);
  const stored = await db.selectFrom("care_requests").selectAll().execute();
  assert.equal(stored.length, 1);
  assert.deepEqual([stored[0]!.consent, stored[0]!.person_name, stored[0]!.person_contact, stored[0]!.note], [false, "", "", ""]);
  assert.match((await social.get(secretUrl)).body, /nur der Bedarf wurde gesendet/);
  // The home's mail holds a link only.
  const mails = await db.selectFrom("mail_queue").selectAll().where("kind", "=", "care.request").execute();
  assert.deepEqual(mails.map((m) => m.recipient), ["heim@example.org"]);
  assert.match(mails[0]!.body ?? "", new RegExp(`/pflegeplaetze/anbieter/${home}/anfragen`));
  assert.doesNotMatch(mails[0]!.body ?? "", /Neuenbürg|Kurzzeit|Erna/);

  // The home answers in the portal; another account may not see or answer.
  const inbox = `/pflegeplaetze/anbieter/${home}/anfragen`;
  const requestId = stored[0]!.id;
  assert.equal((await other.get(inbox)).statusCode, 403);
  const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get("/pflegeplaetze/meine")).body)![1]!;
  assert.equal((await other.post(`${inbox}/${requestId}`, { _csrf: otherToken, [`antwort-${requestId}`]: "available" })).statusCode, 403);
  const inboxPage = await homeAccount.get(inbox);
  assert.match(inboxPage.body, /Ohne Angaben zur Person/);
  assert.doesNotMatch(inboxPage.body, /Erna/);
  const noAnswer = await homeAccount.submit(inbox, `${inbox}/${requestId}`, {});
  assert.equal(noAnswer.statusCode, 422);
  assert.match(noAnswer.body, new RegExp(`id="antwort-${requestId}-error"`));
  assert.equal((await homeAccount.submit(inbox, `${inbox}/${requestId}`, { [`antwort-${requestId}`]: "available", [`notiz-${requestId}`]: "Bitte bis Freitag melden" })).statusCode, 303);

  // The social worker sees the answer in one list (signed in) and behind the secret link (anyone holding it).
  const mine = await social.get("/pflegeplaetze/anfragen");
  assert.match(mine.body, /Pflegeheim Am Enzufer \(Demo\)[\s\S]*Platz verfügbar[\s\S]*Bitte bis Freitag melden/);
  assert.match((await new Client(app).get(secretUrl.split("?")[0]!)).body, /Platz verfügbar/);
  assert.doesNotMatch((await other.get("/pflegeplaetze/anfragen")).body, /Enzufer/);
  assert.equal((await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "care.request_answered").executeTakeFirstOrThrow()).recipient, "sozialdienst@klinik.example");

  // With consent the details go to the provider.
  await social.submit(link!, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG, einwilligung: "ja", personName: "Erna Beispiel", personContact: "07082 1234" });
  assert.match((await homeAccount.get(inbox)).body, /Person: Erna Beispiel, Kontakt: 07082 1234/);
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "details"]).where("object_type", "=", "care_request").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["care.request_sent", "care.request_answered", "care.request_sent"]);
  assert.doesNotMatch(JSON.stringify(audit), /Erna/);

  // Three days later: stale, and the home gets a reminder.
  await db.updateTable("care_places").set({ reported_at: sql`now() - interval '4 days'` }).where("provider_id", "=", home).execute();
  await db.updateTable("care_providers").set({ reminded_at: new Date() }).where("id", "!=", home).execute();
  assert.match((await social.get(`/pflegeplaetze/anbieter/${home}`)).body, /nicht aktuell \(vor 4 Tagen gemeldet\)/);
  assert.equal(await remindStaleProviders(db, config), 1);
  assert.equal((await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "care.stale_reminder").executeTakeFirstOrThrow()).recipient, "heim@example.org");
  // The aggregate figures show the change (chart, table, CSV, JSON), aggregates only.
  const figures = await new Client(app).get(`/pflegeplaetze/zahlen?art=kurzzeit&gemeinde=08236040`);
  assert.equal(figures.statusCode, 200);
  assert.deepEqual([...figures.body.matchAll(/<g data-key="[^"]+" data-value="(\d+)">/g)].map((m) => m[1]), ["0", "2"]);
  const csv = await new Client(app).get(`/pflegeplaetze/zahlen.csv?art=kurzzeit&gemeinde=08236040`);
  assert.match(csv.headers["content-type"] as string, /text\/csv/);
  const lines = csv.body.trim().split("\r\n");
  assert.equal(lines[0], "tag,angebot,gemeinde_ags,einrichtungen,einrichtungen_aktuell,freie_plaetze");
  assert.deepEqual(lines.slice(1).map((l) => l.split(",").slice(1).join(",")), ["kurzzeit,08236040,1,1,0", "kurzzeit,08236040,1,1,2"]);
  assert.doesNotMatch(csv.body, /Erna|Enzufer/);
  const json = await app.inject({ url: "/api/v1/care/figures?kind=kurzzeit&ags=08236040" });
  assert.deepEqual((json.json().items as Array<{ freePlaces: number }>).map((i) => i.freePlaces), [0, 2]);
  assert.equal((await app.inject({ url: "/pflegeplaetze/zahlen.csv?art=xyz" })).statusCode, 400);

  // After more than CARE_DROP_AFTER_DAYS the home drops out of the results.
  await db.updateTable("care_places").set({ reported_at: sql`now() - interval '15 days'` }).where("provider_id", "=", home).execute();
  assert.ok(!names((await social.get(`/pflegeplaetze?gemeinde=${NEUENBUERG}&umkreis=25&art=kurzzeit`)).body).includes("Pflegeheim Am Enzufer (Demo)"));
});

test("issue 17: floods of requests are limited", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = await providerIdOf(db, "Pflegeheim Am Enzufer (Demo)");
  const anon = new Client(app);
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await anon.submit(`/pflegeplaetze/anfrage?anbieter=${home}`, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: addDays(berlinDate(new Date()), 2), gemeinde: NEUENBUERG })).statusCode);
  assert.deepEqual(statuses.slice(0, 5), [303, 303, 303, 303, 303]);
  assert.equal(statuses[6], 429);
  assert.equal(Number((await db.selectFrom("care_requests").select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow()).n), 5);
});

async function providerIdOf(db: Awaited<ReturnType<typeof buildTestApp>>["db"], name: string) {
  return (await db.selectFrom("care_providers").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

test("issue 17: the counselling page links the support points and catalogue services; the portal search finds care", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const page = await new Client(app).get("/pflegeplaetze/beratung");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Pflegestützpunkt Enzkreis – Außenstelle Mühlacker \(Demo\)/);
  assert.match(page.body, /Demo-Daten/);
  assert.match(page.body, /href="\/leistungen\/99107014000000"/, "Hilfe zur Pflege from the catalogue");
  assert.match(page.body, /href="\/leistungen\/99107049000000"/, "Pflegewohngeld from the catalogue");
  const search = app.services.search!;
  await search.refreshIfChanged();
  for (const q of ["pflegeplatz frei", "kurzzeitpflege mühlacker", "heim für oma"]) {
    const hits = (await search.search(q)).hits.slice(0, 5).map((h) => h.doc.url);
    assert.ok(hits.some((u) => u.startsWith("/pflegeplaetze")), `${q}: ${hits.join(", ")}`);
  }
  const oma = await new Client(app).get("/suche?q=heim+f%C3%BCr+oma");
  assert.match(oma.body, /href="\/pflegeplaetze/);
});
