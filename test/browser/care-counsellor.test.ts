/**
 * Issue 17 in the browser: a care counsellor (role care_counsellor) sends a request for a family and
 * records counselling (an error first), edits the note, hands it over to a colleague, who takes it back from the
 * team page. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 17: a care counsellor sends a request for a family and records counselling (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  const provider = await b.db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow();
  const id = await createTestUser(b.db, { email: "beratung@enzkreis.example", kind: "staff", password: PASSWORD });
  await b.db.insertInto("user_roles").values({ user_id: id, role: "care_counsellor", org_unit_id: null, granted_by: null }).execute();
  const colleague = await createTestUser(b.db, { email: "kollegin@enzkreis.example", kind: "staff", password: PASSWORD });
  await b.db.insertInto("user_roles").values({ user_id: colleague, role: "care_counsellor", org_unit_id: null, granted_by: null }).execute();

  const page = await b.newPage();
  await logIn(page, "beratung@enzkreis.example", PASSWORD);
  await visit(page, "/verwaltung/pflege");
  await follow(page, () => page.getByRole("link", { name: "Meine Beratungen (Pflegeberatung)" }).click());
  assert.equal(pathOf(page), "/pflegeplaetze/beratung/faelle");

  await visit(page, `/pflegeplaetze/anfrage?anbieter=${provider.id}&art=kurzzeit&gemeinde=08236043`);
  assert.match(await page.getByRole("main").innerText(), /als Pflegeberatung für eine Familie/);
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Europe/Berlin" });
  await page.fill("#ab", tomorrow);
  await follow(page, () => page.getByRole("button", { name: "Anfrage senden" }).click());
  await visit(page, "/pflegeplaetze/beratung/faelle");
  assert.match(await page.getByRole("main").innerText(), /Anfragen für Familien[\s\S]*Pflegeheim Am Enzufer \(Demo\)/);

  // Record counselling: the note first without the channel (error), then complete.
  await page.selectOption("#gemeinde", "08236043");
  await page.fill("#notiz", "Tochter ruft an");
  await follow(page, () => page.getByRole("button", { name: "Beratung speichern" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /Art der Beratung/);
  await page.getByLabel("Telefon").check();
  await follow(page, () => page.getByRole("button", { name: "Beratung speichern" }).click());
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Die Beratung wurde gespeichert/);
  assert.match(main, /Tochter ruft an/);

  // Edit the note with the keyboard-reachable link, then hand it over to the colleague.
  await follow(page, () => page.getByRole("link", { name: "Notiz bearbeiten" }).click());
  await page.fill("#notiz", "Tochter ruft Montag an");
  await follow(page, () => page.getByRole("button", { name: "Änderungen speichern" }).click());
  assert.match(await page.getByRole("main").innerText(), /Die Notiz wurde geändert[\s\S]*Tochter ruft Montag an/);
  const note = await b.db.selectFrom("care_counselling_notes").select("id").executeTakeFirstOrThrow();
  await page.selectOption(`#an-${note.id}`, colleague);
  await follow(page, () => page.locator(`form[action$="/notizen/${note.id}/uebergeben"] button`).click());
  assert.match(await page.getByRole("main").innerText(), /Übergeben an kollegin/);

  // The colleague sees it in her own list; the first counsellor takes it back from the team page.
  await visit(page, "/pflegeplaetze/beratung/team");
  assert.match(await page.getByRole("main").innerText(), /von kollegin[\s\S]*Tochter ruft Montag an/);
  await follow(page, () => page.locator(`form[action$="/notizen/${note.id}/uebergeben"] button`).click());
  assert.match(await page.getByRole("main").innerText(), /Sie haben die Beratung übernommen[\s\S]*Tochter ruft Montag an/);
});
