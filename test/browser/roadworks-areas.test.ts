/**
 * Issue 15 in the browser: the county's traffic office sets the police station and bus operator of a municipality
 * (an error first, then saved). axe on every page visited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 15: the county sets a municipality's police station and bus operator (axe on every page)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const staffId = await createTestUser(b.db, { email: "verkehr@enzkreis.example", kind: "staff", password: PASSWORD });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", `lra-${b.config.countyKey}-ordnung`).executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staffId, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const page = await b.newPage();
  await logIn(page, "verkehr@enzkreis.example", PASSWORD);
  await visit(page, "/verwaltung/baustellen");
  await follow(page, () => page.getByRole("link", { name: "Beteiligte nach Gemeinde" }).click());
  await follow(page, () => page.getByRole("link", { name: "Ändern: Keltern" }).click());
  assert.equal(pathOf(page), "/verwaltung/baustellen/beteiligte/08236070");
  await page.fill("#polizeiName", "Polizeirevier Pforzheim-Nord");
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /E-Mail-Adresse angeben/);
  assert.equal(await page.inputValue("#polizeiName"), "Polizeirevier Pforzheim-Nord");
  await page.fill("#polizeiEmail", "revier@polizei.example");
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.equal(pathOf(page).split("?")[0], "/verwaltung/baustellen/beteiligte");
  const main = await page.getByRole("main").innerText();
  assert.match(main, /gespeichert/);
  assert.match(main, /Polizeirevier Pforzheim-Nord <revier@polizei.example>/);
});
