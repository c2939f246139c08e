/** Issue 16: one overdue reminder (link-only, to borrower and owner) for a picked-up loan not returned after its last day. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder, loanReminderQueuer } from "../../src/modules/orchards/commands/loanHandover.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, createTestUser } from "../helpers.js";

const place = { ags: "08236043", ars: "082365005043", name: "Neuenbürg" };
const checklist = { condition: "good" as const, note: "", accessoriesComplete: true, deposit: "yes" as const, depositReturnedCents: null };

test("issue 16: a picked-up loan past its last day gets one overdue reminder to both parties (owner-less: the borrower); returned, not picked-up and running loans none", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const ctx = systemContext(db);
  const ownerId = await createTestUser(db, { email: "olga@example.org", kind: "citizen" });
  const borrowerId = await createTestUser(db, { email: "paul@example.org", kind: "citizen" });
  const last = addDays(today(), 20);
  const item = (name: string, owner: string | null) => itemCreator(ctx, { ownerId: owner, publisher: owner ? "olga" : "Landratsamt Enzkreis", input: { name, description: "", municipality: place, depositCents: 0 } });
  const lend = async (itemId: string, from: string, to: string, steps: Array<"pickup" | "return">) => {
    const r = await loanRequester(ctx, { itemId, borrowerId, borrowerName: "paul", days: { from, to }, note: "" });
    const id = (r as { id: string }).id;
    assert.equal((await loanDecider(ctx, { loanId: id, itemId, days: { from, to }, decision: "confirm" })).kind, "confirmed");
    for (const step of steps) assert.equal((await loanHandoverRecorder(ctx, { loanId: id, step, checklist })).kind, "recorded");
    return id;
  };
  const late = await lend((await item("Mulcher", ownerId)).id, addDays(last, -2), last, ["pickup"]);
  const press = await lend((await item("Mobile Presse", null)).id, addDays(last, -1), last, ["pickup"]);
  await lend((await item("Obstleiter", ownerId)).id, addDays(last, -2), last, ["pickup", "return"]);
  await lend((await item("Netz", ownerId)).id, addDays(last, -2), last, []);
  await lend((await item("Pflücker", ownerId)).id, addDays(last, -2), addDays(last, 5), ["pickup"]);

  // The job runs the day after the last day: late and press are overdue, the others are not.
  const now = new Date(`${addDays(last, 1)}T14:00:00Z`);
  assert.equal(await loanReminderQueuer(ctx, app.deps.config, { now }), 2);
  assert.deepEqual(await Promise.all([loanReminderQueuer(ctx, app.deps.config, { now }), loanReminderQueuer(ctx, app.deps.config, { now: new Date(`${addDays(last, 3)}T14:00:00Z`) })]), [0, 0]);
  const mails = await db.selectFrom("mail_queue").select(["kind", "ref", "recipient", "body"]).where("kind", "=", "orchards.loan_overdue_reminder").execute();
  assert.deepEqual(mails.map((m) => `${m.ref}→${m.recipient}`).sort(), [`orchards-loan-overdue:${late}→olga@example.org`, `orchards-loan-overdue:${late}→paul@example.org`, `orchards-loan-overdue:${press}→paul@example.org`].sort());
  for (const m of mails) {
    const body = m.body ?? "";
    assert.ok(body.includes(`${app.deps.config.publicUrl}/streuobst/ausleihen/${m.ref!.split(":")[1]}`));
    assert.ok(body.includes(formatDay(last)));
    assert.doesNotMatch(body, /olga|paul|Mulcher|Presse|@/i);
  }
});
