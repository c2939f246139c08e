/**
 * Issue 14 in the browser: a clerk of the building authority finds the file of a building permit, files a
 * document without JavaScript-only widgets (a file field), sees the error summary first, scans a letter,
 * searches, and looks at the clearing and disposal lists, the filing plan and the case page's link to the file. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { imageOnlyPdf, submitBuildingPermit } from "../support/scans.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";
import { deliverAllEvents } from "../helpers.js";

test("issue 14: a clerk files a document and a scan, searches, and sees the clearing and disposal lists; a colleague releases scans in bulk and rejects one as defective, the clerk re-scans (axe on every page)", { timeout: 420_000 }, async (t) => {
  // Receivers may point to the test's example host only (ADR 0077): the rule is explicit, not the default loosened.
  const b = await startBrowserTest(t, { RECORDS_WEBHOOK_ALLOWED_HOSTS: "fachverfahren.example" });
  const { reference } = await submitBuildingPermit(b.db);
  await deliverAllEvents(b.app, b.db);
  const page = await b.newPage();
  await logIn(page, "bauamt@kreisportal.example", DEMO_STAFF_PASSWORD);
  await visit(page, "/verwaltung/akten");
  await follow(page, () => page.getByRole("link", { name: `632/${reference}` }).click());
  assert.match(pathOf(page), /^\/verwaltung\/akten\/[0-9a-f-]{36}$/);
  assert.match(await page.getByRole("main").innerText(), /632 Baugenehmigungsverfahren/);

  // Without a title: the German error summary, the file field keeps its place.
  const letter = await imageOnlyPdf([["Nachforderung Statik"]]);
  await page.setInputFiles("#datei", { name: "nachforderung.pdf", mimeType: "application/pdf", buffer: letter });
  await follow(page, () => page.getByRole("button", { name: "Ablegen" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /Bitte füllen Sie dieses Feld aus/);
  await page.fill("#titel", "Nachforderung Statik");
  await page.setInputFiles("#datei", { name: "nachforderung.pdf", mimeType: "application/pdf", buffer: letter });
  await follow(page, () => page.getByRole("button", { name: "Ablegen" }).click());
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Das Dokument wurde abgelegt/);
  assert.match(main, /SHA-256 [0-9a-f]{64}/);

  // A scan without a cover sheet lands in the clearing list.
  await visit(page, "/verwaltung/akten/scannen");
  await page.setInputFiles("#datei", { name: "lose-post.pdf", mimeType: "application/pdf", buffer: await imageOnlyPdf([["Ohne Deckblatt"]]) });
  await page.fill("#geraet", "Poststelle");
  await follow(page, () => page.getByRole("button", { name: "Scan einreichen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Klärungsliste/);
  await visit(page, "/verwaltung/akten/klaerung");
  assert.match(await page.getByRole("main").innerText(), /lose-post\.pdf/);

  // A scan behind the cover sheet is filed but not released: the clerk sees it marked and cannot release it herself;
  // a colleague releases it from the list of scans awaiting the quality check (ADR 0077).
  await visit(page, "/verwaltung/akten/scannen");
  await page.setInputFiles("#datei", { name: "statik.pdf", mimeType: "application/pdf", buffer: await imageOnlyPdf([["Statik"]], { coverReference: reference }) });
  await page.fill("#geraet", "Poststelle");
  await follow(page, () => page.getByRole("button", { name: "Scan einreichen" }).click());
  await visit(page, "/verwaltung/akten/qualitaetspruefung");
  assert.match(await page.getByRole("main").innerText(), /Ihr eigener Scan/);
  await follow(page, () => page.getByRole("link", { name: "Scan statik.pdf", exact: true }).click());
  assert.match(await page.getByRole("main").innerText(), /Nicht freigegeben/);
  await follow(page, () => page.getByRole("button", { name: "Qualität geprüft – „Scan statik.pdf“ freigeben" }).click());
  assert.match(await page.getByRole("main").innerText(), /Sie haben diesen Scan selbst eingeliefert/);
  const colleague = await b.newPage();
  await logIn(colleague, "bauamt2@kreisportal.example", DEMO_STAFF_PASSWORD);
  await visit(colleague, "/verwaltung/akten/qualitaetspruefung");
  await follow(colleague, () => colleague.getByRole("link", { name: "Scan statik.pdf", exact: true }).click());
  await follow(colleague, () => colleague.getByRole("button", { name: "Qualität geprüft – „Scan statik.pdf“ freigeben" }).click());
  assert.match(await colleague.getByRole("main").innerText(), /Der Scan ist freigegeben/);

  // Two more scans: the colleague releases one from the list with its checkbox („Ausgewählte freigeben“) and rejects
  // the other as defective (reason required: the error next to the field first); the clerk sees the reason on her
  // scan page and re-scans (migration 0078).
  for (const name of ["grundriss.pdf", "ansicht.pdf"]) {
    await visit(page, "/verwaltung/akten/scannen");
    await page.setInputFiles("#datei", { name, mimeType: "application/pdf", buffer: await imageOnlyPdf([[name]], { coverReference: reference }) });
    await page.fill("#geraet", "Poststelle");
    await follow(page, () => page.getByRole("button", { name: "Scan einreichen" }).click());
  }
  await visit(colleague, "/verwaltung/akten/qualitaetspruefung");
  await follow(colleague, () => colleague.getByRole("button", { name: "Ausgewählte freigeben" }).click());
  assert.match(await colleague.locator("#scans-error").innerText(), /Bitte wählen Sie mindestens einen Scan aus/);
  await colleague.getByLabel(/„Scan grundriss\.pdf“/).check();
  await follow(colleague, () => colleague.getByRole("button", { name: "Ausgewählte freigeben" }).click());
  assert.match(await colleague.getByRole("main").innerText(), /Freigegeben \(1\): „Scan grundriss\.pdf“/);
  await follow(colleague, () => colleague.getByRole("link", { name: "„Scan ansicht.pdf“ als mangelhaft zurückweisen" }).click());
  await follow(colleague, () => colleague.getByRole("button", { name: "Als mangelhaft zurückweisen" }).click());
  assert.match(await colleague.locator("#grund-error").innerText(), /Bitte beschreiben Sie, was an dem Scan mangelhaft ist/);
  await colleague.fill("#grund", "Seite 2 ist abgeschnitten");
  await follow(colleague, () => colleague.getByRole("button", { name: "Als mangelhaft zurückweisen" }).click());
  assert.match(await colleague.getByRole("main").innerText(), /Der Scan ist als mangelhaft zurückgewiesen[\s\S]*Seite 2 ist abgeschnitten – wird neu gescannt/);
  await visit(page, "/verwaltung/akten/scannen");
  assert.match(await page.getByRole("main").innerText(), /Mangelhafte Scans – bitte neu scannen \(1\)[\s\S]*Seite 2 ist abgeschnitten/);
  await page.getByLabel("Neuer Scan für „Scan ansicht.pdf“").setInputFiles({ name: "ansicht-neu.pdf", mimeType: "application/pdf", buffer: await imageOnlyPdf([["ansicht vollständig"]]) });
  await page.fill("input[id^='geraet-']", "Poststelle");
  await follow(page, () => page.getByRole("button", { name: "Neuen Scan für „Scan ansicht.pdf“ einreichen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Der neue Scan ist abgelegt/);
  // The colleague ticks every scan with the script's „Alle auswählen“ checkbox (without JavaScript: „Alle freigeben“).
  await visit(colleague, "/verwaltung/akten/qualitaetspruefung");
  await colleague.getByLabel("Alle auswählen (außer eigenen Scans)").check();
  assert.equal(await colleague.getByLabel(/„Scan ansicht\.pdf“/).isChecked(), true);
  await follow(colleague, () => colleague.getByRole("button", { name: "Ausgewählte freigeben" }).click());
  assert.match(await colleague.getByRole("main").innerText(), /Freigegeben \(1\): „Scan ansicht\.pdf“/);

  // Search by the file name (metadata), then the disposal list (empty).
  await visit(page, "/verwaltung/akten?q=nachforderung");
  assert.match(await page.getByRole("main").innerText(), /Nachforderung Statik/);
  await visit(page, "/verwaltung/akten/aussonderung");
  assert.match(await page.getByRole("main").innerText(), /Keine Akten zur Aussonderung/);

  // The filing plan (from the records home page), and the staff case page's panel linking to the file.
  await visit(page, "/verwaltung/akten");
  await follow(page, () => page.getByRole("link", { name: "Aktenplan", exact: true }).click());
  assert.match(await page.getByRole("main").innerText(), /632 Baugenehmigungsverfahren – 30 Jahre nach Abschluss/);
  const caseId = (await b.db.selectFrom("cases").select("id").where("reference", "=", reference).executeTakeFirstOrThrow()).id;
  await visit(page, `/verwaltung/vorgaenge/${caseId}`);
  await follow(page, () => page.getByRole("link", { name: `Akte 632/${reference}` }).click());
  assert.match(pathOf(page), /^\/verwaltung\/akten\/[0-9a-f-]{36}$/);

  // Webhooks: a host outside the allow-list is refused next to the field (input kept); then a form error
  // (no event), then the page with the receiver.
  await visit(page, "/verwaltung/akten/webhooks");
  await page.selectOption("#einheit", { index: 1 });
  await page.fill("#url", "http://169.254.169.254/latest/meta-data/");
  await page.getByLabel("Dokument abgelegt").check();
  await follow(page, () => page.getByRole("button", { name: "Einrichten" }).click());
  assert.match(await page.locator("#url-error").innerText(), /An 169\.254\.169\.254 dürfen keine Nachrichten gesendet werden/);
  assert.equal(await page.inputValue("#url"), "http://169.254.169.254/latest/meta-data/");
  await page.getByLabel("Dokument abgelegt").uncheck();
  await page.selectOption("#einheit", { index: 1 });
  await page.fill("#url", "https://fachverfahren.example/hook");
  await follow(page, () => page.getByRole("button", { name: "Einrichten" }).click());
  assert.match(await page.locator(".kp-error-summary").innerText(), /mindestens ein Ereignis/);
  await page.getByLabel("Dokument abgelegt").check();
  await follow(page, () => page.getByRole("button", { name: "Einrichten" }).click());
  assert.match(await page.getByRole("main").innerText(), /whsec_/);
  // Disable it, renew its secret (shown once), enable it again (ADR 0062).
  await visit(page, "/verwaltung/akten/webhooks");
  await follow(page, () => page.getByRole("button", { name: "Deaktivieren" }).click());
  assert.match(await page.getByRole("main").innerText(), /Der Empfänger ist deaktiviert/);
  await follow(page, () => page.getByRole("button", { name: "Neues Geheimnis erzeugen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Neues Geheimnis für https:\/\/fachverfahren\.example\/hook[\s\S]*whsec_/);
  await follow(page, () => page.getByRole("button", { name: "Wieder aktivieren" }).click());
  assert.match(await page.getByRole("main").innerText(), /wieder aktiv/);
  // Delete it after the confirmation page.
  await follow(page, () => page.getByRole("link", { name: "Empfänger https://fachverfahren.example/hook löschen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Soll der Empfänger https:\/\/fachverfahren\.example\/hook/);
  await follow(page, () => page.getByRole("button", { name: "Endgültig löschen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Der Empfänger ist gelöscht/);
  assert.match(await page.getByRole("main").innerText(), /Noch keine Empfänger eingerichtet/);
});
