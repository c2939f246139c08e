import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp } from "../helpers.js";
import { solveChallenge, type AltchaChallenge } from "../../src/modules/appointments/altcha.js";
import { berlinDate, bwHoliday, isoWeekday } from "../../src/modules/appointments/time.js";
import { DEMO_LOCATIONS } from "../../src/modules/appointments/commands/appointmentSeeder.js";

// Issue 24 item 10: the Kfz-Zulassungsstelle and the Ausländerbehörde of the Enzkreis are bookable.
const MUEHLACKER = "08236040";
const ZULASSUNG = "lra-08236-zulassung";
const AUSLAENDER = "lra-08236-auslaender";
const NEUZULASSUNG = "99036008007002"; // Kraftfahrzeug Zulassung erstmalig
const UMSCHREIBUNG = "99036008007001"; // Kraftfahrzeug Zulassung bei Halterwechsel
const AUSSERBETRIEB = "99036008070002"; // Abmeldung zur Außerbetriebsetzung (persönliche Vorlage)
const WUNSCHKENNZEICHEN = "99036009069007"; // Kennzeichen Zuteilung Wunschkennzeichen
const AUFENTHALT_VERL = "99010001020000"; // Aufenthaltserlaubnis Verlängerung
const NIEDERLASSUNG = "99010003001000"; // Niederlassungserlaubnis Erteilung
const EINBUERGERUNG = "99099002000000"; // Einbürgerung (Beratung)

type Slot = { slotId: string; start: string; end: string; location: string };

async function slots(app: FastifyInstance, location: string, leikaKey: string): Promise<Slot[]> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${leikaKey}&location=${location}` });
  assert.equal(res.statusCode, 200, `${location} ${leikaKey}: ${res.body}`);
  return res.json() as Slot[];
}

async function altcha(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: "GET", url: "/api/v1/appointments/challenge" });
  return solveChallenge(res.json() as AltchaChallenge);
}

test("demo seed: every service key is a real LeiKa key of the shipped catalogue, durations are realistic", async (t) => {
  const { db } = await buildTestApp(t);
  const keys = DEMO_LOCATIONS.flatMap((l) => l.services.map((s) => s.leikaKey));
  const known = await db.selectFrom("services").select("leika_key").where("leika_key", "in", keys).execute();
  assert.deepEqual(new Set(known.map((r) => r.leika_key)), new Set(keys), "unknown LeiKa keys in DEMO_LOCATIONS");
  for (const s of DEMO_LOCATIONS.flatMap((l) => l.services)) assert.ok(s.duration >= 10 && s.duration <= 60, `${s.name}: ${s.duration} min`);
});

test("the Zulassungsstelle and the Ausländerbehörde are listed as bookable, with slots on working days only", async (t) => {
  const { app, db } = await buildTestApp(t);
  const start = await app.inject({ method: "GET", url: `/termine?ags=${MUEHLACKER}` });
  assert.equal(start.statusCode, 200);
  for (const key of [NEUZULASSUNG, UMSCHREIBUNG, AUSSERBETRIEB, WUNSCHKENNZEICHEN, AUFENTHALT_VERL, NIEDERLASSUNG, EINBUERGERUNG]) {
    assert.ok(start.body.includes(`/termine/leistung/${key}`), `${key} not listed on /termine`);
  }
  // Grouped by office, with the usual duration.
  const section = (title: RegExp) => {
    const m = new RegExp(`<h2[^>]*>${title.source}[^]*?</section>`).exec(start.body);
    assert.ok(m, `no section ${title.source}`);
    return m[0];
  };
  assert.match(section(/[^<]*Kfz-Zulassungsstelle/), new RegExp(`/termine/leistung/${NEUZULASSUNG}[^]*?etwa 30 Minuten`));
  assert.match(section(/[^<]*Ausländerbehörde/), new RegExp(`/termine/leistung/${EINBUERGERUNG}`));
  assert.doesNotMatch(section(/[^<]*Ausländerbehörde/), new RegExp(`/termine/leistung/${NEUZULASSUNG}`));
  const offered = await db.selectFrom("appt_services").select(["location_key", "leika_key", "duration_minutes"]).where("location_key", "in", [ZULASSUNG, AUSLAENDER]).execute();
  const duration = (loc: string, key: string) => offered.find((o) => o.location_key === loc && o.leika_key === key)?.duration_minutes;
  // Realistic: a new registration takes longer than taking a car off the road; a naturalisation consultation is the longest.
  assert.ok(duration(ZULASSUNG, NEUZULASSUNG)! > duration(ZULASSUNG, AUSSERBETRIEB)!);
  assert.ok(duration(AUSLAENDER, EINBUERGERUNG)! >= 30);

  for (const [loc, key] of [[ZULASSUNG, NEUZULASSUNG], [ZULASSUNG, AUSSERBETRIEB], [AUSLAENDER, AUFENTHALT_VERL], [AUSLAENDER, EINBUERGERUNG]] as const) {
    const found = await slots(app, loc, key);
    assert.ok(found.length > 0, `${loc} ${key}: no slots`);
    for (const s of found) {
      const day = berlinDate(new Date(s.start));
      assert.ok(isoWeekday(day) <= 5, `${s.start} is a weekend`);
      assert.equal(bwHoliday(day), undefined, `${s.start} is a holiday`);
    }
    const minutes = (new Date(found[0]!.end).getTime() - new Date(found[0]!.start).getTime()) / 60000;
    assert.equal(minutes, duration(loc, key));
  }
  // The Ausländerbehörde does not register cars.
  const wrong = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${NEUZULASSUNG}&location=${AUSLAENDER}` });
  assert.equal(wrong.statusCode, 404);
});

test("a Neuzulassung can be booked through the API", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const [slot] = await slots(app, ZULASSUNG, NEUZULASSUNG);
  assert.ok(slot);
  const res = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId: slot.slotId, name: "Erika Mustermann", email: "erika.zulassung@example.org", altcha: await altcha(app) } });
  assert.equal(res.statusCode, 201, res.body);
  const { bookingCode } = res.json() as { bookingCode: string };
  const row = await db.selectFrom("appt_bookings").select(["location_key", "leika_key", "status"]).where("code", "=", bookingCode).executeTakeFirstOrThrow();
  assert.deepEqual(row, { location_key: ZULASSUNG, leika_key: NEUZULASSUNG, status: "held" });
  const confirm = await mail.waitFor("erika.zulassung@example.org");
  assert.match(confirm.text, /bestaetigen/);
});

test("GET /api/v1/services/{key}?ags= lists the Zulassungsstelle; the search's best answer for 'auto zulassen' offers an appointment", async (t) => {
  const { app } = await buildTestApp(t);
  await app.ready();
  const res = await app.inject({ method: "GET", url: `/api/v1/services/${NEUZULASSUNG}?ags=${MUEHLACKER}` });
  assert.equal(res.statusCode, 200, res.body);
  const svc = res.json() as { appointmentUrl?: string; appointments: Array<{ location: string; name: string; url: string }> };
  assert.equal(svc.appointmentUrl, `/termine/leistung/${NEUZULASSUNG}?ags=${MUEHLACKER}`);
  const loc = svc.appointments.find((a) => a.location === ZULASSUNG);
  assert.ok(loc, JSON.stringify(svc.appointments));
  assert.match(loc.name, /Zulassung/);
  assert.equal(loc.url, `/termine/${ZULASSUNG}/${NEUZULASSUNG}`);

  const aufenthalt = (await app.inject({ method: "GET", url: `/api/v1/services/${AUFENTHALT_VERL}?ags=${MUEHLACKER}` })).json() as typeof svc;
  assert.ok(aufenthalt.appointments.some((a) => a.location === AUSLAENDER), JSON.stringify(aufenthalt.appointments));

  // The locations page marks the office responsible for the municipality (responsibility module).
  const KELTERN = "08236070";
  for (const [key, ags] of [[NEUZULASSUNG, MUEHLACKER], [AUFENTHALT_VERL, KELTERN]] as const) {
    const page = await app.inject({ method: "GET", url: `/termine/leistung/${key}?ags=${ags}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /für Ihre Gemeinde zuständig/, `${key} ${ags}: no responsible location marked`);
  }

  const search = await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent("auto zulassen")}&ags=${MUEHLACKER}` });
  assert.equal(search.statusCode, 200, search.body);
  const [best] = (search.json() as { results: Array<{ type: string; leikaKey?: string; title: string; appointmentUrl?: string }> }).results;
  assert.ok(best, search.body);
  assert.equal(best.type, "service", search.body);
  assert.equal(best.appointmentUrl, `/termine/leistung/${best.leikaKey}?ags=${MUEHLACKER}`, `best answer ${best.leikaKey} ${best.title} has no appointment link`);
});
