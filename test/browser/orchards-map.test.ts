/** Issue 16 item 4 in the browser: the map page of all listings, without JavaScript needs (SVG and list), filtered by keyboard; axe. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";
import { checkAccessibility, follow, pathOf, startBrowserTest, visit } from "./support.js";

test("orchard map: SVG overview and the list of places; kind filter by keyboard; a place's listing opens (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const owner = await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const ctx = systemContext(b.db);
  const base = { description: "30 Bäume", municipality: { ags: "08236043", ars: "082365005043", name: "Neuenbürg" }, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) };
  await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: { ...base, kind: "meadow_lease", title: "Wiese am Schlossberg", point: { lat: 48.8412, lon: 8.6034 } } });
  await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: { ...base, kind: "fruit", title: "Äpfel zum Selberpflücken" } });

  const page = await b.newPage();
  await visit(page, "/streuobst");
  await follow(page, () => page.getByRole("link", { name: "Karte aller Anzeigen" }).click());
  assert.equal(pathOf(page), "/streuobst/karte");
  assert.match(String(await page.locator("svg.kp-orchard-overview").getAttribute("aria-label")), /2 Orten und 2 Anzeigen/);
  // With JavaScript the pan/zoom map (Leaflet, ADR 0059) replaces the SVG: one focusable marker per public place,
  // named after it; Tab reaches them, Enter jumps to the place in the list.
  await page.waitForSelector("#kp-orchards-overview .kp-orchards-point");
  assert.equal(await page.locator("svg.kp-orchard-overview").isVisible(), false);
  assert.equal(await page.locator(".kp-orchards-point").count(), 2);
  await page.focus("#kp-orchards-overview");
  await page.keyboard.press("Tab");
  const name = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
  assert.match(name, /^Neuenbürg – Anzeigen: 1 – zum Eintrag in der Liste$/);
  await page.keyboard.press("Enter");
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#ort-\d$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), hash.slice(1));
  await checkAccessibility(page);
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Rasterzelle bei .*Neuenbürg/);
  assert.match(main, /Ortsmitte Neuenbürg/);
  await page.selectOption("#art", "fruit");
  await follow(page, () => page.getByRole("button", { name: "Anzeigen", exact: true }).press("Enter"));
  assert.match(pathOf(page), /art=fruit/);
  assert.doesNotMatch(await page.getByRole("main").innerText(), /Wiese am Schlossberg/);
  await follow(page, () => page.getByRole("link", { name: "Äpfel zum Selberpflücken" }).click());
  assert.match(pathOf(page), /^\/streuobst\/anzeigen\//);
});
