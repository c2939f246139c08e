import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

test("responsibility editing pages pass axe: list, create with errors, delete confirmation, rule overview and rule form", async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { kind: "staff", email: "redaktion@lra.example", roles: ["editor"] });
  const page = await b.newPage();
  await logIn(page, "redaktion@lra.example", TEST_PASSWORD);

  // From the editors' service list to the responsibilities.
  await visit(page, "/verwaltung/leistungen");
  await follow(page, () => page.getByRole("link", { name: "Zuständigkeiten", exact: true }).click());
  assert.equal(pathOf(page), "/verwaltung/zustaendigkeiten");
  await follow(page, () => page.getByRole("link", { name: "Neue Zuständigkeit anlegen" }).click());
  assert.equal(pathOf(page), "/verwaltung/zustaendigkeiten/neu");

  // Errors: summary and inline, input kept.
  await page.fill("#leikaKey", "99999999999999");
  await follow(page, () => page.getByRole("button", { name: "Zuständigkeit anlegen" }).click());
  const summary = await page.locator(".kp-error-summary").innerText();
  assert.match(summary, /keine Leistung im Katalog/);
  assert.match(summary, /Gemeinde des Kreises/);
  assert.equal(await page.inputValue("#leikaKey"), "99999999999999");

  await page.fill("#leikaKey", "99102013000000");
  await page.selectOption("#area", "08236040");
  await page.selectOption("#officeId", { label: "Landratsamt Enzkreis – Zentrale Dienste" });
  await follow(page, () => page.getByRole("button", { name: "Zuständigkeit anlegen" }).click());
  assert.match(await page.locator("main").innerText(), /Die Zuständigkeit wurde angelegt/);
  await follow(page, () => page.locator('a[href$="/loeschen"]').first().click());
  assert.match(await page.locator("h1").innerText(), /Zuständigkeit löschen/);
  await follow(page, () => page.getByRole("button", { name: "Ja, löschen" }).click());
  assert.match(await page.locator("main").innerText(), /Die Zuständigkeit wurde gelöscht/);

  // Rules: overview with explicit entries, a rule's form.
  await visit(page, "/verwaltung/zustaendigkeitsregeln");
  await follow(page, () => page.locator('a[href^="/verwaltung/zustaendigkeitsregeln/"]').first().click());
  assert.match(pathOf(page), /^\/verwaltung\/zustaendigkeitsregeln\/[0-9a-f-]{36}$/);
  await page.fill("#note", "x".repeat(1001));
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /Anmerkung/);
  await page.fill("#note", "Geprüft im Test.");
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.match(await page.locator("main").innerText(), /Die Regel wurde gespeichert/);
});
