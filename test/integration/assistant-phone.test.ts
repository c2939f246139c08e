/**
 * The phone channel end to end: whole calls through the JSON interface and through FreeSWITCH's
 * mod_httapi XML, with speech (espeak-ng) checked as a valid WAV, DTMF menus, "0" for a person and the
 * call back request that staff see and answer. Also: the token, the signed speech URLs.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTestApp, signedIn } from "../helpers.js";
import { parseXml, type XmlElement } from "../../src/platform/xml.js";

const TOKEN = "phone-token-".padEnd(40, "t");
const auth = { authorization: `Bearer ${TOKEN}` };
const CALLER = "+4970419876543";

interface Turn {
  conversation: string;
  kind: string;
  say: string;
  audio?: string;
  keys: Array<{ key: string; label: string }>;
  links: Array<{ kind: string; url: string }>;
  reference?: string;
  hangup: boolean;
}

/** Checks a RIFF/WAVE PCM file: header, sizes that match the bytes, and some sound (≥ 0.3 s). */
function assertWav(buf: Buffer) {
  assert.equal(buf.toString("ascii", 0, 4), "RIFF");
  assert.equal(buf.toString("ascii", 8, 12), "WAVE");
  assert.equal(buf.readUInt32LE(4), buf.length - 8, "RIFF size");
  let at = 12;
  let fmt: { channels: number; rate: number; bits: number } | undefined;
  while (at + 8 <= buf.length) {
    const id = buf.toString("ascii", at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (id === "fmt ") {
      assert.equal(buf.readUInt16LE(at + 8), 1, "PCM");
      fmt = { channels: buf.readUInt16LE(at + 10), rate: buf.readUInt32LE(at + 12), bits: buf.readUInt16LE(at + 22) };
    }
    if (id === "data") {
      assert.ok(fmt, "fmt before data");
      assert.equal(at + 8 + size, buf.length, "data size");
      const seconds = size / (fmt.rate * fmt.channels * (fmt.bits / 8));
      assert.ok(seconds >= 0.3, `speech of ${seconds} s`);
      return seconds;
    }
    at += 8 + size;
  }
  assert.fail("no data chunk");
}

test("a whole call through the phone interface: greeting, dog registration in Mühlacker, menu by key, unknown key, driving licence in Pforzheim, 0 for a person, call back that staff see and answer", async (t) => {
  const { app, db } = await buildTestApp(t, { ASSISTANT_PHONE_TOKEN: TOKEN });
  const call = async (body: Record<string, string | undefined>): Promise<Turn> => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: { caller: CALLER, ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Turn;
  };

  const hello = await call({});
  assert.equal(hello.kind, "greeting");
  assert.match(hello.say, /^Guten Tag, hier ist der digitale Assistent/);
  assert.match(hello.say, /Drücken Sie 0 für eine Mitarbeiterin oder einen Mitarbeiter\./);
  // The announcement as audio: a valid WAV from espeak-ng.
  assert.ok(hello.audio?.startsWith("http://localhost:3000/api/v1/assistant/phone/speech.wav?"), hello.audio);
  const audio = await app.inject({ method: "GET", url: new URL(hello.audio!).pathname + new URL(hello.audio!).search });
  assert.equal(audio.statusCode, 200, audio.body);
  assert.equal(audio.headers["content-type"], "audio/wav");
  const seconds = assertWav(audio.rawPayload);
  assert.ok(seconds > 3, `the greeting is a few seconds long, not ${seconds}`);
  // Only texts this server signed are spoken.
  const u = new URL(hello.audio!);
  u.searchParams.set("text", "Etwas anderes");
  assert.equal((await app.inject({ method: "GET", url: u.pathname + u.search })).statusCode, 403);

  const conv = hello.conversation;
  const dog = await call({ conversation: conv, text: "hund anmelden" });
  assert.equal(dog.conversation, conv);
  assert.equal(dog.kind, "ask_place");
  assert.match(dog.say, /„Hundehaltung Anmeldung“.*In welcher Gemeinde wohnen Sie\? Sagen Sie den Namen Ihrer Gemeinde\. Drücken Sie 0 für/);
  assert.deepEqual(dog.keys.map((k) => k.key), ["0"]);

  const place = await call({ conversation: conv, text: "in Mühlacker" });
  assert.equal(place.kind, "answer");
  assert.match(place.say, /„Hundehaltung Anmeldung“ in Mühlacker: .*Zuständig ist .*Mühlacker.*Sie können den Antrag online stellen\..*Quelle: Seite „Hundehaltung Anmeldung“.*Sie können eine weitere Frage stellen\./);
  assert.doesNotMatch(place.say, /https?:/, "nothing to speak is a URL");
  assert.ok(place.links.some((l) => l.kind === "form" && l.url.startsWith("http://localhost:3000/antraege/")), "the form link for an SMS");
  assertWav((await app.inject({ method: "GET", url: new URL(place.audio!).pathname + new URL(place.audio!).search })).rawPayload);

  // Unsure: the DTMF menu "Drücken Sie 1 für …"; the key picks the service.
  const unsure = await call({ conversation: conv, text: "bescheinigung" });
  assert.equal(unsure.kind, "choose");
  const first = unsure.keys.find((k) => k.key === "1")!;
  assert.ok(first, JSON.stringify(unsure.keys));
  assert.ok(unsure.say.includes(`Drücken Sie 1 für ${first.label}.`), unsure.say);
  assert.doesNotMatch(unsure.say, /Antworten Sie mit der Nummer/, "the chat's instruction is replaced by the key menu");
  const picked = await call({ conversation: conv, digits: "1#" });
  assert.equal(picked.kind, "answer");
  assert.ok(picked.say.includes(`„${first.label}“ in Mühlacker`), picked.say);

  // A key that is not live: said so, nothing changes.
  const bad = await call({ conversation: conv, digits: "7" });
  assert.match(bad.say, /^Diese Taste ist nicht belegt\./);

  const lappen = await call({ conversation: conv, text: "Ich hab meinen Lappen verloren und wohne in Pforzheim" });
  assert.equal(lappen.kind, "answer");
  assert.match(lappen.say, /Führerschein Ersatz wegen Verlust“ in Pforzheim/);
  assert.match(lappen.say, /Einen Termin können Sie online buchen\./);
  assert.ok(lappen.links.some((l) => l.kind === "appointment"));

  // "0": a person. 1 = call back on this number (the question is the caller's last real one).
  const human = await call({ conversation: conv, digits: "0" });
  assert.equal(human.kind, "handoff");
  assert.match(human.say, /Wir rufen Sie zurück\. Drücken Sie 1 für einen Rückruf unter der Nummer, von der Sie anrufen\. Drücken Sie 2 für/);
  assert.deepEqual(human.keys.map((k) => k.key), ["1", "2"]);
  const done = await call({ conversation: conv, digits: "1" });
  assert.equal(done.hangup, true);
  assert.match(done.reference ?? "", /^A-[0-9A-Z]{8}$/);
  assert.ok(done.say.includes(done.reference!.replace("-", "").split("").join(", ")), "the reference is spelt out");
  const h = await db.selectFrom("assistant_handoffs").selectAll().where("reference", "=", done.reference!).executeTakeFirstOrThrow();
  assert.equal(h.channel, "phone");
  assert.equal(h.contact_phone, CALLER);
  assert.equal(h.question, "Ich hab meinen Lappen verloren und wohne in Pforzheim");
  assert.deepEqual(h.transcript, [], "key 1: no transcript");

  // Staff see it in the queue with the number to call back, and record the answer.
  const staff = await signedIn(app, db, { email: "service@lra.example", kind: "staff", roles: ["member"] });
  assert.match((await staff.get("/verwaltung/assistent")).body, new RegExp(done.reference!));
  const detail = await staff.get(`/verwaltung/assistent/${h.id}`);
  assert.match(detail.body, /Nur Telefonnummer angegeben/);
  const answered = await staff.submit(`/verwaltung/assistent/${h.id}`, `/verwaltung/assistent/${h.id}`, { antwort: "Zurückgerufen: Termin in Pforzheim erklärt." });
  assert.equal(answered.statusCode, 303);
  const after = await db.selectFrom("assistant_handoffs").select(["status", "answer"]).where("id", "=", h.id).executeTakeFirstOrThrow();
  assert.equal(after.status, "answered");

  // "Ich möchte mit jemandem sprechen" in words, key 2 = with the conversation.
  const call2 = await call({});
  const words = await call({ conversation: call2.conversation, text: "Ich möchte mit jemandem sprechen" });
  assert.equal(words.kind, "handoff");
  const done2 = await call({ conversation: call2.conversation, digits: "2" });
  const h2 = await db.selectFrom("assistant_handoffs").select(["transcript", "question"]).where("reference", "=", done2.reference!).executeTakeFirstOrThrow();
  assert.ok(h2.transcript.some((l) => l.text === "Ich möchte mit jemandem sprechen"), "key 2: the transcript is sent");
  assert.equal(h2.question, "Rückrufbitte über das Telefon, ohne Frage.");

  // Withheld number: no call back can be created; the caller is told so.
  const anon = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: { text: "0" } });
  assert.match(anon.json().say, /Ihre Rufnummer wird nicht übertragen/);
  assert.deepEqual(anon.json().keys, []);
  const anon1 = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: { conversation: anon.json().conversation, digits: "1" } });
  assert.equal(anon1.json().reference, undefined);

  // The telephone system must authenticate.
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", payload: { text: "hund anmelden" } })).statusCode, 401);
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: { authorization: "Bearer wrong" }, payload: {} })).statusCode, 401);
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: { digits: "1x" } })).statusCode, 400);
});

const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

test("FreeSWITCH mod_httapi: the call as XML documents, keys as 'digits', the conversation kept as a param; Basic credentials", async (t) => {
  const { app } = await buildTestApp(t, { ASSISTANT_PHONE_TOKEN: TOKEN });
  const basic = { authorization: `Basic ${Buffer.from(`freeswitch:${TOKEN}`).toString("base64")}` };
  const post = async (form: Record<string, string>) => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/httapi", headers: { ...basic, "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams(form).toString() });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers["content-type"] as string, /^text\/xml/);
    const doc = parseXml(res.body);
    assert.equal(doc.name, "document");
    assert.equal(doc.attrs.type, "xml/freeswitch-httapi");
    return doc;
  };
  const paramsOf = (doc: XmlElement) => Object.fromEntries(child(doc, "params")!.children.map((c) => [c.name, c.text ?? ""]));

  // First request: FreeSWITCH's channel data with the caller's number.
  const d1 = await post({ session_id: "4f1c", "Caller-Caller-ID-Number": CALLER, "Unique-ID": "4f1c" });
  const p1 = paramsOf(d1);
  assert.match(p1.conversation!, /^[0-9a-f-]{36}\./);
  assert.equal(p1.caller, CALLER);
  const play1 = child(child(d1, "work")!, "playback")!;
  assert.equal(play1.attrs.name, "digits");
  assert.deepEqual(play1.children.filter((c) => c.name === "bind").map((c) => c.text), ["0"]);
  const wav = await app.inject({ method: "GET", url: new URL(play1.attrs.file!).pathname + new URL(play1.attrs.file!).search });
  assertWav(wav.rawPayload);

  // Then the params come back with what the caller said (ASR) or pressed.
  const d2 = await post({ session_id: "4f1c", conversation: p1.conversation!, caller: CALLER, text: "hund anmelden" });
  assert.match(decodeURIComponent(child(child(d2, "work")!, "playback")!.attrs.file!), /In welcher Gemeinde wohnen Sie\?/);
  const d3 = await post({ session_id: "4f1c", conversation: p1.conversation!, caller: CALLER, text: "Mühlacker" });
  assert.match(decodeURIComponent(child(child(d3, "work")!, "playback")!.attrs.file!), /Sie können den Antrag online stellen/);
  const d4 = await post({ session_id: "4f1c", conversation: p1.conversation!, caller: CALLER, digits: "0" });
  assert.deepEqual(child(child(d4, "work")!, "playback")!.children.map((c) => c.text), ["1", "2"]);
  const d5 = await post({ session_id: "4f1c", conversation: p1.conversation!, caller: CALLER, digits: "1" });
  const work5 = child(d5, "work")!;
  assert.ok(child(work5, "hangup"), "the call ends after the confirmation");
  assert.match(decodeURIComponent(child(work5, "playback")!.attrs.file!), /Ihre Rückrufbitte ist eingegangen/);
  const exit = await post({ session_id: "4f1c", exiting: "true" });
  assert.equal(child(exit, "work")!.children.length, 0);

  assert.equal((await app.inject({ method: "POST", url: "/api/v1/assistant/phone/httapi", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "session_id=1" })).statusCode, 401);
});

test("phone interface off without ASSISTANT_PHONE_TOKEN; with ASSISTANT_TTS=none FreeSWITCH speaks with <speak>", async (t) => {
  const { app } = await buildTestApp(t);
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: {} })).statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: "/api/v1/assistant/phone/speech.wav?text=a&sig=" + "a".repeat(43) })).statusCode, 404);
  const { httapiDocument } = await import("../../src/modules/assistant/phoneRoutes.js");
  const xml = httapiDocument({ conversation: "c.s", kind: "ask_place", say: "In welcher Gemeinde? <&>", keys: [{ key: "0", label: "x" }], links: [], hangup: false }, { voice: "de" });
  const doc = parseXml(xml);
  const speak = child(child(doc, "work")!, "speak")!;
  assert.equal(speak.attrs.name, "digits");
  assert.match(speak.text ?? "", /In welcher Gemeinde\? <&>/);
});

test("live handoff on the phone: 3 puts the caller through to the office's extension while it is on duty (ASSISTANT_PHONE_TRANSFER), audited; off duty only the call back", async (t) => {
  const env = { ASSISTANT_PHONE_TOKEN: TOKEN, ASSISTANT_TTS: "none", ASSISTANT_PHONE_TRANSFER: "*=200 | gem-08236040=310" };
  const { app, db } = await buildTestApp(t, { ...env, ASSISTANT_LIVE_HOURS: "Mo-So,Ft 00:00-24:00" });
  const call = async (body: Record<string, string | undefined>): Promise<Turn & { transfer?: string }> => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Turn & { transfer?: string };
  };

  // Dog registration in Mühlacker names the town's office: its own extension.
  const conv = (await call({ caller: CALLER })).conversation;
  await call({ conversation: conv, caller: CALLER, text: "hund anmelden" });
  assert.match((await call({ conversation: conv, caller: CALLER, text: "Mühlacker" })).say, /Sie können den Antrag online stellen/);
  const offer = await call({ conversation: conv, caller: CALLER, digits: "0" });
  assert.equal(offer.kind, "handoff");
  assert.deepEqual(offer.keys.map((k) => k.key), ["3", "1", "2"]);
  assert.match(offer.say, /Ich kann Sie jetzt verbinden\. Drücken Sie 3 für eine Verbindung mit einer Mitarbeiterin oder einem Mitarbeiter, jetzt gleich\. Drücken Sie 1 für einen Rückruf/);
  const put = await call({ conversation: conv, caller: CALLER, digits: "3" });
  assert.equal(put.transfer, "310");
  assert.equal(put.hangup, false);
  assert.deepEqual(put.keys, []);
  assert.match(put.say, /ich verbinde Sie/);
  const audit = await db.selectFrom("audit_log").select(["object_type", "details"]).where("action", "=", "assistant.phone_transferred").execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.object_type, "assistant_conversation");
  const unit = await db.selectFrom("org_units").select("key").where("id", "=", (audit[0]!.details as { orgUnitId: string }).orgUnitId).executeTakeFirstOrThrow();
  assert.equal(unit.key, "gem-08236040");
  assert.equal((await db.selectFrom("assistant_handoffs").select("id").execute()).length, 0, "no call back request");

  // Asking for a person straight away goes to the county authority: "*"; a withheld number still gets "3".
  const anon = (await call({})).conversation;
  const human = await call({ conversation: anon, text: "Ich möchte mit jemandem sprechen" });
  assert.equal(human.kind, "handoff");
  assert.deepEqual(human.keys.map((k) => k.key), ["3"]);
  assert.equal((await call({ conversation: anon, digits: "3" })).transfer, "200");

  // FreeSWITCH gets the announcement and <dial> with the extension (mod_httapi's default "dial" permission).
  const { httapiDocument } = await import("../../src/modules/assistant/phoneRoutes.js");
  const work = child(parseXml(httapiDocument({ ...put, kind: "handoff", links: [] }, { voice: "de" })), "work")!;
  assert.deepEqual(work.children.map((c) => c.name), ["speak", "dial"]);
  assert.equal(child(work, "dial")!.text, "310");
});

test("live handoff on the phone off duty: no 3 offered, and a 3 pressed anyway says nobody is available and offers the call back", async (t) => {
  const { app } = await buildTestApp(t, { ASSISTANT_PHONE_TOKEN: TOKEN, ASSISTANT_TTS: "none", ASSISTANT_PHONE_TRANSFER: "*=200", ASSISTANT_LIVE_HOURS: "aus" });
  const call = async (body: Record<string, string | undefined>): Promise<Turn & { transfer?: string }> => {
    const res = await app.inject({ method: "POST", url: "/api/v1/assistant/phone/turns", headers: auth, payload: { caller: CALLER, ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Turn & { transfer?: string };
  };
  const conv = (await call({})).conversation;
  const offer = await call({ conversation: conv, digits: "0" });
  assert.deepEqual(offer.keys.map((k) => k.key), ["1", "2"]);
  assert.match(offer.say, /Wir rufen Sie zurück/);
  const pressed = await call({ conversation: conv, digits: "3" });
  assert.equal(pressed.transfer, undefined);
  assert.match(pressed.say, /^Gerade ist leider niemand erreichbar\. Drücken Sie 1 für einen Rückruf/);
  assert.deepEqual(pressed.keys.map((k) => k.key), ["1", "2"]);
  // The call back still works after that.
  const back = await call({ conversation: conv, digits: "1" });
  assert.ok(back.reference);
});
