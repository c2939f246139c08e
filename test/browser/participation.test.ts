/**
 * Issue 18 in the browser: a citizen comments on a Bebauungsplan without an account, staff weigh it; an agency (TÖB)
 * drafts and releases through its link; staff weigh by topic and publish the result (axe on every page, keyboard).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword } from "../../src/platform/auth/password.js";
import { DEMO_PROCEDURES, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { follow, logIn, pathOf, startBrowserTest, tabTo, visit } from "./support.js";
import { linkIn } from "../helpers.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("a citizen finds the plan, comments without an account (errors first), gets a number; staff weigh the comment", { timeout: 360_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const [muehlacker] = DEMO_PROCEDURES;

  const page = await b.newPage();
  await visit(page, "/beteiligung");
  const main = page.getByRole("main");
  await follow(page, () => main.getByRole("link", { name: "Bebauungsplan „Lindach-Süd“" }).click());
  assert.equal(pathOf(page), `/beteiligung/${muehlacker!.slug}`);
  assert.match(await main.innerText(), /Öffentliche Auslegung/);
  assert.match(await main.innerText(), /Entwurf mit textlichen Festsetzungen \(PDF/);
  await follow(page, () => main.getByRole("link", { name: "Stellungnahme abgeben" }).click());

  // Sent empty: the error summary names what is missing, the fields say it again.
  await follow(page, () => main.getByRole("button", { name: "Stellungnahme absenden" }).click());
  assert.match(await main.innerText(), /Bitte geben Sie Ihren Vor- und Nachnamen ein/);
  assert.match(await main.innerText(), /mindestens 10 Zeichen/);

  // By keyboard: from the text area through the fields.
  await page.focus("#text");
  await page.keyboard.type("Zu § 3 Bauweise: Bitte auch Reihenhäuser zulassen.");
  await tabTo(page, "name");
  await page.keyboard.type("Eva Muster");
  await tabTo(page, "strasse");
  await page.keyboard.type("Bahnhofstraße 1");
  await tabTo(page, "plz");
  await page.keyboard.type("75417");
  await tabTo(page, "ort");
  await page.keyboard.type("Mühlacker");
  await follow(page, () => page.keyboard.press("Enter"));
  const receipt = await main.innerText();
  const reference = /Ihre Nummer: (BT-\d{4}-\d{6})/.exec(receipt)?.[1];
  assert.ok(reference, receipt);

  // Staff of Mühlacker weigh it.
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  const staff = await b.db.insertInto("users").values({ kind: "staff", email: "bauamt@muehlacker.example", display_name: "Bauamt Mühlacker", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const office = await b.newPage();
  await logIn(office, "bauamt@muehlacker.example", PASSWORD);
  await visit(office, "/verwaltung/beteiligung");
  const omain = office.getByRole("main");
  await follow(office, () => omain.getByRole("link", { name: "Bebauungsplan „Lindach-Süd“" }).click());
  await follow(office, () => omain.getByRole("link", { name: reference! }).click());
  assert.match(await omain.innerText(), /Reihenhäuser zulassen/);
  await omain.getByLabel("teilweise berücksichtigt").check();
  await omain.getByLabel("Begründung der Abwägung").fill("Reihenhäuser werden im Süden zugelassen.");
  await follow(office, () => omain.getByRole("button", { name: "Abwägung speichern" }).click());
  assert.match(await omain.innerText(), /Die Abwägung wurde gespeichert/);
  await follow(office, () => omain.getByRole("link", { name: "Zurück zum Verfahren" }).click());
  assert.match(await omain.innerText(), new RegExp(`${reference}[\\s\\S]*teilweise berücksichtigt`));

  // An agency is invited from the procedure page (errors first), drafts and releases through its link.
  const procedureUrl = pathOf(office);
  await omain.getByLabel("Name der Behörde oder Stelle").fill("Regierungspräsidium Karlsruhe");
  await follow(office, () => omain.getByRole("button", { name: "Einladung senden" }).click());
  assert.match(await omain.innerText(), /Bitte geben Sie einen Tag ab heute an/);
  await omain.getByLabel("E-Mail-Adresse", { exact: true }).fill("toeb@rpk.example");
  const lastDay = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await omain.getByLabel("Frist (letzter Tag)").fill(lastDay);
  await follow(office, () => omain.getByRole("button", { name: "Einladung senden" }).click());
  assert.match(await omain.innerText(), /Die Einladung wurde verschickt/);
  const link = linkIn((await b.mail.waitFor("toeb@rpk.example")).text, b.config.publicUrl);
  const agency = await b.newPage();
  await visit(agency, link);
  const amain = agency.getByRole("main");
  await amain.getByLabel("Stellungnahme", { exact: true }).fill("Keine Bedenken, wenn der Hochwasserschutz an der Enz beachtet wird.");
  await amain.getByLabel("Verfasst von (Vor- und Nachname)").fill("Anna Berg");
  await follow(agency, () => amain.getByRole("button", { name: "Entwurf speichern" }).click());
  assert.match(await amain.innerText(), /Der Entwurf wurde gespeichert/);
  await amain.getByLabel("Freigegeben von (Vor- und Nachname)").fill("Anna Berg");
  await follow(agency, () => amain.getByRole("button", { name: "Stellungnahme verbindlich freigeben" }).click());
  assert.match(await amain.innerText(), /andere Person als die Verfasserin/);
  await amain.getByLabel("Freigegeben von (Vor- und Nachname)").fill("Jonas Ott");
  await follow(agency, () => amain.getByRole("button", { name: "Stellungnahme verbindlich freigeben" }).click());
  assert.match(await amain.innerText(), /Die Stellungnahme ist freigegeben/);

  // The participation ends; staff weigh the agency's statement by topic and publish the result.
  const p = await b.db.selectFrom("participation_procedures").select("id").where("slug", "=", muehlacker!.slug).executeTakeFirstOrThrow();
  await b.db.updateTable("participation_phases").set({ ends_at: new Date(Date.now() - 60_000) }).where("procedure_id", "=", p.id).execute();
  await visit(office, procedureUrl);
  await follow(office, () => omain.getByRole("link", { name: "Abwägung (alle Stellungnahmen nach Themen)" }).click());
  await follow(office, () => omain.getByRole("link", { name: "Behörde: Regierungspräsidium Karlsruhe" }).click());
  await omain.getByLabel("Thema").fill("Hochwasser");
  await omain.getByLabel("zur Kenntnis genommen").check();
  await omain.getByLabel("Begründung der Abwägung").fill("Der Hochwasserschutz ist in § 9 festgesetzt.");
  await follow(office, () => omain.getByRole("button", { name: "Abwägung speichern" }).click());
  await follow(office, () => omain.getByRole("link", { name: "Abwägung (alle Stellungnahmen nach Themen)" }).click());
  assert.match(await omain.innerText(), /Hochwasser[\s\S]*Regierungspräsidium Karlsruhe/);
  await follow(office, () => omain.getByRole("button", { name: "Abwägungsergebnis veröffentlichen" }).click());
  assert.match(await omain.innerText(), /Das Abwägungsergebnis ist veröffentlicht/);
  await follow(office, () => omain.getByRole("link", { name: "Abwägungsergebnis" }).click());
  assert.match(await omain.innerText(), /Der Hochwasserschutz ist in § 9 festgesetzt/);
  assert.doesNotMatch(await omain.innerText(), /Eva Muster/);
});
