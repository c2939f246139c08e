/** Issue 19 in the browser: the chat without JavaScript by keyboard, the handoff, the staff answer (axe on every page). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { follow, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

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
