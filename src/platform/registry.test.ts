import { test } from "node:test";
import assert from "node:assert/strict";
import { createRegistry } from "./registry.js";

test("the registry refuses duplicate and malformed ids", () => {
  const r = createRegistry<number>();
  r.register("demo", 1);
  assert.throws(() => r.register("demo", 2), /twice/);
  assert.throws(() => r.register("Demo", 2), /invalid/);
  assert.throws(() => r.register("x".repeat(40), 2), /invalid/);
  assert.equal(r.get("demo"), 1);
  assert.equal(r.get("other"), undefined);
  assert.equal(r.require("demo"), 1);
  assert.throws(() => r.require("other"), /unknown provider: other \(known: demo\)/);
});
