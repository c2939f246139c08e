/**
 * Issue 18 in the browser without JavaScript: the text of a plan document page by page, reached from the procedure
 * page; the comment link of a page fills the form with the document and the page (axe on every page).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

test("the document's text without JavaScript, page by page, and a comment on a page", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;
  const page = await b.newPage({ javaScriptEnabled: false });
  await visit(page, `/beteiligung/${muehlacker!.slug}`);
  const main = page.getByRole("main");
  await follow(page, () => main.getByRole("link", { name: /als Text$/ }).first().click());
  assert.match(pathOf(page), /\/unterlagen\/[0-9a-f-]+\/text$/);
  assert.equal(await main.getByRole("heading", { name: "Seite 1 von 1" }).count(), 1);
  assert.match(await main.innerText(), /§ 3 Bauweise: offene Bauweise/);
  await follow(page, () => main.getByRole("link", { name: "Zu Seite 1 Stellung nehmen" }).click());
  assert.equal(await main.getByLabel("Seite oder Absatz").inputValue(), "Seite 1");
});
