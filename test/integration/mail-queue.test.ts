/**
 * The platform mail queue (src/platform/mail/queue.ts): mails are queued in the changing transaction and
 * survive an SMTP outage; the application's confirmation mail goes through it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";
import { createMailer } from "../../src/platform/mail/index.js";
import { deliverQueuedMails, enqueueMail } from "../../src/platform/mail/queue.js";
import { freePort } from "../../src/platform/db/embedded.js";

test("a mail queued in a rolled-back transaction never goes out; one queued in a committed one does", async (t) => {
  const { db, mail, config } = await buildTestApp(t);
  await assert.rejects(
    db.transaction().execute(async (tx) => {
      await enqueueMail(tx, { kind: "test.rolled_back", to: "a@example.org", subject: "nie", text: "x" });
      throw new Error("rollback");
    }),
    /rollback/,
  );
  await db.transaction().execute((tx) => enqueueMail(tx, { kind: "test.committed", ref: "R-1", to: "b@example.org", subject: "Hallo", text: "Text" }));
  const mailer = createMailer(mail.url, config.mailFrom);
  t.after(() => mailer.close());
  assert.deepEqual(await deliverQueuedMails(db, mailer, { refs: ["R-2"] }), { sent: 0, failed: 0 }, "only the mails about the given refs");
  assert.deepEqual(await deliverQueuedMails(db, mailer, { refs: ["R-1"] }), { sent: 1, failed: 0 });
  assert.equal((await mail.waitFor("b@example.org")).subject, "Hallo");
  assert.equal(mail.mails.filter((m) => m.to.includes("a@example.org")).length, 0);
  const row = await db.selectFrom("mail_queue").selectAll().where("ref", "=", "R-1").executeTakeFirstOrThrow();
  assert.ok(row.sent_at);
  assert.equal(row.body, null, "the body is removed after sending");
  await assert.rejects(db.insertInto("mail_queue").values({ kind: "Nicht gültig!", subject: "x" }).execute(), /mail_queue_kind_check/);
});

test("SMTP down: the confirmation mail of a submission stays queued with the error code and goes out on a later run", async (t) => {
  const closed = await freePort(); // nothing listens here
  const { app, db, mail, config } = await buildTestApp(t, { SMTP_URL: `smtp://127.0.0.1:${closed}` });
  const res = await app.inject({ method: "POST", url: "/api/v1/forms/hundesteuer-anmeldung/submissions", headers: { "content-type": "application/json" }, payload: { ...validAnswers["hundesteuer-anmeldung"]!, email: "erika@example.org" } });
  assert.equal(res.statusCode, 201, "the submission stands although no mail could be sent");
  const reference = res.json().reference as string;
  const row = await db.selectFrom("mail_queue").selectAll().where("ref", "=", reference).executeTakeFirstOrThrow();
  assert.equal(row.kind, "applications.confirmation");
  assert.equal(row.sent_at, null);
  assert.equal(row.attempts, 1);
  assert.equal(row.last_error, "ESOCKET");
  assert.doesNotMatch(row.last_error!, /erika/, "no address in the stored error");
  assert.ok(row.next_attempt_at > new Date(), "backed off");
  // The job's next run after the back-off (here: made due now) delivers it.
  await db.updateTable("mail_queue").set({ next_attempt_at: new Date() }).where("id", "=", row.id).execute();
  const mailer = createMailer(mail.url, config.mailFrom);
  t.after(() => mailer.close());
  assert.deepEqual(await deliverQueuedMails(db, mailer), { sent: 1, failed: 0 });
  const m = await mail.waitFor("erika@example.org");
  assert.equal(m.subject, `Eingangsbestätigung ${reference}: Hund zur Hundesteuer anmelden`);
  assert.match(m.text, new RegExp(`Aktenzeichen: ${reference}`));
});
