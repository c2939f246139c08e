/**
 * Records (issue 14, ADR 0062): the scope cases:write for specialist software. A system account of the owning
 * department reads a case's state and carries out steps through the cases module (same rules as a clerk:
 * stale version, illegal step, text required, four-eyes proposed); a participating department's account sees
 * the state but may not move the case (403); another department's gets 404; a token without the scope 403.
 * The audit rows name the system account.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, deliverAllEvents } from "../helpers.js";
import { submitBuildingPermit } from "../support/scans.js";
import { systemContext } from "../../src/platform/commands.js";
import { systemAccountCreator } from "../../src/modules/records/index.js";
import type { ApiScope } from "../../src/platform/auth/apiTokens.js";
import type { Db } from "../../src/platform/db/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

async function systemAccount(db: Db, name: string, unitId: string, scopes: ApiScope[]) {
  const created = await systemAccountCreator(systemContext(db), { name, unitId, scopes, days: 30 });
  assert.ok(created.ok);
  return { id: created.userId, key: created.secret };
}

const call = (app: FastifyInstance, key: string, method: "GET" | "POST", url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...(payload ? { "content-type": "application/json" } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

test("issue 14: a system key with cases:write moves a case of its department under the cases policy; audited as the system account", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { reference, caseId } = await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const owner = (await db.selectFrom("cases").select("owner_unit_id").where("id", "=", caseId).executeTakeFirstOrThrow()).owner_unit_id;
  const bau = await systemAccount(db, "Fachverfahren Bau", owner, ["cases:write"]);
  const readOnly = await systemAccount(db, "Fachverfahren Bau lesen", owner, ["records:read"]);
  const base = `/api/v1/records/cases/${reference}`;

  // Without the scope: 403 insufficient_scope; unknown reference: 404.
  const noScope = await call(app, readOnly.key, "POST", `${base}/transitions`, { event: "start_check", version: 1 });
  assert.equal(noScope.statusCode, 403);
  assert.match(String(noScope.headers["www-authenticate"]), /insufficient_scope.*cases:write/);
  assert.equal((await call(app, bau.key, "GET", "/api/v1/records/cases/EK-1900-000000")).statusCode, 404);

  const state = await call(app, bau.key, "GET", base);
  assert.equal(state.statusCode, 200, state.body);
  const s0 = state.json();
  assert.equal(s0.state, "received");
  assert.equal(s0.mayTransition, true);
  assert.deepEqual(s0.steps.map((x: { event: string }) => x.event).sort(), ["start_check", "withdraw"]);

  const step = await call(app, bau.key, "POST", `${base}/transitions`, { event: "start_check", version: s0.version });
  assert.equal(step.statusCode, 200, step.body);
  assert.equal(step.json().state, "completeness_check");
  assert.equal(step.json().version, s0.version + 1);
  // The same version again: stale, nothing written.
  const stale = await call(app, bau.key, "POST", `${base}/transitions`, { event: "start_participation", version: s0.version });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().type, "urn:kreisportal:problem:stale-version");
  assert.equal(stale.json().currentVersion, s0.version + 1);
  // A step the process does not allow now: 409 with the possible ones; a required text missing: 422.
  const illegal = await call(app, bau.key, "POST", `${base}/transitions`, { event: "approve", version: s0.version + 1 });
  assert.equal(illegal.statusCode, 409);
  assert.ok(illegal.json().allowed.includes("start_participation"));
  assert.equal((await call(app, bau.key, "POST", `${base}/transitions`, { event: "request_documents", version: s0.version + 1 })).statusCode, 422);
  assert.equal((await call(app, bau.key, "POST", `${base}/transitions`, { event: "start_check", version: "x" })).statusCode, 400);

  const participation = await call(app, bau.key, "POST", `${base}/transitions`, { event: "start_participation", version: s0.version + 1 });
  assert.equal(participation.statusCode, 200, participation.body);
  assert.equal(participation.json().state, "participation");

  // A participating department's system account sees the state but may not move the case.
  const participant = (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).where("unit_id", "!=", owner).executeTakeFirstOrThrow()).unit_id;
  const part = await systemAccount(db, "Fachverfahren Wasser", participant, ["cases:write"]);
  const partState = await call(app, part.key, "GET", base);
  assert.equal(partState.statusCode, 200);
  assert.equal(partState.json().mayTransition, false);
  const refused = await call(app, part.key, "POST", `${base}/transitions`, { event: "withdraw", version: participation.json().version, text: "x" });
  assert.equal(refused.statusCode, 403);
  // Any other department: 404 (nothing learnt about the case).
  const unrelatedUnit = (await db.selectFrom("org_units").select("id").where("id", "not in", (await db.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).execute()).map((r) => r.unit_id).concat(owner)).executeTakeFirstOrThrow()).id;
  const other = await systemAccount(db, "Fachverfahren Anderswo", unrelatedUnit, ["cases:write"]);
  assert.equal((await call(app, other.key, "GET", base)).statusCode, 404);
  assert.equal((await call(app, other.key, "POST", `${base}/transitions`, { event: "withdraw", version: participation.json().version, text: "x" })).statusCode, 404);

  const c = await db.selectFrom("cases").select(["state", "version"]).where("id", "=", caseId).executeTakeFirstOrThrow();
  assert.deepEqual([c.state, c.version], ["participation", participation.json().version]);

  // The audit chain names the system account for each step.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "actor_id", "details"]).where("object_id", "=", caseId).where("action", "=", "case.transition").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => [a.actor_type, a.actor_id, (a.details as { event: string }).event]), [["staff", bau.id, "start_check"], ["staff", bau.id, "start_participation"]]);
  assert.equal((await verifyAuditChain(db)).ok, true);
});
