/** Issue 16 moderation, second part: a block also stops loan decisions and round-table sign-ups; time-limited blocks; appeals. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { systemContext } from "../../src/platform/commands.js";
import { addDays, berlinToUtc } from "../../src/platform/time/berlin.js";
import { expiredBlockLifter } from "../../src/modules/orchards/commands/sanctions.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn } from "../helpers.js";

const NEUENBUERG = "08236043";
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const itemFields = { name: "Mulcher", beschreibung: "Benzin, 60 cm", gemeinde: NEUENBUERG, kaution: "50" };
const listingFields = (over: Record<string, string> = {}) => ({ art: "meadow_lease", titel: "Streuobstwiese am Schlossberg zu verpachten", beschreibung: "30 Hochstämme am Hang.", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 90)), ...over });
const BLOCKED = /Ihr Konto ist für die Streuobstbörse gesperrt.*Beleidigungen/s;

test("issue 16: a blocked owner cannot confirm or decline loan requests and a blocked person cannot sign up for the round table (403 with the reason)", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const itemId = idFrom((await paul.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", itemFields)).headers.location);
  for (const offset of [5, 12]) {
    const r = await olga.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(today(), offset)), bis: formatDay(addDays(today(), offset + 1)), notiz: "" });
    assert.equal(r.statusCode, 303);
  }
  const loans = await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).orderBy("days").execute();
  const day = addDays(today(), 10);
  const created = await staff.submit("/verwaltung/streuobst/runder-tisch/neu", "/verwaltung/streuobst/runder-tisch/neu", { titel: "Runder Tisch Streuobst Neuenbürg", datum: formatDay(day), beginn: "18:00", ende: "20:00", ort: "Rathaus Neuenbürg", plaetze: "10", beschreibung: "Austausch." });
  assert.equal(created.statusCode, 303);
  const eventId = idFrom(created.headers.location);
  const paulId = (await db.selectFrom("orchard_items").select("owner_id").where("id", "=", itemId).executeTakeFirstOrThrow()).owner_id!;
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Beleidigungen" })).statusCode, 303);

  for (const [loan, decision] of [[loans[0]!.id, "confirm"], [loans[1]!.id, "decline"]] as const) {
    const r = await paul.submit("/streuobst/meine", `/streuobst/ausleihen/${loan}`, { entscheidung: decision });
    assert.equal(r.statusCode, 403, decision);
    assert.match(r.body, BLOCKED, decision);
  }
  assert.deepEqual((await db.selectFrom("orchard_loans").select("status").where("item_id", "=", itemId).execute()).map((l) => l.status), ["requested", "requested"]);
  const signUp = await paul.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/anmelden`, {});
  assert.equal(signUp.statusCode, 403);
  assert.match(signUp.body, BLOCKED);
  assert.equal((await db.selectFrom("orchard_event_registrations").select("id").execute()).length, 0);
  // Others are not affected.
  assert.equal((await olga.submit(`/streuobst/runder-tisch/${eventId}`, `/streuobst/runder-tisch/${eventId}/anmelden`, {})).statusCode, 303);
});

test("issue 16: a block until a date is refused for a past date, ends by itself (writes at once, listings back with the job) and a new block can follow", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const listingId = idFrom((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields())).headers.location);
  const paulId = (await db.selectFrom("orchard_listings").select("owner_id").where("id", "=", listingId).executeTakeFirstOrThrow()).owner_id!;
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  assert.equal((await olga.submit(`/streuobst/personen/${paulId}/melden`, `/streuobst/personen/${paulId}/melden`, { grund: "Beleidigt mich" })).statusCode, 303);
  const z = (await db.selectFrom("orchard_reports").select("id").executeTakeFirstOrThrow()).id;
  const blockUrl = `/verwaltung/streuobst/personen/${paulId}/sperren?meldung=${z}`;

  // The end date must be today or later; the error is at the field and the reason is kept.
  const past = await staff.submit("/verwaltung/streuobst", blockUrl, { [`block-${z}`]: "Beleidigungen", [`block-${z}-bis`]: formatDay(addDays(today(), -1)) });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, new RegExp(`id="block-${z}-bis-error"`));
  assert.match(past.body, />Beleidigungen</);
  const last = addDays(today(), 6);
  assert.equal((await staff.submit("/verwaltung/streuobst", blockUrl, { [`block-${z}`]: "Beleidigungen", [`block-${z}-bis`]: formatDay(last) })).statusCode, 303);
  const block = await db.selectFrom("orchard_sanctions").select(["id", "blocked_until"]).where("user_id", "=", paulId).executeTakeFirstOrThrow();
  assert.equal(block.blocked_until?.toISOString(), berlinToUtc(addDays(last, 1), 0).toISOString());
  assert.match((await paul.get("/streuobst/meine")).body, new RegExp(`Die Sperre endet nach dem ${formatDay(last).replace(/\./g, "\\.")}`));
  assert.match((await staff.get("/verwaltung/streuobst")).body, /Die Sperre endet nach dem/);
  assert.equal((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Während der Sperre" }))).statusCode, 403);
  // The job before the end lifts nothing.
  assert.equal(await expiredBlockLifter(systemContext(db)), 0);

  // The end passes (moved into the past): writes work at once (read-time check), the listing is back after the job.
  await sql`UPDATE orchard_sanctions SET created_at = now() - interval '8 days', blocked_until = now() - interval '1 minute' WHERE id = ${block.id}`.execute(db);
  assert.equal((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Nach der Sperre" }))).statusCode, 303);
  assert.doesNotMatch((await paul.get("/streuobst/meine")).body, /gesperrt: Beleidigungen/);
  assert.equal((await app.inject({ url: `/streuobst/anzeigen/${listingId}` })).statusCode, 404);
  assert.equal(await expiredBlockLifter(systemContext(db)), 1);
  assert.equal(await expiredBlockLifter(systemContext(db)), 0);
  assert.equal((await app.inject({ url: `/streuobst/anzeigen/${listingId}` })).statusCode, 200);
  const lifted = await db.selectFrom("audit_log").select("details").where("object_id", "=", paulId).where("action", "=", "orchards.user_unblocked").executeTakeFirstOrThrow();
  assert.equal((lifted.details as { cause: string }).cause, "expired");

  // An expired block that the job has not lifted yet does not stand in the way of a new block.
  const second = await db.selectFrom("orchard_sanctions").select("id").where("user_id", "=", paulId).execute();
  assert.equal(second.length, 1);
  assert.equal((await staff.submit("/verwaltung/streuobst", blockUrl, { [`block-${z}`]: "Erste Sperre", [`block-${z}-bis`]: formatDay(today()) })).statusCode, 303);
  await sql`UPDATE orchard_sanctions SET created_at = now() - interval '2 days', blocked_until = now() - interval '1 minute' WHERE user_id = ${paulId} AND lifted_at IS NULL`.execute(db);
  assert.equal((await staff.submit("/verwaltung/streuobst", blockUrl, { [`block-${z}`]: "Zweite Sperre" })).statusCode, 303);
  const open = await db.selectFrom("orchard_sanctions").select(["reason", "blocked_until"]).where("user_id", "=", paulId).where("lifted_at", "is", null).execute();
  assert.deepEqual(open, [{ reason: "Zweite Sperre", blocked_until: null }]);
});

test("issue 16: the blocked person appeals once; staff uphold or lift it with an answer (audited), the person is told by a link-only mail and sees the answer", { timeout: 180_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const listingId = idFrom((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields())).headers.location);
  const paulId = (await db.selectFrom("orchard_listings").select("owner_id").where("id", "=", listingId).executeTakeFirstOrThrow()).owner_id!;
  const page = "/streuobst/widerspruch";
  // Without a block there is nothing to appeal against.
  assert.equal((await olga.get(page)).statusCode, 404);
  assert.equal((await staff.get(page)).statusCode, 404);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Beleidigungen" })).statusCode, 303);
  assert.match((await paul.get("/streuobst/meine")).body, /href="\/streuobst\/widerspruch"/);
  assert.equal((await olga.submit("/streuobst/neu", page, { widerspruch: "Ich auch" })).statusCode, 404);

  // Empty → error at the field; then filed once; a second is refused kindly and stores nothing.
  const empty = await paul.submit(page, page, { widerspruch: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /id="widerspruch-error"/);
  assert.equal((await paul.submit(page, page, { widerspruch: "Das war ein Missverständnis, ich entschuldige mich." })).statusCode, 303);
  assert.match((await paul.get(page)).body, /liegt der Moderation vor/);
  const token = /name="_csrf" value="([^"]+)"/.exec((await paul.get("/streuobst/meine")).body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec((await paul.get("/streuobst/neu")).body)![1]!;
  const again = await paul.post(page, { _csrf: token, widerspruch: "Nochmal" });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits Widerspruch eingelegt/);
  const appeal = await db.selectFrom("orchard_appeals").select("id").executeTakeFirstOrThrow();
  assert.equal((await db.selectFrom("orchard_appeals").select("id").execute()).length, 1);

  // Staff see it in the queue; the decision needs a choice and an answer; citizens cannot decide.
  assert.match((await staff.get("/verwaltung/streuobst")).body, /Missverständnis/);
  const decide = `/verwaltung/streuobst/widersprueche/${appeal.id}`;
  const bad = await staff.submit("/verwaltung/streuobst", decide, {});
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, new RegExp(`id="entscheidung-${appeal.id}-error"`));
  assert.match(bad.body, new RegExp(`id="antwort-${appeal.id}-error"`));
  assert.equal((await olga.post(decide, { _csrf: token, [`entscheidung-${appeal.id}`]: "lift", [`antwort-${appeal.id}`]: "x" })).statusCode, 403);
  assert.equal((await staff.submit("/verwaltung/streuobst", decide, { [`entscheidung-${appeal.id}`]: "uphold", [`antwort-${appeal.id}`]: "Die Beleidigungen waren schwerwiegend." })).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", decide, { [`entscheidung-${appeal.id}`]: "lift", [`antwort-${appeal.id}`]: "Doch nicht" })).statusCode, 404);
  const upheld = await mail.waitFor("paul@example.org", (x) => /Widerspruch/.test(x.subject));
  assert.match(upheld.text, /\/streuobst\/meine/);
  assert.doesNotMatch(upheld.text, /schwerwiegend|Beleidigungen/);
  const mine = (await paul.get("/streuobst/meine")).body;
  assert.match(mine, /wurde abgelehnt, die Sperre bleibt\. Antwort der Moderation: Die Beleidigungen waren schwerwiegend\./);
  assert.equal((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Noch gesperrt" }))).statusCode, 403);

  // Staff lift the block by hand, block again: a new block allows a new appeal, which lifts it.
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/entsperren`, {})).statusCode, 303);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/sperren`, { "block-": "Spam" })).statusCode, 303);
  assert.equal((await paul.submit(page, page, { widerspruch: "Kein Spam, ein Tippfehler." })).statusCode, 303);
  const second = await db.selectFrom("orchard_appeals").select("id").where("decided_at", "is", null).executeTakeFirstOrThrow();
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/widersprueche/${second.id}`, { [`entscheidung-${second.id}`]: "lift", [`antwort-${second.id}`]: "Sie haben recht." })).statusCode, 303);
  assert.equal((await app.inject({ url: `/streuobst/anzeigen/${listingId}` })).statusCode, 200);
  assert.match((await paul.get("/streuobst/meine")).body, /hatte Erfolg, die Sperre ist aufgehoben\. Antwort der Moderation: Sie haben recht\./);
  assert.equal((await paul.get(page)).statusCode, 404);
  assert.equal((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Wieder frei" }))).statusCode, 303);
  const actions = (await db.selectFrom("audit_log").select("action").where("object_id", "=", paulId).where("action", "like", "orchards.%").orderBy("id").execute()).map((r) => r.action);
  assert.deepEqual(actions, ["orchards.user_blocked", "orchards.appeal_filed", "orchards.appeal_decided", "orchards.user_unblocked", "orchards.user_blocked", "orchards.appeal_filed", "orchards.user_unblocked", "orchards.appeal_decided"]);
});
