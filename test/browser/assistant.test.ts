/** Issue 19 in the browser: the chat without JavaScript by keyboard, the handoff, the staff answer (axe on every page). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { checkAccessibility, follow, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

test("a citizen asks the assistant by keyboard, gets Mühlacker's online form, then asks a person; staff answer (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();
  await visit(page, "/assistent");
  const main = page.getByRole("main");
  const turns = page.locator("#assistent-verlauf");

  await tabTo(page, "nachricht");
  await page.keyboard.type("hund anmelden");
  await follow(page, () => page.keyboard.press("Enter"));
  assert.match(await turns.innerText(), /In welcher Gemeinde wohnen Sie\?/);

  await tabTo(page, "nachricht");
  await page.keyboard.type("Mühlacker");
  await follow(page, () => page.keyboard.press("Enter"));
  const answer = await turns.locator(":scope > li").last().innerText();
  assert.match(answer, /Hundehaltung Anmeldung.*in Mühlacker/s);
  assert.match(answer, /Quelle/);
  assert.equal(await turns.locator(":scope > li").last().getByRole("link", { name: "Online-Antrag stellen" }).count(), 1);

  // An empty message: the error next to the field and in the summary.
  await follow(page, () => main.getByRole("button", { name: "Senden" }).click());
  assert.match(await main.innerText(), /Bitte geben Sie eine Frage ein\./);

  await page.fill("#nachricht", "Ich möchte mit jemandem sprechen");
  await follow(page, () => main.getByRole("button", { name: "Senden" }).click());
  await follow(page, () => turns.locator(":scope > li").last().getByRole("link", { name: "Frage an eine Mitarbeiterin oder einen Mitarbeiter" }).click());
  assert.equal(pathOf(page), "/assistent/anfrage");
  await page.fill("#frage", "Gilt die Hundesteuer auch für einen Welpen?");
  await page.fill("#email", "erika@example.org");
  await page.check("#verlauf");
  await follow(page, () => main.getByRole("button", { name: "Frage absenden" }).click());
  const reference = /A-[0-9A-Z]{8}/.exec(await main.innerText())?.[0];
  assert.ok(reference, "the reference is shown");

  await createTestUser(b.db, { email: "service@lra.example", kind: "staff", roles: ["member"] });
  const staff = await b.newPage();
  await logIn(staff, "service@lra.example", TEST_PASSWORD);
  await visit(staff, "/verwaltung/assistent");
  await follow(staff, () => staff.getByRole("main").getByRole("link", { name: reference }).click());
  assert.match(await staff.getByRole("main").innerText(), /Welpen/);
  await staff.fill("#antwort", "Ja, ab dem vierten Lebensmonat.");
  await follow(staff, () => staff.getByRole("main").getByRole("button", { name: "Antwort senden" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Die Antwort ist gespeichert/);

  await visit(page, "/assistent");
  assert.match(await main.innerText(), /ab dem vierten Lebensmonat/);
});

test("the chat widget on another page: opened by keyboard, a dialogue in the dialog (aria-live), error next to the field, Escape returns focus; axe with the widget open", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();
  await visit(page, "/");
  await page.locator("#kp-assistant-launch").waitFor();
  await tabTo(page, "kp-assistant-launch", 300);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Digitaler Assistent" });
  await dialog.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "kp-widget-nachricht");
  const live = dialog.locator("#kp-widget-verlauf");
  assert.equal(await live.getAttribute("aria-live"), "polite");
  await checkAccessibility(page);

  await page.keyboard.type("hund anmelden");
  await page.keyboard.press("Enter");
  await live.getByText(/In welcher Gemeinde wohnen Sie\?/).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "kp-widget-nachricht");
  await page.keyboard.type("Mühlacker");
  await page.keyboard.press("Enter");
  await live.getByRole("link", { name: "Online-Antrag stellen" }).waitFor();
  assert.match(await live.locator(":scope > li").last().innerText(), /Hundehaltung Anmeldung.*in Mühlacker/s);
  assert.equal(pathOf(page), "/", "no page load: the dialog stays on the page");

  // Empty: the server's error message next to the field, in the dialog.
  await page.keyboard.press("Enter");
  await dialog.getByText("Bitte geben Sie eine Frage ein.").waitFor();
  assert.equal(await dialog.locator("#kp-widget-nachricht").getAttribute("aria-invalid"), "true");
  await checkAccessibility(page);

  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement?.id), "kp-assistant-launch");

  // The same conversation on the plain page (one cookie for both).
  await visit(page, "/assistent");
  assert.match(await page.locator("#assistent-verlauf").innerText(), /Hundehaltung Anmeldung.*in Mühlacker/s);
  assert.equal(await page.locator("#kp-assistant-launch").count(), 0, "no widget on the assistant's own page");
});
