/**
 * Issue 15 / issue 21: a road work that is ordered, extended or ended early publishes "roadworks.changed"; the pwa
 * module turns it into a push (topic "roadworks") for the people of that municipality who opted in – one per device
 * and change, leading to the public page; nobody else.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createECDH, randomBytes } from "node:crypto";
import { buildTestApp, createTestUser, deliverAllEvents } from "../helpers.js";
import { application, companyAccount, MUEHLACKER, staffOf, submitApplication } from "../support/roadworks.js";
import { endChanger, orderIssuer } from "../../src/modules/roadworks/commands/coordination.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const b64url = (b: Buffer) => b.toString("base64url");

test("issue 15/21: ordering and extending a road work pushes to opted-in people of its municipality", { timeout: 180_000 }, async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  const person = async (email: string, ags: string, topics: string[]) => {
    const id = await createTestUser(db, { email, kind: "citizen" });
    await db.updateTable("users").set({ home_ags: ags }).where("id", "=", id).execute();
    await db.insertInto("pwa_push_subscriptions").values({ user_id: id, endpoint: `http://127.0.0.1:9/push/${id}`, p256dh: b64url(createECDH("prime256v1").generateKeys()), auth: b64url(randomBytes(16)) }).execute();
    await db.insertInto("pwa_push_preferences").values({ user_id: id, topics }).execute();
    return id;
  };
  const neighbour = await person("nachbar@example.org", MUEHLACKER, ["roadworks"]);
  await person("keltern@example.org", "08236070", ["roadworks"]);
  await person("ohne-thema@example.org", MUEHLACKER, ["cases"]);

  const staff = await staffOf(ta, "verkehr@muehlacker.example", `gem-${MUEHLACKER}`);
  const { c, companyId } = await companyAccount(ta, "bau@push.example", "Push Bau GmbH");
  const start = addDays(berlinDate(new Date()), 10);
  const workId = await submitApplication(ta, c, application(companyId, start, addDays(start, 6)));
  const ctx = { actor: { type: "system" as const, id: null }, db, requestId: "test" };
  await deliverAllEvents(app, db);
  assert.equal((await db.selectFrom("pwa_push_queue").select("id").execute()).length, 0, "an application is not public: no push");

  await db.updateTable("roadworks").set({ status: "coordination" }).where("id", "=", workId).execute();
  assert.ok(await orderIssuer(ctx, workId, { to: [], subject: "x", text: (u) => u, publicUrl: "http://localhost" }));
  await deliverAllEvents(app, db);
  let pushes = await db.selectFrom("pwa_push_queue as q").innerJoin("pwa_push_subscriptions as s", "s.id", "q.subscription_id").select(["s.user_id", "q.topic", "q.url", "q.dedupe_key"]).execute();
  assert.deepEqual(pushes.map((p) => [p.user_id, p.topic, p.url]), [[neighbour, "roadworks", `/baustellen/${workId}`]]);

  // An extension is a change of its own; delivering again adds nothing.
  assert.ok(await endChanger(ctx, workId, { kind: "extension", end: addDays(start, 9) }));
  await deliverAllEvents(app, db);
  await deliverAllEvents(app, db);
  pushes = await db.selectFrom("pwa_push_queue as q").innerJoin("pwa_push_subscriptions as s", "s.id", "q.subscription_id").select(["s.user_id", "q.topic", "q.url", "q.dedupe_key"]).execute();
  assert.equal(pushes.length, 2);
  assert.ok(pushes.every((p) => p.user_id === neighbour));
  assert.match(pushes.map((p) => p.dedupe_key).join(" "), /:extended:/);
});
