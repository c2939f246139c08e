/**
 * Issue 16 (migration 0075): a disputed check-list reaches the staff queue with a link-only mail and is resolved
 * with a note both parties see; overdue reminders repeat every N days and escalate to staff after K; ratings are
 * edited by their author (30 days), answered once by the rated person, reported by anyone signed in and hidden by staff.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemContext } from "../../src/platform/commands.js";
import type { Db } from "../../src/platform/db/index.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { loanHandoverRecorder, loanRater, loanReminderQueuer } from "../../src/modules/orchards/commands/loanHandover.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn } from "../helpers.js";

const place = { ags: "08236043", ars: "082365005043", name: "Neuenbürg" };
const checklist = { condition: "used" as const, note: "Kratzer am Griff", accessoriesComplete: true, deposit: "yes" as const, depositReturnedCents: null };
const STAFF_MAIL = "streuobst@kreisportal.example";

const idOf = async (db: Db, email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;

async function lend(db: Db, ownerId: string, borrowerId: string, steps: Array<"pickup" | "return">, from = addDays(today(), 5), to = addDays(today(), 6)) {
  const ctx = systemContext(db);
  const item = await itemCreator(ctx, { ownerId, publisher: "olga", input: { name: "Mulcher", description: "", municipality: place, depositCents: 10000 } });
  const id = ((await loanRequester(ctx, { itemId: item.id, borrowerId, borrowerName: "paul", days: { from, to }, note: "" })) as { id: string }).id;
  assert.equal((await loanDecider(ctx, { loanId: id, itemId: item.id, days: { from, to }, decision: "confirm" })).kind, "confirmed");
  for (const step of steps) assert.equal((await loanHandoverRecorder(ctx, { loanId: id, step, checklist })).kind, "recorded");
  return { loanId: id, itemId: item.id };
}

test("issue 16: a disputed check-list reaches the staff queue with a link-only mail; staff resolve it with a note both parties see", { timeout: 180_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const { loanId } = await lend(db, await idOf(db, "olga@example.org"), await idOf(db, "paul@example.org"), ["pickup"]);
  const page = `/streuobst/ausleihen/${loanId}`;

  assert.match((await staff.get("/verwaltung/streuobst")).body, /Strittige Übergaben.*Keine offenen Streitfälle/s);
  assert.equal((await paul.submit(page, `${page}/antwort/abholung`, { "antwort-pickup": "disputed", "einwand-pickup": "Der Kratzer war <b>vorher</b> da." })).statusCode, 303);
  assert.match((await paul.get(page)).body, /Der Widerspruch liegt der Moderation vor/);

  // One link-only mail to the exchange's staff address: the queue's link, no names, item or texts.
  const mails = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "orchards.checklist_disputed").execute();
  assert.equal(mails.length, 1);
  assert.equal(mails[0]!.recipient, STAFF_MAIL);
  assert.ok(mails[0]!.body!.includes(`${app.deps.config.publicUrl}/verwaltung/streuobst#strittig`));
  assert.doesNotMatch(`${mails[0]!.subject} ${mails[0]!.body}`, /olga|paul|Mulcher|Kratzer|@/);

  // The queue: loan, item, both display names, the check-list entries and the dispute (escaped).
  const queue = (await staff.get("/verwaltung/streuobst")).body;
  assert.match(queue, /id="strittig"/);
  const entry = queue.slice(queue.indexOf('id="strittig"'));
  assert.match(entry, /Check-Liste bei der Abholung: „Mulcher“/);
  assert.match(entry, /Verleihende Person: olga · Ausleihende Person: paul/);
  assert.match(entry, /mit Gebrauchsspuren/);
  assert.match(entry, /Kratzer am Griff/);
  assert.match(entry, /Der Kratzer war &lt;b>vorher&lt;\/b> da\./);

  // Only staff decide; a deposit decision and a reason are required (errors at the fields, input kept); a split
  // needs an amount between 0 and the deposit; once.
  const action = `/verwaltung/streuobst/streitfaelle/${loanId}/pickup/klaeren`;
  const [field, deposit, amount] = [`klaerung-${loanId}-pickup`, `kaution-${loanId}-pickup`, `betrag-${loanId}-pickup`];
  assert.equal((await olga.submit("/streuobst/meine", action, { [field]: "Erledigt", [deposit]: "returned" })).statusCode, 403);
  const empty = await staff.submit("/verwaltung/streuobst", action, { [field]: "  " });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, new RegExp(`id="${field}-error"`));
  assert.match(empty.body, new RegExp(`id="${deposit}-error"`));
  assert.match(empty.body, /Was geschieht mit der Kaution von 100,00/);
  for (const bad of ["", "0", "100", "150", "abc"]) {
    const r = await staff.submit("/verwaltung/streuobst", action, { [field]: "Teilung", [deposit]: "split", [amount]: bad });
    assert.equal(r.statusCode, 422, `amount ${bad}`);
    assert.match(r.body, new RegExp(`id="${amount}-error"`));
    assert.match(r.body, /Teilung<\/textarea>/, "the reason is kept");
  }
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/streitfaelle/${loanId}/return/klaeren`, { [`klaerung-${loanId}-return`]: "x", [`kaution-${loanId}-return`]: "kept" })).statusCode, 404, "no dispute on the return");
  assert.equal((await staff.submit("/verwaltung/streuobst", action, { [field]: "Der Kratzer war <i>teils</i> vorher da.", [deposit]: "split", [amount]: "40,50" })).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", action, { [field]: "noch einmal", [deposit]: "kept" })).statusCode, 404);
  const stored = await db.selectFrom("orchard_checklist_answers").select(["deposit_decision", "deposit_returned_cents"]).where("loan_id", "=", loanId).executeTakeFirstOrThrow();
  assert.deepEqual(stored, { deposit_decision: "split", deposit_returned_cents: 4050 });
  for (const viewer of [olga, paul]) {
    const body = (await viewer.get(page)).body;
    assert.match(body, /Von der Moderation geklärt am [0-9.]+: Der Kratzer war &lt;i>teils&lt;\/i> vorher da\./);
    assert.match(body, /Entscheidung zur Kaution: 40,50\s€ zurück an die ausleihende Person, 59,50\s€ behält die verleihende Person\./);
  }
  assert.match((await staff.get("/verwaltung/streuobst")).body, /Strittige Übergaben.*Keine offenen Streitfälle/s);

  // Both parties get a link-only mail over real SMTP: the loan page, no names, no reason, no amounts.
  for (const to of ["olga@example.org", "paul@example.org"]) {
    const m = await mail.waitFor(to, (x) => /Entscheidung zu Ihrem Streitfall/.test(x.subject));
    assert.ok(m.text.includes(`${app.deps.config.publicUrl}${page}`), m.text);
    assert.doesNotMatch(m.text, /olga|paul|Kratzer|40,50|Mulcher/);
  }
  assert.equal(mail.mails.filter((m) => /Streitfall/.test(m.subject)).length, 2);

  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("object_id", "=", loanId).where("action", "in", ["orchards.checklist_answered", "orchards.dispute_resolved"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["orchards.checklist_answered", "orchards.dispute_resolved"]);
  assert.deepEqual(audit[1]!.details, { stage: "pickup", deposit: "split", returnedCents: 4050 });
  assert.doesNotMatch(JSON.stringify(audit), /Kratzer/);
});

test("issue 16: the deposit decision is kept by the database: a split needs its amount, a decision needs a resolution", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await signedIn(app, db, { email: "o@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "b@example.org", kind: "citizen" });
  const [owner, borrower] = [await idOf(db, "o@example.org"), await idOf(db, "b@example.org")];
  const { loanId } = await lend(db, owner, borrower, ["pickup"]);
  await db.insertInto("orchard_checklist_answers").values({ loan_id: loanId, stage: "pickup", verdict: "disputed", note: "x", answered_by: borrower }).execute();
  const base = { resolved_at: new Date(), resolution_note: "Grund" };
  await assert.rejects(db.updateTable("orchard_checklist_answers").set({ ...base, deposit_decision: "split" }).where("loan_id", "=", loanId).execute(), /deposit_decision/);
  await assert.rejects(db.updateTable("orchard_checklist_answers").set({ ...base, deposit_decision: "kept", deposit_returned_cents: 100 }).where("loan_id", "=", loanId).execute(), /deposit_decision/);
  await assert.rejects(db.updateTable("orchard_checklist_answers").set({ deposit_decision: "kept" }).where("loan_id", "=", loanId).execute(), /deposit_decision/);
  await db.updateTable("orchard_checklist_answers").set({ ...base, deposit_decision: "split", deposit_returned_cents: 100 }).where("loan_id", "=", loanId).execute();
});

test("issue 16: overdue reminders repeat every N days, after K the loan is escalated to staff once (link-only); a second run the same day sends nothing", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const ctx = systemContext(db);
  const config = { ...app.deps.config, orchards: { staffEmail: STAFF_MAIL, overdueRepeatDays: 2, overdueEscalateAfter: 2 } };
  const last = addDays(today(), 20);
  const { loanId } = await lend(db, await idOf(db, "olga@example.org"), await idOf(db, "paul@example.org"), ["pickup"], addDays(last, -1), last);
  const run = (day: number) => loanReminderQueuer(ctx, config, { now: new Date(`${addDays(last, day)}T14:00:00Z`) });
  const count = async (kind: string) => Number((await db.selectFrom("mail_queue").select((eb) => eb.fn.countAll<string>().as("n")).where("kind", "=", kind).executeTakeFirstOrThrow()).n);

  assert.equal(await run(1), 1, "first reminder the day after the last day");
  assert.deepEqual(await Promise.all([run(1), run(1)]), [0, 0], "same day: nothing twice");
  assert.equal(await run(2), 0, "not yet N days later");
  assert.equal(await run(3), 1, "second reminder N days later");
  assert.deepEqual([await run(3), await run(4)], [0, 0]);
  assert.equal(await count("orchards.loan_overdue_reminder"), 4, "two reminders to borrower and owner");
  assert.equal(await count("orchards.loan_overdue_escalated"), 0);
  assert.doesNotMatch((await staff.get("/verwaltung/streuobst")).body, /Mulcher/);

  // K reminders without a return: escalated once, N days after the last reminder; no further reminders.
  assert.deepEqual(await Promise.all([run(5), run(5)]).then((r) => r.sort()), [0, 1]);
  assert.deepEqual([await run(5), await run(7), await run(30)], [0, 0, 0]);
  assert.equal(await count("orchards.loan_overdue_reminder"), 4);
  const staffMails = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "orchards.loan_overdue_escalated").execute();
  assert.equal(staffMails.length, 1);
  assert.equal(staffMails[0]!.recipient, STAFF_MAIL);
  assert.ok(staffMails[0]!.body!.includes(`${app.deps.config.publicUrl}/verwaltung/streuobst#ueberfaellig`));
  assert.doesNotMatch(`${staffMails[0]!.subject} ${staffMails[0]!.body}`, /olga|paul|Mulcher|@/);
  const row = await db.selectFrom("orchard_loans").select(["overdue_reminders", "overdue_escalated_at"]).where("id", "=", loanId).executeTakeFirstOrThrow();
  assert.equal(row.overdue_reminders, 2);
  assert.ok(row.overdue_escalated_at);

  const queue = (await staff.get("/verwaltung/streuobst")).body;
  const part = queue.slice(queue.indexOf('id="ueberfaellig"'));
  assert.match(part, /„Mulcher“, letzter Tag [0-9.]+: 2 Erinnerungen ohne Rückgabe/);
  assert.match(part, /Verleihende Person: olga · Ausleihende Person: paul/);
  // The return takes it off the list.
  assert.equal((await loanHandoverRecorder(ctx, { loanId, step: "return", checklist })).kind, "recorded");
  assert.match((await staff.get("/verwaltung/streuobst")).body, /Überfällige Rückgaben<\/h2><p class="kern-body">Keine überfälligen Rückgaben/);
});

test("issue 16: the author edits a rating within 30 days, the rated person answers once, anyone signed in reports it, staff hide it; others 403/404", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const paulId = await idOf(db, "paul@example.org");
  const { loanId, itemId } = await lend(db, await idOf(db, "olga@example.org"), paulId, ["pickup", "return"]);
  assert.equal((await loanRater(systemContext(db), { loanId, role: "borrower", raterId: paulId, stars: 2, comment: "Stumpf" })).kind, "rated");
  const ratingId = (await db.selectFrom("orchard_ratings").select("id").executeTakeFirstOrThrow()).id;
  const page = `/streuobst/ausleihen/${loanId}`;
  const edit = `/streuobst/bewertungen/${ratingId}/aendern`;
  const answer = `/streuobst/bewertungen/${ratingId}/antwort`;
  const report = `/streuobst/bewertungen/${ratingId}/melden`;

  // The author sees the edit form (prefilled), the rated person the answer form and the report link.
  const paulsPage = (await paul.get(page)).body;
  assert.match(paulsPage, new RegExp(`action="${edit}"`));
  assert.doesNotMatch(paulsPage, new RegExp(`action="${answer}"|href="${report}"`));
  const olgasPage = (await olga.get(page)).body;
  assert.match(olgasPage, new RegExp(`action="${answer}"`));
  assert.match(olgasPage, new RegExp(`href="${report}"`));
  assert.doesNotMatch(olgasPage, new RegExp(`action="${edit}"`));

  // Authorization: the other party 403, outsiders 404 (edit and answer).
  assert.equal((await olga.submit(page, edit, { sterne: "5", kommentar: "" })).statusCode, 403);
  assert.equal((await eve.submit("/streuobst/meine", edit, { sterne: "5", kommentar: "" })).statusCode, 404);
  assert.equal((await paul.submit(page, answer, { [`erwiderung-${ratingId}`]: "selbst" })).statusCode, 403);
  assert.equal((await eve.submit("/streuobst/meine", answer, { [`erwiderung-${ratingId}`]: "fremd" })).statusCode, 404);
  assert.equal((await db.selectFrom("orchard_ratings").select(["stars", "reply"]).executeTakeFirstOrThrow()).stars, 2);

  // Edit: errors at the field, then stored with the date of the change.
  const bad = await paul.submit(page, edit, { sterne: "9", kommentar: "Doch gut" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /id="sterne-error"/);
  assert.match(bad.body, /Doch gut/, "the typed comment is kept");
  assert.equal((await paul.submit(page, edit, { sterne: "4", kommentar: "Doch gut, nur <i>etwas</i> stumpf" })).statusCode, 303);
  const edited = await db.selectFrom("orchard_ratings").select(["stars", "comment", "edited_at"]).executeTakeFirstOrThrow();
  assert.equal(edited.stars, 4);
  assert.ok(edited.edited_at);
  assert.match((await olga.get(page)).body, /4 von 5 Sternen \(geändert am [0-9.]+\)/);

  // Answer: required, once, shown (escaped) on the loan and the item page.
  const field = `erwiderung-${ratingId}`;
  const emptyAnswer = await olga.submit(page, answer, { [field]: "" });
  assert.equal(emptyAnswer.statusCode, 422);
  assert.match(emptyAnswer.body, new RegExp(`id="${field}-error"`));
  assert.equal((await olga.submit(page, answer, { [field]: "Danke, ich <b>schärfe</b> nach." })).statusCode, 303);
  const olgaToken = /name="_csrf" value="([^"]+)"/.exec((await olga.get("/streuobst/meine")).body)![1]!;
  assert.equal((await olga.post(answer, { _csrf: olgaToken, [field]: "noch mal" })).statusCode, 409);
  const itemPage = (await eve.get(`/streuobst/geraete/${itemId}`)).body;
  assert.match(itemPage, /Doch gut, nur &lt;i>etwas&lt;\/i> stumpf/);
  assert.match(itemPage, /Antwort der bewerteten Person: Danke, ich &lt;b>schärfe&lt;\/b> nach\./);
  assert.match(itemPage, new RegExp(`href="${report}"`));

  // After 30 days the author can no longer edit (no form, 409).
  await db.updateTable("orchard_ratings").set({ created_at: new Date(Date.now() - 31 * 86_400_000) }).execute();
  assert.doesNotMatch((await paul.get(page)).body, new RegExp(`action="${edit}"`));
  const token = /name="_csrf" value="([^"]+)"/.exec((await paul.get("/streuobst/meine")).body)![1]!;
  assert.equal((await paul.post(edit, { _csrf: token, sterne: "1", kommentar: "" })).statusCode, 409);

  // Report: anyone signed in, not the author, a reason, once.
  assert.equal((await eve.get(report)).statusCode, 200);
  assert.equal((await paul.submit(page, report, { grund: "eigene" })).statusCode, 403);
  assert.equal((await eve.submit(report, report, { grund: "" })).statusCode, 422);
  assert.equal((await eve.submit(report, report, { grund: "Beleidigend" })).statusCode, 303);
  assert.equal((await eve.submit(report, report, { grund: "Beleidigend" })).statusCode, 409);
  assert.equal((await db.selectFrom("orchard_reports").select("id").where("rating_id", "=", ratingId).execute()).length, 1);
  // Exactly one object per report stays enforced.
  await assert.rejects(db.insertInto("orchard_reports").values({ listing_id: null, message_id: null, target_user_id: paulId, rating_id: ratingId, reporter_id: null, reason: "x", resolved_at: null, resolved_by: null, resolution: null }).execute(), /orchard_reports_one_object/);

  // Staff see it and hide it; citizens cannot. Hidden: gone from the item page and the averages, edit/answer/report 404.
  const queue = (await staff.get("/verwaltung/streuobst")).body;
  assert.match(queue.slice(queue.indexOf('id="bewertungen"')), /Bewertung von paul zu „Mulcher“: 4 von 5 Sternen.*Beleidigend/s);
  assert.equal((await eve.submit("/streuobst/meine", `/verwaltung/streuobst/bewertungen/${ratingId}/ausblenden`, {})).statusCode, 403);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/bewertungen/${ratingId}/ausblenden`, {})).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/bewertungen/${ratingId}/ausblenden`, {})).statusCode, 404);
  assert.deepEqual(await db.selectFrom("orchard_reports").select("resolution").where("rating_id", "=", ratingId).execute(), [{ resolution: "rating_hidden" }]);
  const after = (await eve.get(`/streuobst/geraete/${itemId}`)).body;
  assert.doesNotMatch(after, /Doch gut/);
  assert.match(after, /noch keine Bewertungen/);
  assert.match((await paul.get(page)).body, /Diese Bewertung wurde von der Moderation ausgeblendet/);
  assert.equal((await eve.get(report)).statusCode, 404);
  const audit = await db.selectFrom("audit_log").select("action").where("action", "in", ["orchards.rating_edited", "orchards.rating_replied", "orchards.object_reported", "orchards.rating_hidden"]).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["orchards.rating_edited", "orchards.rating_replied", "orchards.object_reported", "orchards.rating_hidden"]);
});

test("issue 16: staff act on an escalated overdue loan: note a contact, close it as returned or as lost (audited, note for staff only, link-only mail to both parties on closing)", { timeout: 180_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const [owner, borrower] = [await idOf(db, "olga@example.org"), await idOf(db, "paul@example.org")];
  const back = await lend(db, owner, borrower, ["pickup"]);
  const lost = await lend(db, owner, borrower, ["pickup"]);
  const notEscalated = await lend(db, owner, borrower, ["pickup"]);
  // Escalation itself is tested above; here the loans are put into that state directly.
  await db.updateTable("orchard_loans").set({ overdue_escalated_at: new Date(), overdue_reminders: 3 }).where("id", "in", [back.loanId, lost.loanId]).execute();
  const act = (id: string) => `/verwaltung/streuobst/ueberfaellig/${id}`;
  const fields = (id: string, action: string, note: string) => ({ [`massnahme-${id}`]: action, [`vermerk-${id}`]: note });

  assert.equal((await olga.submit("/streuobst/meine", act(back.loanId), fields(back.loanId, "returned", "x"))).statusCode, 403);
  const bad = await staff.submit("/verwaltung/streuobst", act(back.loanId), fields(back.loanId, "", " "));
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, new RegExp(`id="massnahme-${back.loanId}-error"`));
  assert.match(bad.body, new RegExp(`id="vermerk-${back.loanId}-error"`));
  assert.equal((await staff.submit("/verwaltung/streuobst", act(notEscalated.loanId), fields(notEscalated.loanId, "lost", "x"))).statusCode, 404, "not escalated");

  // A contact is noted; the loan stays in the queue with the note.
  assert.equal((await staff.submit("/verwaltung/streuobst", act(back.loanId), fields(back.loanId, "contacted", "Paul angerufen, bringt es <b>morgen</b>"))).statusCode, 303);
  let queue = (await staff.get("/verwaltung/streuobst")).body;
  queue = queue.slice(queue.indexOf('id="ueberfaellig"'));
  assert.match(queue, /Kontakt aufgenommen am [0-9.]+: Paul angerufen, bringt es &lt;b>morgen&lt;\/b>/);
  assert.ok(queue.includes(act(back.loanId)) && queue.includes(act(lost.loanId)));
  const closedMails = () => db.selectFrom("mail_queue").select(["recipient", "ref"]).where("kind", "=", "orchards.overdue_loan_closed").orderBy("id").execute();
  assert.deepEqual(await closedMails(), [], "a contact sends no mail");

  // Closed as returned: the loan counts as returned (rating possible), leaves the queue; a second close 404.
  assert.equal((await staff.submit("/verwaltung/streuobst", act(back.loanId), fields(back.loanId, "returned", "Gerät liegt wieder bei Olga"))).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", act(back.loanId), fields(back.loanId, "lost", "x"))).statusCode, 404);
  const row = await db.selectFrom("orchard_loans").select(["status", "returned_at", "overdue_outcome", "return_checklist"]).where("id", "=", back.loanId).executeTakeFirstOrThrow();
  assert.equal(row.status, "returned");
  assert.ok(row.returned_at);
  assert.equal(row.overdue_outcome, "returned");
  assert.equal(row.return_checklist, null);
  const loanPage = (await paul.get(`/streuobst/ausleihen/${back.loanId}`)).body;
  assert.match(loanPage, /Von der Moderation als zurückgegeben abgeschlossen am [0-9.]+\./);
  assert.doesNotMatch(loanPage, /Gerät liegt wieder|angerufen/, "the note is for staff only");
  // Both parties get a link-only mail over real SMTP: the loan page, no names, item or note.
  for (const to of ["olga@example.org", "paul@example.org"]) {
    const m = await mail.waitFor(to, (x) => /überfällige Ausleihe abgeschlossen/.test(x.subject) && x.text.includes(back.loanId));
    assert.ok(m.text.includes(`${app.deps.config.publicUrl}/streuobst/ausleihen/${back.loanId}`), m.text);
    assert.doesNotMatch(`${m.subject} ${m.text}`, /olga|paul|Mulcher|Gerät liegt|angerufen/i);
  }

  // Closed as lost: leaves the queue, the parties see it.
  assert.equal((await staff.submit("/verwaltung/streuobst", act(lost.loanId), fields(lost.loanId, "lost", "Nicht erreichbar"))).statusCode, 303);
  assert.match((await olga.get(`/streuobst/ausleihen/${lost.loanId}`)).body, /Von der Moderation als verloren abgeschlossen am [0-9.]+\./);
  for (const to of ["olga@example.org", "paul@example.org"]) {
    const m = await mail.waitFor(to, (x) => /überfällige Ausleihe abgeschlossen/.test(x.subject) && x.text.includes(lost.loanId));
    assert.doesNotMatch(m.text, /Nicht erreichbar|Mulcher/);
  }
  // Exactly one mail per party and closing, none for the contact or the refused second close.
  assert.deepEqual((await closedMails()).map((m) => [m.recipient, m.ref]), [
    ["paul@example.org", `orchards-overdue-closed:${back.loanId}:borrower`],
    ["olga@example.org", `orchards-overdue-closed:${back.loanId}:owner`],
    ["paul@example.org", `orchards-overdue-closed:${lost.loanId}:borrower`],
    ["olga@example.org", `orchards-overdue-closed:${lost.loanId}:owner`],
  ]);
  assert.equal(mail.mails.filter((m) => /überfällige Ausleihe abgeschlossen/.test(m.subject)).length, 4);
  assert.match((await staff.get("/verwaltung/streuobst")).body, /Überfällige Rückgaben<\/h2><p class="kern-body">Keine überfälligen Rückgaben/);

  const audit = await db.selectFrom("audit_log").select(["object_id", "details"]).where("action", "=", "orchards.overdue_loan_handled").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => [a.object_id, (a.details as { action: string }).action]), [[back.loanId, "contacted"], [back.loanId, "returned"], [lost.loanId, "lost"]]);
  assert.doesNotMatch(JSON.stringify(audit), /Paul angerufen|Gerät liegt|Nicht erreichbar/);
});
