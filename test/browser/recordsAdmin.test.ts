/**
 * Issue 14 in the browser, the administration of the E-Akte: system accounts for specialist software (form error
 * first, the key shown once, a further key, revoke) and the filing plan upload (line errors with the content kept,
 * corrected in the text field, preview, import); then a clerk sets a file's confidentiality. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { submitBuildingPermit } from "../support/scans.js";
import { deliverAllEvents } from "../helpers.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";

test("issue 14: an admin creates a system account and imports a filing plan; a clerk sets the confidentiality (axe on every page)", { timeout: 240_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const { reference } = await submitBuildingPermit(b.db);
  await deliverAllEvents(b.app, b.db);
  const page = await b.newPage();
  await logIn(page, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  await visit(page, "/verwaltung/akten");
  await follow(page, () => page.getByRole("link", { name: /Systemkonten für Fachverfahren/ }).click());

  // Without a permission: the error summary first.
  await page.fill("#name", "Fachverfahren Bau");
  await page.selectOption("#einheit", { label: "Amt für Baurecht und Naturschutz (untere Baurechtsbehörde)" });
  await follow(page, () => page.getByRole("button", { name: "Systemkonto anlegen" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /mindestens eine Berechtigung/);
  await page.locator("#scopes").check();
  await follow(page, () => page.getByRole("button", { name: "Systemkonto anlegen" }).click());
  const secret = await page.locator("#neues-token").innerText();
  assert.match(secret, /^kp_/);
  const search = await b.app.inject({ url: "/api/v1/records/search?q=Bauantrag", headers: { authorization: `Bearer ${secret}` } });
  assert.equal(search.statusCode, 200);
  // A further key, then revoke the first.
  await follow(page, () => page.getByRole("link", { name: /Weiteren API-Schlüssel/ }).click());
  await page.locator("#scopes").check();
  await follow(page, () => page.getByRole("button", { name: "Schlüssel ausstellen" }).click());
  assert.match(await page.locator("#neues-token").innerText(), /^kp_/);
  await follow(page, () => page.getByRole("button", { name: /Widerrufen „Fachverfahren Bau“/ }).first().click());
  assert.match(await page.getByRole("main").innerText(), /widerrufen/i);

  // The filing plan: a broken line, corrected in the text field, preview, import.
  await visit(page, "/verwaltung/akten/aktenplan");
  await follow(page, () => page.getByRole("link", { name: /Aktenplan importieren/ }).click());
  const csv = "code,parent,title,retention_years,disposal,process_ids\n9,,Finanzen und Steuern,10,V,\n95,9,Grundsteuer,10,X,\n";
  await page.setInputFiles("#datei", { name: "aktenplan.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await follow(page, () => page.getByRole("button", { name: "Änderungen prüfen" }).click());
  assert.match(await page.locator("#zeilenfehler").innerText(), /Zeile 3: Aussonderungsart muss A, B oder V sein/);
  assert.match(await page.locator("#csv").inputValue(), /95,9,Grundsteuer,10,X,/);
  await page.fill("#csv", (await page.locator("#csv").inputValue()).replace("10,X,", "10,V,"));
  await follow(page, () => page.getByRole("button", { name: "Änderungen prüfen" }).click());
  assert.match(await page.getByRole("main").innerText(), /1 neue Positionen/);
  await follow(page, () => page.getByRole("button", { name: "Aktenplan übernehmen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Aktenplan übernommen: 1 neue, 0 geänderte Positionen/);

  // A clerk of the building authority: confidentiality with a reason.
  const clerk = await b.newPage();
  await logIn(clerk, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  await visit(clerk, "/verwaltung/akten");
  await follow(clerk, () => clerk.getByRole("link", { name: `632/${reference}` }).click());
  await clerk.getByLabel("VS – Nur für den Dienstgebrauch (NfD)").check();
  await follow(clerk, () => clerk.getByRole("button", { name: "Vertraulichkeit speichern" }).click());
  assert.match(await clerk.locator(".kp-error-summary").innerText(), /Bitte begründen Sie die Einstufung/);
  await clerk.fill("#stufengrund", "Sicherheitsrelevante Statik");
  await follow(clerk, () => clerk.getByRole("button", { name: "Vertraulichkeit speichern" }).click());
  assert.match(await clerk.getByRole("main").innerText(), /Nur für den Dienstgebrauch \(NfD\) – Sicherheitsrelevante Statik/);
});
