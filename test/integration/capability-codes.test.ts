/**
 * Issue 12 item 2: capability codes (status links, receipt links) survive a SESSION_SECRET rotation.
 * A second app ("the node after the restart") joins the same database with another secret.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";

const FORM = "hundesteuer-anmeldung";
const post = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(payload) });
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

test("issue 12/2: status and receipt links and idempotent replays survive a SESSION_SECRET rotation", async (t) => {
  const first = await buildTestApp(t);
  const headers = { "idempotency-key": "rotation-key-0001" };
  const created = await post(first.app, validAnswers[FORM], headers);
  assert.equal(created.statusCode, 201, created.body);
  const { statusUrl, receiptUrl } = created.json();
  // The same node answers a replay with the same links.
  assert.deepEqual((await post(first.app, validAnswers[FORM], headers)).json(), created.json());

  const rotated = await buildTestApp(t, { DATABASE_URL: first.databaseUrl, SESSION_SECRET: "another-session-secret-".padEnd(48, "y") });
  // Links handed out before the restart still work.
  assert.equal((await rotated.app.inject({ url: pathOf(statusUrl) })).statusCode, 200);
  const receipt = await rotated.app.inject({ url: pathOf(receiptUrl) });
  assert.equal(receipt.statusCode, 200);
  assert.equal(receipt.headers["content-type"], "application/pdf");
  // A replay after the restart answers with a status link that works.
  const replay = await post(rotated.app, validAnswers[FORM], headers);
  assert.equal(replay.statusCode, 201);
  assert.equal(replay.headers["idempotent-replayed"], "true");
  assert.equal(replay.json().reference, created.json().reference);
  const status = await rotated.app.inject({ url: pathOf(replay.json().statusUrl), headers: { accept: "application/json" } });
  assert.equal(status.statusCode, 200, status.body);
  assert.equal((await rotated.app.inject({ url: pathOf(replay.json().receiptUrl) })).statusCode, 200);
  // A guessed code is still refused.
  const wrong = new URL(statusUrl);
  wrong.searchParams.set("code", "A".repeat(24));
  assert.equal((await rotated.app.inject({ url: wrong.pathname + wrong.search })).statusCode, 404);
  // One submission's code does not open another.
  const other = (await post(rotated.app, validAnswers[FORM])).json();
  const borrowed = new URL(other.statusUrl);
  borrowed.searchParams.set("code", new URL(statusUrl).searchParams.get("code")!);
  assert.equal((await rotated.app.inject({ url: borrowed.pathname + borrowed.search })).statusCode, 404);
  // Only hashes are stored.
  const code = new URL(replay.json().statusUrl).searchParams.get("code")!;
  const keys = await first.db.selectFrom("capability_keys" as never).selectAll().execute();
  assert.ok(keys.length >= 2);
  assert.ok(!JSON.stringify(keys).includes(code));
});
