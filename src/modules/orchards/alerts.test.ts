import { test } from "node:test";
import assert from "node:assert/strict";
import { unsubscribeToken, verifyUnsubscribeToken } from "./alertToken.js";
import { containsPattern } from "./eventQueries.js";
import { readSearchFilter } from "./eventValidation.js";

const SECRET = "unit-test-secret-".padEnd(40, "s");
const USER = "0b6f3c1e-8a8b-4f57-9a51-0f1f2a3b4c5d";
const OTHER = "9d2c4e6f-1a2b-4c3d-8e9f-a0b1c2d3e4f5";

test("alerts: the unsubscribe token names its account and survives only untouched", () => {
  const token = unsubscribeToken(SECRET, USER);
  assert.equal(verifyUnsubscribeToken(SECRET, token), USER);
  const [payload, tag] = token.split(".") as [string, string];
  // Another account's id with this tag, a changed tag, another secret, junk: all refused.
  assert.equal(verifyUnsubscribeToken(SECRET, `${Buffer.from(OTHER).toString("base64url")}.${tag}`), undefined);
  const flipped = tag.slice(0, -1) + (tag.endsWith("A") ? "B" : "A");
  assert.equal(verifyUnsubscribeToken(SECRET, `${payload}.${flipped}`), undefined);
  assert.equal(verifyUnsubscribeToken("another-secret-".padEnd(40, "x"), token), undefined);
  for (const bad of ["", payload, `${payload}.`, `${token}.x`, "x".repeat(500), 42, undefined]) assert.equal(verifyUnsubscribeToken(SECRET, bad), undefined, String(bad));
  // A signed payload that is not an account id is refused as well.
  const odd = Buffer.from("not-a-uuid").toString("base64url");
  const oddToken = unsubscribeToken(SECRET, "not-a-uuid");
  assert.ok(oddToken.startsWith(odd));
  assert.equal(verifyUnsubscribeToken(SECRET, oddToken), undefined);
});

test("alerts: the saved filter keeps known kinds and places only; typed text matches literally", () => {
  const places = new Set(["08236040"]);
  assert.deepEqual(readSearchFilter({ art: "fruit", gemeinde: "08236040", q: "  Boskoop   Äpfel " }, places), { kind: "fruit", ags: "08236040", query: "Boskoop Äpfel" });
  assert.deepEqual(readSearchFilter({ art: "bogus", gemeinde: "08111000", q: "" }, places), { kind: null, ags: null, query: null });
  assert.equal(readSearchFilter({ q: "x".repeat(300) }, places).query!.length, 100);
  assert.equal(containsPattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
});
