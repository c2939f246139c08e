/**
 * The front door is the search (issue 24 items 14 and 18): one large field, the municipality
 * remembered, what people there use most, life situations; on a phone (390 × 844) the header is
 * small, the navigation sits behind "Menü", and results start on the first screen. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

test("phone: small header, menu button, one search field, results above the fold; municipality remembered", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage({ viewport: { width: 390, height: 844 } });

  // Usage is counted from service pages: the dog tax twice and the ID card once for Mühlacker.
  await visit(page, "/leistungen/99102013000000?ags=08236040");
  await visit(page, "/leistungen/99102013000000?ags=08236040");
  await visit(page, "/leistungen/99023001036000?ags=08236040");

  await visit(page, "/");
  const header = await page.locator("header.kp-header").boundingBox();
  assert.ok(header && header.height <= 844 / 4, `the header takes ${header?.height} px of 844`);
  assert.equal(await page.locator('input[type="search"]').count(), 1, "one search field on the page");
  const field = page.getByRole("combobox", { name: "Was möchten Sie erledigen?" });
  const box = await field.boundingBox();
  assert.ok(box && box.y + box.height < 844 / 2, "the search field sits in the upper half of the first screen");

  // The navigation folds behind "Menü" and opens with it (disclosure with aria-expanded).
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  assert.equal(await nav.isVisible(), false);
  const menu = page.getByRole("button", { name: "Menü" });
  await menu.click();
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  assert.equal(await nav.isVisible(), true);
  await page.keyboard.press("Escape");
  assert.equal(await nav.isVisible(), false);

  // Choosing the municipality shows what people there use most; it is remembered.
  await page.getByLabel("Ihre Stadt oder Gemeinde").selectOption({ label: "Mühlacker" });
  await follow(page, () => page.getByRole("button", { name: "Übernehmen" }).click());
  const requested = page.getByRole("region", { name: "Häufig genutzt in Mühlacker" });
  const links = await requested.getByRole("link").allInnerTexts();
  assert.equal(links[0], "Hundesteuer");
  assert.ok(links.includes("Personalausweis Ausstellung") || links.length >= 2, links.join(", "));
  assert.match((await requested.getByRole("link").first().getAttribute("href")) ?? "", /ags=08236040/, "the place travels with the link");
  await visit(page, "/");
  assert.equal(await page.locator("#kp-front-ags").inputValue(), "08236040");

  // Life situations lead to their services.
  await follow(page, () => page.getByRole("link", { name: "Umzug" }).click());
  assert.match(pathOf(page), /^\/leistungen\/lebenslage\/\d+$/);

  // Search from the front door: results page with one search field, first result on the first screen.
  await visit(page, "/");
  await field.fill("hund anmelden");
  await follow(page, () => page.getByRole("button", { name: "Suchen" }).click());
  assert.equal(pathOf(page), "/suche?q=hund+anmelden&ags=08236040", "the remembered municipality goes with the search");
  assert.equal(await page.locator('input[type="search"]').count(), 1, "no second search form in the header");
  const first = await page.locator("main h2, main h3").filter({ hasText: /Hund/ }).first().boundingBox();
  assert.ok(first && first.y < 844, `the first result starts at ${first?.y} px`);
});

test("desktop: navigation open, no menu button; without JavaScript the navigation stays open on a phone", async (t) => {
  const b = await startBrowserTest(t);
  const wide = await b.newPage({ viewport: { width: 1280, height: 900 } });
  await visit(wide, "/");
  assert.equal(await wide.getByRole("button", { name: "Menü" }).isVisible(), false);
  assert.equal(await wide.getByRole("navigation", { name: "Hauptnavigation" }).isVisible(), true);
  await visit(wide, "/stellen");
  assert.equal(await wide.locator('input[type="search"]').count(), 1, "other pages keep the header search");

  const noJs = await b.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await visit(noJs, "/");
  assert.equal(await noJs.getByRole("navigation", { name: "Hauptnavigation" }).isVisible(), true);
});
