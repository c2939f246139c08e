import { test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { follow, pathOf, startBrowserTest, visit } from "./support.js";

async function login(page: Page, email: string) {
  await visit(page, "/verwaltung/vorgaenge");
  assert.match(pathOf(page), /^\/anmelden\?next=/);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_STAFF_PASSWORD);
  await follow(page, () => page.getByRole("main").getByRole("button", { name: "Anmelden" }).click());
  assert.equal(pathOf(page), "/verwaltung/vorgaenge");
}

test("a case worker finds a building permit in the inbox, claims it, asks for documents, starts participation; the water authority gives its statement (axe on every page)", async (t) => {
  const b = await startBrowserTest(t);
  const form = await b.db.selectFrom("form_definitions").select("version").where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const sub = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db: b.db }, {
    formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers: { ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS }, feeCents: 0, userId: null, channel: "web", statusSecret: "x",
  });
  if (sub.kind !== "created") throw new Error(sub.kind);

  const page = await b.newPage();
  const main = page.getByRole("main");
  await login(page, "bauamt@kreisportal.example");
  assert.ok(await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Vorgänge" }).isVisible(), "staff see the cases in the navigation");
  const row = main.getByRole("row").filter({ hasText: sub.reference });
  assert.match(await row.innerText(), /Bauantrag[\s\S]*Eingegangen[\s\S]*nicht zugewiesen/);

  // Filters work without JavaScript (GET form).
  await page.selectOption("#status", "decided");
  await follow(page, () => main.getByRole("button", { name: "Filter anwenden" }).click());
  assert.ok(await main.getByText("Keine Vorgänge gefunden.").isVisible());
  await page.selectOption("#status", "received");
  await follow(page, () => main.getByRole("button", { name: "Filter anwenden" }).click());
  await follow(page, () => main.getByRole("link", { name: sub.reference }).click());
  assert.match(pathOf(page), /^\/verwaltung\/vorgaenge\/[0-9a-f-]{36}$/);
  const casePath = pathOf(page);

  await follow(page, () => main.getByRole("button", { name: "Vorgang übernehmen" }).click());
  assert.ok(await main.getByText("Die Bearbeitung wurde geändert.").isVisible());
  assert.match(await main.locator("dl").innerText(), /Sabine Keller/);
  await follow(page, () => main.getByRole("button", { name: "Vollständigkeitsprüfung beginnen" }).click());
  assert.ok(await main.getByText("Der Schritt „Vollständigkeitsprüfung beginnen“ wurde ausgeführt.").isVisible());

  // A request for documents without text: error summary and inline error, nothing changed.
  await follow(page, () => main.getByRole("button", { name: "Unterlagen nachfordern" }).click());
  assert.ok(await page.locator("#fehler").isVisible());
  assert.match(await page.locator("#fehler").innerText(), /ein Text nötig/);
  await page.fill("#text-request_documents", "Bitte reichen Sie den Lageplan im Maßstab 1:500 nach.");
  await follow(page, () => main.getByRole("button", { name: "Unterlagen nachfordern" }).click());
  assert.match(await main.locator("dl").innerText(), /Unterlagen nachgefordert[\s\S]*Rückfrage an Antragsteller/);

  // A stale page: a colleague's change in between → 409 page with the explanation, the typed text kept.
  const colleague = await b.newPage();
  await login(colleague, "bauamt2@kreisportal.example");
  await visit(colleague, casePath);
  await follow(page, () => main.getByRole("button", { name: "Unterlagen eingegangen" }).click());
  await colleague.fill("#text-withdraw", "Rücknahme telefonisch erklärt");
  const resp = colleague.waitForResponse((r) => r.request().method() === "POST");
  await follow(colleague, () => colleague.getByRole("main").getByRole("button", { name: "Rücknahme des Antrags vermerken" }).click());
  assert.equal((await resp).status(), 409);
  assert.match(await colleague.getByRole("main").innerText(), /Der Vorgang wurde inzwischen geändert/);
  assert.equal(await colleague.inputValue("#text-withdraw"), "Rücknahme telefonisch erklärt");

  await follow(page, () => main.getByRole("button", { name: "Unterlagen vollständig – Beteiligung starten" }).click());
  assert.match(await main.getByRole("region", { name: "Beteiligung" }).innerText().catch(() => main.innerText()), /Untere Wasserbehörde[\s\S]*Stellungnahme ausstehend/);
  await page.fill("#body", "Statik wird nachgereicht, bitte beachten.");
  await follow(page, () => main.getByRole("button", { name: "Kommentar speichern" }).click());
  assert.ok(await main.getByText("Statik wird nachgereicht, bitte beachten.").isVisible());

  // The water authority sees the case (participation) and gives its statement.
  const wasser = await b.newPage();
  const wMain = wasser.getByRole("main");
  await login(wasser, "wasser@kreisportal.example");
  await follow(wasser, () => wMain.getByRole("link", { name: "Beteiligungen" }).click());
  await follow(wasser, () => wMain.getByRole("link", { name: sub.reference }).click());
  assert.ok(await wMain.getByText("Ihre Stelle ist an diesem Vorgang beteiligt.").isVisible());
  assert.equal(await wMain.getByRole("button", { name: "Beteiligung abschließen" }).count(), 0, "participants cannot move the case");
  const select = wMain.locator('select[name^="result-"]');
  assert.equal(await select.count(), 1, "only the own department's statement form");
  await select.selectOption("agree_with_conditions");
  await follow(wasser, () => wMain.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.ok(await wasser.locator("#fehler").isVisible(), "conditions need reasons");
  await wMain.locator('textarea[name^="statement-"]').fill("Niederschlagswasser ist auf dem Grundstück zu versickern.");
  await follow(wasser, () => wMain.getByRole("button", { name: "Stellungnahme abgeben" }).click());
  assert.ok(await wMain.getByText("Die Stellungnahme wurde gespeichert.").isVisible());
  assert.match(await wMain.innerText(), /Zustimmung mit Nebenbestimmungen: Niederschlagswasser/);

  // The uninvolved driving-licence office gets 403.
  const other = await b.newPage();
  await login(other, "fuehrerschein@kreisportal.example");
  const forbidden = await visit(other, casePath);
  assert.equal(forbidden?.status(), 403);

  await visit(page, "/verwaltung/vorgaenge/kennzahlen");
  assert.match(await main.innerText(), /Bauantrag/);
});
