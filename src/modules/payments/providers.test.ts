import { test } from "node:test";
import assert from "node:assert/strict";
import { createPaymentProvider, paymentProviders } from "./providers.js";

test("the sandbox provider is refused in production; xbezahldienste needs URL and secret", () => {
  assert.deepEqual(paymentProviders.ids().sort(), ["sandbox", "xbezahldienste"]);
  const base = { url: "http://127.0.0.1:1", secret: "s".repeat(40), originatorId: "kp", endpointId: "default" };
  assert.throws(() => createPaymentProvider({ ...base, provider: "sandbox" }, "production"), /Produktion/);
  assert.equal(createPaymentProvider({ ...base, provider: "sandbox" }, "development").demo, true);
  assert.throws(() => createPaymentProvider({ ...base, provider: "xbezahldienste", url: undefined }, "production"), /PAYMENT_URL/);
  assert.throws(() => createPaymentProvider({ ...base, provider: "unknown" }, "development"), /unbekannt/);
  assert.equal(createPaymentProvider({ ...base, provider: "xbezahldienste" }, "production").id, "xbezahldienste");
});
