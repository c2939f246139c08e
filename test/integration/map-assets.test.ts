/** ADR 0059: Leaflet's script, stylesheet and images are served from node_modules under /assets/leaflet/, nothing else of the package. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";

test("Leaflet is served same-origin under /assets/leaflet/ with the shared map script; source maps and other files are not", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const js = await c.get("/assets/leaflet/leaflet.js");
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers["content-type"]), /javascript/);
  assert.match(js.body, /Leaflet 1\.9\.4/);
  const css = await c.get("/assets/leaflet/leaflet.css");
  assert.equal(css.statusCode, 200);
  assert.match(css.body, /\.leaflet-container/);
  assert.equal((await c.get("/assets/leaflet/images/marker-icon.png")).statusCode, 200);
  for (const hidden of ["/assets/leaflet/leaflet.js.map", "/assets/leaflet/leaflet-src.esm.js", "/assets/leaflet/../package.json"]) {
    assert.equal((await c.get(hidden)).statusCode, 404, hidden);
  }
  const shared = await c.get("/assets/kp-map.js");
  assert.equal(shared.statusCode, 200);
  assert.match(shared.body, /window\.kpMap/);
  assert.equal((await c.get("/assets/kp-map.css")).statusCode, 200);
});
