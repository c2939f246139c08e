import { test } from "node:test";
import assert from "node:assert/strict";
import { agencyDeadline, agencyLinkState, agencyTokenHash, isAgencyToken, newAgencyToken, normalName, parseCoordinate, pointInArea, releaseNameProblem, reminderDue } from "./agencies.js";
import type { MultiPolygon } from "./xplan/parse.js";

test("agency tokens: 32 random bytes as base64url; only the SHA-256 is stored, and it is not the token", () => {
  const a = newAgencyToken();
  const b = newAgencyToken();
  assert.ok(isAgencyToken(a.token));
  assert.notEqual(a.token, b.token);
  assert.match(a.hash, /^[0-9a-f]{64}$/);
  assert.equal(a.hash, agencyTokenHash(a.token));
  assert.ok(!a.hash.includes(a.token));
  // Known vector: SHA-256("abc").
  assert.equal(agencyTokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  for (const bad of ["", "x".repeat(42), "x".repeat(44), `${"x".repeat(42)}+`, 42, undefined]) assert.equal(isAgencyToken(bad), false, String(bad));
});

test("deadline: the end of the last day in Berlin (24:00), summer and winter time, and the grace period of the link", () => {
  // Summer (CEST, UTC+2): 24:00 on 10 July is 22:00 UTC.
  assert.equal(agencyDeadline("2027-07-10", 30).deadline.toISOString(), "2027-07-10T22:00:00.000Z");
  // Winter (CET, UTC+1).
  assert.equal(agencyDeadline("2027-01-15", 30).deadline.toISOString(), "2027-01-15T23:00:00.000Z");
  // Last day before the switch to summer time (28 March 2027, 02:00): midnight is still CET.
  assert.equal(agencyDeadline("2027-03-27", 0).deadline.toISOString(), "2027-03-27T23:00:00.000Z");
  // Last day is the switch to winter time (31 October 2027): the following midnight is CET.
  assert.equal(agencyDeadline("2027-10-31", 0).deadline.toISOString(), "2027-10-31T23:00:00.000Z");
  const g = agencyDeadline("2027-07-10", 30);
  assert.equal(g.linkValidUntil.toISOString(), "2027-08-09T22:00:00.000Z");
  assert.equal(agencyDeadline("2027-07-10", 0).linkValidUntil.getTime(), agencyDeadline("2027-07-10", 0).deadline.getTime());
});

test("link state: open until the deadline (exclusive), then closed, released read-only, nothing after the grace period", () => {
  const { deadline, linkValidUntil } = agencyDeadline("2027-07-10", 30);
  const at = (iso: string) => new Date(iso);
  assert.equal(agencyLinkState({ deadline, linkValidUntil, releasedAt: null }, at("2027-07-10T21:59:59.999Z")), "open");
  assert.equal(agencyLinkState({ deadline, linkValidUntil, releasedAt: null }, at("2027-07-10T22:00:00.000Z")), "closed");
  assert.equal(agencyLinkState({ deadline, linkValidUntil, releasedAt: at("2027-07-01T10:00:00Z") }, at("2027-07-05T10:00:00Z")), "released");
  assert.equal(agencyLinkState({ deadline, linkValidUntil, releasedAt: at("2027-07-01T10:00:00Z") }, at("2027-08-01T10:00:00Z")), "released");
  assert.equal(agencyLinkState({ deadline, linkValidUntil, releasedAt: null }, linkValidUntil), "expired");
});

test("two-person rule by typed names: the releasing person is named and not the author (case and spaces ignored)", () => {
  assert.equal(releaseNameProblem("Anna Berg", "Jonas Ott"), undefined);
  assert.equal(releaseNameProblem("Anna Berg", "  anna   BERG "), "same");
  assert.equal(releaseNameProblem("Anna Berg", ""), "missing");
  assert.equal(releaseNameProblem("Anna Berg", " x "), "missing");
  assert.equal(normalName("Ärztin  Öz"), "ärztin öz");
});

test("reminder due: within N days before the deadline, once, not after release or after the deadline", () => {
  const deadline = new Date("2027-07-10T22:00:00Z");
  const day = 86_400_000;
  const inv = { deadline, releasedAt: null, remindedAt: null };
  assert.equal(reminderDue(inv, 3, new Date(deadline.getTime() - 3 * day - 1)), false);
  assert.equal(reminderDue(inv, 3, new Date(deadline.getTime() - 3 * day)), true);
  assert.equal(reminderDue(inv, 3, new Date(deadline.getTime() - 1)), true);
  assert.equal(reminderDue(inv, 3, deadline), false);
  assert.equal(reminderDue({ ...inv, remindedAt: new Date() }, 3, new Date(deadline.getTime() - day)), false);
  assert.equal(reminderDue({ ...inv, releasedAt: new Date() }, 3, new Date(deadline.getTime() - day)), false);
});

test("map point in the plan area: inside, outside, in a hole; coordinates in decimal degrees only", () => {
  const area: MultiPolygon = {
    type: "MultiPolygon",
    coordinates: [
      [
        [[8.8, 48.9], [8.9, 48.9], [8.9, 49.0], [8.8, 49.0], [8.8, 48.9]],
        [[8.84, 48.94], [8.86, 48.94], [8.86, 48.96], [8.84, 48.96], [8.84, 48.94]],
      ],
    ],
  };
  assert.equal(pointInArea(area, 48.92, 8.82), true);
  assert.equal(pointInArea(area, 48.95, 8.85), false, "in the hole");
  assert.equal(pointInArea(area, 48.92, 8.95), false);
  assert.equal(pointInArea(area, 8.82, 48.92), false, "lat/lon swapped");
  assert.equal(parseCoordinate("48,9512", 90), 48.9512);
  assert.equal(parseCoordinate("-8.5", 180), -8.5);
  for (const bad of ["", "1e2", "91", "abc", "48.9.1"]) assert.equal(parseCoordinate(bad, 90), undefined, bad);
});
