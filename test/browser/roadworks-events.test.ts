/**
 * Issue 15 in the browser: staff enter a known event for the conflict check (an error first, then saved). axe on
 * every page visited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 15: staff enter a known event for the conflict check (axe on every page)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const staffId = await createTestUser(b.db, { email: "verkehr@muehlacker.example", kind: "staff", password: PASSWORD });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staffId, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const page = await b.newPage();
  await logIn(page, "verkehr@muehlacker.example", PASSWORD);
  await visit(page, "/verwaltung/baustellen");
  await follow(page, () => page.getByRole("link", { name: "Veranstaltungen für die Konfliktprüfung" }).click());
  assert.equal(pathOf(page), "/verwaltung/baustellen/veranstaltungen");
  await page.fill("#name", "Stadtfest Mühlacker");
  await page.selectOption("#gemeinde", "08236040");
  await page.fill("#strasse", "Marktplatz");
  await page.fill("#lage", "48.9500, 8.8400");
  await page.fill("#beginn", "2027-07-10");
  await page.fill("#ende", "2027-07-09");
  await follow(page, () => page.getByRole("button", { name: "Veranstaltung eintragen" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /nicht vor dem Beginn/);
  assert.equal(await page.inputValue("#name"), "Stadtfest Mühlacker");
  await page.fill("#ende", "2027-07-12");
  await follow(page, () => page.getByRole("button", { name: "Veranstaltung eintragen" }).click());
  const main = await page.getByRole("main").innerText();
  assert.match(main, /eingetragen/);
  assert.match(main, /Stadtfest Mühlacker/);
  assert.match(main, /2027-07-10 – 2027-07-12/);
});
