/** Issue 16 community part in the browser: staff create a round table, citizens register and join the waitlist, save a search, unsubscribe; axe on every page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { unsubscribeToken } from "../../src/modules/orchards/alertToken.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

test("orchard round table and saved searches: create (errors first), register, waitlist, save and delete a search, unsubscribe by link (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const annaId = await createTestUser(b.db, { email: "anna@example.org", kind: "citizen" });
  await createTestUser(b.db, { email: "bernd@example.org", kind: "citizen" });

  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst/runder-tisch");
  await follow(staff, () => staff.getByRole("link", { name: "Runden Tisch anlegen" }).click());
  await staff.fill("#titel", "Runder Tisch Streuobst Maulbronn");
  await follow(staff, () => staff.getByRole("button", { name: "Termin anlegen" }).click());
  assert.match(await staff.locator("#fehler").innerText(), /Datum/);
  assert.equal(await staff.inputValue("#titel"), "Runder Tisch Streuobst Maulbronn");
  await staff.fill("#datum", formatDay(addDays(today(), 14)));
  await staff.fill("#ort", "Klosterhof Maulbronn, Bürgersaal");
  await staff.fill("#plaetze", "1");
  await staff.fill("#beschreibung", "Austausch zu Pflege und Ernte.");
  await follow(staff, () => staff.getByRole("button", { name: "Termin anlegen" }).click());
  assert.match(pathOf(staff), /^\/verwaltung\/streuobst\/runder-tisch\/[0-9a-f-]+$/);

  const anna = await b.newPage();
  await logIn(anna, "anna@example.org", TEST_PASSWORD);
  await visit(anna, "/streuobst?art=fruit&q=Boskoop");
  await follow(anna, () => anna.getByRole("button", { name: "Suche speichern" }).click());
  assert.equal(pathOf(anna), "/streuobst/suchauftraege?gespeichert=1");
  assert.match(await anna.getByRole("main").innerText(), /„Boskoop“/);
  await visit(anna, "/streuobst");
  await follow(anna, () => anna.getByRole("link", { name: "Runder Tisch: Termine und Anmeldung" }).click());
  await follow(anna, () => anna.getByRole("link", { name: "Runder Tisch Streuobst Maulbronn" }).click());
  const eventPath = pathOf(anna);
  await follow(anna, () => anna.getByRole("button", { name: "Verbindlich anmelden" }).click());
  assert.match(await anna.getByRole("main").innerText(), /Sie sind angemeldet/);

  const bernd = await b.newPage();
  await logIn(bernd, "bernd@example.org", TEST_PASSWORD);
  await visit(bernd, eventPath);
  assert.match(await bernd.getByRole("main").innerText(), /ausgebucht/);
  await follow(bernd, () => bernd.getByRole("button", { name: "Auf die Warteliste" }).click());
  assert.match(await bernd.getByRole("main").innerText(), /Warteliste \(Platz 1\)/);

  // The unsubscribe link from a mail: a page that asks, then confirms (no login).
  const visitor = await b.newPage();
  await visit(visitor, `/streuobst/suchauftraege/abbestellen/${unsubscribeToken(b.config.sessionSecret, annaId)}`);
  await follow(visitor, () => visitor.getByRole("button", { name: "E-Mails abbestellen" }).click());
  assert.match(await visitor.getByRole("main").innerText(), /keine E-Mails zu gespeicherten Suchen mehr/);

  await visit(anna, "/streuobst/suchauftraege");
  assert.match(await anna.getByRole("main").innerText(), /abbestellt/);
  await follow(anna, () => anna.getByRole("button", { name: /Suche „.*“ löschen/ }).click());
  assert.match(await anna.getByRole("main").innerText(), /Sie haben noch keine Suche gespeichert/);
});
