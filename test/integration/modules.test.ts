import { test } from "node:test";
import assert from "node:assert/strict";
import { buildApp, appModules } from "../../src/app.js";
import { defineModule, type ModuleSearchDocument } from "../../src/platform/modules.js";
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
  assert.deepEqual(a.app.registry.events.handlers.get("case.changed")?.map((h) => h.module), ["mailbox", "interop", "pwa", "records"]);
  assert.deepEqual(b.registry.events.handlers.get("case.changed")?.map((h) => h.module), ["mailbox", "interop", "pwa", "records", "extra"]);
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

test("issue 11: a failing subscriber leaves its event in the outbox with the error and a back-off; the publisher's change stays", { timeout: 120_000 }, async (t) => {
  let fail = true;
  const seen: string[] = [];
  const flaky = defineModule({
    name: "flaky",
    events: {
      async "case.changed"(tx, change) {
        // Written in the delivery transaction: rolled back with it when the subscriber fails.
        await tx.insertInto("rate_limits").values({ key: `flaky:${change.caseId}`, window_start: new Date(), count: 1, expires_at: new Date(Date.now() + 60_000) }).execute();
        if (fail) throw new Error("subscriber down");
        seen.push(change.caseId);
      },
    },
  });
  const a = await buildTestApp(t, {}, { modules: [...appModules.filter((m) => m.name !== "mailbox"), flaky] });
  const change: CaseChange = { caseId: "00000000-0000-4000-8000-0000000000f1", reference: "F", submissionId: null, applicantUserId: null, kind: "event", citizenStatus: "received", previousCitizenStatus: "received", citizenVisible: false, text: null, eventId: "1" };
  await a.db.transaction().execute(async (tx) => {
    await tx.insertInto("rate_limits").values({ key: "publisher", window_start: new Date(), count: 1, expires_at: new Date(Date.now() + 60_000) }).execute();
    await publishEvent(tx, "case.changed", change);
  });
  const first = await a.app.registry.events.deliverPending(a.db, eventContext(a.app));
  assert.deepEqual(first, { delivered: 0, failed: 1 });
  const row = await a.db.selectFrom("event_outbox").select(["attempts", "delivered_at", "last_error"]).executeTakeFirstOrThrow();
  assert.equal(row.attempts, 1);
  assert.equal(row.delivered_at, null);
  assert.equal(row.last_error, "subscriber down");
  const keys = (await a.db.selectFrom("rate_limits").select("key").execute()).map((r) => r.key);
  assert.ok(keys.includes("publisher"));
  assert.ok(!keys.includes(`flaky:${change.caseId}`));
  // Not due yet: nothing happens; once due (here: made due), the retry delivers it once.
  assert.deepEqual(await a.app.registry.events.deliverPending(a.db, eventContext(a.app)), { delivered: 0, failed: 0 });
  fail = false;
  await a.db.updateTable("event_outbox").set({ next_attempt_at: new Date(Date.now() - 1000) }).execute();
  assert.deepEqual(await a.app.registry.events.deliverPending(a.db, eventContext(a.app)), { delivered: 1, failed: 0 });
  assert.deepEqual(seen, [change.caseId]);
});

test("module contract: a module's search source is indexed; its objects are found by the portal's search, ranked in their place, and reindexed when the catalogue version moves", { timeout: 120_000 }, async (t) => {
  const a = await buildTestApp(t);
  const { bumpCatalogVersion } = await import("../../src/platform/db/catalogVersion.js");
  let listings: ModuleSearchDocument[] = [{ id: "1", title: "Streuobstwiese zu verpachten", url: "/extra/1", terms: "obstwiese pachten", text: "40 Apfelbäume bei Neuenbürg", ars: "082360046046" }];
  const extra = defineModule({
    name: "extra",
    messages: [{ de: { "extra.kind": "Wiesenbörse" }, en: { "extra.kind": "Meadow exchange" } }],
    searchSources: [{ kind: "extra.listing", kindLabel: "extra.kind", load: async () => listings }],
  });
  const { buildRegistry } = await import("../../src/platform/modules.js");
  assert.throws(() => buildRegistry([extra, { ...extra, name: "extra2" }]), /search source extra.listing declared twice/);
  const b = await buildApp(a.app.deps, { modules: [...appModules, extra] });
  t.after(() => b.close());
  await b.ready();

  const api = await b.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten" });
  assert.equal(api.statusCode, 200);
  const first = api.json().results[0];
  assert.deepEqual({ type: first.type, title: first.title, url: first.url }, { type: "item", title: "Streuobstwiese zu verpachten", url: "/extra/1" });
  const page = await b.inject({ url: "/suche?q=streuobstwiese" });
  assert.match(page.body, /Wiesenbörse[\s\S]*Streuobstwiese zu verpachten/);
  // App A has no such source.
  const none = await a.app.inject({ url: "/api/v1/search?q=streuobstwiese%20pachten" });
  assert.ok(!none.json().results.some((r: { url: string }) => r.url === "/extra/1"));

  // A change the module announces (bumping the version in its transaction) is searchable after the refresh.
  listings = [...listings, { id: "2", title: "Mulcher zu verleihen", url: "/extra/2", terms: "", text: "", ars: null }];
  const search = b.services.search!;
  assert.equal(await search.refreshIfChanged(), false);
  assert.ok(!(await search.search("mulcher")).hits.some((h) => h.doc.url === "/extra/2"));
  await a.db.transaction().execute((tx) => bumpCatalogVersion(tx));
  assert.equal(await search.refreshIfChanged(), true);
  assert.equal((await search.search("mulcher")).hits[0]?.doc.url, "/extra/2");
});
