/** Issue 16 in the browser: the lender adds a pick-up photo to a confirmed loan (errors first), the borrower sees it; axe on every page. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createTestUser, TEST_PASSWORD } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { jpegWithGps } from "../support/photos.js";
import { follow, logIn, startBrowserTest, visit } from "./support.js";

test("orchard loan photos: the lender uploads a pick-up photo (errors first), the borrower sees the thumbnail (axe)", { timeout: 180_000 }, async (t) => {
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
});
