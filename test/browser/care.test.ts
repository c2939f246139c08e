/**
 * Issue 17 in the browser: a home's account reports two short-term places, a family finds them without
 * login (keyboard only), and the county's overview shows them. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { seedCareDemo, takeCareSnapshot } from "../../src/modules/care/index.js";
import { follow, focused, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 17: a home reports free short-term places; a family finds them by keyboard; staff see the overview (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  const provider = await b.db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow();
  const homeId = await createTestUser(b.db, { email: "heim@example.org", kind: "citizen", password: PASSWORD });
  await b.db.insertInto("care_provider_members").values({ provider_id: provider.id, user_id: homeId, added_by: null }).execute();
  await createTestUser(b.db, { email: "psp@enzkreis.example", kind: "staff", roles: ["care_counsellor"], password: PASSWORD });

  // The home: "Meine Einrichtungen" → report form → a bad number first, then two short-term places.
  const home = await b.newPage();
  await logIn(home, "heim@example.org", PASSWORD);
  await visit(home, "/pflegeplaetze/meine");
  await follow(home, () => home.getByRole("link", { name: "Freie Plätze melden: Pflegeheim Am Enzufer (Demo)" }).click());
  assert.equal(pathOf(home), `/pflegeplaetze/anbieter/${provider.id}/melden`);
  await home.fill("#n_kurzzeit", "-3");
  await follow(home, () => home.getByRole("button", { name: "Zahlen speichern" }).click());
  assert.match(await home.locator(".kp-error-summary").innerText(), /ganze Zahl von 0 bis 999/);
  assert.equal(await home.inputValue("#n_kurzzeit"), "-3");
  await home.fill("#n_kurzzeit", "2");
  await follow(home, () => home.getByRole("button", { name: "Zahlen speichern" }).click());
  assert.match(await home.getByRole("main").innerText(), /Die freien Plätze wurden gespeichert/);
  await follow(home, () => home.getByRole("button", { name: "Angaben sind aktuell" }).click());
  assert.match(await home.getByRole("main").innerText(), /als aktuell bestätigt/);

  // A family, without login and by keyboard: Mühlacker, Kurzzeitpflege, search.
  const family = await b.newPage();
  await visit(family, "/pflegeplaetze");
  await tabTo(family, "gemeinde");
  await family.selectOption("#gemeinde", { label: "Mühlacker" });
  await tabTo(family, "art");
  await family.selectOption("#art", "kurzzeit");
  await tabTo(family, "barrierefrei");
  await family.keyboard.press("Tab");
  assert.equal(await focused(family), "button");
  await follow(family, () => family.keyboard.press("Enter"));
  assert.match(pathOf(family), /^\/pflegeplaetze\?gemeinde=08236040&plz=&adresse=&umkreis=&art=kurzzeit&/);
  const results = await family.getByRole("main").innerText();
  assert.match(results, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(results, /Kurzzeitpflege: 2 frei/);
  assert.match(results, /Stand: /);
  await follow(family, () => family.getByRole("link", { name: "Pflegeheim Am Enzufer (Demo)", exact: true }).click());
  assert.match(await family.getByRole("main").innerText(), /Kurzzeitpflege\s+2 frei/);

  // County staff: the overview lists the home with its current free places.
  const staff = await b.newPage();
  await logIn(staff, "psp@enzkreis.example", PASSWORD);
  await visit(staff, "/verwaltung/pflege");
  const overview = await staff.getByRole("main").innerText();
  assert.match(overview, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(overview, /nicht aktuell/i);
  await follow(staff, () => staff.getByRole("link", { name: "Pflegeheim Am Enzufer (Demo)", exact: true }).click());
  assert.match(await staff.getByRole("main").innerText(), /heim@example\.org/);

  // Staff invite a second person by mail (an error first); the person opens the link, signs in and accepts.
  await follow(staff, () => staff.getByRole("link", { name: "Personen per E-Mail einladen und Einladungen ansehen" }).click());
  await staff.fill("#email", "pflege-nacht");
  await follow(staff, () => staff.getByRole("button", { name: "Einladung senden" }).click());
  assert.match(await staff.locator(".kp-error-summary").innerText(), /E-Mail/);
  await staff.fill("#email", "nacht@heim.example");
  await follow(staff, () => staff.getByRole("button", { name: "Einladung senden" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Die Einladung wurde verschickt[\s\S]*nacht@heim\.example\s+offen/);
  const mail = await b.db.selectFrom("mail_queue").select("body").where("kind", "=", "care.invitation").executeTakeFirstOrThrow();
  const invitation = new URL(/https?:\/\/\S+\/pflegeplaetze\/einladung\?t=\S+/.exec(mail.body ?? "")![0]);
  await createTestUser(b.db, { email: "nacht@heim.example", kind: "citizen", password: PASSWORD });
  const invited = await b.newPage();
  await visit(invited, invitation.pathname + invitation.search);
  assert.match(await invited.getByRole("main").innerText(), /lädt nacht@heim\.example ein/);
  await follow(invited, () => invited.getByRole("link", { name: "Anmelden und Einladung annehmen" }).click());
  await invited.fill("#email", "nacht@heim.example");
  await invited.fill("#password", PASSWORD);
  await follow(invited, () => invited.locator("form[action='/anmelden'] button[type=submit]").click());
  assert.equal(pathOf(invited), invitation.pathname + invitation.search);
  await follow(invited, () => invited.getByRole("button", { name: "Einladung annehmen" }).click());
  assert.equal(pathOf(invited), `/pflegeplaetze/anbieter/${provider.id}/melden?ok=eingeladen`);
  assert.match(await invited.getByRole("main").innerText(), /Ihr Konto ist jetzt der Einrichtung/);
  // The link works once: opened again, a clear message.
  await visit(invited, invitation.pathname + invitation.search);
  assert.match(await invited.getByRole("main").innerText(), /bereits angenommen/);
  await visit(staff, `/verwaltung/pflege/${provider.id}/einladungen`);
  assert.match(await staff.getByRole("main").innerText(), /nacht@heim\.example\s+angenommen/);
});

test("issue 17: a social worker searches by distance, sends a request, the home answers, the answer is listed; figures and counselling (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  await takeCareSnapshot(b.db);
  const provider = await b.db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow();
  const homeId = await createTestUser(b.db, { email: "heim@example.org", kind: "citizen", password: PASSWORD });
  await b.db.insertInto("care_provider_members").values({ provider_id: provider.id, user_id: homeId, added_by: null }).execute();
  await createTestUser(b.db, { email: "sozialdienst@klinik.example", kind: "citizen", password: PASSWORD });

  const social = await b.newPage();
  await logIn(social, "sozialdienst@klinik.example", PASSWORD);
  await visit(social, "/pflegeplaetze");
  await social.selectOption("#gemeinde", { label: "Neuenbürg" });
  await social.selectOption("#umkreis", "25");
  await social.selectOption("#art", "kurzzeit");
  await follow(social, () => social.getByRole("search", { name: "Suche eingrenzen" }).getByRole("button", { name: "Suchen" }).click());
  const results = await social.getByRole("main").innerText();
  assert.match(results, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(results, /km entfernt/);
  await follow(social, () => social.getByRole("link", { name: "Anfrage senden: Pflegeheim Am Enzufer (Demo)" }).click());
  assert.equal(await social.inputValue("#art"), "kurzzeit");
  // Consent ticked without name: errors, then untick and send only the need.
  await social.check("#einwilligung");
  await follow(social, () => social.getByRole("button", { name: "Anfrage senden" }).click());
  assert.match(await social.locator(".kp-error-summary").innerText(), /Datum|Namen/);
  await social.uncheck("#einwilligung");
  await social.fill("#ab", "2099-01-01");
  await follow(social, () => social.getByRole("button", { name: "Anfrage senden" }).click());
  assert.match(await social.locator(".kp-error-summary").innerText(), /Datum ab heute/);
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await social.fill("#ab", tomorrow);
  await follow(social, () => social.getByRole("button", { name: "Anfrage senden" }).click());
  assert.match(await social.getByRole("main").innerText(), /nur der Bedarf wurde gesendet[\s\S]*Noch keine Antwort/);

  // The home answers in its inbox.
  const home = await b.newPage();
  await logIn(home, "heim@example.org", PASSWORD);
  await visit(home, "/pflegeplaetze/meine");
  await follow(home, () => home.getByRole("link", { name: "Anfragen an Pflegeheim Am Enzufer (Demo)" }).click());
  await follow(home, () => home.getByRole("button", { name: /Antwort senden/ }).click());
  assert.match(await home.locator(".kp-error-summary").innerText(), /Bitte eine Antwort wählen/);
  await home.getByLabel("Bitte zurückrufen").check();
  await follow(home, () => home.getByRole("button", { name: /Antwort senden/ }).click());
  assert.match(await home.getByRole("main").innerText(), /Ihre Antwort wurde gespeichert/);

  // The social worker sees the answer in "Meine Anfragen".
  await visit(social, "/pflegeplaetze");
  await follow(social, () => social.getByRole("link", { name: "Meine Anfragen" }).first().click());
  assert.match(await social.getByRole("main").innerText(), /Pflegeheim Am Enzufer \(Demo\)\s+Bitte zurückrufen/);
  // The place is found elsewhere: the social worker withdraws the request; the home sees it.
  await follow(social, () => social.getByRole("button", { name: "Anfrage zurückziehen" }).click());
  assert.match(await social.getByRole("main").innerText(), /Die Anfrage wurde zurückgezogen[\s\S]*Zurückgezogen am/);
  await visit(home, `/pflegeplaetze/anbieter/${provider.id}/anfragen`);
  assert.match(await home.getByRole("main").innerText(), /Sie müssen nicht mehr antworten/);

  // Figures and counselling, without login.
  const family = await b.newPage();
  await visit(family, "/pflegeplaetze/zahlen?art=kurzzeit");
  assert.match(await family.getByRole("main").innerText(), /Tageswerte/);
  await visit(family, "/pflegeplaetze/beratung");
  assert.match(await family.getByRole("main").innerText(), /Pflegestützpunkt/);
});
