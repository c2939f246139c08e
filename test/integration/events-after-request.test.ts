/** The after-request event delivery (ADR 0026) costs a request that published nothing no statement (issue 13). */
import { test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { buildTestApp } from "../helpers.js";
import { validAnswers } from "../fixtures/formAnswers.js";

/** The text of every statement the app sends while `fn` runs (node-postgres: one Client.query each). */
async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const texts: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    texts.push(typeof q === "string" ? q : String((q as { text?: unknown } | null)?.text ?? ""));
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return texts;
}

test("a POST that publishes no event leaves the outbox alone; one that publishes has its events delivered before the answer (issue 13)", async (t) => {
  const { app, db } = await buildTestApp(t, { BOOKING_CHALLENGE: "off" });
  const url = "/api/v1/forms/hundesteuer-anmeldung/submissions";
  // Invalid answers: nothing stored, nothing published.
  let res: Awaited<ReturnType<typeof app.inject>> | undefined;
  const quiet = await statementsDuring(async () => {
    res = await app.inject({ method: "POST", url, payload: { name: "" } });
  });
  assert.equal(res!.statusCode, 422, res!.body);
  assert.ok(!quiet.some((q) => /event_outbox/i.test(q)), `no outbox statement: ${quiet.join(" | ")}`);

  // A submission opens a case and publishes its change: delivered in the request, before the 201.
  const loud = await statementsDuring(async () => {
    res = await app.inject({ method: "POST", url, headers: { "content-type": "application/json" }, payload: { ...validAnswers["hundesteuer-anmeldung"]!, email: "halter@example.org" } });
  });
  assert.equal(res!.statusCode, 201, res!.body);
  assert.ok(loud.some((q) => /UPDATE event_outbox SET attempts/i.test(q)), "the request delivered");
  const events = await db.selectFrom("event_outbox").select(["type", "delivered_at"]).execute();
  assert.ok(events.length > 0, "the submission published");
  assert.ok(events.every((e) => e.delivered_at !== null), JSON.stringify(events));
});
