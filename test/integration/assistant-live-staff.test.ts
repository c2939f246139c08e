/**
 * Live handoff, staff side (issue 19, ADR 0083): the queue's JSON endpoint (staff only, like the page) the
 * queue's script polls; the link-only alert mail of the job "assistant-live-alert" when a case waits unclaimed
 * (once per case: the job run twice mails once); per-office live hours (ASSISTANT_LIVE_OFFICE_HOURS) both ways;
 * "Ihre Nachricht wurde gelesen" once staff opened the case after the person's last message (page and JSON).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn, signedInMember, type TestApp } from "../helpers.js";
import { liveHoursOf, onDuty } from "../../src/modules/assistant/live.js";

const ALWAYS = { ASSISTANT_LIVE_HOURS: "Mo-So,Ft 00:00-24:00" };
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** The person asks for a human and takes the live offer; returns the case id and reference. */
async function openLive(ta: TestApp, c: Client): Promise<{ id: string; reference: string }> {
  assert.equal((await c.submit("/assistent", "/assistent", { nachricht: "Ich möchte mit jemandem sprechen" })).statusCode, 303);
  assert.match((await c.get("/assistent")).body, /Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben/);
  const res = await c.submit("/assistent", "/assistent/live", {});
  assert.equal(res.headers.location, "/assistent#live");
  return ta.db.selectFrom("assistant_live_handoffs").select(["id", "reference"]).orderBy("created_at", "desc").executeTakeFirstOrThrow();
}

test("staff queue: the list as JSON for the queue's script (same rows and authorization as the page), 'Aktualisieren' without JavaScript", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const a = await signedInMember(ta, "a@lra.example", "lra-08236");
  const other = await signedInMember(ta, "other@muehlacker.example", "gem-08236040");
  const citizen = await signedIn(ta.app, ta.db, { email: "citizen@example.org", kind: "citizen" });

  let json = await a.get("/verwaltung/assistent/live-faelle");
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers["cache-control"], "no-store");
  assert.deepEqual(json.json().waiting, []);
  assert.match(json.json().html, /Keine Live-Gespräche/);

  const { id, reference } = await openLive(ta, new Client(ta.app));
  json = await a.get("/verwaltung/assistent/live-faelle");
  assert.deepEqual(json.json().waiting, [{ id, reference, announce: `Neues Live-Gespräch wartet: ${reference}` }]);
  assert.match(json.json().html, new RegExp(`href="/verwaltung/assistent/live/${id}"`));
  assert.doesNotMatch(JSON.stringify(json.json()), /jemandem sprechen/, "no text of the conversation");
  // Another office's member sees neither the case nor its reference; citizens and anonymous visitors get nothing.
  const otherJson = await other.get("/verwaltung/assistent/live-faelle");
  assert.equal(otherJson.statusCode, 200);
  assert.deepEqual(otherJson.json().waiting, []);
  assert.doesNotMatch(otherJson.body, new RegExp(reference));
  assert.equal((await citizen.get("/verwaltung/assistent/live-faelle")).statusCode, 403);
  const anonymous = await new Client(ta.app).get("/verwaltung/assistent/live-faelle");
  assert.notEqual(anonymous.statusCode, 200);
  assert.doesNotMatch(anonymous.body, new RegExp(reference));

  // The page: the list, the status line for announcements, the script, and the link that reloads without it.
  const page = await a.get("/verwaltung/assistent");
  assert.match(page.body, /data-queue-poll="\/verwaltung\/assistent\/live-faelle"/);
  assert.match(page.body, new RegExp(`data-queue-waiting="${id}"`));
  assert.match(page.body, /id="live-neu" role="status"/);
  assert.match(page.body, /<a class="kern-link" href="\/verwaltung\/assistent" data-queue-refresh>Aktualisieren<\/a>/);
  assert.match(page.body, /<script src="\/assets\/assistant-queue.js" defer><\/script>/);
});

test("alert mail: a case unclaimed for ASSISTANT_LIVE_ALERT_MINUTES is mailed once (job run twice), as a link only, to the office's staff", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { app, db, config } = ta;
  assert.equal(config.assistant.live.alertMinutes, 2, "default: 2 minutes");
  await signedInMember(ta, "a@lra.example", "lra-08236");
  await signedInMember(ta, "b@lra.example", "lra-08236");
  await signedInMember(ta, "other@muehlacker.example", "gem-08236040");
  const person = new Client(app);
  const { id, reference } = await openLive(ta, person);
  assert.equal((await person.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Es geht um meinen Wertstoffhof-Termin." })).statusCode, 303);
  const claimedCase = await openLive(ta, new Client(app));

  const job = app.registry.jobs.find((j) => j.name === "assistant-live-alert");
  assert.ok(job?.cron, "registered as a cron job");
  const run = () => job!.handler({ db, config, mailer: app.deps.mailer, app }, {});
  const alerts = () => db.selectFrom("mail_queue").select(["recipient", "subject"]).where("kind", "=", "assistant.live_alert").orderBy("recipient").execute();

  await run();
  assert.deepEqual(await alerts(), [], "not yet: waiting less than 2 minutes");
  // Both cases have waited 3 minutes (and may still be claimed); one of them is taken meanwhile.
  await db.updateTable("assistant_live_handoffs").set({ created_at: sql<Date>`now() - interval '3 minutes'` }).execute();
  const s = await signedInMember(ta, "c@lra.example", "lra-08236");
  assert.equal((await s.submit(`/verwaltung/assistent/live/${claimedCase.id}`, `/verwaltung/assistent/live/${claimedCase.id}/annehmen`, {})).statusCode, 303);
  const before = (await alerts()).length;
  await run();
  await run();
  const sent = await alerts();
  assert.deepEqual(
    sent.map((m) => m.recipient),
    ["a@lra.example", "b@lra.example", "c@lra.example"],
    "once per member of the case's office, not the other office, not for the claimed case",
  );
  assert.equal(before, 0);
  assert.ok(sent.every((m) => m.subject === `Live-Chat wartet auf Übernahme: ${reference}`));
  const mail = await ta.mail.waitFor("a@lra.example", (m) => m.subject.includes(reference));
  assert.match(mail.text, new RegExp(`http://localhost:3000/verwaltung/assistent/live/${id}`));
  assert.match(mail.text, /seit 2 Min\. auf eine Mitarbeiterin/);
  assert.doesNotMatch(mail.text, /Wertstoffhof|jemandem sprechen/, "no text of the conversation");
  const audit = await db.selectFrom("audit_log").select(["object_id", "details"]).where("action", "=", "assistant.live_alerted").execute();
  assert.deepEqual(audit, [{ object_id: id, details: { recipients: 3 } }]);
  // A case that can no longer be claimed is not mailed.
  const late = await openLive(ta, new Client(app));
  await db.updateTable("assistant_live_handoffs").set({ created_at: sql<Date>`now() - interval '10 minutes'`, wait_until: sql<Date>`now() - interval '1 second'` }).where("id", "=", late.id).execute();
  await run();
  assert.equal((await alerts()).length, 3);
});

test("alert mail: ASSISTANT_LIVE_ALERT_TO replaces the office's members; 0 switches it off", async (t) => {
  const ta = await buildTestApp(t, { ...ALWAYS, ASSISTANT_LIVE_ALERT_TO: "dienst@lra.example, leitung@lra.example", ASSISTANT_LIVE_ALERT_MINUTES: "1" });
  const { app, db, config } = ta;
  await signedInMember(ta, "a@lra.example", "lra-08236");
  await openLive(ta, new Client(app));
  await db.updateTable("assistant_live_handoffs").set({ created_at: sql<Date>`now() - interval '90 seconds'` }).execute();
  const job = app.registry.jobs.find((j) => j.name === "assistant-live-alert")!;
  await job.handler({ db, config, mailer: app.deps.mailer, app }, {});
  const sent = await db.selectFrom("mail_queue").select(["recipient", "subject"]).where("kind", "=", "assistant.live_alert").orderBy("recipient").execute();
  assert.deepEqual(sent.map((m) => m.recipient), ["dienst@lra.example", "leitung@lra.example"]);
  assert.match(sent[0]!.subject, /^Live-Chat wartet auf Übernahme: L-/);

  const off = await buildTestApp(t, { ...ALWAYS, ASSISTANT_LIVE_ALERT_MINUTES: "0" });
  await signedInMember(off, "a@lra.example", "lra-08236");
  await openLive(off, new Client(off.app));
  await off.db.updateTable("assistant_live_handoffs").set({ created_at: sql<Date>`now() - interval '4 minutes'` }).execute();
  await off.app.registry.jobs.find((j) => j.name === "assistant-live-alert")!.handler({ db: off.db, config: off.config, mailer: off.app.deps.mailer, app: off.app }, {});
  assert.equal((await off.db.selectFrom("mail_queue").select("id").where("kind", "=", "assistant.live_alert").execute()).length, 0);
});

test("per-office live hours: the county is off but the office on duty – the offer and a case; the county on duty but the office off – the call back", async (t) => {
  // The conversation's case goes to the county authority (lra-08236): its own hours decide.
  const on = await buildTestApp(t, { ASSISTANT_LIVE_HOURS: "aus", ASSISTANT_LIVE_OFFICE_HOURS: "lra-08236=Mo-So,Ft 00:00-24:00 | gem-08236040=aus" });
  const person = new Client(on.app);
  const { id } = await openLive(on, person);
  assert.ok(id);
  assert.match(text((await person.get("/assistent")).body), /Wir suchen eine freie Mitarbeiterin/);
  // A department without an entry takes its parent's hours; a unit without one up its chain the county's.
  const lra = await on.db.selectFrom("org_units").select("id").where("key", "=", "lra-08236").executeTakeFirstOrThrow();
  const dept = await on.db.selectFrom("org_units").select("id").where("parent_id", "=", lra.id).executeTakeFirstOrThrow();
  const gem = await on.db.selectFrom("org_units").select("id").where("key", "=", "gem-08236040").executeTakeFirstOrThrow();
  const other = await on.db.selectFrom("org_units").select("id").where("key", "not in", ["lra-08236", "gem-08236040"]).where("parent_id", "is", null).executeTakeFirstOrThrow();
  assert.equal((await liveHoursOf(on.app, dept.id)).hoursText, "Mo-So,Ft 00:00-24:00");
  assert.equal((await liveHoursOf(on.app, gem.id)).hoursText, "aus");
  assert.equal((await liveHoursOf(on.app, other.id)).hoursText, "aus");
  assert.equal(await onDuty(on.app, dept.id), true);
  assert.equal(await onDuty(on.app, gem.id), false);
  assert.equal(await onDuty(on.app, null), false, "no office: the county-wide hours");

  const off = await buildTestApp(t, { ...ALWAYS, ASSISTANT_LIVE_OFFICE_HOURS: "lra-08236=Mo-Fr 00:00-00:01; Sa 23:59-24:00" });
  const p2 = new Client(off.app);
  assert.equal((await p2.submit("/assistent", "/assistent", { nachricht: "Ich möchte mit jemandem sprechen" })).statusCode, 303);
  const page = text((await p2.get("/assistent")).body);
  assert.match(page, /Gerade ist niemand im Dienst \(Chat mit einem Menschen: Mo-Fr 00:00-00:01; Sa 23:59-24:00\)/);
  const res = await p2.submit("/assistent", "/assistent/live", {});
  assert.equal(res.headers.location, "/assistent/anfrage");
  assert.equal((await off.db.selectFrom("assistant_live_handoffs").select("id").execute()).length, 0);
});

test("read receipt: 'Ihre Nachricht wurde gelesen' once staff opened the case after the person's last message (page, widget and JSON)", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { db } = ta;
  const person = new Client(ta.app);
  const { id } = await openLive(ta, person);
  const readLine = (html: string) => /<p class="kern-body kern-body--small" id="live-gelesen" aria-live="polite">([^<]*)<\/p>/.exec(html)?.[1];
  // The widget's dialog (GET /assistent/widget, the fragment on every other page) shows the same line.
  const widgetReadLine = async () => /<p class="kern-body kern-body--small" id="kp-widget-live-gelesen" aria-live="polite">([^<]*)<\/p>/.exec((await person.get("/assistent/widget")).body)?.[1];
  assert.equal(readLine((await person.get("/assistent")).body), "", "not yet opened by staff");
  assert.equal(await widgetReadLine(), "");
  assert.equal((await person.get(`/assistent/live/${id}/nachrichten`)).json().read, false);

  // Someone who may not see the case (another office: 404) does not make it read.
  const other = await signedInMember(ta, "other@muehlacker.example", "gem-08236040");
  assert.equal((await other.get(`/verwaltung/assistent/live/${id}`)).statusCode, 404);
  assert.equal((await person.get(`/assistent/live/${id}/nachrichten`)).json().read, false);

  const a = await signedInMember(ta, "a@lra.example", "lra-08236");
  assert.equal((await a.get(`/verwaltung/assistent/live/${id}`)).statusCode, 200);
  assert.equal(readLine((await person.get("/assistent")).body), "Ihre Nachricht wurde gelesen.");
  assert.equal(await widgetReadLine(), "Ihre Nachricht wurde gelesen.");
  let json = (await person.get(`/assistent/live/${id}/nachrichten?nach=0`)).json();
  assert.deepEqual([json.read, json.readText], [true, "Ihre Nachricht wurde gelesen."]);

  // A new message is unread until staff open the case again; reopening without anything new writes nothing.
  assert.equal((await person.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Noch eine Frage" })).statusCode, 303);
  assert.equal(readLine((await person.get("/assistent")).body), "");
  assert.equal(await widgetReadLine(), "");
  json = (await person.get(`/assistent/live/${id}/nachrichten?nach=1`)).json();
  assert.deepEqual([json.read, json.readText], [false, ""]);
  await a.get(`/verwaltung/assistent/live/${id}`);
  await a.get(`/verwaltung/assistent/live/${id}`);
  assert.equal((await person.get(`/assistent/live/${id}/nachrichten`)).json().read, true);
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "details"]).where("action", "=", "assistant.live_read").orderBy("id").execute();
  assert.deepEqual(audit, [
    { action: "assistant.live_read", actor_type: "staff", details: { seq: 0 } },
    { action: "assistant.live_read", actor_type: "staff", details: { seq: 1 } },
  ]);
  // An ended case shows no read line.
  await person.submit("/assistent", `/assistent/live/${id}/beenden`, {});
  assert.equal(readLine((await person.get("/assistent")).body), undefined);
  assert.equal(await widgetReadLine(), undefined);
});
