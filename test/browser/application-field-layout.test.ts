/** Issue 24 item 5 in the browser: the building permit's conditional questions and input widths (axe on every page). */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { follow, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

/** Rendered width of an input and whether its value is cut off (scrollWidth beyond the visible box). */
const measure = (page: Page, id: string) =>
  page.locator(`[id="${id}"]`).evaluate((el) => {
    const input = el as HTMLInputElement;
    return { width: input.getBoundingClientRect().width, cut: input.scrollWidth > input.clientWidth };
  });

test("bauantrag: Gebäudeklasse and Vollgeschosse visible on first fill with a hint, hidden for a demolition; Baukosten shows 450.000 in full (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage({ viewport: { width: 1280, height: 900 } });
  const main = page.getByRole("main");
  await visit(page, "/antraege/bauantrag");
  await follow(page, () => main.getByRole("button", { name: "Antrag beginnen" }).click());
  assert.match(pathOf(page), /\/uebersicht$/);

  // The description first (the task list allows it): the questions are there, with the condition.
  await follow(page, () => main.getByRole("link", { name: "Beschreibung des Vorhabens", exact: true }).click());
  assert.equal(await page.locator("#gebaeudeklasse").count(), 1);
  assert.equal(await page.locator("#vollgeschosse").count(), 1);
  assert.match(await page.locator("#gebaeudeklasse-hint").innerText(), /Nur nötig, wenn .*Art des Vorhabens.* nicht .*Abbruch/);

  // Baukosten: "450.000" (and a seven-figure sum) fit; the field is wider than KERN's 80 px width-4 but not the whole line.
  await tabTo(page, "baukosten", 60);
  await page.keyboard.type("450.000");
  const cost = await measure(page, "baukosten");
  assert.equal(cost.cut, false, `Baukosten cut off at ${cost.width} px`);
  await page.fill("#baukosten", "1.250.000,00");
  assert.equal((await measure(page, "baukosten")).cut, false);
  const line = await page.locator("#beschreibung").evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(cost.width > 120 && cost.width < line, `Baukosten ${cost.width} px, line ${line} px`);
  // Vollgeschosse (0–40) stays small; a date-sized or longer field is not needed there.
  const floors = await measure(page, "vollgeschosse");
  assert.ok(floors.width < cost.width, `Vollgeschosse ${floors.width} px`);
  await page.fill("#vollgeschosse", "12");
  assert.equal((await measure(page, "vollgeschosse")).cut, false);
  await follow(page, () => main.getByRole("button", { name: "Speichern und später fortsetzen" }).click());

  // A demolition: the questions disappear from the description page.
  await follow(page, () => main.getByRole("link", { name: "Art des Verfahrens und des Vorhabens", exact: true }).click());
  await page.check('[id="verfahren-vereinfacht"]');
  await page.selectOption("#vorhabenart", "abbruch");
  await page.fill("#bezeichnung", "Abbruch einer alten Feldscheune");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(pathOf(page), /\/uebersicht/);
  await follow(page, () => main.getByRole("link", { name: "Beschreibung des Vorhabens", exact: true }).click());
  assert.equal(await page.locator("#gebaeudeklasse").count(), 0);
  assert.equal(await page.locator("#vollgeschosse").count(), 0);
  // The typed sum was kept in the draft.
  assert.equal(await page.locator("#baukosten").inputValue(), "1.250.000,00");
});
