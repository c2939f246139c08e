import { test } from "node:test";
import assert from "node:assert/strict";
import { canManagePayments, canViewOpenItem } from "./policies.js";
import type { SessionUser } from "../../platform/auth/session.js";

const user = (over: Partial<SessionUser>): SessionUser => ({ id: "u", kind: "staff", email: "a@b.de", displayName: "A", homeAgs: null, isAdmin: false, isEditor: false, orgUnitIds: [], roles: [], sessionHash: "h", ...over });

test("payments: admins, and members of the configured departments of our counties", () => {
  const units = ["zentrale", "bussgeld"];
  assert.equal(canManagePayments(undefined, [], units, ["08236"]), false);
  assert.equal(canManagePayments(user({ isAdmin: true }), [], units, ["08236"]), true);
  assert.equal(canManagePayments(user({}), ["lra-08236-bussgeld"], units, ["08236"]), true);
  assert.equal(canManagePayments(user({}), ["lra-08236-fuehrerschein"], units, ["08236"]), false);
  assert.equal(canManagePayments(user({}), ["lra-09162-bussgeld"], units, ["08236"]), false);
  assert.equal(canManagePayments(user({ kind: "citizen" }), ["lra-08236-bussgeld"], units, ["08236"]), false);
});

test("a fine with a plate number needs it", () => {
  assert.equal(canViewOpenItem({ plate: null }, ""), true);
  assert.equal(canViewOpenItem({ plate: "PFAB123" }, ""), false);
  assert.equal(canViewOpenItem({ plate: "PFAB123" }, "PFAB123"), true);
});
