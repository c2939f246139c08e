/**
 * Live handoff (issue 19 item 3, ADR 0076) on the real database: a person asks for a human while the office
 * is on duty, a case with the transcript is opened, staff of the responsible office see it (others do not),
 * concurrent claims – exactly one wins, the claimer answers, the person sees the answer (page and JSON),
 * another session gets 404; outside the hours and after the claim time the call back request is offered;
 * the retention deletes the case with its transcript.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { buildTestApp, Client, createTestUser, signedIn, signedInMember, type TestApp } from "../helpers.js";
import { liveClaimer, liveRetentionSweeper } from "../../src/modules/assistant/commands/liveHandoffs.js";
import { systemContext } from "../../src/platform/commands.js";

const ALWAYS = { ASSISTANT_LIVE_HOURS: "Mo-So,Ft 00:00-24:00" };
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

async function say(c: Client, message: string) {
  const res = await c.submit("/assistent", "/assistent", { nachricht: message });
  assert.equal(res.statusCode, 303, `posting "${message}"`);
  return (await c.get("/assistent")).body;
}

/** The person asks for a human and takes the live offer; returns the case id. */
async function openLive(ta: TestApp, c: Client): Promise<string> {
  const page = await say(c, "Ich möchte mit jemandem sprechen");
  assert.match(page, /Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben/);
  const res = await c.submit("/assistent", "/assistent/live", {});
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, "/assistent#live");
  const conv = await ta.db.selectFrom("assistant_conversations").select("id").orderBy("created_at", "desc").executeTakeFirstOrThrow();
  const row = await ta.db.selectFrom("assistant_live_handoffs").select("id").where("conversation_id", "=", conv.id).executeTakeFirstOrThrow();
  return row.id;
}

test("live handoff: case with transcript for the county authority, concurrent claims – one wins, the answer reaches the person, another session gets 404", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { app, db } = ta;
  const person = new Client(app);
  const id = await openLive(ta, person);

  const c = await db.selectFrom("assistant_live_handoffs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(c.status, "waiting");
  assert.deepEqual(c.transcript.map((l) => l.role), ["user", "assistant"]);
  assert.equal(c.transcript[0]!.text, "Ich möchte mit jemandem sprechen");
  const lra = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236").executeTakeFirstOrThrow();
  assert.equal(c.org_unit_id, lra.id, "no office in the conversation: the county authority");

  // The person's page: waiting, a message form, the reload link; the assistant's form is gone meanwhile.
  let page = await person.get("/assistent");
  assert.match(text(page.body), /Wir suchen eine freie Mitarbeiterin/);
  assert.match(page.body, /action="\/assistent\/live\/[0-9a-f-]+\/nachricht"/);
  assert.match(page.body, /Neue Antworten abrufen/);
  assert.doesNotMatch(page.body, /action="\/assistent" class="kp-assistant-form"/);
  assert.equal((await person.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Es geht um den Wertstoffhof." })).statusCode, 303);
  // A second "open" while one is open does not make a second case.
  assert.equal((await person.submit("/assistent", "/assistent/live", {})).statusCode, 303);
  assert.equal(Number((await db.selectFrom("assistant_live_handoffs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n), 1);

  // Staff: members of the office and administrators see it; another office's member and citizens do not.
  const a = await signedInMember(ta, "a@lra.example", "lra-08236");
  const b = await signedInMember(ta, "b@lra.example", "lra-08236");
  const other = await signedInMember(ta, "other@muehlacker.example", "gem-08236040");
  const citizen = await signedIn(app, db, { email: "citizen@example.org", kind: "citizen" });
  const queue = await a.get("/verwaltung/assistent");
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, new RegExp(c.reference));
  assert.doesNotMatch((await other.get("/verwaltung/assistent")).body, new RegExp(c.reference));
  assert.equal((await other.get(`/verwaltung/assistent/live/${id}`)).statusCode, 404);
  assert.equal((await citizen.get(`/verwaltung/assistent/live/${id}`)).statusCode, 403);
  const detail = await a.get(`/verwaltung/assistent/live/${id}`);
  assert.match(detail.body, /Ich möchte mit jemandem sprechen/);
  assert.match(detail.body, /Es geht um den Wertstoffhof\./);
  // Another office cannot claim it either (404 before any write).
  const otherToken = /name="_csrf" value="([^"]+)"/.exec((await other.get("/verwaltung/assistent")).body)![1]!;
  assert.equal((await other.post(`/verwaltung/assistent/live/${id}/annehmen`, { _csrf: otherToken })).statusCode, 404);

  // Two colleagues claim at the same moment: exactly one wins, the other gets 409.
  const [tokenA, tokenB] = [
    /name="_csrf" value="([^"]+)"/.exec(detail.body)![1]!,
    /name="_csrf" value="([^"]+)"/.exec((await b.get(`/verwaltung/assistent/live/${id}`)).body)![1]!,
  ];
  const [ra, rb] = await Promise.all([a.post(`/verwaltung/assistent/live/${id}/annehmen`, { _csrf: tokenA }), b.post(`/verwaltung/assistent/live/${id}/annehmen`, { _csrf: tokenB })]);
  assert.deepEqual([ra.statusCode, rb.statusCode].sort(), [303, 409]);
  const [winner, loser] = ra.statusCode === 303 ? [a, b] : [b, a];
  const loserPage = ra.statusCode === 303 ? rb : ra;
  assert.match(loserPage.body, /schon übernommen/);
  const claimed = await db.selectFrom("assistant_live_handoffs").select(["status", "claimed_by"]).where("id", "=", id).executeTakeFirstOrThrow();
  assert.equal(claimed.status, "claimed");
  assert.ok(claimed.claimed_by);

  // Only the claimer answers.
  assert.equal((await loser.submit(`/verwaltung/assistent/live/${id}`, `/verwaltung/assistent/live/${id}/antwort`, { antwort: "Ich auch" })).statusCode, 409);
  assert.equal((await winner.submit(`/verwaltung/assistent/live/${id}`, `/verwaltung/assistent/live/${id}/antwort`, { antwort: "" })).statusCode, 400);
  const sent = await winner.submit(`/verwaltung/assistent/live/${id}`, `/verwaltung/assistent/live/${id}/antwort`, { antwort: "Der Wertstoffhof ist samstags von 9 bis 13 Uhr geöffnet." });
  assert.equal(sent.statusCode, 303);

  // The person sees it: on reload, and through the JSON endpoint the page's script polls.
  page = await person.get("/assistent?neu=1");
  assert.match(text(page.body), /Verwaltung: Der Wertstoffhof ist samstags von 9 bis 13 Uhr geöffnet\./);
  assert.match(text(page.body), /schreibt jetzt mit Ihnen/);
  const json = await person.get(`/assistent/live/${id}/nachrichten?nach=1`);
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers["cache-control"], "no-store");
  assert.deepEqual(json.json().messages.map((m: { seq: number; author: string; text: string }) => [m.seq, m.author, m.text]), [[2, "staff", "Der Wertstoffhof ist samstags von 9 bis 13 Uhr geöffnet."]]);
  assert.equal(json.json().state, "claimed");

  // Another session: 404 on everything of this case, and nothing of it on its own page.
  const stranger = new Client(app);
  await say(stranger, "hund anmelden");
  assert.equal((await stranger.get(`/assistent/live/${id}/nachrichten`)).statusCode, 404);
  assert.equal((await stranger.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Hallo?" })).statusCode, 404);
  assert.equal((await stranger.submit("/assistent", `/assistent/live/${id}/beenden`, {})).statusCode, 404);
  assert.doesNotMatch((await stranger.get("/assistent")).body, /Wertstoffhof/);
  assert.equal((await new Client(app).get(`/assistent/live/${id}/nachrichten`)).statusCode, 404, "no cookie at all");
  // CSRF on the person's forms.
  assert.equal((await person.post(`/assistent/live/${id}/nachricht`, { nachricht: "ohne Token" })).statusCode, 403);

  // The claimer ends it; the person's page shows the end and the assistant's form again.
  assert.equal((await winner.submit(`/verwaltung/assistent/live/${id}`, `/verwaltung/assistent/live/${id}/beenden`, {})).statusCode, 303);
  page = await person.get("/assistent");
  assert.match(text(page.body), /Gespräch mit der Verwaltung ist beendet/);
  assert.match(page.body, /action="\/assistent" class="kp-assistant-form"/);
  assert.equal((await person.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Noch was" })).statusCode, 409);

  // Every staff action audited (staff actor), the opening as anonymous; no text in the audit log.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_type", "details"]).where("object_type", "=", "assistant_live_handoff").orderBy("id").execute();
  assert.deepEqual(audit.map((x) => [x.action, x.actor_type]), [
    ["assistant.live_created", "anonymous"],
    ["assistant.live_read", "staff"], // a member of the office opened it (ADR 0083)
    ["assistant.live_claimed", "staff"],
    ["assistant.live_answered", "staff"],
    ["assistant.live_closed", "staff"],
  ]);
  assert.doesNotMatch(JSON.stringify(audit), /Wertstoffhof|jemandem/);
});

test("live handoff: of ten concurrent claims in the database exactly one wins; a claim cannot be replaced", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { db } = ta;
  const person = new Client(ta.app);
  const id = await openLive(ta, person);
  const staff = await Promise.all(Array.from({ length: 10 }, (_, i) => createTestUser(db, { email: `s${i}@lra.example`, kind: "staff" })));
  const results = await Promise.all(staff.map((s) => liveClaimer({ db, actor: { type: "staff", id: s } }, { id })));
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.deepEqual(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? "" : r.reason))), new Set(["taken"]));
  const winner = staff[results.findIndex((r) => r.ok)];
  assert.equal((await db.selectFrom("assistant_live_handoffs").select("claimed_by").where("id", "=", id).executeTakeFirstOrThrow()).claimed_by, winner);
  // The trigger refuses a second claim that bypasses the command.
  await assert.rejects(
    sql`UPDATE assistant_live_handoffs SET claimed_by = ${staff.find((s) => s !== winner)!}, claimed_at = now() + interval '1 second' WHERE id = ${id}`.execute(db),
    /already claimed/,
  );
  await assert.rejects(sql`UPDATE assistant_live_handoffs SET status = 'waiting', claimed_at = null, claimed_by = null WHERE id = ${id}`.execute(db), /already claimed|cannot wait again/);
});

test("live handoff outside the hours: the call back request instead, no case", async (t) => {
  const ta = await buildTestApp(t, { ASSISTANT_LIVE_HOURS: "aus" });
  const person = new Client(ta.app);
  const page = await say(person, "Ich möchte mit jemandem sprechen");
  assert.doesNotMatch(page, /Jetzt mit einer Mitarbeiterin oder einem Mitarbeiter schreiben/);
  assert.match(text(page), /Gerade ist niemand im Dienst/);
  assert.match(page, /href="\/assistent\/anfrage"/);
  const res = await person.submit("/assistent", "/assistent/live", {});
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, "/assistent/anfrage");
  assert.equal((await ta.db.selectFrom("assistant_live_handoffs").select("id").execute()).length, 0);
});

test("live handoff nobody claims in time: the call back is offered, the case cannot be claimed, a new one can be opened", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { db } = ta;
  const person = new Client(ta.app);
  const id = await openLive(ta, person);
  await db.updateTable("assistant_live_handoffs").set({ wait_until: sql<Date>`now() - interval '1 second'` }).where("id", "=", id).execute();
  const page = await person.get("/assistent");
  assert.match(text(page.body), /Gerade ist leider niemand frei/);
  assert.match(page.body, /href="\/assistent\/anfrage"/);
  assert.equal((await person.get(`/assistent/live/${id}/nachrichten`)).json().state, "expired");
  assert.equal((await person.submit("/assistent", `/assistent/live/${id}/nachricht`, { nachricht: "Hallo?" })).statusCode, 409);
  const s = await signedInMember(ta, "late@lra.example", "lra-08236");
  const claim = await s.submit(`/verwaltung/assistent/live/${id}`, `/verwaltung/assistent/live/${id}/annehmen`, {});
  assert.equal(claim.statusCode, 409);
  assert.match(text((await s.get("/verwaltung/assistent")).body), /Niemand hat übernommen/);
  // The call back request keeps working from here (the existing form, with the transcript).
  const cb = await person.submit("/assistent/anfrage", "/assistent/anfrage", { frage: "Wertstoffhof?", email: "erika@example.org", verlauf: "1" });
  assert.equal(cb.statusCode, 303);
  // A new live request closes the expired case and opens a new one.
  await say(person, "Ich möchte mit jemandem sprechen");
  assert.equal((await person.submit("/assistent", "/assistent/live", {})).statusCode, 303);
  const rows = await db.selectFrom("assistant_live_handoffs").select(["id", "status"]).orderBy("created_at").execute();
  assert.deepEqual(rows.map((r) => r.status), ["closed", "waiting"]);
});

test("live handoff: the person's messages are rate-limited; the retention deletes the case with transcript and messages", async (t) => {
  const ta = await buildTestApp(t, ALWAYS);
  const { db } = ta;
  const person = new Client(ta.app);
  const id = await openLive(ta, person);
  const token = /name="_csrf" value="([^"]+)"/.exec((await person.get("/assistent")).body)![1]!;
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await person.post(`/assistent/live/${id}/nachricht`, { _csrf: token, nachricht: `Nachricht ${i}` })).statusCode);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(303));
  assert.equal(statuses[10], 429);
  assert.equal((await db.selectFrom("assistant_live_messages").select("seq").where("handoff_id", "=", id).execute()).length, 10);

  // A second, fresh case stays; the old one goes after ASSISTANT_LIVE_RETENTION_DAYS (30) with everything in it.
  const other = new Client(ta.app);
  const fresh = await openLive(ta, other);
  assert.deepEqual(await liveRetentionSweeper(systemContext(db), 30), { liveHandoffs: 0 });
  await db.updateTable("assistant_live_handoffs").set({ updated_at: sql<Date>`now() - interval '31 days'` }).where("id", "=", id).execute();
  assert.deepEqual(await liveRetentionSweeper(systemContext(db), 30), { liveHandoffs: 1 });
  assert.equal((await db.selectFrom("assistant_live_handoffs").select("id").execute()).map((r) => r.id).join(), fresh);
  assert.equal((await db.selectFrom("assistant_live_messages").select("seq").where("handoff_id", "=", id).execute()).length, 0);
  const audit = await db.selectFrom("audit_log").select("details").where("action", "=", "assistant.live_retention_swept").execute();
  assert.deepEqual(audit.map((a) => a.details), [{ liveHandoffs: 1 }]);
  // The person's page no longer shows the deleted case; the poll endpoint answers 404.
  assert.equal((await person.get(`/assistent/live/${id}/nachrichten`)).statusCode, 404);
});
