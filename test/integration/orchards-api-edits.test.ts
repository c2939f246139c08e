/**
 * Issue 16, ADR 0084: the JSON API edits one's own listing in part (PATCH) and deletes a photo of it — with the
 * same commands as the pages (`listingUpdater`, `photoDeleter`, audited in their transaction), scope
 * `orchards:listings`, bound to the token's account (another owner's listing → 403 `not-owner`, as for PUT/DELETE).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { newApiToken } from "../../src/platform/auth/apiTokens.js";
import type { Db } from "../../src/platform/db/index.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn } from "../helpers.js";
import { pngPhoto } from "../support/photos.js";
import { multipartBody } from "../support/uploads.js";

const NEUENBUERG = "08236043";

async function tokenFor(db: Db, email: string, scopes: string[]) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const { secret, hash } = newApiToken();
  await db.insertInto("api_tokens").values({ user_id: user.id, name: "Vereinssoftware", token_hash: hash, scopes, expires_at: new Date(Date.now() + 86_400_000), last_used_at: null, revoked_at: null }).execute();
  return { secret, userId: user.id };
}
function call(app: FastifyInstance, method: "POST" | "PATCH" | "DELETE", url: string, token: string | undefined, payload?: unknown) {
  return app.inject({ method, url, headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, payload: payload === undefined ? undefined : JSON.stringify(payload) });
}
async function uploadPhoto(app: FastifyInstance, listing: string, token: string) {
  const { payload, contentType } = multipartBody({ alt: "Apfelbäume" }, [{ field: "file", name: "p.png", type: "image/png", content: await pngPhoto() }]);
  const res = await app.inject({ method: "POST", url: `/api/v1/orchards/listings/${listing}/photos`, payload, headers: { "content-type": contentType, authorization: `Bearer ${token}` } });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { id: string }).id;
}
const errorsOf = (res: { json(): unknown }) => (res.json() as { errors: Array<{ path: string; message: string }> }).errors;
const audits = (db: Db, objectId: string, action: string) => db.selectFrom("audit_log").select(["actor_id", "details"]).where("object_id", "=", objectId).where("action", "=", action).execute();

test("ADR 0084: PATCH of one's own listing changes only the sent fields through the page's command; another owner 403, wrong scope 403, bad input 400/422 at the fields", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const { secret: olga, userId: olgaId } = await tokenFor(db, "olga@example.org", ["orchards:listings"]);
  const { secret: paul } = await tokenFor(db, "paul@example.org", ["orchards:listings"]);
  const { secret: olgaLending } = await tokenFor(db, "olga@example.org", ["orchards:lending"]);
  const created = await call(app, "POST", "/api/v1/orchards/listings", olga, { kind: "meadow_lease", title: "Wiese am Schlossberg", description: "30 Hochstämme", ags: NEUENBUERG, trees: 30, expiresOn: addDays(today(), 30), location: { lat: 48.8471, lon: 8.6012 } });
  assert.equal(created.statusCode, 201, created.body);
  const id = (created.json() as { id: string }).id;
  const url = `/api/v1/orchards/listings/${id}`;
  const stored = () => db.selectFrom("orchard_listings").select(["title", "description", "trees", "lat", "lon", "varieties"]).where("id", "=", id).executeTakeFirstOrThrow();
  const before = await stored();

  // Who: no credentials 401, a token without orchards:listings 403 (insufficient_scope), another owner 403 not-owner.
  assert.equal((await call(app, "PATCH", url, undefined, { title: "Fremd" })).statusCode, 401);
  const scope = await call(app, "PATCH", url, olgaLending, { title: "Falscher Zugang" });
  assert.equal(scope.statusCode, 403);
  assert.match(String(scope.headers["www-authenticate"]), /insufficient_scope/);
  const foreign = await call(app, "PATCH", url, paul, { title: "Übernommen" });
  assert.equal(foreign.statusCode, 403);
  assert.match(foreign.body, /not-owner/);
  assert.equal((await call(app, "PATCH", "/api/v1/orchards/listings/7d3c5a1e-0000-4000-8000-000000000001", olga, { title: "Unbekannt" })).statusCode, 404);
  assert.deepEqual(await stored(), before);

  // Bad input: wrong type, unknown field, empty body → 400 (schema) with the field; rules → 422 with German messages at the fields.
  const typed = await call(app, "PATCH", url, olga, { trees: "viele" });
  assert.equal(typed.statusCode, 400);
  assert.equal(typed.headers["content-type"], "application/problem+json; charset=utf-8");
  assert.ok(errorsOf(typed).some((e) => e.path === "/trees"), typed.body);
  // Unknown fields would be dropped by the schema validator: a misspelt field must not become a silent no-op.
  const misspelt = await call(app, "PATCH", url, olga, { titel: "Neu" });
  assert.equal(misspelt.statusCode, 400);
  assert.deepEqual(errorsOf(misspelt).map((e) => e.path), ["/titel"]);
  assert.match(errorsOf(misspelt)[0]!.message, /Unbekanntes Feld „titel“; änderbar sind: kind, title/);
  const empty = await call(app, "PATCH", url, olga, {});
  assert.equal(empty.statusCode, 400, empty.body);
  const rules = await call(app, "PATCH", url, olga, { title: "W", ags: "08236999" });
  assert.equal(rules.statusCode, 422);
  assert.deepEqual(errorsOf(rules).map((e) => e.path).sort(), ["/ags", "/title"]);
  assert.equal(errorsOf(rules).find((e) => e.path === "/title")!.message, "Bitte geben Sie eine Überschrift mit 3 bis 120 Zeichen ein.");
  assert.equal(errorsOf(rules).find((e) => e.path === "/ags")!.message, "Bitte wählen Sie eine Gemeinde im Kreis.");
  assert.deepEqual(await stored(), before);
  assert.equal((await audits(db, id, "orchards.listing_updated")).length, 0);

  // The owner: only the sent fields change (the exact point, trees and description stay); null empties an optional field; audited as the account.
  const ok = await call(app, "PATCH", url, olga, { title: "Wiese am Schlossberg, 1 ha", varieties: "Bohnapfel" });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((ok.json() as { title: string }).title, "Wiese am Schlossberg, 1 ha");
  assert.deepEqual(await stored(), { ...before, title: "Wiese am Schlossberg, 1 ha", varieties: "Bohnapfel" });
  assert.equal((await call(app, "PATCH", url, olga, { trees: null, location: null })).statusCode, 200);
  const after = await stored();
  assert.deepEqual([after.trees, after.lat, after.lon, after.title], [null, null, null, "Wiese am Schlossberg, 1 ha"]);
  // null must stay null (the validator's type coercion once turned `trees: null` into 0 trees, and `areaM2: null` into a 422): PUT as well.
  const put = await app.inject({ method: "PUT", url, headers: { "content-type": "application/json", authorization: `Bearer ${olga}` }, payload: JSON.stringify({ kind: "meadow_lease", title: "Wiese am Schlossberg, 1 ha", description: "30 Hochstämme", ags: NEUENBUERG, areaM2: null, trees: null, varieties: "Bohnapfel", expiresOn: addDays(today(), 30), location: null }) });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal((await stored()).trees, null);
  const trail = await audits(db, id, "orchards.listing_updated");
  assert.equal(trail.length, 3);
  assert.ok(trail.every((a) => a.actor_id === olgaId));

  // A withdrawn own listing is no longer edited (404).
  assert.equal((await call(app, "DELETE", url, olga)).statusCode, 204);
  assert.equal((await call(app, "PATCH", url, olga, { title: "Wieder da" })).statusCode, 404);
});

test("ADR 0084: DELETE of a photo of one's own listing through the API uses the page's command (audited, files gone); another owner 403, wrong scope 403, foreign or unknown photo 404", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const { secret: olga, userId: olgaId } = await tokenFor(db, "olga@example.org", ["orchards:listings"]);
  const { secret: paul } = await tokenFor(db, "paul@example.org", ["orchards:listings"]);
  const { secret: olgaMessages } = await tokenFor(db, "olga@example.org", ["orchards:messages"]);
  const post = async (token: string) => {
    const res = await call(app, "POST", "/api/v1/orchards/listings", token, { kind: "fruit", title: "Äpfel zum Selberpflücken", description: "Boskoop", ags: NEUENBUERG, expiresOn: addDays(today(), 30) });
    assert.equal(res.statusCode, 201, res.body);
    return (res.json() as { id: string }).id;
  };
  const mine = await post(olga);
  const theirs = await post(paul);
  const photo = await uploadPhoto(app, mine, olga);
  const paulsPhoto = await uploadPhoto(app, theirs, paul);
  const url = `/api/v1/orchards/listings/${mine}/photos/${photo}`;
  const fileIds = await db.selectFrom("orchard_photos").select(["file_id", "thumb_file_id"]).where("id", "=", photo).executeTakeFirstOrThrow();
  const photoCount = async () => (await db.selectFrom("orchard_photos").select("id").execute()).length;

  assert.equal((await call(app, "DELETE", url, undefined)).statusCode, 401);
  const scope = await call(app, "DELETE", url, olgaMessages);
  assert.equal(scope.statusCode, 403);
  assert.match(String(scope.headers["www-authenticate"]), /insufficient_scope/);
  const foreign = await call(app, "DELETE", url, paul);
  assert.equal(foreign.statusCode, 403);
  assert.match(foreign.body, /not-owner/);
  // Paul's photo under Olga's listing, an unknown photo: 404; a malformed id: 400 at the parameter.
  assert.equal((await call(app, "DELETE", `/api/v1/orchards/listings/${mine}/photos/${paulsPhoto}`, olga)).statusCode, 404);
  assert.equal((await call(app, "DELETE", `/api/v1/orchards/listings/${mine}/photos/7d3c5a1e-0000-4000-8000-000000000001`, olga)).statusCode, 404);
  const malformed = await call(app, "DELETE", `/api/v1/orchards/listings/${mine}/photos/abc`, olga);
  assert.equal(malformed.statusCode, 400);
  assert.ok(errorsOf(malformed).some((e) => e.path === "/photoId"), malformed.body);
  assert.equal(await photoCount(), 2);

  // The owner deletes: 204, gone from the listing API and the picture URL, files released, audited as the account; twice → 404.
  assert.equal((await call(app, "DELETE", url, olga)).statusCode, 204);
  assert.equal(((await app.inject({ url: `/api/v1/orchards/listings/${mine}` })).json() as { photos: unknown[] }).photos.length, 0);
  assert.equal((await app.inject({ url: `/streuobst/fotos/${photo}` })).statusCode, 404);
  assert.equal((await db.selectFrom("files").select("id").where("id", "in", [fileIds.file_id, fileIds.thumb_file_id]).execute()).length, 0);
  const trail = await audits(db, mine, "orchards.photo_deleted");
  assert.equal(trail.length, 1);
  assert.equal(trail[0]!.actor_id, olgaId);
  assert.deepEqual(trail[0]!.details, { photoId: photo, byStaff: false });
  assert.equal((await call(app, "DELETE", url, olga)).statusCode, 404);
  assert.equal(await photoCount(), 1);
});
