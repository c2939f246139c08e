/**
 * Issue 20 in the browser at a phone's size (390 × 844): a guest books the § 43 IfSG instruction in English,
 * pays in the sandbox, completes the modules, books the video identification, passes the quiz, gets the certificate; an employer verifies it.
 * The Arabic content is right-to-left. axe on every page (the sandbox's pay page too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, scrollWidth, startBrowserTest, visit } from "./support.js";
import { startSandboxServer } from "../../src/modules/payments/providers/sandbox/server.js";
import { publishCourseFolders } from "../../src/modules/learning/index.js";

const SECRET = "payment-secret-".padEnd(48, "p");
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test("issue 20: on a phone, a guest books the infection-protection instruction in English, pays, learns, passes and an employer verifies the certificate (axe on every page)", async (t) => {
  const sandbox = await startSandboxServer({ secret: SECRET });
  t.after(() => sandbox.close());
  const b = await startBrowserTest(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET });
  await publishCourseFolders(b.db);

  const page = await b.newPage(PHONE);
  const main = page.getByRole("main");
  await visit(page, "/sprache?lang=en&next=/kurse");
  await follow(page, () => main.getByRole("link", { name: /Infection-protection instruction/ }).click());
  assert.equal(pathOf(page), "/kurse/infektionsschutz-43");
  assert.ok((await scrollWidth(page)) <= 390, "no horizontal scrolling on a phone");

  // A missing declaration first: the error is at the field, the input kept.
  await page.fill("#name", "Alex Example");
  await page.fill("#geburtsdatum", "1990-05-17");
  await page.fill("#email", "alex@example.org");
  await page.getByLabel("English").check();
  await follow(page, () => main.getByRole("button", { name: "Continue" }).click());
  assert.match(await main.innerText(), /Please confirm the declaration of identity/);
  assert.equal(await page.inputValue("#name"), "Alex Example");
  await page.getByLabel(/I am the person named above/).check();
  await follow(page, () => main.getByRole("button", { name: "Continue" }).click());
  assert.match(pathOf(page), /^\/kurse\/teilnahme\/[0-9a-f-]{36}\?code=/);
  const overview = pathOf(page);

  await follow(page, () => main.getByRole("button", { name: /Pay 20/ }).click());
  await follow(page, () => main.getByRole("link", { name: /payment service|Bezahldienst/ }).click());
  assert.ok(page.url().startsWith(`${sandbox.url}/zahlen/`), page.url());
  await follow(page, () => page.getByRole("button", { name: "Bezahlen", exact: true }).click());
  assert.equal(pathOf(page), overview);
  assert.match(await main.innerText(), /Fee paid: 20/);

  await follow(page, () => main.getByRole("link", { name: "The instruction" }).click());
  assert.match(await main.innerText(), /When you must not work with food/);
  await follow(page, () => main.getByRole("button", { name: "Done – next" }).click());
  assert.equal(await page.locator("video track[kind=captions][srclang=en]").count(), 1);
  assert.ok((await scrollWidth(page)) <= 390, "the video fits the phone");
  // The video plays from the portal (no third-party player) and its English captions load.
  const media = await page.evaluate(
    () =>
      new Promise<{ duration: number; cues: number }>((resolve, reject) => {
        const v = document.querySelector("video")!;
        const track = v.textTracks[0]!;
        track.mode = "showing";
        v.preload = "auto";
        v.addEventListener("loadedmetadata", () => setTimeout(() => resolve({ duration: v.duration, cues: track.cues?.length ?? 0 }), 500));
        v.addEventListener("error", () => reject(new Error(`video error ${v.error?.code}`)));
        v.load();
      }),
  );
  assert.ok(media.duration > 5 || media.duration === Infinity, `video duration ${media.duration}`);
  assert.equal(media.cues, 2, "the captions' two cues");
  await follow(page, () => main.getByRole("button", { name: "Done – next" }).click());
  await follow(page, () => main.getByRole("button", { name: "Done – back to the overview" }).click());
  // The § 43 instruction requires the video identification (deliberately since issue 20 item 3): book a slot on the
  // phone; the staff's confirmation is the other browser test's (learning-video-ident), here recorded directly.
  assert.equal(await main.getByRole("button", { name: "Start the quiz" }).count(), 0, "no quiz before the identity is confirmed");
  await page.locator("input[name=termin]").first().check();
  await follow(page, () => main.getByRole("button", { name: "Book appointment" }).click());
  assert.match(await main.innerText(), /Link to the video room/);
  assert.ok((await scrollWidth(page)) <= 390, "the identification section fits the phone");
  await b.db.updateTable("learning_enrollments").set({ ident_status: "confirmed", ident_decided_at: new Date() }).where("holder_name", "=", "Alex Example").execute();
  await visit(page, overview);
  await follow(page, () => main.getByRole("button", { name: "Start the quiz" }).click());

  await page.getByLabel("I do not work with food and tell my employer.").check();
  for (const l of ["Yellowing of the skin or eyes", "A festering wound on the hand", "Diarrhoea with fever"]) await page.getByLabel(l).check();
  const order = ["nass", "seife", "spuelen", "trocknen"];
  for (const [i, v] of order.entries()) await page.selectOption(`#q_reihenfolge_${i + 1}`, v);
  await page.fill("#q_sekunden", "20");
  await page.getByLabel("Every two years").check();
  await follow(page, () => main.getByRole("button", { name: "Submit answers" }).click());
  assert.match(await main.innerText(), /5 of 5 questions right/);
  await follow(page, () => main.getByRole("link", { name: "To the certificate" }).click());
  const code = /Verification code: ([A-Z2-9-]{29})/.exec(await main.innerText())![1]!;
  const pdf = await page.request.get((await main.getByRole("link", { name: "Download the certificate (PDF)" }).getAttribute("href"))!);
  assert.equal(pdf.headers()["content-type"], "application/pdf");

  // The employer, also on a phone: by code.
  const employer = await b.newPage(PHONE);
  await visit(employer, "/nachweis");
  await employer.fill("#code", code.toLowerCase());
  await follow(employer, () => employer.getByRole("main").getByRole("button").click());
  assert.equal(pathOf(employer), `/nachweis/${code}`);
  assert.match(await employer.getByRole("main").innerText(), /\*\*\.05\.1990/);

  // Arabic content is right-to-left and marked as a demo text.
  const ar = await b.newPage(PHONE);
  await visit(ar, "/kurse/infektionsschutz-43");
  await ar.fill("#name", "Sami Beispiel");
  await ar.fill("#geburtsdatum", "1985-01-02");
  await ar.fill("#email", "sami@example.org");
  await ar.getByLabel("العربية").check();
  await ar.getByLabel(/Ich bin die oben genannte Person/).check();
  await follow(ar, () => ar.getByRole("main").getByRole("button", { name: "Weiter" }).click());
  const id = /teilnahme\/([0-9a-f-]{36})/.exec(pathOf(ar))![1]!;
  await b.db.updateTable("learning_enrollments").set({ paid_at: new Date() }).where("id", "=", id).execute();
  await visit(ar, pathOf(ar).replace(/\?/, "/modul/1?"));
  assert.equal(await ar.locator("[dir=rtl][lang=ar]").count(), 1);
  assert.match(await ar.getByRole("main").innerText(), /Demo-Text, nicht amtlich/);
});

test("issue 20: the Lernredaktion assigns a training, a member completes it on a phone, the report shows it (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await publishCourseFolders(b.db);
  const PASSWORD = "Ein langes Testpasswort 2026";
  const { createTestUser } = await import("../helpers.js");
  await createTestUser(b.db, { email: "redaktion@enzkreis.example", kind: "staff", roles: ["admin"], password: PASSWORD });
  await createTestUser(b.db, { email: "mitarbeiterin@enzkreis.example", kind: "staff", roles: ["member"], password: PASSWORD });
  const { logIn } = await import("./support.js");

  const editor = await b.newPage();
  await logIn(editor, "redaktion@enzkreis.example", PASSWORD);
  await visit(editor, "/verwaltung/lernen");
  const main = editor.getByRole("main");
  assert.match(await main.innerText(), /keine Mängel/);
  await editor.selectOption("#kurs", "datenschutz-grundlagen");
  await editor.selectOption("#einheit", { index: 1 });
  await editor.fill("#faellig", new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  await follow(editor, () => main.getByRole("button", { name: "Zuweisen" }).click());
  assert.match(await main.innerText(), /Pflichtschulung ist zugewiesen/);

  const worker = await b.newPage(PHONE);
  await logIn(worker, "mitarbeiterin@enzkreis.example", PASSWORD);
  await visit(worker, "/lernen");
  await follow(worker, () => worker.getByRole("main").getByRole("button", { name: /Beginnen/ }).click());
  await follow(worker, () => worker.getByRole("main").getByRole("link", { name: "Was sind personenbezogene Daten?" }).click());
  await follow(worker, () => worker.getByRole("main").getByRole("button", { name: "Gelesen – zur Übersicht" }).click());
  await follow(worker, () => worker.getByRole("main").getByRole("button", { name: "Test beginnen" }).click());
  await worker.getByLabel(/Sofort die oder den Datenschutzbeauftragten informieren/).check();
  await follow(worker, () => worker.getByRole("main").getByRole("button", { name: "Antworten abgeben" }).click());
  assert.match(await worker.getByRole("main").innerText(), /Test bestanden/);

  await visit(editor, "/verwaltung/lernen");
  await follow(editor, () => main.getByRole("link", { name: /^Bericht: / }).click());
  assert.match(await main.innerText(), /1 von 1 Pflichtschulungen abgeschlossen/);
  // The chart of completions per month: an image with a text label, the numbers in the table below.
  const chart = main.getByRole("img", { name: /^Datenschutz-Grundlagen: Abschlüsse je Monat von .+, zusammen 1\./ });
  assert.equal(await chart.count(), 1);
  assert.equal(await main.getByRole("region", { name: "Datenschutz-Grundlagen: Abschlüsse je Monat" }).getByRole("row").count(), 13, "a header and twelve months");
  // The role filter beside the unit (a plain GET form).
  await editor.selectOption("#rolle", "member");
  await follow(editor, () => main.getByRole("button", { name: "Anzeigen" }).click());
  assert.match(pathOf(editor), /^\/verwaltung\/lernen\/bericht\/[0-9a-f-]{36}\?rolle=member$/);
  assert.match(await main.innerText(), /Nur Mitglieder mit der Rolle „Mitglied \(Sachbearbeitung\)“/);
  assert.match(await main.innerText(), /1 von 1 Pflichtschulungen abgeschlossen/);
  await editor.selectOption("#rolle", "admin");
  await follow(editor, () => main.getByRole("button", { name: "Anzeigen" }).click());
  assert.match(await main.innerText(), /0 von 0 Pflichtschulungen abgeschlossen/);
});

test("issue 20: the Lernredaktion edits a course in the browser with the keyboard: error summary, English texts, quiz structure, publish (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await publishCourseFolders(b.db);
  const PASSWORD = "Ein langes Testpasswort 2026";
  const { createTestUser } = await import("../helpers.js");
  await createTestUser(b.db, { email: "redaktion@enzkreis.example", kind: "staff", roles: ["admin"], password: PASSWORD });
  const { logIn } = await import("./support.js");
  const editor = await b.newPage();
  const main = editor.getByRole("main");
  await logIn(editor, "redaktion@enzkreis.example", PASSWORD);
  await visit(editor, "/verwaltung/lernen");
  await follow(editor, () => main.getByRole("button", { name: "Im Browser bearbeiten datenschutz-grundlagen" }).click());
  assert.equal(pathOf(editor), "/verwaltung/lernen/kurse/datenschutz-grundlagen");
  assert.equal(await editor.inputValue("#version"), "2");

  // A wrong fee: the summary names it and links to the field; the typed title stays.
  await editor.fill("#title", "Datenschutz im Amt");
  await editor.fill("#fee", "zwölf Euro");
  await follow(editor, () => main.getByRole("button", { name: "Entwurf speichern" }).click());
  assert.match(await editor.locator(".kp-error-summary").innerText(), /Gebühr in Euro/);
  assert.equal(await editor.inputValue("#title"), "Datenschutz im Amt");
  await editor.locator(".kp-error-summary a[href='#fee']").focus();
  await editor.keyboard.press("Enter");
  assert.equal(await editor.evaluate(() => document.activeElement?.id), "fee");
  await editor.keyboard.type("0", { delay: 0 });
  await editor.fill("#fee", "0");
  await follow(editor, () => editor.keyboard.press("Enter"));
  assert.match(await main.innerText(), /Der Entwurf wurde gespeichert\./);

  // The English texts on their own page; then publish as version 2.
  await follow(editor, () => main.getByRole("link", { name: "Texte auf English bearbeiten" }).click());
  await editor.fill("#title", "Data protection at work");
  await follow(editor, () => main.getByRole("button", { name: "Entwurf speichern" }).click());
  assert.equal(await editor.inputValue("#title"), "Data protection at work");
  assert.match(await main.innerText(), /Der Entwurf kann veröffentlicht werden\./);

  // The quiz structure: a new question (first with one answer only: the error at the field), then moved to the top.
  await follow(editor, () => main.getByRole("link", { name: "Aufbau des Tests bearbeiten: Fragen, Antworten, richtige Antworten" }).click());
  assert.equal(pathOf(editor), "/verwaltung/lernen/kurse/datenschutz-grundlagen/test");
  await editor.fill("#new-text", "Wen informieren Sie bei einer Datenpanne?");
  await editor.fill("#new-o1", "Die oder den Datenschutzbeauftragten");
  await follow(editor, () => main.getByRole("button", { name: "Frage anlegen" }).click());
  assert.match(await editor.locator(".kp-error-summary").innerText(), /Antwort 1: Eine Frage braucht mindestens zwei Antworten\./);
  assert.match(await editor.locator("#new-o1-error").innerText(), /mindestens zwei Antworten/);
  assert.equal(await editor.inputValue("#new-text"), "Wen informieren Sie bei einer Datenpanne?");
  await editor.fill("#new-o2", "Niemanden");
  await main.getByLabel("Antwort 1 ist richtig").check();
  await follow(editor, () => main.getByRole("button", { name: "Frage anlegen" }).click());
  assert.match(await main.innerText(), /Der Test im Entwurf wurde geändert\./);
  assert.match(await main.innerText(), /Frage 2: Wen informieren Sie bei einer Datenpanne\?/);
  await follow(editor, () => main.getByRole("button", { name: "Frage 2 nach oben", exact: true }).click());
  assert.match(await main.innerText(), /Frage 1: Wen informieren Sie bei einer Datenpanne\?/);
  await follow(editor, () => main.getByRole("link", { name: "Zurück zum Entwurf" }).click());
  // A lesson image: uploaded, listed with its name for the Markdown (axe on the page with the list).
  const { pngPhoto } = await import("../support/photos.js");
  await editor.setInputFiles("#bild", { name: "grafik.png", mimeType: "image/png", buffer: await pngPhoto() });
  await follow(editor, () => main.getByRole("button", { name: "Bild hochladen" }).click());
  assert.match(await main.innerText(), /Das Bild wurde hochgeladen\./);
  assert.match(await main.innerText(), /!\[…\]\(bild-1\.jpg\)/);
  assert.match(await main.innerText(), /Der Entwurf kann veröffentlicht werden\./);
  await follow(editor, () => main.getByRole("button", { name: "Als Version 2 veröffentlichen" }).click());
  assert.match(await main.innerText(), /datenschutz-grundlagen: Version 2 ist veröffentlicht/);
});
