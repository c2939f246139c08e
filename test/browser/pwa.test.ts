/**
 * Issue 21 in the browser at a phone viewport (axe on every page): the service worker registers and
 * controls the page, the waste calendar works by form (street and typed house number), a service page viewed online opens offline and
 * other pages fall back to the offline page; Web Push: the button asks for permission and subscribes
 * through pushManager (headless Chromium may have no push service – the outcome is reported).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import sharp from "sharp";
import { createTestUser } from "../helpers.js";
import { seedNewsDemo, seedWasteDemo } from "../../src/modules/pwa/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";
const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

test("issue 21: phone – service worker, waste calendar, offline, push opt-in (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  await seedWasteDemo(b.db);
  await seedNewsDemo(b.db);
  await createTestUser(b.db, { email: "redaktion@enzkreis.example", kind: "staff", roles: ["admin"], password: PASSWORD });
  const userId = await createTestUser(b.db, { email: "handy@example.org", kind: "citizen", password: PASSWORD });
  const form = (await findForm(b.db, "hundesteuer-anmeldung"))!;
  const submitted = await submitApplication(
    { ...systemContext(b.db), actor: { type: "user", id: userId } },
    b.config,
    form,
    { name: "Hanna Handy", geburtsdatum: "1990-05-01", email: "handy@example.org", gemeinde: "08236040", anschrift: { strasse: "Bahnhofstraße 3", plz: "75417", ort: "Mühlacker" }, hunde: [{ name: "Rex", rasse: "Pudel", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }] },
    { source: "json", userId, channel: "web" },
  );
  if (submitted.kind !== "created") throw new Error("no submission");

  const page = await b.newPage({ ...PHONE, permissions: ["notifications"] });
  await visit(page, "/");
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${b.base}/`);
  // The manifest is linked and parses; the icons load.
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href)).json());
  assert.equal(manifest.display, "standalone");
  assert.equal(await page.evaluate(async (src: string) => (await fetch(src)).status, manifest.icons[0].src), 200);
  // Chromium's own verdict: the page is installable (manifest, icons, service worker with a fetch handler).
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: Array<{ errorId: string }> };
  // Test contexts are incognito profiles, which Chromium never offers to install ("in-incognito"); any other reason fails.
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito"), [], "installable");
  await cdp.detach();

  // Waste calendar without any script help: municipality, then street.
  await visit(page, "/abfuhrkalender");
  await page.selectOption("#gemeinde", { label: "Mühlacker" });
  await follow(page, () => page.getByRole("button", { name: "Termine anzeigen" }).click());
  await page.selectOption("#strasse", { label: "Bahnhofstraße" });
  await follow(page, () => page.getByRole("button", { name: "Termine anzeigen" }).click());
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Demo-Daten \(erfundene Termine\)/);
  assert.match(main, /Restmüll/);
  const ics = await page.getByRole("link", { name: "Kalender abonnieren (iCal)" }).getAttribute("href");
  assert.match(ics ?? "", /\/abfuhrkalender\/[0-9a-f-]{36}\.ics$/);
  // A street collected by sides: the odd side picked, but the typed number 12a is on the even side.
  await page.selectOption("#strasse", { label: "Goethestraße, Nr. 1–99, ungerade Nummern" });
  await page.getByLabel("Hausnummer").fill("12a");
  await follow(page, () => page.getByRole("button", { name: "Termine anzeigen" }).click());
  assert.match(await page.getByRole("main").innerText(), /Nächste Termine: Goethestraße, Nr\. 2–98, gerade Nummern, Mühlacker/);
  assert.equal(await page.getByLabel("Hausnummer").inputValue(), "12a");
  // An unreadable number: said at the field and in the summary (axe runs on the error page too), input kept.
  await page.getByLabel("Hausnummer").fill("zwölf");
  await follow(page, () => page.getByRole("button", { name: "Termine anzeigen" }).click());
  assert.match(await page.locator("#hausnummer-error").innerText(), /Bitte geben Sie die Hausnummer als Zahl ein/);
  assert.match(await page.locator("#fehler").innerText(), /Hausnummer: Bitte geben Sie/);
  assert.equal(await page.getByLabel("Hausnummer").inputValue(), "zwölf");

  // A service page viewed online opens offline (from the service worker's cache); other pages show the offline page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
  });
  await visit(page, "/leistungen/99023001036000");
  const serviceTitle = await page.locator("h1").innerText();
  await page.context().setOffline(true);
  await visit(page, "/leistungen/99023001036000");
  assert.equal(await page.locator("h1").innerText(), serviceTitle);
  await visit(page, "/gemeinden");
  assert.equal(await page.locator("h1").innerText(), "Keine Verbindung");
  await page.context().setOffline(false);

  // Push opt-in: Mein Konto → Benachrichtigungen → the button (shown by pwa.js) subscribes this browser.
  await logIn(page, "handy@example.org", PASSWORD);
  await visit(page, "/konto");
  await follow(page, () => page.getByRole("link", { name: "Benachrichtigungen auf dem Handy einstellen" }).click());
  assert.equal(pathOf(page), "/konto/benachrichtigungen");
  assert.equal(await page.locator(".kp-push-nojs").isHidden(), true, "the no-JS hint hides with JavaScript");
  await page.getByRole("button", { name: "Mitteilungen auf diesem Gerät einschalten" }).click();
  await page.locator("#kp-push-status").filter({ hasText: /\S/ }).waitFor({ timeout: 20_000 });
  const outcome = await page.locator("#kp-push-status").innerText();
  const stored = await b.db.selectFrom("pwa_push_subscriptions").select("endpoint").execute();
  if (outcome === "Mitteilungen sind auf diesem Gerät eingeschaltet.") {
    assert.equal(stored.length, 1, "subscription stored");
    t.diagnostic(`pushManager.subscribe worked headless; endpoint host ${new URL(stored[0]!.endpoint).host}`);
  } else {
    // Headless Chromium without a push service (no network, no Google Cloud Messaging): the page says so, nothing stored.
    assert.equal(outcome, "Dieser Browser unterstützt keine Mitteilungen.");
    assert.equal(stored.length, 0);
    t.diagnostic("pushManager.subscribe is not available in headless Chromium here; the page reported it");
  }

  // "Meine Termine" from Mein Konto (no bookings yet: the page says so and offers booking).
  await visit(page, "/konto");
  await follow(page, () => page.getByRole("link", { name: "Meine Termine" }).click());
  assert.equal(pathOf(page), "/konto/termine");
  assert.match(await page.getByRole("main").innerText(), /noch keine Termine gebucht/);

  // Offline: the signed-in person's receipt, viewed once online, opens in airplane mode; after logout it is gone.
  const receipt = `/antraege/quittung/${submitted.reference}`;
  await visit(page, receipt);
  const receiptTitle = await page.locator("h1").innerText();
  await page.waitForFunction(async () => (await caches.keys()).includes("kp-signed-in"));
  await page.context().setOffline(true);
  await visit(page, receipt);
  assert.equal(await page.locator("h1").innerText(), receiptTitle, "receipt from the personal cache");
  await page.context().setOffline(false);
  await visit(page, "/konto");
  // On a phone the navigation is folded behind "Menü".
  await page.getByRole("button", { name: "Menü" }).click();
  await follow(page, () => page.getByRole("button", { name: "Abmelden" }).click());
  await page.waitForFunction(async () => !(await caches.keys()).includes("kp-personal"));
  await page.context().setOffline(true);
  await visit(page, receipt);
  assert.equal(await page.locator("h1").innerText(), "Keine Verbindung", "nothing personal left after logout");
  await page.context().setOffline(false);

  // News pages and the Redaktion's pages pass axe too (phone viewport).
  const news = await b.newPage(PHONE);
  await visit(news, "/?ags=08236040");
  assert.match(await news.getByRole("main").innerText(), /Aktuelles aus Mühlacker/);
  await follow(news, () => news.getByRole("link", { name: "Weihnachtsmarkt auf dem Kelterplatz (Demo)" }).click());
  assert.match(await news.locator("h1").innerText(), /Weihnachtsmarkt/);
  await visit(news, "/nachrichten?gemeinde=08236043");
  assert.match(await news.getByRole("main").innerText(), /Enzbrücke/);
  await logIn(news, "redaktion@enzkreis.example", PASSWORD);
  await visit(news, "/verwaltung/nachrichten");
  await news.selectOption("#scope", { label: "Mühlacker" });
  await news.fill("#title", "Stadtfest verschoben");
  await follow(news, () => news.getByRole("button", { name: "Veröffentlichen" }).click());
  assert.match(await news.locator(".kp-error-summary").innerText(), /Text/);
  await news.fill("#body", "Das Stadtfest findet eine Woche später statt.");
  await follow(news, () => news.getByRole("button", { name: "Veröffentlichen" }).click());
  assert.match(await news.getByRole("main").innerText(), /Die Nachricht ist veröffentlicht/);
  // An item with an image and its alt text (multipart form, no script): shown on the item page with that alt text.
  await news.selectOption("#scope", { label: "Mühlacker" });
  await news.fill("#title", "Neuer Spielplatz am Rathaus");
  await news.fill("#body", "Der Spielplatz ist eröffnet.");
  await news.setInputFiles("#bild", { name: "spielplatz.png", mimeType: "image/png", buffer: await sharp({ create: { width: 64, height: 32, channels: 3, background: "#2a7" } }).png().toBuffer() });
  await news.fill("#bildAlt", "Kinder auf der Rutsche");
  await follow(news, () => news.getByRole("button", { name: "Veröffentlichen" }).click());
  assert.match(await news.getByRole("main").innerText(), /Die Nachricht ist veröffentlicht/);
  await follow(news, () => news.getByRole("link", { name: "Neuer Spielplatz am Rathaus", exact: true }).click());
  const picture = news.getByRole("img", { name: "Kinder auf der Rutsche" });
  assert.equal(await picture.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), 64, "the image loads");
  // The waste calendar's place saved by a signed-in person (typed "12/1", a sub-number on the even side) opens again.
  await visit(news, "/abfuhrkalender");
  await news.selectOption("#gemeinde", { label: "Mühlacker" });
  await follow(news, () => news.getByRole("button", { name: "Termine anzeigen" }).click());
  await news.selectOption("#strasse", { label: "Goethestraße, Nr. 1–99, ungerade Nummern" });
  await news.getByLabel("Hausnummer").fill("12/1");
  await follow(news, () => news.getByRole("button", { name: "Termine anzeigen" }).click());
  await follow(news, () => news.getByRole("button", { name: "Adresse für Erinnerung und nächsten Besuch merken" }).click());
  assert.match(await news.getByRole("main").innerText(), /Ihre Adresse ist gespeichert/);
  await visit(news, "/abfuhrkalender");
  assert.match(await news.getByRole("main").innerText(), /Nächste Termine: Goethestraße, Nr\. 2–98, gerade Nummern, Mühlacker/);
  assert.equal(await news.getByLabel("Hausnummer").inputValue(), "12/1");
  await visit(news, "/verwaltung/abfuhrkalender");
});
