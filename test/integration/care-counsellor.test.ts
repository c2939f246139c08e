/**
 * Issue 17: the care support point's counsellors (role care_counsellor). The administration grants the role;
 * a counsellor sends a request on behalf of a family and sees its answers, records counselling; every
 * object is checked on the server: citizens, provider accounts and staff without the role 403, another
 * counsellor's notes and requests 404 and invisible.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser, signedIn, TEST_PASSWORD } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const NEUENBUERG = "08236043";
const PAGE = "/pflegeplaetze/beratung/faelle";

test("care counsellors: role from the administration, requests on behalf of families, counselling notes, each visible only to its counsellor", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = (await db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow()).id;
  const admin = await signedIn(app, db, { email: "admin@enzkreis.example", kind: "staff", roles: ["admin"] });

  // The administration grants the role on the account page; the role list offers it.
  const login = async (email: string) => {
    const c = new Client(app);
    assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: TEST_PASSWORD })).statusCode, 303);
    return c;
  };
  const grant = async (email: string) => {
    const id = await createTestUser(db, { email, kind: "staff" });
    const page = `/verwaltung/benutzer/${id}`;
    assert.match((await admin.get(page)).body, /value="care_counsellor"/);
    assert.equal((await admin.submit(page, `${page}/rollen`, { role: "care_counsellor", orgUnitId: "" })).statusCode, 303);
    assert.match((await admin.get(page)).body, /Pflegeberatung \(Pflegestützpunkt\)/);
    return login(email);
  };
  const anna = await grant("anna.beratung@enzkreis.example");
  const bert = await grant("bert.beratung@enzkreis.example");
  // A citizen cannot get the role (staff only).
  const citizenId = await createTestUser(db, { email: "familie@example.org", kind: "citizen" });
  assert.notEqual((await admin.submit(`/verwaltung/benutzer/${(await db.selectFrom("users").select("id").where("email", "=", "anna.beratung@enzkreis.example").executeTakeFirstOrThrow()).id}`, `/verwaltung/benutzer/${citizenId}/rollen`, { role: "care_counsellor", orgUnitId: "" })).statusCode, 303);
  assert.equal((await db.selectFrom("user_roles").select("role").where("user_id", "=", citizenId).execute()).length, 0);

  // Who may open the page: without login → sign-in; citizen, plain staff, provider account → 403.
  assert.equal((await new Client(app).get(PAGE)).statusCode, 303);
  const citizen = await login("familie@example.org");
  const staff = await signedIn(app, db, { email: "sachbearbeitung@enzkreis.example", kind: "staff" });
  const providerAccount = await signedIn(app, db, { email: "heim@example.org", kind: "citizen" });
  const providerUser = (await db.selectFrom("users").select("id").where("email", "=", "heim@example.org").executeTakeFirstOrThrow()).id;
  await db.insertInto("care_provider_members").values({ provider_id: home, user_id: providerUser, added_by: null }).execute();
  for (const c of [citizen, staff, providerAccount]) {
    assert.equal((await c.get(PAGE)).statusCode, 403);
    assert.equal((await c.post(PAGE, { gemeinde: NEUENBUERG, weg: "telefon", notiz: "x" })).statusCode, 403);
  }
  const annaPage = await anna.get(PAGE);
  assert.equal(annaPage.statusCode, 200);
  assert.match(annaPage.body, /Noch keine Anfragen/);

  // On behalf of a family: the request form says so; the request carries the counsellor.
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const form = await anna.get(`/pflegeplaetze/anfrage?anbieter=${home}`);
  assert.match(form.body, /als Pflegeberatung für eine Familie/);
  assert.doesNotMatch((await citizen.get(`/pflegeplaetze/anfrage?anbieter=${home}`)).body, /als Pflegeberatung für eine Familie/);
  const sent = await anna.submit(`/pflegeplaetze/anfrage?anbieter=${home}`, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG });
  assert.equal(sent.statusCode, 303);
  const req = await db.selectFrom("care_requests").select(["id", "counsellor_id", "requester_id"]).executeTakeFirstOrThrow();
  const annaId = (await db.selectFrom("users").select("id").where("email", "=", "anna.beratung@enzkreis.example").executeTakeFirstOrThrow()).id;
  assert.equal(req.counsellor_id, annaId);
  assert.equal(req.requester_id, annaId);
  // A citizen's request has no counsellor.
  await citizen.submit(`/pflegeplaetze/anfrage?anbieter=${home}`, "/pflegeplaetze/anfrage", { anbieter: home, art: "kurzzeit", ab: tomorrow, gemeinde: NEUENBUERG });
  assert.equal((await db.selectFrom("care_requests").select("id").where("counsellor_id", "is", null).execute()).length, 1);

  // The home answers; Anna sees the answer on her page, Bert does not see her request.
  const inbox = `/pflegeplaetze/anbieter/${home}/anfragen`;
  assert.equal((await providerAccount.submit(inbox, `${inbox}/${req.id}`, { [`antwort-${req.id}`]: "callback", [`notiz-${req.id}`]: "Bitte Rückruf" })).statusCode, 303);
  const withAnswer = (await anna.get(PAGE)).body;
  assert.match(withAnswer, /Bitte zurückrufen[\s\S]*Bitte Rückruf/);
  assert.doesNotMatch((await bert.get(PAGE)).body, /Bitte Rückruf/);

  // Recording counselling: errors at the fields, input kept; then saved and linked to the request.
  const bad = await anna.submit(PAGE, PAGE, { gemeinde: "", weg: "brieftaube", notiz: "Tochter ruft an" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="gemeinde-error"/);
  assert.match(bad.body, /id="weg-error"/);
  assert.match(bad.body, /Tochter ruft an/);
  assert.equal((await anna.submit(PAGE, PAGE, { gemeinde: NEUENBUERG, art: "kurzzeit", weg: "telefon", notiz: "Tochter ruft an, Kurzzeitpflege nach Krankenhaus", anfrage: req.id })).statusCode, 303);
  const note = await db.selectFrom("care_counselling_notes").selectAll().executeTakeFirstOrThrow();
  assert.equal(note.counsellor_id, annaId);
  assert.equal(note.request_id, req.id);
  assert.match((await anna.get(PAGE)).body, /Tochter ruft an, Kurzzeitpflege/);

  // Bert: does not see Anna's note, cannot link his note to her request (404), cannot delete her note (404).
  const bertPage = (await bert.get(PAGE)).body;
  assert.doesNotMatch(bertPage, /Tochter ruft an/);
  assert.doesNotMatch(bertPage, new RegExp(req.id));
  assert.equal((await bert.submit(PAGE, PAGE, { gemeinde: NEUENBUERG, weg: "telefon", notiz: "fremd", anfrage: req.id })).statusCode, 404);
  assert.equal((await bert.submit(PAGE, `/pflegeplaetze/beratung/notizen/${note.id}/loeschen`, {})).statusCode, 404);
  assert.equal((await staff.post(`/pflegeplaetze/beratung/notizen/${note.id}/loeschen`, {})).statusCode, 403);
  assert.equal((await db.selectFrom("care_counselling_notes").select("id").execute()).length, 1, "nothing changed");

  // Audit: no note text, no names.
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "like", "care.counselling%").execute();
  assert.deepEqual(audit.map((a) => a.action), ["care.counselling_recorded"]);
  assert.doesNotMatch(JSON.stringify(audit), /Tochter/);

  // Anna deletes her own note.
  assert.equal((await anna.submit(PAGE, `/pflegeplaetze/beratung/notizen/${note.id}/loeschen`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("care_counselling_notes").select("id").execute()).length, 0);
  assert.equal((await anna.submit(PAGE, `/pflegeplaetze/beratung/notizen/${note.id}/loeschen`, {})).statusCode, 404);
  // Revoking the role closes the page (sessions end; after signing in again 403).
  const annaPageUrl = `/verwaltung/benutzer/${annaId}`;
  assert.equal((await admin.submit(annaPageUrl, `${annaPageUrl}/rollen/entfernen`, { role: "care_counsellor", orgUnitId: "" })).statusCode, 303);
  assert.equal((await (await login("anna.beratung@enzkreis.example")).get(PAGE)).statusCode, 403);
});
