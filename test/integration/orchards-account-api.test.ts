/** Issue 16: the JSON write API of the signed-in citizen — lend an item, ask for a loan, write messages (same-origin JSON session), on the real PostgreSQL and SMTP. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { addDays } from "../../src/platform/time/berlin.js";
import { loanDecider } from "../../src/modules/orchards/commands/loans.js";
import { systemContext } from "../../src/platform/commands.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, signedIn, type Client } from "../helpers.js";

const NEUENBUERG = "08236043";
const cookieOf = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
function call(app: FastifyInstance, url: string, client: Client | undefined, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url, headers: { "content-type": "application/json", ...(client ? { cookie: cookieOf(client) } : {}), ...headers }, payload: JSON.stringify(payload) });
}

test("issue 16 API: a citizen lends an item, another asks for days (own item 403, overlap 409 with the next free span), they write; problems on errors; cross-site refused", { timeout: 180_000 }, async (t) => {
  const { app, db, config, mail } = await buildTestApp(t);
  const olga = await signedIn(app, db, { email: "olga@example.org", kind: "citizen" });
  const paul = await signedIn(app, db, { email: "paul@example.org", kind: "citizen" });
  const vera = await signedIn(app, db, { email: "vera@example.org", kind: "citizen" });
  const staff = await signedIn(app, db, { email: "amt@example.org", kind: "staff" });
  const items = "/api/v1/orchards/items";
  const mulcher = { name: "Mulcher <b>XL</b>", description: "Benzin", ags: NEUENBUERG, depositEuros: 80 };

  // Who: no session 401, cross-site 403 / form-encoded 415, staff 403 — nothing stored.
  assert.equal((await call(app, items, undefined, mulcher)).statusCode, 401);
  assert.equal((await call(app, items, olga, mulcher, { origin: "https://evil.example" })).statusCode, 403);
  const form = await app.inject({ method: "POST", url: items, headers: { cookie: cookieOf(olga), "content-type": "application/x-www-form-urlencoded" }, payload: "name=x" });
  assert.equal(form.statusCode, 415);
  assert.equal((await call(app, items, staff, mulcher)).statusCode, 403);
  const before = (await db.selectFrom("orchard_items").select("id").execute()).length;

  // Field errors as JSON Pointers (problem document); schema errors 400.
  const bad = await call(app, items, olga, { name: "x", ags: "08111000", depositEuros: 20000 });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.headers["content-type"] as string, /application\/problem\+json/);
  assert.deepEqual((bad.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path).sort(), ["/ags", "/depositEuros", "/name"]);
  assert.equal((await call(app, items, olga, { ...mulcher, depositEuros: "viel" })).statusCode, 400);
  assert.equal((await db.selectFrom("orchard_items").select("id").execute()).length, before);

  // Created as on the page: 201, audited as the account, the name stored as text.
  const made = await call(app, items, olga, mulcher, { origin: new URL(config.publicUrl).origin });
  assert.equal(made.statusCode, 201, made.body);
  const item = made.json() as { id: string; name: string; depositCents: number; publisher: string };
  assert.equal(item.name, "Mulcher <b>XL</b>");
  assert.equal(item.depositCents, 8000);
  assert.equal(made.headers.location, `/streuobst/geraete/${item.id}`);
  assert.match((await paul.get(`/streuobst/geraete/${item.id}`)).body, /Mulcher &lt;b>XL&lt;\/b>/);
  const olgaId = (await db.selectFrom("users").select("id").where("email", "=", "olga@example.org").executeTakeFirstOrThrow()).id;
  const created = await db.selectFrom("audit_log").select(["actor_id"]).where("object_id", "=", item.id).where("action", "=", "orchards.item_created").executeTakeFirstOrThrow();
  assert.equal(created.actor_id, olgaId);

  // Loans: own item 403, bad days 422 at the pointers, unknown item 404, then 201; overlap after confirmation 409 with nextFree.
  const loans = `${items}/${item.id}/loans`;
  const [from, to] = [addDays(today(), 3), addDays(today(), 4)];
  assert.equal((await call(app, loans, olga, { from, to })).statusCode, 403);
  const badDays = await call(app, loans, paul, { from: addDays(today(), -2), to: addDays(today(), -5) });
  assert.equal(badDays.statusCode, 422);
  assert.deepEqual((badDays.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path), ["/from", "/to"]);
  assert.equal((await call(app, `${items}/00000000-0000-4000-8000-000000000000/loans`, paul, { from, to })).statusCode, 404);
  const asked = await call(app, loans, paul, { from, to, note: "Für das Wochenende" });
  assert.equal(asked.statusCode, 201, asked.body);
  const loan = asked.json() as { id: string; status: string; from: string; to: string };
  assert.deepEqual([loan.status, loan.from, loan.to], ["requested", from, to]);
  const row = await db.selectFrom("orchard_loans").select(["status", "note"]).where("id", "=", loan.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { status: "requested", note: "Für das Wochenende" });
  assert.equal((await loanDecider(systemContext(db), { loanId: loan.id, itemId: item.id, days: { from, to }, decision: "confirm" })).kind, "confirmed");
  const overlap = await call(app, loans, vera, { from: addDays(today(), 4), to: addDays(today(), 5) });
  assert.equal(overlap.statusCode, 409);
  const problem = overlap.json() as { type: string; nextFree: { from: string; to: string } };
  assert.match(problem.type, /loan-overlap/);
  assert.deepEqual(problem.nextFree, { from: addDays(today(), 5), to: addDays(today(), 6) });

  // Messages: to the lender of the item, a reply in the conversation; own item 404, outsider 404, empty 422.
  assert.equal((await call(app, `${items}/${item.id}/messages`, olga, { text: "Hallo" })).statusCode, 404, "own item");
  assert.equal((await call(app, `${items}/${item.id}/messages`, paul, { text: "   " })).statusCode, 422);
  const sent = await call(app, `${items}/${item.id}/messages`, paul, { text: "Wann kann ich <i>abholen</i>?" });
  assert.equal(sent.statusCode, 201, sent.body);
  const { conversationId } = sent.json() as { conversationId: string };
  const reply = await call(app, `/api/v1/orchards/conversations/${conversationId}/messages`, olga, { text: "Ab 9 Uhr." });
  assert.equal(reply.statusCode, 201);
  assert.equal((reply.json() as { conversationId: string }).conversationId, conversationId);
  assert.equal((await call(app, `/api/v1/orchards/conversations/${conversationId}/messages`, vera, { text: "Ich auch" })).statusCode, 404);
  const thread = (await olga.get(`/streuobst/nachrichten/${conversationId}`)).body;
  assert.match(thread, /Wann kann ich &lt;i>abholen&lt;\/i>\?/);
  assert.match(thread, /Ab 9 Uhr\./);
  // The lender's link-only mail arrives over SMTP.
  const m = await mail.waitFor("olga@example.org");
  assert.match(m.text, /\/streuobst\/nachrichten\//);
  assert.doesNotMatch(m.text, /abholen|paul/);

  // A listing: message the poster.
  const listing = await call(app, "/api/v1/orchards/listings", olga, { kind: "meadow_lease", title: "Wiese am Schlossberg", description: "30 Bäume", ags: NEUENBUERG, expiresOn: addDays(today(), 30) });
  assert.equal(listing.statusCode, 201, listing.body);
  const listingId = (listing.json() as { id: string }).id;
  assert.equal((await call(app, `/api/v1/orchards/listings/${listingId}/messages`, vera, { text: "Ist die Wiese noch frei?" })).statusCode, 201);
  assert.equal((await call(app, `/api/v1/orchards/listings/${listingId}/messages`, olga, { text: "selbst" })).statusCode, 404);
  assert.equal((await db.selectFrom("orchard_messages").select("id").execute()).length, 3);
});
