/**
 * Issue 20, mails after the course: "renew before expiry" (job learning-renewal-reminders, once per certificate,
 * in the holder's language, not for renewed, expired or revoked certificates; the course's own number of days or
 * LEARNING_RENEWAL_REMINDER_DAYS) and the certificate PDF attached to the mail when a certificate is issued.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, cp, readFile, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildTestApp, createTestUser, signedIn } from "../helpers.js";
import { pdfText } from "../support/pdfText.js";
import { publishCourseFolders, remindRenewals, versionPublisher } from "../../src/modules/learning/index.js";
import { COURSES_DIR } from "../../src/modules/learning/courses.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";
import type { Db } from "../../src/platform/db/index.js";
import { newCertificateCode } from "../../src/modules/learning/commands/attempts.js";

const csrf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

/** A certificate of the course's newest version for a staff account (userId) or a guest; returns its id. */
async function certificate(db: Db, slug: string, holder: { userId?: string; name: string; email: string; birthDate?: string; locale?: string }, validUntil: string, revoked = false): Promise<string> {
  const v = await db.selectFrom("learning_course_versions").select("id").where("slug", "=", slug).orderBy("version", "desc").executeTakeFirstOrThrow();
  const e = await db
    .insertInto("learning_enrollments")
    .values({ version_id: v.id, user_id: holder.userId ?? null, holder_name: holder.name, birth_date: holder.birthDate ?? null, email: holder.email, content_locale: holder.locale ?? "de", identity_declared_at: null, paid_at: null, completed_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  const code = newCertificateCode();
  const c = await db.insertInto("learning_certificates").values({ enrollment_id: e.id, code, valid_until: validUntil, revoked_at: revoked ? new Date() : null, revoke_reason: revoked ? "Test" : null, revoked_by: null }).returning("id").executeTakeFirstOrThrow();
  return c.id;
}

test("issue 20: renew before expiry — one mail per certificate in the holder's language, none for renewed, expired, revoked or later ones; the course's own days", { timeout: 120_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, config, mail } = ta;
  await publishCourseFolders(db);
  // A hygiene instruction for guests, valid 12 months, reminder 60 days ahead (the course's own number).
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-courses-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(COURSES_DIR, "datenschutz-grundlagen"), path.join(dir, "hygiene-belehrung"), { recursive: true });
  const json = JSON.parse(await readFile(path.join(dir, "hygiene-belehrung", "course.json"), "utf8")) as Record<string, unknown>;
  await writeFile(path.join(dir, "hygiene-belehrung", "course.json"), JSON.stringify({ ...json, audience: "public", validityMonths: 12, renewalReminderDays: 60, title: { de: "Hygienebelehrung", en: "Hygiene instruction" } }));
  assert.equal((await versionPublisher(systemContext(db), "hygiene-belehrung", dir)).kind, "published");

  const today = berlinDate(new Date());
  const in20 = addDays(today, 20);
  const in45 = addDays(today, 45);
  assert.deepEqual(config.learning.renewalReminderDays, [30], "the module's default");

  const englishId = await createTestUser(db, { email: "english@example.org", kind: "staff", roles: ["member"] });
  await db.updateTable("users").set({ locale: "en" }).where("id", "=", englishId).execute();
  const germanId = await createTestUser(db, { email: "deutsch@example.org", kind: "staff", roles: ["member"] });
  const renewedId = await createTestUser(db, { email: "erneuert@example.org", kind: "staff", roles: ["member"] });

  const due = await certificate(db, "datenschutz-grundlagen", { userId: englishId, name: "Emma English", email: "old-address@example.org" }, in20);
  await certificate(db, "datenschutz-grundlagen", { userId: germanId, name: "Doris Deutsch", email: "deutsch@example.org" }, in45); // beyond the 30 days
  const old = await certificate(db, "datenschutz-grundlagen", { userId: renewedId, name: "Rita Erneuert", email: "erneuert@example.org" }, in20);
  await certificate(db, "datenschutz-grundlagen", { userId: renewedId, name: "Rita Erneuert", email: "erneuert@example.org" }, addDays(today, 700)); // renewed
  await certificate(db, "datenschutz-grundlagen", { userId: germanId, name: "Doris Deutsch", email: "deutsch@example.org" }, addDays(today, -1)); // expired
  await certificate(db, "datenschutz-grundlagen", { userId: germanId, name: "Doris Deutsch", email: "deutsch@example.org" }, in20, true); // revoked
  const guest = await certificate(db, "hygiene-belehrung", { name: "Gül Gast", email: "gast@example.org", birthDate: "1980-02-03", locale: "de" }, in45); // 45 ≤ 60
  // A guest who renewed (same e-mail and date of birth, a later certificate): no reminder.
  await certificate(db, "hygiene-belehrung", { name: "Tom Gast", email: "tom@example.org", birthDate: "1970-01-01", locale: "en" }, in20);
  await certificate(db, "hygiene-belehrung", { name: "Tom Gast", email: "TOM@example.org", birthDate: "1970-01-01", locale: "en" }, addDays(today, 360));

  const job = app.registry.jobs.find((j) => j.name === "learning-renewal-reminders");
  assert.ok(job?.cron, "registered as a cron job of the module");
  await job!.handler({ db, config, mailer: app.deps.mailer, app }, {});
  await job!.handler({ db, config, mailer: app.deps.mailer, app }, {});
  assert.equal(await remindRenewals(db, config, app.deps.mailer), 0, "the third run finds nothing either");

  const english = await mail.waitFor("english@example.org");
  assert.match(english.subject, /Your certificate "Data protection basics" expires on \d{2}\.\d{2}\.\d{4}/);
  assert.match(english.text, /Hello Emma English/);
  assert.match(english.text, /http:\/\/localhost:3000\/lernen/);
  const german = await mail.waitFor("gast@example.org");
  assert.match(german.subject, /Ihre Bescheinigung „Hygienebelehrung“ läuft am/);
  assert.match(german.text, /http:\/\/localhost:3000\/kurse\/hygiene-belehrung/);
  const queued = await db.selectFrom("mail_queue").select(["recipient", "sent_at"]).where("kind", "=", "learning.renewal").orderBy("recipient").execute();
  assert.deepEqual(queued.map((q) => q.recipient), ["english@example.org", "gast@example.org"], "one mail each: not the renewed, expired, revoked or later ones; the account's address");
  assert.ok(queued.every((q) => q.sent_at), "sent through the mail queue");
  assert.equal(mail.mails.filter((m) => /expires on|läuft am/.test(m.subject)).length, 2, "two runs, one mail each");
  const marked = await db.selectFrom("learning_certificates").select("id").where("renewal_reminded_at", "is not", null).execute();
  assert.deepEqual(marked.map((m) => m.id).sort(), [due, guest].sort());
  assert.ok(!marked.some((m) => m.id === old));

  // Later, the German holder's certificate comes within 30 days: now it is her turn, in German.
  assert.equal(await remindRenewals(db, config, app.deps.mailer, addDays(today, 20)), 1);
  const doris = await mail.waitFor("deutsch@example.org");
  assert.match(doris.subject, /Ihre Bescheinigung „Datenschutz-Grundlagen“ läuft am/);
  const audit = await db.selectFrom("audit_log").select("action").where("action", "=", "learning.renewal_reminders_queued").execute();
  assert.equal(audit.length, 2);
});

test("issue 20: renewal reminders as a series (LEARNING_RENEWAL_REMINDER_DAYS=60,14,1) — each stage once, only the current one, none after renewing", { timeout: 120_000 }, async (t) => {
  const { app, db, config, mail } = await buildTestApp(t);
  await publishCourseFolders(db);
  const seriesConfig = { ...config, learning: { ...config.learning, renewalReminderDays: [60, 14, 1] } };
  const today = berlinDate(new Date());
  const run = (day: number) => remindRenewals(db, seriesConfig, app.deps.mailer, addDays(today, day));
  const annaId = await createTestUser(db, { email: "anna@example.org", kind: "staff", roles: ["member"] });
  const bennoId = await createTestUser(db, { email: "benno@example.org", kind: "staff", roles: ["member"] });
  const carlaId = await createTestUser(db, { email: "carla@example.org", kind: "staff", roles: ["member"] });
  const anna = await certificate(db, "datenschutz-grundlagen", { userId: annaId, name: "Anna Staffel", email: "anna@example.org" }, addDays(today, 50));
  // Issued late: 10 days left at the first run, so the 60-day stage is gone; only 14, then 1.
  const benno = await certificate(db, "datenschutz-grundlagen", { userId: bennoId, name: "Benno Spät", email: "benno@example.org" }, addDays(today, 10));
  const carla = await certificate(db, "datenschutz-grundlagen", { userId: carlaId, name: "Carla Erneuert", email: "carla@example.org" }, addDays(today, 50));

  assert.equal(await run(0), 3, "Anna and Carla at 60 days, Benno at 14");
  assert.equal(await run(0), 0, "the same day again: nothing");
  // Carla renews after the first reminder: no further stage for her.
  await certificate(db, "datenschutz-grundlagen", { userId: carlaId, name: "Carla Erneuert", email: "carla@example.org" }, addDays(today, 780));
  assert.equal(await run(9), 1, "Benno, 1 day left");
  assert.equal(await run(36), 1, "Anna, 14 days left");
  assert.equal(await run(37), 0);
  assert.equal(await run(49), 1, "Anna, 1 day left");
  assert.equal(await run(50), 0, "expiry day: the 1-day stage is sent already");
  assert.equal(await run(51), 0, "expired");

  await mail.waitFor("anna@example.org", (m) => /läuft am/.test(m.subject));
  const received = (to: string) => mail.mails.filter((m) => m.to.includes(to) && /läuft am/.test(m.subject)).length;
  for (let i = 0; i < 50 && received("anna@example.org") < 3; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(received("anna@example.org"), 3, "60, 14 and 1 day ahead, through the SMTP server");
  assert.equal(received("benno@example.org"), 2);
  assert.equal(received("carla@example.org"), 1, "renewed after the first");
  const refs = (await db.selectFrom("mail_queue").select("ref").where("kind", "=", "learning.renewal").execute()).map((r) => r.ref).sort();
  assert.deepEqual(refs, [`learning-renewal:${anna}:1`, `learning-renewal:${anna}:14`, `learning-renewal:${anna}:60`, `learning-renewal:${benno}:1`, `learning-renewal:${benno}:14`, `learning-renewal:${carla}:60`].sort());
  const stages = await db.selectFrom("learning_certificates").select(["id", "renewal_reminded_days"]).where("id", "in", [anna, benno, carla]).execute();
  assert.deepEqual(Object.fromEntries(stages.map((s) => [s.id, s.renewal_reminded_days])), { [anna]: 1, [benno]: 1, [carla]: 60 });
});

/** The PDF attached to a raw MIME mail (base64 part with content type application/pdf). */
function pdfAttachment(raw: string): { filename: string; bytes: Buffer } | undefined {
  const m = /Content-Type: application\/pdf;?\s*(?:name="?([^"\r\n]+)"?)?[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/i.exec(raw);
  return m ? { filename: m[1] ?? "", bytes: Buffer.from(m[2]!.replace(/\s+/g, ""), "base64") } : undefined;
}

test("issue 20: passing the quiz mails the certificate PDF as an attachment, once, in the page's language", { timeout: 120_000 }, async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  await publishCourseFolders(db);
  const worker = await signedIn(app, db, { email: "lernende@example.org", kind: "staff", roles: ["member"] });
  await worker.get("/sprache?lang=en&next=/lernen");
  const mine = await worker.get("/lernen");
  const started = await worker.post("/lernen/datenschutz-grundlagen/starten", { _csrf: csrf(mine.body) });
  const overviewUrl = started.headers.location as string;
  const m1 = await worker.get(`${overviewUrl}/modul/1`);
  await worker.post(`${overviewUrl}/modul/1`, { _csrf: csrf(m1.body) });
  const ready = await worker.get(overviewUrl);
  await worker.post(`${overviewUrl}/test/start`, { _csrf: csrf(ready.body) });
  const quiz = await worker.get(`${overviewUrl}/test`);
  const attempt = /name="attempt" value="([^"]+)"/.exec(quiz.body)![1]!;
  const passed = await worker.post(`${overviewUrl}/test`, { _csrf: csrf(quiz.body), attempt, q_panne: "b" });
  assert.match(passed.body, /Quiz passed/);
  const code = (await db.selectFrom("learning_certificates").select("code").executeTakeFirstOrThrow()).code;

  const m = await mail.waitFor("lernende@example.org", (x) => /certificate/i.test(x.subject));
  assert.equal(m.subject, "Your certificate: Data protection basics");
  assert.match(m.raw, new RegExp(`http://localhost:3000/nachweis/${code}`));
  const pdf = pdfAttachment(m.raw);
  assert.ok(pdf, "a PDF is attached");
  assert.equal(pdf.filename, "nachweis-datenschutz-grundlagen.pdf");
  assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
  const text = pdfText(pdf.bytes);
  assert.match(text, /Data protection basics/);
  assert.match(text, new RegExp(code));
  const queued = await db.selectFrom("mail_queue").select(["sent_at", "attachments"]).where("kind", "=", "learning.certificate").execute();
  assert.equal(queued.length, 1);
  assert.ok(queued[0]!.sent_at && queued[0]!.attachments === null, "sent right after the request, the attachment removed from the queue");
  // Submitting the same attempt again issues nothing and mails nothing.
  const again = await worker.post(`${overviewUrl}/test`, { _csrf: csrf(quiz.body), attempt, q_panne: "b" });
  assert.equal(again.statusCode, 409);
  assert.equal((await db.selectFrom("mail_queue").select("id").where("kind", "=", "learning.certificate").execute()).length, 1);
});
