import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { linkIn } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { follow, pathOf, startBrowserTest, visit, type BrowserTest } from "./support.js";

const MUE = "gem-08236040";
const ID_CARD = "99008001012000";

/** /termine → service → location → first day → first time; returns the chosen time's link text and its day's page. */
async function pickFirstSlot(page: Page): Promise<{ label: string; dayPath: string }> {
  const main = page.getByRole("main");
  await visit(page, "/termine?ags=08236040");
  await follow(page, () => main.getByRole("link", { name: "Personalausweis Ausstellung", exact: true }).click());
  assert.match(await main.innerText(), /für Ihre Gemeinde zuständig/);
  await follow(page, () => main.getByRole("link", { name: /Bürgermeisteramt Mühlacker/ }).first().click());
  assert.equal(pathOf(page), `/termine/${MUE}/${ID_CARD}`);
  await follow(page, () => main.getByRole("link", { name: /^Zeiten am / }).first().click());
  const dayPath = pathOf(page);
  const first = main.locator(".kp-slot-list a").first();
  const label = (await first.innerText()).trim();
  await follow(page, () => first.click());
  assert.match(pathOf(page), /^\/termine\/buchen\?slot=/);
  return { label, dayPath };
}

async function bookAndConfirm(b: BrowserTest, page: Page, name: string, email: string): Promise<{ code: string; cancelPath: string; label: string; dayPath: string }> {
  const main = page.getByRole("main");
  const { label, dayPath } = await pickFirstSlot(page);
  // With JavaScript the proof of work is solved in the background (public/appointments.js).
  await page.waitForFunction(() => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value !== "", undefined, { timeout: 60_000 });
  await page.fill("#name", name);
  await page.fill("#email", email);
  await follow(page, () => main.getByRole("button", { name: "Termin reservieren" }).click());
  assert.match(await main.innerText(), /Bitte bestätigen Sie Ihren Termin/);
  const request = await b.mail.waitFor(email, (m) => m.subject.includes("bestätigen"));
  await visit(page, linkIn(request.text, b.base));
  await follow(page, () => main.getByRole("button", { name: "Termin verbindlich bestätigen" }).click());
  assert.match(await main.innerText(), /Ihr Termin ist bestätigt/);
  const code = /Buchungsnummer\s+([A-Z0-9]{8})/.exec(await main.innerText())![1]!;
  const conf = await b.mail.waitFor(email, (m) => m.subject.startsWith("Terminbestätigung"));
  assert.match(conf.raw, /filename="?termin\.ics/);
  const text = conf.text.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const cancelPath = linkIn(text.slice(text.indexOf("Absagen")), b.base);
  return { code, cancelPath, label, dayPath };
}

test("book → mail → confirm → cancel → slot free again; staff day view and check-in; axe on every step", async (t) => {
  const b = await startBrowserTest(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const page = await b.newPage();
  const main = page.getByRole("main");

  const first = await bookAndConfirm(b, page, "Erika Mustermann", "erika@example.org");
  // The booked time is gone from its day's list (one counter). The booked day itself, not "the first day
  // offered": when the booked time was that day's last, the first day offered is the next, with the same time.
  const dayPath = first.dayPath;
  await visit(page, dayPath);
  assert.ok(!(await main.locator(".kp-slot-list").innerText()).includes(first.label), "booked time not offered");

  // Cancel through the mailed link; the time is offered again.
  await visit(page, first.cancelPath);
  await follow(page, () => main.getByRole("link", { name: "Termin absagen", exact: true }).click());
  assert.match(await main.innerText(), /Möchten Sie den Termin wirklich absagen\?/);
  await follow(page, () => main.getByRole("button", { name: "Ja, Termin absagen", exact: true }).click());
  assert.match(await main.innerText(), /Termin abgesagt/);
  await b.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Termin abgesagt"));
  await visit(page, dayPath);
  assert.ok((await main.locator(".kp-slot-list").innerText()).includes(first.label), "time free again");

  // A second booking; staff see it in the day view and check it in.
  const second = await bookAndConfirm(b, page, "Max Mustermann", "max@example.org");
  const staff = await b.newPage();
  const smain = staff.getByRole("main");
  await visit(staff, "/verwaltung/termine");
  await staff.fill("#email", DEMO_ADMIN_EMAIL);
  await staff.fill("#password", DEMO_ADMIN_PASSWORD);
  await follow(staff, () => smain.getByRole("button", { name: "Anmelden" }).click());
  await follow(staff, () => smain.getByRole("link", { name: /^Bürgermeisteramt Mühlacker/ }).click());
  const day = /tag=(\d{4}-\d{2}-\d{2})/.exec(dayPath)![1]!;
  await visit(staff, `/verwaltung/termine/${MUE}?tag=${day}`);
  assert.match(await smain.innerText(), new RegExp(second.code));
  assert.match(await smain.innerText(), /Max Mustermann/);
  await staff.fill("#code", second.code);
  await follow(staff, () => smain.getByRole("button", { name: "Einchecken", exact: true }).click());
  assert.match(await smain.innerText(), new RegExp(`${second.code} eingecheckt`));
  assert.match(await smain.innerText(), /eingecheckt/);
});

test("reschedule in one step from the mailed link (QR code shown), two services in one booking, staff edit hours; axe on every step", async (t) => {
  const b = await startBrowserTest(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const page = await b.newPage();
  const main = page.getByRole("main");
  const FS = "lra-08236-fuehrerschein";

  // Two services at the Führerscheinstelle: the check box adds the second duration.
  await visit(page, `/termine/${FS}/99023001012000`);
  await page.getByLabel(/Führerschein Ersatz/).check();
  await follow(page, () => main.getByRole("button", { name: "Anzeigen" }).click());
  assert.match(await main.innerText(), /Dauer des Termins: 50 Minuten/);
  await follow(page, () => main.getByRole("link", { name: /^Zeiten am / }).first().click());
  await follow(page, () => main.locator(".kp-slot-list a").first().click());
  assert.match(await main.innerText(), /Führerschein Ausstellung \+ Führerschein Ersatz/);

  // Book the ID card, then move it to another time in one step.
  const first = await bookAndConfirm(b, page, "Erika Mustermann", "erika@example.org");
  assert.ok(await main.getByRole("img", { name: `QR-Code der Buchungsnummer ${first.code}` }).isVisible());
  await visit(page, first.cancelPath);
  await follow(page, () => main.getByRole("link", { name: "Neuen Termin wählen" }).click());
  assert.match(await main.innerText(), /bleibt bestehen, bis Sie einen neuen Termin bestätigt haben/);
  await follow(page, () => main.getByRole("link", { name: /^Zeiten am / }).nth(1).click());
  await follow(page, () => main.locator(".kp-slot-list a").first().click());
  await follow(page, () => main.getByRole("button", { name: "Termin verschieben" }).click());
  assert.match(await main.innerText(), /Ihr Termin ist verschoben/);
  const newCode = /Buchungsnummer\s+([A-Z0-9]{8})/.exec(await main.innerText())![1]!;
  assert.notEqual(newCode, first.code);
  const moved = await b.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Termin verschoben"));
  assert.match(moved.raw, /filename="?termin-qr\.png/);
  // The old link now says the appointment is no longer active.
  await visit(page, first.cancelPath);
  assert.match(await main.innerText(), /nicht mehr aktiv/);

  // Staff: edit the location (add Saturday hours) and check in with the scanned code.
  const staff = await b.newPage();
  const smain = staff.getByRole("main");
  await visit(staff, "/verwaltung/termine");
  await staff.fill("#email", DEMO_ADMIN_EMAIL);
  await staff.fill("#password", DEMO_ADMIN_PASSWORD);
  await follow(staff, () => smain.getByRole("button", { name: "Anmelden" }).click());
  await follow(staff, () => smain.getByRole("link", { name: /^Bearbeiten.*Mühlacker/ }).click());
  assert.match(await smain.innerText(), /Standort bearbeiten/);
  await staff.selectOption("#weekday", "6");
  await staff.fill("#opens", "12:00");
  await staff.fill("#closes", "09:00");
  await follow(staff, () => smain.getByRole("button", { name: "Öffnungszeit hinzufügen" }).click());
  assert.match(await smain.innerText(), /Das Ende muss nach dem Beginn liegen/);
  await staff.fill("#opens", "09:00");
  await staff.fill("#closes", "12:00");
  await follow(staff, () => smain.getByRole("button", { name: "Öffnungszeit hinzufügen" }).click());
  assert.match(await smain.innerText(), /Öffnungszeit hinzugefügt/);
  assert.match(await smain.innerText(), /Samstag/);
  await follow(staff, () => smain.getByRole("link", { name: "Zur Tagesansicht" }).click());
  await staff.fill("#code", newCode.toLowerCase());
  // A USB scanner types the code and Enter.
  await follow(staff, () => staff.keyboard.press("Enter"));
  assert.match(await smain.innerText(), new RegExp(`${newCode} eingecheckt`));
  // Administrators add further locations.
  await visit(staff, "/verwaltung/termine/standort-anlegen");
  await staff.fill("#orgUnitKey", "gibt-es-nicht");
  await follow(staff, () => smain.getByRole("button", { name: "Standort anlegen" }).click());
  assert.match(await smain.innerText(), /gibt es nicht/);
});
