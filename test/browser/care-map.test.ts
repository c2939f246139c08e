/**
 * Issue 17 in the browser: with JavaScript the search results get a map (one point per municipality centre,
 * the origin ringed); a click on a point, or Tab to it and Enter, jumps to the list. Without JavaScript the list alone, map hidden.
 * axe on every page (the map is checked too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { seedCareDemo } from "../../src/modules/care/index.js";
import { checkAccessibility, startBrowserTest, visit } from "./support.js";

test("issue 17: the care search shows a map with JavaScript and the list without (axe)", async (t) => {
  const b = await startBrowserTest(t);
  await seedCareDemo(b.db);
  const url = "/pflegeplaetze?gemeinde=08236043&umkreis=25&art=kurzzeit";

  const page = await b.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await visit(page, url);
  await page.waitForSelector("#kp-care-map-figure:not([hidden]) .kp-care-map-point");
  const expected = (JSON.parse((await page.getAttribute("#kp-care-map", "data-points")) ?? "[]") as unknown[]).length;
  assert.ok(expected >= 2);
  assert.equal(await page.locator(".kp-care-map-point").count(), expected);
  assert.match(await page.locator("#kp-care-map-figure figcaption").innerText(), /Ortsmittelpunkt einer Gemeinde/);
  assert.equal(await page.locator("#kp-care-map path.kp-care-map-origin").count(), 1, "the origin is ringed");
  // A click on Mühlacker's point jumps to its first provider in the list.
  await page.locator('.kp-care-map-point[data-ags="08236040"]').click();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#e-[0-9a-f-]{36}$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), hash.slice(1));
  assert.match(await page.locator(hash).innerText(), /\(Demo\)/);

  // By keyboard: Tab from the map reaches the points, each a button named after its municipality; Enter jumps.
  await page.evaluate(() => history.replaceState(null, "", location.pathname + location.search));
  await page.focus("#kp-care-map");
  const names: string[] = [];
  for (let i = 0; i < expected; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => ({ cls: String(document.activeElement?.className ?? ""), role: document.activeElement?.getAttribute("role"), name: document.activeElement?.getAttribute("aria-label") ?? "" }));
    assert.match(el.cls, /kp-care-map-point/, "the next Tab stop is a point");
    assert.equal(el.role, "button");
    names.push(el.name);
  }
  await page.locator('.kp-care-map-point[data-ags="08236040"]').focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => location.hash), hash, "Enter on Mühlacker's point jumps like the click");
  assert.equal(await page.evaluate(() => document.activeElement?.id), hash.slice(1));
  assert.equal(names.length, expected, "every point is reachable by Tab");
  assert.ok(names.some((n) => /^Mühlacker: \d+ Einrichtungen, \d+ mit freiem Platz – zur ersten in der Liste$/.test(n)), names.join(" | "));
  await checkAccessibility(page);
  assert.deepEqual(errors, []);

  // Without JavaScript: no map, the same list.
  const plain = await b.newPage({ javaScriptEnabled: false });
  await visit(plain, url);
  assert.equal(await plain.locator("#kp-care-map-figure").isHidden(), true);
  assert.ok((await plain.locator(".kp-care-result").count()) > 0);
});
