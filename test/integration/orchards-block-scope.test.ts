/**
 * Issue 16 moderation, third part: what a block refuses beyond posting (editing, withdrawing, hand-over,
 * saved searches, rating) and what the blocked person may still do (record a return, cancel a seat, delete
 * a search, appeal); appeals against warnings and their withdrawal by staff; staff change a block's end.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemContext } from "../../src/platform/commands.js";
import { addDays, berlinToUtc } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { alertDigestQueuer } from "../../src/modules/orchards/commands/alerts.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn } from "../helpers.js";

const NEUENBUERG = "08236043";
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const listingFields = { art: "meadow_lease", titel: "Streuobstwiese am Schlossberg zu verpachten", beschreibung: "30 Hochstämme am Hang.", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 90)) };
const checklist = { zustand: "good", notiz: "", zubehoer: "yes", kaution: "yes", betrag: "" };
const BLOCKED = /Ihr Konto ist für die Streuobstbörse gesperrt.*Beleidigungen/s;

async function actions(db: import("../../src/platform/db/index.js").Db, objectId: string) {
  return (await db.selectFrom("audit_log").select(["action", "details"]).where("object_id", "=", objectId).orderBy("id").execute());
}

test("issue 16: a block refuses editing, withdrawing, hand-overs, saving searches, digests and rating; a return, cancelling a seat and deleting a search still work", { timeout: 240_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { config } = app.deps;
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });

  // Before the block: paul lists, lends a mulcher to olga twice, saves a search and takes a round-table seat.
  const listingId = idFrom((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields)).headers.location);
  const paulId = (await db.selectFrom("orchard_listings").select("owner_id").where("id", "=", listingId).executeTakeFirstOrThrow()).owner_id!;
  const itemId = idFrom((await paul.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "Mulcher", beschreibung: "Benzin", gemeinde: NEUENBUERG, kaution: "50" })).headers.location);
  for (const offset of [3, 9]) {
    assert.equal((await olga.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(today(), offset)), bis: formatDay(addDays(today(), offset + 1)), notiz: "" })).statusCode, 303);
  }
  const [first, second] = (await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).orderBy("days").execute()).map((l) => `/streuobst/ausleihen/${l.id}`);
  for (const loan of [first!, second!]) assert.equal((await paul.submit("/streuobst/meine", loan, { entscheidung: "confirm" })).statusCode, 303);
  assert.equal((await paul.submit(first!, `${first}/abholung`, checklist)).statusCode, 303);
  assert.equal((await paul.submit("/streuobst", "/streuobst/suchauftraege", { art: "fruit", gemeinde: "", q: "" })).statusCode, 303);
  const searchId = (await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", paulId).executeTakeFirstOrThrow()).id;
  const event = await staff.submit("/verwaltung/streuobst/runder-tisch/neu", "/verwaltung/streuobst/runder-tisch/neu", { titel: "Runder Tisch Streuobst", datum: formatDay(addDays(today(), 20)), beginn: "18:00", ende: "20:00", ort: "Rathaus Neuenbürg", plaetze: "10", beschreibung: "Austausch." });
  const eventId = idFrom(event.headers.location);
  assert.equal((await paul.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/anmelden`, {})).statusCode, 303);

  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Beleidigungen" })).statusCode, 303);

  // Refused with 403 and the reason, nothing written.
  const refused = [
    await paul.submit("/streuobst/meine", `/streuobst/anzeigen/${listingId}/bearbeiten`, { ...listingFields, titel: "Geänderter Titel der Anzeige" }),
    await paul.submit("/streuobst/meine", `/streuobst/anzeigen/${listingId}/zurueckziehen`, {}),
    await paul.submit(second!, `${second}/abholung`, checklist),
    await paul.submit("/streuobst", "/streuobst/suchauftraege", { art: "meadow_lease", gemeinde: "", q: "" }),
  ];
  for (const [i, r] of refused.entries()) {
    assert.equal(r.statusCode, 403, `write ${i}`);
    assert.match(r.body, BLOCKED, `write ${i}`);
  }
  const listing = await db.selectFrom("orchard_listings").select(["title", "status", "hidden_by_block"]).where("id", "=", listingId).executeTakeFirstOrThrow();
  assert.deepEqual(listing, { title: listingFields.titel, status: "hidden", hidden_by_block: true }, "withdrawing would erase what staff and an appeal look at");
  assert.deepEqual((await db.selectFrom("orchard_loans").select("status").where("item_id", "=", itemId).orderBy("days").execute()).map((l) => l.status), ["picked_up", "confirmed"]);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", paulId).execute()).length, 1);

  // No digest while blocked, although a matching listing appears; olga's alerts are unaffected.
  assert.equal((await olga.submit("/streuobst", "/streuobst/suchauftraege", { art: "fruit", gemeinde: "", q: "" })).statusCode, 303);
  await signedIn(app, db, { email: "peter@example.org", kind: "citizen" });
  const peterId = (await db.selectFrom("users").select("id").where("email", "=", "peter@example.org").executeTakeFirstOrThrow()).id;
  await listingCreator(systemContext(db), { ownerId: peterId, publisher: "Peter", input: { kind: "fruit", title: "Boskoop zum Selbstpflücken", description: "Hochstämme.", municipality: { ags: NEUENBUERG, ars: "082365005043", name: "Neuenbürg" }, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) } });
  assert.equal(await alertDigestQueuer(db, config), 1);
  assert.equal((await db.selectFrom("orchard_alert_digests").select("user_id").where("user_id", "=", paulId).execute()).length, 0);

  // Still allowed: the return of the item out (ends the loan, settles the deposit), cancelling the seat, deleting the search.
  assert.equal((await paul.submit(first!, `${first}/rueckgabe`, checklist)).statusCode, 303);
  assert.equal((await paul.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/abmelden`, {})).statusCode, 303);
  assert.deepEqual((await db.selectFrom("orchard_event_registrations").select("status").execute()).map((r) => r.status), ["cancelled"]);
  assert.equal((await paul.submit("/streuobst/suchauftraege", `/streuobst/suchauftraege/${searchId}/loeschen`, {})).statusCode, 303);

  // Rating under a block: the blocked lender is refused, the borrower rates.
  const rate = await paul.submit(first!, `${first}/bewertung`, { sterne: "1", kommentar: "" });
  assert.equal(rate.statusCode, 403);
  assert.match(rate.body, BLOCKED);
  assert.equal((await olga.submit(first!, `${first}/bewertung`, { sterne: "4", kommentar: "" })).statusCode, 303);
  assert.deepEqual((await db.selectFrom("orchard_ratings").select("rater_role").execute()).map((r) => r.rater_role), ["borrower"]);
});

test("issue 16: warnings can be appealed (withdrawn on success) and withdrawn by staff; staff change a block's end; all audited", { timeout: 240_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const olgaId = (await db.selectFrom("users").select("id").where("email", "=", "olga@example.org").executeTakeFirstOrThrow()).id;
  const paulId = (await db.selectFrom("users").select("id").where("email", "=", "paul@example.org").executeTakeFirstOrThrow()).id;

  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${olgaId}/verwarnen`, { "warn-": "Ton im Chat" })).statusCode, 303);
  const warning = (await db.selectFrom("orchard_sanctions").select("id").where("user_id", "=", olgaId).executeTakeFirstOrThrow()).id;
  const page = `/streuobst/verwarnungen/${warning}/widerspruch`;
  assert.match((await olga.get("/streuobst/meine")).body, new RegExp(`href="${page}"`));
  // Only the warned person has the page.
  assert.equal((await paul.get(page)).statusCode, 404);
  assert.equal((await staff.get(page)).statusCode, 404);
  assert.equal((await paul.submit("/streuobst/neu", page, { widerspruch: "Ich auch" })).statusCode, 404);

  const empty = await olga.submit(page, page, { widerspruch: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /id="widerspruch-error"/);
  assert.equal((await olga.submit(page, page, { widerspruch: "Das war ein Zitat, keine Beleidigung." })).statusCode, 303);
  const again = await olga.submit("/streuobst/meine", page, { widerspruch: "Nochmal" });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits Widerspruch eingelegt/);
  assert.equal((await db.selectFrom("orchard_appeals").select("id").execute()).length, 1);
  const appeal = (await db.selectFrom("orchard_appeals").select("id").executeTakeFirstOrThrow()).id;

  // Staff see it with the warning and the warning's own choices; withdrawing it on the appeal.
  const queue = await staff.get("/verwaltung/streuobst");
  assert.match(queue.body, /verwarnt am .*Ton im Chat/);
  assert.match(queue.body, /Verwarnung zurücknehmen/);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/widersprueche/${appeal}`, { [`entscheidung-${appeal}`]: "lift", [`antwort-${appeal}`]: "Sie haben recht." })).statusCode, 303);
  const mine = (await olga.get("/streuobst/meine")).body;
  assert.doesNotMatch(mine, /Ton im Chat/);
  assert.match(mine, /die Verwarnung ist zurückgenommen.*Sie haben recht\./s);
  assert.equal((await olga.get(page)).statusCode, 404);

  // Staff withdraw a second warning on their own; once; citizens cannot.
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${olgaId}/verwarnen`, { "warn-": "Werbung" })).statusCode, 303);
  const second = (await db.selectFrom("orchard_sanctions").select("id").where("user_id", "=", olgaId).where("reason", "=", "Werbung").executeTakeFirstOrThrow()).id;
  const withdraw = `/verwaltung/streuobst/verwarnungen/${second}/zuruecknehmen`;
  assert.equal((await olga.submit("/streuobst/meine", withdraw, {})).statusCode, 403);
  assert.match((await olga.get("/streuobst/meine")).body, /Werbung/);
  assert.equal((await staff.submit("/verwaltung/streuobst", withdraw, {})).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", withdraw, {})).statusCode, 404);
  assert.doesNotMatch((await olga.get("/streuobst/meine")).body, /Werbung/);
  const trail = (await actions(db, olgaId)).filter((a) => a.action.startsWith("orchards."));
  assert.deepEqual(trail.map((a) => a.action), ["orchards.user_warned", "orchards.appeal_filed", "orchards.warning_withdrawn", "orchards.appeal_decided", "orchards.user_warned", "orchards.warning_withdrawn"]);
  assert.deepEqual(trail.filter((a) => a.action === "orchards.warning_withdrawn").map((a) => (a.details as { cause: string }).cause), ["appeal", "staff"]);

  // A block's end: a past day at the field, then a new day, then none; audited with both ends.
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Beleidigungen", "block--bis": formatDay(addDays(today(), 3)) })).statusCode, 303);
  const end = `/verwaltung/streuobst/personen/${paulId}/sperrende`;
  const field = `ende-${paulId}-bis`;
  assert.match((await staff.get("/verwaltung/streuobst")).body, new RegExp(`name="${field}"[^>]*value="${formatDay(addDays(today(), 3)).replace(/\./g, "\\.")}"`));
  const past = await staff.submit("/verwaltung/streuobst", end, { [field]: formatDay(addDays(today(), -1)) });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, new RegExp(`id="${field}-error"`));
  assert.equal((await paul.submit("/streuobst/meine", end, { [field]: "" })).statusCode, 403);
  const later = addDays(today(), 30);
  assert.equal((await staff.submit("/verwaltung/streuobst", end, { [field]: formatDay(later) })).statusCode, 303);
  const stored = async () => (await db.selectFrom("orchard_sanctions").select("blocked_until").where("user_id", "=", paulId).where("kind", "=", "block").executeTakeFirstOrThrow()).blocked_until;
  assert.equal((await stored())?.toISOString(), berlinToUtc(addDays(later, 1), 0).toISOString());
  assert.match((await paul.get("/streuobst/meine")).body, new RegExp(`endet nach dem ${formatDay(later).replace(/\./g, "\\.")}`));
  assert.equal((await staff.submit("/verwaltung/streuobst", end, { [field]: "" })).statusCode, 303);
  assert.equal(await stored(), null);
  const changes = (await actions(db, paulId)).filter((a) => a.action === "orchards.block_end_changed").map((a) => { const d = a.details as { from: string | null; to: string | null }; return { from: d.from, to: d.to }; });
  assert.deepEqual(changes, [
    { from: berlinToUtc(addDays(today(), 4), 0).toISOString(), to: berlinToUtc(addDays(later, 1), 0).toISOString() },
    { from: berlinToUtc(addDays(later, 1), 0).toISOString(), to: null },
  ]);
  // Without a block there is no end to change.
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${olgaId}/sperrende`, { [`ende-${olgaId}-bis`]: "" })).statusCode, 404);
});
