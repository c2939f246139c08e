/** ADR 0059 on a listing page: with MAP_TILE_URL the Leaflet map box carries only the coarsened point and the CSP allows the tile origin. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, createTestUser } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { addDays } from "../../src/platform/time/berlin.js";
import { today } from "../../src/modules/orchards/queries.js";
import { listingCreator } from "../../src/modules/orchards/commands/listings.js";

test("orchard listing map: the grid cell (never the exact point) in the map box, tiles allowed by the page's CSP", async (t) => {
  const { app, db } = await buildTestApp(t, { MAP_TILE_URL: "https://tiles.example.org/{z}/{x}/{y}.png" });
  const owner = await createTestUser(db, { email: "karl@example.org", kind: "citizen" });
  const base = { description: "30 Bäume", municipality: { ags: "08236043", ars: "082365005043", name: "Neuenbürg" }, areaM2: null, trees: null, varieties: null, expiresOn: addDays(today(), 30) };
  const { id } = await listingCreator(systemContext(db), { ownerId: owner, publisher: "karl", input: { ...base, kind: "meadow_lease", title: "Wiese am Schlossberg", point: { lat: 48.841234, lon: 8.603456 } } });
  const res = await new Client(app).get(`/streuobst/anzeigen/${id}`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers["content-security-policy"]), /img-src 'self' data: https:\/\/tiles\.example\.org/);
  const box = /<div id="kp-orchard-map"[^>]*>/.exec(res.body)?.[0] ?? "";
  assert.match(box, /class="kp-map" hidden role="region"/);
  assert.match(box, /data-cell="0\.01,0\.015"/);
  assert.doesNotMatch(res.body, /48\.841234|8\.603456/, "the exact point is not on the public page");
  assert.match(res.body, /<script src="\/assets\/orchards-map\.js" defer><\/script>/);
});
