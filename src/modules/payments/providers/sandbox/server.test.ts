import { test } from "node:test";
import assert from "node:assert/strict";
import { startSandboxServer } from "./server.js";
import { xbezahldiensteProvider } from "../xbezahldienste/client.js";
import { PaymentProviderError } from "../types.js";
import type { PaymentRequest } from "../xbezahldienste/protocol.js";

const secret = "s".repeat(40);
const request = (over: Partial<PaymentRequest> = {}): PaymentRequest => ({
  requestId: "req-00000001",
  requestTimestamp: new Date().toISOString(),
  currency: "EUR",
  grosAmount: 12.5,
  purpose: "5.1234.1",
  description: "Test",
  redirectUrl: "http://portal.example/ok",
  cancelUrl: "http://portal.example/cancel",
  failureUrl: "http://portal.example/fail",
  notifyUrl: "http://portal.example/notify",
  items: [{ id: "1", reference: "5.1234.1", description: "Parken", quantity: 1, singleNetAmount: 12.5, taxRate: 0, bookingData: {} }],
  ...over,
});

test("sandbox over HTTP with the XBezahldienste client: auth, validation, idempotent requestId, pay page, final state, signed notification", async (t) => {
  const delivered: Array<{ body: string; headers: Record<string, string> }> = [];
  const sandbox = await startSandboxServer({ secret, deliver: async (_url, body, headers) => (delivered.push({ body, headers }), 200) });
  t.after(() => sandbox.close());
  const client = xbezahldiensteProvider({ url: sandbox.url, secret, originatorId: "kp", endpointId: "default" });
  const intruder = xbezahldiensteProvider({ url: sandbox.url, secret: "x".repeat(40), originatorId: "kp", endpointId: "default" });

  await assert.rejects(intruder.startPayment(request()), (e: unknown) => e instanceof PaymentProviderError && /401/.test((e as Error).message));
  await assert.rejects(client.startPayment(request({ grosAmount: 13 })), /400/);
  await assert.rejects(client.startPayment(request({ purpose: "x".repeat(28) })), /400/);
  await assert.rejects(client.startPayment(request({ notifyUrl: "javascript:alert(1)" })), /400/);

  const first = await client.startPayment(request());
  const again = await client.startPayment(request());
  assert.equal(first.status, "INITIAL");
  assert.equal(again.transactionId, first.transactionId, "same requestId → same transaction");
  assert.ok(first.transactionRedirectUrl?.startsWith(`${sandbox.url}/zahlen/`));

  const payUrl = first.transactionRedirectUrl!;
  const html = await (await fetch(payUrl)).text();
  assert.match(html, /<html lang="de">/);
  assert.match(html, /Bezahlen<\/button>.*Abbrechen<\/button>.*Fehlschlag simulieren<\/button>/s);
  const forged = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "token=nope&aktion=bezahlen" });
  assert.equal(forged.status, 403);
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const post = (aktion: string) => fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion }).toString() });
  const paid = await post("bezahlen");
  assert.equal(paid.status, 303);
  assert.equal(paid.headers.get("location"), "http://portal.example/ok");
  const cancelLater = await post("abbrechen");
  assert.equal(cancelLater.headers.get("location"), "http://portal.example/ok", "a final state does not change");
  assert.equal((await client.handleReturn(first.transactionId)).status, "PAYED");
  assert.equal((await client.handleReturn(first.transactionId)).transactionRedirectUrl, undefined, "no pay page after the end");

  assert.equal(delivered.length, 1);
  const v = client.handleWebhook(delivered[0]!.headers, delivered[0]!.body);
  assert.ok(v.ok && v.notification.status === "PAYED" && v.notification.grosAmount === 12.5);
  assert.deepEqual(intruder.handleWebhook(delivered[0]!.headers, delivered[0]!.body), { ok: false, reason: "signature" });
  assert.deepEqual((await client.checkConfig()).ok, true);
});
