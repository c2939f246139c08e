/**
 * Live handoff in the browser (ADR 0076): a person asks for a human by keyboard and takes the offer, staff of
 * the office claim and answer by keyboard, the person sees the answer – with JavaScript without a reload
 * (public/assistant-live.js polls), without JavaScript through "Neue Antworten abrufen". The staff queue shows
 * and announces a new case without a reload (public/assistant-queue.js), the person sees "Ihre Nachricht wurde
 * gelesen" once staff opened the case (ADR 0083). Axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { checkAccessibility, follow, logIn, pathOf, startBrowserTest, tabTo, visit, type BrowserTest } from "./support.js";

const ALWAYS = { ASSISTANT_LIVE_HOURS: "Mo-So,Ft 00:00-24:00" };

/** Presses Tab until a button or link with this text has focus (proves it is reachable by keyboard). */
async function tabToText(page: Page, text: string, max = 60, key = "Tab"): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "")) === text) return;
    await page.keyboard.press(key);
  }
  throw new Error(`"${text}" not reached with ${max} × Tab`);
}

async function staffOf(b: BrowserTest, email: string): Promise<Page> {
  const id = await createTestUser(b.db, { email, kind: "staff" });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "lra-08236").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const page = await b.newPage();
  await logIn(page, email, TEST_PASSWORD);
  return page;
}

/** The person asks for a human and takes the live offer, all by keyboard; returns the case's reference. */
async function askForHuman(page: Page): Promise<string> {
  await visit(page, "/assistent");
  await tabTo(page, "nachricht");
  await page.keyboard.type("Ich möchte mit jemandem sprechen");
  await follow(page, () => page.keyboard.press("Enter"));
  await tabToText(page, "Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben");
  await follow(page, () => page.keyboard.press("Enter"));
  const main = await page.getByRole("main").innerText();
  assert.match(main, /Wir suchen eine freie Mitarbeiterin/);
  return /L-[0-9A-Z]{8}/.exec(main)![0];
}

/** Staff take the case from the queue and answer, by keyboard. */
async function claimAndAnswer(staff: Page, reference: string, answer: string): Promise<void> {
  await visit(staff, "/verwaltung/assistent");
  await follow(staff, () => staff.getByRole("main").getByRole("link", { name: reference }).click());
  assert.match(await staff.getByRole("main").innerText(), /Ich möchte mit jemandem sprechen/);
  await tabToText(staff, "Gespräch übernehmen");
  await follow(staff, () => staff.keyboard.press("Enter"));
  assert.match(await staff.getByRole("main").innerText(), /Sie haben das Gespräch übernommen/);
  await tabTo(staff, "antwort");
  await staff.keyboard.type(answer);
  await tabToText(staff, "Antwort senden");
  await follow(staff, () => staff.keyboard.press("Enter"));
  assert.match(await staff.getByRole("main").innerText(), new RegExp(answer.slice(0, 20)));
}

test("live handoff with JavaScript: the staff queue shows and announces the new case without a reload, staff claim and answer, the person sees 'gelesen' and the answer without a reload (aria-live); keyboard only; axe", async (t) => {
  const b = await startBrowserTest(t, ALWAYS);
  // Staff watch the queue before the case exists; public/assistant-queue.js polls it (ADR 0083).
  const staff = await staffOf(b, "live@lra.example");
  await visit(staff, "/verwaltung/assistent");
  assert.match(await staff.getByRole("main").innerText(), /Keine Live-Gespräche/);
  const staffLoads: string[] = [];
  staff.on("load", () => staffLoads.push(staff.url()));
  const page = await b.newPage();
  const reference = await askForHuman(page);
  const news = staff.locator("#live-neu");
  assert.equal(await news.getAttribute("role"), "status");
  await news.getByText(`Neues Live-Gespräch wartet: ${reference}`).waitFor({ timeout: 30_000 });
  await staff.locator("#live-liste").getByRole("link", { name: reference }).waitFor();
  assert.deepEqual(staffLoads, [], "the queue changed without a page load");
  await checkAccessibility(staff);

  // The person writes while waiting.
  await tabTo(page, "nachricht");
  await page.keyboard.type("Es geht um den Wertstoffhof.");
  await tabToText(page, "Nachricht senden");
  await follow(page, () => page.keyboard.press("Enter"));
  const list = page.locator("#live-verlauf");
  assert.equal(await list.getAttribute("aria-live"), "polite");
  assert.match(await list.innerText(), /Sie: Es geht um den Wertstoffhof\./);

  assert.equal(await page.locator("#live-gelesen").innerText(), "");
  const loads: string[] = [];
  page.on("load", () => loads.push(page.url()));
  await claimAndAnswer(staff, reference, "Der Wertstoffhof ist samstags von 9 bis 13 Uhr geöffnet.");

  // No navigation on the person's page: the script polls and shows "gelesen", appends the answer and the new status.
  await page.locator("#live-gelesen").getByText("Ihre Nachricht wurde gelesen.").waitFor({ timeout: 20_000 });
  assert.equal(await page.locator("#live-gelesen").getAttribute("aria-live"), "polite");
  await list.getByText(/samstags von 9 bis 13 Uhr/).waitFor({ timeout: 20_000 });
  assert.match(await list.locator(":scope > li").last().innerText(), /^Verwaltung: Der Wertstoffhof/);
  await page.getByText(/schreibt jetzt mit Ihnen/).waitFor({ timeout: 20_000 });
  assert.deepEqual(loads, []);
  await checkAccessibility(page);
});

test("live handoff without JavaScript: the answer appears through 'Neue Antworten abrufen'; axe", async (t) => {
  const b = await startBrowserTest(t, ALWAYS);
  const page = await b.newPage({ javaScriptEnabled: false });
  const reference = await askForHuman(page);
  const staff = await staffOf(b, "live2@lra.example");
  await claimAndAnswer(staff, reference, "Bitte bringen Sie den Personalausweis mit.");
  await tabToText(page, "Neue Antworten abrufen");
  await follow(page, () => page.keyboard.press("Enter"));
  assert.match(await page.locator("#live-verlauf").innerText(), /Verwaltung: Bitte bringen Sie den Personalausweis mit\./);
  assert.equal(await page.locator("#live-gelesen").innerText(), "Ihre Nachricht wurde gelesen.");
  await checkAccessibility(page);
});

test("live handoff in the widget on another page: offer, case, own message, the read receipt and the staff answer by polling, all in the dialog by keyboard; axe with the dialog open", async (t) => {
  const b = await startBrowserTest(t, ALWAYS);
  const page = await b.newPage();
  await visit(page, "/");
  await page.locator("#kp-assistant-launch").waitFor();
  await tabTo(page, "kp-assistant-launch", 300);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Digitaler Assistent" });
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "kp-widget-nachricht");
  await page.keyboard.type("Ich möchte mit jemandem sprechen");
  await page.keyboard.press("Enter");
  await dialog.getByRole("button", { name: "Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben" }).waitFor();
  await checkAccessibility(page);
  await page.waitForFunction(() => document.activeElement?.id === "kp-widget-nachricht");
  await tabToText(page, "Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben", 10, "Shift+Tab");
  await page.keyboard.press("Enter");
  const live = dialog.locator("#kp-widget-live");
  await live.waitFor();
  assert.equal(await live.getAttribute("aria-live"), "polite");
  await page.waitForFunction(() => document.activeElement?.id === "kp-widget-nachricht");
  await page.keyboard.type("Es geht um den Sperrmüll.");
  await page.keyboard.press("Enter");
  await live.getByText(/Sie: Es geht um den Sperrmüll\./).waitFor();
  const reference = /L-[0-9A-Z]{8}/.exec(await dialog.innerText())![0];
  const read = dialog.locator("#kp-widget-live-gelesen");
  assert.equal(await read.getAttribute("aria-live"), "polite");
  assert.equal(await read.innerText(), "");

  const staff = await staffOf(b, "widget@lra.example");
  await claimAndAnswer(staff, reference, "Sperrmüll melden Sie beim Abfallwirtschaftsbetrieb an.");
  // The read receipt reaches the dialog by polling too (public/assistant-live.js, shared with /assistent).
  await read.getByText("Ihre Nachricht wurde gelesen.").waitFor({ timeout: 20_000 });
  await live.getByText(/Verwaltung: Sperrmüll melden Sie/).waitFor({ timeout: 20_000 });
  await dialog.getByText(/schreibt jetzt mit Ihnen/).waitFor({ timeout: 20_000 });
  assert.equal(pathOf(page), "/", "no page load: the dialog stays on the page");
  await checkAccessibility(page);
});
