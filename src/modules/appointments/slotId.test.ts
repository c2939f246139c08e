import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeSlotId, encodeSlotId } from "./slotId.js";
import { createChallenge, solveChallenge, verifySolution } from "./altcha.js";

const secret = "s".repeat(40);

test("slot ids round-trip and reject tampering", () => {
  const ref = { location: "lra-08236-fuehrerschein", leikaKey: "99023001012000", start: new Date("2026-12-01T08:00:00Z"), persons: 2 };
  const id = encodeSlotId(secret, ref);
  assert.deepEqual(decodeSlotId(secret, id), { ...ref, extraLeikaKeys: [] });
  const two = { ...ref, extraLeikaKeys: ["99023001036000"] };
  assert.deepEqual(decodeSlotId(secret, encodeSlotId(secret, two)), two);
  const [payload, tag] = id.split(".") as [string, string];
  const other = Buffer.from(Buffer.from(payload, "base64url").toString().replace("|2", "|1")).toString("base64url");
  assert.equal(decodeSlotId(secret, `${other}.${tag}`), undefined);
  assert.equal(decodeSlotId("t".repeat(40), id), undefined);
  assert.equal(decodeSlotId(secret, "garbage"), undefined);
  assert.equal(decodeSlotId(secret, 42), undefined);
});

test("ALTCHA challenge: solvable, HMAC-checked, expiring", async () => {
  const c = await createChallenge(secret, { maxnumber: 2000 });
  assert.equal(c.algorithm, "SHA-256");
  const solution = await solveChallenge(c);
  const ok = await verifySolution(secret, solution);
  assert.equal(ok.ok, true);
  assert.equal((await verifySolution("x".repeat(40), solution)).ok, false);
  const forged = JSON.parse(Buffer.from(solution, "base64").toString());
  forged.number += 1;
  assert.deepEqual(await verifySolution(secret, Buffer.from(JSON.stringify(forged)).toString("base64")), { ok: false, reason: "invalid" });
  assert.deepEqual(await verifySolution(secret, solution, Date.now() + 3600_000), { ok: false, reason: "expired" });
  assert.deepEqual(await verifySolution(secret, ""), { ok: false, reason: "missing" });
});
