/**
 * Issue 18 in the browser, the county's master list of agencies (ADR 0064): staff add an agency (errors first),
 * deactivate a demo entry, then invite two agencies picked from the list for a procedure by keyboard and mouse
 * (axe on every page).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hashPassword } from "../../src/platform/auth/password.js";
import { DEMO_PROCEDURES, seedParticipationDemo, seedParticipationDemoAgencyList } from "../../src/modules/participation/index.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

const PASSWORD = "Ein langes Testpasswort 2026";

test("staff keep the list of agencies and pick agencies from it for a procedure", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await seedParticipationDemo({ db: b.db, config: b.config, log: () => undefined });
  await seedParticipationDemoAgencyList({ db: b.db });
  const unit = await b.db.selectFrom("org_units").select("id").where("key", "=", `gem-${DEMO_PROCEDURES[0]!.ags}`).executeTakeFirstOrThrow();
  const staff = await b.db.insertInto("users").values({ kind: "staff", email: "bauamt@muehlacker.example", display_name: "Bauamt Mühlacker", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await b.db.insertInto("user_roles").values({ user_id: staff.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();

  const page = await b.newPage();
  await logIn(page, "bauamt@muehlacker.example", PASSWORD);
  await visit(page, "/verwaltung/beteiligung");
  const main = page.getByRole("main");
  await follow(page, () => main.getByRole("link", { name: "Liste der Träger öffentlicher Belange pflegen" }).click());
  assert.equal(pathOf(page), "/verwaltung/beteiligung/traeger");
  assert.match(await main.innerText(), /Landratsamt Enzkreis \(Demo\) – Gesundheitsamt/);

  // Add: sent with a bad postcode first, the summary and the field say so; the input stays.
  await follow(page, () => main.getByRole("link", { name: "Träger hinzufügen" }).click());
  await main.getByLabel("Name der Behörde oder Stelle").fill("Zweckverband Wasserversorgung Mühlacker");
  await main.getByLabel("E-Mail-Adresse").fill("wasser@zv.example");
  await main.getByLabel("Postleitzahl").fill("754");
  await main.getByLabel("Art des Trägers").selectOption("association");
  await follow(page, () => main.getByRole("button", { name: "Speichern" }).click());
  assert.match(await main.innerText(), /fünfstellige Postleitzahl/);
  assert.equal(await main.getByLabel("Name der Behörde oder Stelle").inputValue(), "Zweckverband Wasserversorgung Mühlacker");
  await main.getByLabel("Postleitzahl").fill("75417");
  await follow(page, () => main.getByRole("button", { name: "Speichern" }).click());
  assert.match(await main.innerText(), /Der Eintrag wurde gespeichert\./);

  // Deactivate a demo entry.
  await follow(page, () => main.getByRole("link", { name: "Stadt Pforzheim (Demo) – Planungsamt" }).click());
  await main.getByLabel("inaktiv").check();
  await follow(page, () => main.getByRole("button", { name: "Speichern" }).click());

  // The procedure: pick two agencies from the list (one by keyboard), set the deadline, send.
  await visit(page, "/verwaltung/beteiligung");
  await follow(page, () => main.getByRole("link", { name: "Bebauungsplan „Lindach-Süd“" }).click());
  const pick = main.getByRole("group", { name: "Aus der Liste der Träger" });
  assert.equal(await pick.getByLabel(/Stadt Pforzheim/).count(), 0);
  await pick.getByLabel(/Zweckverband Wasserversorgung Mühlacker/).check();
  await pick.getByLabel(/Straßenverkehrsbehörde/).focus();
  await page.keyboard.press("Space");
  assert.equal(await pick.getByLabel(/Straßenverkehrsbehörde/).isChecked(), true);
  await main.getByLabel("Frist (letzter Tag)").fill(addDays(berlinDate(new Date()), 14));
  await follow(page, () => main.getByRole("button", { name: "Einladung senden" }).click());
  const text = await main.innerText();
  assert.match(text, /Einladungen verschickt: 2\./);
  assert.match(text, /Zweckverband Wasserversorgung Mühlacker\s+\d/);
  assert.match(text, /Landratsamt Enzkreis \(Demo\) – Straßenverkehrsbehörde/);
});
