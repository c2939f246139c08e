/** Issue 16 item 3: reports on messages and persons, warnings, blocks, hidden messages, the new-account brake. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays } from "../../src/platform/time/berlin.js";
import { formatDay } from "../../src/platform/i18n/format.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";
import { multipartBody } from "../support/uploads.js";
import { jpegWithGps } from "../support/photos.js";

const NEUENBUERG = "08236043";
const listingFields = (over: Record<string, string> = {}) => ({ art: "meadow_lease", titel: "Streuobstwiese am Schlossberg zu verpachten", beschreibung: "30 Hochstämme am Hang.", gemeinde: NEUENBUERG, flaeche: "", baeume: "", sorten: "", ablauf: formatDay(addDays(today(), 90)), ...over });
const idFrom = (location: unknown) => /\/([0-9a-f-]{36})/.exec(String(location))![1]!;
const itemFields = { name: "Apfelpflücker", beschreibung: "Teleskopstange", gemeinde: NEUENBUERG, kaution: "0" };

async function auditActions(db: import("../../src/platform/db/index.js").Db, objectId: string) {
  return (await db.selectFrom("audit_log").select("action").where("object_id", "=", objectId).where("action", "like", "orchards.%").orderBy("id").execute()).map((r) => r.action);
}

async function conversation(owner: Client, other: Client) {
  const id = idFrom((await owner.submit("/streuobst/neu", "/streuobst/neu", listingFields())).headers.location);
  const sent = await other.submit(`/streuobst/anzeigen/${id}`, `/streuobst/anzeigen/${id}/nachricht`, { nachricht: "Du Betrüger, melde dich sofort!" });
  assert.equal(sent.statusCode, 303);
  return { listingId: id, convUrl: String(sent.headers.location).split("?")[0]! };
}

test("issue 16: participants report a message and persons report persons (once, never themselves); staff hide the message and warn with a link-only mail", { timeout: 180_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const eve = await signedIn(app, db, { email: "eve@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const { listingId, convUrl } = await conversation(olga, paul);
  const msg = await db.selectFrom("orchard_messages").select(["id", "author_id"]).executeTakeFirstOrThrow();
  const paulId = msg.author_id!;
  const olgaId = (await db.selectFrom("orchard_listings").select("owner_id").where("id", "=", listingId).executeTakeFirstOrThrow()).owner_id!;
  const reportUrl = `${convUrl}/meldung/${msg.id}`;

  // Olga sees the report link beside Paul's message and a link to report Paul.
  const view = await olga.get(convUrl);
  assert.match(view.body, new RegExp(reportUrl.replace(/\//g, "\\/")));
  assert.match(view.body, new RegExp(`/streuobst/personen/${paulId}/melden`));
  // Outsiders and staff cannot open the message report (404); the author cannot report their own message.
  assert.equal((await eve.get(reportUrl)).statusCode, 404);
  const token = /name="_csrf" value="([^"]+)"/.exec((await eve.get("/streuobst/neu")).body)![1]!;
  assert.equal((await eve.post(reportUrl, { _csrf: token, grund: "Spam" })).statusCode, 404);
  const own = await paul.submit(convUrl, reportUrl, { grund: "Ich melde mich selbst" });
  assert.equal(own.statusCode, 403);
  assert.match(own.body, /nicht selbst melden/);
  // Missing reason: error at the field.
  const noReason = await olga.submit(reportUrl, reportUrl, { grund: "" });
  assert.equal(noReason.statusCode, 422);
  assert.match(noReason.body, /id="grund-error"/);
  // Olga reports the message; a second report is answered kindly and stores nothing.
  const filed = await olga.submit(reportUrl, reportUrl, { grund: "Beleidigung" });
  assert.equal(filed.statusCode, 303);
  const again = await olga.submit(reportUrl, reportUrl, { grund: "Nochmal" });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits gemeldet/);
  assert.equal((await db.selectFrom("orchard_reports").select("id").where("message_id", "=", msg.id).execute()).length, 1);

  // Listing reports are once per reporter too (a second one: friendly notice, no second row).
  assert.equal((await eve.submit(`/streuobst/anzeigen/${listingId}`, `/streuobst/anzeigen/${listingId}/melden`, { grund: "Falsche Angaben" })).statusCode, 303);
  const dup = await eve.submit(`/streuobst/anzeigen/${listingId}`, `/streuobst/anzeigen/${listingId}/melden`, { grund: "Falsche Angaben" });
  assert.equal(dup.headers.location, `/streuobst/anzeigen/${listingId}?gemeldet=2`);
  assert.match((await eve.get(String(dup.headers.location))).body, /bereits gemeldet/);
  assert.equal((await db.selectFrom("orchard_reports").select("id").where("listing_id", "=", listingId).execute()).length, 1);

  // Person reports: Eve reports Paul (from nowhere near him is fine for an account), nobody reports themselves, once.
  const paulReport = `/streuobst/personen/${paulId}/melden`;
  assert.equal((await eve.submit(paulReport, paulReport, { grund: "Schreibt Beleidigungen" })).statusCode, 303);
  assert.equal((await eve.submit(paulReport, paulReport, { grund: "Schreibt Beleidigungen" })).statusCode, 409);
  assert.equal((await paul.submit(paulReport, paulReport, { grund: "ich" })).statusCode, 403);
  assert.equal((await db.selectFrom("orchard_reports").select("id").where("target_user_id", "=", paulId).execute()).length, 1);
  // Staff accounts cannot be reported (404); staff cannot file reports.
  const staffId = (await db.selectFrom("users").select("id").where("email", "=", "amt@example.org").executeTakeFirstOrThrow()).id;
  assert.equal((await eve.get(`/streuobst/personen/${staffId}/melden`)).statusCode, 404);
  assert.equal((await staff.get(paulReport)).statusCode, 404);

  // The queue shows the message text, and the person with their display name and active listings count.
  const queue = await staff.get("/verwaltung/streuobst");
  assert.match(queue.body, /Du Betrüger, melde dich sofort!/);
  assert.match(queue.body, /Person: paul \(0 aktive Anzeigen\)/);
  assert.match(queue.body, /Nachricht von paul/);
  assert.equal((await eve.get("/verwaltung/streuobst")).statusCode, 403);

  // Staff hide the message: participants see the placeholder, not the text; the report is resolved; audited.
  const hid = await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/nachrichten/${msg.id}/ausblenden`, {});
  assert.equal(hid.statusCode, 303);
  for (const c of [olga, paul]) {
    const b = (await c.get(convUrl)).body;
    assert.match(b, /Nachricht wurde von der Moderation ausgeblendet/);
    assert.doesNotMatch(b, /Du Betrüger/);
  }
  assert.deepEqual(await auditActions(db, msg.id), ["orchards.object_reported", "orchards.message_hidden"]);
  assert.equal((await db.selectFrom("orchard_reports").select("resolution").where("message_id", "=", msg.id).executeTakeFirstOrThrow()).resolution, "message_hidden");

  // Warn Paul: reason required; then shown on his "Meine", a link-only mail; Eve's report resolved; audited.
  const warnUrl = `/verwaltung/streuobst/personen/${paulId}/verwarnen?meldung=x`;
  const noWarnReason = await staff.submit("/verwaltung/streuobst", warnUrl, {});
  assert.equal(noWarnReason.statusCode, 422);
  const warned = await staff.submit("/verwaltung/streuobst", warnUrl, { "warn-x": "Bitte bleiben Sie sachlich." });
  assert.equal(warned.statusCode, 303);
  assert.match((await paul.get("/streuobst/meine")).body, /Verwarnung vom [0-9.]+: Bitte bleiben Sie sachlich\./);
  assert.doesNotMatch((await olga.get("/streuobst/meine")).body, /Bitte bleiben Sie sachlich/);
  const m = await mail.waitFor("paul@example.org", (x) => /Moderation/.test(x.subject));
  assert.match(m.text, /\/streuobst\/meine/);
  assert.doesNotMatch(m.text, /sachlich/);
  assert.equal((await db.selectFrom("orchard_reports").select("resolution").where("target_user_id", "=", paulId).executeTakeFirstOrThrow()).resolution, "warned");
  assert.deepEqual(await auditActions(db, paulId), ["orchards.object_reported", "orchards.user_warned"]);
  assert.ok(olgaId);
});

test("issue 16: a blocked account cannot post, write, borrow or report (403); its listings leave the public and come back on unblock; new accounts are braked", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const { listingId, convUrl } = await conversation(paul, olga);
  const withdrawn = idFrom((await paul.submit("/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Zurückgezogene Wiese" }))).headers.location);
  assert.equal((await paul.submit("/streuobst/meine", `/streuobst/anzeigen/${withdrawn}/zurueckziehen`, {})).statusCode, 303);
  const itemId = idFrom((await olga.submit("/streuobst/geraete/neu", "/streuobst/geraete/neu", itemFields)).headers.location);
  const paulId = (await db.selectFrom("orchard_listings").select("owner_id").where("id", "=", listingId).executeTakeFirstOrThrow()).owner_id!;
  const olgaId = (await db.selectFrom("orchard_items").select("owner_id").where("id", "=", itemId).executeTakeFirstOrThrow()).owner_id!;

  // Block needs a reason; then Paul's active listing is hidden from the public and the search document source.
  const blockUrl = `/verwaltung/streuobst/personen/${paulId}/sperren?meldung=y`;
  assert.equal((await staff.submit("/verwaltung/streuobst", blockUrl, {})).statusCode, 422);
  assert.equal((await staff.submit("/verwaltung/streuobst", blockUrl, { "block-y": "Wiederholte Beleidigungen" })).statusCode, 303);
  const anon = await app.inject({ url: `/streuobst/anzeigen/${listingId}` });
  assert.equal(anon.statusCode, 404);
  assert.doesNotMatch((await app.inject({ url: "/streuobst" })).body, /Schlossberg/);
  assert.equal((await app.inject({ url: `/api/v1/orchards/listings/${listingId}` })).statusCode, 404);
  assert.match((await paul.get("/streuobst/meine")).body, /gesperrt: Wiederholte Beleidigungen/);

  // Every write is refused with 403 and the reason.
  const refusals: Array<[string, string, Record<string, string>]> = [
    ["/streuobst/neu", "/streuobst/neu", listingFields({ titel: "Neue Wiese trotz Sperre" })],
    ["/streuobst/geraete/neu", "/streuobst/geraete/neu", itemFields],
    [convUrl, convUrl, { nachricht: "Antwort trotz Sperre" }],
    [`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/nachricht`, { nachricht: "Hallo" }],
    [`/streuobst/geraete/${itemId}`, `/streuobst/geraete/${itemId}/anfragen`, { von: formatDay(addDays(today(), 5)), bis: formatDay(addDays(today(), 6)), notiz: "" }],
    [`/streuobst/personen/${olgaId}/melden`, `/streuobst/personen/${olgaId}/melden`, { grund: "Rache" }],
  ];
  for (const [form, action, fields] of refusals) {
    const r = await paul.submit(form, action, fields);
    assert.equal(r.statusCode, 403, action);
    assert.match(r.body, /Ihr Konto ist für die Streuobstbörse gesperrt.*Wiederholte Beleidigungen/s, action);
  }
  // A photo upload on his own (hidden) listing is refused too, before the file is looked at.
  const token = /name="_csrf" value="([^"]+)"/.exec((await paul.get(`/streuobst/anzeigen/${listingId}/fotos`)).body)![1]!;
  const { payload, contentType } = multipartBody({ _csrf: token, alt: "Wiese" }, [{ field: "foto", name: "a.jpg", type: "image/jpeg", content: await jpegWithGps(200, 100) }]);
  const cookie = [...paul.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const upload = await app.inject({ method: "POST", url: `/streuobst/anzeigen/${listingId}/fotos`, headers: { cookie, "content-type": contentType }, payload });
  assert.equal(upload.statusCode, 403);
  assert.match(upload.body, /Ihr Konto ist für die Streuobstbörse gesperrt/);
  assert.equal((await db.selectFrom("orchard_photos").select("id").execute()).length, 0);
  assert.equal((await db.selectFrom("orchard_listings").select("id").where("owner_id", "=", paulId).execute()).length, 2);
  assert.equal((await db.selectFrom("orchard_loans").select("id").execute()).length, 0);
  assert.equal((await db.selectFrom("orchard_reports").select("id").execute()).length, 0);
  // Others are not affected.
  assert.equal((await olga.submit(convUrl, convUrl, { nachricht: "Alles gut?" })).statusCode, 303);

  // Unblock: the listing hidden by the block is back, the withdrawn one stays withdrawn; writes work again; audited.
  const listed = await staff.get("/verwaltung/streuobst");
  assert.match(listed.body, /Gesperrte Konten/);
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${paulId}/entsperren`, {})).statusCode, 303);
  assert.equal((await app.inject({ url: `/streuobst/anzeigen/${listingId}` })).statusCode, 200);
  assert.equal((await db.selectFrom("orchard_listings").select("status").where("id", "=", withdrawn).executeTakeFirstOrThrow()).status, "withdrawn");
  assert.equal((await paul.submit(convUrl, convUrl, { nachricht: "Entschuldigung." })).statusCode, 303);
  assert.deepEqual(await auditActions(db, paulId), ["orchards.user_blocked", "orchards.user_unblocked"]);

  // New accounts (younger than 24 h): at most 2 listings and 10 messages; the error is at the field.
  const neu = await signedIn(app, db, { email: "neu@example.org", kind: "citizen", newAccount: true });
  for (let i = 0; i < 2; i++) assert.equal((await neu.submit("/streuobst/neu", "/streuobst/neu", listingFields())).statusCode, 303);
  const third = await neu.submit("/streuobst/neu", "/streuobst/neu", listingFields());
  assert.equal(third.statusCode, 422);
  assert.match(third.body, /Neue Konten können in den ersten 24 Stunden höchstens 2 Anzeigen/);
  const first = await neu.submit(`/streuobst/anzeigen/${listingId}`, `/streuobst/anzeigen/${listingId}/nachricht`, { nachricht: "Nachricht 1" });
  const neuConv = String(first.headers.location).split("?")[0]!;
  for (let i = 2; i <= 10; i++) assert.equal((await neu.submit(neuConv, neuConv, { nachricht: `Nachricht ${i}` })).statusCode, 303);
  const eleventh = await neu.submit(neuConv, neuConv, { nachricht: "Nachricht 11" });
  assert.equal(eleventh.statusCode, 422);
  assert.match(eleventh.body, /höchstens 10 Nachrichten/);
  assert.match(eleventh.body, /Nachricht 11/);
  // An established account is not braked at 3 listings.
  assert.equal((await olga.submit("/streuobst/neu", "/streuobst/neu", listingFields())).statusCode, 303);
  assert.equal((await olga.submit("/streuobst/neu", "/streuobst/neu", listingFields())).statusCode, 303);
});
