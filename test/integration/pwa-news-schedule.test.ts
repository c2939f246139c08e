/**
 * Issue 21: the Redaktion schedules news for a later time and edits items. A scheduled item is on no public page,
 * feed or search until its time; the job "pwa-news-due" makes it visible and tells the search. Bad times are
 * errors at the fields with the text kept; another Redaktion's item cannot be edited (403); audited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { announceDueNews } from "../../src/modules/pwa/commands/news.js";
import { addDays, berlinDate } from "../../src/platform/time/berlin.js";

const MUEHLACKER = "08236040";

test("issue 21: news scheduled for later and edited by the Redaktion; visible only from its time (pages, feed, search)", { timeout: 120_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const admin = await signedIn(app, db, { email: "admin-news@enzkreis.example", kind: "staff", roles: ["admin"] });
  const editor = await signedIn(app, db, { email: "presse@muehlacker.example", kind: "staff" });
  const other = await signedIn(app, db, { email: "presse@keltern.example", kind: "staff" });
  const clerk = await signedIn(app, db, { email: "bauamt@enzkreis.example", kind: "staff" });
  const page = "/verwaltung/nachrichten";
  assert.equal((await admin.submit(page, `${page}/redaktion`, { email: "presse@muehlacker.example", editorScope: MUEHLACKER })).statusCode, 303);
  assert.equal((await admin.submit(page, `${page}/redaktion`, { email: "presse@keltern.example", editorScope: "08236070" })).statusCode, 303);
  // The Redaktion page is in the navigation of Redaktion members only.
  assert.match((await editor.get("/konto")).body, /href="\/verwaltung\/nachrichten"/);
  assert.doesNotMatch((await clerk.get("/konto")).body, /href="\/verwaltung\/nachrichten"/);

  // Bad times: errors at the fields, the text kept.
  const yesterday = addDays(berlinDate(new Date()), -1);
  const tomorrow = addDays(berlinDate(new Date()), 1);
  const item = { scope: MUEHLACKER, title: "Freibad öffnet", body: "Das Freibad Mühlacker öffnet am Samstag." };
  for (const [fields, field] of [
    [{ ab: yesterday, um: "08:00" }, "ab"],
    [{ ab: tomorrow, um: "25:99" }, "um"],
    [{ ab: "", um: "08:00" }, "ab"],
    [{ ab: addDays(berlinDate(new Date()), 400), um: "" }, "ab"],
  ] as const) {
    const bad = await editor.submit(page, page, { ...item, ...fields });
    assert.equal(bad.statusCode, 422, JSON.stringify(fields));
    assert.match(bad.body, new RegExp(`id="${field}-error"`), JSON.stringify(fields));
    assert.match(bad.body, /Das Freibad Mühlacker öffnet am Samstag/);
  }

  // Scheduled for tomorrow 08:00 (Berlin): on the Redaktion page as planned, nowhere public.
  const scheduled = await editor.submit(page, page, { ...item, ab: tomorrow, um: "08:00" });
  assert.equal(scheduled.statusCode, 303);
  assert.match(scheduled.headers.location as string, /ok=geplant/);
  const row = await db.selectFrom("pwa_news").select(["id", "published_at", "announced_at"]).where("title", "=", "Freibad öffnet").executeTakeFirstOrThrow();
  assert.equal(row.announced_at, null);
  assert.equal(new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", dateStyle: "short", timeStyle: "short" }).format(row.published_at), `${tomorrow} 08:00`);
  assert.match((await editor.get(page)).body, /Freibad öffnet[\s\S]*geplant für/);
  const anon = new Client(app);
  assert.equal((await anon.get(`/nachrichten/${row.id}`)).statusCode, 404);
  assert.doesNotMatch((await anon.get(`/nachrichten?gemeinde=${MUEHLACKER}`)).body, /Freibad öffnet/);
  assert.doesNotMatch((await anon.get(`/nachrichten/feed.atom?gemeinde=${MUEHLACKER}`)).body, /Freibad öffnet/);
  const search = app.services.search!;
  await search.refreshIfChanged();
  const inSearch = async () => (await app.inject({ url: "/api/v1/search?q=freibad%20m%C3%BChlacker%20%C3%B6ffnet" })).json().results.some((r: { url: string }) => r.url === `/nachrichten/${row.id}`);
  assert.equal(await inSearch(), false, "not in the search before its time");

  // Editing: the headline changes and the time moves; another municipality's Redaktion gets 403, a past time an error.
  const edit = `${page}/${row.id}/bearbeiten`;
  assert.match((await editor.get(edit)).body, new RegExp(`value="${tomorrow}"`));
  assert.equal((await other.get(edit)).statusCode, 403);
  assert.equal((await other.submit(page, edit, { title: "Fremd", body: "x" })).statusCode, 403);
  const past = await editor.submit(edit, edit, { title: "Freibad öffnet am Samstag", body: item.body, ab: yesterday, um: "10:00" });
  assert.equal(past.statusCode, 422);
  assert.match(past.body, /value="Freibad öffnet am Samstag"/);
  assert.equal((await editor.submit(edit, edit, { title: "Freibad öffnet am Samstag", body: item.body, ab: tomorrow, um: "09:30" })).statusCode, 303);
  const moved = await db.selectFrom("pwa_news").select(["title", "published_at", "announced_at"]).where("id", "=", row.id).executeTakeFirstOrThrow();
  assert.equal(moved.title, "Freibad öffnet am Samstag");
  assert.equal(moved.announced_at, null);

  // The job before the time: nothing; at the time: visible, found by the search; a second run: nothing more.
  assert.equal(await announceDueNews(systemContext(db)), 0);
  assert.equal(await announceDueNews(systemContext(db), new Date(moved.published_at.getTime() + 1000)), 1);
  assert.equal(await announceDueNews(systemContext(db), new Date(moved.published_at.getTime() + 2000)), 0);
  // The public pages compare with the real clock: the test moves the item's time into the past as time would.
  await db.updateTable("pwa_news").set({ published_at: new Date(Date.now() - 1000) }).where("id", "=", row.id).execute();
  assert.equal((await anon.get(`/nachrichten/${row.id}`)).statusCode, 200);
  assert.match((await anon.get(`/nachrichten/feed.rss?gemeinde=${MUEHLACKER}`)).body, /Freibad öffnet am Samstag/);
  await search.refreshIfChanged();
  assert.equal(await inSearch(), true, "in the search once announced");

  // A published item keeps its date when edited (the form has no time fields then).
  const editPublished = await editor.get(edit);
  assert.doesNotMatch(editPublished.body, /name="ab"/);
  assert.equal((await editor.submit(edit, edit, { title: "Freibad offen", body: item.body, ab: tomorrow, um: "10:00" })).statusCode, 303);
  const kept = await db.selectFrom("pwa_news").select(["title", "published_at"]).where("id", "=", row.id).executeTakeFirstOrThrow();
  assert.equal(kept.title, "Freibad offen");
  assert.ok(kept.published_at.getTime() < Date.now(), "date unchanged");

  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("object_id", "=", row.id).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["pwa.news_scheduled", "pwa.news_edited", "pwa.news_published", "pwa.news_edited"]);
  assert.deepEqual((audit[1]!.details as { fields: string[] }).fields, ["title", "publishedAt"]);
});
