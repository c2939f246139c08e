import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";
import { startSandboxServer } from "../../src/modules/payments/providers/sandbox/server.js";
import { berlinDate } from "../../src/platform/time/berlin.js";
import { startJobs } from "../../src/platform/jobs/index.js";
import { pdfText } from "../support/pdfText.js";
import pino from "pino";

const byId = (id: string) => `[id="${id}"]`;

const SECRET = "payment-secret-".padEnd(48, "p");

test("dog registration in Mühlacker end to end, anonymous: errors, a second dog, Mühlacker's tax, pay it in the sandbox, receipt PDF and mail (axe on every step)", async (t) => {
  const sandbox = await startSandboxServer({ secret: SECRET });
  t.after(() => sandbox.close());
  const b = await startBrowserTest(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET });
  // The job worker sends the queued "news" mails, as on a running node.
  const jobs = await startJobs(b.databaseUrl, b.app, pino({ level: "silent" }));
  t.after(() => jobs.stop());
  // Dates relative to today's year, so the pro-rata tax is the same whenever the test runs.
  const year = Number(berlinDate(new Date()).slice(0, 4));
  const page = await b.newPage();
  const main = page.getByRole("main");

  // From the service page of the catalogue.
  await visit(page, "/leistungen/99102013000000");
  await follow(page, () => main.getByRole("link", { name: /Online beantragen/ }).click());
  assert.equal(pathOf(page), "/antraege/hundesteuer-anmeldung");
  await follow(page, () => main.getByRole("button", { name: "Antrag beginnen" }).click());
  assert.match(pathOf(page), /\/halter$/);

  // Step 1 with a broken date: error summary and inline error, answers kept.
  await page.fill(byId("name"), "Erika Mustermann");
  await page.fill(byId("geburtsdatum"), "31.02.1980");
  await page.fill(byId("email"), "erika@example.org");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());
  assert.match(await page.locator("#fehler").innerText(), /gültiges Datum/);
  assert.equal(await page.inputValue(byId("name")), "Erika Mustermann");
  assert.equal(await page.inputValue(byId("geburtsdatum")), "31.02.1980");
  assert.equal(await page.getAttribute(byId("geburtsdatum"), "aria-invalid"), "true");
  await page.fill(byId("geburtsdatum"), "14.03.1980");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());

  // Step 2: municipality and address.
  assert.match(pathOf(page), /\/anschrift$/);
  await page.selectOption(byId("gemeinde"), "08236040");
  await page.fill(byId("anschrift.strasse"), "Bahnhofstraße 1");
  await page.fill(byId("anschrift.plz"), "75417");
  await page.fill(byId("anschrift.ort"), "Mühlacker");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());

  // Step 3: first dog, then a second one (dangerous, chip missing → error at that dog).
  assert.match(pathOf(page), /\/hunde$/);
  const fillDog = async (i: number, name: string, since: string) => {
    await page.fill(byId(`hunde.${i}.name`), name);
    await page.fill(byId(`hunde.${i}.rasse`), "Mischling");
    await page.check(byId(`hunde.${i}.geschlecht`));
    await page.fill(byId(`hunde.${i}.wurfdatum`), "01.06.2023");
    await page.fill(byId(`hunde.${i}.haltungsbeginn`), since);
    await page.check(byId(`hunde.${i}.anlass`));
  };
  await fillDog(0, "Bello", `01.02.${year - 1}`);
  await page.check(byId("hunde.0.gefaehrlich-nein"));
  await follow(page, () => main.getByRole("button", { name: /Hund hinzufügen/ }).click());
  assert.equal(await page.inputValue(byId("hunde.0.name")), "Bello");
  await fillDog(1, "Rex", `01.01.${year}`);
  // Enter in a field means "Weiter", not "add another dog".
  await page.check(byId("hunde.1.gefaehrlich"));
  await page.focus(byId("hunde.1.rasse"));
  await follow(page, () => page.keyboard.press("Enter"));
  assert.match(await page.locator("#fehler").innerText(), /Hund 2: Für einen gefährlichen Hund/);
  assert.equal(await page.inputValue(byId("hunde.1.name")), "Rex");
  await page.fill(byId("hunde.1.chipnummer"), "276098106543210");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());

  // Check your answers: Mühlacker's yearly tax (demo values) and what is due this year → "Kostenpflichtig absenden".
  assert.match(pathOf(page), /\/pruefen$/);
  const check = await main.innerText();
  assert.match(check, /Hundesteuer in Mühlacker/);
  assert.match(check, /108,00 €/);
  assert.match(check, /648,00 €/);
  assert.match(check, /Demo-Werte/);
  assert.match(check, /14\.03\.1980/);
  // Bello kept since last year: the whole year; Rex (dangerous) since 1 January: February to December.
  assert.match(check, new RegExp(`Hundesteuer ${year} \\(anteilig\\)`));
  assert.match(check, new RegExp(`Bello: ganzes Jahr ${year}\\s+108,00 €`));
  assert.match(check, new RegExp(`Rex: 11 Monate ab 1\\. Februar ${year}\\s+594,00 €`));
  assert.match(check, /Hundesteuer: 702,00 €/);
  await follow(page, () => main.getByRole("button", { name: "Kostenpflichtig absenden" }).click());

  // Confirmation with the reference and the tax still open; the confirmation mail links the receipt.
  assert.match(pathOf(page), /^\/antraege\/eingang\/EK-\d{4}-000001(\?code=[\w-]+)?$/);
  assert.match(await main.innerText(), /EK-\d{4}-000001/);
  assert.match(await main.innerText(), /Hundesteuer offen: 702,00 €/);
  const confirmation = new URL(page.url());
  const mail = await b.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Eingangsbestätigung EK-"));
  assert.match(mail.text, /Aktenzeichen: EK-\d{4}-000001/);
  const receiptLink = /Eingangsbestätigung: (\S+)/.exec(mail.text)![1]!;
  assert.ok(receiptLink.startsWith(`${b.base}/antraege/quittung/EK-`), receiptLink);

  // Pay in the sandbox payment service (its own server and page) and come back: paid.
  await follow(page, () => main.getByRole("button", { name: "Hundesteuer jetzt bezahlen" }).click());
  await follow(page, () => main.getByRole("link", { name: "Weiter zum Bezahldienst" }).click());
  assert.ok(page.url().startsWith(`${sandbox.url}/zahlen/`), page.url());
  assert.match(await page.innerText("body"), /Bezahlen: 702,00 €/);
  assert.match(await page.innerText("body"), new RegExp(`Hundesteuer ${year} \\(anteilig\\)`));
  await follow(page, () => page.getByRole("button", { name: "Bezahlen", exact: true }).click());
  assert.equal(sandbox.notifications[0]?.status, 200, "the signed notification reached the portal over HTTP");
  assert.match(pathOf(page), /^\/antraege\/eingang\/EK-\d{4}-000001/);
  assert.match(await main.innerText(), /Hundesteuer bezahlt: 702,00 €/);

  // The mail's receipt link is the PDF (whoever holds the mail holds the code); the printable receipt page
  // shows every answer, the tax as paid and the hash.
  const mailedPdf = await page.request.get(receiptLink);
  assert.equal(mailedPdf.headers()["content-type"], "application/pdf");
  // The receipt PDF (PDF/A) repeats what the citizen saw and that it is paid.
  const text = pdfText(await mailedPdf.body()).replace(/\s+/g, " ");
  assert.match(text, /Eingangsbestätigung/);
  assert.match(text, /EK-\d{4}-000001/);
  assert.match(text, /Hundesteuer 702,00 €/);
  assert.match(text, /Hundesteuer bezahlt: 702,00 €/);
  assert.match(text, new RegExp(`Hundesteuer ${year} \\(anteilig\\)`));
  assert.match(text, new RegExp(`Rex: 11 Monate ab 1\\. Februar ${year} 594,00 €`));
  const pdfHref = await main.getByRole("link", { name: /als PDF/ }).getAttribute("href");
  assert.equal(new URL(receiptLink).pathname, pdfHref!.split("?")[0], "the mail links the same receipt the page offers");
  await follow(page, () => main.getByRole("link", { name: "Eingangsbestätigung mit allen Angaben (zum Drucken)" }).click());
  const receipt = await main.innerText();
  assert.match(receipt, /Bello/);
  assert.match(receipt, /Rex/);
  assert.match(receipt, /Hundesteuer bezahlt: 702,00 €/);
  assert.match(receipt, /SHA-256/);
  await visit(page, confirmation.pathname + confirmation.search);
  await follow(page, () => main.getByRole("link", { name: /Bearbeitungsstand/ }).click());
  assert.match(await main.innerText(), /Eingegangen/);
  assert.match(await main.innerText(), /Zahlung eingegangen: 702,00 €/);
  // The payment is news on the case: a link-only mail, no content.
  const news = await b.mail.waitFor("erika@example.org", (m) => /Neuigkeiten/.test(m.subject));
  assert.doesNotMatch(news.raw, /Bello|Rex|702/);
  const row = await b.db.selectFrom("application_submissions").select(["reference", "answers", "fee_cents"]).executeTakeFirstOrThrow();
  assert.equal((row.answers as { gemeinde: string }).gemeinde, "08236040");
  assert.equal(row.fee_cents, 70200);
  const paid = await b.db.selectFrom("payment_transactions").select(["status", "amount_cents"]).execute();
  assert.deepEqual(paid.map((p) => [p.status, p.amount_cents]), [["PAYED", 70200]]);
});
