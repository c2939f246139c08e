import { test } from "node:test";
import assert from "node:assert/strict";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

const byId = (id: string) => `[id="${id}"]`;

test("dog registration in Mühlacker end to end, anonymous, with errors, a second dog, check page, confirmation and receipt (axe on every step)", async (t) => {
  const b = await startBrowserTest(t);
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
  const fillDog = async (i: number, name: string) => {
    await page.fill(byId(`hunde.${i}.name`), name);
    await page.fill(byId(`hunde.${i}.rasse`), "Mischling");
    await page.check(byId(`hunde.${i}.geschlecht`));
    await page.fill(byId(`hunde.${i}.wurfdatum`), "01.06.2023");
    await page.fill(byId(`hunde.${i}.haltungsbeginn`), "01.02.2026");
    await page.check(byId(`hunde.${i}.anlass`));
  };
  await fillDog(0, "Bello");
  await page.check(byId("hunde.0.gefaehrlich-nein"));
  await follow(page, () => main.getByRole("button", { name: /Hund hinzufügen/ }).click());
  assert.equal(await page.inputValue(byId("hunde.0.name")), "Bello");
  await fillDog(1, "Rex");
  // Enter in a field means "Weiter", not "add another dog".
  await page.check(byId("hunde.1.gefaehrlich"));
  await page.focus(byId("hunde.1.rasse"));
  await follow(page, () => page.keyboard.press("Enter"));
  assert.match(await page.locator("#fehler").innerText(), /Hund 2: Für einen gefährlichen Hund/);
  assert.equal(await page.inputValue(byId("hunde.1.name")), "Rex");
  await page.fill(byId("hunde.1.chipnummer"), "276098106543210");
  await follow(page, () => main.getByRole("button", { name: "Weiter", exact: true }).click());

  // Check your answers: Mühlacker's tax (demo values), no fee → "Antrag absenden".
  assert.match(pathOf(page), /\/pruefen$/);
  const check = await main.innerText();
  assert.match(check, /Hundesteuer in Mühlacker/);
  assert.match(check, /108,00 €/);
  assert.match(check, /648,00 €/);
  assert.match(check, /Demo-Werte/);
  assert.match(check, /14\.03\.1980/);
  await follow(page, () => main.getByRole("button", { name: "Antrag absenden" }).click());

  // Confirmation with the reference; receipt and status via the secret code.
  assert.match(pathOf(page), /^\/antraege\/eingang\/EK-\d{4}-000001(\?code=[\w-]+)?$/);
  assert.match(await main.innerText(), /EK-\d{4}-000001/);
  const confirmation = new URL(page.url());
  await follow(page, () => main.getByRole("link", { name: "Eingangsbestätigung mit allen Angaben (zum Drucken)" }).click());
  const receipt = await main.innerText();
  assert.match(receipt, /Bello/);
  assert.match(receipt, /Rex/);
  assert.match(receipt, /SHA-256/);
  await visit(page, confirmation.pathname + confirmation.search);
  const pdfHref = await main.getByRole("link", { name: /als PDF/ }).getAttribute("href");
  const pdf = await page.request.get(pdfHref!);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  assert.ok((await pdf.body()).subarray(0, 5).toString() === "%PDF-");
  await follow(page, () => main.getByRole("link", { name: /Bearbeitungsstand/ }).click());
  assert.match(await main.innerText(), /Eingegangen/);
  const row = await b.db.selectFrom("application_submissions").select(["reference", "answers"]).executeTakeFirstOrThrow();
  assert.equal((row.answers as { gemeinde: string }).gemeinde, "08236040");
});
