/**
 * Issue 21 (appointment reminders as push) and "Meine Termine": a booking made while signed in belongs to
 * the account; the owner sees and cancels it there (with a question first); nobody else can; the
 * day-before reminder also queues a push for the owner's devices (once).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createECDH, randomBytes } from "node:crypto";
import { buildTestApp, Client, deliverAllEvents, signedIn } from "../helpers.js";
import { sendDueReminders } from "../../src/modules/appointments/index.js";

const MUE = "gem-08236040";
const ID_CARD = "99008001012000";
const b64url = (b: Buffer) => b.toString("base64url");

test("issue 21: a signed-in booking is under 'Meine Termine', cancellable only by its owner after a question; its reminder comes as a push once", async (t) => {
  const { app, db } = await buildTestApp(t, { BOOKING_CHALLENGE: "off", BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const slots = (await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${ID_CARD}&location=${MUE}` })).json() as Array<{ slotId: string; start: string; end: string }>;
  assert.ok(slots.length >= 2);

  const owner = await signedIn(app, db, { email: "termin@example.org", kind: "citizen" });
  const ownerId = (await db.selectFrom("users").select("id").where("email", "=", "termin@example.org").executeTakeFirstOrThrow()).id;
  const slot = slots[0]!;
  const booked = await owner.submit(`/termine/buchen?slot=${encodeURIComponent(slot.slotId)}`, "/termine/buchen", { slotId: slot.slotId, name: "Erika Mustermann", email: "termin@example.org", altcha: "" });
  assert.ok([200, 303].includes(booked.statusCode), `booking: ${booked.statusCode} ${booked.body.slice(0, 3000)}`);
  const row = await db.selectFrom("appt_bookings").select(["code", "user_id", "status"]).where("email", "=", "termin@example.org").executeTakeFirstOrThrow();
  assert.equal(row.user_id, ownerId, "the booking belongs to the account");
  // An anonymous booking of another slot stays anonymous.
  const anon = new Client(app);
  const later = slots.find((s) => s.start >= slot.end)!;
  const anonBooked = await anon.submit(`/termine/buchen?slot=${encodeURIComponent(later.slotId)}`, "/termine/buchen", { slotId: later.slotId, name: "Max Muster", email: "anon@example.org", altcha: "" });
  assert.equal(anonBooked.statusCode, 303);
  assert.equal((await db.selectFrom("appt_bookings").select("user_id").where("email", "=", "anon@example.org").executeTakeFirstOrThrow()).user_id, null);

  // Mein Konto links to it; the list shows the booking and its cancel link; login required.
  assert.match((await owner.get("/konto")).body, /href="\/konto\/termine"/);
  const list = await owner.get("/konto/termine");
  assert.equal(list.statusCode, 200);
  assert.ok(list.body.includes(row.code));
  assert.ok(list.body.includes(`href="/konto/termine/${row.code}/absagen"`));
  assert.ok(!list.body.includes("anon@example.org") && !list.body.includes("Max Muster"));
  assert.equal((await app.inject({ method: "GET", url: "/konto/termine" })).statusCode, 303, "login required");

  // Someone else: neither listed nor cancellable (404 as if unknown).
  const other = await signedIn(app, db, { email: "fremd@example.org", kind: "citizen" });
  assert.ok(!(await other.get("/konto/termine")).body.includes(row.code));
  assert.equal((await other.get(`/konto/termine/${row.code}/absagen`)).statusCode, 404);
  const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get("/konto/termine")).body)?.[1] ?? "";
  assert.equal((await other.post(`/konto/termine/${row.code}/absagen`, { _csrf: otherToken })).statusCode, 404);

  // The reminder the day before: mail as before, and a push for the owner's device if the topic is chosen.
  await db.insertInto("pwa_push_subscriptions").values({ user_id: ownerId, endpoint: "http://127.0.0.1:9/push", p256dh: b64url(createECDH("prime256v1").generateKeys()), auth: b64url(randomBytes(16)) }).execute();
  await db.insertInto("pwa_push_preferences").values({ user_id: ownerId, topics: ["appointments"] }).execute();
  await db.updateTable("appt_bookings").set({ status: "confirmed", hold_expires_at: null }).where("code", "=", row.code).execute();
  const dayBefore = new Date(new Date(slot.start).getTime() - 86_400_000);
  assert.ok((await sendDueReminders(db, app.deps.mailer, app.deps.config, dayBefore)) >= 1);
  assert.equal(await sendDueReminders(db, app.deps.mailer, app.deps.config, dayBefore), 0, "reminded once");
  await deliverAllEvents(app, db);
  await deliverAllEvents(app, db);
  const pushes = await db.selectFrom("pwa_push_queue").select(["topic", "url"]).execute();
  assert.deepEqual(pushes, [{ topic: "appointments", url: "/konto/termine" }]);

  // Cancelling asks first; without the CSRF token nothing happens; then it is cancelled.
  const ask = await owner.get(`/konto/termine/${row.code}/absagen`);
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, new RegExp(`<form method="post" action="/konto/termine/${row.code}/absagen"`));
  assert.equal((await app.inject({ method: "POST", url: `/konto/termine/${row.code}/absagen`, headers: { cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } })).statusCode, 403);
  const done = await owner.submit(`/konto/termine/${row.code}/absagen`, `/konto/termine/${row.code}/absagen`, {});
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, "/konto/termine?abgesagt=1");
  assert.ok(["cancelled", "releasing"].includes((await db.selectFrom("appt_bookings").select("status").where("code", "=", row.code).executeTakeFirstOrThrow()).status));
  assert.match((await owner.get("/konto/termine?abgesagt=1")).body, /Der Termin wurde abgesagt/);
  assert.equal((await owner.get(`/konto/termine/${row.code}/absagen`)).statusCode, 404, "no second cancellation");
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id"]).where("action", "=", "appointment.cancelled").where("object_id", "=", row.code).execute();
  assert.deepEqual(audit, [{ action: "appointment.cancelled", actor_id: ownerId }]);
});
