/**
 * Issue 22 in the browser: /zahlen with charts and tables, narrowed by keyboard to a municipality; an office
 * enters its paper count; the department report. axe on every page visited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { refreshFigures } from "../../src/modules/figures/index.js";
import { follow, focused, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("issue 22: /zahlen by keyboard, paper counts and the department report (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "statistik@enzkreis.example", kind: "staff", password: PASSWORD, roles: ["member"] });
  // Some searches without a hit so the top list is not empty; then the roll-up.
  await b.db.insertInto("search_misses").values([{ query: "hundewiese", count: 7 }]).execute();
  await refreshFigures(b.db, { full: true });

  const citizen = await b.newPage();
  await visit(citizen, "/zahlen");
  const main = await citizen.getByRole("main").innerText();
  assert.match(main, /Zahlen und Statistiken/);
  assert.match(main, /keine Cookies/);
  assert.equal(await citizen.locator('svg[role="img"]').count(), 5);
  assert.match(await citizen.getByRole("table", { name: "Häufige Suchanfragen ohne Treffer, Tabelle" }).innerText(), /hundewiese\s+7/);
  await tabTo(citizen, "gemeinde");
  await citizen.selectOption("#gemeinde", { label: "Mühlacker" });
  await citizen.keyboard.press("Tab");
  assert.equal(await focused(citizen), "button");
  await follow(citizen, () => citizen.keyboard.press("Enter"));
  assert.equal(pathOf(citizen), "/zahlen?dienst=&gemeinde=08236040");
  assert.ok(await citizen.getByRole("link", { name: "Online-Anträge je Monat als CSV" }).isVisible());
  assert.equal(await citizen.getByRole("link", { name: "DCAT-AP.de-Katalog (JSON-LD)" }).getAttribute("href"), "/zahlen/dcat.jsonld");
  const cookies = await citizen.context().cookies();
  assert.deepEqual(cookies.map((c) => c.name), [], "no cookies on the public figures");

  const staff = await b.newPage();
  await logIn(staff, "statistik@enzkreis.example", PASSWORD);
  await visit(staff, "/verwaltung/zahlen");
  const report = await staff.getByRole("main").innerText();
  assert.match(report, /Offene Vorgänge nach Status und Alter/);
  assert.match(report, /Keine überfälligen Beteiligungen/);
  await follow(staff, () => staff.getByRole("link", { name: "Papieranträge melden" }).click());
  await staff.fill("#anzahl", "x");
  await follow(staff, () => staff.getByRole("button", { name: "Anzahl speichern" }).click());
  assert.match(await staff.locator(".kp-error-summary").innerText(), /Bitte wählen Sie eine Leistung/);
  assert.equal(await staff.inputValue("#anzahl"), "x");
});
