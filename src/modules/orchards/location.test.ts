import { test } from "node:test";
import assert from "node:assert/strict";
import { coarsen, countyBounds, distanceKm, GRID, withinBounds } from "../../platform/geo/centres.js";
import { parseDegree, parsePoint } from "./validation.js";

test("coarsening: every point of a ~1 km cell becomes the same cell centre, within half a cell", () => {
  const centre = coarsen({ lat: 48.95123, lon: 8.84101 });
  assert.deepEqual(centre, { lat: 48.955, lon: 8.8425 });
  for (const p of [{ lat: 48.9501, lon: 8.8351 }, { lat: 48.9599, lon: 8.8499 }, { lat: 48.955, lon: 8.8425 }]) assert.deepEqual(coarsen(p), centre, JSON.stringify(p));
  // The next cell north and east.
  assert.deepEqual(coarsen({ lat: 48.9601, lon: 8.8501 }), { lat: 48.965, lon: 8.8575 });
  // The public point is at most half a cell from the exact one, and more than nothing from most.
  for (let i = 0; i < 200; i++) {
    const p = { lat: 48.8 + i * 0.00137, lon: 8.6 + i * 0.00211 };
    const c = coarsen(p);
    assert.ok(Math.abs(c.lat - p.lat) <= GRID.lat / 2 + 1e-9 && Math.abs(c.lon - p.lon) <= GRID.lon / 2 + 1e-9);
    assert.ok(distanceKm(c, p) < 0.8);
  }
  // The cell is about 1 km a side here.
  const side = distanceKm({ lat: 48.95, lon: 8.84 }, { lat: 48.96, lon: 8.84 });
  assert.ok(side > 1 && side < 1.2, String(side));
  const width = distanceKm({ lat: 48.95, lon: 8.84 }, { lat: 48.95, lon: 8.855 });
  assert.ok(width > 1 && width < 1.2, String(width));
});

test("the county's bounding area and typed coordinates", () => {
  const b = countyBounds("08236")!;
  assert.ok(withinBounds({ lat: 48.95, lon: 8.84 }, b)); // Mühlacker
  assert.ok(withinBounds({ lat: 48.8922, lon: 8.6947 }, b)); // Pforzheim
  assert.equal(withinBounds({ lat: 48.7758, lon: 9.1829 }, b), false); // Stuttgart
  assert.equal(withinBounds({ lat: 49.0069, lon: 8.4037 }, b), false); // Karlsruhe
  assert.equal(countyBounds("09162"), undefined);
  assert.equal(parseDegree("48,9512"), 48.9512);
  assert.equal(parseDegree("8.841"), 8.841);
  for (const bad of ["", "abc", "48,95,1", "1e3", "48.123456789"]) assert.equal(parseDegree(bad), undefined, bad);
  for (const ok of ["48.95, 8.84", "48.95,8.84", "48,95; 8,84", "48,95 8,84", " 48.95   8.84 "]) assert.deepEqual(parsePoint(ok), { lat: 48.95, lon: 8.84 }, ok);
  for (const bad of ["48.95", "95, 8", "a, b", "48,95, 8,84"]) assert.equal(parsePoint(bad), undefined, bad);
});
