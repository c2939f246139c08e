import { test } from "node:test";
import assert from "node:assert/strict";
import { buildApp, appModules } from "../../src/app.js";
import { defineModule } from "../../src/platform/modules.js";
import { publishEvent } from "../../src/platform/events/index.js";
import { eventContext } from "../../src/platform/jobs/index.js";
import type { CaseChange } from "../../src/modules/cases/index.js";
import { buildTestApp } from "../helpers.js";

test("issue 11: two apps built in one process share no registries, navigation or event subscribers", { timeout: 120_000 }, async (t) => {
  const a = await buildTestApp(t);
  const seen: string[] = [];
  const extra = defineModule({
    name: "extra",
    messages: [{ de: { "nav.extra": "Extraseite" }, en: { "nav.extra": "Extra page" } }],
    nav: [{ label: "nav.extra", href: "/extra", audience: "all", order: 15 }],
    jobs: [{ name: "extra-job", async handler() {} }],
    events: {
      async "case.changed"(_tx, change) {
        seen.push(change.caseId);
      },
    },
  });
  const b = await buildApp(a.app.deps, { modules: [...appModules, extra] });
  t.after(() => b.close());

  // Navigation: B has the extra entry, in the order given (after Leistungen 10, before Termine 20); A, built first, does not get it.
  const pageA = await a.app.inject({ url: "/" });
  const pageB = await b.inject({ url: "/" });
  assert.doesNotMatch(pageA.body, /Extraseite/);
  assert.match(pageB.body, /Leistungen[\s\S]*Extraseite[\s\S]*Termine/);
  assert.deepEqual(b.registry.nav.map((n) => n.href).slice(0, 3), ["/leistungen", "/extra", "/termine"]);

  // Jobs and subscribers are per app.
  assert.ok(b.registry.jobs.some((j) => j.name === "extra-job"));
  assert.ok(!a.app.registry.jobs.some((j) => j.name === "extra-job"));
  assert.deepEqual(a.app.registry.events.handlers.get("case.changed")?.map((h) => h.module), ["mailbox"]);
  assert.deepEqual(b.registry.events.handlers.get("case.changed")?.map((h) => h.module), ["mailbox", "extra"]);
  assert.notEqual(a.app.services, b.services);

  // An event committed in a transaction reaches B's subscriber on delivery; a rolled-back one never does.
  const change: CaseChange = { caseId: "00000000-0000-4000-8000-0000000000c1", reference: "X", submissionId: null, applicantUserId: null, kind: "event", citizenStatus: "received", previousCitizenStatus: "received", citizenVisible: false, text: null, eventId: "1" };
  await a.db.transaction().execute((tx) => publishEvent(tx, "case.changed", change));
  await assert.rejects(
    a.db.transaction().execute(async (tx) => {
      await publishEvent(tx, "case.changed", { ...change, caseId: "00000000-0000-4000-8000-0000000000c2" });
      throw new Error("rollback");
    }),
    /rollback/,
  );
  const r = await b.registry.events.deliverPending(a.db, eventContext(b));
  assert.equal(r.failed, 0);
  assert.deepEqual(seen, [change.caseId]);
  // Delivered once: a second run finds nothing.
  await b.registry.events.deliverPending(a.db, eventContext(b));
  assert.deepEqual(seen, [change.caseId]);
});

test("issue 11: a module list with a job or navigation entry declared twice is refused", async () => {
  const { buildRegistry } = await import("../../src/platform/modules.js");
  const one = defineModule({ name: "one", jobs: [{ name: "j", async handler() {} }] });
  const two = defineModule({ name: "two", jobs: [{ name: "j", async handler() {} }] });
  assert.throws(() => buildRegistry([one, two]), /job j declared twice/);
  assert.throws(() => buildRegistry([one, one]), /module one listed twice/);
});
