/** Issue 16, community part (ADR 0050): saved searches with a daily digest, the round table with waitlist and iCal — on the real PostgreSQL and SMTP. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { systemContext } from "../../src/platform/commands.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";
import { addDays, berlinToUtc } from "../../src/platform/time/berlin.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";
import { listingHider } from "../../src/modules/orchards/commands/moderation.js";
import { alertDigestQueuer } from "../../src/modules/orchards/commands/alerts.js";
import { eventCreator, eventRegistrar } from "../../src/modules/orchards/commands/events.js";
import { orchardsModule } from "../../src/modules/orchards/index.js";
import { seedOrchardEventDemo } from "../../src/modules/orchards/eventDemo.js";
import { today } from "../../src/modules/orchards/queries.js";
import type { ListingKind } from "../../src/modules/orchards/db.js";
import { buildTestApp, Client, createTestUser, signedIn } from "../helpers.js";

const MUEHLACKER = { ags: "08236040", ars: "082365004040", name: "Mühlacker" };
const NEUENBUERG = { ags: "08236043", ars: "082365005043", name: "Neuenbürg" };
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const headersOf = (raw: string) => raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");

test("saved searches: saved from the listing filter, a daily digest with only new visible matches (once a day, also when run twice at once), unsubscribe by signed link", { timeout: 180_000 }, async (t) => {
  const { app, db, config, mail } = await buildTestApp(t);
  const saver = await signedIn(app, db, { email: "sabine@example.org", kind: "citizen" });
  const saverId = (await db.selectFrom("users").select("id").where("email", "=", "sabine@example.org").executeTakeFirstOrThrow()).id;
  const posterId = await createTestUser(db, { email: "peter.poster@example.org", kind: "citizen" });

  // Anonymous visitors are invited to sign in; the form posts the current filter.
  const anonIndex = await new Client(app).get("/streuobst?art=fruit&q=boskoop");
  assert.match(anonIndex.body, /Melden Sie sich an, um diese Suche zu speichern/);
  const index = await saver.get("/streuobst?art=fruit&q=boskoop");
  assert.match(index.body, /action="\/streuobst\/suchauftraege"/);
  assert.match(index.body, /name="q" value="boskoop"/);
  assert.equal((await saver.post("/streuobst/suchauftraege", { art: "fruit", gemeinde: "", q: "boskoop" })).statusCode, 403, "CSRF");
  assert.equal((await saver.submit("/streuobst?art=fruit&q=boskoop", "/streuobst/suchauftraege", { art: "fruit", gemeinde: "", q: "boskoop" })).statusCode, 303);
  assert.equal((await saver.submit("/streuobst", "/streuobst/suchauftraege", { art: "", gemeinde: NEUENBUERG.ags, q: "" })).statusCode, 303);
  // The same filter again is kept once; unknown kinds and places are dropped.
  assert.equal((await saver.submit("/streuobst", "/streuobst/suchauftraege", { art: "fruit", gemeinde: "", q: "boskoop" })).statusCode, 303);
  const list = await saver.get("/streuobst/suchauftraege");
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Obst zu verkaufen|„boskoop“/);
  assert.match(list.body, /Neuenbürg/);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).execute()).length, 2);

  const post = async (kind: ListingKind, title: string, place = MUEHLACKER, ownerId = posterId) =>
    (await listingCreator(systemContext(db), { ownerId, publisher: "Peter", input: { kind, title, description: "Hochstämme, gepflegt.", municipality: place, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) } })).id;
  const fruitBoskoop = await post("fruit", "Boskoop zum Selbstpflücken");
  const meadowNeuenbuerg = await post("meadow_lease", "Wiese am Schlossberg", NEUENBUERG);
  const fruitOther = await post("fruit", "Topaz und Rewena");
  const hiddenLater = await post("fruit", "Boskoop Mostobst (wird ausgeblendet)");
  const expired = await post("fruit", "Boskoop vom letzten Jahr");
  const ownListing = await post("fruit", "Meine eigenen Boskoop", MUEHLACKER, saverId);
  await listingHider(systemContext(db), { listingId: hiddenLater, staffId: posterId, reason: "Test" });
  await db.updateTable("orchard_listings").set({ expires_on: addDays(today(), -1) }).where("id", "=", expired).execute();

  // The text filter of the listing page: kind and words ("boskoop" in the title), hidden ones not shown.
  const filtered = await saver.get("/streuobst?art=fruit&q=boskoop");
  assert.match(filtered.body, new RegExp(`/streuobst/anzeigen/${fruitBoskoop}`));
  for (const id of [meadowNeuenbuerg, fruitOther, hiddenLater, expired]) assert.doesNotMatch(filtered.body, new RegExp(id));
  assert.doesNotMatch((await saver.get("/streuobst?q=%25")).body, new RegExp(fruitBoskoop), "% and _ match literally");

  assert.equal(await alertDigestQueuer(db, config), 1);
  // The job runs again the same day (as registered in the module, pg-boss cron): nothing more.
  const job = orchardsModule.jobs!.find((j) => j.name === "orchards-alerts")!;
  assert.equal(job.cron, "15 6 * * *");
  await job.handler({ db, config, mailer: app.deps.mailer, app }, {});
  assert.equal(await alertDigestQueuer(db, config), 0);
  const queued = await db.selectFrom("mail_queue").select(["id", "body"]).where("kind", "=", "orchards.alert").execute();
  assert.equal(queued.length, 1);
  await deliverQueuedMails(db, app.deps.mailer, { ids: [String(queued[0]!.id)] });
  const m = await mail.waitFor("sabine@example.org", (x) => /Neue Anzeigen/.test(x.subject));
  for (const id of [fruitBoskoop, meadowNeuenbuerg]) assert.match(m.text, new RegExp(`/streuobst/anzeigen/${id}`));
  for (const id of [fruitOther, hiddenLater, expired, ownListing]) assert.doesNotMatch(m.text, new RegExp(id));
  // Links only: no titles, no names, no addresses of others.
  assert.doesNotMatch(m.text, /Boskoop zum|peter|@example/i);
  const head = headersOf(m.raw);
  const unsubscribe = /^List-Unsubscribe: <http:\/\/localhost:3000(\/streuobst\/suchauftraege\/abbestellen\/[^>]+)>/im.exec(head)?.[1];
  assert.ok(unsubscribe, head);
  assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
  assert.ok(m.text.includes(`http://localhost:3000${unsubscribe}`));

  // Two runs at the same time on the next day, with one new match: one mail.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const fresh = await post("fruit", "Boskoop, frisch gepflückt");
  const both = await Promise.all([alertDigestQueuer(db, config, tomorrow), alertDigestQueuer(db, config, tomorrow)]);
  assert.equal(both[0] + both[1], 1);
  const second = await db.selectFrom("mail_queue").select("body").where("kind", "=", "orchards.alert").orderBy("id", "desc").executeTakeFirstOrThrow();
  assert.match(second.body!, new RegExp(fresh));
  assert.doesNotMatch(second.body!, new RegExp(fruitBoskoop), "already sent listings are not sent again");

  // Unsubscribe: GET only asks (prefetching mail clients change nothing); a changed token is refused.
  const anon = new Client(app);
  const ask = await anon.get(unsubscribe);
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, /method="post"/);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).where("alerts", "=", true).execute()).length, 2);
  const [payload, tag] = unsubscribe.split("/").pop()!.split(".") as [string, string];
  const otherPayload = Buffer.from(posterId).toString("base64url");
  const tampered = `/streuobst/suchauftraege/abbestellen/${otherPayload}.${tag}`;
  assert.equal((await anon.get(tampered)).statusCode, 400);
  assert.equal((await anon.post(tampered, { "List-Unsubscribe": "One-Click" })).statusCode, 400);
  assert.equal((await anon.post(`/streuobst/suchauftraege/abbestellen/${payload}.${tag.slice(0, -2)}xx`, {})).statusCode, 400);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).where("alerts", "=", true).execute()).length, 2);
  // One-click POST (RFC 8058): no session, no CSRF token.
  const done = await anon.post(unsubscribe, { "List-Unsubscribe": "One-Click" });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /keine E-Mails zu gespeicherten Suchen mehr/);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).where("alerts", "=", true).execute()).length, 0);
  await post("fruit", "Noch mehr Boskoop");
  assert.equal(await alertDigestQueuer(db, config, new Date(Date.now() + 2 * 86_400_000)), 0);
  assert.match((await saver.get("/streuobst/suchauftraege")).body, /abbestellt/);

  // Deleting: only one's own searches.
  const searchId = (await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).orderBy("created_at").executeTakeFirstOrThrow()).id;
  const other = await signedIn(app, db, { email: "olaf@example.org", kind: "citizen" });
  assert.equal((await other.submit("/streuobst/suchauftraege", `/streuobst/suchauftraege/${searchId}/loeschen`, {})).statusCode, 404);
  assert.equal((await saver.submit("/streuobst/suchauftraege", `/streuobst/suchauftraege/${searchId}/loeschen`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("orchard_saved_searches").select("id").where("user_id", "=", saverId).execute()).length, 1);
  const audit = (await db.selectFrom("audit_log").select("action").where("action", "like", "orchards.%search%").execute()).map((r) => r.action);
  assert.deepEqual(audit.sort(), ["orchards.search_deleted", "orchards.search_saved", "orchards.search_saved"]);
});

test("round table: staff create it; registration up to capacity under 40 parallel requests, then the waitlist; cancelling moves the first up with a mail; iCal; search; demo", { timeout: 180_000 }, async (t) => {
  const { app, db, config, mail } = await buildTestApp(t);
  const staff = await signedIn(app, db, { email: "sachbearbeitung@example.org", kind: "staff" });
  const form = "/verwaltung/streuobst/runder-tisch/neu";
  const citizen = await signedIn(app, db, { email: "anna@example.org", kind: "citizen" });
  assert.equal((await citizen.get(form)).statusCode, 403);
  const bad = await staff.submit(form, form, { titel: "R", datum: "31.02.2027", beginn: "25:00", ende: "19:00", ort: "", plaetze: "0", beschreibung: "" });
  assert.equal(bad.statusCode, 422);
  for (const f of ["titel", "datum", "beginn", "ort", "plaetze", "beschreibung"]) assert.match(bad.body, new RegExp(`id="${f}-error"`), f);
  assert.match(bad.body, /value="25:00"/);
  const day = addDays(today(), 10);
  const [d, mo, y] = [day.slice(8), day.slice(5, 7), day.slice(0, 4)];
  const created = await staff.submit(form, form, { titel: "Runder Tisch Streuobst Mühlacker", datum: `${d}.${mo}.${y}`, beginn: "18:00", ende: "20:00", ort: "Rathaus Mühlacker, Kelterplatz 7", plaetze: "1", beschreibung: "Austausch, Mosttermine." });
  assert.equal(created.statusCode, 303);
  const id = idFrom(created.headers.location);
  const ev = await db.selectFrom("orchard_events").select(["starts_at", "capacity"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(ev.starts_at.toISOString(), berlinToUtc(day, 18 * 60).toISOString());
  assert.deepEqual((await db.selectFrom("audit_log").select("action").where("object_id", "=", id).execute()).map((r) => r.action), ["orchards.event_created"]);

  // Public list and page; anonymous visitors are asked to sign in.
  const anon = new Client(app);
  assert.match((await anon.get("/streuobst/runder-tisch")).body, /Runder Tisch Streuobst Mühlacker/);
  const page = await anon.get(`/streuobst/runder-tisch/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /1 von 1 Plätzen frei/);
  assert.match(page.body, /\/anmelden\?next=/);

  // Seat, then waitlist; cancelling moves the waiting person up and mails them (link only).
  assert.equal((await citizen.submit(`/streuobst/runder-tisch/${id}`, `/streuobst/runder-tisch/${id}/anmelden`, {})).headers.location, `/streuobst/runder-tisch/${id}?ergebnis=registered`);
  const bernd = await signedIn(app, db, { email: "bernd@example.org", kind: "citizen" });
  assert.match((await bernd.get(`/streuobst/runder-tisch/${id}`)).body, /Auf die Warteliste/);
  assert.equal((await bernd.submit(`/streuobst/runder-tisch/${id}`, `/streuobst/runder-tisch/${id}/anmelden`, {})).headers.location, `/streuobst/runder-tisch/${id}?ergebnis=waitlisted`);
  assert.match((await bernd.get(`/streuobst/runder-tisch/${id}`)).body, /Warteliste \(Platz 1\)/);
  assert.equal((await bernd.submit(`/streuobst/runder-tisch/${id}`, `/streuobst/runder-tisch/${id}/anmelden`, {})).headers.location, `/streuobst/runder-tisch/${id}?ergebnis=already`);
  assert.equal((await citizen.submit(`/streuobst/runder-tisch/${id}`, `/streuobst/runder-tisch/${id}/abmelden`, {})).statusCode, 303);
  const promoted = await mail.waitFor("bernd@example.org", (x) => /Platz .* frei/.test(x.subject));
  assert.match(promoted.text, new RegExp(`http://localhost:3000/streuobst/runder-tisch/${id}`));
  assert.doesNotMatch(promoted.text, /anna|@example/);
  assert.match((await bernd.get(`/streuobst/runder-tisch/${id}`)).body, /Sie sind angemeldet/);
  const rows = await db.selectFrom("orchard_event_registrations").select(["name", "status", "promoted_at"]).where("event_id", "=", id).orderBy("created_at").execute();
  assert.deepEqual(rows.map((r) => [r.name, r.status, !!r.promoted_at]), [["anna", "cancelled", false], ["bernd", "registered", true]]);
  // Staff see the seats by display name.
  const staffPage = await staff.get(`/verwaltung/streuobst/runder-tisch/${id}`);
  assert.match(staffPage.body, /bernd/);
  assert.doesNotMatch(staffPage.body, /bernd@example/);
  assert.equal((await citizen.get(`/verwaltung/streuobst/runder-tisch/${id}`)).statusCode, 403);

  // Capacity under concurrency: 40 people at once for 5 seats.
  const big = (await eventCreator(systemContext(db), { staffId: (await db.selectFrom("users").select("id").where("email", "=", "sachbearbeitung@example.org").executeTakeFirstOrThrow()).id, input: { title: "Runder Tisch Streuobst Neuenbürg", description: "Viele Interessierte.", place: "Schloss Neuenbürg", startsAt: berlinToUtc(addDays(today(), 20), 18 * 60), endsAt: berlinToUtc(addDays(today(), 20), 20 * 60), capacity: 5 } })).id;
  const people = await Promise.all(Array.from({ length: 40 }, (_, i) => createTestUser(db, { email: `p${i}@example.org`, kind: "citizen" })));
  const outcomes = await Promise.all(people.map((u, i) => eventRegistrar(systemContext(db), { eventId: big, userId: u, name: `p${i}` })));
  assert.equal(outcomes.filter((o) => o.kind === "registered").length, 5);
  assert.equal(outcomes.filter((o) => o.kind === "waitlisted").length, 35);
  const counts = await db.selectFrom("orchard_event_registrations").select(["status", (eb) => eb.fn.countAll<string>().as("n")]).where("event_id", "=", big).groupBy("status").execute();
  assert.deepEqual(Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])), { registered: 5, waitlisted: 35 });
  assert.equal((await db.selectFrom("orchard_events").select("registered").where("id", "=", big).executeTakeFirstOrThrow()).registered, 5);
  // The same person ten times at once: one live registration.
  const twice = await Promise.all(Array.from({ length: 10 }, () => eventRegistrar(systemContext(db), { eventId: id, userId: people[0]!, name: "p0" })));
  assert.equal(twice.filter((o) => o.kind === "waitlisted" || o.kind === "registered").length, 1);
  // The database itself refuses more seats than capacity.
  await assert.rejects(sql`UPDATE orchard_events SET registered = capacity + 1 WHERE id = ${big}`.execute(db), (e: { code?: string }) => e.code === "23514");

  // iCal: one event and the feed.
  const one = await anon.get(`/streuobst/runder-tisch/${id}/kalender.ics`);
  assert.equal(one.statusCode, 200);
  assert.match(String(one.headers["content-type"]), /^text\/calendar/);
  assert.match(one.body, new RegExp(`UID:${id}@kreisportal-orchards\\r\\n`));
  const feed = await anon.get("/streuobst/runder-tisch/kalender.ics");
  assert.match(feed.body, /^BEGIN:VCALENDAR\r\n/);
  assert.match(feed.body, new RegExp(`UID:${big}@kreisportal-orchards`));
  assert.equal((await anon.get("/streuobst/runder-tisch/00000000-0000-4000-8000-000000000000/kalender.ics")).statusCode, 404);

  // Search: upcoming events are search documents.
  await app.services.search!.refreshIfChanged();
  const found = await app.inject({ url: "/api/v1/search?q=runder%20tisch%20streuobst" });
  assert.ok(found.json().results.some((r: { url: string }) => r.url === `/streuobst/runder-tisch/${id}`), JSON.stringify(found.json().results.map((r: { url: string }) => r.url)));

  // Demo: one upcoming round table, seeded once.
  const log = () => undefined;
  await seedOrchardEventDemo({ db, config, log });
  await seedOrchardEventDemo({ db, config, log });
  const demo = await db.selectFrom("orchard_events").select(["starts_at", "place"]).where("demo_key", "is not", null).execute();
  assert.equal(demo.length, 1);
  assert.ok(demo[0]!.starts_at > new Date());
  assert.match(demo[0]!.place, /Enzkreis/);
});
