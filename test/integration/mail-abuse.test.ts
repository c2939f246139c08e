/**
 * Mail abuse and faults (issue 12 item 8): one strict address rule, a per-recipient limit on confirmation
 * mails, and permanent SMTP errors (5xx) marked failed – visible to administrators – instead of retried.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SMTPServer } from "smtp-server";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn, type TestApp } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { createMailer } from "../../src/platform/mail/index.js";
import { deliverQueuedMails, enqueueMail } from "../../src/platform/mail/queue.js";

const BAD = `erika@example.org)))'".(.,(`;

const submit = (app: FastifyInstance, email: string) =>
  app.inject({ method: "POST", url: "/api/v1/forms/hundesteuer-anmeldung/submissions", headers: { "content-type": "application/json" }, payload: { ...validAnswers["hundesteuer-anmeldung"]!, email } });

async function adminClient(app: FastifyInstance) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(res.statusCode, 303);
  return c;
}

test("a malformed address in the answers is refused (422) and nothing is queued (issue 12 item 8)", async (t) => {
  const { app, db }: TestApp = await buildTestApp(t);
  const res = await submit(app, BAD);
  assert.equal(res.statusCode, 422, res.body);
  assert.match(res.body, /email/);
  assert.equal((await db.selectFrom("mail_queue").select("id").execute()).length, 0);
  // The same rule on booking and registration.
  const booking = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId: "x", name: "Erika Muster", email: BAD, altcha: "" } });
  assert.equal(booking.statusCode, 422);
  const reg = new Client(app);
  const r = await reg.submit("/registrieren", "/registrieren", { displayName: "Erika Muster", email: BAD, password: "Ein langes Passwort 2026", passwordConfirm: "Ein langes Passwort 2026" });
  assert.equal(r.statusCode, 422);
});

test("confirmation mails to one recipient are limited (5 an hour); the submissions still succeed (issue 12 item 8)", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const codes: number[] = [];
  for (let i = 0; i < 7; i++) codes.push((await submit(app, i % 2 ? "Opfer@Example.org" : "opfer@example.org")).statusCode);
  assert.deepEqual(codes, [201, 201, 201, 201, 201, 201, 201]);
  const queued = await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "applications.confirmation").execute();
  assert.equal(queued.length, 5, "the sixth and seventh are not sent");
  await mail.waitFor("opfer@example.org");
  // Another recipient is not affected.
  assert.equal((await submit(app, "anders@example.org")).statusCode, 201);
  assert.equal((await db.selectFrom("mail_queue").select("id").where("kind", "=", "applications.confirmation").execute()).length, 6);
});

test("the limit is for addresses typed into answers: an API token holder's own confirmations are not limited (issue 12 item 8)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = await signedIn(app, db, { email: "halterin@example.org", kind: "citizen" });
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await c.get("/konto")).body)?.[1] ?? "";
  const expiresOn = /name="expiresOn" value="([^"]*)"/.exec((await c.get("/konto")).body)?.[1] ?? "";
  const created = await c.post("/konto/api-zugaenge", [["_csrf", csrf], ["tokenName", "Fachverfahren"], ["scopes", "submissions:write"], ["expiresOn", expiresOn]]);
  const secret = /<code class="kp-secret" id="neues-token">(kp_[^<]+)<\/code>/.exec(created.body)?.[1];
  assert.ok(secret, "token created");
  for (let i = 0; i < 7; i++) {
    const res: { statusCode: number; body: string } = await app.inject({ method: "POST", url: "/api/v1/forms/hundesteuer-anmeldung/submissions", headers: { "content-type": "application/json", authorization: `Bearer ${secret}` }, payload: { ...validAnswers["hundesteuer-anmeldung"]!, email: "halterin@example.org" } });
    assert.equal(res.statusCode, 201, res.body);
  }
  const queued = await db.selectFrom("mail_queue").select("recipient").where("kind", "=", "applications.confirmation").execute();
  assert.deepEqual(queued.map((q) => q.recipient), Array(7).fill("halterin@example.org"));
});

/** A real SMTP server that refuses gone@ for good (550) and busy@ for now (451). */
async function refusingSmtp(t: { after(fn: () => unknown): void }) {
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith("gone@")) return cb(Object.assign(new Error("5.1.1 <gone@example.org>: Recipient address rejected: User unknown"), { responseCode: 550 }));
      if (address.address.startsWith("busy@")) return cb(Object.assign(new Error("4.2.1 Mailbox busy, try later"), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      stream.resume();
      stream.on("end", () => {
        accepted.push(...session.envelope.rcptTo.map((r) => r.address));
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.server.address();
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `smtp://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, accepted };
}

test("SMTP 550 → failed after one attempt with the reason, never retried, listed for admins; 451 → retried with back-off (issue 12 item 8)", async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const smtp = await refusingSmtp(t);
  const mailer = createMailer(smtp.url, config.mailFrom);
  t.after(() => mailer.close());
  const gone = await enqueueMail(db, { kind: "test.permanent", to: "gone@example.org", subject: "Weg", text: "x" });
  const busy = await enqueueMail(db, { kind: "test.transient", to: "busy@example.org", subject: "Später", text: "x" });
  const ok = await enqueueMail(db, { kind: "test.ok", to: "da@example.org", subject: "Da", text: "x" });
  assert.deepEqual(await deliverQueuedMails(db, mailer), { sent: 1, failed: 2 });
  assert.deepEqual(smtp.accepted, ["da@example.org"]);
  const row = (id: string) => db.selectFrom("mail_queue").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const g = await row(gone);
  assert.ok(g.failed_at, "marked failed");
  assert.equal(g.attempts, 1);
  assert.match(g.last_error ?? "", /550/);
  const b = await row(busy);
  assert.equal(b.failed_at, null);
  assert.match(b.last_error ?? "", /451/);
  assert.ok(b.next_attempt_at > new Date(), "backed off");
  // Both made due again: only the transient one is tried.
  await db.updateTable("mail_queue").set({ next_attempt_at: new Date(Date.now() - 1000) }).where("id", "in", [gone, busy]).execute();
  assert.deepEqual(await deliverQueuedMails(db, mailer), { sent: 0, failed: 1 });
  assert.equal((await row(gone)).attempts, 1, "a permanent failure is not retried");
  const b2 = await row(busy);
  assert.equal(b2.attempts, 2);
  assert.ok(b2.next_attempt_at.getTime() - Date.now() > 90_000, "the back-off grows");
  assert.ok((await row(ok)).sent_at);

  // Staff see it: administrators get the list, other staff 403.
  const admin = await adminClient(app);
  const page = await admin.get("/verwaltung/fehlgeschlagene-mails");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /gone@example\.org/);
  assert.match(page.body, /550/);
  assert.doesNotMatch(page.body, /busy@example\.org/, "still being retried: not failed");
  assert.match((await admin.get("/verwaltung")).body, /href="\/verwaltung\/fehlgeschlagene-mails"/);
  const member = await signedIn(app, db, { email: "mitglied@lra.example", kind: "staff", roles: ["member"] });
  assert.equal((await member.get("/verwaltung/fehlgeschlagene-mails")).statusCode, 403);
});
