/**
 * Issue 16 item 3 in the browser: a participant reports a message (error first), staff hide it and warn the author;
 * blocks, appeals and warnings; staff act on an escalated overdue loan (error first). Axe on every page.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";
import { orchardMessageSender } from "../../src/modules/orchards/commands/messages.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder } from "../../src/modules/orchards/commands/loanHandover.js";
import { userBlocker, userWarner } from "../../src/modules/orchards/commands/sanctions.js";
import { follow, logIn, pathOf, startBrowserTest, visit } from "./support.js";

test("orchard moderation: report a message by keyboard (errors first), staff hide it and warn; the author sees the warning (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const olgaId = await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const paulId = await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });
  const ctx = systemContext(b.db);
  const { id: listingId } = await listingCreator(ctx, { ownerId: olgaId, publisher: "olga", input: { kind: "meadow_lease", title: "Wiese am Schlossberg", description: "30 Bäume", municipality: { ags: "08236043", ars: "082365005043", name: "Neuenbürg" }, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) } });
  const { conversationId } = await orchardMessageSender(ctx, b.config, { about: { listingId }, owner: { id: olgaId, name: "olga" }, author: { id: paulId, name: "paul" }, body: "Du Betrüger, melde dich sofort!" });

  const olga = await b.newPage();
  await logIn(olga, "olga@example.org", TEST_PASSWORD);
  await visit(olga, `/streuobst/nachrichten/${conversationId}`);
  await follow(olga, () => olga.getByRole("link", { name: "Nachricht melden" }).click());
  await follow(olga, () => olga.getByRole("button", { name: "Meldung absenden" }).press("Enter"));
  assert.match(await olga.locator("#fehler").innerText(), /Grund/);
  await olga.fill("#grund", "Beleidigung");
  await follow(olga, () => olga.getByRole("button", { name: "Meldung absenden" }).press("Enter"));
  assert.match(pathOf(olga), /\?gemeldet=1$/);
  assert.match(await olga.getByRole("main").innerText(), /Ihre Meldung ist bei der Moderation eingegangen/);

  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst");
  assert.match(await staff.getByRole("main").innerText(), /Du Betrüger/);
  await follow(staff, () => staff.getByRole("button", { name: "Nachricht ausblenden" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Die Nachricht wurde ausgeblendet/);

  await visit(olga, `/streuobst/nachrichten/${conversationId}`);
  assert.match(await olga.getByRole("main").innerText(), /Nachricht wurde von der Moderation ausgeblendet/);
  await visit(olga, `/streuobst/personen/${paulId}/melden`);
  await olga.fill("#grund", "Schreibt Beleidigungen");
  await follow(olga, () => olga.getByRole("button", { name: "Meldung absenden" }).click());

  await visit(staff, "/verwaltung/streuobst");
  assert.match(await staff.getByRole("main").innerText(), /Person: paul \(0 aktive Anzeigen\)/);
  await staff.locator("textarea[name^='warn-']").first().fill("Bitte bleiben Sie sachlich.");
  await follow(staff, () => staff.getByRole("button", { name: "Verwarnen" }).first().click());
  assert.match(await staff.getByRole("main").innerText(), /Die Person wurde verwarnt/);

  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, "/streuobst/meine");
  assert.match(await paul.getByRole("main").innerText(), /Verwarnung vom .*Bitte bleiben Sie sachlich/);
});

test("orchard moderation: staff block until a date from the queue (date error first), the person appeals (error first), staff decide; the answer on Meine (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const paulId = await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });

  const olga = await b.newPage();
  await logIn(olga, "olga@example.org", TEST_PASSWORD);
  await visit(olga, `/streuobst/personen/${paulId}/melden`);
  await olga.fill("#grund", "Schreibt Beleidigungen");
  await follow(olga, () => olga.getByRole("button", { name: "Meldung absenden" }).click());

  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst");
  await staff.locator("textarea[name^='block-']").first().fill("Beleidigungen");
  await staff.locator("input[name$='-bis']").first().fill("01.01.2000");
  await follow(staff, () => staff.getByRole("button", { name: "Sperren" }).first().click());
  assert.match(await staff.locator("#fehler").innerText(), /Datum ab heute/);
  await staff.locator("input[name$='-bis']").first().fill(formatDay(addDays(today(), 14)));
  await follow(staff, () => staff.getByRole("button", { name: "Sperren" }).first().click());
  assert.match(await staff.getByRole("main").innerText(), /Die Sperre endet nach dem/);

  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, "/streuobst/meine");
  assert.match(await paul.getByRole("main").innerText(), /gesperrt: Beleidigungen/);
  await follow(paul, () => paul.getByRole("link", { name: "Widerspruch gegen die Sperre einlegen" }).click());
  await follow(paul, () => paul.getByRole("button", { name: "Widerspruch absenden" }).press("Enter"));
  assert.match(await paul.locator("#fehler").innerText(), /begründen/);
  await paul.fill("#widerspruch", "Das war ein Missverständnis.");
  await follow(paul, () => paul.getByRole("button", { name: "Widerspruch absenden" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Ihr Widerspruch ist bei der Moderation eingegangen/);

  await visit(staff, "/verwaltung/streuobst");
  assert.match(await staff.getByRole("main").innerText(), /Missverständnis/);
  await follow(staff, () => staff.getByRole("button", { name: "Entscheiden" }).click());
  assert.match(await staff.locator("#fehler").innerText(), /Entscheidung wählen/);
  await staff.getByRole("radio", { name: "Sperre aufheben" }).check();
  await staff.locator("textarea[name^='antwort-']").fill("Einverstanden, bitte bleiben Sie sachlich.");
  await follow(staff, () => staff.getByRole("button", { name: "Entscheiden" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Der Widerspruch ist entschieden/);

  await visit(paul, "/streuobst/meine");
  assert.match(await paul.getByRole("main").innerText(), /hatte Erfolg, die Sperre ist aufgehoben\. Antwort der Moderation: Einverstanden/);
});

test("orchard moderation: the warned person appeals (error first), staff withdraw the warning on it and another on their own, and change a block's end (error first) (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const staffId = await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const paulId = await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });
  const olgaId = await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const ctx = systemContext(b.db);
  await userWarner(ctx, b.config, { userId: paulId, staffId, reason: "Ton im Chat" });
  await userWarner(ctx, b.config, { userId: olgaId, staffId, reason: "Werbung in Nachrichten" });
  await userBlocker(ctx, { userId: olgaId, staffId, reason: "Beleidigungen" });

  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, "/streuobst/meine");
  await follow(paul, () => paul.getByRole("link", { name: "Widerspruch gegen diese Verwarnung einlegen" }).click());
  assert.match(await paul.getByRole("heading", { level: 1 }).innerText(), /Widerspruch gegen die Verwarnung/);
  await follow(paul, () => paul.getByRole("button", { name: "Widerspruch absenden" }).press("Enter"));
  assert.match(await paul.locator("#fehler").innerText(), /begründen/);
  await paul.fill("#widerspruch", "Das war ein Zitat.");
  await follow(paul, () => paul.getByRole("button", { name: "Widerspruch absenden" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Ihr Widerspruch ist bei der Moderation eingegangen/);

  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst");
  await staff.getByRole("radio", { name: "Verwarnung zurücknehmen" }).check();
  await staff.locator("textarea[name^='antwort-']").fill("Sie haben recht.");
  await follow(staff, () => staff.getByRole("button", { name: "Entscheiden" }).click());
  await follow(staff, () => staff.getByRole("button", { name: "Verwarnung zurücknehmen" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Die Verwarnung ist zurückgenommen/);
  assert.match(await staff.getByRole("main").innerText(), /Keine Verwarnungen/);

  const end = staff.getByRole("textbox", { name: /Gesperrt bis einschließlich/ });
  await end.fill("01.01.2000");
  await follow(staff, () => staff.getByRole("button", { name: "Ende der Sperre ändern" }).click());
  assert.match(await staff.locator("#fehler").innerText(), /Datum ab heute/);
  await staff.getByRole("textbox", { name: /Gesperrt bis einschließlich/ }).fill(formatDay(addDays(today(), 7)));
  await follow(staff, () => staff.getByRole("button", { name: "Ende der Sperre ändern" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Das Ende der Sperre ist geändert/);

  await visit(paul, "/streuobst/meine");
  const mine = await paul.getByRole("main").innerText();
  assert.match(mine, /die Verwarnung ist zurückgenommen\. Antwort der Moderation: Sie haben recht\./);
  assert.doesNotMatch(mine, /Ton im Chat/);
});

test("orchard moderation: staff act on an escalated overdue loan from the queue (note missing first: summary and field error), note a contact, then close it as returned; the borrower sees it (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const olgaId = await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const paulId = await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });
  const ctx = systemContext(b.db);
  const item = await itemCreator(ctx, { ownerId: olgaId, publisher: "olga", input: { name: "Mulcher", description: "", municipality: { ags: "08236043", ars: "082365005043", name: "Neuenbürg" }, depositCents: 5000 } });
  const days = { from: addDays(today(), 2), to: addDays(today(), 3) };
  const loanId = ((await loanRequester(ctx, { itemId: item.id, borrowerId: paulId, borrowerName: "paul", days, note: "" })) as { id: string }).id;
  assert.equal((await loanDecider(ctx, { loanId, itemId: item.id, days, decision: "confirm" })).kind, "confirmed");
  const checklist = { condition: "good" as const, note: "", accessoriesComplete: true, deposit: "yes" as const, depositReturnedCents: null };
  assert.equal((await loanHandoverRecorder(ctx, { loanId, step: "pickup", checklist })).kind, "recorded");
  // The reminder job's escalation is tested in test/integration/orchards-follow-up.test.ts; here the loan is put into that state.
  await b.db.updateTable("orchard_loans").set({ overdue_escalated_at: new Date(), overdue_reminders: 3 }).where("id", "=", loanId).execute();

  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst#ueberfaellig");
  const queue = staff.locator("#ueberfaellig + *");
  assert.match(await queue.innerText(), /„Mulcher“.*3 Erinnerungen ohne Rückgabe/s);
  await staff.getByRole("radio", { name: "Kontakt aufgenommen (bleibt in der Liste)" }).check();
  await follow(staff, () => staff.getByRole("button", { name: "Maßnahme speichern" }).click());
  assert.match(await staff.locator("#fehler").innerText(), /Vermerk/);
  assert.ok(await staff.locator(`#vermerk-${loanId}-error`).isVisible(), "the error stands at the field");
  assert.match(await staff.locator(`#vermerk-${loanId}-error`).innerText(), /Bitte schreiben Sie einen Vermerk/);
  assert.ok(await staff.getByRole("radio", { name: "Kontakt aufgenommen (bleibt in der Liste)" }).isChecked(), "the chosen action is kept");

  await staff.getByRole("textbox", { name: "Vermerk (nur für die Moderation)" }).fill("Paul angerufen, bringt es morgen");
  await follow(staff, () => staff.getByRole("button", { name: "Maßnahme speichern" }).click());
  const main = await staff.getByRole("main").innerText();
  assert.match(main, /Der Kontakt ist vermerkt/);
  assert.match(main, /Kontakt aufgenommen am [0-9.]+: Paul angerufen, bringt es morgen/);

  await staff.getByRole("radio", { name: "Abschließen: Das Gerät ist zurückgegeben" }).check();
  await staff.getByRole("textbox", { name: "Vermerk (nur für die Moderation)" }).fill("Gerät liegt wieder bei Olga");
  await follow(staff, () => staff.getByRole("button", { name: "Maßnahme speichern" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Die Ausleihe ist als zurückgegeben abgeschlossen.*Keine überfälligen Rückgaben/s);

  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, `/streuobst/ausleihen/${loanId}`);
  const page = await paul.getByRole("main").innerText();
  assert.match(page, /Von der Moderation als zurückgegeben abgeschlossen am/);
  assert.doesNotMatch(page, /Gerät liegt wieder|angerufen/);
});
