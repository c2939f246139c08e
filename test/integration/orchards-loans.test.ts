/** Issue 16, lending hand-over on the real PostgreSQL: check-lists and the loan's states, day-before reminders, ratings. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder, loanReminderQueuer } from "../../src/modules/orchards/commands/loanHandover.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, createTestUser, signedIn } from "../helpers.js";

const NEUENBUERG = "08236043";
const place = { ags: NEUENBUERG, ars: "082365005043", name: "Neuenbürg" };
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;

async function auditActions(db: import("../../src/platform/db/index.js").Db, objectId: string) {
  return (await db.selectFrom("audit_log").select("action").where("object_id", "=", objectId).orderBy("id").execute()).map((r) => r.action);
}

const checklist = (over: Record<string, string> = {}) => ({ zustand: "good", notiz: "Kette frisch geölt", zubehoer: "yes", kaution: "yes", betrag: "", ...over });

test("issue 16: a confirmed loan is picked up and returned with check-lists only the owner records; wrong states 409; ratings once each by the two parties", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const made = await owner.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "Mulcher mit Schlegelwerk", beschreibung: "Benzin, 60 cm", gemeinde: NEUENBUERG, kaution: "100" });
  assert.equal(made.statusCode, 303);
  const itemId = idFrom(made.headers.location);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const from = addDays(today(), 10);
  const to = addDays(from, 2);
  assert.equal((await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(from), bis: formatDay(to), notiz: "" })).statusCode, 303);
  const loanId = (await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).executeTakeFirstOrThrow()).id;
  const page = `/streuobst/ausleihen/${loanId}`;

  // Before confirmation nothing can be recorded (409); the owner confirms.
  assert.equal((await owner.submit(page, `${page}/abholung`, checklist())).statusCode, 409);
  assert.equal((await owner.submit("/streuobst/meine", page, { entscheidung: "confirm" })).statusCode, 303);

  // Both parties see the loan page; an outsider gets 404 for reading and recording.
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  assert.equal((await paul.get(page)).statusCode, 200);
  assert.equal((await eve.get(page)).statusCode, 404);
  const eveToken = /name="_csrf" value="([^"]+)"/.exec((await eve.get("/streuobst/meine")).body)![1]!;
  assert.equal((await eve.post(`${page}/abholung`, { _csrf: eveToken, ...checklist() })).statusCode, 404);
  // The borrower sees but does not record (403; no form on their page).
  assert.doesNotMatch((await paul.get(page)).body, /name="zustand"/);
  assert.equal((await paul.submit(page, `${page}/abholung`, checklist())).statusCode, 403);
  // Return before pick-up: wrong state.
  assert.equal((await owner.submit(page, `${page}/rueckgabe`, checklist())).statusCode, 409);
  // CSRF: without the token refused.
  assert.equal((await owner.post(`${page}/abholung`, checklist())).statusCode, 403);

  // Errors next to the fields with a summary; the note typed is kept.
  const bad = await owner.submit(page, `${page}/abholung`, checklist({ zustand: "", zubehoer: "vielleicht", kaution: "partly" }));
  assert.equal(bad.statusCode, 422);
  for (const f of ["zustand", "zubehoer", "kaution"]) assert.match(bad.body, new RegExp(`id="${f}-error"`), f);
  assert.match(bad.body, /href="#zustand"/);
  assert.match(bad.body, /Kette frisch geölt/);
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", loanId).executeTakeFirstOrThrow()).status, "confirmed");

  const picked = await owner.submit(page, `${page}/abholung`, checklist({ zustand: "used" }));
  assert.equal(picked.statusCode, 303);
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", loanId).executeTakeFirstOrThrow()).status, "picked_up");
  const paulView = (await paul.get(page)).body;
  assert.match(paulView, /mit Gebrauchsspuren/);
  assert.match(paulView, /Kette frisch geölt/);
  assert.match(paulView, /Kaution erhalten\?/);
  assert.doesNotMatch(paulView, /olga@example\.org/);
  // Twice: the second pick-up is a wrong state.
  assert.equal((await owner.submit(page, `${page}/abholung`, checklist())).statusCode, 409);
  // A picked-up item still holds its days.
  const clash = await eve.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(from), bis: formatDay(from), notiz: "" });
  assert.equal(clash.statusCode, 409);
  // Rating before the return: 409.
  assert.equal((await paul.submit(page, `${page}/bewertung`, { sterne: "5", kommentar: "" })).statusCode, 409);

  // Return: a partly returned deposit needs an amount below the deposit.
  const noAmount = await owner.submit(page, `${page}/rueckgabe`, checklist({ kaution: "partly", betrag: "" }));
  assert.equal(noAmount.statusCode, 422);
  assert.match(noAmount.body, /id="betrag-error"/);
  assert.equal((await owner.submit(page, `${page}/rueckgabe`, checklist({ kaution: "partly", betrag: "150" }))).statusCode, 422);
  const returned = await owner.submit(page, `${page}/rueckgabe`, checklist({ zustand: "damaged", notiz: "Schutzblech verbogen", zubehoer: "no", kaution: "partly", betrag: "60,50" }));
  assert.equal(returned.statusCode, 303);
  const row = await db.selectFrom("orchard_loans").select(["status", "return_checklist", "pickup_checklist"]).where("id", "=", loanId).executeTakeFirstOrThrow();
  assert.equal(row.status, "returned");
  assert.deepEqual(row.return_checklist, { condition: "damaged", note: "Schutzblech verbogen", accessoriesComplete: false, deposit: "partly", depositReturnedCents: 6050 });
  assert.equal(row.pickup_checklist?.deposit, "yes");
  assert.match((await paul.get(page)).body, /60,50/);
  assert.equal((await owner.submit(page, `${page}/rueckgabe`, checklist())).statusCode, 409);
  assert.deepEqual(await auditActions(db, loanId), ["orchards.loan_requested", "orchards.loan_confirmed", "orchards.loan_picked_up", "orchards.loan_returned"]);

  // Ratings: only the two parties, once each, 1–5 stars, comment ≤ 500.
  assert.equal((await eve.post(`${page}/bewertung`, { _csrf: eveToken, sterne: "1", kommentar: "" })).statusCode, 404);
  const badStars = await paul.submit(page, `${page}/bewertung`, { sterne: "6", kommentar: "x".repeat(501) });
  assert.equal(badStars.statusCode, 422);
  assert.match(badStars.body, /id="sterne-error"/);
  assert.match(badStars.body, /id="kommentar-error"/);
  assert.equal((await paul.submit(page, `${page}/bewertung`, { sterne: "5", kommentar: "Lief einwandfrei, gerne wieder" })).statusCode, 303);
  assert.equal((await paul.submit(page, `${page}/bewertung`, { sterne: "1", kommentar: "" })).statusCode, 409);
  assert.equal((await owner.submit(page, `${page}/bewertung`, { sterne: "4", kommentar: "" })).statusCode, 303);
  assert.equal((await owner.submit(page, `${page}/bewertung`, { sterne: "4", kommentar: "" })).statusCode, 409);
  const ratings = await db.selectFrom("orchard_ratings").select(["rater_role", "stars"]).where("loan_id", "=", loanId).orderBy("rater_role").execute();
  assert.deepEqual(ratings, [{ rater_role: "borrower", stars: 5 }, { rater_role: "owner", stars: 4 }]);
  assert.equal((await auditActions(db, loanId)).filter((a) => a === "orchards.loan_rated").length, 2);
  // Two racing ratings of one side: one wins.
  await db.deleteFrom("orchard_ratings").where("loan_id", "=", loanId).where("rater_role", "=", "owner").execute();
  const race = await Promise.all([1, 2, 3].map(() => owner.submit(page, `${page}/bewertung`, { sterne: "3", kommentar: "" })));
  assert.deepEqual(race.map((r) => r.statusCode).sort(), [303, 409, 409]);

  // The item page shows the borrowers' average, count and comment, and the owner's aggregate; no addresses.
  const itemPage = (await eve.get(`/streuobst/geraete/${itemId}`)).body;
  assert.match(itemPage, /Bewertungen von Ausleihenden<\/h2><p class="kern-body">5 von 5 Sternen \(1 Bewertung\)/);
  assert.match(itemPage, /olga \(5 von 5 Sternen \(1 Bewertung\)\)/);
  assert.match(itemPage, /Lief einwandfrei, gerne wieder/);
  assert.doesNotMatch(itemPage, /@example\.org/);
  // A listing by the borrower shows the rating they received beside their name.
  const posted = await paul.submit("/streuobst/neu", "/streuobst/neu", { art: "harvest_offered", titel: "Helfe bei der Apfelernte", beschreibung: "Samstags", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 30)), breite: "", laenge: "" });
  assert.equal(posted.statusCode, 303);
  assert.match((await eve.get(String(posted.headers.location).split("?")[0]!)).body, /paul \(3 von 5 Sternen \(1 Bewertung\)\)/);
});

test("issue 16: day-before pick-up and return reminders go to borrower and owner once, link-only", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const ctx = systemContext(db);
  const ownerId = await createTestUser(db, { email: "olga@example.org", kind: "citizen" });
  const borrowerId = await createTestUser(db, { email: "paul@example.org", kind: "citizen" });
  const day = addDays(today(), 20);
  const mulcher = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Mulcher", description: "", municipality: place, depositCents: 0 } });
  const ladder = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Obstleiter", description: "", municipality: place, depositCents: 0 } });
  const press = await itemCreator(ctx, { ownerId: null, publisher: "Landratsamt Enzkreis", input: { name: "Mobile Presse", description: "", municipality: place, depositCents: 0 } });
  const lend = async (itemId: string, from: string, to: string) => {
    const r = await loanRequester(ctx, { itemId, borrowerId, borrowerName: "paul", days: { from, to }, note: "" });
    assert.equal(r.kind, "requested");
    const id = (r as { id: string }).id;
    assert.equal((await loanDecider(ctx, { loanId: id, itemId, days: { from, to }, decision: "confirm" })).kind, "confirmed");
    return id;
  };
  const starts = await lend(mulcher.id, day, addDays(day, 2)); // picked up tomorrow
  const ends = await lend(ladder.id, addDays(day, -3), day); // returned tomorrow (already picked up)
  await loanHandoverRecorder(ctx, { loanId: ends, step: "pickup", checklist: { condition: "good", note: "", accessoriesComplete: true, deposit: "no", depositReturnedCents: null } });
  const county = await lend(press.id, day, day); // owner-less: only the borrower hears (both days)
  const other = await lend(mulcher.id, addDays(day, 5), addDays(day, 6)); // not due
  // A requested (unconfirmed) loan starting tomorrow gets nothing.
  await loanRequester(ctx, { itemId: ladder.id, borrowerId, borrowerName: "paul", days: { from: addDays(day, 1), to: addDays(day, 1) }, note: "" });

  const now = new Date(`${addDays(day, -1)}T14:00:00Z`);
  assert.equal(await loanReminderQueuer(ctx, app.deps.config, { now }), 4);
  // Run twice (and in parallel): nothing more.
  assert.deepEqual(await Promise.all([loanReminderQueuer(ctx, app.deps.config, { now }), loanReminderQueuer(ctx, app.deps.config, { now })]), [0, 0]);
  const mails = await db.selectFrom("mail_queue").select(["kind", "ref", "recipient", "subject", "body"]).where("kind", "like", "orchards.loan_%").orderBy("ref").orderBy("recipient").execute();
  const summary = mails.map((m) => `${m.ref}→${m.recipient}`).sort();
  assert.deepEqual(
    summary,
    [
      `orchards-loan-pickup:${county}→paul@example.org`,
      `orchards-loan-pickup:${starts}→olga@example.org`,
      `orchards-loan-pickup:${starts}→paul@example.org`,
      `orchards-loan-return:${county}→paul@example.org`,
      `orchards-loan-return:${ends}→olga@example.org`,
      `orchards-loan-return:${ends}→paul@example.org`,
    ].sort(),
  );
  for (const m of mails) {
    const body = m.body ?? "";
    const loan = m.ref!.split(":")[1]!;
    assert.ok(body.includes(`${app.deps.config.publicUrl}/streuobst/ausleihen/${loan}`), "link to the loan page");
    assert.ok(body.includes(formatDay(day)));
    // Link-only: no names, addresses or item names.
    assert.doesNotMatch(body, /olga|paul|Mulcher|Obstleiter|Presse|@/i);
  }
  const marks = await db.selectFrom("orchard_loans").select(["id", "pickup_reminded_at", "return_reminded_at"]).where("id", "in", [starts, ends, county, other]).execute();
  const byId = new Map(marks.map((m) => [m.id, m]));
  assert.ok(byId.get(starts)!.pickup_reminded_at && !byId.get(starts)!.return_reminded_at);
  assert.ok(byId.get(ends)!.return_reminded_at && !byId.get(ends)!.pickup_reminded_at);
  assert.ok(!byId.get(other)!.pickup_reminded_at && !byId.get(other)!.return_reminded_at);
  // The database keeps picked-up days exclusive too.
  await assert.rejects(
    db.insertInto("orchard_loans").values({ item_id: ladder.id, borrower_id: borrowerId, borrower_name: "paul", days: sql<string>`daterange(${day}::date, ${day}::date, '[]')`, status: "confirmed", decided_at: new Date() }).execute(),
    (err: { code?: string }) => err.code === "23P01",
  );
});
