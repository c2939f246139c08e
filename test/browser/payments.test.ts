/**
 * Browser: paying a fine by Kassenzeichen and paying an application fee in the sandbox payment service
 * (its own HTTP server, its own pay page), with axe on every page – the portal's and the sandbox's.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";
import { startSandboxServer } from "../../src/modules/payments/providers/sandbox/server.js";
import { submitApplication } from "../../src/modules/applications/service.js";
import { findForm } from "../../src/modules/applications/queries.js";
import { validAnswers } from "../fixtures/formAnswers.js";

const SECRET = "payment-secret-".padEnd(48, "p");
const TOKEN = "open-items-api-token-".padEnd(48, "t");

test("pay a fine in the sandbox, get the receipt, try again and be told it is paid; pay an application fee before submission", async (t) => {
  const sandbox = await startSandboxServer({ secret: SECRET });
  t.after(() => sandbox.close());
  const b = await startBrowserTest(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET, PAYMENT_API_TOKEN: TOKEN });
  const put = await b.app.inject({ method: "PUT", url: "/api/v1/payments/open-items/5.2026.123456", headers: { authorization: `Bearer ${TOKEN}` }, payload: { plate: "PF-KP 2026", amountCents: 3500, dueDate: "2026-12-31", description: "Verwarnungsgeld: Parken im absoluten Halteverbot" } });
  assert.equal(put.statusCode, 201);

  const page = await b.newPage();
  const main = page.getByRole("main");
  await visit(page, "/");
  await follow(page, () => main.getByRole("link", { name: "Bußgeld online bezahlen" }).click());
  assert.equal(pathOf(page), "/bussgeld-bezahlen");

  // A wrong plate: the error is at the field, what was typed is kept.
  await page.fill("#kassenzeichen", "5.2026.123456");
  await page.fill("#kennzeichen", "PF-XX 1");
  await follow(page, () => main.getByRole("button", { name: "Offenen Betrag anzeigen" }).click());
  assert.match(await main.innerText(), /keinen offenen Betrag gefunden/);
  assert.equal(await page.inputValue("#kennzeichen"), "PF-XX 1");

  await page.fill("#kennzeichen", "pf kp 2026");
  await follow(page, () => main.getByRole("button", { name: "Offenen Betrag anzeigen" }).click());
  assert.match(await main.innerText(), /Offener Betrag: 35,00 €/);
  await follow(page, () => main.getByRole("button", { name: "Jetzt bezahlen" }).click());
  assert.match(await main.innerText(), /Sie bezahlen 35,00 €/);
  await follow(page, () => main.getByRole("link", { name: "Weiter zum Bezahldienst" }).click());
  assert.ok(page.url().startsWith(`${sandbox.url}/zahlen/`), page.url());
  assert.match(await page.innerText("body"), /Sandbox – kein echtes Geld/);
  await follow(page, () => page.getByRole("button", { name: "Bezahlen", exact: true }).click()).catch((err) => {
    throw new Error(`${(err as Error).message} at ${page.url()}; notifications ${JSON.stringify(sandbox.notifications.map((n) => n.status))}`);
  });
  assert.match(pathOf(page), /^\/bussgeld-bezahlen\/quittung\//);
  assert.match(await main.innerText(), /Ihre Zahlung ist eingegangen/);
  assert.match(await main.innerText(), /35,00 €/);
  assert.equal(sandbox.notifications[0]?.status, 200, "the signed notification reached the portal over HTTP");
  const pdf = await page.request.get(await main.getByRole("link", { name: "Zahlungsbestätigung als PDF" }).getAttribute("href") as string);
  assert.equal(pdf.headers()["content-type"], "application/pdf");

  // Once more: told it is paid.
  await visit(page, "/bussgeld-bezahlen");
  await page.fill("#kassenzeichen", "5.2026.123456");
  await page.fill("#kennzeichen", "PF-KP 2026");
  await follow(page, () => main.getByRole("button", { name: "Offenen Betrag anzeigen" }).click());
  assert.match(await main.innerText(), /Dieser Betrag ist bereits bezahlt/);

  // An application whose fee is paid before it completes (Kfz-Außerbetriebsetzung).
  const form = (await findForm(b.db, "kfz-ausserbetriebsetzung"))!;
  const out = await submitApplication({ actor: { type: "anonymous", id: null }, db: b.db }, b.config, form, validAnswers["kfz-ausserbetriebsetzung"]!, { source: "json", userId: null, channel: "web", paymentPending: true });
  assert.equal(out.kind, "created");
  if (out.kind !== "created") return;
  await visit(page, `/antraege/eingang/${out.reference}?code=${encodeURIComponent(out.statusCode)}`);
  assert.match(await main.innerText(), /Antrag noch nicht abgeschlossen/);
  await follow(page, () => main.getByRole("button", { name: "Gebühr jetzt bezahlen" }).click());
  await follow(page, () => main.getByRole("link", { name: "Weiter zum Bezahldienst" }).click());
  assert.match(await page.innerText("body"), /Bezahlen: 5,70 €/);
  await follow(page, () => page.getByRole("button", { name: "Bezahlen", exact: true }).click());
  assert.match(pathOf(page), new RegExp(`^/antraege/eingang/${out.reference}`));
  assert.match(await main.innerText(), /Gebühr bezahlt: 5,70 €/);
  await follow(page, () => main.getByRole("link", { name: /Eingangsbestätigung/ }).first().click());
  assert.match(await main.innerText(), /Gebühr bezahlt: 5,70 €/);
});
