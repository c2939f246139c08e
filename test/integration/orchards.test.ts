/** Issue 16: the orchard-meadow exchange on the real PostgreSQL — listings, lending, messages, moderation, search. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { itemCreator, loanDecider, loanRequester } from "../../src/modules/orchards/commands/loans.js";
import { seedOrchardDemo } from "../../src/modules/orchards/demoData.js";
import { expiryReminderQueuer } from "../../src/modules/orchards/commands/listings.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, Client, createTestUser, signedIn } from "../helpers.js";

const NEUENBUERG = "08236043";
const place = { ags: NEUENBUERG, ars: "082365005043", name: "Neuenbürg" };

function listingFields(over: Record<string, string> = {}) {
  return { art: "meadow_lease", titel: "Streuobstwiese am Schlossberg zu verpachten", beschreibung: "30 Hochstämme <script>alert(1)</script> am Hang.", gemeinde: NEUENBUERG, flaeche: "2.400", baeume: "30", sorten: "Boskoop, Brettacher", ablauf: formatDay(addDays(today(), 90)), ...over };
}

const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;

async function auditActions(db: import("../../src/platform/db/index.js").Db, objectId: string) {
  return (await db.selectFrom("audit_log").select("action").where("object_id", "=", objectId).orderBy("id").execute()).map((r) => r.action);
}

test("issue 16: a citizen posts, edits and withdraws a listing; others read it but cannot change it; bad input, CSRF, expiry, search", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const anon = new Client(app);
  assert.equal((await anon.get("/streuobst")).statusCode, 200);
  const login = await anon.get("/streuobst/neu");
  assert.equal(login.statusCode, 303);
  assert.match(String(login.headers.location), /^\/anmelden\?next=/);

  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  // Bad input: every error next to its field, input kept.
  const bad = await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields({ art: "bogus", titel: "ab", gemeinde: "08111000", flaeche: "-3", ablauf: "31.02.2026" }));
  assert.equal(bad.statusCode, 422);
  for (const id of ["art", "titel", "gemeinde", "flaeche", "ablauf"]) assert.match(bad.body, new RegExp(`id="${id}-error"`), id);
  assert.match(bad.body, /href="#titel"/);
  assert.match(bad.body, /value="ab"/);
  const tooLate = await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields({ ablauf: formatDay(addDays(today(), 400)) }));
  assert.equal(tooLate.statusCode, 422);
  // CSRF: without the token the post is refused.
  const forged = await owner.post("/streuobst/neu", listingFields());
  assert.equal(forged.statusCode, 403);

  const created = await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields());
  assert.equal(created.statusCode, 303);
  const id = idFrom(created.headers.location);
  const page = await anon.get(`/streuobst/anzeigen/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Streuobstwiese am Schlossberg/);
  assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(page.body, /<script>alert/);
  assert.match(page.body, /2\.400 m²/);
  assert.doesNotMatch(page.body, /olga@example\.org/);
  const row = await db.selectFrom("orchard_listings").select(["ars", "area_m2", "owner_id"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(row.ars, place.ars);
  assert.equal(row.area_m2, 2400);

  // Search: the portal's search finds it by everyday words, first for its place.
  const search = app.services.search!;
  await search.refreshIfChanged();
  const found = await app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten" });
  assert.ok(found.json().results.some((r: { url: string }) => r.url === `/streuobst/anzeigen/${id}`));

  // Another citizen cannot edit or withdraw it (looks unknown: 404).
  const other = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  assert.equal((await other.get(`/streuobst/anzeigen/${id}/bearbeiten`)).statusCode, 404);
  const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get("/streuobst/neu")).body)![1]!;
  assert.equal((await other.post(`/streuobst/anzeigen/${id}/bearbeiten`, { _csrf: otherToken, ...listingFields({ titel: "Gekapert" }) })).statusCode, 404);
  assert.equal((await other.post(`/streuobst/anzeigen/${id}/zurueckziehen`, { _csrf: otherToken })).statusCode, 404);
  assert.doesNotMatch((await anon.get(`/streuobst/anzeigen/${id}`)).body, /Gekapert/);

  // The owner edits it.
  const edited = await owner.submit(`/streuobst/anzeigen/${id}/bearbeiten`, `/streuobst/anzeigen/${id}/bearbeiten`, listingFields({ titel: "Streuobstwiese am Schlossberg, 30 Bäume" }));
  assert.equal(edited.statusCode, 303);
  assert.match((await anon.get(`/streuobst/anzeigen/${id}`)).body, /Schlossberg, 30 Bäume/);

  // JSON API: public, no owner id, filters.
  const api = await app.inject({ url: `/api/v1/orchards/listings?ags=${NEUENBUERG}&kind=meadow_lease` });
  assert.equal(api.statusCode, 200);
  assert.equal(api.json().items.length, 1);
  assert.equal(api.json().items[0].municipality.ars, place.ars);
  assert.equal(api.json().items[0].owner_id, undefined);
  assert.equal((await app.inject({ url: "/api/v1/orchards/listings?kind=bogus" })).statusCode, 400);
  assert.equal((await app.inject({ url: "/api/v1/orchards/listings/00000000-0000-4000-8000-000000000000" })).statusCode, 404);

  // Expiry: after its last day the listing is hidden from everyone but its owner.
  await db.updateTable("orchard_listings").set({ expires_on: addDays(today(), -1) }).where("id", "=", id).execute();
  assert.equal((await anon.get(`/streuobst/anzeigen/${id}`)).statusCode, 404);
  assert.doesNotMatch((await anon.get("/streuobst")).body, /Schlossberg/);
  assert.equal((await app.inject({ url: `/api/v1/orchards/listings/${id}` })).statusCode, 404);
  assert.match((await owner.get(`/streuobst/anzeigen/${id}`)).body, /Abgelaufen/);
  await db.updateTable("orchard_listings").set({ expires_on: addDays(today(), 2) }).where("id", "=", id).execute();

  // Reminder before expiry: once per expiry date, link-only, to the owner; a later date re-arms it.
  assert.equal(await expiryReminderQueuer(db, app.deps.config), 1);
  assert.equal(await expiryReminderQueuer(db, app.deps.config), 0);
  const reminder = await db.selectFrom("mail_queue").select(["recipient", "subject", "body"]).where("kind", "=", "orchards.expiry").executeTakeFirstOrThrow();
  assert.equal(reminder.recipient, "olga@example.org");
  assert.match(reminder.body!, new RegExp(`/streuobst/anzeigen/${id}/bearbeiten`));
  assert.match(reminder.body!, new RegExp(formatDay(addDays(today(), 2)).replace(/\./g, "\\.")));
  const renewed = await owner.submit(`/streuobst/anzeigen/${id}/bearbeiten`, `/streuobst/anzeigen/${id}/bearbeiten`, listingFields({ ablauf: formatDay(addDays(today(), 3)) }));
  assert.equal(renewed.statusCode, 303);
  assert.equal(await expiryReminderQueuer(db, app.deps.config), 1);

  // Withdraw.
  const withdrawn = await owner.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/zurueckziehen`, {});
  assert.equal(withdrawn.statusCode, 303);
  assert.equal((await anon.get(`/streuobst/anzeigen/${id}`)).statusCode, 404);
  await search.refreshIfChanged();
  const gone = await app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten" });
  assert.ok(!gone.json().results.some((r: { url: string }) => r.url === `/streuobst/anzeigen/${id}`));
  assert.deepEqual(await auditActions(db, id), ["orchards.listing_created", "orchards.listing_updated", "orchards.listing_updated", "orchards.listing_withdrawn"]);
});

test("issue 16: poster and interested person message without seeing e-mail addresses; outsiders cannot read; staff hide a reported listing with a reason the author sees", { timeout: 120_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const id = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields())).headers.location);
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const empty = await paul.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/nachricht`, { nachricht: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /id="nachricht-error"/);
  const sent = await paul.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/nachricht`, { nachricht: "Ist die Wiese noch frei? Ich würde sie pflegen." });
  assert.equal(sent.statusCode, 303);
  const convUrl = String(sent.headers.location).split("?")[0]!;
  // The owner gets a link-only mail: no text, no sender address.
  const m = await mail.waitFor("olga@example.org", (x) => /Streuobstwiesen-Börse/.test(x.subject));
  assert.match(m.text, new RegExp(convUrl.replace(/\//g, "\\/")));
  assert.doesNotMatch(m.text, /Wiese noch frei|paul@example/);
  const ownerView = await owner.get(convUrl);
  assert.equal(ownerView.statusCode, 200);
  assert.match(ownerView.body, /Ich würde sie pflegen/);
  assert.doesNotMatch(ownerView.body, /paul@example\.org/);
  const reply = await owner.submit(convUrl, convUrl, { nachricht: "Ja, gern. Samstag Besichtigung?" });
  assert.equal(reply.statusCode, 303);
  const paulView = await paul.get(convUrl);
  assert.match(paulView.body, /Samstag Besichtigung/);
  assert.doesNotMatch(paulView.body, /olga@example\.org/);
  // A third citizen and staff cannot read the conversation.
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  assert.equal((await eve.get(convUrl)).statusCode, 404);
  // The owner cannot write to themselves.
  const self = await owner.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/nachricht`, { nachricht: "Hallo ich" });
  assert.equal(self.statusCode, 404);

  // Report → staff queue → hide with reason → gone from public, author sees why; audited.
  const report = await eve.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/melden`, { grund: "Beleidigender Text" });
  assert.equal(report.statusCode, 303);
  assert.equal((await eve.get("/verwaltung/streuobst")).statusCode, 403);
  const staff = await signedIn(app, db, { email: "moderation@lra.example", kind: "staff" });
  const queue = await staff.get("/verwaltung/streuobst");
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, /Beleidigender Text/);
  const reportId = (await db.selectFrom("orchard_reports").select("id").where("listing_id", "=", id).executeTakeFirstOrThrow()).id;
  const noReason = await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/anzeigen/${id}/ausblenden`, { meldung: reportId });
  assert.equal(noReason.statusCode, 422);
  const hidden = await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/anzeigen/${id}/ausblenden`, { meldung: reportId, [`grund-${reportId}`]: "Verstoß gegen die Nutzungsregeln: beleidigende Sprache" });
  assert.equal(hidden.statusCode, 303);
  assert.equal((await paul.get(`/streuobst/anzeigen/${id}`)).statusCode, 404);
  const mine = await owner.get("/streuobst/meine");
  assert.match(mine.body, /Ausgeblendet/);
  assert.match(mine.body, /beleidigende Sprache/);
  assert.equal((await owner.get(`/streuobst/anzeigen/${id}/bearbeiten`)).statusCode, 404);
  assert.deepEqual(await auditActions(db, id), ["orchards.listing_created", "orchards.listing_reported", "orchards.listing_hidden"]);
  const audit = await db.selectFrom("audit_log").select(["actor_type", "details"]).where("action", "=", "orchards.listing_hidden").executeTakeFirstOrThrow();
  assert.equal(audit.actor_type, "staff");
  assert.equal((audit.details as { reportsResolved: number }).reportsResolved, 1);
  assert.doesNotMatch((await staff.get("/verwaltung/streuobst")).body, /Beleidigender Text/);
});

test("issue 16: lending — request, confirm, overlapping request refused with the next free dates, nobody borrows their own item or decides someone else's", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const owner = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const badItem = await owner.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "x", beschreibung: "", gemeinde: "", kaution: "abc" });
  assert.equal(badItem.statusCode, 422);
  for (const f of ["name", "gemeinde", "kaution"]) assert.match(badItem.body, new RegExp(`id="${f}-error"`));
  const made = await owner.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", { name: "Mulcher mit Schlegelwerk", beschreibung: "Benzin, 60 cm", gemeinde: NEUENBUERG, kaution: "100" });
  assert.equal(made.statusCode, 303);
  const itemId = idFrom(made.headers.location);
  assert.match((await new Client(app).get(`/streuobst/geraete/${itemId}`)).body, /100,00/);

  const sat = addDays(today(), 10);
  const sun = addDays(sat, 1);
  const own = await owner.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(sat), bis: formatDay(sun), notiz: "" });
  assert.equal(own.statusCode, 403);
  assert.match(own.body, /eigenes Gerät/);

  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const past = await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(today(), -1)), bis: formatDay(sun), notiz: "" });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /id="von-error"/);
  const req1 = await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(sat), bis: formatDay(sun), notiz: "Für das Wochenende" });
  assert.equal(req1.statusCode, 303);
  const loanId = (await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).executeTakeFirstOrThrow()).id;
  // Borrower and owner message about the item (no addresses); the owner cannot write to themselves.
  const asked = await paul.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/nachricht`, { nachricht: "Kann ich ihn Freitagabend holen?" });
  assert.equal(asked.statusCode, 303);
  const itemConv = String(asked.headers.location).split("?")[0]!;
  const ownerConv = await owner.get(itemConv);
  assert.match(ownerConv.body, /Freitagabend/);
  assert.match(ownerConv.body, /Mulcher mit Schlegelwerk/);
  assert.doesNotMatch(ownerConv.body, /paul@example\.org/);
  assert.equal((await owner.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/nachricht`, { nachricht: "ich" })).statusCode, 404);

  // Someone else cannot decide; the owner confirms from "Meine".
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  const eveToken = /name="_csrf" value="([^"]+)"/.exec((await eve.get("/streuobst/meine")).body)![1]!;
  assert.equal((await eve.post(`/streuobst/ausleihen/${loanId}`, { _csrf: eveToken, entscheidung: "confirm" })).statusCode, 404);
  const mine = await owner.get("/streuobst/meine");
  assert.match(mine.body, /Für das Wochenende/);
  const confirmed = await owner.submit("/streuobst/meine", `/streuobst/ausleihen/${loanId}`, { entscheidung: "confirm" });
  assert.equal(confirmed.statusCode, 303);
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", loanId).executeTakeFirstOrThrow()).status, "confirmed");

  // An overlapping request is refused with the next free span of the same length.
  const clash = await eve.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(sun), bis: formatDay(addDays(sun, 1)), notiz: "" });
  assert.equal(clash.statusCode, 409);
  assert.match(clash.body, new RegExp(`vom ${formatDay(addDays(sun, 1)).replace(/\./g, "\\.")} bis ${formatDay(addDays(sun, 2)).replace(/\./g, "\\.")}`));
  const avail = await app.inject({ url: `/api/v1/orchards/items/${itemId}/availability` });
  assert.deepEqual(avail.json().booked, [{ from: sat, to: sun }]);
  assert.deepEqual(await auditActions(db, loanId), ["orchards.loan_requested", "orchards.loan_confirmed"]);
  // A free request can be declined; a decided loan cannot be decided again.
  const later = await eve.submit(`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(sun, 5)), bis: formatDay(addDays(sun, 5)), notiz: "" });
  assert.equal(later.statusCode, 303);
  const laterId = (await db.selectFrom("orchard_loans").select("id").where("item_id", "=", itemId).where("status", "=", "requested").executeTakeFirstOrThrow()).id;
  assert.equal((await owner.submit("/streuobst/meine", `/streuobst/ausleihen/${laterId}`, { entscheidung: "decline" })).statusCode, 303);
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", laterId).executeTakeFirstOrThrow()).status, "declined");
  assert.equal((await owner.submit("/streuobst/meine", `/streuobst/ausleihen/${laterId}`, { entscheidung: "confirm" })).headers.location, "/streuobst/meine?entschieden=not_open");
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", laterId).executeTakeFirstOrThrow()).status, "declined");
});

test("issue 16: 100 concurrent confirmations of overlapping loan requests on one item end with exactly one confirmed loan; random spans never overlap", { timeout: 180_000 }, async (t) => {
  const { db } = await buildTestApp(t);
  const borrower = await createTestUser(db, { email: "viele@example.org", kind: "citizen" });
  const ctx = systemContext(db);
  const { id: itemId } = await itemCreator(ctx, { ownerId: null, publisher: "Landratsamt Enzkreis", input: { name: "Mobile Saftpresse", description: "", municipality: place, depositCents: 0 } });
  const from = addDays(today(), 20);
  const days = { from, to: addDays(from, 2) };
  // 100 requests at once: all wait (nothing is confirmed yet).
  const requests = await Promise.all(Array.from({ length: 100 }, () => loanRequester(ctx, { itemId, borrowerId: borrower, borrowerName: "Viele", days, note: "" })));
  assert.ok(requests.every((r) => r.kind === "requested"));
  const ids = requests.map((r) => (r as { id: string }).id);
  const results = await Promise.all(ids.map((loanId) => loanDecider(ctx, { loanId, itemId, days, decision: "confirm" })));
  assert.equal(results.filter((r) => r.kind === "confirmed").length, 1);
  const refused = results.filter((r) => r.kind === "overlap");
  assert.equal(refused.length, 99);
  assert.deepEqual((refused[0] as { next: unknown }).next, { from: addDays(from, 3), to: addDays(from, 5) });

  // 100 random spans over 60 days, confirmed concurrently: the database keeps confirmed loans disjoint.
  const { id: item2 } = await itemCreator(ctx, { ownerId: null, publisher: "Verein", input: { name: "Obstleiter", description: "", municipality: place, depositCents: 0 } });
  const spans = Array.from({ length: 100 }, (_, i) => {
    const start = addDays(today(), 1 + ((i * 37) % 60));
    return { from: start, to: addDays(start, i % 4) };
  });
  const req2 = await Promise.all(spans.map((d) => loanRequester(ctx, { itemId: item2, borrowerId: borrower, borrowerName: "Viele", days: d, note: "" })));
  const out2 = await Promise.all(req2.map((r, i) => loanDecider(ctx, { loanId: (r as { id: string }).id, itemId: item2, days: spans[i]!, decision: "confirm" })));
  const confirmedCount = out2.filter((r) => r.kind === "confirmed").length;
  assert.ok(confirmedCount >= 15, `some confirmed (${confirmedCount})`);
  assert.equal(confirmedCount + out2.filter((r) => r.kind === "overlap").length, 100);
  const overlapping = await sql<{ n: string }>`SELECT count(*) AS n FROM orchard_loans a JOIN orchard_loans b ON a.item_id = b.item_id AND a.id < b.id AND a.days && b.days WHERE a.status = 'confirmed' AND b.status = 'confirmed'`.execute(db);
  assert.equal(Number(overlapping.rows[0]!.n), 0);
  // The guarantee is the database's: even a direct write of an overlapping confirmed loan is refused.
  await assert.rejects(
    sql`INSERT INTO orchard_loans (item_id, borrower_name, days, status) VALUES (${itemId}, 'Direkt', daterange(${days.from}::date, ${days.to}::date, '[]'), 'confirmed')`.execute(db),
    (err: { code?: string }) => err.code === "23P01",
  );
});

test("issue 16: demo data is idempotent and findable (Enzkreis listings and equipment, one county mobile press)", { timeout: 120_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t);
  await seedOrchardDemo({ db, config, log: () => undefined });
  await seedOrchardDemo({ db, config, log: () => undefined });
  const listings = await db.selectFrom("orchard_listings").select(["ags", "ars"]).execute();
  const items = await db.selectFrom("orchard_items").select(["name", "publisher"]).execute();
  assert.equal(listings.length, 12);
  assert.equal(items.length, 6);
  assert.ok(listings.every((l) => l.ags.startsWith("08236") && l.ars.startsWith("08236")));
  assert.ok(items.some((i) => /Saftpresse/.test(i.name) && /Landratsamt/.test(i.publisher)));
  await app.services.search!.refreshIfChanged();
  const res = await app.inject({ url: "/api/v1/search?q=apfelpfl%C3%BCcker%20ausleihen" });
  assert.match(res.json().results[0].url, /^\/streuobst\/geraete\//);
  const meadow = await app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten%20m%C3%BChlacker" });
  assert.match(meadow.json().results[0].title, /Senderhang/);
  const page = await app.inject({ url: "/streuobst?gemeinde=08236038" });
  assert.match(page.body, /Maulbronn/);
  assert.doesNotMatch(page.body, /Senderhang/);
});
