/**
 * Issue 18 in the browser: staff edit a running display (shortening refused at the field, then extended), start a
 * repeated display after a display ended (errors first), the public page says "Erneute Auslegung"; a citizen's
 * statements in Mein Konto. axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword } from "../../src/platform/auth/password.js";
import { agencyTokenHash, procedureCreator, seedParticipationDemo } from "../../src/modules/participation/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays, berlinDate, berlinToUtc } from "../../src/platform/time/berlin.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("staff edit a procedure and start a repeated display; a citizen sees their statement in Mein Konto", { timeout: 360_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  const today = berlinDate(new Date());
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  const staff = await b.db.insertInto("users").values({ kind: "staff", email: "bauamt@muehlacker.example", display_name: "Bauamt Mühlacker", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const ended = await procedureCreator(systemContext(b.db), { kind: "bebauungsplan", title: "Bebauungsplan „Am Bahnhof“", description: "Ein Plan.", ags: "08236040", ars: "082365004040", orgUnitId: unit.id, phases: [{ kind: "display", startsAt: berlinToUtc(addDays(today, -40), 0), endsAt: berlinToUtc(addDays(today, -2), 0) }] });

  const office = await b.newPage();
  await logIn(office, "bauamt@muehlacker.example", PASSWORD);
  const main = office.getByRole("main");
  await visit(office, "/verwaltung/beteiligung");
  await follow(office, () => main.getByRole("link", { name: "Bebauungsplan „Lindach-Süd“" }).click());
  await follow(office, () => main.getByRole("link", { name: "Verfahren bearbeiten" }).click());
  assert.match(pathOf(office), /\/bearbeiten$/);
  // Shortening the running display: refused at the field with the reason; the typed title kept.
  await main.getByLabel("Titel").fill("Bebauungsplan „Lindach-Süd“, 1. Änderung");
  const bis = main.getByLabel("Auslegung bis einschließlich");
  const lastDay = await bis.inputValue();
  await bis.fill(addDays(lastDay, -3));
  await follow(office, () => main.getByRole("button", { name: "Änderungen speichern" }).click());
  assert.match(await main.innerText(), /Eine laufende öffentliche Auslegung darf nicht verkürzt werden/);
  assert.equal(await main.getByLabel("Titel").inputValue(), "Bebauungsplan „Lindach-Süd“, 1. Änderung");
  await main.getByLabel("Auslegung bis einschließlich").fill(addDays(lastDay, 7));
  await follow(office, () => main.getByRole("button", { name: "Änderungen speichern" }).click());
  assert.match(await main.innerText(), /Die Änderungen wurden gespeichert/);
  assert.match(await main.innerText(), /1\. Änderung/);

  // Two agencies were consulted in the display (their deadlines passed).
  for (const [name, email, token] of [["Landratsamt Enzkreis", "lra@example.org", "browser-a"], ["Netze BW", "netze@example.org", "browser-b"]] as const) {
    await b.db.insertInto("participation_agency_invitations").values({ procedure_id: ended.id, agency_name: name, email, token_hash: agencyTokenHash(token), deadline: berlinToUtc(addDays(today, -2), 0), link_valid_until: berlinToUtc(addDays(today, 28), 0), invited_by: null, reminded_at: null, draft_saved_at: null, released_at: null, released_by_name: null, topic: null, decision: null, consideration: null, considered_at: null, considered_by: null, agency_id: null, phase_id: null }).execute();
  }

  // The repeated display of the ended procedure: errors first (no agency chosen), then started for one of the two.
  await visit(office, `/verwaltung/beteiligung/${ended.id}`);
  await follow(office, () => main.getByRole("link", { name: "Erneute Auslegung beginnen (§ 4a Abs. 3 BauGB)" }).click());
  const group = main.getByRole("group", { name: "Erneut einzuladende Träger öffentlicher Belange" });
  const lra = group.getByRole("checkbox", { name: "Landratsamt Enzkreis (lra@example.org)" });
  const netze = group.getByRole("checkbox", { name: "Netze BW (netze@example.org)" });
  assert.deepEqual([await lra.isChecked(), await netze.isChecked()], [true, true], "all chosen at first");
  await lra.uncheck();
  await netze.uncheck();
  await follow(office, () => main.getByRole("button", { name: "Erneute Auslegung beginnen" }).click());
  assert.match(await main.innerText(), /Bitte geben Sie den Grund der erneuten Auslegung an/);
  assert.match(await group.innerText(), /Bitte wählen Sie mindestens einen Träger aus/);
  // The summary's link leads to the first checkbox.
  await main.getByRole("link", { name: /Bitte wählen Sie mindestens einen Träger aus/ }).click();
  assert.equal(await lra.evaluate((el) => el === document.activeElement), true);
  await main.getByLabel("Grund der erneuten Auslegung").fill("Der Entwurf wurde nach der Abwägung geändert.");
  await main.getByLabel("Erneute Auslegung vom").fill(today);
  await main.getByLabel("Erneute Auslegung bis einschließlich").fill(addDays(today, 14));
  // By keyboard: Space on the focused box chooses it.
  await lra.focus();
  await office.keyboard.press("Space");
  assert.equal(await lra.isChecked(), true);
  await follow(office, () => main.getByRole("button", { name: "Erneute Auslegung beginnen" }).click());
  assert.match(await main.innerText(), /Die gewählten Träger öffentlicher Belange wurden erneut eingeladen: 1\./);
  const second = await b.db.selectFrom("participation_agency_invitations").select("email").where("procedure_id", "=", ended.id).where("phase_id", "is not", null).execute();
  assert.deepEqual(second.map((r) => r.email), ["lra@example.org"]);

  // The public page says so; a signed-in citizen comments and finds it in Mein Konto.
  await b.db.insertInto("users").values({ kind: "citizen", email: "anna@example.org", display_name: "Anna Berg", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).execute();
  const page = await b.newPage();
  await logIn(page, "anna@example.org", PASSWORD);
  const pmain = page.getByRole("main");
  await visit(page, `/beteiligung/${ended.slug}`);
  assert.match(await pmain.innerText(), /Erneute Auslegung: /);
  assert.match(await pmain.innerText(), /Grund der erneuten Auslegung: Der Entwurf wurde nach der Abwägung geändert/);
  await follow(page, () => pmain.getByRole("link", { name: "Stellungnahme abgeben" }).click());
  await pmain.getByLabel("Ihre Stellungnahme").fill("Die geänderte Baugrenze ist gut so.");
  await follow(page, () => pmain.getByRole("button", { name: "Stellungnahme absenden" }).click());
  await visit(page, "/konto");
  await follow(page, () => pmain.getByRole("link", { name: "Meine Stellungnahmen (Bauleitplanung)" }).click());
  assert.match(await pmain.innerText(), /Bebauungsplan „Am Bahnhof“/);
  assert.match(await pmain.innerText(), /Erneute Auslegung/);
});
