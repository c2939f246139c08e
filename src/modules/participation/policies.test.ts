import { test } from "node:test";
import assert from "node:assert/strict";
import type { SessionUser } from "../../platform/auth/session.js";
import { canCreateFor, canKeepAgencyList, canManageProcedure } from "./policies.js";

const user = (over: Partial<SessionUser>): SessionUser => ({ id: "u", kind: "staff", email: "x@example.org", displayName: "X", homeAgs: null, isAdmin: false, isEditor: false, orgUnitIds: [], roles: [], sessionHash: "h", ...over });

test("participation policy: only members of the procedure's org unit and administrators manage it", () => {
  const p = { orgUnitId: "unit-a" };
  assert.equal(canManageProcedure(user({ orgUnitIds: ["unit-a"] }), p), true);
  assert.equal(canManageProcedure(user({ orgUnitIds: ["unit-b"] }), p), false);
  assert.equal(canManageProcedure(user({ isAdmin: true }), p), true);
  // A citizen who somehow carries the unit id is still no staff member.
  assert.equal(canManageProcedure(user({ kind: "citizen", orgUnitIds: ["unit-a"] }), p), false);
  assert.equal(canManageProcedure(undefined, p), false);
  assert.equal(canManageProcedure(user({ orgUnitIds: ["unit-a"] }), undefined), false);
  assert.equal(canCreateFor(user({ orgUnitIds: ["unit-a"] }), "unit-b"), false);
});

test("agency master list: administrators and staff of a municipal or the county authority keep it", () => {
  assert.equal(canKeepAgencyList(user({}), ["municipal_authority"]), true);
  assert.equal(canKeepAgencyList(user({}), ["department", "county_authority"]), true);
  assert.equal(canKeepAgencyList(user({}), ["department", "office"]), false);
  assert.equal(canKeepAgencyList(user({}), []), false);
  assert.equal(canKeepAgencyList(user({ isAdmin: true }), []), true);
  assert.equal(canKeepAgencyList(user({ kind: "citizen" }), ["municipal_authority"]), false);
  assert.equal(canKeepAgencyList(undefined, ["municipal_authority"]), false);
});
