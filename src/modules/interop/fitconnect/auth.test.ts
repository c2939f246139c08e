import { test } from "node:test";
import assert from "node:assert/strict";
import { needsToken } from "./auth.js";

const auth = { submissionApiUrl: "https://submission.example/fit", tokenUrl: "https://auth.example/token", clientId: "c", clientSecret: "s", scope: "" };

test("the Submission API token goes only to the configured origin and path, never to a look-alike host or path", () => {
  assert.equal(needsToken(auth, "https://submission.example/fit"), true);
  assert.equal(needsToken(auth, "https://submission.example/fit/"), true);
  assert.equal(needsToken(auth, "https://submission.example/fit/v2"), true);
  assert.equal(needsToken(auth, "https://submission.example.evil/fit"), false);
  assert.equal(needsToken(auth, "https://submission.example/fitness"), false);
  assert.equal(needsToken(auth, "http://submission.example/fit"), false);
  assert.equal(needsToken(undefined, "https://submission.example/fit"), false);
  assert.equal(needsToken(auth, "not a url"), false);
});
