/**
 * Records (issue 14, ADR 0062): webhook receivers are disabled and re-enabled by their department (or an
 * administrator) — nothing is sent to a disabled receiver, waiting deliveries go out after re-enabling — and
 * their signing secret is rotated: the new one is shown once and signs from then on, the old one does not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, deliverAllEvents } from "../helpers.js";
import { submitBuildingPermit } from "../support/scans.js";
import { DEMO_STAFF_PASSWORD } from "../../src/modules/cases/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { deliverRecordsWebhooks, signWebhook } from "../../src/modules/records/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { loadConfig } from "../../src/platform/config.js";

async function login(app: FastifyInstance, email: string, password = DEMO_STAFF_PASSWORD) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password })).statusCode, 303, `login ${email}`);
  return c;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const PAGE = "/verwaltung/akten/webhooks";

test("issue 14: a webhook receiver is disabled (nothing sent), re-enabled (waiting deliveries sent) and its secret rotated", { timeout: 300_000 }, async (t) => {
  // The receiver runs on this machine: the host is allowed explicitly (ADR 0077), not by a weaker default.
  const { app, db, config } = await buildTestApp(t, { RECORDS_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
  const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const bau = await login(app, "bauamt@kreisportal.example");
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  const created = await bau.post(PAGE, [["_csrf", csrfOf((await bau.get(PAGE)).body)], ["einheit", unit.id], ["url", url], ["ereignisse", "case.filed"]]);
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.headers["cache-control"], "no-store");
  const oldSecret = /<code>(whsec_[^<]+)<\/code>/.exec(created.body)![1]!;
  const hook = await db.selectFrom("records_webhooks").select("id").where("url", "=", url).executeTakeFirstOrThrow();
  assert.match((await bau.get(PAGE)).body, /Aktiv\./);

  // One event is queued while the receiver is active; then it is disabled.
  await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  assert.equal(Number((await db.selectFrom("records_webhook_deliveries").select((eb) => eb.fn.countAll<string>().as("n")).where("webhook_id", "=", hook.id).executeTakeFirstOrThrow()).n), 1);
  const off = await bau.submit(PAGE, `${PAGE}/${hook.id}/status`, { aktiv: "nein" });
  assert.equal(off.statusCode, 303);
  assert.equal(off.headers.location, `${PAGE}?ok=aus`);
  const offPage = await bau.get(`${PAGE}?ok=aus`);
  assert.match(offPage.body, /Der Empfänger ist deaktiviert/);
  assert.match(offPage.body, /Deaktiviert seit .*; 1 Nachrichten warten\./);
  assert.match(offPage.body, />Wieder aktivieren</);
  // Disabled: the waiting delivery is not sent, and a new event is not queued for it.
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 0, failed: 0, dead: 0 });
  await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  assert.equal(Number((await db.selectFrom("records_webhook_deliveries").select((eb) => eb.fn.countAll<string>().as("n")).where("webhook_id", "=", hook.id).executeTakeFirstOrThrow()).n), 1);
  assert.equal(received.length, 0);
  // Disabling twice changes nothing (one audit row).
  assert.equal((await bau.submit(PAGE, `${PAGE}/${hook.id}/status`, { aktiv: "nein" })).statusCode, 303);

  // Another department can neither switch nor rotate it (404), and does not see it.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await other.submit(PAGE, `${PAGE}/${hook.id}/status`, { aktiv: "ja" })).statusCode, 404);
  assert.equal((await other.submit(PAGE, `${PAGE}/${hook.id}/geheimnis`, {})).statusCode, 404);
  assert.ok(!(await other.get(PAGE)).body.includes(url));

  // Rotation while disabled: a new secret, shown once, not cached; the old one is gone.
  const rotated = await bau.submit(PAGE, `${PAGE}/${hook.id}/geheimnis`, {});
  assert.equal(rotated.statusCode, 200);
  assert.equal(rotated.headers["cache-control"], "no-store");
  assert.match(rotated.body, /Neues Geheimnis für http:\/\/127\.0\.0\.1/);
  const newSecret = /<code>(whsec_[^<]+)<\/code>/.exec(rotated.body)![1]!;
  assert.notEqual(newSecret, oldSecret);
  const after = await bau.get(PAGE);
  assert.ok(!after.body.includes(newSecret), "shown only once");
  assert.match(after.body, /Geheimnis zuletzt erneuert am/);

  // An administrator (no member of the department) sees the receiver and re-enables it; the waiting delivery
  // goes out signed with the new secret only.
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  assert.ok((await admin.get(PAGE)).body.includes(url));
  const on = await admin.submit(PAGE, `${PAGE}/${hook.id}/status`, { aktiv: "ja" });
  assert.equal(on.statusCode, 303);
  assert.match((await admin.get(`${PAGE}?ok=an`)).body, /wieder aktiv/);
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 1, failed: 0, dead: 0 });
  assert.equal(received.length, 1);
  const ts = String(received[0]!.headers["x-kreisportal-timestamp"]);
  assert.equal(received[0]!.headers["x-kreisportal-signature"], signWebhook(newSecret, ts, received[0]!.body));
  assert.notEqual(received[0]!.headers["x-kreisportal-signature"], signWebhook(oldSecret, ts, received[0]!.body));

  // By id (insertion order): seq is set only when the sealing job has run, and unsealed rows tie at NULL.
  // Audited, without secrets.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id", "details"]).where("object_id", "=", hook.id).orderBy("id").execute();
  assert.deepEqual(audit.map((a) => a.action), ["records.webhook_registered", "records.webhook_disabled", "records.webhook_secret_rotated", "records.webhook_enabled"]);
  assert.ok(!JSON.stringify(audit).includes("whsec_"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});

/** A local receiver that records what arrives. */
async function receiver(t: { after: (fn: () => Promise<void>) => void }) {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { received, port: (server.address() as AddressInfo).port };
}

test("issue 14 (SSRF, ADR 0077): with RECORDS_WEBHOOK_ALLOWED_HOSTS a receiver outside the list is refused next to the field, and a delivery to a host outside it is not sent", { timeout: 300_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t, { RECORDS_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,*.kreis-enz.example" });
  const { received, port } = await receiver(t);
  const bau = await login(app, "bauamt@kreisportal.example");
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  const create = async (url: string) => bau.post(PAGE, [["_csrf", csrfOf((await bau.get(PAGE)).body)], ["einheit", unit.id], ["url", url], ["ereignisse", "case.filed"]]);

  for (const url of ["http://169.254.169.254/latest/meta-data/", `http://localhost:${port}/hook`, "https://kreis-enz.example.evil.example/hook"]) {
    const refused = await create(url);
    assert.equal(refused.statusCode, 422, url);
    assert.match(refused.body, /dürfen keine Nachrichten gesendet werden\. Erlaubt sind nur: 127\.0\.0\.1, \*\.kreis-enz\.example/);
    // The message is next to the field, and what was typed stays in it.
    assert.match(refused.body, /id="url-error"/);
    assert.ok(refused.body.includes(`value="${url}"`), "input kept");
  }
  assert.equal((await db.selectFrom("records_webhooks").select("id").execute()).length, 0);
  assert.equal((await create("https://fachverfahren.kreis-enz.example/hook")).statusCode, 201);
  assert.equal((await create(`http://127.0.0.1:${port}/hook`)).statusCode, 201);

  // A receiver saved before the list existed (here: written directly) is checked again at delivery: nothing sent.
  const old = await db.insertInto("records_webhooks").values({ unit_id: unit.id, url: `http://localhost:${port}/old`, secret: "whsec_x", events: ["case.filed"], created_by: null, disabled_at: null }).returning("id").executeTakeFirstOrThrow();
  await db.deleteFrom("records_webhooks").where("url", "=", "https://fachverfahren.kreis-enz.example/hook").execute();
  await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 1, failed: 1, dead: 0 });
  assert.equal(received.length, 1, "only the allowed receiver got the event");
  const refusedDelivery = await db.selectFrom("records_webhook_deliveries").select(["last_error", "delivered_at"]).where("webhook_id", "=", old.id).executeTakeFirstOrThrow();
  assert.equal(refusedDelivery.delivered_at, null);
  assert.equal(refusedDelivery.last_error, "Host nicht in RECORDS_WEBHOOK_ALLOWED_HOSTS");
});

test("issue 14 (SSRF, ADR 0077): in production without a list, a name that resolves to an internal address at delivery (DNS rebinding) is not sent to", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { received, port } = await receiver(t);
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  // Saved while the name pointed to a public address; the delivery resolves it again and finds loopback.
  await db.insertInto("records_webhooks").values({ unit_id: unit.id, url: `http://rebind.example:${port}/hook`, secret: "whsec_x", events: ["case.filed"], created_by: null, disabled_at: null }).execute();
  await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  const production = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), PUBLIC_URL: "https://portal.example" });
  const asked: string[] = [];
  assert.deepEqual(await deliverRecordsWebhooks(db, production, { resolve: async (host) => (asked.push(host), ["127.0.0.1"]) }), { delivered: 0, failed: 1, dead: 0 });
  assert.deepEqual(asked, ["rebind.example"]);
  assert.equal(received.length, 0);
  assert.equal((await db.selectFrom("records_webhook_deliveries").select("last_error").executeTakeFirstOrThrow()).last_error, "Adresse im internen Netz (nicht erlaubt)");
  // An address literal is refused without asking DNS.
  await db.updateTable("records_webhooks").set({ url: `http://127.0.0.1:${port}/hook` }).execute();
  await db.updateTable("records_webhook_deliveries").set({ next_attempt_at: new Date() }).execute();
  assert.deepEqual(await deliverRecordsWebhooks(db, production, { resolve: async () => assert.fail("no lookup for an address") }), { delivered: 0, failed: 1, dead: 0 });
  assert.equal(received.length, 0);
});

test("issue 14: a webhook receiver is deleted after a confirmation page by its department or an administrator; its deliveries are dropped; audited; another department gets 404", { timeout: 300_000 }, async (t) => {
  const { app, db, config } = await buildTestApp(t, { RECORDS_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
  const { received, port } = await receiver(t);
  const bau = await login(app, "bauamt@kreisportal.example");
  const unit = await db.selectFrom("org_units").select("id").where("key", "=", "lra-08236-baurecht").executeTakeFirstOrThrow();
  const mk = async (path: string) => {
    assert.equal((await bau.post(PAGE, [["_csrf", csrfOf((await bau.get(PAGE)).body)], ["einheit", unit.id], ["url", `http://127.0.0.1:${port}${path}`], ["ereignisse", "case.filed"]])).statusCode, 201);
    return (await db.selectFrom("records_webhooks").select("id").where("url", "=", `http://127.0.0.1:${port}${path}`).executeTakeFirstOrThrow()).id;
  };
  const hook = await mk("/a");
  const second = await mk("/b");
  await submitBuildingPermit(db);
  await deliverAllEvents(app, db);
  assert.equal((await db.selectFrom("records_webhook_deliveries").select("id").where("webhook_id", "=", hook).execute()).length, 1);

  // Another department: neither the confirmation page nor the deletion (404); the receiver stays.
  const other = await login(app, "fuehrerschein@kreisportal.example");
  assert.equal((await other.get(`${PAGE}/${hook}/loeschen`)).statusCode, 404);
  assert.equal((await other.submit(PAGE, `${PAGE}/${hook}/loeschen`, {})).statusCode, 404);
  assert.ok(await db.selectFrom("records_webhooks").select("id").where("id", "=", hook).executeTakeFirst());

  // The department: the list links to a confirmation page naming the address and what is dropped.
  assert.ok((await bau.get(PAGE)).body.includes(`href="${PAGE}/${hook}/loeschen"`));
  const confirm = await bau.get(`${PAGE}/${hook}/loeschen`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Soll der Empfänger http:\/\/127\.0\.0\.1:\d+\/a/);
  assert.match(confirm.body, /Mit ihm werden 1 wartende und 0 nicht zustellbare Nachrichten verworfen/);
  const deleted = await bau.submit(`${PAGE}/${hook}/loeschen`, `${PAGE}/${hook}/loeschen`, {});
  assert.equal(deleted.statusCode, 303);
  assert.equal(deleted.headers.location, `${PAGE}?ok=geloescht`);
  assert.match((await bau.get(`${PAGE}?ok=geloescht`)).body, /Der Empfänger ist gelöscht/);
  assert.equal(await db.selectFrom("records_webhooks").select("id").where("id", "=", hook).executeTakeFirst(), undefined);
  assert.equal((await db.selectFrom("records_webhook_deliveries").select("id").where("webhook_id", "=", hook).execute()).length, 0);
  // The queued event goes to the remaining receiver only; a second deletion is a 404.
  assert.deepEqual(await deliverRecordsWebhooks(db, config), { delivered: 1, failed: 0, dead: 0 });
  assert.equal(received.length, 1);
  assert.equal((await bau.submit(PAGE, `${PAGE}/${hook}/loeschen`, {})).statusCode, 404);

  // An administrator (not a member of the department) deletes the other one.
  const admin = await login(app, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  assert.equal((await admin.submit(`${PAGE}/${second}/loeschen`, `${PAGE}/${second}/loeschen`, {})).statusCode, 303);
  assert.equal((await db.selectFrom("records_webhooks").select("id").execute()).length, 0);

  const audit = await db.selectFrom("audit_log").select(["action", "details"]).where("action", "=", "records.webhook_deleted").orderBy("id").execute();
  assert.equal(audit.length, 2);
  assert.deepEqual({ ...(audit[0]!.details as Record<string, unknown>), url: undefined }, { unitId: unit.id, url: undefined, events: ["case.filed"], droppedQueued: 1, droppedDead: 0 });
  assert.ok(!JSON.stringify(audit).includes("whsec_"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});
