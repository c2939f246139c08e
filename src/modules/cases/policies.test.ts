import { test } from "node:test";
import assert from "node:assert/strict";
import { abilities, can } from "./policies.js";

const OWNER = "11111111-1111-4111-8111-111111111111";
const PART = "22222222-2222-4222-8222-222222222222";
const OTHER = "33333333-3333-4333-8333-333333333333";
const c = { owner_unit_id: OWNER, assignee_id: null, applicant_user_id: "citizen-1", participantUnitIds: [PART], pending_approval: { proposedBy: "staff-a" } };
const staff = (id: string, units: string[], isAdmin = false) => ({ id, kind: "staff" as const, isAdmin, orgUnitIds: units });

test("roles × actions: owning department works, participants read and state, others nothing", () => {
  const matrix = {
    owner: abilities(staff("staff-b", [OWNER]), c),
    proposer: abilities(staff("staff-a", [OWNER]), c),
    participant: abilities(staff("staff-p", [PART]), c),
    uninvolved: abilities(staff("staff-x", [OTHER]), c),
    admin: abilities(staff("admin", [], true), c),
    citizen: abilities({ id: "citizen-1", kind: "citizen", isAdmin: false, orgUnitIds: [] }, c),
  };
  const yes = (...keys: string[]) => Object.fromEntries(["read", "comment", "transition", "assign", "claim", "approve", "statement"].map((k) => [k, keys.includes(k)]));
  assert.deepEqual(matrix, {
    owner: yes("read", "comment", "transition", "assign", "claim", "approve"),
    proposer: yes("read", "comment", "transition", "assign", "claim"),
    participant: yes("read", "comment", "statement"),
    uninvolved: yes(),
    admin: yes(),
    citizen: yes(),
  });
  assert.equal(can(undefined, "read", c), false);
  assert.equal(can(staff("s", [OWNER]), "read", undefined), false);
});
