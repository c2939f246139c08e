/**
 * Issue 17: the search page carries the map's data for care-map.js (one point per municipality centre of the
 * results, counts, free places, the list item to jump to); the map stays hidden without JavaScript and is
 * absent without results.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { seedCareDemo } from "../../src/modules/care/index.js";

test("care map data: points per municipality centre, the origin, hidden without JavaScript, none without results", async (t) => {
  const { app, db } = await buildTestApp(t);
  await seedCareDemo(db);
  const c = new Client(app);
  const res = await c.get("/pflegeplaetze?gemeinde=08236043&umkreis=25&art=kurzzeit");
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<figure id="kp-care-map-figure" hidden>/);
  assert.match(res.body, /<script src="\/assets\/care-map\.js" defer><\/script>/);
  assert.match(res.body, /<script src="\/assets\/leaflet\/leaflet\.js" defer><\/script>/);
  const raw = /data-points="([^"]+)"/.exec(res.body)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  const points = JSON.parse(raw) as Array<{ ags: string; n: number; free: number; target: string; lat: number; lon: number }>;
  const ids = [...res.body.matchAll(/<li class="kern-stack kp-care-result" id="(e-[0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.equal(points.reduce((s, p) => s + p.n, 0), ids.length, "every listed provider is counted once");
  assert.equal(new Set(points.map((p) => p.ags)).size, points.length, "one point per municipality");
  for (const p of points) assert.ok(ids.includes(p.target) && p.free <= p.n && p.lat > 48 && p.lat < 50);
  assert.match(res.body, /data-origin="48\.846,8\.592"/, "Neuenbürg's centre is the origin");
  // Address search: the address's municipality is the origin.
  assert.match((await c.get("/pflegeplaetze?adresse=75417")).body, /data-origin="48\.95,8\.84"/);
  // No results: no map.
  const none = await c.get("/pflegeplaetze?gemeinde=08236061&art=hospiz");
  assert.doesNotMatch(none.body, /kp-care-map/);
  // The asset is served.
  const js = await c.get("/assets/care-map.js");
  assert.equal(js.statusCode, 200);
  assert.match(js.body, /kp-care-map/);
});
