/**
 * Issue 17 in the browser: a home's account reports two short-term places, a family finds them without
 * login (keyboard only), and the county's overview shows them. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { follow, focused, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 17: a home reports free short-term places; a family finds them by keyboard; staff see the overview (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  const provider = await b.db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow();
  const homeId = await createTestUser(b.db, { email: "heim@example.org", kind: "citizen", password: PASSWORD });
  await b.db.insertInto("care_provider_members").values({ provider_id: provider.id, user_id: homeId, added_by: null }).execute();
  await createTestUser(b.db, { email: "psp@enzkreis.example", kind: "staff", password: PASSWORD });

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
  await family.keyboard.press("Tab");
  assert.equal(await focused(family), "button");
  await follow(family, () => family.keyboard.press("Enter"));
  assert.equal(pathOf(family), "/pflegeplaetze?gemeinde=08236040&plz=&art=kurzzeit");
  const results = await family.getByRole("main").innerText();
  assert.match(results, /Pflegeheim Am Enzufer \(Demo\)/);
  assert.match(results, /Kurzzeitpflege: 2 frei/);
  assert.match(results, /Stand: /);
  await follow(family, () => family.getByRole("link", { name: "Pflegeheim Am Enzufer (Demo)" }).click());
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
});
