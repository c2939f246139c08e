/** Appointments (issue 6), second step: several services, one-step reschedule, QR check-in, mail queue, staff editing. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, linkIn, type TestApp } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import { computeSlots, sendDueReminders } from "../../src/modules/appointments/index.js";
import { deliverQueuedMails } from "../../src/platform/mail/queue.js";
import { slotState } from "../../src/modules/appointments/slotState.js";
import { readCounter } from "../../src/platform/http/rateLimitStore.js";
import { bookingRescheduler } from "../../src/modules/appointments/commands/bookingRescheduler.js";
import { decodeSlotId } from "../../src/modules/appointments/slotId.js";
import { addDays, berlinDate, berlinTime, isoWeekday } from "../../src/modules/appointments/time.js";

const FS = "lra-08236-fuehrerschein";
const LICENCE = "99023001012000"; // 30 minutes
const REPLACEMENT = "99023001036000"; // 20 minutes
const MUE = "gem-08236040";
const ID_CARD = "99008001012000"; // 20 minutes, one counter

type Slot = { slotId: string; start: string; end: string; location: string };
const minutes = (s: Slot) => (new Date(s.end).getTime() - new Date(s.start).getTime()) / 60000;

async function slots(app: FastifyInstance, location: string, leikaKey: string, extra = ""): Promise<Slot[]> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${leikaKey}&location=${location}${extra}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Slot[];
}
const book = (app: FastifyInstance, body: Record<string, string>) => app.inject({ method: "POST", url: "/api/v1/appointments", payload: body });

/** Books through the API and confirms through the mailed link; returns code, cancel token and the manage path. */
async function bookConfirmed(t: TestApp, slot: Slot, name: string, email: string) {
  const r = await book(t.app, { slotId: slot.slotId, name, email });
  assert.equal(r.statusCode, 201, r.body);
  const { bookingCode, cancelToken } = r.json() as { bookingCode: string; cancelToken: string };
  const m = await t.mail.waitFor(email, (x) => x.subject.includes("bestätigen"));
  const confirmPath = linkIn(m.text);
  const p = new URL(`http://x${confirmPath}`).searchParams;
  const c = new Client(t.app);
  const done = await c.submit(confirmPath, `/termine/buchung/${bookingCode}/bestaetigen`, { token: p.get("token")!, cancel: p.get("cancel")! });
  assert.equal(done.statusCode, 303);
  return { code: bookingCode, cancelToken, managePath: `/termine/buchung/${bookingCode}?token=${encodeURIComponent(cancelToken)}`, confirmedPath: String(done.headers.location), client: c };
}

async function adminClient(app: FastifyInstance) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD })).statusCode, 303);
  return c;
}

async function staffOf(t: TestApp, unitKey: string, email: string) {
  const unit = await t.db.selectFrom("org_units").select("id").where("key", "=", unitKey).executeTakeFirstOrThrow();
  const u = await t.db.insertInto("users").values({ kind: "staff", email, display_name: "Sam Staff", password_hash: await hashPassword("Ein-langes-Passwort-2026"), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await t.db.insertInto("user_roles").values({ user_id: u.id, role: "member", org_unit_id: unit.id, granted_by: null }).execute();
  const c = new Client(t.app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: "Ein-langes-Passwort-2026" })).statusCode, 303);
  return c;
}

/** Attachment of a captured mail by file name, decoded. */
function attachment(raw: string, filename: string): Buffer | undefined {
  const parts = raw.split(/\r?\n--/);
  const part = parts.find((p) => new RegExp(`filename="?${filename.replace(".", "\\.")}`).test(p));
  if (!part) return undefined;
  const body = part.split(/\r?\n\r?\n/).slice(1).join("\n");
  return /Content-Transfer-Encoding: base64/i.test(part) ? Buffer.from(body.replace(/\s/g, ""), "base64") : Buffer.from(body);
}

test("several services and persons in one booking add up; the database still prevents overlaps (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const both = await slots(app.app, FS, LICENCE, `&extraLeikaKeys=${REPLACEMENT}`);
  assert.ok(both.length > 0);
  assert.equal(minutes(both[0]!), 50, "30 + 20 minutes");
  const twoPersons = await slots(app.app, FS, LICENCE, `&extraLeikaKeys=${REPLACEMENT}&persons=2`);
  assert.equal(minutes(twoPersons[0]!), 100, "(30 + 20) × 2");
  assert.equal((await app.app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${LICENCE}&location=${FS}&extraLeikaKeys=${ID_CARD}` })).statusCode, 404, "ID card is not offered at the Führerscheinstelle");
  assert.equal((await app.app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${LICENCE}&location=${FS}&extraLeikaKeys=123` })).statusCode, 400);

  const first = twoPersons[0]!;
  const r = await book(app.app, { slotId: first.slotId, name: "Erika Mustermann", email: "erika@example.org" });
  assert.equal(r.statusCode, 201, r.body);
  const row = await app.db.selectFrom("appt_bookings").select(["leika_key", "extra_leika_keys", "persons", "starts_at", "ends_at"]).executeTakeFirstOrThrow();
  assert.deepEqual(row.extra_leika_keys, [REPLACEMENT]);
  assert.equal(row.persons, 2);
  assert.equal((row.ends_at.getTime() - row.starts_at.getTime()) / 60000, 100);
  const m = await app.mail.waitFor("erika@example.org");
  assert.match(m.text, /Führerschein Ausstellung \+ Führerschein Ersatz \(2 Personen\)/);

  // Concurrent single-service attempts inside the long booking's time: never more than the other counter.
  const day = berlinDate(new Date(first.start));
  const inside = (await slots(app.app, FS, LICENCE, `&from=${day}&to=${day}`)).filter((s) => new Date(s.start) < new Date(first.end) && new Date(s.end) > new Date(first.start));
  const results = await Promise.all(Array.from({ length: 60 }, (_, i) => book(app.app, { slotId: inside[i % inside.length]!.slotId, name: `Person Nummer${i}`, email: `p${i}@example.org` })));
  assert.ok(results.every((x) => x.statusCode === 201 || x.statusCode === 409));
  const rows = await app.db.selectFrom("appt_bookings").select(["counter_id", "starts_at", "ends_at"]).where("status", "=", "held").execute();
  for (const a of rows) for (const b of rows) if (a !== b && a.counter_id === b.counter_id) assert.ok(a.ends_at <= b.starts_at || b.ends_at <= a.starts_at, "no overlap on a counter");

  // The HTML calendar offers the further services as check boxes (GET form, no JavaScript).
  const c = new Client(app.app);
  const cal = await c.get(`/termine/${FS}/${LICENCE}?personen=2&zusatz=${REPLACEMENT}`);
  assert.equal(cal.statusCode, 200);
  assert.match(cal.body, new RegExp(`name="zusatz" value="${REPLACEMENT}" checked`));
  assert.match(cal.body, /Dauer des Termins: 100 Minuten/);
  const dayLink = /href="(\/termine\/lra-08236-fuehrerschein\/99023001012000\?tag=[^"]+)"/.exec(cal.body)![1]!.replace(/&amp;/g, "&");
  assert.match(dayLink, /zusatz=99023001036000/);
  const slotLink = /href="(\/termine\/buchen\?slot=[^"]+)"/.exec((await c.get(dayLink)).body)![1]!.replace(/&amp;/g, "&");
  const ref = decodeSlotId(app.config.sessionSecret, decodeURIComponent(/slot=([^&]+)/.exec(slotLink)![1]!));
  assert.deepEqual(ref?.extraLeikaKeys, [REPLACEMENT]);
  assert.equal(ref?.persons, 2);
  const form = await c.get(slotLink);
  assert.match(form.body, /Führerschein Ausstellung \+ Führerschein Ersatz/);
});

test("one-step reschedule: new slot confirmed and old released atomically; taken slot or used link changes nothing (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off", BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const all = await slots(app.app, MUE, ID_CARD);
  const first = all[0]!;
  const b = await bookConfirmed(app, first, "Erika Mustermann", "erika@example.org");

  // The manage page offers "Neuen Termin wählen"; the calendar lists times except the current one.
  const c = b.client;
  const manage = await c.get(b.managePath);
  assert.match(manage.body, /Neuen Termin wählen/);
  assert.match(manage.body, /<img src="data:image\/svg\+xml;base64,[^"]+" width="184" height="184" alt="QR-Code der Buchungsnummer/);
  const calPath = `/termine/buchung/${b.code}/verschieben?token=${encodeURIComponent(b.cancelToken)}`;
  const cal = await c.get(calPath);
  assert.equal(cal.statusCode, 200);
  assert.match(cal.body, /bleibt bestehen, bis Sie einen neuen Termin bestätigt haben/);
  const day = berlinDate(new Date(first.start));
  const dayPage = await c.get(`${calPath}&tag=${day}`);
  const links = [...dayPage.body.matchAll(/href="(\/termine\/buchung\/[A-Z0-9]+\/verschieben\/bestaetigen\?[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
  assert.ok(links.length > 1);
  assert.ok(!dayPage.body.includes(`>${berlinTime(new Date(first.start))} bis`), "current time not offered");

  // Moving by one grid step overlaps the old time on the single counter: allowed (own time counts as free).
  const next = all.find((s) => new Date(s.start).getTime() === new Date(first.start).getTime() + 15 * 60000) ?? all[1]!;
  const nextLink = links.find((l) => decodeSlotId(app.config.sessionSecret, new URL(`http://x${l}`).searchParams.get("slot"))?.start.toISOString() === next.start)!;
  assert.ok(nextLink, "link for the next time");
  const confirmPage = await c.get(nextLink);
  assert.equal(confirmPage.statusCode, 200);
  assert.match(confirmPage.body, /Bisher/);
  const slotId = new URL(`http://x${nextLink}`).searchParams.get("slot")!;
  const moved = await c.submit(nextLink, `/termine/buchung/${b.code}/verschieben`, { token: b.cancelToken, slotId });
  assert.equal(moved.statusCode, 303, moved.body);
  const newCode = /buchung\/([A-Z0-9]+)\/bestaetigt/.exec(String(moved.headers.location))![1]!;
  assert.notEqual(newCode, b.code);
  const shown = await c.get(String(moved.headers.location));
  assert.match(shown.body, /Ihr Termin ist verschoben/);

  const rows = await app.db.selectFrom("appt_bookings").select(["code", "status", "starts_at", "replaces_id", "id"]).orderBy("created_at").execute();
  const oldRow = rows.find((r) => r.code === b.code)!;
  const newRow = rows.find((r) => r.code === newCode)!;
  assert.equal(oldRow.status, "cancelled");
  assert.equal(newRow.status, "confirmed");
  assert.equal(newRow.replaces_id, oldRow.id);
  assert.equal(newRow.starts_at.toISOString(), next.start);
  const mail = await app.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Termin verschoben"));
  assert.match(mail.raw, /filename="?termin\.ics/);
  assert.ok(attachment(mail.raw, "termin-qr.png")?.subarray(1, 4).toString() === "PNG", "QR code as PNG attachment");
  // The old slot is free again (released at once with delay 0), the new one is taken.
  const after = await slots(app.app, MUE, ID_CARD, `&from=${day}&to=${day}`);
  assert.ok(after.some((s) => s.start === first.start) === (new Date(next.start).getTime() >= new Date(first.end).getTime()), "old time free unless the new one overlaps it");
  assert.ok(!after.some((s) => s.start === next.start));

  // The old link is used up: nothing changes.
  const again = await c.post(`/termine/buchung/${b.code}/verschieben`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(confirmPage.body)![1]!, token: b.cancelToken, slotId });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /nichts geändert/);

  // Someone else holds the wanted time: 409, the booking stays as it was.
  const other = await bookConfirmed(app, all.find((s) => new Date(s.start).getTime() >= new Date(next.end).getTime() + 3600_000)!, "Otto Normal", "otto@example.org");
  const wanted = after.find((s) => new Date(s.start).getTime() > new Date(next.end).getTime() + 7200_000)!;
  assert.equal((await book(app.app, { slotId: wanted.slotId, name: "Max Mustermann", email: "max@example.org" })).statusCode, 201);
  const r = await bookingRescheduler({ actor: { type: "anonymous", id: null }, db: app.db }, { code: other.code, token: other.cancelToken, slot: decodeSlotId(app.config.sessionSecret, wanted.slotId)!, config: app.config, releaseDelayMaxSeconds: 0 });
  assert.deepEqual(r, { ok: false, reason: "taken" });
  assert.equal((await app.db.selectFrom("appt_bookings").select("status").where("code", "=", other.code).executeTakeFirstOrThrow()).status, "confirmed", "no window without an appointment");
  // A tampered slot id changes nothing either.
  const bad = await other.client.submit(`/termine/buchung/${other.code}/absagen?token=${encodeURIComponent(other.cancelToken)}`, `/termine/buchung/${other.code}/verschieben`, { token: other.cancelToken, slotId: `${wanted.slotId}x` });
  assert.equal(bad.statusCode, 422);
  const actions = (await app.db.selectFrom("audit_log").select("action").execute()).map((a) => a.action);
  assert.ok(actions.includes("appointment.rescheduled"));
  assert.equal((await verifyAuditChain(app.db)).ok, true);
});

test("QR code: confirmation page and mail carry it; staff check in with what the scanner types (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const [slot] = await slots(app.app, MUE, ID_CARD);
  const b = await bookConfirmed(app, slot!, "Erika Mustermann", "erika@example.org");
  const page = await b.client.get(b.confirmedPath);
  const uri = /<img src="(data:image\/svg\+xml;base64,[^"]+)"/.exec(page.body)?.[1];
  assert.ok(uri, "inline QR image");
  assert.match(Buffer.from(uri.split(",")[1]!, "base64").toString(), /^<svg/);
  assert.match(page.body, new RegExp(`alt="QR-Code der Buchungsnummer ${b.code}"`));
  const conf = await app.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Terminbestätigung"));
  const png = attachment(conf.raw, "termin-qr.png");
  assert.ok(png && png.subarray(1, 4).toString() === "PNG");
  assert.match(conf.raw, /Content-Type: image\/png/i);

  const admin = await adminClient(app.app);
  const day = berlinDate(new Date(slot!.start));
  const view = await admin.get(`/verwaltung/termine/${MUE}?tag=${day}`);
  assert.match(String(view.headers["permissions-policy"]), /camera=\(self\)/, "camera allowed for scanning on the day view only");
  assert.match(view.body, /appointments-staff\.js/);
  const nonsense = await admin.submit(`/verwaltung/termine/${MUE}?tag=${day}`, `/verwaltung/termine/${MUE}/einchecken`, { code: "???", tag: day });
  assert.equal(nonsense.statusCode, 422);
  assert.match(nonsense.body, /value="\?\?\?"/, "value kept");
  // A scanner in another keyboard layout or a person may type lower case and separators.
  const typed = `${b.code.slice(0, 4).toLowerCase()}-${b.code.slice(4)}`;
  const ok = await admin.submit(`/verwaltung/termine/${MUE}`, `/verwaltung/termine/${MUE}/einchecken`, { code: typed, tag: addDays(day, -3) });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, new RegExp(`${b.code} eingecheckt`));
  assert.match(ok.body, /Erika Mustermann/, "name to compare with the ID, day of the booking shown");
  assert.equal((await app.db.selectFrom("appt_bookings").select("status").where("code", "=", b.code).executeTakeFirstOrThrow()).status, "checked_in");
  assert.match(String((await app.app.inject({ method: "GET", url: "/termine" })).headers["permissions-policy"]), /camera=\(\)/, "citizen pages keep the camera off");
});

test("mails go through the queue: written with the change, retried after a failure, body removed once sent; reminder and release are audited (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off", BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const [slot] = await slots(app.app, FS, LICENCE);
  const b = await bookConfirmed(app, slot!, "Erika Mustermann", "erika@example.org");
  const queued = await app.db.selectFrom("mail_queue").selectAll().orderBy("id").execute();
  assert.deepEqual(queued.map((q) => q.kind), ["confirm_request", "confirmation"]);
  assert.ok(queued.every((q) => q.sent_at && q.body === null && q.attachments === null), "sent and emptied");

  // SMTP down: the reminder stays queued with an error code and is sent by a later run.
  const broken = { send: async () => { throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:25 for erika@example.org"), { code: "ECONNECTION" }); }, close: async () => undefined };
  const dayBefore = new Date(new Date(slot!.start).getTime() - 86400_000);
  assert.equal(await sendDueReminders(app.db, broken, app.config, dayBefore), 1);
  assert.equal(await sendDueReminders(app.db, broken, app.config, dayBefore), 0, "once");
  const waiting = await app.db.selectFrom("mail_queue").selectAll().where("kind", "=", "reminder").executeTakeFirstOrThrow();
  assert.equal(waiting.sent_at, null);
  assert.equal(waiting.attempts, 1);
  assert.equal(waiting.last_error, "ECONNECTION", "no address in the error");
  assert.ok(waiting.next_attempt_at > new Date(), "back-off");
  const { createMailer } = await import("../../src/platform/mail/index.js");
  const mailer = createMailer(app.mail.url, app.config.mailFrom);
  t.after(() => mailer.close());
  assert.deepEqual(await deliverQueuedMails(app.db, mailer), { sent: 0, failed: 0 }, "not before its time");
  await app.db.updateTable("mail_queue").set({ next_attempt_at: new Date() }).where("id", "=", waiting.id).execute();
  assert.deepEqual(await deliverQueuedMails(app.db, mailer), { sent: 1, failed: 0 });
  const reminder = await app.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Erinnerung"));
  assert.match(reminder.text, /Bestätigungs-E-Mail/);

  // Cancellation with someone on the waiting list: release and note in one audited step.
  await app.db.insertInto("appt_waitlist").values({ location_key: FS, leika_key: LICENCE, email: "wartend@example.org" }).execute();
  const del = await app.app.inject({ method: "DELETE", url: `/api/v1/appointments/${b.code}?token=${encodeURIComponent(b.cancelToken)}` });
  assert.equal(del.statusCode, 200);
  await app.mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Termin abgesagt"));
  await app.mail.waitFor("wartend@example.org", (m) => m.subject.includes("frei geworden"));
  const actions = (await app.db.selectFrom("audit_log").select("action").execute()).map((a) => a.action);
  for (const a of ["appointment.reminders_queued", "appointment.released", "appointment.cancelled"]) assert.ok(actions.includes(a), a);
});

test("staff edit settings, services, counters, hours and closures; slots follow at once; validation, audit, 403 (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const admin = await adminClient(app.app);
  const base = `/verwaltung/termine/${MUE}/einstellungen`;
  const page = await admin.get(base);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Personalausweis Ausstellung/);
  assert.match(page.body, /Platz 1/);
  assert.match((await admin.get("/verwaltung/termine")).body, new RegExp(`${base}"`));

  // Settings: invalid values → 422, error summary, values kept; valid → horizon applies at once.
  const bad = await admin.submit(base, `${base}/standort`, { horizon: "0", lead: "x", grid: "15", hold: "10", active: "1" });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /id="horizon"[^>]*value="0"|value="0"[^>]*id="horizon"/);
  const ok = await admin.submit(base, `${base}/standort`, { horizon: "3", lead: "0", grid: "20", hold: "10", active: "1" });
  assert.equal(ok.statusCode, 303);
  assert.match((await admin.get(String(ok.headers.location))).body, /Einstellungen gespeichert/);
  const today = berlinDate(new Date());
  const within = await slots(app.app, MUE, ID_CARD, `&from=${today}&to=${addDays(today, 30)}`);
  assert.ok(within.every((s) => berlinDate(new Date(s.start)) <= addDays(today, 3)), "horizon 3 days");

  // Saturday hours on a new counter: Saturday slots appear; overlapping hours are refused.
  await admin.submit(base, `${base}/standort`, { horizon: "30", lead: "0", grid: "20", hold: "10", active: "1" });
  const counter = await admin.submit(base, `${base}/schalter`, { counterName: "Platz 2" });
  assert.equal(counter.statusCode, 303);
  assert.equal((await admin.submit(base, `${base}/schalter`, { counterName: "Platz 2" })).statusCode, 422, "duplicate name");
  const p2 = await app.db.selectFrom("appt_counters").select("id").where("location_key", "=", MUE).where("name", "=", "Platz 2").executeTakeFirstOrThrow();
  assert.equal((await admin.submit(base, `${base}/zeiten`, { hoursCounter: p2.id, weekday: "6", opens: "12:00", closes: "09:00" })).statusCode, 422);
  assert.equal((await admin.submit(base, `${base}/zeiten`, { hoursCounter: p2.id, weekday: "6", opens: "09:00", closes: "12:00" })).statusCode, 303);
  const overlap = await admin.submit(base, `${base}/zeiten`, { hoursCounter: p2.id, weekday: "6", opens: "11:00", closes: "13:00" });
  assert.equal(overlap.statusCode, 422);
  assert.match(overlap.body, /überschneidet sich/);
  // From tomorrow: on a Saturday morning today's earlier slots are already past (lead 0 counts from now).
  const sat = (await slots(app.app, MUE, ID_CARD, `&from=${addDays(today, 1)}&to=${addDays(today, 15)}`)).filter((s) => isoWeekday(berlinDate(new Date(s.start))) === 6);
  assert.ok(sat.length > 0, "Saturday slots");
  assert.equal(berlinTime(new Date(sat[0]!.start)), "09:00");

  // A new service with the catalogue's name; durations from the form.
  const invalidService = await admin.submit(base, `${base}/leistung`, { leikaKey: "123", serviceName: "", duration: "1", maxPersons: "11" });
  assert.equal(invalidService.statusCode, 422);
  assert.match(invalidService.body, /14-stelligen/);
  const PASS = "99008002012000";
  const catalogueName = (await app.db.selectFrom("services").select("name").where("leika_key", "=", PASS).executeTakeFirst())?.name;
  const added = await admin.submit(base, `${base}/leistung`, { leikaKey: PASS, serviceName: catalogueName ? "" : "Reisepass", duration: "40", maxPersons: "2" });
  assert.equal(added.statusCode, 303, added.body);
  const pass = await slots(app.app, MUE, PASS);
  assert.equal(minutes(pass[0]!), 40);

  // A whole-day closure removes that day's slots; removing it brings them back.
  const satDay = berlinDate(new Date(sat[0]!.start));
  assert.equal((await admin.submit(base, `${base}/schliessung`, { closureCounter: "", closureFrom: satDay, closureTo: "2020-01-01", closureReason: "Test" })).statusCode, 422);
  assert.equal((await admin.submit(base, `${base}/schliessung`, { closureCounter: "", closureFrom: satDay, closureTo: satDay, closureReason: "Betriebsausflug" })).statusCode, 303);
  assert.ok(!(await slots(app.app, MUE, ID_CARD, `&from=${satDay}&to=${satDay}`)).length, "closed");
  const closure = await app.db.selectFrom("appt_closures").select("id").where("reason", "=", "Betriebsausflug").executeTakeFirstOrThrow();
  assert.equal((await admin.submit(base, `${base}/schliessung-entfernen`, { closureId: closure.id })).statusCode, 303);
  assert.ok((await slots(app.app, MUE, ID_CARD, `&from=${satDay}&to=${satDay}`)).length > 0, "open again");

  // A counter with a future booking cannot be retired; one without can.
  const satSlot = (await slots(app.app, MUE, ID_CARD, `&from=${satDay}&to=${satDay}`))[0]!;
  assert.equal((await book(app.app, { slotId: satSlot.slotId, name: "Erika Mustermann", email: "erika@example.org" })).statusCode, 201);
  const refused = await admin.submit(base, `${base}/schalter-stilllegen`, { counterId: p2.id });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /künftige Termine/);
  await app.db.updateTable("appt_bookings").set({ status: "cancelled" }).execute();
  assert.equal((await admin.submit(base, `${base}/schalter-stilllegen`, { counterId: p2.id })).statusCode, 303);
  assert.equal((await slots(app.app, MUE, ID_CARD, `&from=${today}&to=${addDays(today, 14)}`)).filter((s) => isoWeekday(berlinDate(new Date(s.start))) === 6).length, 0, "retired counter offers nothing");

  // Removing the service: no longer bookable. Switching the location off: no slots.
  assert.equal((await admin.submit(base, `${base}/leistung-entfernen`, { leikaKey: PASS })).statusCode, 303);
  assert.equal((await app.app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${PASS}&location=${MUE}` })).statusCode, 404);
  await admin.submit(base, `${base}/standort`, { horizon: "30", lead: "0", grid: "20", hold: "10", active: "" });
  assert.equal((await app.app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${ID_CARD}&location=${MUE}` })).statusCode, 404);
  assert.equal((await admin.get(base)).statusCode, 200, "staff still reach a switched-off location");

  const actions = new Set((await app.db.selectFrom("audit_log").select("action").execute()).map((a) => a.action));
  for (const a of ["location_updated", "counter_added", "hours_added", "service_added", "time_blocked", "closure_removed", "counter_retired", "service_removed"]) assert.ok(actions.has(`appointment.${a}`), a);
  assert.equal((await verifyAuditChain(app.db)).ok, true);

  // Staff of the Führerscheinstelle may not edit Mühlacker; only administrators create locations.
  const fs = await staffOf(app, FS, "fs@example.org");
  assert.equal((await fs.get(base)).statusCode, 403);
  assert.equal((await fs.post(`${base}/schalter`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await fs.get(`/verwaltung/termine/${FS}/einstellungen`)).body)![1]!, counterName: "X" })).statusCode, 403);
  assert.equal((await fs.get("/verwaltung/termine/standort-anlegen")).statusCode, 403);
  assert.equal((await new Client(app.app).get(base)).statusCode, 303, "login first");
  const create = await admin.submit("/verwaltung/termine/standort-anlegen", "/verwaltung/termine/standort-anlegen", { orgUnitKey: "gibt-es-nicht" });
  assert.equal(create.statusCode, 422);
  const unit = await app.db.selectFrom("org_units").select("key").where("key", "like", "gem-08236%").where("key", "!=", MUE).orderBy("key").executeTakeFirstOrThrow();
  const created = await admin.submit("/verwaltung/termine/standort-anlegen", "/verwaltung/termine/standort-anlegen", { orgUnitKey: unit.key });
  assert.equal(created.statusCode, 303);
  assert.equal((await admin.submit("/verwaltung/termine/standort-anlegen", "/verwaltung/termine/standort-anlegen", { orgUnitKey: unit.key })).statusCode, 422, "exists");
  const computed = await computeSlots(app.db, { location: unit.key, leikaKey: ID_CARD, persons: 1, from: today, to: today });
  assert.equal(computed, undefined, "no service yet");
});

test("slot state in one query: 'taken' only when every counter open then is busy; the address counter only for a slot not taken (gh-6, issue 13)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const [slot] = await slots(app.app, MUE, ID_CARD);
  const ref = decodeSlotId(app.config.sessionSecret, slot!.slotId)!;
  const reason = async (r: typeof ref, now?: Date) => {
    const s = await slotState(app.db, r, { now });
    return s.ok ? `free:${s.freeCounters.length}` : s.reason;
  };
  assert.equal(await reason(ref), "free:1", "free");
  assert.equal(await reason({ ...ref, start: new Date(`${berlinDate(ref.start)}T01:00:00Z`) }), "outside_hours");
  assert.equal(await reason({ ...ref, start: new Date(ref.start.getTime() + 7 * 60000) }), "outside_hours", "off the 20-minute grid");
  assert.equal(await reason({ ...ref, leikaKey: LICENCE }), "unknown_slot", "service not offered here");
  assert.equal((await book(app.app, { slotId: slot!.slotId, name: "Erika Mustermann", email: "erika@example.org" })).statusCode, 201);
  assert.equal(await reason(ref), "taken", "the single counter is held");
  // A surely taken slot does not touch the per-address counter; a free one does (same statement).
  const hit = { key: "appt:email:probe@example.org", windowMs: 60_000 };
  assert.equal((await slotState(app.db, ref, { hit })).counterHits, undefined);
  assert.equal((await readCounter(app.db, hit.key)).count, 0);
  const later = await slots(app.app, MUE, ID_CARD);
  assert.equal((await slotState(app.db, decodeSlotId(app.config.sessionSecret, later[0]!.slotId)!, { hit })).counterHits, 1);
  assert.equal(await reason(ref, new Date(Date.now() + 3600_000)).then((r) => r !== "taken"), true, "the hold has run out by then");
  // Two counters at the Führerscheinstelle: one booking leaves the other free.
  const [fs] = await slots(app.app, FS, LICENCE);
  const fsRef = decodeSlotId(app.config.sessionSecret, fs!.slotId)!;
  assert.equal((await book(app.app, { slotId: fs!.slotId, name: "Otto Normal", email: "otto@example.org" })).statusCode, 201);
  assert.equal(await reason(fsRef), "free:1");
  assert.equal((await book(app.app, { slotId: fs!.slotId, name: "Max Mustermann", email: "max@example.org" })).statusCode, 201);
  assert.equal(await reason(fsRef), "taken");
  assert.equal((await book(app.app, { slotId: fs!.slotId, name: "Anna Schmidt", email: "anna@example.org" })).statusCode, 409);
});

test("API shapes as in the issue; invalid bodies are 422, not 400 (gh-6)", async (t) => {
  const app = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const list = await slots(app.app, MUE, ID_CARD, `&from=${berlinDate(new Date())}&to=${addDays(berlinDate(new Date()), 13)}`);
  assert.deepEqual(Object.keys(list[0]!).sort(), ["end", "location", "slotId", "start"]);
  assert.equal(list[0]!.location, MUE);
  assert.ok(!Number.isNaN(Date.parse(list[0]!.start)) && !Number.isNaN(Date.parse(list[0]!.end)));
  const long = await book(app.app, { slotId: list[0]!.slotId, name: "x".repeat(500), email: "erika@example.org" });
  assert.equal(long.statusCode, 422);
  assert.deepEqual(Object.keys(long.json()).sort(), ["detail", "errors", "instance", "status", "title", "type"]);
  assert.match(String(long.headers["content-type"]), /^application\/problem\+json/);
  const notObject = await app.app.inject({ method: "POST", url: "/api/v1/appointments", payload: [1, 2], headers: { "content-type": "application/json" } });
  assert.equal(notObject.statusCode, 422);
  const ok = await book(app.app, { slotId: list[0]!.slotId, name: "Erika Mustermann", email: "erika@example.org" });
  assert.equal(ok.statusCode, 201);
  const body = ok.json() as Record<string, unknown>;
  assert.equal(typeof body.bookingCode, "string");
  assert.equal(typeof body.cancelToken, "string");
  assert.equal((await book(app.app, { slotId: list[0]!.slotId, name: "Otto Normal", email: "otto@example.org" })).statusCode, 409);
  const del = await app.app.inject({ method: "DELETE", url: `/api/v1/appointments/${body.bookingCode}?token=${encodeURIComponent(String(body.cancelToken))}` });
  assert.equal(del.statusCode, 200);
});

test("pages speak the chosen language (texts from messages.ts)", async (t) => {
  const app = await buildTestApp(t);
  const en = await app.app.inject({ method: "GET", url: `/termine/${MUE}/${ID_CARD}`, headers: { "accept-language": "en" } });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /Choose a day/);
  assert.match(en.body, /Length of the appointment: 20 minutes/);
  const de = await app.app.inject({ method: "GET", url: `/termine/${MUE}/${ID_CARD}` });
  assert.match(de.body, /Tag wählen/);
  assert.doesNotMatch(de.body, /appt\./, "no raw message keys");
  const bad = await app.app.inject({ method: "GET", url: "/termine/buchung/ABCDEFGH?token=x", headers: { "accept-language": "en" } });
  assert.equal(bad.statusCode, 404);
  assert.match(bad.body, /Invalid link/);
});
