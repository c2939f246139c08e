/** Issue 16 in the browser: the lender adds a pick-up photo (errors first), the borrower sees and reports it and disputes the check-list (errors first), staff delete the photo and resolve the dispute (note missing first); axe on every page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder } from "../../src/modules/orchards/commands/loanHandover.js";
import { jpegWithGps } from "../support/photos.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";

test("orchard loan photos: the lender uploads a pick-up photo (errors first), the borrower sees and reports it and disputes the check-list (errors first), staff delete it and resolve the dispute (note missing first) (axe)", { timeout: 180_000 }, async (t) => {
  const b = await startBrowserTest(t);
  const ownerId = await createTestUser(b.db, { email: "olga@example.org", kind: "citizen" });
  const paulId = await createTestUser(b.db, { email: "paul@example.org", kind: "citizen" });
  const ctx = systemContext(b.db);
  const item = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Mulcher", description: "Benzin", municipality: { ags: "08236043", ars: "082365005043", name: "Neuenbürg" }, depositCents: 5000 } });
  const days = { from: addDays(today(), 5), to: addDays(today(), 6) };
  const req = await loanRequester(ctx, { itemId: item.id, borrowerId: paulId, borrowerName: "paul", days, note: "" });
  assert.equal(req.kind, "requested");
  const loanId = (req as { id: string }).id;
  assert.equal((await loanDecider(ctx, { loanId, itemId: item.id, days, decision: "confirm" })).kind, "confirmed");

  const owner = await b.newPage();
  await logIn(owner, "olga@example.org", TEST_PASSWORD);
  await visit(owner, `/streuobst/ausleihen/${loanId}`);
  await follow(owner, () => owner.getByRole("link", { name: /Fotos zu Abholung und Rückgabe \(0\)/ }).click());
  await follow(owner, () => owner.getByRole("button", { name: "Foto hochladen" }).press("Enter"));
  const errors = await owner.locator("#fehler").innerText();
  assert.match(errors, /Foto/);
  await owner.setInputFiles("#foto", { name: "mulcher.jpg", mimeType: "image/jpeg", buffer: await jpegWithGps(900, 600) });
  await owner.fill("#alt", "Mulcher bei der Abholung, Kratzer links");
  await follow(owner, () => owner.getByRole("button", { name: "Foto hochladen" }).click());
  assert.match(await owner.getByRole("main").innerText(), /Mulcher bei der Abholung, Kratzer links/);

  const paul = await b.newPage();
  await logIn(paul, "paul@example.org", TEST_PASSWORD);
  await visit(paul, `/streuobst/ausleihen/${loanId}`);
  await follow(paul, () => paul.getByRole("link", { name: /Fotos zu Abholung und Rückgabe \(1\)/ }).click());
  const img = paul.getByRole("img", { name: "Mulcher bei der Abholung, Kratzer links" });
  assert.equal(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0), true);

  // The borrower reports the photo (error first); the lender records the pick-up; the borrower disputes it (errors first).
  await follow(paul, () => paul.getByRole("link", { name: "Foto „Mulcher bei der Abholung, Kratzer links“ melden" }).click());
  await follow(paul, () => paul.getByRole("button", { name: "Meldung absenden" }).press("Enter"));
  assert.match(await paul.locator("#fehler").innerText(), /Grund/);
  await paul.fill("#grund", "Zeigt mein Autokennzeichen");
  await follow(paul, () => paul.getByRole("button", { name: "Meldung absenden" }).click());
  assert.match(await paul.getByRole("main").innerText(), /Ihre Meldung ist bei der Moderation eingegangen/);
  await loanHandoverRecorder(ctx, { loanId, step: "pickup", checklist: { condition: "good", note: "", accessoriesComplete: true, deposit: "yes", depositReturnedCents: null } });
  await visit(paul, `/streuobst/ausleihen/${loanId}`);
  await paul.getByRole("radio", { name: "Nein, ich widerspreche" }).check();
  await follow(paul, () => paul.getByRole("button", { name: "Antwort senden" }).click());
  assert.match(await paul.locator("#fehler").innerText(), /was nicht stimmt/);
  await paul.getByRole("radio", { name: "Nein, ich widerspreche" }).check();
  await paul.getByRole("textbox", { name: /Was stimmt nicht/ }).fill("Der Kratzer war schon vorher da.");
  await follow(paul, () => paul.getByRole("button", { name: "Antwort senden" }).click());
  assert.match(await paul.getByRole("main").innerText(), /bestritten am .*Der Kratzer war schon vorher da\./);

  // Staff see the reported photo in the queue and delete it.
  await createTestUser(b.db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const staff = await b.newPage();
  await logIn(staff, "sachbearbeitung@example.org", TEST_PASSWORD);
  await visit(staff, "/verwaltung/streuobst");
  assert.match(await staff.getByRole("main").innerText(), /Zeigt mein Autokennzeichen/);
  await follow(staff, () => staff.getByRole("button", { name: "Foto löschen" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Das Foto ist gelöscht/);

  // The dispute is in "Strittige Übergaben" (migration 0075): staff resolve it by keyboard (note missing first), the borrower sees the note.
  const disputes = staff.locator("#strittig + ul");
  assert.match(await disputes.innerText(), /Verleihende Person: olga · Ausleihende Person: paul[^]*Der Kratzer war schon vorher da\./);
  await follow(staff, () => staff.getByRole("button", { name: "Entscheidung mitteilen" }).press("Enter"));
  assert.match(await staff.locator("#fehler").innerText(), /was mit der Kaution geschieht[^]*begründen Sie die Entscheidung/);
  await staff.getByRole("radio", { name: "Die ausleihende Person bekommt die Kaution ganz zurück" }).check();
  await staff.getByRole("textbox", { name: "Begründung (sehen beide Seiten)" }).fill("Kaution bleibt voll.");
  await follow(staff, () => staff.getByRole("button", { name: "Entscheidung mitteilen" }).click());
  assert.match(await staff.getByRole("main").innerText(), /Der Streitfall ist entschieden/);
  await visit(paul, `/streuobst/ausleihen/${loanId}`);
  assert.match(await paul.getByRole("main").innerText(), /Von der Moderation geklärt am .*: Kaution bleibt voll\.[^]*Die ausleihende Person bekommt die Kaution \(.*\) ganz zurück/);
});
