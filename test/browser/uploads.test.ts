import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { systemContext } from "../../src/platform/commands.js";
import { formDefinitionLoader } from "../../src/modules/applications/commands/formDefinitionLoader.js";
import { EXE, PDF, UPLOAD_FORM } from "../support/uploads.js";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

const byId = (id: string) => `[id="${id}"]`;

test("uploading a plan without JavaScript: disguised file refused at the field with answers kept, replace, remove, check page, receipt with SHA-256 (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await formDefinitionLoader(systemContext(b.db), { definitions: [UPLOAD_FORM] });
  const page = await b.newPage({ javaScriptEnabled: false });
  const main = page.getByRole("main");

  await visit(page, `/antraege/${UPLOAD_FORM.id}`);
  await follow(page, () => main.getByRole("button", { name: "Antrag beginnen" }).click());
  assert.match(pathOf(page), /\/unterlagen$/);
  assert.match((await page.locator(byId("bauplan-hint")).innerText()).trim(), /PDF, PNG oder JPEG, höchstens 10 MB\./);

  // An executable named .pdf: the German message at the field and in the summary, the text answer kept.
  await page.fill(byId("vorhaben"), "Carport mit Geräteraum");
  await page.setInputFiles(byId("bauplan"), { name: "bauplan.pdf", mimeType: "application/pdf", buffer: EXE });
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(await page.locator("#fehler").innerText(), /Die Datei ist kein PDF, PNG oder JPEG\./);
  assert.match(await page.locator(byId("bauplan-error")).innerText(), /kein PDF, PNG oder JPEG/);
  assert.equal(await page.inputValue(byId("vorhaben")), "Carport mit Geräteraum");
  assert.equal(await page.getAttribute(byId("bauplan"), "aria-invalid"), "true");

  // A real PDF; "Speichern" keeps it, the page shows it with a download link and "Datei entfernen".
  await page.setInputFiles(byId("bauplan"), { name: "Lageplan.pdf", mimeType: "application/pdf", buffer: PDF });
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(pathOf(page), /\/foto$/);
  const draftStep = page.url().replace(/\/foto$/, "/unterlagen");
  await visit(page, new URL(draftStep).pathname);
  const link = main.getByRole("link", { name: /Lageplan\.pdf/ });
  const href = await link.getAttribute("href");
  const download = await page.request.get(href!);
  assert.equal(download.status(), 200);
  assert.equal(download.headers()["content-type"], "application/pdf");
  assert.match(download.headers()["content-disposition"] ?? "", /^attachment;/);
  assert.deepEqual(await download.body(), PDF);

  // Remove it: the field is empty again, the text answer stays.
  await follow(page, () => main.getByRole("button", { name: /Datei entfernen/ }).click());
  assert.equal(await main.getByRole("link", { name: /Lageplan\.pdf/ }).count(), 0);
  assert.equal(await page.inputValue(byId("vorhaben")), "Carport mit Geräteraum");
  // Required: continuing without a file names it.
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(await page.locator("#fehler").innerText(), /Bitte laden Sie eine Datei hoch: Bauplan\./);
  const v2 = Buffer.concat([PDF, Buffer.from("% zweite Fassung\n")]);
  await page.setInputFiles(byId("bauplan"), { name: "Lageplan-v2.pdf", mimeType: "application/pdf", buffer: v2 });
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(pathOf(page), /\/foto$/);
  // The optional photo stays empty.
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());

  // Check page: name and size; then submit and read the receipt.
  assert.match(pathOf(page), /\/pruefen$/);
  assert.match(await main.innerText(), new RegExp(`Lageplan-v2\\.pdf \\(${v2.length} Bytes\\)`));
  await follow(page, () => main.getByRole("button", { name: "Antrag absenden" }).click());
  assert.match(pathOf(page), /\/antraege\/eingang\/UT-\d{4}-\d{6}/);
  await follow(page, () => main.getByRole("link", { name: "Eingangsbestätigung mit allen Angaben (zum Drucken)" }).click());
  const receipt = await main.innerText();
  assert.match(receipt, /Anlagen/);
  assert.ok(receipt.includes(createHash("sha256").update(v2).digest("hex")), "the receipt names the file's SHA-256");
});
