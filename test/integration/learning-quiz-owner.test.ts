/**
 * Issue 20: the quiz is scored only for the enrolment's owner (server-side authorization on every object). The
 * scoring command itself checks, in its transaction, that the caller owns the enrolment — the guest's capability
 * code of *that* enrolment, or the staff account it belongs to — and, for a course with video identification, that the
 * identity was confirmed. A second enrolment's code, id or account scores nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser } from "../helpers.js";
import { versionPublisher } from "../../src/modules/learning/index.js";
import { latestVersion } from "../../src/modules/learning/queries.js";
import { guestEnroller, staffEnroller } from "../../src/modules/learning/commands/enrollments.js";
import { attemptStarter, attemptSubmitter } from "../../src/modules/learning/commands/attempts.js";
import { systemContext, type CommandContext } from "../../src/platform/commands.js";

/** Valid option ids, mostly wrong: scored as failed (no certificate), never "manipulated". */
const WRONG = { durchfall: ["a"], anzeichen: ["c"], reihenfolge: ["seife", "nass", "trocknen", "spuelen"], sekunden: ["5"], wiederholung: ["a"] };
const anonymous = (db: CommandContext["db"]): CommandContext => ({ actor: { type: "anonymous", id: null }, db });

test("issue 20: the quiz-scoring command scores only the caller's own enrolment (second enrolment's code, id, account refused)", { timeout: 180_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t);
  for (const slug of ["infektionsschutz-43", "datenschutz-grundlagen"]) assert.notEqual((await versionPublisher(systemContext(db), slug)).kind, "refused");
  const course = (await latestVersion(db, "infektionsschutz-43"))!;
  assert.equal(course.content.identification, "video");
  const link = { secret: config.sessionSecret, publicUrl: config.publicUrl, locale: "de" as const, courseTitle: "Belehrung" };
  const enrol = async (name: string) => {
    const g = await guestEnroller(systemContext(db), course.id, { name, birthDate: "1990-05-17", email: `${name.toLowerCase()}@example.org`, contentLocale: "de" }, link);
    await db.updateTable("learning_enrollments").set({ paid_at: new Date(), ident_status: "confirmed", modules_done: course.content.modules.map((m) => m.id) }).where("id", "=", g.id).execute();
    return { ...g, attempt: (await attemptStarter(anonymous(db), g.id, { code: g.code, secret: config.sessionSecret }))!.id };
  };
  const a = await enrol("Anna");
  const b = await enrol("Bert");
  const open = async (attemptId: string) => (await db.selectFrom("learning_attempts").select("submitted_at").where("id", "=", attemptId).executeTakeFirstOrThrow()).submitted_at === null;
  const submit = (ctx: CommandContext, enrollmentId: string, attemptId: string, code?: string) =>
    attemptSubmitter(ctx, enrollmentId, attemptId, course.content.quiz, course.content.validityMonths, WRONG, { code, secret: config.sessionSecret });

  // Anna's code with Bert's enrolment id and attempt: refused, Bert's attempt stays open.
  assert.equal((await submit(anonymous(db), b.id, b.attempt, a.code)).kind, "not_found");
  assert.equal((await submit(anonymous(db), b.id, b.attempt)).kind, "not_found", "no code at all");
  assert.ok(await open(b.attempt), "Bert's attempt not scored");
  // Through the page: Bert's enrolment with Anna's code → 404, nothing scored.
  const c = new Client(app);
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get(`/kurse/teilnahme/${a.id}?code=${encodeURIComponent(a.code)}`)).body)![1]!;
  const forged = await c.post(`/kurse/teilnahme/${b.id}/test`, { _csrf: token, code: a.code, attempt: b.attempt, q_durchfall: "a" });
  assert.equal(forged.statusCode, 404);
  assert.ok(await open(b.attempt));

  // The identity step is checked by the command too: back to "booked" (e.g. re-booked), nothing scored.
  await db.updateTable("learning_enrollments").set({ ident_status: "booked" }).where("id", "=", b.id).execute();
  assert.equal((await submit(anonymous(db), b.id, b.attempt, b.code)).kind, "identity_unconfirmed");
  assert.ok(await open(b.attempt));
  await db.updateTable("learning_enrollments").set({ ident_status: "confirmed" }).where("id", "=", b.id).execute();
  // Bert's own code: scored.
  assert.equal((await submit(anonymous(db), b.id, b.attempt, b.code)).kind, "failed");
  assert.ok(!(await open(b.attempt)));
  // Starting a new attempt is the owner's too: Anna's code opens none for Bert.
  const attemptsOfBert = async () => (await db.selectFrom("learning_attempts").select("id").where("enrollment_id", "=", b.id).execute()).length;
  assert.equal(await attemptStarter(anonymous(db), b.id, { code: a.code, secret: config.sessionSecret }), undefined);
  assert.equal(await attemptsOfBert(), 1, "no attempt started for Bert with Anna's code");
  assert.ok(await attemptStarter(anonymous(db), b.id, { code: b.code, secret: config.sessionSecret }));
  assert.equal(await attemptsOfBert(), 2);

  // Staff enrolments: another staff account (no code) is refused, the owner is scored.
  const staffCourse = (await latestVersion(db, "datenschutz-grundlagen"))!;
  const owner = { id: await createTestUser(db, { email: "owner-quiz@example.org", kind: "staff" }) };
  const other = { id: await createTestUser(db, { email: "other-quiz@example.org", kind: "staff" }) };
  const se = await staffEnroller(systemContext(db), staffCourse.id, { id: owner.id, displayName: "Olga Owner", email: "owner-quiz@example.org" }, "de");
  await db.updateTable("learning_enrollments").set({ modules_done: staffCourse.content.modules.map((m) => m.id) }).where("id", "=", se).execute();
  assert.equal(await attemptStarter({ actor: { type: "user", id: other.id }, db }, se, { secret: config.sessionSecret }), undefined, "another staff account starts nothing");
  const sa = (await attemptStarter({ actor: { type: "user", id: owner.id }, db }, se, { secret: config.sessionSecret }))!.id;
  const staffSubmit = (actorId: string) => attemptSubmitter({ actor: { type: "user", id: actorId }, db }, se, sa, staffCourse.content.quiz, staffCourse.content.validityMonths, {}, { secret: config.sessionSecret });
  assert.equal((await staffSubmit(other.id)).kind, "not_found");
  assert.ok(await open(sa));
  assert.notEqual((await staffSubmit(owner.id)).kind, "not_found");
  assert.ok(!(await open(sa)));
});
