import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";

const PASSWORD = "ein langes sicheres Passwort";

test("citizen registers, confirms by mail link, logs in and out", async (t) => {
  const { app, mail, db } = await buildTestApp(t);
  const c = new Client(app);

  const reg = await c.submit("/registrieren", "/registrieren", { displayName: "Erika Mustermann", email: "erika@example.org", password: PASSWORD, passwordConfirm: PASSWORD });
  assert.equal(reg.statusCode, 200);
  assert.match(reg.body, /Bitte bestätigen Sie Ihre E-Mail-Adresse/);

  // Not yet confirmed: login refused with a hint, a fresh link is sent.
  const early = await c.submit("/anmelden", "/anmelden", { email: "erika@example.org", password: PASSWORD });
  assert.equal(early.statusCode, 403);

  const m = await mail.waitFor("erika@example.org", (x) => x.subject.includes("bestätigen"));
  const confirmPath = linkIn(m.text);
  const confirmPage = await c.get(confirmPath);
  assert.equal(confirmPage.statusCode, 200);
  const token = new URL(confirmPath, "http://x").searchParams.get("token")!;
  const confirmed = await c.submit(confirmPath, "/registrieren/bestaetigen", { token });
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, "/anmelden?hinweis=bestaetigt");

  // A confirmation link works once.
  const again = await c.get(confirmPath);
  assert.equal(again.statusCode, 410);

  const login = await c.submit("/anmelden", "/anmelden", { email: "ERIKA@example.org", password: PASSWORD, next: "/konto" });
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, "/konto");
  const account = await c.get("/konto");
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /Erika Mustermann/);

  const logout = await c.submit("/konto", "/abmelden", {});
  assert.equal(logout.statusCode, 303);
  const after = await c.get("/konto");
  assert.equal(after.statusCode, 303);
  assert.match(String(after.headers.location), /^\/anmelden\?next=/);

  const events = await db.selectFrom("audit_log").select("action").orderBy("id").execute();
  const actions = events.map((e) => e.action);
  for (const a of ["account.registered", "account.email_confirmed", "auth.login", "auth.logout"]) assert.ok(actions.includes(a), `audit has ${a}`);
});

test("registration errors are shown at the field and input is kept (passwords are not)", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const res = await c.submit("/registrieren", "/registrieren", { displayName: "<script>alert(1)</script>", email: "kein-at-zeichen", password: "kurz", passwordConfirm: "kurz" });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /id="fehler"/);
  assert.match(res.body, /E-Mail-Adresse im Format/);
  assert.match(res.body, /mindestens 12 Zeichen/);
  assert.match(res.body, /value="kein-at-zeichen"/);
  assert.match(res.body, /value="&lt;script>alert\(1\)&lt;\/script>"/);
  assert.doesNotMatch(res.body, /<script>alert/);
  assert.doesNotMatch(res.body, /value="kurz"/);
});

test("wrong password and unknown e-mail get the same message; back-off answers 429 with Retry-After", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const wrong = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: "falsches Passwort 123" });
  const unknown = await c.submit("/anmelden", "/anmelden", { email: "niemand@example.org", password: "falsches Passwort 123" });
  assert.equal(wrong.statusCode, 401);
  assert.equal(unknown.statusCode, 401);
  const msg = (b: string) => /E-Mail-Adresse oder Passwort ist falsch/.test(b);
  assert.ok(msg(wrong.body) && msg(unknown.body));

  let last = wrong;
  for (let i = 0; i < 6; i++) last = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: "falsches Passwort 123" });
  assert.equal(last.statusCode, 429);
  assert.ok(Number(last.headers["retry-after"]) > 0);
  // Even the right password waits while the account is throttled.
  const right = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(right.statusCode, 429);
});

test("missing or forged CSRF token is refused with a 403 page", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  await c.get("/anmelden");
  const missing = await c.post("/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(missing.statusCode, 403);
  assert.match(missing.body, /laden Sie die Seite neu/);
  const forged = await c.post("/anmelden", { _csrf: "forged", email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(forged.statusCode, 403);
});

test("password reset: same answer for unknown address, link sets a new password once", async (t) => {
  const { app, mail } = await buildTestApp(t);
  const c = new Client(app);
  const unknown = await c.submit("/passwort-vergessen", "/passwort-vergessen", { email: "niemand@example.org" });
  const known = await c.submit("/passwort-vergessen", "/passwort-vergessen", { email: DEMO_ADMIN_EMAIL });
  assert.equal(unknown.statusCode, 200);
  assert.equal(known.statusCode, 200);
  assert.ok(unknown.body.includes("Wenn ein Konto") && known.body.includes("Wenn ein Konto"));
  const m = await mail.waitFor(DEMO_ADMIN_EMAIL, (x) => x.subject.includes("Passwort"));
  assert.equal(mail.mails.filter((x) => x.to.includes("niemand@example.org")).length, 0);
  const path = linkIn(m.text);
  const token = new URL(path, "http://x").searchParams.get("token")!;
  const newPw = "ein ganz neues Passwort 2026";
  const mismatch = await c.submit(path, "/passwort-zuruecksetzen", { token, password: newPw, passwordConfirm: "anders" });
  assert.equal(mismatch.statusCode, 422);
  const ok = await c.submit(path, "/passwort-zuruecksetzen", { token, password: newPw, passwordConfirm: newPw });
  assert.equal(ok.statusCode, 303);
  const reuse = await c.get(path);
  assert.equal(reuse.statusCode, 410);
  const oldLogin = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(oldLogin.statusCode, 401);
  const newLogin = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: newPw });
  assert.equal(newLogin.statusCode, 303);
});

test("a citizen stores their municipality; only served municipalities are accepted", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = new Client(app);
  await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const page = await c.get("/konto");
  assert.match(page.body, /<option value="08236040">Mühlacker<\/option>/);
  const bad = await c.submit("/konto", "/konto/wohnort", { homeAgs: "09162000" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /aus der Liste/);
  const ok = await c.submit("/konto", "/konto/wohnort", { homeAgs: "08236040" });
  assert.equal(ok.statusCode, 303);
  const after = await c.get("/konto?gespeichert=1");
  assert.match(after.body, /<option value="08236040" selected>Mühlacker<\/option>/);
  const row = await db.selectFrom("users").select("home_ags").where("email", "=", DEMO_ADMIN_EMAIL).executeTakeFirstOrThrow();
  assert.equal(row.home_ags, "08236040");
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "account.home_changed").executeTakeFirstOrThrow();
  assert.doesNotMatch(JSON.stringify(audit.details), /08236040/);
});
