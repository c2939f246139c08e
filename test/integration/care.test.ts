/**
 * Care-place exchange (issue 17): public search with freshness, provider accounts reporting their own
 * provider's places (and nobody else's), county staff keeping providers, audit, API token, search.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { remindStaleProviders, seedCareDemo } from "../../src/modules/care/index.js";

const MUEHLACKER = "08236040";

async function csrfOf(c: Client, url: string): Promise<string> {
  const page = await c.get(url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
  return token;
}

const providerId = async (db: Awaited<ReturnType<typeof buildTestApp>>["db"], name: string) => (await db.selectFrom("care_providers").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
const auditActions = async (db: Awaited<ReturnType<typeof buildTestApp>>["db"], objectId: string) =>
  (await db.selectFrom("audit_log").select(["action", "actor_type", "actor_id"]).where("object_id", "=", objectId).orderBy("id").execute());

test("issue 17: public search without login shows fresh free places first and marks old numbers as not current", async (t) => {
  const { app, db } = await buildTestApp(t);
  assert.equal(await seedCareDemo(db), 15);
  assert.equal(await seedCareDemo(db), 0, "demo data is idempotent");

  const anon = new Client(app);
  const page = await anon.get(`/pflegeplaetze?gemeinde=${MUEHLACKER}&art=kurzzeit`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(page.body, /Demo-Eintrag \(erfunden\)/);
  assert.match(page.body, /Kurzzeitpflege:<\/strong> 2 frei/);
  assert.match(page.body, /Stand: /);
  assert.doesNotMatch(page.body, /Tagespflege Senderhang/, "only providers offering the kind");

  // All short-term places of the county: fresh free places (most first), then old ones, then none free.
  const all = await anon.get("/pflegeplaetze?art=kurzzeit");
  const order = [...all.body.matchAll(/href="\/pflegeplaetze\/anbieter\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.deepEqual(order, ["Pflegezentrum Kämpfelbach-Aue (Demo)", "Pflegeheim Am Enzufer (Demo)", "Klosterhof-Pflege Maulbronn (Demo)", "Haus am Schlossberg Neuenbürg (Demo)"]);
  assert.match(all.body, /nicht aktuell \(vor 5 Tagen gemeldet\)/);

  // Postcode filter; a bad postcode is an error next to the field, the input kept.
  const byPostcode = await anon.get("/pflegeplaetze?plz=75305");
  assert.match(byPostcode.body, /Ambulanter Dienst Schlossberg/);
  assert.doesNotMatch(byPostcode.body, /Enzufer/);
  const bad = await anon.get("/pflegeplaetze?plz=75x");
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /id="plz-error"/);
  assert.match(bad.body, /value="75x"/);

  // The provider page shows every kind with its freshness.
  const id = await providerId(db, "Haus am Schlossberg Neuenbürg (Demo)");
  const detail = await anon.get(`/pflegeplaetze/anbieter/${id}`);
  assert.equal(detail.statusCode, 200);
  assert.match(detail.body, /nicht aktuell \(vor 8 Tagen gemeldet\)/);
  assert.match(detail.body, /Nachtpflege[\s\S]*noch keine Meldung/);
  assert.equal((await anon.get("/pflegeplaetze/anbieter/00000000-0000-4000-8000-000000000000")).statusCode, 404);

  // The JSON API: the same order, with reportedAt and stale.
  const api = await app.inject({ url: "/api/v1/care/providers?kind=kurzzeit" });
  assert.equal(api.statusCode, 200);
  const items = api.json().items as Array<{ name: string; places: Array<{ kind: string; freePlaces: number; stale: boolean }> }>;
  assert.equal(items[0]?.name, "Pflegezentrum Kämpfelbach-Aue (Demo)");
  assert.equal(items.find((i) => i.name.startsWith("Klosterhof"))?.places.find((p) => p.kind === "kurzzeit")?.stale, true);
  const badApi = await app.inject({ url: "/api/v1/care/providers?ags=123" });
  assert.equal(badApi.statusCode, 400);
  assert.match(badApi.headers["content-type"] as string, /problem\+json/);

  // Providers are search documents: "kurzzeitpflege mühlacker" finds the Mühlacker home first.
  const search = app.services.search!;
  await search.refreshIfChanged();
  const hits = (await search.search("kurzzeitpflege mühlacker")).hits;
  assert.equal(hits[0]?.doc.url, `/pflegeplaetze/anbieter/${await providerId(db, "Pflegeheim Am Enzufer (Demo)")}`);
  assert.ok((await search.search("pflegeplatz frei")).hits.some((h) => h.doc.url.startsWith("/pflegeplaetze/anbieter/")));
  const viaApi = await app.inject({ url: "/api/v1/search?q=hospiz%20pforzheim" });
  assert.match(viaApi.body, /Hospiz Goldstadt/);
});

test("issue 17: county staff create a provider and link an account; only that account reports the provider's places; everything audited", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const staff = await signedIn(app, db, { email: "pflegestuetzpunkt@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const home = await signedIn(app, db, { email: "heimleitung@example.org", kind: "citizen" });
  const other = await signedIn(app, db, { email: "andere@example.org", kind: "citizen" });

  // Citizens do not get the county's pages.
  assert.equal((await home.get("/verwaltung/pflege")).statusCode, 403);
  assert.equal((await staff.get("/verwaltung/pflege")).statusCode, 200);

  // Bad input: errors next to the fields and in the summary, input kept.
  const badCreate = await staff.submit("/verwaltung/pflege/neu", "/verwaltung/pflege/neu", { name: "", street: "Hauptstraße 1", postcode: "7541", town: "Mühlacker", gemeinde: "99999999", website: "http://x" });
  assert.equal(badCreate.statusCode, 422);
  for (const f of ["name", "kinds", "gemeinde", "postcode", "website"]) assert.match(badCreate.body, new RegExp(`href="#${f}"`), f);
  assert.match(badCreate.body, /value="Hauptstraße 1"/);

  // Without the CSRF token: refused.
  const noCsrf = await staff.post("/verwaltung/pflege/neu", { name: "X", kinds: "kurzzeit" });
  assert.equal(noCsrf.statusCode, 403);

  const token = await csrfOf(staff, "/verwaltung/pflege/neu");
  const created = await staff.post("/verwaltung/pflege/neu", [
    ["_csrf", token],
    ["name", "Seniorenzentrum Lienzingen (Test)"],
    ["carrier", "Test-Träger"],
    ["kinds", "stationaer"],
    ["kinds", "kurzzeit"],
    ["gemeinde", MUEHLACKER],
    ["street", "Knittlinger Straße 4"],
    ["postcode", "75417"],
    ["town", "Mühlacker-Lienzingen"],
    ["phone", "07041 123"],
    ["email", "info@example.org"],
    ["website", "https://example.org"],
    ["description", ""],
    ["active", "yes"],
  ]);
  assert.equal(created.statusCode, 303, created.body);
  const id = /\/verwaltung\/pflege\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
  const row = await db.selectFrom("care_providers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.deepEqual(row.kinds, ["stationaer", "kurzzeit"]);
  assert.equal(row.ars, "082365004040");

  // Link the home's account (an unknown address is an error next to the field).
  const unknown = await staff.submit(`/verwaltung/pflege/${id}`, `/verwaltung/pflege/${id}/konten`, { memberEmail: "niemand@example.org" });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Kein aktives Bürgerkonto/);
  const linked = await staff.submit(`/verwaltung/pflege/${id}`, `/verwaltung/pflege/${id}/konten`, { memberEmail: "Heimleitung@example.org" });
  assert.equal(linked.statusCode, 303);
  assert.match((await staff.get(`/verwaltung/pflege/${id}`)).body, /heimleitung@example\.org/);

  // The home sees its provider and reports; bad numbers are refused with the input kept.
  const mine = await home.get("/pflegeplaetze/meine");
  assert.match(mine.body, /Seniorenzentrum Lienzingen \(Test\)/);
  assert.doesNotMatch((await other.get("/pflegeplaetze/meine")).body, /Lienzingen/);
  const report = `/pflegeplaetze/anbieter/${id}/melden`;
  const badReport = await home.submit(report, report, { n_stationaer: "-1", n_kurzzeit: "abc", ab_kurzzeit: "2026-13-40" });
  assert.equal(badReport.statusCode, 422);
  assert.match(badReport.body, /href="#n_stationaer"/);
  assert.match(badReport.body, /href="#n_kurzzeit"/);
  assert.match(badReport.body, /href="#ab_kurzzeit"/);
  assert.match(badReport.body, /value="abc"/);
  assert.equal((await home.submit(report, report, { n_stationaer: "1000", n_kurzzeit: "1" })).statusCode, 422, "absurd numbers are refused");
  const ok = await home.submit(report, report, { n_stationaer: "0", n_kurzzeit: "2" });
  assert.equal(ok.statusCode, 303);
  const places = await db.selectFrom("care_places").selectAll().where("provider_id", "=", id).orderBy("kind").execute();
  assert.deepEqual(places.map((p) => [p.kind, p.free_places]), [["kurzzeit", 2], ["stationaer", 0]]);

  // Another citizen may neither see the form nor report nor confirm, even with a valid CSRF token.
  assert.equal((await other.get(report)).statusCode, 403);
  const otherToken = await csrfOf(other, "/pflegeplaetze/meine");
  assert.equal((await other.post(report, { _csrf: otherToken, n_stationaer: "9", n_kurzzeit: "9" })).statusCode, 403);
  assert.equal((await other.post(`/pflegeplaetze/anbieter/${id}/bestaetigen`, { _csrf: otherToken })).statusCode, 403);
  // …and the home may not report for a demo provider it does not belong to.
  const foreign = await providerId(db, "Pflegeheim Am Enzufer (Demo)");
  assert.equal((await home.get(`/pflegeplaetze/anbieter/${foreign}/melden`)).statusCode, 403);
  assert.equal((await db.selectFrom("care_places").select("free_places").where("provider_id", "=", id).where("kind", "=", "kurzzeit").executeTakeFirstOrThrow()).free_places, 2);

  // Three days later the entry is stale; "Angaben sind aktuell" makes it fresh again.
  await db.updateTable("care_places").set({ reported_at: sql`now() - interval '4 days'` }).where("provider_id", "=", id).execute();
  assert.match((await home.get(`/pflegeplaetze/anbieter/${id}`)).body, /nicht aktuell \(vor 4 Tagen gemeldet\)/);
  assert.match((await staff.get("/verwaltung/pflege")).body, /Seniorenzentrum Lienzingen \(Test\)/);
  // The job reminds the home's account once per staleness episode (a mail with the link to the report page).
  await db.updateTable("care_providers").set({ reminded_at: new Date() }).where("id", "!=", id).execute();
  assert.equal(await remindStaleProviders(db, { publicUrl: "http://localhost:3000" }), 1);
  const reminder = await db.selectFrom("mail_queue").selectAll().where("kind", "=", "care.stale_reminder").execute();
  assert.equal(reminder.length, 1);
  assert.equal(reminder[0]?.recipient, "heimleitung@example.org");
  assert.match(reminder[0]?.body ?? "", new RegExp(`/pflegeplaetze/anbieter/${id}/melden`));
  assert.equal(await remindStaleProviders(db, { publicUrl: "http://localhost:3000" }), 0, "no second reminder for the same old numbers");
  const confirmed = await home.submit(report, `/pflegeplaetze/anbieter/${id}/bestaetigen`, {});
  assert.equal(confirmed.statusCode, 303);
  assert.doesNotMatch((await home.get(`/pflegeplaetze/anbieter/${id}`)).body, /nicht aktuell/);

  // Every write is in the audit log with its actor.
  const homeId = (await db.selectFrom("users").select("id").where("email", "=", "heimleitung@example.org").executeTakeFirstOrThrow()).id;
  const entries = await auditActions(db, id);
  assert.deepEqual(entries.map((e) => e.action), ["care.provider_created", "care.member_added", "care.places_reported", "care.stale_reminder_sent", "care.places_confirmed"]);
  assert.equal(entries[0]?.actor_type, "staff");
  assert.equal(entries[2]?.actor_id, homeId);

  // Staff remove the link: the account can no longer report.
  const removed = await staff.submit(`/verwaltung/pflege/${id}`, `/verwaltung/pflege/${id}/konten/${homeId}/entfernen`, {});
  assert.equal(removed.statusCode, 303);
  assert.equal((await home.get(report)).statusCode, 403);
});

test("issue 17: a provider account reports places with a personal API token (scope care:places), only for its own provider", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = await signedIn(app, db, { email: "heim@example.org", kind: "citizen" });
  const homeId = (await db.selectFrom("users").select("id").where("email", "=", "heim@example.org").executeTakeFirstOrThrow()).id;
  const own = await providerId(db, "Pflegeheim Am Enzufer (Demo)");
  const foreign = await providerId(db, "Klosterhof-Pflege Maulbronn (Demo)");
  await db.insertInto("care_provider_members").values({ provider_id: own, user_id: homeId, added_by: null }).execute();

  const csrf = await csrfOf(home, "/konto");
  const expiresOn = /name="expiresOn" value="([^"]*)"/.exec((await home.get("/konto")).body)?.[1] ?? "";
  const created = await home.post("/konto/api-zugaenge", [["_csrf", csrf], ["tokenName", "Heimsoftware"], ["scopes", "care:places"], ["expiresOn", expiresOn]]);
  const secret = /<code class="kp-secret" id="neues-token">(kp_[^<]+)<\/code>/.exec(created.body)?.[1];
  assert.ok(secret, `token created (${created.statusCode})`);
  const put = (id: string, body: unknown, auth = `Bearer ${secret}`) =>
    app.inject({ method: "PUT", url: `/api/v1/care/providers/${id}/places`, headers: { authorization: auth, "content-type": "application/json" }, payload: JSON.stringify(body) });

  const ok = await put(own, { places: [{ kind: "kurzzeit", freePlaces: 5 }] });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((ok.json().places as Array<{ kind: string; freePlaces: number; stale: boolean }>).find((p) => p.kind === "kurzzeit")?.freePlaces, 5);
  assert.equal((await put(foreign, { places: [{ kind: "kurzzeit", freePlaces: 5 }] })).statusCode, 403);
  assert.equal((await put(own, { places: [{ kind: "kurzzeit", freePlaces: -2 }] })).statusCode, 400);
  assert.equal((await put(own, { places: [{ kind: "kurzzeit", freePlaces: 100000 }] })).statusCode, 400);
  const notOffered = await put(own, { places: [{ kind: "hospiz", freePlaces: 1 }] });
  assert.equal(notOffered.statusCode, 422);
  assert.equal(notOffered.json().errors[0].path, "/places/0/kind");
  assert.equal((await put(own, { places: [{ kind: "kurzzeit", freePlaces: 1 }] }, "Bearer kp_wrong")).statusCode, 401);
  assert.equal((await put(own, { places: [{ kind: "kurzzeit", freePlaces: 1 }] }, "")).statusCode, 401);

  const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("object_id", "=", own).where("action", "=", "care.places_reported").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.equal(audit.actor_id, homeId);
});

test("issue 17 (security): only the care support point (role care_counsellor) and administrators keep providers and report for them; other staff get 403", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  // A clerk of the building office: a staff account, but not of the care support point.
  const clerk = await signedIn(app, db, { email: "bauamt@enzkreis.example", kind: "staff", roles: ["member"] });
  const admin = await signedIn(app, db, { email: "it@enzkreis.example", kind: "staff", roles: ["admin"] });
  const psp = await signedIn(app, db, { email: "psp@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const id = await providerId(db, "Pflegeheim Am Enzufer (Demo)");
  const before = await db.selectFrom("care_places").select(["kind", "free_places"]).where("provider_id", "=", id).orderBy("kind").execute();

  for (const path of ["/verwaltung/pflege", "/verwaltung/pflege/neu", `/verwaltung/pflege/${id}`, `/verwaltung/pflege/${id}/einladungen`, `/pflegeplaetze/anbieter/${id}/melden`]) {
    assert.equal((await clerk.get(path)).statusCode, 403, `clerk GET ${path}`);
    assert.equal((await admin.get(path)).statusCode, 200, `admin GET ${path}`);
    assert.equal((await psp.get(path)).statusCode, 200, `care support point GET ${path}`);
  }
  // Writes with a valid CSRF token of the clerk's own session are refused as well.
  const token = await csrfOf(clerk, "/konto");
  const writes: Array<[string, Record<string, string>]> = [
    ["/verwaltung/pflege/neu", { name: "Fremdheim", kinds: "kurzzeit", gemeinde: MUEHLACKER, street: "Weg 1", postcode: "75417", town: "Mühlacker" }],
    [`/verwaltung/pflege/${id}`, { name: "Umbenannt", kinds: "kurzzeit", gemeinde: MUEHLACKER, street: "Weg 1", postcode: "75417", town: "Mühlacker" }],
    [`/verwaltung/pflege/${id}/konten`, { memberEmail: "x@example.org" }],
    [`/verwaltung/pflege/${id}/einladungen`, { email: "x@example.org" }],
    [`/pflegeplaetze/anbieter/${id}/melden`, { n_stationaer: "9", n_kurzzeit: "9" }],
    [`/pflegeplaetze/anbieter/${id}/bestaetigen`, {}],
  ];
  for (const [path, body] of writes) assert.equal((await clerk.post(path, { _csrf: token, ...body })).statusCode, 403, `clerk POST ${path}`);
  assert.deepEqual(await db.selectFrom("care_places").select(["kind", "free_places"]).where("provider_id", "=", id).orderBy("kind").execute(), before);
  assert.equal((await db.selectFrom("care_providers").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name, "Pflegeheim Am Enzufer (Demo)");
  assert.equal((await db.selectFrom("care_providers").select("id").where("name", "=", "Fremdheim").execute()).length, 0);
  // The JSON API's place report goes through the same policy (authorizeReport with the roles): kinds.test.ts.
});
