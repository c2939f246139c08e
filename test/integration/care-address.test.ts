/**
 * Issue 17: distance from a street address or postcode. No geocoding: the address resolves to its
 * municipality (postcode table or a town named in it) and distances run from that municipality's centre;
 * page and API say so. Unknown addresses and postcodes outside the county give errors at the field.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { buildTestApp, Client } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";

const q = (params: Record<string, string>) => `/pflegeplaetze?${new URLSearchParams(params).toString()}`;
const names = (body: string) => [...body.matchAll(/<h3 class="kern-heading-small">\s*<a class="kern-link" href="\/pflegeplaetze\/anbieter\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
const kms = (body: string) => [...body.matchAll(/etwa (\d+) km entfernt/g)].map((m) => Number(m[1]));

test("address search: a street address or postcode gives its municipality's centre as origin, nearest first, with an honest precision note; bad addresses 422", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const c = new Client(app);

  // Street, postcode and town: Neuenbürg's centre; 25 km; the page says what was used and how precise it is.
  const res = await c.get(q({ adresse: "Hauptstraße 5, 75305 Neuenbürg", umkreis: "25", art: "kurzzeit" }));
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Entfernungen ab dem Ortsmittelpunkt von Neuenbürg \(Postleitzahl 75305\)/);
  assert.match(res.body, /Straße und Hausnummer werden nicht ausgewertet/);
  assert.match(res.body, /value="Hauptstraße 5, 75305 Neuenbürg"/, "what was typed is kept");
  const d = kms(res.body);
  assert.ok(d.length > 0 && d.every((k) => k <= 25));
  // Same as choosing the municipality: same providers in the same order.
  const byMunicipality = await c.get(q({ gemeinde: "08236043", umkreis: "25", art: "kurzzeit" }));
  assert.deepEqual(names(res.body), names(byMunicipality.body));
  // The request link carries the origin's municipality.
  assert.match(res.body, /href="\/pflegeplaetze\/anfrage\?anbieter=[^"]*gemeinde=08236043/);

  // Only a town in the address (no postcode), no radius: every provider within 50 km with its distance.
  const town = await c.get(q({ adresse: "Bahnhofstraße 1, Mühlacker" }));
  assert.equal(town.statusCode, 200);
  assert.match(town.body, /Entfernungen ab dem Ortsmittelpunkt von Mühlacker\./);
  assert.ok(kms(town.body).length >= 10, "distances shown without a chosen radius");
  assert.ok(kms(town.body).includes(0), "providers in Mühlacker itself: 0 km");
  // Only a postcode.
  assert.match((await c.get(q({ adresse: "75417" }))).body, /Ortsmittelpunkt von Mühlacker \(Postleitzahl 75417\)/);

  // A postcode that spans several municipalities of the county (if the shipped data has one): said so.
  const shared = await sql<{ postcode: string }>`SELECT postcode FROM postcodes WHERE ags LIKE '08236%' OR ags = '08231000' GROUP BY postcode HAVING count(DISTINCT ags) > 1 LIMIT 1`.execute(db);
  if (shared.rows[0]) assert.match((await c.get(q({ adresse: shared.rows[0].postcode }))).body, /gehört zu mehreren Gemeinden/);

  // Bad input: a postcode outside the county, an address without postcode or town, too long.
  const berlin = await c.get(q({ adresse: "Unter den Linden 1, 10117 Berlin", umkreis: "10" }));
  assert.equal(berlin.statusCode, 422);
  assert.match(berlin.body, /id="adresse-error"[\s\S]*nicht im Kreisgebiet/);
  const nowhere = await c.get(q({ adresse: "Am Ende der Welt 7" }));
  assert.equal(nowhere.statusCode, 422);
  assert.match(nowhere.body, /keine Postleitzahl und keinen Ort des Kreises/);
  assert.equal((await c.get(q({ adresse: "x".repeat(201) }))).statusCode, 422);

  // API: the same origin, distances and the precision.
  const api = await c.get(`/api/v1/care/providers?${new URLSearchParams({ address: "Hauptstraße 5, 75305 Neuenbürg", radius: "25", kind: "kurzzeit" })}`);
  assert.equal(api.statusCode, 200);
  const json = api.json() as { items: Array<{ name: string; distanceKm: number }>; origin: { ags: string; postcode: string; precision: string } };
  assert.deepEqual(json.origin, { ags: "08236043", name: "Neuenbürg", postcode: "75305", ambiguous: false, precision: "municipality" });
  assert.deepEqual(json.items.map((i) => i.name), names(res.body));
  assert.ok(json.items.every((i) => i.distanceKm <= 25));
  const apiBad = await c.get(`/api/v1/care/providers?address=${encodeURIComponent("Am Ende der Welt 7")}`);
  assert.equal(apiBad.statusCode, 422);
  assert.equal((apiBad.json() as { errors: Array<{ path: string }> }).errors[0]!.path, "/address");
  assert.equal((await c.get(`/api/v1/care/providers?address=${"x".repeat(201)}`)).statusCode, 400);
});
