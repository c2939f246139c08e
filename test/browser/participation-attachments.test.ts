/**
 * Issue 18 in the browser, attachments to a statement: a citizen picks a file that is no PDF or image (refused,
 * the text stays, the summary links to the field), then a PDF; staff see the attachment on the statement page
 * (axe on every page).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword } from "../../src/platform/auth/password.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";
import { PDF } from "../support/uploads.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("a citizen attaches a file to a statement (a wrong one first); staff see it", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;
  const page = await b.newPage();
  await visit(page, `/beteiligung/${muehlacker!.slug}/stellungnahme`);
  const main = page.getByRole("main");
  await main.getByLabel("Ihre Stellungnahme", { exact: true }).fill("Zu § 3 Bauweise: siehe beigefügtes Gutachten zur Verschattung.");
  await main.getByLabel("Vor- und Nachname").fill("Eva Muster");
  await main.getByLabel("Straße und Hausnummer").fill("Bahnhofstraße 1");
  await main.getByLabel("Postleitzahl", { exact: true }).fill("75417");
  await main.getByLabel("Ort", { exact: true }).fill("Mühlacker");
  await main.getByLabel(/^Anlagen/).setInputFiles({ name: "gutachten.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>kein PDF</html>") });
  await follow(page, () => main.getByRole("button", { name: "Stellungnahme absenden" }).click());
  const summary = page.getByRole("alert").first();
  assert.match(await summary.innerText(), /gutachten\.pdf“: Die Datei ist kein PDF, PNG oder JPEG/);
  assert.equal(await main.getByLabel("Ihre Stellungnahme", { exact: true }).inputValue(), "Zu § 3 Bauweise: siehe beigefügtes Gutachten zur Verschattung.");
  assert.equal(await main.getByLabel("Straße und Hausnummer").inputValue(), "Bahnhofstraße 1");
  await summary.getByRole("link", { name: /Anlagen/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "anlagen");

  await main.getByLabel(/^Anlagen/).setInputFiles({ name: "gutachten.pdf", mimeType: "application/pdf", buffer: PDF });
  await follow(page, () => main.getByRole("button", { name: "Stellungnahme absenden" }).click());
  const reference = /Ihre Nummer: (BT-\d{4}-\d{6})/.exec(await main.innerText())?.[1];
  assert.ok(reference);

  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", `gem-${muehlacker!.ags}`).executeTakeFirstOrThrow();
  const staff = await b.db.insertInto("users").values({ kind: "staff", email: "bauamt@muehlacker.example", display_name: "Bauamt Mühlacker", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const office = await b.newPage();
  await logIn(office, "bauamt@muehlacker.example", PASSWORD);
  await visit(office, "/verwaltung/beteiligung");
  const omain = office.getByRole("main");
  await follow(office, () => omain.getByRole("link", { name: "Bebauungsplan „Lindach-Süd“" }).click());
  await follow(office, () => omain.getByRole("link", { name: reference! }).click());
  assert.equal(await omain.getByRole("link", { name: "gutachten.pdf" }).count(), 1);
  assert.match(await omain.innerText(), /gutachten\.pdf \(PDF, /);
});
