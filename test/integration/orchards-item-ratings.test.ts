/** Issue 16: borrowers' ratings of an item on the item list and in the JSON API (the owner's rating of the borrower does not count). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder, loanRater } from "../../src/modules/orchards/commands/loanHandover.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, createTestUser } from "../helpers.js";

const place = { ags: "08236043", ars: "082365005043", name: "Neuenbürg" };
const checklist = { condition: "good" as const, note: "", accessoriesComplete: true, deposit: "yes" as const, depositReturnedCents: null };

test("issue 16: the item list and the JSON API show each item's borrower ratings (average, count), not the owner's rating of the borrower", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const ctx = systemContext(db);
  const ownerId = await createTestUser(db, { email: "olga@example.org", kind: "citizen" });
  const borrowers = [await createTestUser(db, { email: "paul@example.org", kind: "citizen" }), await createTestUser(db, { email: "eve@example.org", kind: "citizen" })];
  const mulcher = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Mulcher", description: "", municipality: place, depositCents: 0 } });
  const ladder = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Obstleiter", description: "", municipality: place, depositCents: 0 } });
  for (const [n, [borrowerId, stars]] of ([[borrowers[0]!, 4], [borrowers[1]!, 5]] as const).entries()) {
    const days = { from: addDays(today(), 5 + 3 * n), to: addDays(today(), 6 + 3 * n) };
    const id = ((await loanRequester(ctx, { itemId: mulcher.id, borrowerId, borrowerName: "x", days, note: "" })) as { id: string }).id;
    await loanDecider(ctx, { loanId: id, itemId: mulcher.id, days, decision: "confirm" });
    for (const step of ["pickup", "return"] as const) await loanHandoverRecorder(ctx, { loanId: id, step, checklist });
    assert.equal((await loanRater(ctx, { loanId: id, role: "borrower", raterId: borrowerId, stars, comment: "" })).kind, "rated");
    assert.equal((await loanRater(ctx, { loanId: id, role: "owner", raterId: ownerId, stars: 1, comment: "" })).kind, "rated");
  }

  const list = await app.inject({ method: "GET", url: "/streuobst/geraete" });
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Mulcher<\/a><\/h2><p class="kern-body">[^<]*<\/p><p class="kern-body">4,5 von 5 Sternen \(2 Bewertungen\)/);
  assert.match(list.body, /Obstleiter<\/a><\/h2><p class="kern-body">[^<]*<\/p><p class="kern-body">noch keine Bewertungen/);

  const api = (await app.inject({ method: "GET", url: "/api/v1/orchards/items" })).json() as { items: Array<{ id: string; rating: unknown }> };
  assert.deepEqual(api.items.map((i) => [i.id, i.rating]), [[mulcher.id, { count: 2, average: 4.5 }], [ladder.id, { count: 0, average: null }]]);
  const one = (await app.inject({ method: "GET", url: `/api/v1/orchards/items/${mulcher.id}/availability` })).json() as { item: { rating: unknown } };
  assert.deepEqual(one.item.rating, { count: 2, average: 4.5 });
});
