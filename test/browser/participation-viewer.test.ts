/**
 * Issue 18 in the browser: the plan's PDF in the PDF.js viewer (page by page, canvas + text layer, strict CSP:
 * any CSP refusal or script error fails the test), click on § 3 → the form has document and place filled in →
 * the statement stores that place; a page chosen by keyboard; without JavaScript the download and the form
 * with the document chosen. axe on every page, also on the rendered viewer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { checkAccessibility, follow, startBrowserTest, visit } from "./support.js";

test("PDF.js viewer: pages with a text layer, click on a paragraph fills the form's place, keyboard page choice, no-JS fallback", { timeout: 300_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;
  const doc = await b.db.selectFrom("participation_documents as d").innerJoin("participation_procedures as p", "p.id", "d.procedure_id").select(["d.id"]).where("p.slug", "=", muehlacker!.slug).executeTakeFirstOrThrow();

  const page = await b.newPage();
  await visit(page, `/beteiligung/${muehlacker!.slug}`);
  const main = page.getByRole("main");
  await follow(page, () => main.getByRole("link", { name: "„Entwurf mit textlichen Festsetzungen“ im Browser ansehen" }).click());
  // PDF.js draws the page and its text layer.
  await page.waitForSelector("#pdf-viewer .textLayer span", { timeout: 60_000 });
  await page.waitForSelector("#pdf-viewer[aria-busy=false]", { timeout: 60_000 });
  assert.equal(await page.locator("#pdf-viewer section.kp-pdf-page").count(), 1);
  assert.equal(await page.locator("#pdf-viewer section[aria-label='Seite 1 von 1'] canvas").count(), 1);
  const drawn = await page.locator("#pdf-viewer canvas").evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
    return dark;
  });
  assert.ok(drawn > 100, `the canvas shows text (${drawn} dark pixels)`);
  assert.ok(!(await page.locator(".kp-pdf-fallback").isVisible()), "the no-JS hint is hidden when the viewer runs");
  await checkAccessibility(page);

  // Zoom by keyboard: the size is announced, the page is laid out wider and drawn again with its text layer.
  const widthOf = () => page.locator("#pdf-viewer canvas").evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width);
  const before = await widthOf();
  await page.getByRole("button", { name: "Vergrößern" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector(".kp-pdf-zoom [aria-live]")?.textContent === "Größe: 125 %");
  await page.waitForSelector("#pdf-viewer .textLayer span", { timeout: 60_000 });
  assert.ok((await widthOf()) > before * 1.2, "zoomed in");
  await checkAccessibility(page);
  await page.getByRole("button", { name: "Verkleinern" }).click();
  await page.waitForFunction(() => document.querySelector(".kp-pdf-zoom [aria-live]")?.textContent === "Größe: 100 %");
  await page.waitForSelector("#pdf-viewer .textLayer span", { timeout: 60_000 });
  assert.ok(Math.abs((await widthOf()) - before) < 2, "back to the column width");

  // Click on § 3 in the text layer: the chosen place is announced and the link goes to the filled form.
  await page.locator("#pdf-viewer .textLayer span", { hasText: "§ 3 Bauweise" }).first().click();
  assert.match(await page.locator("#pdf-choice").innerText(), /^Gewählte Stelle: Seite 1: „§ 3 Bauweise: offene Bauweise/);
  await follow(page, () => main.getByRole("link", { name: "Zu dieser Stelle Stellung nehmen" }).click());
  assert.equal(await page.locator("#unterlage").inputValue(), doc.id);
  assert.match(await page.locator("#stelle").inputValue(), /^Seite 1: „§ 3 Bauweise: offene Bauweise; Einzel- und Doppelhäuser\.“$/);
  await page.fill("#text", "Zu § 3: Bitte auch Reihenhäuser zulassen.");
  await page.fill("#name", "Eva Muster");
  await page.fill("#strasse", "Bahnhofstraße 1");
  await page.fill("#plz", "75417");
  await page.fill("#ort", "Mühlacker");
  await follow(page, () => main.getByRole("button", { name: "Stellungnahme absenden" }).click());
  assert.match(await main.innerText(), /BT-\d{4}-\d{6}/);
  const stored = await b.db.selectFrom("participation_statements").select(["place_document_id", "place_text"]).executeTakeFirstOrThrow();
  assert.equal(stored.place_document_id, doc.id);
  assert.match(stored.place_text!, /^Seite 1: „§ 3 Bauweise/);

  // By keyboard: the page button chooses the whole page.
  await visit(page, `/beteiligung/${muehlacker!.slug}/unterlagen/${doc.id}/ansehen`);
  await page.waitForSelector("#pdf-viewer[aria-busy=false]", { timeout: 60_000 });
  await page.getByRole("button", { name: "Seite 1 wählen" }).focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.locator("#pdf-choice").innerText(), "Gewählte Stelle: Seite 1");
  assert.match((await page.locator("#pdf-comment").getAttribute("href"))!, /stelle=Seite%201$/);
  await checkAccessibility(page);

  // Without JavaScript: the hint, the download and the form with the document chosen.
  const plain = await b.newPage({ javaScriptEnabled: false });
  await visit(plain, `/beteiligung/${muehlacker!.slug}/unterlagen/${doc.id}/ansehen`);
  const pmain = plain.getByRole("main");
  assert.match(await pmain.innerText(), /Ohne JavaScript laden Sie die Unterlage herunter/);
  assert.ok(await pmain.getByRole("link", { name: "Unterlage herunterladen (PDF)" }).isVisible());
  assert.ok(await pmain.getByRole("link", { name: "Text der Unterlage Seite für Seite (ohne JavaScript)" }).isVisible());
  await follow(plain, () => pmain.getByRole("link", { name: "Zu dieser Unterlage Stellung nehmen" }).click());
  assert.equal(await plain.locator("#unterlage").inputValue(), doc.id);
});
