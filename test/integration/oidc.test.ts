/**
 * OIDC login against a real issuer (oidc-provider on 127.0.0.1): the app talks to it over HTTP
 * for discovery, token and userinfo; the test plays the browser on both sides.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { startOidcIssuer, type IssuerAction, type OidcIssuer } from "../support/oidcIssuer.js";

const CALLBACK = "http://localhost:3000/anmelden/oidc/callback";
const PASSWORD = "ein langes sicheres Passwort";

async function setup(t: TestContext) {
  const issuer = await startOidcIssuer(t, { redirectUri: CALLBACK });
  const testApp = await buildTestApp(t, issuer.env);
  return { ...testApp, issuer };
}

/** Presses "Mit Test-ID anmelden" on the login page; returns the authorization URL the app forwards to. */
async function startLogin(c: Client, next = "/konto") {
  const res = await c.submit(`/anmelden?next=${encodeURIComponent(next)}`, "/anmelden/oidc", { next });
  assert.equal(res.statusCode, 200, res.body);
  const m = /^0; url=(.+)$/.exec(String(res.headers.refresh ?? ""));
  assert.ok(m?.[1], "forwards with a Refresh header");
  return { res, url: m[1] };
}

/** The whole round trip: app → issuer (login or cancel) → back to the app's callback. */
async function loginVia(c: Client, issuer: OidcIssuer, action: IssuerAction, next = "/konto") {
  const { url } = await startLogin(c, next);
  const back = await issuer.authorize(url, action);
  assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
  return { callback: back, res: await c.get(back.pathname + back.search) };
}

async function auditOf(db: Awaited<ReturnType<typeof setup>>["db"], action: string) {
  return db.selectFrom("audit_log").select(["action", "object_id", "details", "actor_type"]).where("action", "=", action).orderBy("id").execute();
}

test("first OIDC login creates a citizen account and a session; the next login with the same sub reuses it", async (t) => {
  const { app, db, issuer } = await setup(t);
  issuer.accounts.set("sub-erika", { email: "erika.oidc@example.org", email_verified: true, given_name: "Erika", family_name: "Mustermann" });
  const c = new Client(app);

  const loginPage = await c.get("/anmelden");
  assert.match(loginPage.body, /action="\/anmelden\/oidc"/);
  assert.match(loginPage.body, /Mit Test-ID anmelden/);

  const { res: forward, url } = await startLogin(c, "/konto");
  const auth = new URL(url);
  assert.equal(auth.origin, issuer.url);
  const p = auth.searchParams;
  assert.equal(p.get("client_id"), issuer.clientId);
  assert.equal(p.get("redirect_uri"), CALLBACK);
  assert.equal(p.get("response_type"), "code");
  assert.deepEqual(p.get("scope")?.split(" ").sort(), ["email", "openid", "profile"]);
  assert.equal(p.get("code_challenge_method"), "S256");
  assert.match(p.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
  assert.ok((p.get("state") ?? "").length >= 32 && (p.get("nonce") ?? "").length >= 32);
  // The forwarding page also links to the IdP (no JavaScript, no meta refresh support needed).
  assert.ok(forward.body.includes(`href="${url.replaceAll("&", "&amp;")}"`));
  const txCookie = ([] as string[]).concat(forward.headers["set-cookie"] ?? []).find((h) => h.startsWith("kp_oidc="));
  assert.ok(txCookie, "transaction cookie set");
  assert.match(txCookie, /HttpOnly/i);
  assert.match(txCookie, /SameSite=Lax/i);
  assert.match(txCookie, /Max-Age=600/i);
  // Signed: state in the clear would be fine, but the value must not be usable unsigned.
  assert.match(decodeURIComponent(txCookie.split(";")[0]!), /^kp_oidc=[A-Za-z0-9_-]+\.[A-Za-z0-9+/=_-]+$/);

  const back = await issuer.authorize(url, { login: "sub-erika" });
  assert.equal(back.searchParams.get("state"), p.get("state"));
  const done = await c.get(back.pathname + back.search);
  assert.equal(done.statusCode, 303, done.body);
  assert.equal(done.headers.location, "/konto");
  assert.ok(!c.cookies.has("kp_oidc"), "transaction cookie is cleared after use");
  assert.ok(issuer.requests.includes("POST /token"), "code redeemed at the token endpoint");
  // oidc-provider keeps e-mail and profile claims out of the ID token when an access token for
  // userinfo is issued, so the app had to ask the userinfo endpoint.
  assert.ok(issuer.requests.some((r) => /^(GET|POST) \/me$/.test(r)), issuer.requests.join(", "));

  const account = await c.get("/konto");
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Erika Mustermann/);
  assert.match(account.body, /erika\.oidc@example\.org/);
  assert.match(account.body, /Bürgerkonto/);

  const users = await db.selectFrom("users").selectAll().where("email", "=", "erika.oidc@example.org").execute();
  assert.equal(users.length, 1);
  const user = users[0]!;
  assert.equal(user.kind, "citizen");
  assert.ok(user.email_verified_at, "IdP-verified address counts as confirmed");
  assert.equal(user.password_hash, null);
  const ids = await db.selectFrom("user_identities").selectAll().execute();
  assert.deepEqual(ids.map((i) => [i.issuer, i.subject, i.user_id]), [[issuer.url, "sub-erika", user.id]]);

  // Second login in another browser, with a return path: same account, nothing new registered.
  issuer.accounts.set("sub-erika", { email: "erika.oidc@example.org", email_verified: true, name: "Erika M. (geändert beim IdP)" });
  const c2 = new Client(app);
  const second = await loginVia(c2, issuer, { login: "sub-erika" }, "/konto?tab=daten");
  assert.equal(second.res.statusCode, 303, second.res.body);
  assert.equal(second.res.headers.location, "/konto?tab=daten");
  const account2 = await c2.get("/konto");
  assert.match(account2.body, /Erika Mustermann/);
  assert.equal((await db.selectFrom("users").select("id").where("email", "=", "erika.oidc@example.org").execute()).length, 1);
  assert.equal((await db.selectFrom("user_identities").select("user_id").execute()).length, 1);
  const sessions = await db.selectFrom("sessions").select(["user_id", "auth_method"]).where("user_id", "=", user.id).execute();
  assert.equal(sessions.length, 2);
  assert.ok(sessions.every((s) => s.auth_method === "oidc"));

  const registered = await auditOf(db, "account.registered");
  assert.equal(registered.length, 1);
  assert.equal(registered[0]!.object_id, user.id);
  const linked = await auditOf(db, "account.identity_linked");
  assert.equal(linked.length, 1);
  const logins = await auditOf(db, "auth.login");
  assert.equal(logins.filter((l) => (l.details as { method?: string }).method === "oidc").length, 2);
  // No personal data in the audit trail.
  const all = JSON.stringify(await db.selectFrom("audit_log").select("details").execute());
  assert.ok(!all.includes("erika") && !all.includes("sub-erika"), all);
});

test("a tampered state is refused; the callback works once and not without its cookie", async (t) => {
  const { app, db, issuer } = await setup(t);
  issuer.accounts.set("sub-mallory", { email: "mallory@example.org", email_verified: true, name: "Mallory" });
  const c = new Client(app);
  const { url } = await startLogin(c);
  const back = await issuer.authorize(url, { login: "sub-mallory" });
  const genuine = back.pathname + back.search;
  back.searchParams.set("state", `${back.searchParams.get("state")}x`);

  const tampered = await c.get(back.pathname + back.search);
  assert.equal(tampered.statusCode, 400);
  assert.match(tampered.body, /Anmeldung mit Test-ID nicht möglich/);
  assert.match(tampered.body, /abgelaufen oder wurde in einem anderen Fenster begonnen/);
  assert.ok(!issuer.requests.includes("POST /token"), "the code was not redeemed");
  assert.equal((await c.get("/konto")).statusCode, 303, "no session");

  // The transaction is single-use: the genuine URL no longer works in this browser either.
  const replay = await c.get(genuine);
  assert.equal(replay.statusCode, 400);
  // Nor in a browser that never started a login (login CSRF).
  const stranger = new Client(app);
  const foreign = await stranger.get(genuine);
  assert.equal(foreign.statusCode, 400);
  assert.equal((await stranger.get("/konto")).statusCode, 303);

  assert.equal((await db.selectFrom("users").select("id").where("email", "=", "mallory@example.org").execute()).length, 0);
  assert.equal((await db.selectFrom("user_identities").select("user_id").execute()).length, 0);
  const failures = await auditOf(db, "auth.login_failed");
  assert.deepEqual(
    failures.map((f) => (f.details as { reason: string }).reason),
    ["oidc_state_mismatch", "oidc_missing_transaction", "oidc_missing_transaction"],
  );
});

test("an unverified e-mail matching an existing account is not linked; a verified one is", async (t) => {
  const { app, db, issuer } = await setup(t);
  const existing = await db
    .insertInto("users")
    .values({ kind: "citizen", email: "max@example.org", display_name: "Max Lokal", password_hash: null, email_verified_at: new Date(), home_ags: null, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  issuer.accounts.set("sub-max", { email: "MAX@example.org", email_verified: false, name: "Max vom IdP" });

  const c = new Client(app);
  const refused = await loginVia(c, issuer, { login: "sub-max" });
  assert.equal(refused.res.statusCode, 403);
  assert.match(refused.res.body, /nicht als bestätigt/);
  assert.equal((await c.get("/konto")).statusCode, 303, "no session");
  assert.equal((await db.selectFrom("user_identities").select("user_id").execute()).length, 0, "not linked");
  assert.equal((await db.selectFrom("users").select("id").where((eb) => eb(eb.fn("lower", ["email"]), "=", "max@example.org")).execute()).length, 1, "no second account");
  const failures = await auditOf(db, "auth.login_failed");
  assert.deepEqual(failures.map((f) => (f.details as { reason: string }).reason), ["oidc_email_unverified_conflict"]);

  // Once the IdP has verified the address, the identity is linked to the existing account.
  issuer.accounts.set("sub-max", { email: "MAX@example.org", email_verified: true, name: "Max vom IdP" });
  const linked = await loginVia(c, issuer, { login: "sub-max" });
  assert.equal(linked.res.statusCode, 303, linked.res.body);
  const account = await c.get("/konto");
  assert.match(account.body, /Max Lokal/);
  const ids = await db.selectFrom("user_identities").selectAll().execute();
  assert.deepEqual(ids.map((i) => i.user_id), [existing.id]);
  const audit = await auditOf(db, "account.identity_linked");
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.object_id, existing.id);
  assert.equal((await auditOf(db, "account.registered")).length, 0);
});

test("a new account from an unverified e-mail stays unconfirmed; an IdP without e-mail is refused", async (t) => {
  const { app, db, issuer } = await setup(t);
  issuer.accounts.set("sub-neu", { email: "neu@example.org", email_verified: false, name: "Nora Neu" });
  issuer.accounts.set("sub-ohne", { name: "Otto Ohnemail" });
  const c = new Client(app);
  const created = await loginVia(c, issuer, { login: "sub-neu" });
  assert.equal(created.res.statusCode, 303, created.res.body);
  const user = await db.selectFrom("users").selectAll().where("email", "=", "neu@example.org").executeTakeFirstOrThrow();
  assert.equal(user.email_verified_at, null);
  assert.match((await c.get("/konto")).body, /Nora Neu/);

  const c2 = new Client(app);
  const none = await loginVia(c2, issuer, { login: "sub-ohne" });
  assert.equal(none.res.statusCode, 400);
  assert.match(none.res.body, /keine E-Mail-Adresse übermittelt/);
  assert.equal((await db.selectFrom("user_identities").select("subject").where("subject", "=", "sub-ohne").execute()).length, 0);
});

test("a verified IdP login takes over an unconfirmed local registration and drops its unproven password", async (t) => {
  const { app, db, issuer } = await setup(t);
  const squatter = new Client(app);
  const reg = await squatter.submit("/registrieren", "/registrieren", { displayName: "Jemand Anderes", email: "opfer@example.org", password: PASSWORD, passwordConfirm: PASSWORD });
  assert.equal(reg.statusCode, 200);
  issuer.accounts.set("sub-opfer", { email: "opfer@example.org", email_verified: true, name: "Olga Opfer" });

  const c = new Client(app);
  const res = (await loginVia(c, issuer, { login: "sub-opfer" })).res;
  assert.equal(res.statusCode, 303, res.body);
  const user = await db.selectFrom("users").selectAll().where("email", "=", "opfer@example.org").executeTakeFirstOrThrow();
  assert.ok(user.email_verified_at);
  assert.equal(user.password_hash, null, "the password chosen by whoever registered first is gone");
  const attempt = await squatter.submit("/anmelden", "/anmelden", { email: "opfer@example.org", password: PASSWORD });
  assert.equal(attempt.statusCode, 401);
});

test("cancelling at the IdP and disabled accounts end on a friendly page and are audited", async (t) => {
  const { app, db, issuer } = await setup(t);
  issuer.accounts.set("sub-eva", { email: "eva@example.org", email_verified: true, name: "Eva Beispiel" });
  const c = new Client(app);

  const cancelled = await loginVia(c, issuer, { deny: true });
  assert.equal(cancelled.callback.searchParams.get("error"), "access_denied");
  assert.equal(cancelled.res.statusCode, 403);
  assert.match(cancelled.res.body, /Die Anmeldung bei Test-ID wurde abgebrochen/);
  assert.match(cancelled.res.body, /href="\/anmelden"/);

  const ok = await loginVia(c, issuer, { login: "sub-eva" });
  assert.equal(ok.res.statusCode, 303);
  const user = await db.selectFrom("users").select("id").where("email", "=", "eva@example.org").executeTakeFirstOrThrow();
  await db.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user.id).execute();

  const c2 = new Client(app);
  const disabled = await loginVia(c2, issuer, { login: "sub-eva" });
  assert.equal(disabled.res.statusCode, 403);
  assert.match(disabled.res.body, /Konto ist gesperrt/);
  assert.equal((await c2.get("/konto")).statusCode, 303, "no session for a disabled account");

  const failures = await auditOf(db, "auth.login_failed");
  assert.deepEqual(
    failures.map((f) => [(f.details as { reason: string }).reason, f.object_id]),
    [
      ["oidc_idp_access_denied", null],
      ["oidc_disabled", user.id],
    ],
  );
  assert.ok(failures.every((f) => f.actor_type === "anonymous"));
});

test("the OIDC start needs a CSRF token, and the routes do not exist without OIDC_ISSUER", async (t) => {
  const { app } = await setup(t);
  const c = new Client(app);
  await c.get("/anmelden");
  assert.equal((await c.post("/anmelden/oidc", { next: "/konto" })).statusCode, 403);
  // An absolute URL as return target is replaced by the default (no open redirect).
  const { res } = await startLogin(c, "//evil.example/");
  assert.equal(res.statusCode, 200);

  const plain = await buildTestApp(t);
  const p = new Client(plain.app);
  assert.doesNotMatch((await p.get("/anmelden")).body, /\/anmelden\/oidc/);
  assert.equal((await p.submit("/anmelden", "/anmelden/oidc", { next: "/konto" })).statusCode, 404);
  assert.equal((await p.get("/anmelden/oidc/callback?code=x&state=y")).statusCode, 404);
});

test("the ID token's nonce and the transaction's age are checked", async (t) => {
  const { app, db, issuer } = await setup(t);
  issuer.accounts.set("sub-nina", { email: "nina@example.org", email_verified: true, name: "Nina Nonce" });

  /** Rewrites the (signed, not encrypted) transaction cookie as only the server could. */
  const rewrite = (c: Client, change: (tx: Record<string, unknown>) => void) => {
    const raw = decodeURIComponent(c.cookies.get("kp_oidc") ?? "");
    const unsigned = app.unsignCookie(raw);
    assert.ok(unsigned.valid && unsigned.value);
    const tx = JSON.parse(Buffer.from(unsigned.value, "base64url").toString("utf8")) as Record<string, unknown>;
    change(tx);
    c.cookies.set("kp_oidc", encodeURIComponent(app.signCookie(Buffer.from(JSON.stringify(tx)).toString("base64url"))));
  };

  const c = new Client(app);
  const { url } = await startLogin(c);
  const back = await issuer.authorize(url, { login: "sub-nina" });
  rewrite(c, (tx) => (tx.nonce = "a-different-nonce-than-the-one-sent-to-the-idp"));
  const wrongNonce = await c.get(back.pathname + back.search);
  assert.equal(wrongNonce.statusCode, 400);
  assert.match(wrongNonce.body, /konnte nicht abgeschlossen werden/);

  const c2 = new Client(app);
  const second = await startLogin(c2);
  const back2 = await issuer.authorize(second.url, { login: "sub-nina" });
  rewrite(c2, (tx) => (tx.exp = Date.now() - 1000));
  const expired = await c2.get(back2.pathname + back2.search);
  assert.equal(expired.statusCode, 400);

  // A cookie signed with another secret is no transaction at all.
  const c3 = new Client(app);
  const third = await startLogin(c3);
  const back3 = await issuer.authorize(third.url, { login: "sub-nina" });
  c3.cookies.set("kp_oidc", c3.cookies.get("kp_oidc")!.replace(/.$/, (ch) => (ch === "A" ? "B" : "A")));
  assert.equal((await c3.get(back3.pathname + back3.search)).statusCode, 400);

  const failures = await auditOf(db, "auth.login_failed");
  assert.deepEqual(
    failures.map((f) => (f.details as { reason: string }).reason),
    ["oidc_invalid_response", "oidc_expired", "oidc_missing_transaction"],
  );
  assert.equal((await db.selectFrom("users").select("id").where("email", "=", "nina@example.org").execute()).length, 0);
});

test("over HTTPS the transaction cookie is __Host- and Secure, also when it is cleared", async (t) => {
  const issuer = await startOidcIssuer(t, { redirectUri: "https://portal.example/anmelden/oidc/callback" });
  const { app } = await buildTestApp(t, { ...issuer.env, PUBLIC_URL: "https://portal.example" });
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden/oidc", { next: "/konto" });
  assert.equal(res.statusCode, 200, res.body);
  const set = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((h) => h.startsWith("__Host-kp_oidc="));
  assert.ok(set, "cookie set");
  assert.match(set, /; Secure/i);
  assert.match(set, /; Path=\//i);
  assert.equal(new URL(/url=(.+)$/.exec(String(res.headers.refresh))![1]!).searchParams.get("redirect_uri"), "https://portal.example/anmelden/oidc/callback");
  const cb = await c.get("/anmelden/oidc/callback?code=x&state=y");
  const cleared = ([] as string[]).concat(cb.headers["set-cookie"] ?? []).find((h) => h.startsWith("__Host-kp_oidc="));
  assert.ok(cleared, "cookie cleared");
  assert.match(cleared, /; Secure/i);
  assert.match(cleared, /Expires=Thu, 01 Jan 1970/i);
});
