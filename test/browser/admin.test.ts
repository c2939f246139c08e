import { test } from "node:test";
import assert from "node:assert/strict";
import { linkIn } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Passwort der neuen Kollegin 2026";

test("administrator creates a staff member, who sets a password from the invitation and logs in", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();
  const main = page.getByRole("main");
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });

  // The administration area asks for a login first and returns there afterwards.
  await visit(page, "/verwaltung");
  assert.equal(pathOf(page), "/anmelden?next=%2Fverwaltung");
  await page.fill("#email", DEMO_ADMIN_EMAIL);
  await page.fill("#password", DEMO_ADMIN_PASSWORD);
  await follow(page, () => main.getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(page), "/verwaltung");
  assert.ok(await nav.getByRole("link", { name: "Verwaltung" }).isVisible(), "administrators see the administration in the navigation");

  await follow(page, () => main.getByRole("link", { name: "Beschäftigte" }).click());
  assert.equal(pathOf(page), "/verwaltung/benutzer");
  await follow(page, () => main.getByRole("link", { name: "Neue Person anlegen" }).click());
  assert.equal(pathOf(page), "/verwaltung/benutzer/neu");

  // Sent empty: the error summary names what is missing.
  await follow(page, () => main.getByRole("button", { name: "Person anlegen" }).click());
  assert.ok(await page.locator("#fehler").isVisible());

  await page.fill("#displayName", "Fiona Fahrerlaubnis");
  await page.fill("#email", "fiona@lra.example");
  await page.check('input[name="role"][value="member"]');
  await page.selectOption("#orgUnitId", { label: "Führerscheinstelle" });
  await follow(page, () => main.getByRole("button", { name: "Person anlegen" }).click());
  assert.equal(new URL(page.url()).pathname, "/verwaltung/benutzer");
  const row = main.getByRole("row").filter({ hasText: "fiona@lra.example" });
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /Fiona Fahrerlaubnis/);
  assert.match(await row.innerText(), /Mitglied: Führerscheinstelle/);

  await follow(page, () => row.getByRole("link", { name: "Fiona Fahrerlaubnis" }).click());
  assert.match(pathOf(page), /^\/verwaltung\/benutzer\/[0-9a-f-]{36}$/);

  await visit(page, "/verwaltung/postausgang");
  assert.equal((await page.locator("h1").innerText()).trim(), "Postausgang (Demo)");
  await visit(page, "/verwaltung/protokoll");

  // The new colleague, in her own browser: invitation link, new password, login.
  const invite = await b.mail.waitFor("fiona@lra.example");
  const resetPath = linkIn(invite.text, b.base);
  assert.match(resetPath, /^\/passwort-zuruecksetzen\?token=/);
  const fiona = await b.newPage();
  const fMain = fiona.getByRole("main");
  await visit(fiona, resetPath);
  await fiona.fill("#password", PASSWORD);
  await fiona.fill("#passwordConfirm", PASSWORD);
  await follow(fiona, () => fMain.getByRole("button", { name: "Passwort speichern" }).click());
  assert.equal(pathOf(fiona), "/anmelden?hinweis=passwort");
  await fiona.fill("#email", "fiona@lra.example");
  await fiona.fill("#password", PASSWORD);
  await follow(fiona, () => fMain.getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(fiona), "/konto");
  const account = await fMain.innerText();
  assert.match(account, /Dienstkonto/);
  assert.match(account, /Mitglied: Führerscheinstelle/);
  // Members are not administrators.
  assert.equal(await fiona.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Verwaltung" }).count(), 0);
});
