import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";

/** Issue 12 item 4: every request does bounded work; error lists are capped (first 50 plus a count). */
const FORM = "hundesteuer-anmeldung";
const valid = validAnswers[FORM]! as Record<string, unknown>;
const withUnknownKeys = (base: Record<string, unknown>, n: number) => {
  const o: Record<string, unknown> = { ...base };
  for (let i = 0; i < n; i++) o[`k${String(i).padStart(5, "0")}`] = "xxx";
  return JSON.stringify(o);
};

test("issue 12 item 4: a 1 MB body with 60,000 unknown keys → small 413 problem before the object is built", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, headers: { "content-type": "application/json" }, payload: withUnknownKeys(valid, 60_000) });
  assert.equal(res.statusCode, 413, res.body.slice(0, 300));
  assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);
  assert.equal(res.json().type, "urn:kreisportal:problem:too-many-fields");
  assert.ok(res.body.length < 1000, `answer of ${res.body.length} bytes`);
});

test("issue 12 item 4: unknown keys below the cap → 422 with the first 50 errors and errorCount, refused before deep validation", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, headers: { "content-type": "application/json" }, payload: withUnknownKeys({ hunde: valid.hunde }, 9_000) });
  assert.equal(res.statusCode, 422);
  const p = res.json();
  assert.equal(p.errors.length, 50);
  assert.equal(p.errorCount, 9_000, "only the unknown keys: the missing required answers were not validated yet");
  assert.ok(p.errors.every((e: { message: string }) => e.message === "Dieses Feld gibt es im Formular nicht."));
  assert.ok(res.body.length < 10_000, `answer of ${res.body.length} bytes`);

  // A list longer than its group allows is one error, whatever its length.
  const dogs = await app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, payload: { ...valid, hunde: Array.from({ length: 1_000 }, () => (valid.hunde as unknown[])[0]) } });
  assert.equal(dogs.statusCode, 422);
  assert.deepEqual(dogs.json().errors.map((e: { path: string }) => e.path), ["/hunde"]);
});
