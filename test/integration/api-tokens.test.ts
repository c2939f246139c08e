/**
 * Personal API tokens (issue 4, item 9 "API"): created on "Mein Konto" → "API-Zugänge", used with
 * `Authorization: Bearer kp_…` to submit forms that need an account and to read one's own applications.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { sampleFileFor, validAnswers } from "../fixtures/formAnswers.js";
import { multipartBody } from "../support/uploads.js";
import { passwordResetRequester, passwordResetter } from "../../src/modules/accounts/commands/passwordResetter.js";

const LICENCE = "fuehrerschein-umtausch-ersatz";

async function csrfOf(c: Client, url = "/konto"): Promise<string> {
  const page = await c.get(url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
  return token;
}

/** Creates a token through the account page; returns the answer and the secret shown in it (if any). */
async function createToken(c: Client, fields: { name: string; scopes: string[]; expiresOn?: string }) {
  const pairs: Array<[string, string]> = [["_csrf", await csrfOf(c)], ["tokenName", fields.name], ...fields.scopes.map((s): [string, string] => ["scopes", s])];
  if (fields.expiresOn !== undefined) pairs.push(["expiresOn", fields.expiresOn]);
  else pairs.push(["expiresOn", /name="expiresOn" value="([^"]*)"/.exec((await c.get("/konto")).body)?.[1] ?? ""]);
  const res = await c.post("/konto/api-zugaenge", pairs);
  const secret = /<code class="kp-secret" id="neues-token">(kp_[^<]+)<\/code>/.exec(res.body)?.[1];
  return { res, secret };
}

/** Submits by API; the licence form gets its required photo uploaded first (an upload serves one submission). */
async function submitApi(app: FastifyInstance, formId: string, answers: Record<string, unknown>, headers: Record<string, string> = {}) {
  const body = { ...answers };
  if (formId === LICENCE && !body.lichtbild) {
    const { payload, contentType } = multipartBody({}, [{ field: "file", ...sampleFileFor({ id: "lichtbild", accept: ["image/jpeg", "image/png"] }) }]);
    const up = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType }, payload });
    assert.equal(up.statusCode, 201, up.body);
    body.lichtbild = { id: up.json().id as string };
  }
  return app.inject({ method: "POST", url: `/api/v1/forms/${formId}/submissions`, headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(body) });
}
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

test("issue 4 item 9: a citizen creates a token on Mein Konto and submits the driving-licence form through the API as their own", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const c = await signedIn(app, db, { email: "erika@example.org", kind: "citizen" });
  const user = await db.selectFrom("users").select("id").where("email", "=", "erika@example.org").executeTakeFirstOrThrow();

  const account = await c.get("/konto");
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /<h2 class="kern-heading-medium" id="api-zugaenge">API-Zugänge<\/h2>/);
  assert.match(account.body, /Sie haben noch kein API-Token\./);
  // Default expiry: 90 days from today (Europe/Berlin).
  const proposed = /name="expiresOn" value="(\d{4}-\d{2}-\d{2})"/.exec(account.body)?.[1];
  assert.ok(proposed);
  // Counted from the Berlin calendar day (after 23:00 UTC Berlin is already a day ahead).
  const berlinToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date());
  const days = Math.round((Date.parse(`${proposed}T12:00:00Z`) - Date.parse(`${berlinToday}T12:00:00Z`)) / 86_400_000);
  assert.equal(days, 90, `default ${proposed} is ${days} days after ${berlinToday}`);

  // Without a token the account-only form is refused with a clear JSON error.
  const anonymous = await submitApi(app, LICENCE, validAnswers[LICENCE]!);
  assert.equal(anonymous.statusCode, 403);
  assert.equal(anonymous.json().type, "urn:kreisportal:problem:account-required");
  assert.match(anonymous.json().detail, /API-Token/);

  const { res, secret } = await createToken(c, { name: "Kanzleisoftware", scopes: ["submissions:write", "applications:read"] });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers["cache-control"], "no-store");
  assert.ok(secret, "secret shown after creation");
  assert.match(secret!, /^kp_[A-Za-z0-9_-]{43}$/);

  // Only the SHA-256 is stored; the secret is not shown again.
  const row = await db.selectFrom("api_tokens").selectAll().where("user_id", "=", user.id).executeTakeFirstOrThrow();
  assert.equal(row.token_hash, createHash("sha256").update(secret!).digest("hex"));
  assert.deepEqual(row.scopes, ["submissions:write", "applications:read"]);
  assert.equal(row.last_used_at, null);
  const later = await c.get("/konto");
  assert.ok(!later.body.includes(secret!), "the secret is shown once only");
  assert.match(later.body, /Kanzleisoftware/);
  assert.match(later.body, /Noch nie/);
  const created = await db.selectFrom("audit_log").select(["actor_type", "actor_id", "object_id", "details"]).where("action", "=", "account.api_token_created").executeTakeFirstOrThrow();
  assert.equal(created.actor_id, user.id);
  assert.equal(created.object_id, row.id);
  assert.ok(!JSON.stringify(created.details).includes("Kanzleisoftware") && !JSON.stringify(created.details).includes(secret!));

  // With the token the submission belongs to the account, exactly as in the browser.
  const sent = await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(secret!));
  assert.equal(sent.statusCode, 201, sent.body);
  const reference = sent.json().reference as string;
  const sub = await db.selectFrom("application_submissions").select(["user_id", "channel"]).where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.equal(sub.user_id, user.id);
  assert.equal(sub.channel, "api");
  const audit = await db.selectFrom("audit_log").select(["actor_type", "actor_id"]).where("action", "=", "application.submitted").executeTakeFirstOrThrow();
  assert.deepEqual(audit, { actor_type: "user", actor_id: user.id });
  assert.ok((await db.selectFrom("api_tokens").select("last_used_at").where("id", "=", row.id).executeTakeFirstOrThrow()).last_used_at);

  // The account holder is told by mail, with the token's name and where to revoke it.
  const notice = await mail.waitFor("erika@example.org", (m) => m.subject.includes(reference));
  assert.match(notice.text, /API-Zugang „Kanzleisoftware“/);
  assert.ok(!notice.text.includes(secret!));

  // "Meine Anträge" and the mailbox show it.
  const mine = await c.get("/antraege");
  assert.equal(mine.statusCode, 200);
  assert.ok(mine.body.includes(reference));
  assert.equal((await c.get(`/postfach/${reference}`)).statusCode, 200);

  // applications:read: the list and the status.
  const list = await app.inject({ method: "GET", url: "/api/v1/applications", headers: bearer(secret!) });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json().items.map((i: { reference: string }) => i.reference), [reference]);
  assert.equal(list.json().items[0].formId, LICENCE);
  const one = await app.inject({ method: "GET", url: `/api/v1/applications/${reference}`, headers: bearer(secret!) });
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().reference, reference);
  assert.equal(one.json().status, "received");
  assert.match(one.json().statusUrl, new RegExp(`/antraege/status/${reference}\\?code=`));

  // Revoked on the page → 401 invalid_token at once.
  const revoke = await c.post(`/konto/api-zugaenge/${row.id}/widerrufen`, { _csrf: await csrfOf(c) });
  assert.equal(revoke.statusCode, 303);
  assert.equal(revoke.headers.location, "/konto?widerrufen=1#api-zugaenge");
  assert.match((await c.get("/konto?widerrufen=1")).body, /wurde widerrufen/);
  const afterRevoke = await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(secret!));
  assert.equal(afterRevoke.statusCode, 401);
  assert.match(String(afterRevoke.headers["www-authenticate"]), /^Bearer realm="kreisportal", error="invalid_token"/);
  assert.equal(afterRevoke.json().type, "urn:kreisportal:problem:invalid-token");
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/applications", headers: bearer(secret!) })).statusCode, 401);
  const revoked = await db.selectFrom("audit_log").select(["actor_id", "object_id"]).where("action", "=", "account.api_token_revoked").executeTakeFirstOrThrow();
  assert.deepEqual(revoked, { actor_id: user.id, object_id: row.id });
  // Revoking twice: nothing left to revoke.
  assert.equal((await c.post(`/konto/api-zugaenge/${row.id}/widerrufen`, { _csrf: await csrfOf(c) })).statusCode, 404);
});

test("issue 4 item 9: expired, revoked, wrong-scope and foreign tokens are refused (RFC 6750)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const a = await signedIn(app, db, { email: "anna@example.org", kind: "citizen" });
  const b = await signedIn(app, db, { email: "bert@example.org", kind: "citizen" });

  const writeOnly = (await createToken(a, { name: "Nur einreichen", scopes: ["submissions:write"] })).secret!;
  const readOnlyB = (await createToken(b, { name: "Nur lesen", scopes: ["applications:read"] })).secret!;
  assert.ok(writeOnly && readOnlyB);

  const sentA = await submitApi(app, LICENCE, validAnswers[LICENCE]!, { ...bearer(writeOnly), "idempotency-key": "same-key-123" });
  assert.equal(sentA.statusCode, 201);
  const refA = sentA.json().reference as string;

  // Wrong scope → 403 insufficient_scope with the scope named.
  const noRead = await app.inject({ method: "GET", url: "/api/v1/applications", headers: bearer(writeOnly) });
  assert.equal(noRead.statusCode, 403);
  assert.equal(noRead.headers["www-authenticate"], 'Bearer realm="kreisportal", error="insufficient_scope", error_description="The token lacks the scope applications:read", scope="applications:read"');
  const noWrite = await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(readOnlyB));
  assert.equal(noWrite.statusCode, 403);
  assert.match(String(noWrite.headers["www-authenticate"]), /error="insufficient_scope"/);

  // Another account's token cannot read the first account's application (looks unknown), nor list it.
  const foreign = await app.inject({ method: "GET", url: `/api/v1/applications/${refA}`, headers: bearer(readOnlyB) });
  assert.equal(foreign.statusCode, 404);
  assert.ok(!foreign.body.includes("Mustermann"));
  assert.deepEqual((await app.inject({ method: "GET", url: "/api/v1/applications", headers: bearer(readOnlyB) })).json().items, []);
  // …nor revoke the first account's token on the page.
  const tokenA = await db.selectFrom("api_tokens").select("id").where("name", "=", "Nur einreichen").executeTakeFirstOrThrow();
  assert.equal((await b.post(`/konto/api-zugaenge/${tokenA.id}/widerrufen`, { _csrf: await csrfOf(b) })).statusCode, 404);

  // Idempotency keys are per account: the same key and body from another account is a new submission.
  const createdB = await createToken(b, { name: "Einreichen", scopes: ["submissions:write"] });
  assert.equal(createdB.res.statusCode, 200, createdB.res.body.slice(0, 3000));
  const writeB = createdB.secret!;
  const sentB = await submitApi(app, LICENCE, validAnswers[LICENCE]!, { ...bearer(writeB), "idempotency-key": "same-key-123" });
  assert.equal(sentB.statusCode, 201);
  assert.notEqual(sentB.json().reference, refA);
  assert.equal(sentB.headers["idempotent-replayed"], undefined);

  // No token at all on a read route → 401 with a challenge but no error code; the session cookie does not count.
  const none = await app.inject({ method: "GET", url: "/api/v1/applications", headers: { cookie: [...a.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } });
  assert.equal(none.statusCode, 401);
  assert.equal(none.headers["www-authenticate"], 'Bearer realm="kreisportal", scope="applications:read"');
  // Unknown and malformed credentials.
  assert.equal((await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(`kp_${"A".repeat(43)}`))).statusCode, 401);
  const basic = await submitApi(app, LICENCE, validAnswers[LICENCE]!, { authorization: "Basic YWJjOmRlZg==" });
  assert.equal(basic.statusCode, 400);
  assert.match(String(basic.headers["www-authenticate"]), /error="invalid_request"/);

  // Expired → 401 invalid_token.
  await db.updateTable("api_tokens").set({ expires_at: new Date(Date.now() - 1000) }).where("id", "=", tokenA.id).execute();
  const expired = await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(writeOnly));
  assert.equal(expired.statusCode, 401);
  assert.match(String(expired.headers["www-authenticate"]), /error="invalid_token"/);
  assert.match((await a.get("/konto")).body, /Abgelaufen/);

  // A disabled account's tokens stop working.
  await db.updateTable("users").set({ disabled_at: new Date() }).where("email", "=", "bert@example.org").execute();
  assert.equal((await submitApi(app, LICENCE, validAnswers[LICENCE]!, bearer(writeB))).statusCode, 401);

  // Anonymous forms still work without a token.
  assert.equal((await submitApi(app, "hundesteuer-anmeldung", validAnswers["hundesteuer-anmeldung"]!)).statusCode, 201);
});

test("issue 4 item 9: the token form checks its input at the field, keeps what was typed, needs CSRF and a citizen account", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = await signedIn(app, db, { email: "carla@example.org", kind: "citizen" });

  // Without the CSRF token nothing is created.
  const forged = await c.post("/konto/api-zugaenge", [["tokenName", "Fremd"], ["scopes", "submissions:write"], ["expiresOn", "2099-01-01"]]);
  assert.equal(forged.statusCode, 403);
  assert.equal((await db.selectFrom("api_tokens").select("id").execute()).length, 0);

  // Empty name, no scope, date in the past: three inline errors, values kept, nothing stored.
  const bad = await createToken(c, { name: "", scopes: [], expiresOn: "01.01.2020" });
  assert.equal(bad.res.statusCode, 422);
  assert.equal(bad.secret, undefined);
  assert.match(bad.res.body, /id="tokenName-error"/);
  assert.match(bad.res.body, /id="scopes-error"[^]*Bitte wählen Sie mindestens eine Berechtigung/);
  assert.match(bad.res.body, /id="expiresOn-error"[^]*Das Datum muss in der Zukunft liegen/);
  assert.match(bad.res.body, /name="expiresOn" value="01.01.2020"/);
  assert.match(bad.res.body, /href="#scopes"/);

  // More than a year: refused, name and scopes kept.
  const far = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  const tooLate = await createToken(c, { name: "Praxis <Software>", scopes: ["applications:read"], expiresOn: far });
  assert.equal(tooLate.res.statusCode, 422);
  assert.match(tooLate.res.body, /höchstens ein Jahr gelten/);
  assert.match(tooLate.res.body, /name="tokenName" value="Praxis &lt;Software>"/);
  assert.match(tooLate.res.body, /value="applications:read" checked/);
  assert.doesNotMatch(tooLate.res.body, /value="submissions:write" checked/);
  assert.equal((await db.selectFrom("api_tokens").select("id").execute()).length, 0);

  // A German date works too, and becomes the end of that day in Berlin.
  const inMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const german = inMonth.split("-").reverse().join(".");
  const ok = await createToken(c, { name: "Buchhaltung", scopes: ["submissions:write"], expiresOn: german });
  assert.equal(ok.res.statusCode, 200);
  assert.ok(ok.secret);
  const row = await db.selectFrom("api_tokens").select("expires_at").executeTakeFirstOrThrow();
  assert.ok(Math.abs(new Date(row.expires_at).getTime() - Date.parse(`${inMonth}T23:00:00Z`)) <= 3600_000);

  // English page texts.
  const en = await c.get("/konto", { "accept-language": "en", cookie: `${[...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ")}; kp_lang=en` });
  assert.match(en.body, /API access/);

  // Staff accounts have no API tokens.
  const staff = await signedIn(app, db, { email: "sachbearbeitung@example.org", kind: "staff", roles: ["member"] });
  assert.doesNotMatch((await staff.get("/konto")).body, /API-Zugänge/);
  const refused = await staff.post("/konto/api-zugaenge", [["_csrf", await csrfOf(staff)], ["tokenName", "x"], ["scopes", "submissions:write"], ["expiresOn", inMonth]]);
  assert.equal(refused.statusCode, 403);
  assert.equal((await db.selectFrom("api_tokens").select("id").execute()).length, 1);
});

test("a password reset ends the account's API tokens with its sessions (the account may have been taken over)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = await signedIn(app, db, { email: "dora@example.org", kind: "citizen" });
  const { secret } = await createToken(c, { name: "Kanzlei", scopes: ["applications:read"] });
  assert.ok(secret);
  const list = () => app.inject({ url: "/api/v1/applications", headers: bearer(secret!) });
  assert.equal((await list()).statusCode, 200);
  const user = await db.selectFrom("users").select("id").where("email", "=", "dora@example.org").executeTakeFirstOrThrow();
  const ctx = { actor: { type: "system" as const, id: null }, db };
  const resetToken = await passwordResetRequester(ctx, { userId: user.id });
  assert.equal(await passwordResetter(ctx, { token: resetToken, password: "Ein-ganz-neues-Passwort-2026" }), user.id);
  const after = await list();
  assert.equal(after.statusCode, 401);
  assert.match(String(after.headers["www-authenticate"]), /invalid_token/);
  const audit = await db.selectFrom("audit_log").select("details").where("action", "=", "account.password_changed").executeTakeFirstOrThrow();
  assert.deepEqual(audit.details, { apiTokensRevoked: 1 });
});
