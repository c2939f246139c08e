import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, scrollWidth, startBrowserTest, visit } from "./support.js";

test("start page, legal pages and easy language pass axe; language switch to English and back", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();

  await visit(page, "/");
  assert.equal(await page.getAttribute("html", "lang"), "de");
  assert.equal(await page.locator("h1").count(), 1);

  // Reached the way a visitor does: through the footer links.
  const footer = page.getByRole("navigation", { name: "Fußzeile" });
  for (const [link, path, heading] of [
    ["Impressum", "/impressum", "Impressum"],
    ["Datenschutz", "/datenschutz", "Datenschutzerklärung"],
    ["Barrierefreiheitserklärung", "/barrierefreiheit", "Erklärung zur Barrierefreiheit"],
    ["Leichte Sprache", "/leichte-sprache", "Leichte Sprache"],
    ["Datenquellen und Lizenzen", "/quellen", "Datenquellen und Lizenzen"],
  ] as const) {
    await follow(page, () => footer.getByRole("link", { name: link, exact: true }).click());
    assert.equal(pathOf(page), path);
    assert.equal((await page.locator("h1").innerText()).trim(), heading);
    const main = await page.locator("main").innerText();
    // The imprint names the county office's postal address; easy language gives a number to call.
    if (path === "/impressum") assert.match(main, /Zähringerallee 3[\s\S]*75177 Pforzheim/);
    if (path === "/leichte-sprache") assert.match(main, /Telefon-Nummer vom Landratsamt ist: 07231 308-0/);
  }

  // The flag in the top bar is drawn (it was an empty 24 px box).
  const flag = page.locator(".kern-kopfzeile__flagge svg");
  assert.equal(await flag.locator("path").count(), 3);
  assert.ok(((await flag.boundingBox())?.width ?? 0) > 10, "the flag has a visible width");

  // The switch keeps the visitor on the same page.
  await follow(page, () => page.getByRole("link", { name: "Switch to English" }).click());
  assert.equal(pathOf(page), "/quellen");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal((await page.locator("h1").innerText()).trim(), "Data sources and licences");

  await follow(page, () => page.getByRole("link", { name: "Legal notice", exact: true }).click());
  assert.equal((await page.locator("h1").innerText()).trim(), "Legal notice");
  await visit(page, "/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await visit(page, "/anmelden");
  assert.equal(await page.getAttribute("html", "lang"), "en");

  await follow(page, () => page.getByRole("link", { name: "Auf Deutsch wechseln" }).click());
  assert.equal(pathOf(page), "/anmelden");
  assert.equal(await page.getAttribute("html", "lang"), "de");
  assert.equal((await page.locator("h1").innerText()).trim(), "Anmelden");
});

test("layout works at 320 px width without horizontal scrolling (WCAG 1.4.10 reflow)", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage({ viewport: { width: 320, height: 640 } });
  for (const path of ["/", "/anmelden", "/registrieren"]) {
    await visit(page, path);
    assert.ok((await scrollWidth(page)) <= 320, `${path} is ${await scrollWidth(page)} px wide at a 320 px viewport`);
  }
});
