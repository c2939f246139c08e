import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp } from "../helpers.js";
import { searchServiceOf } from "../../src/modules/search/index.js";

const MUEHLACKER = "08236040";
const DOG_FORM = "/antraege/hundesteuer-anmeldung";
const ID_CARD = "99008001012000";

interface ApiResult {
  type: string;
  leikaKey?: string;
  onlineUrl?: string;
  appointmentUrl?: string;
}

const search = async (app: Awaited<ReturnType<typeof buildTestApp>>["app"], q: string, ags?: string) => {
  const res = await app.inject({ method: "GET", url: `/api/v1/search?q=${encodeURIComponent(q)}&limit=20${ags ? `&ags=${ags}` : ""}` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { results: ApiResult[] }).results;
};

test("GET /api/v1/search: service results carry onlineUrl and appointmentUrl where they exist (issue 24.1)", async (t) => {
  const { app, db } = await buildTestApp(t);
  await app.ready();

  // The dog form serves both "Hundehaltung Anmeldung" and "Hundesteuer": every such result links it.
  const dog = await search(app, "hund anmelden", MUEHLACKER);
  const withForm = dog.filter((r) => r.onlineUrl === DOG_FORM);
  assert.ok(withForm.length >= 1, JSON.stringify(dog));
  assert.ok(withForm.every((r) => r.type === "service" && /^(99102013000000|99110009104000)$/.test(r.leikaKey ?? "")), JSON.stringify(withForm));
  assert.equal(dog[0]!.onlineUrl, DOG_FORM, "the best answer offers the online form");
  // Only services carry the fields.
  assert.ok(dog.filter((r) => r.type !== "service").every((r) => r.onlineUrl === undefined && r.appointmentUrl === undefined));

  // A bookable service: the booking link keeps the municipality.
  const idCard = await search(app, "personalausweis beantragen", MUEHLACKER);
  const bookable = idCard.find((r) => r.leikaKey === ID_CARD);
  assert.ok(bookable, JSON.stringify(idCard));
  assert.equal(bookable.appointmentUrl, `/termine/leistung/${ID_CARD}?ags=${MUEHLACKER}`);
  // Without a municipality the link has no ags.
  const noPlace = (await search(app, "personalausweis beantragen")).find((r) => r.leikaKey === ID_CARD);
  assert.equal(noPlace?.appointmentUrl, `/termine/leistung/${ID_CARD}`);

  // Not bookable, no form: neither field.
  const none = dog.find((r) => r.type === "service" && r.onlineUrl === undefined && r.appointmentUrl === undefined);
  assert.ok(none, "some dog service has neither an online form nor an appointment");

  // No own form: the service's external online service is the online URL; the own form wins over it.
  const external = "https://service-bw.de/online/hundehaltung-meldung";
  await db.updateTable("services").set({ online_service: JSON.stringify({ url: external }) }).where("leika_key", "in", [none.leikaKey!, "99110009104000"]).execute();
  await sql`UPDATE catalog_version SET version = version + 1`.execute(db);
  assert.equal(await searchServiceOf(app)!.refreshIfChanged(), true);
  const again = await search(app, "hund anmelden", MUEHLACKER);
  assert.equal(again.find((r) => r.leikaKey === none.leikaKey)?.onlineUrl, external);
  assert.equal(again.find((r) => r.leikaKey === "99110009104000")?.onlineUrl, DOG_FORM);
});

test("GET /api/v1/services/{leikaKey}: onlineUrl, appointmentUrl and the bookable locations (issue 24.1)", async (t) => {
  const { app } = await buildTestApp(t);
  await app.ready();
  const get = async (url: string) => {
    const res = await app.inject({ method: "GET", url });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as ApiResult & { appointments: Array<{ location: string; name: string; url: string }> };
  };

  const dog = await get(`/api/v1/services/99110009104000?ags=${MUEHLACKER}`);
  assert.equal(dog.onlineUrl, DOG_FORM);
  assert.equal(dog.appointmentUrl, undefined);
  assert.deepEqual(dog.appointments, []);

  const idCard = await get(`/api/v1/services/${ID_CARD}?ags=${MUEHLACKER}`);
  assert.equal(idCard.onlineUrl, undefined);
  assert.equal(idCard.appointmentUrl, `/termine/leistung/${ID_CARD}?ags=${MUEHLACKER}`);
  assert.equal(idCard.appointments.length, 1, JSON.stringify(idCard.appointments));
  const [loc] = idCard.appointments;
  assert.match(loc!.name, /Mühlacker/);
  assert.equal(loc!.url, `/termine/${loc!.location}/${ID_CARD}`);
  // The location key is what the slots API takes.
  const slots = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?location=${loc!.location}&leikaKey=${ID_CARD}` });
  assert.equal(slots.statusCode, 200, slots.body);

  const noPlace = await get(`/api/v1/services/${ID_CARD}`);
  assert.equal(noPlace.appointmentUrl, `/termine/leistung/${ID_CARD}`);
});
