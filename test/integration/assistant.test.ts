/**
 * The assistant end to end on the real database: the chat page without JavaScript, the memory of the
 * municipality, ownership of conversations, CSRF and bad input, the handoff to the staff queue with its
 * role check, the answer by mail, the audit trail, the phone API and the retention job.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { retentionSweeper } from "../../src/modules/assistant/commands/retentionSweeper.js";
import { systemContext } from "../../src/platform/commands.js";

/** The text of the last assistant turn on the chat page (tags removed). */
function lastAnswer(html: string): string {
  const turns = [...html.matchAll(/<li class="kp-assistant-turn kp-assistant-turn--assistant"[^>]*>([\s\S]*?)<\/li>\s*(?=<li class="kp-assistant-turn|<\/ol>)/g)];
  const last = turns[turns.length - 1]?.[1] ?? "";
  return last.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}
function lastLinks(html: string): string[] {
  const turns = [...html.matchAll(/<li class="kp-assistant-turn kp-assistant-turn--assistant"[^>]*>([\s\S]*?)<\/li>\s*(?=<li class="kp-assistant-turn|<\/ol>)/g)];
  const last = turns[turns.length - 1]?.[1] ?? "";
  return [...last.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

async function say(c: Client, text: string) {
  const res = await c.submit("/assistent", "/assistent", { nachricht: text });
  assert.equal(res.statusCode, 303, `posting "${text}"`);
  const page = await c.get("/assistent");
  assert.equal(page.statusCode, 200);
  return page.body;
}

test("chat without JavaScript: 'hund anmelden' asks for the municipality, remembers it, and answers with office and online form", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = new Client(app);
  const first = await c.get("/assistent");
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /<form method="post" action="\/assistent"/);

  let page = await say(c, "hund anmelden");
  assert.match(lastAnswer(page), /In welcher Gemeinde wohnen Sie\?/);
  page = await say(c, "Mühlacker");
  const answer = lastAnswer(page);
  assert.match(answer, /„Hundehaltung Anmeldung“ in Mühlacker/);
  assert.match(answer, /Zuständig ist .*Mühlacker/);
  assert.match(answer, /Quelle: Seite „Hundehaltung Anmeldung“/);
  const links = lastLinks(page);
  assert.ok(links.includes("/leistungen/99110009104000"), `source link in ${links.join(" ")}`);
  assert.ok(links.some((l) => l.startsWith("/antraege/")), `online form in ${links.join(" ")}`);

  // The municipality is remembered: the next service needs no question back.
  page = await say(c, "personalausweis verloren");
  assert.doesNotMatch(lastAnswer(page), /In welcher Gemeinde/);
  assert.match(lastAnswer(page), /in Mühlacker/);

  // Stored server-side, both sides of every turn.
  const rows = await db.selectFrom("assistant_turns").select(["role", "text"]).orderBy("seq").execute();
  assert.equal(rows.length, 6);
  assert.deepEqual(rows.map((r) => r.role), ["user", "assistant", "user", "assistant", "user", "assistant"]);
  const conv = await db.selectFrom("assistant_conversations").select(["ags", "pending_leika", "channel"]).executeTakeFirstOrThrow();
  assert.equal(conv.ags, "08236040");
  assert.equal(conv.pending_leika, null);
  assert.equal(conv.channel, "chat");
  // Audited once, without any text of the conversation.
  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "like", "assistant.%").execute();
  assert.deepEqual(audit.map((a) => a.action), ["assistant.conversation_started"]);
  assert.doesNotMatch(JSON.stringify(audit), /hund|Mühlacker|personalausweis/i);
});

test("'Lappen verloren … Pforzheim' leads in one turn to the replacement licence at the Stadt Pforzheim with the appointment link; nonsense gets no invented answer", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const page = await say(c, "Ich hab meinen Lappen verloren und wohne in Pforzheim");
  const answer = lastAnswer(page);
  assert.match(answer, /Führerschein Ersatz/);
  assert.match(answer, /in Pforzheim/);
  assert.match(answer, /Zuständig ist .*Pforzheim/);
  const links = lastLinks(page);
  assert.ok(links.some((l) => l.startsWith("/termine/leistung/99023001036")), `appointment link in ${links.join(" ")}`);

  const unknown = await say(c, "wie wird das wetter morgen");
  assert.match(lastAnswer(unknown), /keine verlässliche Antwort/);
  assert.ok(lastLinks(unknown).includes("/assistent/anfrage"));
});

test("conversations belong to their session; CSRF and bad input are refused with German errors", async (t) => {
  const { app, db } = await buildTestApp(t);
  const alice = new Client(app);
  await say(alice, "hund anmelden");
  const bob = new Client(app);
  const bobPage = await bob.get("/assistent");
  assert.doesNotMatch(bobPage.body, /hund anmelden/);
  // Bob replays Alice's conversation id with a wrong secret (cookie not signed by us, and forged signed values fail too).
  const conv = await db.selectFrom("assistant_conversations").select("id").executeTakeFirstOrThrow();
  bob.cookies.set("kp_assistant", `${conv.id}.wrongsecret`);
  assert.doesNotMatch((await bob.get("/assistent")).body, /hund anmelden/);
  // Through the API: a foreign token starts a new conversation and sees nothing of the old one.
  const api = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "Mühlacker", conversation: `${conv.id}.wrongsecret` } });
  assert.equal(api.statusCode, 200);
  assert.equal(api.json().reply.kind, "greeting", "no pending service from Alice's conversation");
  assert.notEqual(api.json().conversation.split(".")[0], conv.id);

  // CSRF
  const noToken = await alice.post("/assistent", { nachricht: "hund anmelden" });
  assert.equal(noToken.statusCode, 403);
  // Empty and too long: 400 with the error next to the field and in the summary, input kept.
  const empty = await alice.submit("/assistent", "/assistent", { nachricht: "   " });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Bitte geben Sie eine Frage ein\./);
  assert.match(empty.body, /kp-error-summary/);
  const long = await alice.submit("/assistent", "/assistent", { nachricht: "x".repeat(501) });
  assert.equal(long.statusCode, 400);
  assert.match(long.body, /höchstens 500 Zeichen/);
  assert.match(long.body, /value="x{501}"/);
});

test("handoff: the person asks for a human, leaves a question; staff with a role answer; the answer is mailed, audited and shown in the chat", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const c = new Client(app);
  let page = await say(c, "Ich möchte mit jemandem sprechen");
  assert.match(lastAnswer(page), /mit einem Menschen/);
  assert.ok(lastLinks(page).includes("/assistent/anfrage"));

  const form = await c.get("/assistent/anfrage");
  assert.match(form.body, /Ich möchte mit jemandem sprechen/, "question prefilled with the last message");
  // No contact: error next to the field, question kept.
  const bad = await c.submit("/assistent/anfrage", "/assistent/anfrage", { frage: "Wann ist der Wertstoffhof offen?", email: "", telefon: "" });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /E-Mail-Adresse oder eine Telefonnummer/);
  assert.match(bad.body, /Wann ist der Wertstoffhof offen\?/);
  const badPhone = await c.submit("/assistent/anfrage", "/assistent/anfrage", { frage: "Frage", telefon: "ruf mich an" });
  assert.equal(badPhone.statusCode, 400);
  const ok = await c.submit("/assistent/anfrage", "/assistent/anfrage", { frage: "Wann ist der Wertstoffhof offen?", name: "Erika", email: "erika@example.org", verlauf: "1" });
  assert.equal(ok.statusCode, 303);
  const reference = /kennung=(A-[0-9A-Z]{8})/.exec(ok.headers.location as string)?.[1];
  assert.ok(reference);
  assert.match((await c.get(ok.headers.location as string)).body, new RegExp(reference));

  // Citizens and staff without a role are refused; the queue is for staff with a role.
  const citizen = await signedIn(app, db, { email: "citizen@example.org", kind: "citizen" });
  assert.equal((await citizen.get("/verwaltung/assistent")).statusCode, 403);
  const roleless = await signedIn(app, db, { email: "roleless@lra.example", kind: "staff" });
  assert.equal((await roleless.get("/verwaltung/assistent")).statusCode, 403);
  const staff = await signedIn(app, db, { email: "service@lra.example", kind: "staff", roles: ["member"] });
  const queue = await staff.get("/verwaltung/assistent");
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, new RegExp(reference));
  const h = await db.selectFrom("assistant_handoffs").select(["id", "transcript"]).where("reference", "=", reference).executeTakeFirstOrThrow();
  assert.equal(h.transcript.length, 2, "the transcript was sent");
  const detail = await staff.get(`/verwaltung/assistent/${h.id}`);
  assert.match(detail.body, /Ich möchte mit jemandem sprechen/);
  assert.equal((await roleless.get(`/verwaltung/assistent/${h.id}`)).statusCode, 403);
  assert.equal((await staff.get(`/verwaltung/assistent/00000000-0000-4000-8000-000000000000`)).statusCode, 404);

  const empty = await staff.submit(`/verwaltung/assistent/${h.id}`, `/verwaltung/assistent/${h.id}`, { antwort: "" });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Bitte schreiben Sie eine Antwort/);
  const answered = await staff.submit(`/verwaltung/assistent/${h.id}`, `/verwaltung/assistent/${h.id}`, { antwort: "Der Wertstoffhof Mühlacker ist samstags von 9 bis 13 Uhr geöffnet." });
  assert.equal(answered.statusCode, 303);
  // The answered page has no form any more; a replayed post is refused.
  const token = /name="_csrf" value="([^"]+)"/.exec((await staff.get("/verwaltung/assistent")).body)?.[1] ?? "";
  const again = await staff.post(`/verwaltung/assistent/${h.id}`, { _csrf: token, antwort: "Noch einmal" });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /bereits beantwortet/);

  const m = await mail.waitFor("erika@example.org", (x) => x.subject.includes(reference));
  assert.match(m.text, /samstags von 9 bis 13 Uhr/);
  assert.match(m.text, /Wertstoffhof offen\?/);
  page = (await c.get("/assistent")).body;
  assert.match(page, /samstags von 9 bis 13 Uhr/, "the answer appears in the chat");

  const audit = await db.selectFrom("audit_log").select(["action", "object_id", "actor_type", "details"]).where("object_type", "=", "assistant_handoff").orderBy("id").execute();
  assert.deepEqual(audit.map((a) => [a.action, a.actor_type]), [["assistant.handoff_created", "anonymous"], ["assistant.handoff_answered", "staff"]]);
  assert.doesNotMatch(JSON.stringify(audit), /erika|Wertstoffhof/i);
});

test("phone API: the same dialogues as text in, text and absolute links out; handoff by API; schema errors as problem details", async (t) => {
  const { app, db } = await buildTestApp(t);
  const turn = async (text: string, conversation?: string) => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text, conversation, channel: "phone" } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { conversation: string; reply: { kind: string; text: string; links: Array<{ kind: string; url: string }> } };
  };
  const a = await turn("hund anmelden");
  assert.equal(a.reply.kind, "ask_place");
  assert.match(a.reply.text, /In welcher Gemeinde wohnen Sie\?/);
  const b = await turn("in Mühlacker", a.conversation);
  assert.equal(b.conversation, a.conversation);
  assert.equal(b.reply.kind, "answer");
  assert.doesNotMatch(b.reply.text, /https?:|\/antraege/, "spoken text carries no URLs");
  assert.ok(b.reply.links.some((l) => l.kind === "form" && l.url.startsWith("http://localhost:3000/antraege/")));
  const lappen = await turn("Ich hab meinen Lappen verloren und wohne in Pforzheim");
  assert.equal(lappen.reply.kind, "answer");
  assert.ok(lappen.reply.links.some((l) => l.kind === "appointment"));
  // Unsure: a numbered menu (DTMF on the phone); the number picks the service, the place is still known.
  const unsure = await turn("bescheinigung", a.conversation);
  assert.equal(unsure.reply.kind, "choose");
  const options = (unsure.reply as unknown as { options: Array<{ n: number; leikaKey: string; title: string }> }).options;
  assert.ok(options.length >= 1 && options.length <= 3);
  assert.match(unsure.reply.text, new RegExp(`1: ${options[0]!.title.replace(/[()]/g, ".")}`));
  const picked = await turn("1", a.conversation);
  assert.equal(picked.reply.kind, "answer");
  assert.equal((picked.reply as unknown as { leikaKey: string }).leikaKey, options[0]!.leikaKey);
  assert.match(picked.reply.text, /in Mühlacker/);
  const human = await turn("0", a.conversation);
  assert.equal(human.reply.kind, "handoff");

  const missing = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "" } });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.headers["content-type"] as string, /problem\+json/);

  const noContact = await app.inject({ method: "POST", url: "/api/v1/assistant/handoffs", payload: { question: "Rückruf bitte" } });
  assert.equal(noContact.statusCode, 400);
  assert.equal(noContact.json().errors[0].path, "/email");
  const created = await app.inject({ method: "POST", url: "/api/v1/assistant/handoffs", payload: { question: "Rückruf bitte wegen Hundesteuer", phone: "+49 7041 123456", conversation: a.conversation, transcript: true, channel: "phone" } });
  assert.equal(created.statusCode, 201, created.body);
  const row = await db.selectFrom("assistant_handoffs").select(["channel", "contact_phone", "transcript", "conversation_id"]).where("reference", "=", created.json().reference).executeTakeFirstOrThrow();
  assert.equal(row.channel, "phone");
  assert.equal(row.transcript.length, 10);
  assert.equal(row.conversation_id, a.conversation.split(".")[0]);
});

test("retention: conversations a day after the last turn, answered handoffs 90 days after the answer", async (t) => {
  const { app, db } = await buildTestApp(t);
  const res = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "hund anmelden" } });
  const token = res.json().conversation as string;
  await app.inject({ method: "POST", url: "/api/v1/assistant/handoffs", payload: { question: "Frage", email: "a@example.org", conversation: token, transcript: true } });
  const fresh = await retentionSweeper(systemContext(db));
  assert.deepEqual(fresh, { conversations: 0, handoffs: 0 });
  await db.updateTable("assistant_conversations").set({ updated_at: sql<Date>`now() - interval '25 hours'` }).execute();
  const swept = await retentionSweeper(systemContext(db));
  assert.equal(swept.conversations, 1);
  assert.equal(await db.selectFrom("assistant_turns").select("seq").execute().then((r) => r.length), 0, "turns go with the conversation");
  const h = await db.selectFrom("assistant_handoffs").select(["id", "conversation_id", "transcript"]).executeTakeFirstOrThrow();
  assert.equal(h.conversation_id, null);
  assert.equal(h.transcript.length, 2, "the handoff keeps its own copy");
  await db.updateTable("assistant_handoffs").set({ status: "answered", answer: "Antwort", answered_at: sql<Date>`now() - interval '91 days'` }).execute();
  assert.deepEqual(await retentionSweeper(systemContext(db)), { conversations: 0, handoffs: 1 });
  // A later request with the deleted conversation's token starts afresh.
  const after = await app.inject({ method: "POST", url: "/api/v1/assistant/turns", payload: { text: "Mühlacker", conversation: token } });
  assert.equal(after.json().reply.kind, "greeting");
});
