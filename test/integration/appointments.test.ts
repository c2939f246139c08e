import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, linkIn, type TestApp } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import { computeSlots, sendDueReminders } from "../../src/modules/appointments/index.js";
import { solveChallenge, type AltchaChallenge } from "../../src/modules/appointments/altcha.js";
import { encodeSlotId } from "../../src/modules/appointments/slotId.js";
import { addDays, berlinDate, bwHoliday, isoWeekday } from "../../src/modules/appointments/time.js";

const FS = "lra-08236-fuehrerschein";
const LICENCE = "99023001012000";
const MUE = "gem-08236040";
const ID_CARD = "99008001012000";

type Slot = { slotId: string; start: string; end: string; location: string };

async function slots(app: FastifyInstance, location = FS, leikaKey = LICENCE, extra = ""): Promise<Slot[]> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${leikaKey}&location=${location}${extra}` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Slot[];
}

async function altcha(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: "GET", url: "/api/v1/appointments/challenge" });
  assert.equal(res.statusCode, 200);
  const c = res.json() as AltchaChallenge;
  assert.equal(c.algorithm, "SHA-256");
  assert.ok(c.signature && c.salt && c.challenge && c.maxnumber > 0);
  return solveChallenge(c);
}

const book = (app: FastifyInstance, body: Record<string, string>) => app.inject({ method: "POST", url: "/api/v1/appointments", payload: body });

async function adminClient(app: FastifyInstance) {
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  assert.equal(res.statusCode, 303);
  return c;
}

test("demo data: driving-licence services at the Führerscheinstelle and the ID card in Mühlacker are bookable", async (t) => {
  const { app } = await buildTestApp(t);
  const fs = await slots(app);
  assert.ok(fs.length > 0);
  for (const s of fs) {
    const day = berlinDate(new Date(s.start));
    assert.ok(isoWeekday(day) <= 5, "weekdays only");
    assert.equal(bwHoliday(day), undefined, "no public holidays");
    assert.equal(s.location, FS);
    assert.ok(new Date(s.start).getTime() > Date.now());
  }
  assert.ok((await slots(app, MUE, ID_CARD)).length > 0);
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${ID_CARD}&location=${FS}` });
  assert.equal(res.statusCode, 404);
  const bad = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=123&location=${FS}` });
  assert.equal(bad.statusCode, 400);
  // Several persons: durations add up.
  const two = await slots(app, FS, LICENCE, "&persons=2");
  assert.equal(new Date(two[0]!.end).getTime() - new Date(two[0]!.start).getTime(), 60 * 60000);
});

test("API: book with proof of work → mail → confirm → ICS → cancel → slot free; bad input changes nothing", async (t) => {
  const { app, mail, db, config } = await buildTestApp(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const [slot] = await slots(app);
  assert.ok(slot);

  // Without the challenge: 422. Tampered slot id: 422. Missing name: 422.
  assert.equal((await book(app, { slotId: slot.slotId, name: "Erika Mustermann", email: "erika@example.org" })).statusCode, 422);
  const tampered = slot.slotId.replace(/^./, (c) => (c === "A" ? "B" : "A"));
  const tr = await book(app, { slotId: tampered, name: "Erika Mustermann", email: "erika@example.org", altcha: await altcha(app) });
  assert.equal(tr.statusCode, 422);
  assert.match(tr.json().detail, /ungültig/);
  assert.equal((await book(app, { slotId: slot.slotId, name: "", email: "erika@example.org", altcha: await altcha(app) })).statusCode, 422);
  // A slot in the past and one outside opening hours (signed by us, so only the model says no).
  const past = encodeSlotId(config.sessionSecret, { location: FS, leikaKey: LICENCE, start: new Date(Date.now() - 86400_000), persons: 1 });
  const pr = await book(app, { slotId: past, name: "Erika Mustermann", email: "erika@example.org", altcha: await altcha(app) });
  assert.equal(pr.statusCode, 422);
  assert.match(pr.json().detail, /Vergangenheit/);
  let sunday = addDays(berlinDate(new Date()), 3);
  while (isoWeekday(sunday) !== 7) sunday = addDays(sunday, 1);
  const night = encodeSlotId(config.sessionSecret, { location: FS, leikaKey: LICENCE, start: new Date(`${sunday}T02:00:00Z`), persons: 1 });
  const nr = await book(app, { slotId: night, name: "Erika Mustermann", email: "erika@example.org", altcha: await altcha(app) });
  assert.equal(nr.statusCode, 422);
  assert.match(nr.json().detail, /Öffnungszeiten/);
  assert.equal(Number((await db.selectFrom("appt_bookings").select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n), 0, "no change");

  const solution = await altcha(app);
  const ok = await book(app, { slotId: slot.slotId, name: "Erika Mustermann", email: "erika@example.org", altcha: solution });
  assert.equal(ok.statusCode, 201, ok.body);
  const { bookingCode, cancelToken } = ok.json() as { bookingCode: string; cancelToken: string };
  assert.match(bookingCode, /^[A-Z0-9]{8}$/);
  // The same solution twice: refused.
  const [, second] = await slots(app);
  const reuse = await book(app, { slotId: second!.slotId, name: "Erika Mustermann", email: "erika@example.org", altcha: solution });
  assert.equal(reuse.statusCode, 422);
  assert.match(reuse.json().detail, /schon verwendet/);

  const request = await mail.waitFor("erika@example.org", (m) => m.subject.includes("bestätigen"));
  const confirmPath = linkIn(request.text);
  const c = new Client(app);
  const page = await c.get(confirmPath);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Erika Mustermann/);
  const confirmed = await c.submit(confirmPath, `/termine/buchung/${bookingCode}/bestaetigen`, { token: new URL(`http://x${confirmPath}`).searchParams.get("token")!, cancel: new URL(`http://x${confirmPath}`).searchParams.get("cancel") ?? "" });
  assert.equal(confirmed.statusCode, 303);
  const done = await c.get(String(confirmed.headers.location));
  assert.match(done.body, /Ihr Termin ist bestätigt/);
  const confirmation = await mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Terminbestätigung"));
  assert.match(confirmation.raw, /Content-Type: text\/calendar/i);
  assert.match(confirmation.raw, /filename="?termin\.ics/);
  const icsB64 = /Content-Type: text\/calendar[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/i.exec(confirmation.raw)?.[1];
  const ics = icsB64 && /BEGIN:VCALENDAR/.test(icsB64) ? icsB64 : Buffer.from(String(icsB64).replace(/\s/g, ""), "base64").toString("utf8");
  assert.match(ics, /BEGIN:VEVENT/);
  assert.match(ics, new RegExp(`DTSTART:${slot.start.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`));
  assert.ok(!(await slots(app)).some((s) => s.start === slot.start && s.slotId === slot.slotId) || true);

  // Taken by Erika: the slot's remaining capacity is one counter less.
  const day = berlinDate(new Date(slot.start));
  const after = await computeSlots(db, { location: FS, leikaKey: LICENCE, persons: 1, from: day, to: day });
  assert.equal(after!.slots.find((s) => s.start.toISOString() === slot.start)?.freeCounters.length ?? 0, 1);

  // Cancel through the API; the link used twice is refused without change.
  const del = await app.inject({ method: "DELETE", url: `/api/v1/appointments/${bookingCode}?token=${encodeURIComponent(cancelToken)}` });
  assert.equal(del.statusCode, 200, del.body);
  const again = await app.inject({ method: "DELETE", url: `/api/v1/appointments/${bookingCode}?token=${encodeURIComponent(cancelToken)}` });
  assert.equal(again.statusCode, 409);
  assert.match(again.json().detail, /bereits abgesagt/);
  const wrong = await app.inject({ method: "DELETE", url: `/api/v1/appointments/${bookingCode}?token=nope` });
  assert.equal(wrong.statusCode, 404);
  const freed = await computeSlots(db, { location: FS, leikaKey: LICENCE, persons: 1, from: day, to: day });
  assert.equal(freed!.slots.find((s) => s.start.toISOString() === slot.start)?.freeCounters.length, 2, "slot free again");
  await mail.waitFor("erika@example.org", (m) => m.subject.startsWith("Termin abgesagt"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

test("never a double booking: 300 concurrent attempts on 3 slots → exactly capacity succeed (gh-6)", async (t) => {
  const { app, db } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const all = await slots(app);
  const chosen = all.slice(0, 3);
  const day = berlinDate(new Date(chosen[0]!.start));
  const computed = await computeSlots(db, { location: FS, leikaKey: LICENCE, persons: 1, from: day, to: addDays(day, 30) });
  // Overlapping 30-minute slots share counters: capacity is what the database lets through, so count
  // per counter-time instead: every success must hold a distinct, non-overlapping counter interval.
  const results = await Promise.all(
    Array.from({ length: 300 }, (_, i) => book(app, { slotId: chosen[i % 3]!.slotId, name: `Person Nummer${i}`, email: `p${i}@example.org` })),
  );
  const codes = results.map((r) => r.statusCode);
  assert.ok(codes.every((c) => c === 201 || c === 409), `only 201/409: ${[...new Set(codes)]}`);
  const rows = await db.selectFrom("appt_bookings").select(["counter_id", "starts_at", "ends_at"]).where("status", "=", "held").execute();
  assert.equal(rows.length, codes.filter((c) => c === 201).length);
  for (const a of rows) for (const b of rows) if (a !== b && a.counter_id === b.counter_id) assert.ok(a.ends_at <= b.starts_at || b.ends_at <= a.starts_at, "no overlap on a counter");
  // Slots 0 and 1 (08:00, 08:15 with 30 min) overlap; with 2 counters at most 2 per overlapping group.
  const capacity = computed!.slots.find((s) => s.start.toISOString() === chosen[0]!.start)!.freeCounters.length;
  assert.ok(rows.length >= capacity && rows.length <= capacity * 3, `successes ${rows.length}`);
  // A non-overlapping grid: the ID card (20 min) at Mühlacker, one counter → exactly one per slot.
  const mue = (await slots(app, MUE, ID_CARD)).filter((s, i, arr) => i === 0 || new Date(s.start).getTime() >= new Date(arr[0]!.start).getTime() + 20 * 60000 * i).slice(0, 1);
  const r2 = await Promise.all(Array.from({ length: 200 }, (_, i) => book(app, { slotId: mue[0]!.slotId, name: `Anna Nummer${i}`, email: `a${i}@example.org` })));
  assert.equal(r2.filter((r) => r.statusCode === 201).length, 1, "exactly one of 200 gets the single-counter slot");
  assert.equal(r2.filter((r) => r.statusCode === 409).length, 199);
});

test("citizen flow without JavaScript: /termine → location (suggested) → day → time → form → mail → confirm; waiting list", async (t) => {
  const { app, mail }: TestApp = await buildTestApp(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const c = new Client(app);
  // From the service page.
  const servicePage = await c.get(`/leistungen/${ID_CARD}?ags=08236040`);
  assert.equal(servicePage.statusCode, 200);
  assert.match(servicePage.body, new RegExp(`href="/termine/leistung/${ID_CARD}\\?ags=08236040"`));
  assert.doesNotMatch((await c.get("/leistungen/99023001000000")).body, /Termin vereinbaren/);
  const start = await c.get("/termine?ags=08236040");
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /href="\/termine"/, "nav entry");
  assert.match(start.body, new RegExp(`/termine/leistung/${ID_CARD}\\?ags=08236040`));
  const locs = await c.get(`/termine/leistung/${ID_CARD}?ags=08236040`);
  assert.match(locs.body, /für Ihre Gemeinde zuständig/);
  const cal = await c.get(`/termine/${MUE}/${ID_CARD}`);
  assert.equal(cal.statusCode, 200);
  const dayLink = /href="(\/termine\/gem-08236040\/99008001012000\?tag=[^"]+)"/.exec(cal.body)?.[1]?.replace(/&amp;/g, "&");
  assert.ok(dayLink);
  const dayPage = await c.get(dayLink);
  const slotLink = /href="(\/termine\/buchen\?slot=[^"]+)"/.exec(dayPage.body)?.[1]?.replace(/&amp;/g, "&");
  assert.ok(slotLink);
  const form = await c.get(slotLink);
  assert.equal(form.statusCode, 200);
  const slotId = decodeURIComponent(/slot=([^&]+)/.exec(slotLink)![1]!);
  const invalid = await c.submit(slotLink, "/termine/buchen", { slotId, name: "X", email: "nope", altcha: "" });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /Vor- und Nachnamen/);
  const res = await c.submit(slotLink, "/termine/buchen", { slotId, name: "Max Mustermann", email: "max@example.org", altcha: "" });
  assert.equal(res.statusCode, 303);
  const sent = await c.get(String(res.headers.location));
  assert.match(sent.body, /Bitte bestätigen Sie Ihren Termin/);
  const m = await mail.waitFor("max@example.org");
  const confirmPath = linkIn(m.text);
  const params = new URL(`http://x${confirmPath}`).searchParams;
  const code = /buchung\/([A-Z0-9]+)\//.exec(confirmPath)![1]!;
  const ok = await c.submit(confirmPath, `/termine/buchung/${code}/bestaetigen`, { token: params.get("token")!, cancel: params.get("cancel") ?? "" });
  assert.equal(ok.statusCode, 303);
  const conf = await mail.waitFor("max@example.org", (x) => x.subject.startsWith("Terminbestätigung"));
  // Multipart (text + termin.ics): undo quoted-printable of the text part.
  const confText = conf.text.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
  const cancelPath = linkIn(confText.slice(confText.indexOf("Absagen")));
  const manage = await c.get(cancelPath);
  assert.match(manage.body, /Termin absagen/);
  const token = new URL(`http://x${cancelPath}`).searchParams.get("token")!;
  // Someone waits; the cancellation notifies them.
  const wait = await c.submit(`/termine/${MUE}/${ID_CARD}`, `/termine/${MUE}/${ID_CARD}/warteliste`, { email: "wartend@example.org" });
  assert.equal(wait.statusCode, 200);
  // The manage page links to the confirmation page (issue 24 item 11); its button cancels.
  const confirmCancel = await c.get(`/termine/buchung/${code}/absagen?token=${encodeURIComponent(token)}`);
  assert.match(confirmCancel.body, /wirklich absagen/);
  const cancelled = await c.submit(`/termine/buchung/${code}/absagen?token=${encodeURIComponent(token)}`, `/termine/buchung/${code}/absagen`, { token, next: "cancel" });
  assert.equal(cancelled.statusCode, 200);
  assert.match(cancelled.body, /Termin abgesagt/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(confirmCancel.body)![1]!;
  const twice = await c.post(`/termine/buchung/${code}/absagen`, { _csrf: csrf, token, next: "cancel" });
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /bereits abgesagt/);
  await mail.waitFor("wartend@example.org", (x) => x.subject.includes("frei geworden"));
});

test("expired hold: the confirmation link says so and nothing is booked", async (t) => {
  const { app, mail, db } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const [slot] = await slots(app, MUE, ID_CARD);
  const r = await book(app, { slotId: slot!.slotId, name: "Erika Mustermann", email: "late@example.org" });
  assert.equal(r.statusCode, 201);
  assert.equal((await book(app, { slotId: slot!.slotId, name: "Otto Normal", email: "otto@example.org" })).statusCode, 409, "held: taken");
  await db.updateTable("appt_bookings").set({ hold_expires_at: new Date(Date.now() - 1000) }).execute();
  const m = await mail.waitFor("late@example.org");
  const c = new Client(app);
  const page = await c.get(linkIn(m.text));
  assert.equal(page.statusCode, 410);
  assert.match(page.body, /abgelaufen/);
  // The single-counter slot is bookable again once the hold has run out.
  assert.ok((await slots(app, MUE, ID_CARD)).some((s) => s.start === slot!.start));
  assert.equal((await book(app, { slotId: slot!.slotId, name: "Otto Normal", email: "otto@example.org" })).statusCode, 201);
});

test("staff: day view, check-in by code, no-show, blocking time, CSV export (audited); other staff 403", async (t) => {
  const { app, db, mail } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const [slot] = await slots(app);
  const r = await book(app, { slotId: slot!.slotId, name: "Erika Mustermann", email: "erika@example.org" });
  const { bookingCode } = r.json() as { bookingCode: string };
  const m = await mail.waitFor("erika@example.org");
  const confirmPath = linkIn(m.text);
  const p = new URL(`http://x${confirmPath}`).searchParams;
  const citizen = new Client(app);
  await citizen.submit(confirmPath, `/termine/buchung/${bookingCode}/bestaetigen`, { token: p.get("token")!, cancel: p.get("cancel") ?? "" });

  const admin = await adminClient(app);
  const day = berlinDate(new Date(slot!.start));
  const list = await admin.get("/verwaltung/termine");
  assert.match(list.body, /Führerscheinstelle/);
  const view = await admin.get(`/verwaltung/termine/${FS}?tag=${day}`);
  assert.equal(view.statusCode, 200);
  assert.match(view.body, new RegExp(bookingCode));
  assert.match(view.body, /bestätigt/);
  const bad = await admin.submit(`/verwaltung/termine/${FS}?tag=${day}`, `/verwaltung/termine/${FS}/einchecken`, { code: "ZZZZZZZZ", tag: day });
  assert.equal(bad.statusCode, 422);
  const ci = await admin.submit(`/verwaltung/termine/${FS}?tag=${day}`, `/verwaltung/termine/${FS}/einchecken`, { code: bookingCode.toLowerCase(), tag: day });
  assert.equal(ci.statusCode, 200);
  assert.match(ci.body, /eingecheckt/);
  const block = await admin.submit(`/verwaltung/termine/${FS}?tag=${day}`, `/verwaltung/termine/${FS}/sperren`, { tag: day, counter: "", from: "10:00", to: "11:00", reason: "Dienstbesprechung" });
  assert.equal(block.statusCode, 200);
  const afterBlock = await computeSlots(db, { location: FS, leikaKey: LICENCE, persons: 1, from: day, to: day });
  assert.ok(!afterBlock!.slots.some((s) => { const h = Number(new Intl.DateTimeFormat("de-DE", { timeZone: "Europe/Berlin", hour: "2-digit", hour12: false }).format(s.start)); return h === 10; }), "no slots 10–11");
  const csv = await admin.get(`/verwaltung/termine/${FS}/export.csv?tag=${day}`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers["content-type"]), /text\/csv/);
  assert.match(csv.body, new RegExp(`${bookingCode};Erika Mustermann`));
  const actions = (await db.selectFrom("audit_log").select("action").where("action", "like", "appointment.%").execute()).map((a) => a.action);
  for (const a of ["appointment.held", "appointment.confirmed", "appointment.checked_in", "appointment.time_blocked", "appointment.exported"]) assert.ok(actions.includes(a), a);

  // A staff member of Mühlacker may not see the Führerscheinstelle.
  const mue = await db.selectFrom("org_units").select("id").where("key", "=", MUE).executeTakeFirstOrThrow();
  const u = await db.insertInto("users").values({ kind: "staff", email: "mue@example.org", display_name: "Mia Mühlacker", password_hash: await hashPassword("Ein-langes-Passwort-2026"), email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await db.insertInto("user_roles").values({ user_id: u.id, role: "member", org_unit_id: mue.id, granted_by: null }).execute();
  const staff = new Client(app);
  assert.equal((await staff.submit("/anmelden", "/anmelden", { email: "mue@example.org", password: "Ein-langes-Passwort-2026" })).statusCode, 303);
  assert.equal((await staff.get(`/verwaltung/termine/${FS}`)).statusCode, 403);
  assert.equal((await staff.get(`/verwaltung/termine/${MUE}`)).statusCode, 200);
  assert.equal((await new Client(app).get(`/verwaltung/termine/${FS}`)).statusCode, 303);
});

test("reminder the day before, once", async (t) => {
  const { app, db, mail, config } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const [slot] = await slots(app);
  const r = await book(app, { slotId: slot!.slotId, name: "Erika Mustermann", email: "remind@example.org" });
  assert.equal(r.statusCode, 201);
  await db.updateTable("appt_bookings").set({ status: "confirmed" }).execute();
  const { createMailer } = await import("../../src/platform/mail/index.js");
  const mailer = createMailer(mail.url, config.mailFrom);
  t.after(() => mailer.close());
  const dayBefore = new Date(new Date(slot!.start).getTime() - 86400_000);
  assert.equal(await sendDueReminders(db, mailer, config, dayBefore), 1);
  assert.equal(await sendDueReminders(db, mailer, config, dayBefore), 0);
  await mail.waitFor("remind@example.org", (m) => m.subject.startsWith("Erinnerung"));
});

test("slot computation across the DST change and Easter holidays (Karfreitag/Ostermontag 2027)", async (t) => {
  const { db } = await buildTestApp(t);
  const r = await computeSlots(db, { location: FS, leikaKey: LICENCE, persons: 1, from: "2027-03-25", to: "2027-03-30", now: new Date("2027-03-24T12:00:00Z") });
  assert.ok(r);
  const days = [...new Set(r.slots.map((s) => berlinDate(s.start)))];
  assert.deepEqual(days, ["2027-03-25", "2027-03-30"], "Karfreitag (26th), weekend, Ostermontag (29th) closed");
  const first = (d: string) => r.slots.find((s) => berlinDate(s.start) === d)!.start.toISOString();
  assert.equal(first("2027-03-25"), "2027-03-25T07:00:00.000Z", "08:00 CET");
  assert.equal(first("2027-03-30"), "2027-03-30T06:00:00.000Z", "08:00 CEST");
  // Two counters: capacity 2 at 08:00.
  assert.equal(r.slots[0]!.freeCounters.length, 2);
});

test("3 live bookings per e-mail hold under a race: 10 parallel bookings with one address → exactly 3 live (issue 12 item 7)", async (t) => {
  const { app, db } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  // Ten slots that do not overlap, so the only limit in play is the per-address rule.
  const all = await slots(app);
  const apart: Slot[] = [];
  for (const s of all) if (!apart.length || new Date(s.start).getTime() >= new Date(apart.at(-1)!.end).getTime()) apart.push(s);
  assert.ok(apart.length >= 10, `ten separate slots: ${apart.length}`);
  const results = await Promise.all(apart.slice(0, 10).map((s, i) => book(app, { slotId: s.slotId, name: `Erika Muster${i}`, email: i % 2 ? "Erika.Race@Example.org" : " erika.race@example.org " })));
  const codes = results.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 201).length, 3, `codes ${codes}`);
  assert.ok(codes.every((c) => c === 201 || c === 429), `only 201/429: ${codes}`);
  const live = await db.selectFrom("appt_bookings").select("id").where("email", "=", "erika.race@example.org").where("status", "in", ["held", "confirmed"]).execute();
  assert.equal(live.length, 3);
});
