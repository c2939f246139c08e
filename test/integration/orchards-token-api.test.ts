/**
 * Issue 16, ADR 0084: the orchard exchange's write API with personal API tokens — items, loan requests and
 * decisions (scope orchards:lending), messages (orchards:messages), photos of one's listings
 * (orchards:listings, multipart) — a token acts for its account only (another owner's objects → 403). Real
 * PostgreSQL, file store and sharp.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { newApiToken } from "../../src/platform/auth/apiTokens.js";
import type { Db } from "../../src/platform/db/index.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";
import { jpegWithGps, hasGpsPointer, pngPhoto } from "../support/photos.js";
import { multipartBody } from "../support/uploads.js";

const NEUENBUERG = "08236043";

async function tokenFor(db: Db, email: string, scopes: string[]) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const { secret, hash } = newApiToken();
  await db.insertInto("api_tokens").values({ user_id: user.id, name: "Verleihstation", token_hash: hash, scopes, expires_at: new Date(Date.now() + 86_400_000), last_used_at: null, revoked_at: null }).execute();
  return { secret, userId: user.id };
}

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
function call(app: FastifyInstance, method: "GET" | "POST", url: string, token: string | undefined, payload?: unknown) {
  return app.inject({ method, url, headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: payload === undefined ? undefined : JSON.stringify(payload) });
}
function upload(app: FastifyInstance, url: string, opts: { token?: string; client?: Client; alt?: string; file?: { name: string; content: Buffer } }) {
  const { payload, contentType } = multipartBody(opts.alt === undefined ? {} : { alt: opts.alt }, opts.file ? [{ field: "file", name: opts.file.name, type: "image/jpeg", content: opts.file.content }] : []);
  return app.inject({ method: "POST", url, payload, headers: { "content-type": contentType, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.client ? { cookie: cookieOf(opts.client) } : {}) } });
}
const paths = (res: { json(): unknown }) => (res.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort();

test("ADR 0084: a lending station's token lends an item and decides, hands over and takes back loans of its own items only (403 for another owner's); audited as the account; scopes checked", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await signedIn(app, db, { email: "ogv@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "vera@example.org", kind: "citizen" });
  const { secret: station, userId: stationId } = await tokenFor(db, "ogv@example.org", ["orchards:lending"]);
  const { secret: paul } = await tokenFor(db, "paul@example.org", ["orchards:lending", "orchards:messages"]);
  const { secret: vera } = await tokenFor(db, "vera@example.org", ["orchards:lending"]);
  const { secret: listingsOnly } = await tokenFor(db, "ogv@example.org", ["orchards:listings"]);

  // The station lends a press with its token; a token without orchards:lending is refused (RFC 6750).
  const press = { name: "Mobile Obstpresse", description: "90 l", ags: NEUENBUERG, depositEuros: 100 };
  const scope = await call(app, "POST", "/api/v1/orchards/items", listingsOnly, press);
  assert.equal(scope.statusCode, 403);
  assert.match(String(scope.headers["www-authenticate"]), /insufficient_scope.*orchards:lending/);
  const made = await call(app, "POST", "/api/v1/orchards/items", station, press);
  assert.equal(made.statusCode, 201, made.body);
  const item = made.json() as { id: string };
  // Vera lends a ladder; Paul asks for the press twice and for the ladder once (tokens, as borrowers).
  const ladder = (await call(app, "POST", "/api/v1/orchards/items", vera, { name: "Obstleiter", ags: NEUENBUERG, depositEuros: 20 })).json() as { id: string };
  const ask = async (itemId: string, from: number, to: number) => {
    const r = await call(app, "POST", `/api/v1/orchards/items/${itemId}/loans`, paul, { from: addDays(today(), from), to: addDays(today(), to), note: "Für die Wiese" });
    assert.equal(r.statusCode, 201, r.body);
    return (r.json() as { id: string }).id;
  };
  const first = await ask(item.id, 3, 4);
  const second = await ask(item.id, 10, 11);
  const veras = await ask(ladder.id, 3, 4);
  assert.equal((await call(app, "POST", `/api/v1/orchards/items/${item.id}/loans`, station, { from: addDays(today(), 20), to: addDays(today(), 21) })).statusCode, 403);

  // The station lists the loans of its own items only.
  const listed = await call(app, "GET", "/api/v1/orchards/loans", station);
  assert.equal(listed.statusCode, 200);
  const loans = (listed.json() as { loans: Array<{ id: string; status: string; borrower: string; note: string }> }).loans;
  assert.deepEqual(loans.map((l) => l.id), [first, second]);
  assert.equal(loans[0]!.note, "Für die Wiese");
  assert.equal((await call(app, "GET", "/api/v1/orchards/loans", undefined)).statusCode, 401);

  // Another owner's loan: 403 not-owner for the station, and for the borrower deciding on his own request; unknown 404.
  const foreign = await call(app, "POST", `/api/v1/orchards/loans/${veras}/decision`, station, { decision: "confirm" });
  assert.equal(foreign.statusCode, 403);
  assert.match(foreign.body, /not-owner/);
  assert.equal((await call(app, "POST", `/api/v1/orchards/loans/${first}/decision`, paul, { decision: "confirm" })).statusCode, 403);
  assert.equal((await call(app, "POST", `/api/v1/orchards/loans/${veras}/pickup`, station, { condition: "good", accessoriesComplete: true, deposit: "yes" })).statusCode, 403);
  assert.equal((await call(app, "POST", "/api/v1/orchards/loans/00000000-0000-4000-8000-000000000000/decision", station, { decision: "confirm" })).statusCode, 404);
  assert.equal((await call(app, "POST", `/api/v1/orchards/loans/${first}/decision`, station, { decision: "maybe" })).statusCode, 400);
  assert.equal((await db.selectFrom("orchard_loans").select("status").where("id", "=", veras).executeTakeFirstOrThrow()).status, "requested");

  // Pick-up before the confirmation: 409. Confirm the first, decline the second; deciding again 409.
  assert.equal((await call(app, "POST", `/api/v1/orchards/loans/${first}/pickup`, station, { condition: "good", accessoriesComplete: true, deposit: "yes" })).statusCode, 409);
  const confirmed = await call(app, "POST", `/api/v1/orchards/loans/${first}/decision`, station, { decision: "confirm" });
  assert.equal(confirmed.statusCode, 200, confirmed.body);
  assert.equal((confirmed.json() as { status: string }).status, "confirmed");
  assert.equal(((await call(app, "POST", `/api/v1/orchards/loans/${second}/decision`, station, { decision: "decline" })).json() as { status: string }).status, "declined");
  const again = await call(app, "POST", `/api/v1/orchards/loans/${second}/decision`, station, { decision: "confirm" });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /loan-not-open/);

  // Hand-over and return with check-lists: the page's rules, errors at JSON Pointers.
  const pickup = `/api/v1/orchards/loans/${first}/pickup`;
  assert.equal((await call(app, "POST", pickup, station, { condition: "good", accessoriesComplete: true, deposit: "partly" })).statusCode, 422);
  assert.equal((await call(app, "POST", pickup, station, { condition: "good", accessoriesComplete: true, deposit: "yes", note: "x".repeat(1001) })).statusCode, 422);
  const picked = await call(app, "POST", pickup, station, { condition: "used", accessoriesComplete: true, deposit: "yes", note: "Kratzer am Korb" });
  assert.equal(picked.statusCode, 200, picked.body);
  assert.equal((picked.json() as { status: string }).status, "picked_up");
  const ret = `/api/v1/orchards/loans/${first}/return`;
  const badReturn = await call(app, "POST", ret, station, { condition: "good", accessoriesComplete: false, deposit: "partly", depositReturned: "150" });
  assert.equal(badReturn.statusCode, 422);
  assert.deepEqual(paths(badReturn), ["/depositReturned"]);
  const returned = await call(app, "POST", ret, station, { condition: "damaged", accessoriesComplete: false, deposit: "partly", depositReturned: "60,50" });
  assert.equal(returned.statusCode, 200, returned.body);
  assert.equal((returned.json() as { status: string }).status, "returned");
  const row = await db.selectFrom("orchard_loans").select(["pickup_checklist", "return_checklist"]).where("id", "=", first).executeTakeFirstOrThrow();
  assert.equal((row.pickup_checklist as { note: string }).note, "Kratzer am Korb");
  assert.equal((row.return_checklist as { depositReturnedCents: number }).depositReturnedCents, 6050);

  // Audited by the commands as the station's account, in order.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("object_id", "in", [first, second]).orderBy("id").execute();
  assert.deepEqual(audit.filter((a) => a.actor_id === stationId).map((a) => a.action), ["orchards.loan_confirmed", "orchards.loan_declined", "orchards.loan_picked_up", "orchards.loan_returned"]);

  // Messages need orchards:messages: the station's lending token is refused; Paul's token writes to Vera.
  const msg = await call(app, "POST", `/api/v1/orchards/items/${ladder.id}/messages`, station, { text: "Hallo" });
  assert.equal(msg.statusCode, 403);
  assert.match(String(msg.headers["www-authenticate"]), /orchards:messages/);
  const sent = await call(app, "POST", `/api/v1/orchards/items/${ladder.id}/messages`, paul, { text: "Ist die Leiter 3 m lang?" });
  assert.equal(sent.statusCode, 201, sent.body);
});

test("ADR 0084: photos of one's own listing through the API (token only, multipart): checked by content, size limit, metadata stripped; another owner's listing 403", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t, { UPLOAD_MAX_BYTES: String(400_000) });
  const olgaSession = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const { secret: olga } = await tokenFor(db, "olga@example.org", ["orchards:listings"]);
  const { secret: paul } = await tokenFor(db, "paul@example.org", ["orchards:listings"]);
  const created = await call(app, "POST", "/api/v1/orchards/listings", olga, { kind: "meadow_lease", title: "Wiese am Schlossberg", description: "30 Hochstämme", ags: NEUENBUERG, expiresOn: addDays(today(), 30) });
  assert.equal(created.statusCode, 201, created.body);
  const listing = (created.json() as { id: string }).id;
  const url = `/api/v1/orchards/listings/${listing}/photos`;
  const jpeg = await jpegWithGps();

  // Who: no token 401 (the session cookie does not count for multipart), another owner's listing 403.
  assert.equal((await upload(app, url, { client: olgaSession, alt: "Wiese", file: { name: "a.jpg", content: jpeg } })).statusCode, 401);
  const foreign = await upload(app, url, { token: paul, alt: "Wiese", file: { name: "a.jpg", content: jpeg } });
  assert.equal(foreign.statusCode, 403);
  assert.match(foreign.body, /not-owner/);

  // Refused: not an image by content (named .jpg), missing description, too large; nothing stored.
  const pdf = await upload(app, url, { token: olga, alt: "Plan", file: { name: "plan.jpg", content: Buffer.from("%PDF-1.4\n% not a photo\n") } });
  assert.equal(pdf.statusCode, 422);
  assert.deepEqual(paths(pdf), ["/file"]);
  assert.deepEqual(paths(await upload(app, url, { token: olga, alt: "", file: { name: "a.jpg", content: jpeg } })), ["/alt"]);
  const huge = Buffer.concat([jpeg.subarray(0, 3), Buffer.alloc(500_000, 7)]);
  assert.equal((await upload(app, url, { token: olga, alt: "Zu groß", file: { name: "big.jpg", content: huge } })).statusCode, 413);
  assert.equal((await upload(app, url, { token: olga, alt: "Ohne Datei" })).statusCode, 422);
  assert.equal((await db.selectFrom("orchard_photos").select("id").execute()).length, 0);

  // Accepted: 201 with both URLs; served re-encoded without GPS/EXIF; the listing API lists it; audited.
  const ok = await upload(app, url, { token: olga, alt: "Blühende Apfelbäume", file: { name: "wiese.jpg", content: jpeg } });
  assert.equal(ok.statusCode, 201, ok.body);
  const photo = ok.json() as { id: string; url: string; thumbnailUrl: string; width: number; height: number };
  assert.equal(ok.headers.location, photo.url);
  assert.deepEqual([photo.width, photo.height], [800, 1200]);
  const served = await app.inject({ url: photo.url });
  assert.equal(served.statusCode, 200);
  const meta = await sharp(served.rawPayload).metadata();
  assert.equal(meta.exif === undefined || !hasGpsPointer(meta.exif), true);
  assert.doesNotMatch(served.rawPayload.toString("latin1"), /TestCam|Olga Obstwiese/);
  assert.equal(((await app.inject({ url: `/api/v1/orchards/listings/${listing}` })).json() as { photos: unknown[] }).photos.length, 1);
  assert.equal((await db.selectFrom("audit_log").select("id").where("object_id", "=", listing).where("action", "=", "orchards.photo_added").execute()).length, 1);

  // At most five: the sixth 409.
  for (let i = 0; i < 4; i++) assert.equal((await upload(app, url, { token: olga, alt: `Foto ${i}`, file: { name: "p.png", content: await pngPhoto() } })).statusCode, 201);
  assert.equal((await upload(app, url, { token: olga, alt: "Sechstes", file: { name: "p.png", content: await pngPhoto() } })).statusCode, 409);

  // Listings: another owner's PUT/DELETE is 403 now (not-owner); the withdrawn own listing takes no photos (404).
  assert.equal((await app.inject({ method: "DELETE", url: `/api/v1/orchards/listings/${listing}`, headers: { authorization: `Bearer ${paul}` } })).statusCode, 403);
  assert.equal((await app.inject({ method: "DELETE", url: `/api/v1/orchards/listings/${listing}`, headers: { authorization: `Bearer ${olga}` } })).statusCode, 204);
  assert.equal((await upload(app, url, { token: olga, alt: "Später", file: { name: "a.jpg", content: jpeg } })).statusCode, 404);
});
