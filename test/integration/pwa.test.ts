/**
 * The portal as an app (issue 21): manifest and icons, the service worker, Web Push end to end (a local
 * push endpoint receives the encrypted request; the test holds the browser's keys and decrypts the
 * aes128gcm payload itself), cleanup on 410, the waste calendar (import, page, iCal, eve reminder).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createECDH, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { buildTestApp, Client, deliverAllEvents, signedIn, type TestApp } from "../helpers.js";
import { systemContext } from "../../src/platform/commands.js";
import { submitDogRegistration } from "../support/dogRegistration.js";
import { caseTransitioner } from "../../src/modules/cases/commands/caseTransitioner.js";
import { staffMessageSender } from "../../src/modules/mailbox/commands/messageSender.js";
import { findSubmissionRef } from "../../src/modules/applications/index.js";
import { importWasteCalendar, queueWasteReminders, seedNewsDemo, seedWasteDemo, sendDuePushes } from "../../src/modules/pwa/index.js";
import { parseXml } from "../../src/platform/xml.js";

const b64url = (b: Buffer) => b.toString("base64url");
const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();

/** A browser's push keys: ECDH P-256 pair and the 16-byte auth secret (RFC 8291). */
function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, publicKey: ecdh.getPublicKey(), auth: randomBytes(16) };
}

/** Decrypts an aes128gcm Web Push body (RFC 8188 + RFC 8291) with the browser's keys. */
function decryptPush(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idLen = body[20]!;
  const serverPublic = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  const ecdhSecret = keys.ecdh.computeSecret(serverPublic);
  const prkKey = hmac(keys.auth, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), keys.publicKey, serverPublic, Buffer.from([1])]);
  const ikm = hmac(prkKey, keyInfo).subarray(0, 32);
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from("Content-Encoding: aes128gcm\0\x01")).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from("Content-Encoding: nonce\0\x01")).subarray(0, 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  assert.equal(plain[end - 1], 2, "last record delimiter");
  return plain.subarray(0, end - 1).toString("utf8");
}

/** A local push service: records requests, answers with `status.code`. */
async function pushService(t: { after(fn: () => unknown): void }) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }> = [];
  const status = { code: 201 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/push/abc`, received, status };
}

async function csrfOf(c: Client, url: string): Promise<string> {
  const page = await c.get(url);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF token on ${url} (${page.statusCode})`);
  return token;
}

test("issue 21: manifest (de/en), icons, service worker, offline page and the page shell that registers it", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const res = await c.get("/manifest.webmanifest");
  assert.equal(res.statusCode, 200);
  assert.match(res.headers["content-type"] as string, /application\/manifest\+json/);
  const m = res.json();
  assert.equal(m.name, "Kreisportal Enzkreis");
  assert.equal(m.lang, "de");
  assert.equal(m.display, "standalone");
  assert.equal(m.start_url, "/");
  assert.deepEqual(m.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`), ["192x192 any", "192x192 maskable", "512x512 any", "512x512 maskable"]);
  const en = await c.get("/manifest.webmanifest", { cookie: "kp_lang=en" });
  assert.equal(en.json().name, "County portal Enzkreis");
  assert.equal(en.json().lang, "en");

  for (const [file, size] of [["icon-192.png", 192], ["icon-maskable-512.png", 512]] as const) {
    const png = await c.get(`/pwa/${file}`);
    assert.equal(png.statusCode, 200);
    assert.equal(png.headers["content-type"], "image/png");
    assert.equal(png.rawPayload.subarray(1, 4).toString(), "PNG");
    assert.equal(png.rawPayload.readUInt32BE(16), size, `${file} width`);
  }
  assert.equal((await c.get("/pwa/icon-1.png")).statusCode, 404);

  const sw = await c.get("/sw.js");
  assert.equal(sw.statusCode, 200);
  assert.equal(sw.headers["service-worker-allowed"], "/");
  assert.match(sw.headers["content-type"] as string, /javascript/);
  assert.match(sw.body, /"\/offline"/, "offline page precached");
  assert.match(sw.body, /workbox/, "Workbox bundled");
  assert.doesNotMatch(sw.body, /^\s*import\s/m, "bundled: no module imports left");

  const offline = await c.get("/offline");
  assert.equal(offline.statusCode, 200);
  assert.match(offline.body, /<h1[^>]*>Keine Verbindung<\/h1>/);

  const home = await c.get("/");
  assert.match(home.body, /<link rel="manifest" href="\/manifest.webmanifest"\/>/);
  assert.match(home.body, /<script src="\/assets\/pwa.js" defer><\/script>/);
  assert.match(home.body, /<meta name="theme-color"/);
  // Text answers are compressed (KERN's 340 KB style sheet decides the first paint on a phone network).
  const css = await app.inject({ url: "/assets/kern/kern.min.css", headers: { "accept-encoding": "gzip, deflate, br" } });
  assert.equal(css.headers["content-encoding"], "br");
  const raw = await app.inject({ url: "/assets/kern/kern.min.css" });
  assert.equal(raw.headers["content-encoding"], undefined);
  assert.equal(brotliDecompressSync(css.rawPayload).toString(), raw.body);
  assert.ok(css.rawPayload.length < raw.rawPayload.length / 4);
  const gz = await app.inject({ url: "/", headers: { "accept-encoding": "gzip" } });
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.match(gunzipSync(gz.rawPayload).toString(), /<h1/);
  const js = await c.get("/assets/pwa.js");
  assert.equal(js.statusCode, 200);
  assert.match(js.body, /serviceWorker\.register\("\/sw\.js"/);
});

/** A dog registration by `userId`, and a staff member of the owning department. */
async function caseOf(ta: TestApp, userId: string) {
  const reference = await submitDogRegistration(ta.db, ta.config, userId);
  const kase = await ta.db.selectFrom("cases as c").innerJoin("application_submissions as s", "s.id", "c.submission_id").select(["c.id", "c.owner_unit_id"]).where("s.reference", "=", reference).executeTakeFirstOrThrow();
  const staff = await ta.db.insertInto("users").values({ kind: "staff", email: `sb-${Date.now()}@example.org`, display_name: "Sachbearbeitung", password_hash: "x", email_verified_at: new Date(), home_ags: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  const step = async (event: string, text?: string) => {
    const { version } = await ta.db.selectFrom("cases").select("version").where("id", "=", kase.id).executeTakeFirstOrThrow();
    const r = await caseTransitioner({ actor: { type: "staff", id: staff.id }, db: ta.db }, { caseId: kase.id, event, version, user: { id: staff.id, kind: "staff", isAdmin: false, orgUnitIds: [kase.owner_unit_id] }, text });
    assert.equal(r.kind, "ok", `${event}: ${JSON.stringify(r)}`);
    await deliverAllEvents(ta.app, ta.db);
  };
  return { step, reference, staff: { id: staff.id, kind: "staff" as const, email: "sb@example.org", displayName: "Sachbearbeitung", homeAgs: null, isAdmin: false, isEditor: false, orgUnitIds: [kase.owner_unit_id], roles: [], sessionHash: "" } };
}

test("issue 21: opt in per topic, a case status change arrives as an encrypted generic push; 410 removes the subscription", async (t) => {
  const ta = await buildTestApp(t);
  const { app, db, config } = ta;
  const citizen = await signedIn(app, db, { email: "push@example.org", kind: "citizen" });
  const userId = (await db.selectFrom("users").select("id").where("email", "=", "push@example.org").executeTakeFirstOrThrow()).id;
  const endpoint = await pushService(t);
  const keys = browserKeys();

  // Mein Konto links to the settings; the page works without JavaScript (topics form) and carries the VAPID key for pwa.js.
  assert.match((await citizen.get("/konto")).body, /href="\/konto\/benachrichtigungen"/);
  const page = await citizen.get("/konto/benachrichtigungen");
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Auf keinem Gerät eingeschaltet/);
  const vapidKey = /data-key="([A-Za-z0-9_-]+)"/.exec(page.body)?.[1];
  assert.ok(vapidKey && Buffer.from(vapidKey, "base64url").length === 65, "VAPID public key on the page");
  assert.equal((await app.inject({ method: "GET", url: "/konto/benachrichtigungen" })).statusCode, 303, "login required");

  // The browser's subscription (what pwa.js posts: PushSubscription.toJSON() with the CSRF token).
  const token = await csrfOf(citizen, "/konto/benachrichtigungen");
  const cookie = [...citizen.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const subscribe = (body: object) => app.inject({ method: "POST", url: "/konto/benachrichtigungen/geraet", headers: { cookie, "content-type": "application/json" }, payload: JSON.stringify(body) });
  assert.equal((await subscribe({ endpoint: endpoint.url, keys: { p256dh: b64url(keys.publicKey), auth: b64url(keys.auth) } })).statusCode, 403, "no CSRF token: refused");
  assert.equal((await subscribe({ _csrf: token, endpoint: "javascript:alert(1)", keys: { p256dh: b64url(keys.publicKey), auth: b64url(keys.auth) } })).statusCode, 422);
  assert.equal((await subscribe({ _csrf: token, endpoint: endpoint.url, keys: { p256dh: b64url(keys.publicKey), auth: b64url(keys.auth) } })).statusCode, 201);
  assert.match((await citizen.get("/konto/benachrichtigungen")).body, /auf 1 Gerät\(en\) eingeschaltet/);

  // Topics: an unknown one is an error (input kept); "Meine Anträge" and the waste reminder saved.
  const bad = await citizen.post("/konto/benachrichtigungen", [["_csrf", token], ["topics", "cases"], ["topics", "lottery"]]);
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  assert.match(bad.body, /value="cases" checked\/>/);
  const saved = await citizen.post("/konto/benachrichtigungen", [["_csrf", token], ["topics", "cases"], ["wasteStreet", ""]]);
  assert.equal(saved.statusCode, 303);
  assert.deepEqual((await db.selectFrom("pwa_push_preferences").select("topics").where("user_id", "=", userId).executeTakeFirstOrThrow()).topics, ["cases"]);

  // A status change of the person's case: queued through the event, sent by the job's function.
  const { step } = await caseOf(ta, userId);
  await step("start");
  const queued = await db.selectFrom("pwa_push_queue").select(["topic", "url", "sent_at"]).execute();
  assert.equal(queued.length, 1);
  assert.equal(queued[0]!.topic, "cases");
  assert.deepEqual(await sendDuePushes(db, config), { sent: 1, gone: 0, failed: 0 });
  assert.equal(endpoint.received.length, 1);
  const req = endpoint.received[0]!;
  assert.equal(req.headers["content-encoding"], "aes128gcm");
  assert.match(req.headers.authorization ?? "", /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=/);
  assert.equal(req.headers.ttl, "86400");
  const payload = JSON.parse(decryptPush(req.body, keys));
  assert.equal(payload.title, "Es gibt Neuigkeiten zu Ihrem Antrag");
  assert.equal(payload.url, "/antraege");
  assert.doesNotMatch(JSON.stringify(payload), /Bello|Hund|Mustermann/, "generic text: no details in the push");
  // Delivered twice (at least once): one push per change.
  await deliverAllEvents(app, db);
  assert.deepEqual(await sendDuePushes(db, config), { sent: 0, gone: 0, failed: 0 });

  // The VAPID keys were generated once and stored: a second call signs with the same key.
  assert.equal((await db.selectFrom("pwa_settings").select("key").execute()).length, 1);

  // The push service forgot the subscription (410): it is deleted.
  endpoint.status.code = 410;
  await step("ask_applicant", "Bitte senden Sie den Impfpass.");
  assert.deepEqual(await sendDuePushes(db, config), { sent: 0, gone: 1, failed: 0 });
  assert.equal((await db.selectFrom("pwa_push_subscriptions").select("id").execute()).length, 0);

  // Audit: subscription and preferences.
  const actions = (await db.selectFrom("audit_log").select("action").where("action", "like", "pwa.%").execute()).map((r) => r.action);
  assert.ok(actions.includes("pwa.push_subscribed") && actions.includes("pwa.push_preferences_saved"));
});

test("issue 21: a staff message in the Postfach arrives as a generic push (topic mailbox), once; a request for documents pushes once too", async (t) => {
  const ta = await buildTestApp(t);
  const { app, db } = ta;
  await signedIn(app, db, { email: "postfach-push@example.org", kind: "citizen" });
  const userId = (await db.selectFrom("users").select("id").where("email", "=", "postfach-push@example.org").executeTakeFirstOrThrow()).id;
  await db.insertInto("pwa_push_subscriptions").values({ user_id: userId, endpoint: "http://127.0.0.1:9/push", p256dh: b64url(browserKeys().publicKey), auth: b64url(randomBytes(16)) }).execute();
  await db.insertInto("pwa_push_preferences").values({ user_id: userId, topics: ["mailbox"] }).execute();
  const { step, reference, staff } = await caseOf(ta, userId);
  await step("start");
  assert.equal((await db.selectFrom("pwa_push_queue").select("id").execute()).length, 0, "a status change is not a mailbox push");

  const submission = (await findSubmissionRef(db, reference))!;
  const ctx = { ...systemContext(db), actor: { type: "staff" as const, id: staff.id } };
  await staffMessageSender(ctx, { submission, user: staff, kind: "message", subject: "Rückfrage", body: "Bitte rufen Sie uns an.", files: [] });
  await deliverAllEvents(app, db);
  await deliverAllEvents(app, db);
  assert.deepEqual(await db.selectFrom("pwa_push_queue").select(["topic", "url"]).execute(), [{ topic: "mailbox", url: "/antraege" }]);

  // A request for documents announces itself through the case change only: one more push, not two.
  await staffMessageSender(ctx, { submission, user: staff, kind: "document_request", subject: "Nachweis", body: "Bitte Impfpass hochladen.", files: [] });
  await deliverAllEvents(app, db);
  assert.equal((await db.selectFrom("pwa_push_queue").select("id").where("topic", "=", "mailbox").execute()).length, 2);
});

test("issue 21: waste calendar – demo data, page without JavaScript, iCal per street, ICS/CSV import, eve reminder", async (t) => {
  const { app, db } = await buildTestApp(t);
  const today = "2026-12-07";
  assert.equal(await seedWasteDemo(db, today), 3);
  assert.equal(await seedWasteDemo(db, today), 0, "idempotent");
  const c = new Client(app);
  const start = await c.get("/abfuhrkalender");
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /<option value="08236040">Mühlacker<\/option>/);
  assert.match(start.body, /<option value="08236070">Keltern<\/option>/);
  const bad = await c.get("/abfuhrkalender?gemeinde=99999999");
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /kp-error-summary/);
  const streets = await c.get("/abfuhrkalender?gemeinde=08236040");
  const streetId = /<option value="([0-9a-f-]{36})">Bahnhofstraße<\/option>/.exec(streets.body)?.[1];
  assert.ok(streetId, "streets of Mühlacker listed");
  const dates = await c.get(`/abfuhrkalender?gemeinde=08236040&strasse=${streetId}`);
  assert.equal(dates.statusCode, 200);
  assert.match(dates.body, /Demo-Daten \(erfundene Termine\)/);
  assert.match(dates.body, /Restmüll/);
  assert.match(dates.body, new RegExp(`href="http://localhost:3000/abfuhrkalender/${streetId}.ics"`));
  assert.match(dates.body, new RegExp(`href="webcal://localhost:3000/abfuhrkalender/${streetId}.ics"`));

  const ics = await c.get(`/abfuhrkalender/${streetId}.ics`);
  assert.equal(ics.statusCode, 200);
  assert.match(ics.headers["content-type"] as string, /text\/calendar/);
  assert.match(ics.body, /BEGIN:VCALENDAR/);
  assert.match(ics.body, /X-WR-CALNAME:Abfuhrkalender Bahnhofstraße\, Mühlacker|X-WR-CALNAME:Abfuhrkalender Bahnhofstraße\\, Mühlacker/);
  assert.match(ics.body, /DTSTART;VALUE=DATE:20261208/, "first Tuesday from the start day, all day");
  assert.match(ics.body, /SUMMARY:Restmüll \(Demo-Daten/);
  assert.equal((await c.get("/abfuhrkalender/00000000-0000-4000-8000-000000000000.ics")).statusCode, 404);

  // JSON API for a phone front end.
  const apiStreets = (await app.inject({ url: "/api/v1/waste/streets?ags=08236040" })).json();
  assert.ok(apiStreets.items.some((s: { id: string; street: string; demo: boolean }) => s.id === streetId && s.street === "Bahnhofstraße" && s.demo));
  const apiDates = (await app.inject({ url: `/api/v1/waste/streets/${streetId}/dates` })).json();
  assert.equal(apiDates.street, "Bahnhofstraße");
  assert.ok(apiDates.dates.length > 0 && apiDates.dates.every((d: { fraction: string }) => ["rest", "bio", "papier", "gelb"].includes(d.fraction)));
  assert.equal((await app.inject({ url: "/api/v1/waste/streets?ags=abc" })).statusCode, 400);

  // Import of the usual exports: an ICS of one street and a CSV of several.
  const icsText = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270105", "SUMMARY:Restmüll 14-täglich", "END:VEVENT", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270108", "SUMMARY:Gelber Sack", "END:VEVENT", "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270109", "SUMMARY:Weihnachtsbaum", "END:VEVENT", "BEGIN:VEVENT", "DTSTART:20270110", "SUMMARY:Sperrmüll auf Abruf", "END:VEVENT", "END:VCALENDAR"].join("\r\n");
  const r1 = await importWasteCalendar(systemContext(db), { ags: "08236070", format: "ics", text: icsText, street: "Ringstraße" });
  assert.deepEqual(r1, { streets: 1, dates: 3, problems: 1 });
  const csv = "Straße;Datum;Abfallart\nAm Berg;12.01.2027;Biotonne\nAm Berg;2027-01-19;Papiertonne\nTalweg;12.01.2027;Restmüll\nTalweg;31.02.2027;Restmüll\n";
  const r2 = await importWasteCalendar(systemContext(db), { ags: "08236070", format: "csv", text: csv });
  assert.deepEqual(r2, { streets: 2, dates: 3, problems: 1 });
  const kelternStreets = await c.get("/abfuhrkalender?gemeinde=08236070");
  assert.match(kelternStreets.body, />Ringstraße</);
  assert.match(kelternStreets.body, />Am Berg</);

  // Staff upload (multipart): only admins and the Redaktion; a CSV of two streets for Neuenbürg.
  const admin = await signedIn(app, db, { email: "abfall@enzkreis.example", kind: "staff", roles: ["admin"] });
  const adminToken = await csrfOf(admin, "/verwaltung/abfuhrkalender");
  const upload = (fields: Record<string, string>, file?: { name: string; content: string }) => {
    const boundary = "----kpwaste";
    const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    if (file) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`);
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return app.inject({ method: "POST", url: "/verwaltung/abfuhrkalender", headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` }, payload: Buffer.from(`${parts.join("")}--${boundary}--\r\n`) });
  };
  const noFile = await upload({ _csrf: adminToken, gemeinde: "08236043", strasse: "" });
  assert.equal(noFile.statusCode, 422);
  assert.match(noFile.body, /Bitte wählen Sie eine Datei/);
  const uploaded = await upload({ _csrf: adminToken, gemeinde: "08236043", strasse: "" }, { name: "neuenbuerg.csv", content: "Straße,Datum,Abfallart\nUferweg,14.01.2027,Restmüll\nBergstraße,15.01.2027,Gelber Sack\n" });
  assert.equal(uploaded.statusCode, 303);
  assert.match((await admin.get(uploaded.headers.location as string)).body, /Eingelesen: 2 Termine für 2 Straße/);
  const plainStaff = await signedIn(app, db, { email: "sb@enzkreis.example", kind: "staff" });
  assert.doesNotMatch((await plainStaff.get("/verwaltung/abfuhrkalender")).body, /<option value="08236043">/, "no role: no municipality to choose");

  // Eve reminder: a person who chose Bahnhofstraße and the topic gets a push the day before (once).
  const citizen = await signedIn(app, db, { email: "tonne@example.org", kind: "citizen" });
  const userId = (await db.selectFrom("users").select("id").where("email", "=", "tonne@example.org").executeTakeFirstOrThrow()).id;
  await db.insertInto("pwa_push_subscriptions").values({ user_id: userId, endpoint: "http://127.0.0.1:9/x", p256dh: b64url(browserKeys().publicKey), auth: b64url(randomBytes(16)) }).execute();
  const token = await csrfOf(citizen, "/konto/benachrichtigungen");
  assert.equal((await citizen.post("/konto/benachrichtigungen", [["_csrf", token], ["topics", "waste"], ["wasteStreet", streetId!]])).statusCode, 303);
  assert.equal(await queueWasteReminders(db, "2026-12-07"), 1, "collection on Tuesday 8 December");
  assert.equal(await queueWasteReminders(db, "2026-12-07"), 0, "once per day");
  assert.equal(await queueWasteReminders(db, "2026-12-08"), 0, "nothing on Wednesday");
  const q = await db.selectFrom("pwa_push_queue").select(["topic", "url"]).executeTakeFirstOrThrow();
  assert.equal(q.topic, "waste");
  assert.equal(q.url, `/abfuhrkalender?gemeinde=08236040&strasse=${streetId}`);
});

test("issue 21: municipal news – Redaktion per municipality, pages, RSS/Atom, start page of the person's municipality, search, withdraw", async (t) => {
  const { app, db } = await buildTestApp(t);
  assert.equal(await seedNewsDemo(db), 4);
  assert.equal(await seedNewsDemo(db), 0, "idempotent");
  const anon = new Client(app);

  const all = await anon.get("/nachrichten");
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /Weihnachtsmarkt auf dem Kelterplatz \(Demo\)/);
  assert.match(all.body, /Grünschnittplatz im Winter geschlossen/);
  const muehlacker = await anon.get("/nachrichten?gemeinde=08236040");
  assert.match(muehlacker.body, /<h1[^>]*>Nachrichten: Mühlacker<\/h1>/);
  assert.match(muehlacker.body, /Weihnachtsmarkt/);
  assert.match(muehlacker.body, /Zulassungsstelle/, "the county's items too");
  assert.doesNotMatch(muehlacker.body, /Grünschnittplatz/, "not Keltern's");

  // Feeds: well-formed RSS 2.0 and Atom with the items of the place.
  const rss = await anon.get("/nachrichten/feed.rss?gemeinde=08236040");
  assert.equal(rss.statusCode, 200);
  assert.match(rss.headers["content-type"] as string, /application\/rss\+xml/);
  const rssDoc = parseXml(rss.body);
  assert.equal(rssDoc.name, "rss");
  assert.match(rss.body, /<item><title>Weihnachtsmarkt auf dem Kelterplatz \(Demo\)<\/title><link>http:\/\/localhost:3000\/nachrichten\/[0-9a-f-]{36}<\/link>/);
  const atom = await anon.get("/nachrichten/feed.atom?gemeinde=kreis");
  assert.equal(parseXml(atom.body).name, "feed");
  assert.match(atom.body, /Zulassungsstelle/);
  assert.doesNotMatch(atom.body, /Weihnachtsmarkt/);
  assert.equal((await anon.get("/nachrichten/feed.rss?gemeinde=12345678")).statusCode, 404);

  const apiNews = (await app.inject({ url: "/api/v1/news?gemeinde=08236040" })).json();
  assert.deepEqual(apiNews.items.map((n: { title: string }) => n.title).sort(), ["Neue Öffnungszeiten der Zulassungsstelle (Demo)", "Weihnachtsmarkt auf dem Kelterplatz (Demo)"]);

  // Item page; the start page shows the news of the chosen municipality.
  const itemId = /href="\/nachrichten\/([0-9a-f-]{36})">Weihnachtsmarkt/.exec(muehlacker.body)![1]!;
  const item = await anon.get(`/nachrichten/${itemId}`);
  assert.match(item.body, /<h1[^>]*>Weihnachtsmarkt auf dem Kelterplatz \(Demo\)<\/h1>/);
  assert.match(item.body, /Demo-Meldung \(erfunden\)/);
  const home = await anon.get("/?ags=08236040");
  assert.match(home.body, /Aktuelles aus Mühlacker/);
  assert.match(home.body, /Weihnachtsmarkt/);
  const homeCounty = await new Client(app).get("/");
  assert.match(homeCounty.body, /Aktuelles aus dem Landkreis/);
  assert.doesNotMatch(homeCounty.body, /Weihnachtsmarkt/);

  // Redaktion: a staff member without the role cannot publish; the admin grants it for Mühlacker.
  const editor = await signedIn(app, db, { email: "presse@muehlacker.example", kind: "staff" });
  assert.match((await editor.get("/verwaltung/nachrichten")).body, /keiner Redaktion/);
  const editorToken = await csrfOf(editor, "/verwaltung/nachrichten");
  assert.equal((await editor.post("/verwaltung/nachrichten", { _csrf: editorToken, scope: "08236040", title: "X", body: "Y" })).statusCode, 403);
  assert.equal((await new Client(app).get("/verwaltung/nachrichten")).statusCode, 303, "login required");
  const admin = await signedIn(app, db, { email: "admin-news@enzkreis.example", kind: "staff", roles: ["admin"] });
  const adminToken = await csrfOf(admin, "/verwaltung/nachrichten");
  const unknown = await admin.post("/verwaltung/nachrichten/redaktion", { _csrf: adminToken, email: "niemand@example.org", editorScope: "08236040" });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Kein Beschäftigtenkonto/);
  assert.equal((await admin.post("/verwaltung/nachrichten/redaktion", { _csrf: adminToken, email: "presse@muehlacker.example", editorScope: "08236040" })).statusCode, 303);

  // Now the editor publishes for Mühlacker (not for Keltern); empty fields are errors with the input kept.
  const empty = await editor.post("/verwaltung/nachrichten", { _csrf: editorToken, scope: "08236040", title: "Stadtbücherei zieht um", body: "" });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /kp-error-summary/);
  assert.match(empty.body, /value="Stadtbücherei zieht um"/);
  const other = await editor.post("/verwaltung/nachrichten", { _csrf: editorToken, scope: "08236070", title: "Fremd", body: "Nicht meine Gemeinde" });
  assert.equal(other.statusCode, 422);
  const published = await editor.post("/verwaltung/nachrichten", { _csrf: editorToken, scope: "08236040", title: "Stadtbücherei zieht um", body: "Die Stadtbücherei ist ab März im Mühlehof." });
  assert.equal(published.statusCode, 303);
  assert.match((await anon.get("/nachrichten/feed.rss?gemeinde=08236040")).body, /Stadtbücherei zieht um/);

  // Search finds it (search documents rebuild after the catalogue version moved).
  const search = app.services.search!;
  await search.refreshIfChanged();
  const found = await app.inject({ url: "/api/v1/search?q=stadtb%C3%BCcherei%20m%C3%BChlehof" });
  const news = (await db.selectFrom("pwa_news").select("id").where("title", "=", "Stadtbücherei zieht um").executeTakeFirstOrThrow()).id;
  assert.ok(found.json().results.some((r: { url: string }) => r.url === `/nachrichten/${news}`), "news item found by the search");

  // The editor may not withdraw Keltern's item, but their own; it leaves the feed.
  const keltern = (await db.selectFrom("pwa_news").select("id").where("ags", "=", "08236070").executeTakeFirstOrThrow()).id;
  assert.equal((await editor.post(`/verwaltung/nachrichten/${keltern}/zurueckziehen`, { _csrf: editorToken })).statusCode, 403);
  assert.equal((await editor.post(`/verwaltung/nachrichten/${news}/zurueckziehen`, { _csrf: editorToken })).statusCode, 303);
  assert.doesNotMatch((await anon.get("/nachrichten/feed.rss?gemeinde=08236040")).body, /Stadtbücherei/);
  assert.equal((await anon.get(`/nachrichten/${news}`)).statusCode, 404);
  const actions = (await db.selectFrom("audit_log").select("action").where("action", "like", "pwa.news%").execute()).map((r) => r.action);
  for (const a of ["pwa.news_editor_granted", "pwa.news_published", "pwa.news_withdrawn"]) assert.ok(actions.includes(a), a);
});
