import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { follow, logIn, pathOf, scrollWidth, startBrowserTest, visit } from "./support.js";

test("catalogue pages pass axe: overview, life situation, service page with municipality choice (no JS needed), 404, English", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();

  await visit(page, "/leistungen");
  assert.equal((await page.locator("h1").innerText()).trim(), "Leistungen");
  await follow(page, () => page.locator('a[href^="/leistungen/lebenslage/"]').first().click());
  assert.match(pathOf(page), /^\/leistungen\/lebenslage\/\d+$/);

  await visit(page, "/leistungen/99023001036000");
  assert.match(await page.locator("h1").innerText(), /Führerschein Ersatz/);
  // Choose the municipality with the plain GET form.
  await page.selectOption("#ags", "08236043");
  await follow(page, () => page.getByRole("button", { name: "Zuständige Stelle anzeigen" }).click());
  assert.match(pathOf(page), /ags=08236043/);
  const office = await page.locator("#zustaendig").locator("..").innerText();
  assert.match(office, /Für Neuenbürg/);
  assert.match(office, /Landratsamt/);

  // Postcode instead of the list.
  await visit(page, "/leistungen/99008001012000?plz=75417");
  assert.match(await page.locator("main").innerText(), /Für Mühlacker/);

  await page.setViewportSize({ width: 320, height: 640 });
  for (const path of ["/leistungen", "/leistungen/99008001012000?ags=08236040", "/leistungen/99015007000000", "/leistungen/99023001051000?ags=08231000"]) {
    await visit(page, path);
    assert.ok((await scrollWidth(page)) <= 320, `no horizontal scrolling at 320 px: ${path}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await visit(page, "/leistungen/99999999999999");
  assert.equal((await page.locator("h1").innerText()).trim(), "Leistung nicht gefunden");

  await visit(page, "/leistungen/99107023000000");
  await follow(page, () => page.getByRole("link", { name: "Switch to English" }).click());
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("main").innerText(), /Office responsible/);
});

test("editor pages pass axe: list, edit form, synonyms, offices", async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { kind: "staff", email: "redaktion@lra.example", roles: ["editor"] });
  const page = await b.newPage();
  await logIn(page, "redaktion@lra.example", TEST_PASSWORD);

  await visit(page, "/verwaltung/leistungen?q=Wohngeld");
  await follow(page, () => page.getByRole("link", { name: "Wohngeld", exact: true }).click());
  assert.match(pathOf(page), /^\/verwaltung\/leistungen\/99107023000000$/);
  await page.fill("#popularity", "500");
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /0 bis 100/);
  await page.fill("#popularity", "90");
  await follow(page, () => page.getByRole("button", { name: "Speichern" }).click());
  assert.match(await page.locator("main").innerText(), /gespeichert/);

  await visit(page, "/verwaltung/synonyme");
  await page.fill("#term", "Stütze");
  await page.fill("#expansions", "Wohngeld, Grundsicherung");
  await follow(page, () => page.getByRole("button", { name: "Synonym speichern" }).click());
  assert.match(await page.locator("main").innerText(), /Wohngeld, Grundsicherung/);
  await visit(page, "/verwaltung/dienststellen");
  await follow(page, () => page.locator('a[href^="/verwaltung/dienststellen/"]').first().click());
});
