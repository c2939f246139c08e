import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, scrollWidth, startBrowserTest, visit } from "./support.js";

test("office list and office pages pass axe, in German and English, and fit a narrow screen", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();

  await visit(page, "/stellen");
  assert.equal((await page.locator("h1").innerText()).trim(), "Ämter und Stellen");
  await follow(page, () => page.getByRole("link", { name: "Landratsamt Enzkreis", exact: true }).click());
  assert.match(pathOf(page), /^\/stellen\/[0-9a-f-]{36}$/);
  assert.equal((await page.locator("h1").innerText()).trim(), "Landratsamt Enzkreis");
  assert.match(await page.locator("main").innerText(), /Zähringerallee 3/);
  // Published opening hours with their source (issue 24 item 15), and the long source URLs still fit 320 px.
  assert.match(await page.locator("main").innerText(), /Dienstag\s+8:00–12:30 und 13:30–18:00 Uhr/);
  assert.match(await page.locator("main").innerText(), /Quelle: .*infopress24\.de/);
  const lraPath = pathOf(page);
  await page.setViewportSize({ width: 320, height: 640 });
  await visit(page, lraPath);
  assert.ok((await scrollWidth(page)) <= 320, "Landratsamt page: no horizontal scrolling at 320 px");
  await page.setViewportSize({ width: 1280, height: 800 });
  await visit(page, lraPath);

  // A department: its parent is named, its address comes from data/offices.
  await follow(page, () => page.getByRole("link", { name: "Führerscheinstelle", exact: true }).click());
  assert.match(await page.locator("main").innerText(), /Am Mühlkanal 3a/);
  // Without a number of its own, the department names the Landratsamt's switchboard instead of "nicht hinterlegt".
  assert.match(await page.locator("main").innerText(), /07231 308-0 \(Zentrale: Landratsamt Enzkreis\)/);

  // A municipal authority with only the master-data address.
  await visit(page, "/stellen");
  await follow(page, () => page.getByRole("link", { name: "Bürgermeisteramt Ispringen", exact: true }).click());
  assert.match(await page.locator("main").innerText(), /75228 Ispringen/);

  await page.setViewportSize({ width: 320, height: 640 });
  await visit(page, pathOf(page));
  assert.ok((await scrollWidth(page)) <= 320, "no horizontal scrolling at 320 px");

  await follow(page, () => page.getByRole("link", { name: "Switch to English" }).click());
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.locator("main").innerText(), /Opening hours/);
  await visit(page, "/stellen/00000000-0000-4000-8000-000000000000");
  assert.equal((await page.locator("h1").innerText()).trim(), "Office not found");
});
