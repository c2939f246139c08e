/** Issue 16 item 4: the map page of all visible listings (public points only; SVG and list without JavaScript). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { coarsen, countyBounds } from "../../src/platform/geo/centres.js";
import { listingCreator, listingWithdrawer } from "../../src/modules/orchards/commands/listings.js";
import { mapPlaces } from "../../src/modules/orchards/mapPlaces.js";
import { today } from "../../src/modules/orchards/queries.js";
import { buildTestApp, createTestUser } from "../helpers.js";

const NEUENBUERG = { ags: "08236043", ars: "082365005043", name: "Neuenbürg" };
const MUEHLACKER = { ags: "08236040", ars: "082360040040", name: "Mühlacker" };
const input = (over: Record<string, unknown> = {}) => ({ kind: "meadow_lease" as const, title: "Wiese", description: "Bäume", municipality: NEUENBUERG, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30), ...over });

test("issue 16: /streuobst/karte draws every visible listing at its public point (grid cell or municipality centre) as SVG and list; exact points, withdrawn and expired listings never appear", { timeout: 180_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t);
  const owner = await createTestUser(db, { email: "olga@example.org", kind: "citizen" });
  const ctx = systemContext(db);
  const exact = { lat: 48.84123, lon: 8.60345 };
  const a = await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: input({ title: "Wiese am Schlossberg", point: exact }) });
  await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: input({ title: "Zweite Wiese in derselben Zelle", kind: "harvest_wanted", point: { lat: exact.lat + 0.001, lon: exact.lon + 0.001 } }) });
  await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: input({ title: "Äpfel zum Selberpflücken", kind: "fruit", municipality: MUEHLACKER }) });
  const gone = await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: input({ title: "Zurückgezogene Wiese" }) });
  await listingWithdrawer(ctx, { id: gone.id, ownerId: owner });
  await db.updateTable("orchard_listings").set({ expires_on: addDays(today(), -1) }).where("id", "=", (await listingCreator(ctx, { ownerId: owner, publisher: "olga", input: input({ title: "Abgelaufene Wiese" }) })).id).execute();

  const res = await app.inject({ url: "/streuobst/karte" });
  assert.equal(res.statusCode, 200);
  const html = res.body;
  // Two places: one grid cell with two listings, Mühlacker's centre with one.
  assert.match(html, /<svg[^>]*role="img"[^>]*aria-label="Übersichtskarte des Kreises mit 2 Orten und 3 Anzeigen/);
  assert.equal((html.match(/<circle /g) ?? []).length, 2);
  const cell = coarsen(exact);
  assert.match(html, /Rasterzelle bei [0-9,]+, [0-9,]+ \(Neuenbürg\) – Anzeigen: 2/);
  assert.match(html, /Ortsmitte Mühlacker .* – Anzeigen: 1/);
  assert.ok(html.includes(`mlat=${cell.lat}&amp;mlon=${cell.lon}`), "OSM link at the cell centre");
  for (const title of ["Wiese am Schlossberg", "Zweite Wiese in derselben Zelle", "Äpfel zum Selberpflücken"]) assert.ok(html.includes(title), title);
  assert.ok(html.includes(`href="/streuobst/anzeigen/${a.id}"`));
  for (const hidden of ["Zurückgezogene Wiese", "Abgelaufene Wiese", "48.84123", "48,84123", "8.60345", "8,60345", "48.84223"]) assert.ok(!html.includes(hidden), hidden);
  // The kind filter.
  const fruit = (await app.inject({ url: "/streuobst/karte?art=fruit" })).body;
  assert.ok(fruit.includes("Äpfel zum Selberpflücken"));
  assert.ok(!fruit.includes("Wiese am Schlossberg"));
  // Linked from the list.
  assert.match((await app.inject({ url: "/streuobst" })).body, /href="\/streuobst\/karte"/);

  // Projection: inside the box, north up, west left.
  const b = countyBounds(config.countyKey)!;
  const { places, height } = mapPlaces([
    { id: "n", title: "N", kind: "meadow_lease", grid_lat: b.north, grid_lon: b.west, ags: NEUENBUERG.ags, municipality_name: "A" },
    { id: "s", title: "S", kind: "meadow_lease", grid_lat: b.south, grid_lon: b.east, ags: NEUENBUERG.ags, municipality_name: "B" },
  ], b, 640);
  assert.deepEqual(places.map((p) => [p.x, p.y]), [[0, 0], [640, height]]);
});
