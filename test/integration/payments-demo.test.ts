/**
 * Demo mode of payments (issue 24 item 17): open fines ship with the demo, and the sandbox's pay page
 * is served under the portal's own origin (/sandbox-zahlung/…), so a demo opened from another machine
 * can pay. The portal starts the sandbox itself here (PAYMENT_PROVIDER=sandbox without PAYMENT_URL).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp, Client } from "../helpers.js";
import { DEMO_OPEN_ITEMS, seedDemoOpenItems } from "../../src/modules/payments/index.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";

test("demo fines are there once; the sandbox pay page is served under the portal's origin and pays", async (t) => {
  const { app, db } = await buildTestApp(t, { PAYMENT_PROVIDER: "sandbox" });
  assert.equal(await seedDemoOpenItems(db), DEMO_OPEN_ITEMS.length);
  assert.equal(await seedDemoOpenItems(db), 0, "seeding again changes nothing");

  const c = new Client(app);
  const shown = await c.submit("/bussgeld-bezahlen", "/bussgeld-bezahlen", { kassenzeichen: "5.2026.000101", kennzeichen: "PF-EK 101" });
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /35,00 €/);
  const token = /name="_csrf" value="([^"]+)"/.exec(shown.body)![1]!;
  const started = await c.post("/bussgeld-bezahlen/zahlen", { _csrf: token, kassenzeichen: "5.2026.000101", kennzeichen: "PF-EK 101" });
  assert.equal(started.statusCode, 303);
  const handover = await c.get(started.headers.location as string);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(handover.body)![1]!.replace(/&amp;/g, "&");
  assert.ok(payUrl.startsWith("http://localhost:3000/sandbox-zahlung/zahlen/"), payUrl);

  const payPath = new URL(payUrl).pathname;
  const page = await app.inject({ method: "GET", url: payPath });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Sandbox – kein echtes Geld/);
  assert.match(page.body, /<form method="post">/, "the form posts back to the page's own address");
  assert.equal(page.headers["content-security-policy"], "default-src 'none'; style-src 'unsafe-inline'");
  const formToken = /name="token" value="([^"]+)"/.exec(page.body)![1]!;

  const paid = await app.inject({ method: "POST", url: payPath, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams({ token: formToken, aktion: "bezahlen" }).toString() });
  assert.equal(paid.statusCode, 303);
  const back = new URL(paid.headers.location as string);
  assert.equal(back.origin, "http://localhost:3000");
  // Back in the portal: it asks the sandbox for the status and shows the receipt.
  const ret = await c.get(back.pathname + back.search);
  assert.equal(ret.statusCode, 303);
  const receipt = await c.get(ret.headers.location as string);
  assert.match(receipt.body, /Zahlungsbestätigung/);
  const item = await db.selectFrom("payment_open_items").select("status").where("kassenzeichen", "=", "5.2026.000101").executeTakeFirstOrThrow();
  assert.equal(item.status, "paid");

  // Only the pay pages pass the proxy.
  assert.equal((await app.inject({ method: "GET", url: "/sandbox-zahlung/health" })).statusCode, 404);
});

test("the import page shows an example row", async (t) => {
  const { app } = await buildTestApp(t, { PAYMENT_PROVIDER: "sandbox" });
  const admin = new Client(app);
  await admin.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const res = await admin.get("/verwaltung/zahlungen/posten");
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Kassenzeichen;Kennzeichen;Betrag;Fällig;Beschreibung\n5\.1234\.000001;PF-AB 123;35,00;31\.01\.2027;Parken im Halteverbot/);
});
