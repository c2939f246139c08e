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

async function login(app: FastifyInstance, email: string, password = DEMO_STAFF_PASSWORD) {
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password })).statusCode, 303, `login ${email}`);
  return c;
}
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const PAGE = "/verwaltung/akten/webhooks";

test("issue 14: a webhook receiver is disabled (nothing sent), re-enabled (waiting deliveries sent) and its secret rotated", { timeout: 300_000 }, async (t) => {
  const { app, db } = await buildTestApp(t);
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
  assert.deepEqual(await deliverRecordsWebhooks(db), { delivered: 0, failed: 0, dead: 0 });
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
  assert.deepEqual(await deliverRecordsWebhooks(db), { delivered: 1, failed: 0, dead: 0 });
  assert.equal(received.length, 1);
  const ts = String(received[0]!.headers["x-kreisportal-timestamp"]);
  assert.equal(received[0]!.headers["x-kreisportal-signature"], signWebhook(newSecret, ts, received[0]!.body));
  assert.notEqual(received[0]!.headers["x-kreisportal-signature"], signWebhook(oldSecret, ts, received[0]!.body));

  // Audited, without secrets.
  const audit = await db.selectFrom("audit_log").select(["action", "actor_id", "details"]).where("object_id", "=", hook.id).orderBy("seq").execute();
  assert.deepEqual(audit.map((a) => a.action), ["records.webhook_registered", "records.webhook_disabled", "records.webhook_secret_rotated", "records.webhook_enabled"]);
  assert.ok(!JSON.stringify(audit).includes("whsec_"));
  assert.equal((await verifyAuditChain(db)).ok, true);
});
