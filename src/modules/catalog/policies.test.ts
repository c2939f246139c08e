import { test } from "node:test";
import assert from "node:assert/strict";
import { authorize, can } from "./policies.js";

test("catalogue policy: everyone reads, only staff editors (and admins) update", () => {
  assert.equal(can(undefined, "read", "service"), true);
  assert.equal(can(undefined, "update", "service"), false);
  assert.equal(can({ kind: "citizen", isEditor: false }, "update", "service"), false);
  // A citizen can never edit, even if a role row were wrongly attached.
  assert.equal(can({ kind: "citizen", isEditor: true }, "update", "synonym"), false);
  assert.equal(can({ kind: "staff", isEditor: false }, "update", "office"), false);
  assert.equal(can({ kind: "staff", isEditor: true }, "update", "office"), true);
  assert.throws(() => authorize({ kind: "staff", isEditor: false }, "update", "service"), /Redaktion/);
});
