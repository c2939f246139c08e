import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

test("search pages pass axe; the header box suggests while typing (ARIA combobox) and works by keyboard", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();

  await visit(page, "/suche");
  assert.equal((await page.locator("h1").innerText()).trim(), "Was möchten Sie erledigen?");
  await visit(page, "/suche?q=hund+anmelden&ags=08236040");
  assert.match(await page.locator(".kp-best").innerText(), /Zuständig für Mühlacker/);
  await visit(page, "/suche?q=xyzzyqwrtz");
  assert.match(await page.locator("h2").first().innerText(), /Keine Treffer/);
  await visit(page, "/suche?q=persnalausweis");
  await follow(page, () => page.locator("#meinten-sie a").click());
  assert.match(decodeURIComponent(new URL(page.url()).search), /q=personalausweis/);

  // Suggestions: combobox with a listbox, arrow keys and Enter.
  await visit(page, "/");
  const box = page.getByRole("combobox", { name: "Was möchten Sie erledigen?" });
  await box.click();
  await box.pressSequentially("führersch", { delay: 20 });
  const listbox = page.getByRole("listbox");
  await listbox.waitFor({ state: "visible" });
  assert.equal(await box.getAttribute("aria-expanded"), "true");
  const first = listbox.getByRole("option").first();
  assert.match(await first.innerText(), /Führerschein|Fahrerlaubnis/);
  await box.press("ArrowDown");
  assert.equal(await box.getAttribute("aria-activedescendant"), await first.getAttribute("id"));
  assert.equal(await first.getAttribute("aria-selected"), "true");
  await box.press("Escape");
  assert.equal(await box.getAttribute("aria-expanded"), "false");
  // Enter without a chosen suggestion submits the form (GET /suche).
  await follow(page, () => box.press("Enter"));
  assert.match(decodeURIComponent(pathOf(page)), /^\/suche\?q=führersch/);
});
