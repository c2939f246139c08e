/**
 * E-learning (issue 20): a course that requires identity confirmation by a live video session. The guest pays,
 * books a slot of the Gesundheitsamt's video identification through the appointments module, sees the meeting
 * link (LEARNING_VIDEO_ROOM_URL + random room), cannot take the quiz before staff confirmed, staff confirm
 * (audited), the quiz passes and the certificate is issued. Another guest neither sees nor confirms it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, cp, readFile, writeFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buildTestAppWithPayments, Client, signedIn } from "../helpers.js";
import { versionPublisher } from "../../src/modules/learning/index.js";
import { checkCourse, COURSES_DIR, loadCourseFolder } from "../../src/modules/learning/courses.js";
import { systemContext } from "../../src/platform/commands.js";

const SLUG = "belehrung-video";
const csrf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const decode = (s: string) => s.replace(/&amp;/g, "&");

async function pay(c: Client, handover: string) {
  const page = await c.get(handover);
  const payUrl = decode(/<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(page.body)![1]!);
  const html = await (await fetch(payUrl)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: "bezahlen" }).toString() });
  const loc = new URL(res.headers.get("location")!);
  return loc.pathname + loc.search;
}

async function book(c: Client, name: string, email: string) {
  const page = await c.get(`/kurse/${SLUG}`);
  const r = await c.post(`/kurse/${SLUG}`, { _csrf: csrf(page.body), name, geburtsdatum: "1990-05-17", email, sprache: "en", erklaerung: "ja" });
  assert.equal(r.statusCode, 303);
  const url = r.headers.location as string;
  const [, id, code] = /^\/kurse\/teilnahme\/([0-9a-f-]{36})\?code=(.+)$/.exec(url)!;
  return { url, id: id!, code: decodeURIComponent(code!) };
}

test("issue 20: video identification booked through appointments; quiz and certificate only after staff confirmed", { timeout: 180_000 }, async (t) => {
  const { app, db, config } = await buildTestAppWithPayments(t);
  assert.match(config.learning.videoRoomUrl, /^https:\/\//);
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-courses-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(COURSES_DIR, "infektionsschutz-43"), path.join(dir, SLUG), { recursive: true });
  const json = JSON.parse(await readFile(path.join(dir, SLUG, "course.json"), "utf8")) as Record<string, unknown>;
  // The loader's check: only the two kinds.
  await writeFile(path.join(dir, SLUG, "course.json"), JSON.stringify({ ...json, identification: "selfie" }));
  assert.ok(checkCourse(loadCourseFolder(SLUG, dir)).some((p) => /Identifikation/.test(p)), "an unknown identification kind is refused");
  await writeFile(path.join(dir, SLUG, "course.json"), JSON.stringify({ ...json, identification: "video" }));
  assert.equal((await versionPublisher(systemContext(db), SLUG, dir)).kind, "published");

  const c = new Client(app);
  await c.get("/sprache?lang=en&next=/");
  const g = await book(c, "Vera Video", "vera@example.org");
  const codeQ = `?code=${encodeURIComponent(g.code)}`;
  let overview = await c.get(g.url);
  assert.doesNotMatch(overview.body, /Book appointment/, "no identification slot before payment");
  const started = await c.post(`/kurse/teilnahme/${g.id}/bezahlen`, { _csrf: csrf(overview.body), code: g.code });
  assert.equal((await c.get(await pay(c, started.headers.location as string))).statusCode, 303);

  // Paid: the slots of the Gesundheitsamt's video identification (appointments module).
  overview = await c.get(g.url);
  assert.match(overview.body, /Appointment for the video identification/);
  const slot = /name="termin" value="(\d+)"/.exec(overview.body)![1]!;
  // No choice: the error at the field and in the summary.
  const none = await c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: csrf(overview.body), code: g.code });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /kp-error-summary/);
  assert.match(none.body, /id="termin-error"/);
  const booked = await c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: csrf(overview.body), code: g.code, termin: slot });
  assert.equal(booked.statusCode, 303);
  assert.equal(booked.headers.location, `${g.url}#identifikation`, "back to the overview with the code (before the fragment)");
  const e = await db.selectFrom("learning_enrollments").select(["ident_booking_code", "ident_room", "ident_status", "ident_starts_at"]).where("id", "=", g.id).executeTakeFirstOrThrow();
  assert.equal(e.ident_status, "booked");
  assert.equal(e.ident_starts_at!.getTime(), Number(slot) * 60_000);
  const appt = await db.selectFrom("appt_bookings").select(["status", "location_key", "email"]).where("code", "=", e.ident_booking_code!).executeTakeFirstOrThrow();
  assert.deepEqual(appt, { status: "confirmed", location_key: "lra-08236-gesundheit", email: "vera@example.org" }, "a real appointment of the Gesundheitsamt");
  overview = await c.get(g.url);
  const token = csrf((await c.get(`/kurse/teilnahme/${g.id}/modul/1${codeQ}`)).body);
  assert.ok(overview.body.includes(`${config.learning.videoRoomUrl}/${e.ident_room}`), "the meeting link: configured base + random room");
  assert.match(e.ident_room!, /^kreisportal-[0-9a-f]{32}$/);
  assert.equal((await c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: token, code: g.code, termin: slot })).statusCode, 303);
  assert.equal(await db.selectFrom("appt_bookings").select((x) => x.fn.countAll<string>().as("n")).where("email", "=", "vera@example.org").executeTakeFirstOrThrow().then((r) => Number(r.n)), 1, "booked once");

  // Modules done, but the quiz stays closed until staff confirmed.
  for (let n = 1; n <= 3; n++) await c.post(`/kurse/teilnahme/${g.id}/modul/${n}`, { _csrf: token, code: g.code });
  overview = await c.get(g.url);
  assert.doesNotMatch(overview.body, /Start the quiz/);
  const early = await c.post(`/kurse/teilnahme/${g.id}/test/start`, { _csrf: token, code: g.code });
  assert.equal(early.statusCode, 303);
  assert.equal(await db.selectFrom("learning_attempts").select("id").where("enrollment_id", "=", g.id).executeTakeFirst(), undefined, "no attempt before confirmation");

  // Another guest: cannot open this enrolment with their own link, nor reach the staff list or confirm.
  const other = new Client(app);
  const g2 = await book(other, "Otto Other", "otto@example.org");
  assert.equal((await other.get(`/kurse/teilnahme/${g.id}?code=${encodeURIComponent(g2.code)}`)).statusCode, 404);
  const list = await other.get("/verwaltung/lernen/identifikation");
  assert.notEqual(list.statusCode, 200);
  assert.doesNotMatch(list.body, /Vera Video/);
  const otherPage = await other.get(g2.url);
  const forged = await other.post(`/verwaltung/lernen/identifikation/${g.id}`, { _csrf: csrf(otherPage.body), entscheidung: "confirmed" });
  assert.notEqual(forged.statusCode, 200);
  // A staff account without the Lernredaktion role: forbidden.
  const clerk = await signedIn(app, db, { email: "clerk-ident@example.org", kind: "staff" });
  assert.equal((await clerk.get("/verwaltung/lernen/identifikation")).statusCode, 403);
  assert.equal((await db.selectFrom("learning_enrollments").select("ident_status").where("id", "=", g.id).executeTakeFirstOrThrow()).ident_status, "booked");

  // Staff of the Gesundheitsamt (Lernredaktion) confirm.
  const staff = await signedIn(app, db, { email: "gesundheitsamt-ident@example.org", kind: "staff", roles: ["admin"] });
  const staffList = await staff.get("/verwaltung/lernen/identifikation");
  assert.equal(staffList.statusCode, 200);
  assert.match(staffList.body, /Vera Video/);
  const confirmed = await staff.post(`/verwaltung/lernen/identifikation/${g.id}`, { _csrf: csrf(staffList.body), entscheidung: "confirmed" });
  assert.equal(confirmed.statusCode, 200);
  const again = await staff.post(`/verwaltung/lernen/identifikation/${g.id}`, { _csrf: csrf(staffList.body), entscheidung: "rejected" });
  assert.equal(again.statusCode, 409, "a decided identification is not decided again");
  const audit = await db.selectFrom("audit_log").select("action").where("object_id", "=", g.id).where("action", "like", "learning.identi%").orderBy("seq").execute();
  assert.deepEqual(audit.map((a) => a.action), ["learning.identification_booked", "learning.identity_confirmed"]);

  // Now the quiz, and the certificate.
  overview = await c.get(g.url);
  assert.match(overview.body, /Identity confirmed/);
  assert.match(overview.body, /Start the quiz/);
  const s = await c.post(`/kurse/teilnahme/${g.id}/test/start`, { _csrf: csrf(overview.body), code: g.code });
  const quiz = await c.get(decode(s.headers.location as string));
  const right: Array<[string, string]> = [["q_durchfall", "b"], ["q_anzeichen", "a"], ["q_anzeichen", "b"], ["q_anzeichen", "d"], ["q_reihenfolge_1", "nass"], ["q_reihenfolge_2", "seife"], ["q_reihenfolge_3", "spuelen"], ["q_reihenfolge_4", "trocknen"], ["q_sekunden", "20"], ["q_wiederholung", "b"]];
  const passed = await c.post(`/kurse/teilnahme/${g.id}/test`, [["_csrf", csrf(quiz.body)], ["code", g.code], ["attempt", /name="attempt" value="([^"]+)"/.exec(quiz.body)![1]!], ...right]);
  assert.match(passed.body, /Quiz passed/);
  assert.ok(await db.selectFrom("learning_certificates").select("code").where("enrollment_id", "=", g.id).executeTakeFirst(), "certificate issued");
  assert.equal((await c.get(`/kurse/teilnahme/${g.id}/nachweis.pdf${codeQ}`)).statusCode, 200);
});

test("issue 20: two simultaneous identification submits leave exactly one appointment (booking and enrolment in one transaction)", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestAppWithPayments(t);
  await publishVideoCourse(t, db);

  const c = new Client(app);
  const g = await book(c, "Paula Parallel", "paula@example.org");
  let overview = await c.get(g.url);
  const started = await c.post(`/kurse/teilnahme/${g.id}/bezahlen`, { _csrf: csrf(overview.body), code: g.code });
  assert.equal((await c.get(await pay(c, started.headers.location as string))).statusCode, 303);
  overview = await c.get(g.url);
  const slots = [...overview.body.matchAll(/name="termin" value="(\d+)"/g)].map((m) => m[1]!);
  assert.ok(slots.length >= 2, "two different free times");
  const token = csrf(overview.body);
  // Two submits at once (a double click, two tabs), each for another time, so the appointments' own slot race does not decide.
  const answers = await Promise.all([slots[0]!, slots[1]!].map((termin) => c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: token, code: g.code, termin })));
  assert.deepEqual(answers.map((a) => a.statusCode), [303, 303], "both end on the overview");
  const appts = await db.selectFrom("appt_bookings").select(["code", "status"]).where("email", "=", "paula@example.org").execute();
  assert.equal(appts.length, 1, `exactly one appointment, got ${JSON.stringify(appts)}`);
  assert.equal(appts[0]!.status, "confirmed");
  const e = await db.selectFrom("learning_enrollments").select(["ident_booking_code", "ident_status"]).where("id", "=", g.id).executeTakeFirstOrThrow();
  assert.deepEqual(e, { ident_booking_code: appts[0]!.code, ident_status: "booked" }, "the enrolment keeps that appointment");
  const audits = await db.selectFrom("audit_log").select("action").where("object_id", "=", g.id).where("action", "=", "learning.identification_booked").execute();
  assert.equal(audits.length, 1, "booked once in the audit log");
});

/** Publishes the § 43 course as a video-identification course under SLUG (a copy of the bundled folder). */
async function publishVideoCourse(t: { after(fn: () => Promise<void>): void }, db: Parameters<typeof systemContext>[0]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kp-courses-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(path.join(COURSES_DIR, "infektionsschutz-43"), path.join(dir, SLUG), { recursive: true });
  const json = JSON.parse(await readFile(path.join(dir, SLUG, "course.json"), "utf8")) as Record<string, unknown>;
  await writeFile(path.join(dir, SLUG, "course.json"), JSON.stringify({ ...json, identification: "video" }));
  assert.equal((await versionPublisher(systemContext(db), SLUG, dir)).kind, "published");
}

/** A guest booked and paid; returns the overview's first free identification time. */
async function bookAndPay(c: Client, name: string, email: string) {
  const g = await book(c, name, email);
  const overview = await c.get(g.url);
  const started = await c.post(`/kurse/teilnahme/${g.id}/bezahlen`, { _csrf: csrf(overview.body), code: g.code });
  assert.equal((await c.get(await pay(c, started.headers.location as string))).statusCode, 303);
  return g;
}

test("issue 20: cancelling the identification appointment through the mail's cancel link resets the enrolment's identity step", { timeout: 180_000 }, async (t) => {
  const { app, db } = await buildTestAppWithPayments(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  await publishVideoCourse(t, db);
  const c = new Client(app);
  await c.get("/sprache?lang=en&next=/");
  const g = await bookAndPay(c, "Cora Cancel", "cora@example.org");
  let overview = await c.get(g.url);
  const slot = /name="termin" value="(\d+)"/.exec(overview.body)![1]!;
  assert.equal((await c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: csrf(overview.body), code: g.code, termin: slot })).statusCode, 303);
  const booked = await db.selectFrom("learning_enrollments").select(["ident_booking_code", "ident_status"]).where("id", "=", g.id).executeTakeFirstOrThrow();
  assert.equal(booked.ident_status, "booked");

  // The appointments confirmation mail carries the cancel link; the guest follows it and cancels.
  const mail = await db.selectFrom("mail_queue").select("body").where("ref", "=", booked.ident_booking_code!).where("body", "like", "%/termine/buchung/%token=%").executeTakeFirstOrThrow();
  const link = new URL(/(https?:\/\/\S+\/termine\/buchung\/\S+)/.exec(mail.body!)![1]!);
  const token = link.searchParams.get("token")!;
  // Its manage page offers no move to /termine (the service is the course's): the enrolment is where it is booked.
  const manage = await c.get(`${link.pathname}?token=${encodeURIComponent(token)}`);
  assert.equal(manage.statusCode, 200);
  assert.doesNotMatch(manage.body, /\/verschieben\?token=/);
  assert.match(manage.body, /through the link to your enrolment/, "(the guest chose English)");
  const ask = await c.get(`${link.pathname}/absagen?token=${encodeURIComponent(token)}`);
  assert.equal(ask.statusCode, 200, ask.body.slice(0, 300));
  const cancelled = await c.post(`${link.pathname}/absagen`, { _csrf: csrf(ask.body), token });
  assert.equal(cancelled.statusCode, 200, cancelled.body.slice(0, 300));
  // No "book again" link to /termine/{location}/{leika}, which is not bookable for the public.
  assert.doesNotMatch(cancelled.body, /href="\/termine\/[^"]+\/\d{14}/);
  assert.match(cancelled.body, /You choose a new appointment where you booked this one/);
  assert.notEqual((await db.selectFrom("appt_bookings").select("status").where("code", "=", booked.ident_booking_code!).executeTakeFirstOrThrow()).status, "confirmed");

  // The enrolment no longer shows the booked session: the identity step is open again, new times are offered.
  const e = await db.selectFrom("learning_enrollments").select(["ident_booking_code", "ident_status", "ident_room", "ident_starts_at"]).where("id", "=", g.id).executeTakeFirstOrThrow();
  assert.deepEqual(e, { ident_booking_code: null, ident_status: null, ident_room: null, ident_starts_at: null });
  const audit = await db.selectFrom("audit_log").select("action").where("object_id", "=", g.id).where("action", "like", "learning.identi%").orderBy("seq").execute();
  assert.deepEqual(audit.map((a) => a.action), ["learning.identification_booked", "learning.identification_cancelled"]);
  overview = await c.get(g.url);
  assert.match(overview.body, /name="termin" value="\d+"/, "free times offered again");
  // Delivered again (at least once): nothing changes twice.
  await db.updateTable("event_outbox").set({ delivered_at: null, next_attempt_at: new Date(0), attempts: 0 }).where("type", "=", "appointment.cancelled").execute();
  await app.registry.events.deliverPending(db, { trigger: () => undefined });
  assert.equal((await db.selectFrom("audit_log").select("action").where("object_id", "=", g.id).where("action", "=", "learning.identification_cancelled").execute()).length, 1);

  // The citizen books again: a new appointment, the enrolment booked with it.
  const again = /name="termin" value="(\d+)"/.exec(overview.body)![1]!;
  assert.equal((await c.post(`/kurse/teilnahme/${g.id}/identifikation`, { _csrf: csrf(overview.body), code: g.code, termin: again })).statusCode, 303);
  const rebooked = await db.selectFrom("learning_enrollments").select(["ident_booking_code", "ident_status"]).where("id", "=", g.id).executeTakeFirstOrThrow();
  assert.equal(rebooked.ident_status, "booked");
  assert.notEqual(rebooked.ident_booking_code, booked.ident_booking_code);
});
