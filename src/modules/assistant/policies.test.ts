import assert from "node:assert/strict";
import { test } from "node:test";
import { canWorkHandoffs, hashSecret, ownsConversation } from "./policies.js";
import type { SessionUser } from "../../platform/auth/session.js";

const user = (u: Partial<SessionUser>): SessionUser => ({ id: "u", kind: "citizen", email: "x@example.org", displayName: "x", homeAgs: null, isAdmin: false, isEditor: false, orgUnitIds: [], roles: [], sessionHash: "h", ...u });

test("a conversation belongs only to the holder of its secret", () => {
  const row = { secret_hash: hashSecret("s3cret") };
  assert.ok(ownsConversation(row, "s3cret"));
  assert.ok(!ownsConversation(row, "other"));
  assert.ok(!ownsConversation(row, ""));
  assert.ok(!ownsConversation(undefined, "s3cret"));
});

test("the handoff queue: staff with a role only", () => {
  assert.ok(!canWorkHandoffs(undefined));
  assert.ok(!canWorkHandoffs(user({ kind: "citizen", isAdmin: true })));
  assert.ok(!canWorkHandoffs(user({ kind: "staff" })));
  assert.ok(!canWorkHandoffs(user({ kind: "staff", isEditor: true })), "editors edit texts, they do not answer citizens");
  assert.ok(canWorkHandoffs(user({ kind: "staff", orgUnitIds: ["o"] })));
  assert.ok(canWorkHandoffs(user({ kind: "staff", isAdmin: true })));
});
