import { test } from "node:test";
import assert from "node:assert/strict";
import { ageInDays, isStale, parseFreePlaces } from "./kinds.js";
import { canManageProviders, canReportPlaces } from "./policies.js";

test("care: reported numbers are whole numbers 0..999, nothing else", () => {
  assert.equal(parseFreePlaces("0"), 0);
  assert.equal(parseFreePlaces(" 12 "), 12);
  assert.equal(parseFreePlaces(999), 999);
  for (const bad of ["-1", "1000", "1.5", "abc", "", "1e2", 1000, -1, 1.5, null, undefined]) assert.equal(parseFreePlaces(bad), undefined, String(bad));
});

test("care: numbers older than three days are stale; age in whole days", () => {
  const now = new Date("2026-12-06T12:00:00Z");
  assert.equal(isStale(new Date("2026-12-03T12:00:01Z"), now), false);
  assert.equal(isStale(new Date("2026-12-03T11:59:59Z"), now), true);
  assert.equal(isStale(new Date("2026-12-05T12:00:00Z"), now, 0.5), true);
  assert.equal(ageInDays(new Date("2026-12-01T13:00:00Z"), now), 4);
  assert.equal(ageInDays(new Date("2026-12-07T13:00:00Z"), now), 0);
});

test("care policy: the care support point and administrators manage and report anywhere; other staff nothing; a provider account reports only for its own provider; anonymous nothing", () => {
  const staff = { id: "s", kind: "staff" as const };
  const home = { id: "h", kind: "citizen" as const };
  for (const roles of [["care_counsellor"], ["admin"], ["member", "care_counsellor"]]) {
    assert.equal(canManageProviders(staff, roles), true, roles.join());
    assert.equal(canReportPlaces(staff, "p1", new Set(), roles), true, roles.join());
  }
  for (const roles of [[], ["member"], ["editor"]]) {
    assert.equal(canManageProviders(staff, roles), false, `staff with ${roles.join() || "no role"}`);
    assert.equal(canReportPlaces(staff, "p1", new Set(["p1"]), roles), false, `staff with ${roles.join() || "no role"}`);
  }
  assert.equal(canManageProviders(home, ["care_counsellor"]), false, "a citizen row with the role (should not exist) gets nothing");
  assert.equal(canManageProviders(undefined, ["admin"]), false);
  assert.equal(canReportPlaces(home, "p1", new Set(["p1"]), []), true);
  assert.equal(canReportPlaces(home, "p2", new Set(["p1"]), []), false);
  assert.equal(canReportPlaces(undefined, "p1", new Set(["p1"]), []), false);
});
