import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, linkIn } from "../helpers.js";
import { focused, follow, pathOf, startBrowserTest, tabTo, visit } from "./support.js";

const PASSWORD = "ein langes sicheres Passwort";

test("registration by keyboard: errors, correction, mail link, confirmation, login, account, logout", async (t) => {
  const b = await startBrowserTest(t);
  const page = await b.newPage();
  const main = page.getByRole("main");
  const kb = page.keyboard;

  await visit(page, "/registrieren");

  // Keyboard only: skip link, then the form, submitted with Enter.
  await kb.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Zum Inhalt springen");
  await kb.press("Enter");
  assert.equal(await focused(page), "inhalt");
  await kb.press("Tab");
  assert.equal(await focused(page), "displayName");
  await kb.type("Erika Mustermann");
  await kb.press("Tab");
  assert.equal(await focused(page), "email");
  await kb.type("kein-at-zeichen");
  await kb.press("Tab");
  assert.equal(await focused(page), "password");
  await kb.type("kurz");
  await kb.press("Tab");
  assert.equal(await focused(page), "passwordConfirm");
  await kb.type("kurz");
  await follow(page, () => kb.press("Enter"));

  // Error summary at the top, linked to the fields; input kept, passwords not.
  assert.equal(pathOf(page), "/registrieren");
  const summary = page.locator("#fehler");
  assert.ok(await summary.isVisible());
  assert.equal(await summary.getAttribute("role"), "alert");
  assert.equal(await summary.getAttribute("tabindex"), "-1");
  await summary.focus();
  assert.equal(await focused(page), "fehler", "the error summary can take focus");
  assert.match(await summary.innerText(), /E-Mail-Adresse im Format/);
  assert.equal(await page.inputValue("#displayName"), "Erika Mustermann");
  assert.equal(await page.inputValue("#email"), "kein-at-zeichen");
  assert.equal(await page.inputValue("#password"), "");
  assert.equal(await page.getAttribute("#email", "aria-invalid"), "true");
  // From the summary to the field, by keyboard.
  await kb.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("href")), "#email");
  await kb.press("Enter");
  assert.equal(await focused(page), "email");

  // Correct and send.
  await page.fill("#email", "erika@example.org");
  await page.fill("#password", PASSWORD);
  await page.fill("#passwordConfirm", PASSWORD);
  await follow(page, () => main.getByRole("button", { name: "Konto anlegen" }).click());
  assert.equal((await page.locator("h1").innerText()).trim(), "Bitte bestätigen Sie Ihre E-Mail-Adresse");

  // The link from the mail opens the confirmation page; its button confirms.
  const mail = await b.mail.waitFor("erika@example.org", (m) => m.subject.includes("bestätigen"));
  const confirmPath = linkIn(mail.text, b.base);
  assert.match(confirmPath, /^\/registrieren\/bestaetigen\?token=/);
  await visit(page, confirmPath);
  await follow(page, () => main.getByRole("button", { name: "E-Mail-Adresse bestätigen" }).click());
  assert.equal(pathOf(page), "/anmelden?hinweis=bestaetigt");
  assert.match(await main.innerText(), /Ihre E-Mail-Adresse ist bestätigt/);

  await page.fill("#email", "erika@example.org");
  await page.fill("#password", PASSWORD);
  await follow(page, () => main.getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(page), "/konto");
  assert.match(await main.innerText(), /Erika Mustermann/);
  assert.match(await main.innerText(), /Bürgerkonto/);

  // "API-Zugänge" (issue 4, item 9): errors at the fields with the typed values kept, then a token
  // that is shown once, works with the API, is listed, and stops working when revoked.
  assert.ok(await main.getByRole("heading", { name: "API-Zugänge" }).isVisible());
  await page.fill("#tokenName", "");
  await page.fill("#expiresOn", "2020-01-01");
  await follow(page, () => main.getByRole("button", { name: "API-Token erstellen" }).click());
  assert.equal(pathOf(page), "/konto/api-zugaenge");
  assert.match(await page.locator("#expiresOn-error").innerText(), /Das Datum muss in der Zukunft liegen/);
  assert.ok(await page.locator("#tokenName-error").isVisible());
  assert.equal(await page.inputValue("#expiresOn"), "2020-01-01");
  assert.equal(await page.getAttribute("#tokenName", "aria-invalid"), "true");
  const inMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.fill("#tokenName", "Steuerbüro");
  await page.fill("#expiresOn", inMonth);
  await page.check("#scopes-applications-read");
  await follow(page, () => main.getByRole("button", { name: "API-Token erstellen" }).click());
  const secret = (await page.locator("#neues-token").innerText()).trim();
  assert.match(secret, /^kp_[A-Za-z0-9_-]{43}$/);
  assert.match(await main.getByRole("table").innerText(), /Steuerbüro/);
  const api = (s: string) => fetch(`${b.base}/api/v1/applications`, { headers: { authorization: `Bearer ${s}` } });
  assert.equal((await api(secret)).status, 200);
  await visit(page, "/konto");
  assert.ok(!(await page.content()).includes(secret), "the secret is shown once only");
  await follow(page, () => main.getByRole("button", { name: "Widerrufen „Steuerbüro“" }).click());
  assert.equal(pathOf(page), "/konto?widerrufen=1");
  assert.match(await main.innerText(), /wurde widerrufen/);
  assert.equal((await api(secret)).status, 401);

  await follow(page, () => page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("button", { name: "Abmelden" }).click());
  assert.equal(pathOf(page), "/anmelden?hinweis=abgemeldet");
  assert.match(await main.innerText(), /Sie haben sich abgemeldet/);
  await visit(page, "/konto");
  assert.equal(pathOf(page), "/anmelden?next=%2Fkonto");
});

test("login, account and logout work without JavaScript", async (t) => {
  const b = await startBrowserTest(t);
  // The account is created over HTTP; this test is about the browser without scripts.
  const c = new Client(b.app);
  await c.submit("/registrieren", "/registrieren", { displayName: "Max Muster", email: "max@example.org", password: PASSWORD, passwordConfirm: PASSWORD });
  const mail = await b.mail.waitFor("max@example.org");
  const confirmPath = linkIn(mail.text, b.base);
  await c.submit(confirmPath, "/registrieren/bestaetigen", { token: new URL(confirmPath, b.base).searchParams.get("token")! });

  const page = await b.newPage({ javaScriptEnabled: false });
  const main = page.getByRole("main");
  await visit(page, "/konto");
  assert.equal(pathOf(page), "/anmelden?next=%2Fkonto");

  await page.fill("#email", "max@example.org");
  await page.fill("#password", "falsches Passwort 123");
  await follow(page, () => page.press("#password", "Enter"));
  assert.match(await main.innerText(), /E-Mail-Adresse oder Passwort ist falsch/);

  await page.fill("#password", PASSWORD);
  await follow(page, () => main.getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(page), "/konto");
  assert.match(await main.innerText(), /Max Muster/);

  await follow(page, () => page.getByRole("button", { name: "Abmelden" }).click());
  assert.equal(pathOf(page), "/anmelden?hinweis=abgemeldet");
});
