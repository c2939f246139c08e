/**
 * Issue 20: a service "only bookable by its owning module" (appt_services.owner_module, migration 0092). The
 * Gesundheitsamt's video identification belongs to e-learning: the public /termine pages, the JSON API, the service
 * page, the services API and the search's booking links neither offer nor book it; only e-learning's course flow
 * (freeStarts/directBooker with owner "learning") does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { bookingLinksFor, freeStarts, VIDEO_IDENTIFICATION } from "../../src/modules/appointments/index.js";
import { solveChallenge, type AltchaChallenge } from "../../src/modules/appointments/altcha.js";
import { encodeSlotId } from "../../src/modules/appointments/slotId.js";
import { addDays, berlinDate, berlinToUtc, bwHoliday, isoWeekday } from "../../src/modules/appointments/time.js";

const { location: LOC, leikaKey: KEY } = VIDEO_IDENTIFICATION;

async function altcha(app: FastifyInstance): Promise<string> {
  return solveChallenge((await app.inject({ method: "GET", url: "/api/v1/appointments/challenge" })).json() as AltchaChallenge);
}

/** 09:00 Berlin time on a working day three or more days ahead: inside the Videoplatz's hours (Mon–Fri 08–16). */
function workingDayNine(): Date {
  let day = addDays(berlinDate(new Date()), 3);
  while (isoWeekday(day) > 5 || bwHoliday(day)) day = addDays(day, 1);
  return berlinToUtc(day, 9 * 60);
}

test("issue 20: the video identification (owned by e-learning) is not offered or bookable on /termine, the API or the search links", async (t) => {
  const { app, db, config } = await buildTestApp(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  // Not offered: the start page, the service's locations, the calendar, the slots API.
  const start = await app.inject({ method: "GET", url: "/termine" });
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /Führerschein/, "the other services are listed");
  assert.doesNotMatch(start.body, /Video-Identifikation/);
  assert.doesNotMatch(start.body, new RegExp(KEY));
  assert.equal((await app.inject({ method: "GET", url: `/termine/leistung/${KEY}` })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `/termine/${LOC}/${KEY}` })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/appointments/slots?location=${LOC}&leikaKey=${KEY}` })).statusCode, 404);
  // No booking link on the service page, in the services API or the search.
  assert.equal((await bookingLinksFor(db, [KEY])).size, 0);
  const api = await app.inject({ method: "GET", url: `/api/v1/services/${KEY}` });
  if (api.statusCode === 200) assert.deepEqual((api.json() as { appointments?: unknown[] }).appointments ?? [], []);

  // Not bookable with a slot id signed by the portal (as a forged or old link would be): the JSON API and the form.
  const slotId = encodeSlotId(config.sessionSecret, { location: LOC, leikaKey: KEY, start: workingDayNine(), persons: 1 });
  const viaApi = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId, name: "Petra Public", email: "petra@example.org", altcha: await altcha(app) } });
  assert.equal(viaApi.statusCode, 422, viaApi.body);
  assert.match((viaApi.json() as { type: string }).type, /unknown-slot$/);
  const c = new Client(app);
  const form = await c.get(`/termine/buchen?slot=${encodeURIComponent(slotId)}`);
  assert.equal(form.statusCode, 422, "the booking form is not shown");
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get("/anmelden")).body)![1]!;
  const viaForm = await c.post("/termine/buchen", { _csrf: token, slotId, name: "Petra Public", email: "petra@example.org" });
  assert.equal(viaForm.statusCode, 422, viaForm.body.slice(0, 200));
  // Nor the waiting list.
  const wait = await c.post(`/termine/${LOC}/${KEY}/warteliste`, { _csrf: token, email: "petra@example.org" });
  assert.equal(wait.statusCode, 404);
  assert.equal(Number((await db.selectFrom("appt_bookings").select((e) => e.fn.countAll<number>().as("n")).where("location_key", "=", LOC).executeTakeFirstOrThrow()).n), 0, "no booking");
  assert.equal(Number((await db.selectFrom("appt_waitlist").select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n), 0, "no waiting list entry");

  const owned = await db.selectFrom("appt_services").select(["owner_module"]).where("location_key", "=", LOC).where("leika_key", "=", KEY).executeTakeFirstOrThrow();
  assert.equal(owned.owner_module, "learning", "the seed marks the service as e-learning's");
  // The owning module still sees its free times.
  assert.ok((await freeStarts(db, LOC, KEY, 14, { owner: "learning" })).length > 0, "e-learning's course flow offers the slots");
  assert.equal((await freeStarts(db, LOC, KEY, 14, { owner: "orchards" })).length, 0, "another module does not");
});

test("issue 20: staff removing and re-adding the video identification on the location page keep it e-learning's (not public on /termine)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const staff = await signedIn(app, db, { email: "standort-admin@example.org", kind: "staff", roles: ["admin"] });
  const page = `/verwaltung/termine/${LOC}/einstellungen`;
  const editor = await staff.get(page);
  assert.equal(editor.statusCode, 200);
  const token = /name="_csrf" value="([^"]+)"/.exec(editor.body)![1]!;
  const removed = await staff.post(`${page}/leistung-entfernen`, { _csrf: token, leikaKey: KEY });
  assert.equal(removed.statusCode, 303);
  assert.equal(await db.selectFrom("appt_services").select("owner_module").where("location_key", "=", LOC).where("leika_key", "=", KEY).executeTakeFirst(), undefined, "removed");
  const readded = await staff.post(`${page}/leistung`, { _csrf: token, leikaKey: KEY, serviceName: "Video-Identifikation zur Online-Belehrung (§ 43 IfSG)", duration: "15", maxPersons: "1" });
  assert.equal(readded.statusCode, 303, readded.body.slice(0, 300));
  const row = await db.selectFrom("appt_services").select("owner_module").where("location_key", "=", LOC).where("leika_key", "=", KEY).executeTakeFirstOrThrow();
  assert.equal(row.owner_module, "learning", "re-added, still e-learning's");
  // Still not public: /termine, the service's booking pages, the slots API, the booking links; e-learning still books it.
  assert.doesNotMatch((await app.inject({ method: "GET", url: "/termine" })).body, /Video-Identifikation/);
  assert.equal((await app.inject({ method: "GET", url: `/termine/leistung/${KEY}` })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/appointments/slots?location=${LOC}&leikaKey=${KEY}` })).statusCode, 404);
  assert.equal((await bookingLinksFor(db, [KEY])).size, 0);
  assert.ok((await freeStarts(db, LOC, KEY, 14, { owner: "learning" })).length > 0);
  // Changing it (name, duration) keeps the owner too.
  assert.equal((await staff.post(`${page}/leistung`, { _csrf: token, leikaKey: KEY, serviceName: "Video-Identifikation", duration: "20", maxPersons: "1" })).statusCode, 303);
  assert.equal((await db.selectFrom("appt_services").select("owner_module").where("location_key", "=", LOC).where("leika_key", "=", KEY).executeTakeFirstOrThrow()).owner_module, "learning");
});
