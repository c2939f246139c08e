/**
 * Issue 17: an invited person without an account registers from the invitation page and comes back to the
 * invitation by itself (registration keeps `next` through the confirmation mail and the login). Only
 * same-site paths are accepted as `next`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, linkIn, signedIn } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";

const PASSWORD = "ein langes sicheres Passwort 17";

test("registration returns to the invitation: link with next, confirmation mail and login carry it; foreign next ignored", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  await seedCareDemo(db);
  const home = (await db.selectFrom("care_providers").select("id").where("name", "=", "Pflegeheim Am Enzufer (Demo)").executeTakeFirstOrThrow()).id;
  const staff = await signedIn(app, db, { email: "psp@enzkreis.example", kind: "staff", roles: ["care_counsellor"] });
  const page = `/verwaltung/pflege/${home}/einladungen`;
  assert.equal((await staff.submit(page, page, { email: "neu@heim.example" })).statusCode, 303);
  const m = await db.selectFrom("mail_queue").select("body").where("kind", "=", "care.invitation").executeTakeFirstOrThrow();
  const invitation = /(\/pflegeplaetze\/einladung\?t=[A-Za-z0-9_-]{32})/.exec(m.body ?? "")![1]!;

  // The invitation page links to the registration with next = the invitation.
  const c = new Client(app);
  const inv = await c.get(invitation);
  const registerHref = `/registrieren?next=${encodeURIComponent(invitation)}`;
  assert.ok(inv.body.includes(`href="${registerHref.replace(/&/g, "&amp;")}"`) || inv.body.includes(`href="${registerHref}"`), "register link carries next");
  assert.match(inv.body, /führt Sie nach der Anmeldung hierher zurück/);

  // The registration page keeps next (hidden field, login link) and offers the way back.
  const reg = await c.get(registerHref);
  assert.match(reg.body, new RegExp(`<input type="hidden" name="next" value="${invitation.replace(/[?]/g, "\\?")}"`));
  assert.match(reg.body, /Zurück zur vorigen Seite, ohne ein Konto anzulegen/);
  assert.ok(reg.body.includes(`href="/anmelden?next=${encodeURIComponent(invitation)}"`));
  // An error keeps next.
  const bad = await c.submit(registerHref, "/registrieren", { displayName: "", email: "neu@heim.example", password: PASSWORD, passwordConfirm: PASSWORD, next: invitation });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /name="next"/);
  const sent = await c.submit(registerHref, "/registrieren", { displayName: "Nora Neu", email: "neu@heim.example", password: PASSWORD, passwordConfirm: PASSWORD, next: invitation });
  assert.equal(sent.statusCode, 200);
  assert.match(sent.body, /zu der Seite zurück, von der Sie kamen/);

  // Confirmation mail → confirm → login → back at the invitation → accept.
  const confirmMail = await mail.waitFor("neu@heim.example", (x) => x.subject.includes("bestätigen"));
  const confirmPath = linkIn(confirmMail.text);
  assert.ok(confirmPath.includes(`next=${encodeURIComponent(invitation)}`), confirmPath);
  const token = new URL(confirmPath, "http://x").searchParams.get("token")!;
  const confirmed = await c.submit(confirmPath, "/registrieren/bestaetigen", { token, next: invitation });
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, `/anmelden?hinweis=bestaetigt&next=${encodeURIComponent(invitation)}`);
  const loginPage = await c.get(confirmed.headers.location as string);
  assert.match(loginPage.body, new RegExp(`name="next" value="${invitation.replace(/[?]/g, "\\?")}"`));
  const login = await c.submit(confirmed.headers.location as string, "/anmelden", { email: "neu@heim.example", password: PASSWORD, next: invitation });
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, invitation);
  const back = await c.get(invitation);
  assert.match(back.body, /Einladung annehmen/);
  const accepted = await c.submit(invitation, "/pflegeplaetze/einladung", { t: invitation.split("t=")[1]! });
  assert.equal(accepted.statusCode, 303);
  assert.equal((await db.selectFrom("care_provider_members").select("user_id").where("provider_id", "=", home).execute()).length, 1);

  // Only same-site paths: another site or a protocol-relative URL is dropped everywhere.
  for (const evil of ["https://evil.example/x", "//evil.example/x", "/\\evil.example"]) {
    const r = await new Client(app).get(`/registrieren?next=${encodeURIComponent(evil)}`);
    assert.doesNotMatch(r.body, /name="next"/);
    assert.doesNotMatch(r.body, /evil\.example/);
  }
  const c2 = new Client(app);
  await c2.submit("/registrieren", "/registrieren", { displayName: "Otto", email: "otto@example.org", password: PASSWORD, passwordConfirm: PASSWORD, next: "https://evil.example/" });
  const ottoMail = await mail.waitFor("otto@example.org", (x) => x.subject.includes("bestätigen"));
  assert.doesNotMatch(ottoMail.text, /next=/);
  const ottoPath = linkIn(ottoMail.text);
  const ottoConfirmed = await c2.submit(ottoPath, "/registrieren/bestaetigen", { token: new URL(ottoPath, "http://x").searchParams.get("token")!, next: "//evil.example" });
  assert.equal(ottoConfirmed.headers.location, "/anmelden?hinweis=bestaetigt");
});
