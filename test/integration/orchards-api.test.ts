/** Issue 16: the JSON write API for one's own listings (token or same-origin JSON session), on the real PostgreSQL. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { newApiToken } from "../../src/platform/auth/apiTokens.js";
import type { Db } from "../../src/platform/db/index.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";

const NEUENBUERG = "08236043";
const body = (over: Record<string, unknown> = {}) => ({ kind: "meadow_lease", title: "Streuobstwiese am Schlossberg", description: "30 Hochstämme <script>alert(1)</script>", ags: NEUENBUERG, areaM2: 4200, trees: 30, varieties: "Bohnapfel", expiresOn: addDays(today(), 60), location: { lat: 48.8412, lon: 8.6034 }, ...over });

async function tokenFor(db: Db, email: string, scopes: string[]) {
  const user = await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  const { secret, hash } = newApiToken();
  await db.insertInto("api_tokens").values({ user_id: user.id, name: "Obstbau-App", token_hash: hash, scopes, expires_at: new Date(Date.now() + 86_400_000), last_used_at: null, revoked_at: null }).execute();
  return { secret, userId: user.id };
}

const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
function call(app: FastifyInstance, method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, opts: { token?: string; client?: Client; payload?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.payload !== undefined ? { "content-type": "application/json" } : {}), ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.client) headers.cookie = cookieOf(opts.client);
  return app.inject({ method, url, headers, payload: opts.payload === undefined ? undefined : JSON.stringify(opts.payload) });
}

test("issue 16 API: create, replace and withdraw own listings with a token (scope orchards:listings); field errors as JSON Pointers; foreign 403; audited; the exact point stays private", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const { secret: olga, userId: olgaId } = await tokenFor(db, "olga@example.org", ["orchards:listings"]);
  const { secret: paul } = await tokenFor(db, "paul@example.org", ["orchards:listings"]);
  const { secret: wrongScope } = await tokenFor(db, "paul@example.org", ["care:places"]);
  const url = "/api/v1/orchards/listings";

  // Without credentials 401; a bad token 401 with the RFC 6750 challenge; a token without the scope 403.
  assert.equal((await call(app, "POST", url, { payload: body() })).statusCode, 401);
  const bad = await call(app, "POST", url, { token: "kp_wrong", payload: body() });
  assert.equal(bad.statusCode, 401);
  assert.match(String(bad.headers["www-authenticate"]), /invalid_token/);
  const scope = await call(app, "POST", url, { token: wrongScope, payload: body() });
  assert.equal(scope.statusCode, 403);
  assert.match(String(scope.headers["www-authenticate"]), /insufficient_scope/);

  // Field errors: the page's rules, each at its JSON Pointer; nothing stored. Schema violations 400.
  const invalid = await call(app, "POST", url, { token: olga, payload: body({ title: "A", ags: "08111000", expiresOn: addDays(today(), 400), location: { lat: 52.5, lon: 13.4 } }) });
  assert.equal(invalid.statusCode, 422);
  const paths = (invalid.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort();
  assert.deepEqual(paths, ["/ags", "/expiresOn", "/location/lat", "/title"]);
  assert.equal((await call(app, "POST", url, { token: olga, payload: body({ kind: "spaceship" }) })).statusCode, 400);
  assert.equal((await db.selectFrom("orchard_listings").select("id").execute()).length, 0);

  // Created: 201 with Location; public reading shows it, with the coarsened point only; audited as Olga.
  const created = await call(app, "POST", url, { token: olga, payload: body() });
  assert.equal(created.statusCode, 201);
  const listing = created.json() as { id: string; title: string; location: { lat: number; precision: string }; publisher: string };
  assert.equal(created.headers.location, `${url}/${listing.id}`);
  assert.equal(listing.location.precision, "grid");
  assert.doesNotMatch(created.body, /48\.8412|8\.6034/);
  assert.equal(listing.publisher.length > 0, true);
  const row = await db.selectFrom("orchard_listings").select(["owner_id", "lat", "description"]).where("id", "=", listing.id).executeTakeFirstOrThrow();
  assert.deepEqual([row.owner_id, row.lat], [olgaId, 48.8412]);
  assert.match(row.description, /<script>/);
  assert.equal((await app.inject({ url: `${url}/${listing.id}` })).statusCode, 200);
  assert.doesNotMatch((await app.inject({ url: `/streuobst/anzeigen/${listing.id}` })).body, /<script>alert/);

  // Someone else's listing: Paul's token acts for Paul only (PUT and DELETE 403 not-owner, ADR 0084; nothing changed).
  const hijack = await call(app, "PUT", `${url}/${listing.id}`, { token: paul, payload: body({ title: "Gekapert" }) });
  assert.equal(hijack.statusCode, 403);
  assert.match(hijack.body, /not-owner/);
  assert.equal((await call(app, "DELETE", `${url}/${listing.id}`, { token: paul })).statusCode, 403);
  // Olga replaces it (errors 422 as above), then withdraws it; a second withdrawal and a later PUT are 404.
  assert.equal((await call(app, "PUT", `${url}/${listing.id}`, { token: olga, payload: body({ description: "" }) })).statusCode, 422);
  const put = await call(app, "PUT", `${url}/${listing.id}`, { token: olga, payload: body({ title: "Streuobstwiese am Schlossberg – neu", location: null }) });
  assert.equal(put.statusCode, 200);
  assert.equal((put.json() as { title: string; location: { precision: string } }).location.precision, "municipality");
  assert.equal((await call(app, "DELETE", `${url}/${listing.id}`, { token: olga })).statusCode, 204);
  assert.equal((await call(app, "DELETE", `${url}/${listing.id}`, { token: olga })).statusCode, 404);
  assert.equal((await call(app, "PUT", `${url}/${listing.id}`, { token: olga, payload: body() })).statusCode, 404);
  assert.equal((await app.inject({ url: `${url}/${listing.id}` })).statusCode, 404);
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("object_id", "=", listing.id).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["orchards.listing_created", "orchards.listing_updated", "orchards.listing_withdrawn"]);
  assert.ok(audit.every((a) => a.actor_id === olgaId));
});

test("issue 16 API: the session works only as same-origin JSON; staff and blocked accounts are refused; the posting brake answers 429", { timeout: 180_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const neu = await signedIn(app, db, { email: "neu@example.org", kind: "citizen", newAccount: true });
  const url = "/api/v1/orchards/listings";
  // A cross-site form cannot send JSON; another origin is refused; both store nothing.
  const form = await app.inject({ method: "POST", url, headers: { cookie: cookieOf(olga), "content-type": "application/x-www-form-urlencoded" }, payload: "kind=meadow_lease" });
  assert.equal(form.statusCode, 415);
  assert.equal((await call(app, "POST", url, { client: olga, payload: body(), headers: { origin: "https://evil.example" } })).statusCode, 403);
  const id = (await call(app, "DELETE", `${url}/00000000-0000-4000-8000-000000000000`, { client: olga, headers: { origin: "https://evil.example" } })).statusCode;
  assert.equal(id, 403);
  assert.equal((await db.selectFrom("orchard_listings").select("id").execute()).length, 0);
  // Same origin JSON works, without a CSRF token.
  const made = await call(app, "POST", url, { client: olga, payload: body(), headers: { origin: new URL(config.publicUrl).origin } });
  assert.equal(made.statusCode, 201);
  const listingId = (made.json() as { id: string }).id;
  // PATCH works the same way: same-origin JSON 200, another origin 403 with nothing changed.
  assert.equal((await call(app, "PATCH", `${url}/${listingId}`, { client: olga, payload: { title: "Fremd geändert" }, headers: { origin: "https://evil.example" } })).statusCode, 403);
  const patched = await call(app, "PATCH", `${url}/${listingId}`, { client: olga, payload: { title: "Wiese, geändert" }, headers: { origin: new URL(config.publicUrl).origin } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal((await db.selectFrom("orchard_listings").select("title").where("id", "=", listingId).executeTakeFirstOrThrow()).title, "Wiese, geändert");
  // Staff do not post listings.
  assert.equal((await call(app, "POST", url, { client: staff, payload: body() })).statusCode, 403);
  // New accounts: the third listing in 24 h → 429 with the page's message.
  for (let i = 0; i < 2; i++) assert.equal((await call(app, "POST", url, { client: neu, payload: body() })).statusCode, 201);
  const third = await call(app, "POST", url, { client: neu, payload: body() });
  assert.equal(third.statusCode, 429);
  assert.match(third.body, /Neue Konten/);
  // A blocked account: 403 with the reason for create, replace, change, withdraw and photo deletion.
  const olgaId = (await db.selectFrom("users").select("id").where("email", "=", "olga@example.org").executeTakeFirstOrThrow()).id;
  assert.equal((await staff.submit("/verwaltung/streuobst", `/verwaltung/streuobst/personen/${olgaId}/sperren`, { "block-": "Spam" })).statusCode, 303);
  // Also the partial edit and deleting a photo (ADR 0084: what a block stops on the pages, the API stops too).
  for (const [method, u, payload] of [["POST", url, body()], ["PUT", `${url}/${listingId}`, body()], ["PATCH", `${url}/${listingId}`, { title: "Gesperrt geändert" }], ["DELETE", `${url}/${listingId}`, undefined], ["DELETE", `${url}/${listingId}/photos/00000000-0000-4000-8000-000000000000`, undefined]] as const) {
    const r = await call(app, method, u, { client: olga, payload });
    assert.equal(r.statusCode, 403, method);
    assert.match(r.body, /account-blocked/, method);
    assert.match(r.body, /Spam/, method);
  }
});
