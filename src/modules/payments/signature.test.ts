import { test } from "node:test";
import assert from "node:assert/strict";
import { signedHeaders, verifySignature, TOLERANCE_SECONDS } from "./signature.js";

const secret = "s".repeat(40);
const body = JSON.stringify({ notificationId: "n1", status: "PAYED" });

test("a signed body verifies; another body, secret or a missing header does not", () => {
  const h = signedHeaders(secret, body);
  assert.deepEqual(verifySignature(secret, h, body), { ok: true });
  assert.deepEqual(verifySignature(secret, h, body.replace("PAYED", "FAILED")), { ok: false, reason: "signature" });
  assert.deepEqual(verifySignature("t".repeat(40), h, body), { ok: false, reason: "signature" });
  assert.deepEqual(verifySignature(secret, { "x-payment-timestamp": h["x-payment-timestamp"] }, body), { ok: false, reason: "missing" });
  assert.deepEqual(verifySignature(secret, { ...h, "x-payment-timestamp": "abc" }, body), { ok: false, reason: "missing" });
});

test("a notification older than the tolerance is stale, even with a valid signature", () => {
  const now = Date.now();
  const h = signedHeaders(secret, body, now - (TOLERANCE_SECONDS + 5) * 1000);
  assert.deepEqual(verifySignature(secret, h, body, now), { ok: false, reason: "stale" });
  const fresh = signedHeaders(secret, body, now - (TOLERANCE_SECONDS - 5) * 1000);
  assert.deepEqual(verifySignature(secret, fresh, body, now), { ok: true });
});

test("changing the timestamp breaks the signature", () => {
  const h = signedHeaders(secret, body);
  const moved = { ...h, "x-payment-timestamp": String(Number(h["x-payment-timestamp"]) + 1) };
  assert.deepEqual(verifySignature(secret, moved, body), { ok: false, reason: "signature" });
});
