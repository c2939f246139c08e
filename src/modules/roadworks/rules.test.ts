import { test } from "node:test";
import assert from "node:assert/strict";
import { authorityKindFor, roadOwnerKindFor, checkPeriod, conflictReason, feeCents, parseAreaM2, parseGeometry, roadKey, specialUseFeeCents, type ConflictSubject } from "./rules.js";

test("geometry: typed coordinates (latitude first) and GeoJSON; outside the county, self-intersecting and garbage refused", () => {
  assert.deepEqual(parseGeometry("48.95, 8.84"), { ok: true, geometry: { type: "Point", coordinates: [8.84, 48.95] } });
  const line = parseGeometry("48.95, 8.84; 48.951 8.842");
  assert.equal(line.ok && line.geometry.type, "LineString");
  const area = parseGeometry("48.94, 8.84; 48.95, 8.84; 48.95, 8.85; 48.94, 8.84");
  assert.equal(area.ok && area.geometry.type, "Polygon");
  assert.equal(parseGeometry(JSON.stringify({ type: "Feature", geometry: { type: "Point", coordinates: [8.84, 48.95] } })).ok, true);
  assert.deepEqual(parseGeometry("52.52, 13.40"), { ok: false, error: "geometryOutside" });
  assert.deepEqual(parseGeometry("8.84, 48.95"), { ok: false, error: "geometryOutside" }, "longitude first is caught as outside");
  const bowtie = { type: "Polygon", coordinates: [[[8.84, 48.94], [8.85, 48.95], [8.85, 48.94], [8.84, 48.95], [8.84, 48.94]]] };
  assert.deepEqual(parseGeometry(JSON.stringify(bowtie)), { ok: false, error: "geometrySelfIntersecting" });
  assert.deepEqual(parseGeometry("{not json"), { ok: false, error: "geometryInvalid" });
  assert.deepEqual(parseGeometry("48.95, 8.84", { lineOnly: true }), { ok: false, error: "geometryInvalid" }, "a detour is a line");
  assert.deepEqual(parseGeometry(JSON.stringify({ type: "Polygon", coordinates: [[[8.84, 48.94], [8.85, 48.95], [8.85, 48.94], [8.84, 48.941]]] })), { ok: false, error: "geometryInvalid" }, "open ring");
});

test("period: not in the past, end after start, at most 183 days, daily hours in order", () => {
  const ok = { start: "2026-12-10", end: "2026-12-23", dailyFrom: "07:00", dailyTo: "18:00" };
  assert.deepEqual(checkPeriod(ok, "2026-12-06"), {});
  assert.deepEqual(checkPeriod({ ...ok, start: "2026-12-01" }, "2026-12-06"), { start: "startInPast" });
  assert.deepEqual(checkPeriod({ ...ok, end: "2026-12-09" }, "2026-12-06"), { end: "endBeforeStart" });
  assert.deepEqual(checkPeriod({ ...ok, end: "2027-06-11" }, "2026-12-06"), { end: "tooLong" });
  assert.deepEqual(checkPeriod({ ...ok, end: "2027-06-10" }, "2026-12-06"), {});
  assert.deepEqual(checkPeriod({ ...ok, start: "2026-02-30" }, "2026-01-01"), { start: "dateInvalid" });
  assert.deepEqual(checkPeriod({ ...ok, dailyFrom: "18:00", dailyTo: "07:00" }, "2026-12-06"), { dailyTo: "hoursInvalid" });
});

test("fees, road authority, road key", () => {
  assert.equal(feeCents("half", "2026-12-10", "2026-12-23"), 8000);
  assert.equal(feeCents("half", "2026-12-10", "2026-12-24"), 8200);
  assert.equal(feeCents("full", "2026-01-01", "2026-12-31"), 76_700, "capped at the schedule's maximum");
  assert.equal(authorityKindFor("municipal", "67"), "city");
  assert.equal(authorityKindFor("county", "67"), "city");
  assert.equal(authorityKindFor("municipal", "64"), "municipality");
  assert.equal(authorityKindFor("county", "64"), "county");
  assert.equal(roadKey("Hauptstr. "), roadKey("Hauptstraße"));
  assert.equal(roadKey("Bad-Str."), roadKey("Bad Straße"));
});

test("conflicts: same road or within the distance of site or detour, and only when the periods overlap", () => {
  const a: ConflictSubject = { id: "a", ags: "08236040", roadKey: "hauptstrasse", start: "2026-12-10", end: "2026-12-20", geometry: { type: "Point", coordinates: [8.84, 48.95] }, detour: null };
  const near: ConflictSubject = { ...a, id: "b", roadKey: "bahnhofstrasse", geometry: { type: "Point", coordinates: [8.8405, 48.9502] } };
  assert.equal(conflictReason(a, { ...a, id: "c", geometry: { type: "Point", coordinates: [8.9, 49.0] } }, 100), "sameRoad");
  assert.equal(conflictReason(a, near, 100), "near");
  assert.equal(conflictReason(a, near, 10), undefined, "50 m apart, 10 m distance");
  assert.equal(conflictReason(a, { ...near, start: "2026-12-21", end: "2026-12-30" }, 100), undefined, "no overlap in time");
  const far: ConflictSubject = { ...near, geometry: { type: "Point", coordinates: [8.86, 48.96] }, detour: { type: "LineString", coordinates: [[8.86, 48.96], [8.8401, 48.9501]] } };
  assert.equal(conflictReason(a, far, 100), "nearDetour");
  assert.equal(conflictReason(a, a, 100), undefined, "not with itself");
});

test("special-use fee (demo rule): 1 € per m² and started week, at least 25 €; areas as typed", () => {
  assert.equal(specialUseFeeCents(20, "2027-03-01", "2027-03-14"), 4_000, "20 m², two weeks");
  assert.equal(specialUseFeeCents(20, "2027-03-01", "2027-03-15"), 6_000, "a started third week counts");
  assert.equal(specialUseFeeCents(3, "2027-03-01", "2027-03-03"), 2_500, "the minimum");
  assert.equal(parseAreaM2("12,5"), 13);
  assert.equal(parseAreaM2("40"), 40);
  for (const bad of ["", "0", "-3", "abc", "1000001"]) assert.equal(parseAreaM2(bad), undefined, bad);
});

test("road owner (Straßenbaulastträger) from road class and place", () => {
  const village = { typeCode: "64", population: 9_000, withinTown: true };
  assert.equal(roadOwnerKindFor("municipal", village), "municipality");
  assert.equal(roadOwnerKindFor("county", village), "county");
  assert.equal(roadOwnerKindFor("state", village), "state");
  assert.equal(roadOwnerKindFor("federal", { ...village, withinTown: false }), "federal");
  // A through road in a town above 30,000 (state, county) or 80,000 (federal) inhabitants is the town's.
  const town = { typeCode: "67", population: 45_000, withinTown: true };
  assert.equal(roadOwnerKindFor("state", town), "municipality");
  assert.equal(roadOwnerKindFor("county", town), "municipality");
  assert.equal(roadOwnerKindFor("federal", town), "federal");
  assert.equal(roadOwnerKindFor("state", { ...town, withinTown: false }), "state", "outside the town the Land");
  const stadtkreis = { typeCode: "61", population: 125_000, withinTown: true };
  assert.equal(roadOwnerKindFor("federal", stadtkreis), "municipality");
  assert.equal(roadOwnerKindFor("county", { ...stadtkreis, withinTown: false }), "municipality", "a Stadtkreis has no county above it");
  assert.equal(roadOwnerKindFor("federal", { ...stadtkreis, withinTown: false }), "federal");
});
