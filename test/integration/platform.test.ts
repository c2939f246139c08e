import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client } from "../helpers.js";

test("health and readiness", async (t) => {
  const { app, db } = await buildTestApp(t);
  const health = await app.inject("/health");
  assert.equal(health.statusCode, 200);
  assert.deepEqual(health.json(), { status: "ok" });
  const ready = await app.inject("/ready");
  assert.equal(ready.statusCode, 200);
  // Without a database the node is not ready.
  await db.destroy();
  const notReady = await app.inject("/ready");
  assert.equal(notReady.statusCode, 503);
});

test("security headers: strict CSP without inline scripts, no framing, nosniff", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/");
  const csp = String(res.headers["content-security-policy"]);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers["x-content-type-options"], "nosniff");
  assert.equal(res.headers["referrer-policy"], "strict-origin-when-cross-origin");
  assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc=)/, "no inline script elements");
  assert.doesNotMatch(res.body, /\sstyle="/, "no inline styles");
});

test("cookies are Secure and __Host- prefixed behind HTTPS", async (t) => {
  const { app } = await buildTestApp(t, { PUBLIC_URL: "https://portal.example" });
  const c = new Client(app);
  const res = await c.get("/anmelden");
  const setCookie = ([] as string[]).concat(res.headers["set-cookie"] ?? []);
  const csrf = setCookie.find((s) => s.startsWith("__Host-kp_csrf="));
  assert.ok(csrf, `csrf cookie: ${setCookie.join(" | ")}`);
  assert.match(csrf!, /Secure/);
  assert.match(csrf!, /HttpOnly/);
  assert.match(csrf!, /SameSite=Lax/);
  assert.match(String(res.headers["strict-transport-security"]), /max-age=31536000/);
});

test("security.txt and robots.txt", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject("/.well-known/security.txt");
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /^Contact: mailto:/m);
  const expires = /^Expires: (.+)$/m.exec(res.body)?.[1];
  assert.ok(expires && new Date(expires).getTime() > Date.now());
  assert.match((await app.inject("/robots.txt")).body, /Disallow: \/konto/);
});

test("unknown page: German 404 page; API: JSON 404", async (t) => {
  const { app } = await buildTestApp(t);
  const page = await app.inject("/gibt-es-nicht");
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /Seite nicht gefunden/);
  const api = await app.inject("/api/v1/gibt-es-nicht");
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().type, "urn:kreisportal:problem:not-found");
});

test("unexpected errors: friendly page with request id, details only in the log", async (t) => {
  const { app } = await buildTestApp(t);
  app.get("/test-boom", async () => {
    throw new Error("geheimes Detail aus der Datenbank");
  });
  const res = await app.inject("/test-boom");
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /Es ist ein Fehler aufgetreten/);
  assert.doesNotMatch(res.body, /geheimes Detail/);
  const id = /Kennung: ([0-9a-f-]{36})/.exec(res.body)?.[1];
  assert.ok(id, "request id shown");
});

test("language switch: English pages, German again, no open redirect", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const sw = await c.get("/sprache?lang=en&next=/anmelden");
  assert.equal(sw.statusCode, 303);
  assert.equal(sw.headers.location, "/anmelden");
  const en = await c.get("/anmelden");
  assert.match(en.body, /<html lang="en"/);
  assert.match(en.body, /Log in/);
  await c.get("/sprache?lang=de&next=/");
  assert.match((await c.get("/")).body, /<html lang="de"/);
  const evil = await c.get("/sprache?lang=de&next=//evil.example/");
  assert.equal(evil.headers.location, "/");
  const evil2 = await c.get("/sprache?lang=de&next=/%5Cevil.example");
  assert.equal(evil2.headers.location, "/");
});

test("login next parameter cannot redirect off-site", async (t) => {
  const { app } = await buildTestApp(t);
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import("../../src/modules/accounts/index.js");
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD, next: "https://evil.example/" });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, "/konto");
});

test("sessions live in PostgreSQL: a second app node on the same database accepts the cookie", async (t) => {
  const first = await buildTestApp(t);
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import("../../src/modules/accounts/index.js");
  const c = new Client(first.app);
  await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  // Another node: same DATABASE_URL and SESSION_SECRET, separate process state.
  const second = await buildTestApp(t, { DATABASE_URL: first.databaseUrl });
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await second.app.inject({ url: "/konto", headers: { cookie } });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Demo-Administration/);
});

test("idle timeout ends the session", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import("../../src/modules/accounts/index.js");
  const c = new Client(app);
  await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal((await c.get("/konto")).statusCode, 200);
  await sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes'`.execute(db);
  assert.equal((await c.get("/konto")).statusCode, 303);
  assert.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sessions`.execute(db)).rows[0]!.n), 0);
});

test("over HTTPS the session cookie is __Host-, Secure, HttpOnly, and logout clears it with the same attributes", async (t) => {
  const { app } = await buildTestApp(t, { PUBLIC_URL: "https://portal.example" });
  const { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } = await import("../../src/modules/accounts/index.js");
  const c = new Client(app);
  const login = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const set = ([] as string[]).concat(login.headers["set-cookie"] ?? []).find((s) => s.startsWith("__Host-kp_session="));
  assert.ok(set, "session cookie set");
  for (const attr of [/Secure/, /HttpOnly/, /SameSite=Lax/, /Path=\//]) assert.match(set!, attr);
  assert.doesNotMatch(set!, /Domain=/);
  const logout = await c.submit("/konto", "/abmelden", {});
  const cleared = ([] as string[]).concat(logout.headers["set-cookie"] ?? []).find((s) => s.startsWith("__Host-kp_session="));
  assert.ok(cleared, "cleared");
  assert.match(cleared!, /Secure/);
  assert.match(cleared!, /Expires=Thu, 01 Jan 1970/);
});
