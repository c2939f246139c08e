import { test } from "node:test";
import assert from "node:assert/strict";
import { isFinal, transition } from "./stateMachine.js";

test("INITIAL moves to each final state; final states never change", () => {
  for (const to of ["PAYED", "CANCELED", "FAILED"] as const) assert.deepEqual(transition("INITIAL", to), { kind: "changed", to });
  assert.deepEqual(transition("PAYED", "PAYED"), { kind: "unchanged" });
  assert.deepEqual(transition("CANCELED", "PAYED"), { kind: "refused", from: "CANCELED", to: "PAYED" });
  assert.deepEqual(transition("PAYED", "CANCELED"), { kind: "refused", from: "PAYED", to: "CANCELED" });
  assert.deepEqual(transition("FAILED", "INITIAL"), { kind: "refused", from: "FAILED", to: "INITIAL" });
  assert.equal(isFinal("INITIAL"), false);
  assert.equal(isFinal("PAYED"), true);
});
