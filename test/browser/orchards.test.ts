/** Issue 16 in the browser: an owner in Neuenbürg lists a meadow and a mulcher; another user writes and borrows; axe on every page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { jpegWithGps } from "../support/photos.js";
import { follow, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

test("orchard exchange: post a meadow (errors first), offer a mulcher, message the poster, request and confirm a loan, hand over, rate, change the rating and answer it (axe, keyboard)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "olga@example.org", kind: "citizen", homeAgs: "08236043" });
  await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });

  const owner = await b.newPage();
  await visit(owner, "/streuobst");
  assert.match(await owner.getByRole("main").innerText(), /Streuobstwiesen-Börse/);
  await logIn(owner, "olga@example.org", TEST_PASSWORD);
  await visit(owner, "/streuobst/neu");
  // Submitting with gaps: the error summary lists the fields, input kept.
  await owner.fill("#titel", "Streuobstwiese in Neuenbürg zu verpachten");
  await owner.fill("#ablauf", "");
  await follow(owner, () => owner.getByRole("button", { name: "Anzeige veröffentlichen" }).click());
  const summary = owner.locator("#fehler");
  assert.match(await summary.innerText(), /Art der Anzeige/);
  assert.equal(await owner.inputValue("#titel"), "Streuobstwiese in Neuenbürg zu verpachten");
  // Keyboard: reach the first radio and choose it with the space bar.
  await owner.locator("#fehler").focus();
  await tabTo(owner, "art");
  await owner.keyboard.press("Space");
  await owner.fill("#beschreibung", "35 Hochstämme, Südhang, Zufahrt über Feldweg.");
  await owner.selectOption("#gemeinde", "08236043");
  await owner.fill("#flaeche", "2400");
  await owner.fill("#baeume", "35");
  await owner.fill("#ablauf", formatDay(addDays(today(), 60)));
  // The map point (optional): the owner sees it exactly, the public only the ~1 km cell.
  await owner.fill("#breite", "48,8461");
  await owner.fill("#laenge", "8,5912");
  await follow(owner, () => owner.getByRole("button", { name: "Anzeige veröffentlichen" }).click());
  assert.match(pathOf(owner), /^\/streuobst\/anzeigen\/[0-9a-f-]+\?gespeichert=1$/);
  const listingPath = pathOf(owner).split("?")[0]!;
  assert.match(await owner.getByRole("main").innerText(), /gespeichert und veröffentlicht/);
  assert.match(await owner.getByRole("main").innerText(), /48,8461, 8,5912/);

  // A photo with GPS data in it: uploaded with its description, shown as a thumbnail.
  await follow(owner, () => owner.getByRole("link", { name: "Fotos hinzufügen oder löschen" }).click());
  await follow(owner, () => owner.getByRole("button", { name: "Foto hochladen" }).click());
  assert.match(await owner.locator("#fehler").innerText(), /Bitte wählen Sie ein Foto aus/);
  await owner.setInputFiles("#foto", { name: "wiese.jpg", mimeType: "image/jpeg", buffer: await jpegWithGps(900, 600) });
  await owner.fill("#alt", "Apfelbäume in Blüte am Südhang");
  await follow(owner, () => owner.getByRole("button", { name: "Foto hochladen" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Das Foto wurde gespeichert/);
  await visit(owner, listingPath);
  const thumb = owner.getByRole("img", { name: "Apfelbäume in Blüte am Südhang" });
  assert.equal(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);

  await visit(owner, "/streuobst/geraete/neu");
  await owner.fill("#name", "Mulcher (Schlegelmulcher)");
  await owner.fill("#beschreibung", "Arbeitsbreite 60 cm");
  await owner.selectOption("#gemeinde", "08236043");
  await owner.fill("#kaution", "50");
  await follow(owner, () => owner.getByRole("button", { name: "Gerät anbieten" }).click());
  const itemPath = pathOf(owner).split("?")[0]!;
  assert.match(itemPath, /^\/streuobst\/geraete\/[0-9a-f-]+$/);

  // Another user finds the meadow, writes, and asks for the mulcher for a weekend.
  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, "/streuobst?gemeinde=08236043");
  // The distance filter without JavaScript: 10 km around Neuenbürg.
  await paul.selectOption("#nahe", "08236043");
  await paul.selectOption("#umkreis", "10");
  await follow(paul, () => paul.getByRole("button", { name: "Filtern" }).click());
  assert.match(await paul.getByRole("main").innerText(), /im Umkreis von 10 km[^]*etwa \d+(,\d)? km entfernt/);
  await follow(paul, () => paul.getByRole("link", { name: "Streuobstwiese in Neuenbürg zu verpachten" }).click());
  assert.equal(pathOf(paul), listingPath);
  assert.doesNotMatch(await paul.getByRole("main").innerText(), /48,8461/);
  assert.match(await paul.getByRole("main").innerText(), /Raster von etwa 1 km\) bei 48,845, 8,5875/);
  await paul.fill("#nachricht", "Ist die Wiese noch frei?");
  await follow(paul, () => paul.getByRole("button", { name: "Nachricht senden" }).click());
  assert.match(pathOf(paul), /^\/streuobst\/nachrichten\//);
  assert.match(await paul.getByRole("main").innerText(), /Ist die Wiese noch frei\?/);
  assert.doesNotMatch(await paul.content(), /olga@example\.org/);

  const sat = addDays(today(), 12);
  await visit(paul, itemPath);
  await paul.fill("#von", formatDay(sat));
  await paul.fill("#bis", formatDay(addDays(sat, 1)));
  await paul.fill("#notiz", "Fürs Wochenende");
  await follow(paul, () => paul.getByRole("button", { name: "Anfrage senden" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Ihre Anfrage ist gesendet/);

  // The owner sees the message and the request on "Meine" and confirms.
  await visit(owner, "/streuobst/meine");
  const main = owner.getByRole("main");
  assert.match(await main.innerText(), /1 ungelesen/);
  assert.match(await main.innerText(), /Fürs Wochenende/);
  await follow(owner, () => main.getByRole("button", { name: "Bestätigen" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Die Ausleihe ist bestätigt/);
  await visit(owner, itemPath);
  assert.match(await owner.getByRole("main").innerText(), new RegExp(`${formatDay(sat).replace(/\./g, "\\.")} bis`));
  // The availability calendar of that month: both days taken, in a table with a caption.
  await visit(paul, `${itemPath}?monat=${sat.slice(0, 7)}`);
  const calendar = paul.getByRole("table", { name: /Belegung im/ });
  assert.equal(await calendar.locator(".kp-cal__taken").count(), sat.slice(0, 7) === addDays(sat, 1).slice(0, 7) ? 2 : 1);
  await follow(paul, () => paul.getByRole("link", { name: /Nächster Monat/ }).click());
  assert.match(pathOf(paul), /\?monat=\d{4}-\d{2}$/);

  // Hand-over (migration 0046): the owner opens the loan from "Meine", records pick-up (errors first) and return.
  await visit(owner, "/streuobst/meine");
  await follow(owner, () => owner.getByRole("main").getByRole("link", { name: "Bestätigt" }).click());
  const loanPath = pathOf(owner).split("?")[0]!;
  await follow(owner, () => owner.getByRole("button", { name: "Abholung festhalten" }).click());
  assert.match(await owner.locator("#fehler").innerText(), /Zustand/);
  await owner.getByRole("radio", { name: "gut" }).check();
  await owner.getByRole("group", { name: "Zubehör vollständig?" }).getByRole("radio", { name: "ja" }).check();
  await owner.getByRole("group", { name: "Kaution erhalten?" }).getByRole("radio", { name: "ja" }).check();
  await follow(owner, () => owner.getByRole("button", { name: "Abholung festhalten" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Die Abholung ist festgehalten/);
  await owner.getByRole("radio", { name: "mit Gebrauchsspuren" }).check();
  await owner.getByRole("group", { name: "Zubehör vollständig?" }).getByRole("radio", { name: "ja" }).check();
  await owner.getByRole("group", { name: "Kaution zurückgegeben?" }).getByRole("radio", { name: "ja" }).check();
  await follow(owner, () => owner.getByRole("button", { name: "Rückgabe festhalten" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Die Rückgabe ist festgehalten/);
  // The borrower sees both check-lists and rates with radio buttons (keyboard: space on a focused radio).
  await visit(paul, loanPath);
  assert.match(await paul.getByRole("main").innerText(), /mit Gebrauchsspuren/);
  await paul.getByRole("radio", { name: "4 von 5 Sternen" }).focus();
  await paul.keyboard.press("Space");
  await paul.fill("#kommentar", "Gut gewartet");
  await follow(paul, () => paul.getByRole("button", { name: "Bewertung abgeben" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Danke, Ihre Bewertung ist gespeichert/);
  await visit(paul, itemPath);
  assert.match(await paul.getByRole("main").innerText(), /4 von 5 Sternen \(1 Bewertung\)/);
  // Migration 0075: the author changes the rating (prefilled form), the owner answers once (error first).
  await visit(paul, loanPath);
  await paul.getByRole("radio", { name: "5 von 5 Sternen" }).focus();
  await paul.keyboard.press("Space");
  await follow(paul, () => paul.getByRole("button", { name: "Bewertung ändern" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Ihre Bewertung ist geändert[^]*5 von 5 Sternen \(geändert am [0-9.]+\)[^]*Gut gewartet/);
  await visit(owner, loanPath);
  await follow(owner, () => owner.getByRole("button", { name: "Antwort veröffentlichen" }).press("Enter"));
  assert.match(await owner.locator("#fehler").innerText(), /Antwort/);
  await owner.getByRole("textbox", { name: "Ihre Antwort auf diese Bewertung" }).fill("Danke fürs pflegliche Ausleihen!");
  await follow(owner, () => owner.getByRole("button", { name: "Antwort veröffentlichen" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Antwort der bewerteten Person: Danke fürs pflegliche Ausleihen!/);
  assert.equal(await owner.getByRole("button", { name: "Antwort veröffentlichen" }).count(), 0);
});
