/**
 * Payments over HTTP with the sandbox payment service (issue 4, items 6–7): the portal talks to the
 * sandbox by URL, the test clicks on the sandbox's pay page, the sandbox's signed notification reaches
 * the portal (through app.inject), the citizen returns. Fines by Kassenzeichen, never paid twice.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { startSandboxServer, type SandboxServer } from "../../src/modules/payments/providers/sandbox/server.js";
import { signedHeaders } from "../../src/modules/payments/signature.js";
import { pdfText } from "../support/pdfText.js";

const SECRET = "payment-secret-".padEnd(48, "p");
const TOKEN = "open-items-api-token-".padEnd(48, "t");

async function setup(t: TestContext) {
  let app: FastifyInstance | undefined;
  const sandbox = await startSandboxServer({
    secret: SECRET,
    deliver: async (url, body, headers) => {
      const res = await app!.inject({ method: "POST", url: new URL(url).pathname, headers: { ...headers, "content-type": "application/json" }, payload: body });
      return res.statusCode;
    },
  });
  t.after(() => sandbox.close());
  const ta = await buildTestApp(t, { PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET, PAYMENT_API_TOKEN: TOKEN });
  app = ta.app;
  return { ...ta, sandbox };
}

const putItem = (app: FastifyInstance, kz: string, body: Record<string, unknown>, token = TOKEN) =>
  app.inject({ method: "PUT", url: `/api/v1/payments/open-items/${encodeURIComponent(kz)}`, headers: { authorization: `Bearer ${token}` }, payload: body });

/** On the sandbox's pay page (real HTTP), clicks a button; returns the portal path the payer is sent back to. */
async function clickOnPayPage(payUrl: string, action: "bezahlen" | "abbrechen" | "fehlschlag"): Promise<string> {
  const page = await fetch(payUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Sandbox – kein echtes Geld/);
  const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, aktion: action }).toString() });
  assert.equal(res.status, 303);
  return new URL(res.headers.get("location")!).pathname + new URL(res.headers.get("location")!).search;
}

/** The portal's handover page names the sandbox's pay page. */
async function payPageOf(c: Client, res: { statusCode: number; headers: Record<string, unknown> }): Promise<string> {
  assert.equal(res.statusCode, 303);
  const page = await c.get(res.headers.location as string);
  assert.match(page.body, /Weiter zum Bezahldienst/);
  return /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
}

async function startFine(c: Client, kz: string, plate = "") {
  const shown = await c.submit("/bussgeld-bezahlen", "/bussgeld-bezahlen", { kassenzeichen: kz, kennzeichen: plate });
  const token = /name="_csrf" value="([^"]+)"/.exec(shown.body)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec((await c.get("/bussgeld-bezahlen")).body)![1]!;
  return { shown, res: await c.post("/bussgeld-bezahlen/zahlen", { _csrf: token, kassenzeichen: kz, kennzeichen: plate }) };
}

test("paying a fine: lookup with plate, sandbox pay page, signed notification, receipt (HTML, PDF); a second payment is refused", async (t) => {
  const { app, db, sandbox, databaseUrl } = await setup(t);
  assert.equal((await putItem(app, "5.1234.000001", { plate: "PF-AB 123", amountCents: 3500, dueDate: "2026-12-31", description: "Parken im Halteverbot" })).statusCode, 201);

  const c = new Client(app);
  const wrongPlate = await c.submit("/bussgeld-bezahlen", "/bussgeld-bezahlen", { kassenzeichen: "5.1234.000001", kennzeichen: "PF-XY 9" });
  assert.equal(wrongPlate.statusCode, 404);
  assert.match(wrongPlate.body, /keinen offenen Betrag gefunden/);
  assert.match(wrongPlate.body, /value="PF-XY 9"/, "what was typed is kept");

  const { shown, res } = await startFine(c, "5.1234.000001", "pf ab-123");
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /35,00 €/);
  assert.equal(res.statusCode, 303);
  const payUrl = await payPageOf(c, res);
  assert.ok(payUrl.startsWith(`${sandbox.url}/zahlen/`));

  const back = await clickOnPayPage(payUrl, "bezahlen");
  assert.equal(sandbox.notifications.length, 1);
  assert.equal(sandbox.notifications[0]!.status, 200, "the portal accepted the signed notification");
  const tx = await db.selectFrom("payment_transactions").selectAll().where("subject_id", "=", "5.1234.000001").executeTakeFirstOrThrow();
  assert.equal(tx.status, "PAYED");
  assert.equal((await db.selectFrom("payment_open_items").select("status").where("kassenzeichen", "=", "5.1234.000001").executeTakeFirstOrThrow()).status, "paid");
  assert.deepEqual(tx.items[0]!.bookingData, { kassenzeichen: "5.1234.000001", haushaltsstelle: "1.1220.1100" });

  const ret = await c.get(back);
  assert.equal(ret.statusCode, 303);
  const receipt = await c.get(ret.headers.location as string);
  assert.equal(receipt.statusCode, 200);
  assert.match(receipt.body, /Zahlungsbestätigung/);
  assert.match(receipt.body, /35,00 €/);
  const pdfHref = /href="(\/bussgeld-bezahlen\/quittung\/[^"]+\/pdf\?code=[^"]+)"/.exec(receipt.body)![1]!.replace(/&amp;/g, "&");
  const pdf = await c.get(pdfHref);
  assert.equal(pdf.headers["content-type"], "application/pdf");
  assert.ok(pdf.rawPayload.subarray(0, 5).toString() === "%PDF-");
  const pdfLines = pdfText(pdf.rawPayload);
  assert.match(pdfLines, /Zahlungsbestätigung/);
  assert.match(pdfLines, /Betrag\s+35,00 €/);
  assert.match(pdfLines, /Kassenzeichen\s+5\.1234\.000001/);
  assert.match(pdfLines, /Bezahlt am\s+\d\d\.\d\d\.\d{4} um \d\d:\d\d Uhr/);
  assert.match(pdfLines, /Seite 1 von 1/, "the platform's page footer");
  assert.equal((await c.get(`/bussgeld-bezahlen/quittung/${tx.id}?code=wrong`)).statusCode, 404);
  // Issue 12/2: the receipt links survive a SESSION_SECRET rotation (a node started with another secret).
  const rotated = await buildTestApp(t, { DATABASE_URL: databaseUrl, SESSION_SECRET: "rotated-session-secret-".padEnd(48, "r") });
  assert.equal((await new Client(rotated.app).get(ret.headers.location as string)).statusCode, 200);
  assert.equal((await new Client(rotated.app).get(pdfHref)).statusCode, 200);

  // Paying again: told it is paid, no new transaction.
  const again = await startFine(new Client(app), "5.1234.000001", "PF-AB 123");
  assert.match(again.shown.body, /bereits bezahlt/);
  assert.match(again.res.body, /bereits bezahlt/);
  assert.equal((await db.selectFrom("payment_transactions").select("id").where("subject_id", "=", "5.1234.000001").execute()).length, 1);
  // The specialist software sees the payment and cannot change the paid item.
  const status = await app.inject({ method: "GET", url: "/api/v1/payments/open-items/5.1234.000001", headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(status.json().status, "paid");
  assert.ok(status.json().paidAt);
  assert.equal((await putItem(app, "5.1234.000001", { amountCents: 1000, dueDate: "2026-12-31", description: "x" })).statusCode, 409);
});

test("notifications: replayed → nothing changes (audit-logged); forged, stale, unknown → rejected (audit-logged)", async (t) => {
  const { app, db, sandbox } = await setup(t);
  await putItem(app, "5.1234.000002", { amountCents: 2000, dueDate: "2026-12-31", description: "Verwarnungsgeld" });
  const c2 = new Client(app);
  const { res } = await startFine(c2, "5.1234.000002");
  await clickOnPayPage(await payPageOf(c2, res), "bezahlen");
  const sent = sandbox.notifications[0]!;
  const post = (headers: Record<string, string>, body: string) => app.inject({ method: "POST", url: "/api/v1/payments/notifications", headers: { ...headers, "content-type": "application/json" }, payload: body });
  const audit = async (action: string) => (await db.selectFrom("audit_log").select("details").where("action", "=", action).execute()).map((r) => r.details as Record<string, unknown>);

  const replay = await post(sent.headers, sent.body);
  assert.equal(replay.statusCode, 200);
  assert.equal(replay.json().result, "duplicate");
  assert.equal((await audit("payment.notification.replayed")).length, 1);

  const forgedBody = sent.body.replace('"PAYED"', '"CANCELED"');
  const forged = await post(sent.headers, forgedBody);
  assert.equal(forged.statusCode, 401);
  const wrongKey = JSON.stringify({ ...JSON.parse(sent.body), notificationId: "forged-0001", status: "CANCELED" });
  assert.equal((await post(signedHeaders("x".repeat(48), wrongKey), wrongKey)).statusCode, 401);
  const stale = await post(signedHeaders(SECRET, wrongKey, Date.now() - 3600_000), wrongKey);
  assert.equal(stale.statusCode, 401);
  assert.equal((await post({}, wrongKey)).statusCode, 401);
  const unknown = JSON.stringify({ ...JSON.parse(sent.body), notificationId: "unknown-0001", transactionId: "sbx-nope" });
  assert.equal((await post(signedHeaders(SECRET, unknown), unknown)).statusCode, 404);
  const reasons = (await audit("payment.notification.rejected")).map((d) => d.reason).sort();
  assert.deepEqual(reasons, ["missing", "signature", "signature", "stale", "unknown_transaction"]);

  // A genuine but contradicting notification (CANCELED after PAYED) does not undo the payment.
  const late = JSON.stringify({ ...JSON.parse(sent.body), notificationId: "late-cancel-0001", status: "CANCELED" });
  const lateRes = await post(signedHeaders(SECRET, late), late);
  assert.equal(lateRes.json().result, "discrepancy");
  const tx = await db.selectFrom("payment_transactions").select(["status", "provider_status"]).where("subject_id", "=", "5.1234.000002").executeTakeFirstOrThrow();
  assert.equal(tx.status, "PAYED");
  // A wrong amount is refused.
  const cheap = JSON.stringify({ ...JSON.parse(sent.body), notificationId: "cheap-0001", grosAmount: 0.01 });
  assert.equal((await post(signedHeaders(SECRET, cheap), cheap)).statusCode, 400);
});

test("cancel and failure: nothing booked, the citizen may try again; stale INITIAL is settled by reconciliation", async (t) => {
  const { app, db, sandbox } = await setup(t);
  await putItem(app, "5.1234.000003", { amountCents: 5500, dueDate: "2026-12-31", description: "Rotlicht" });
  const c = new Client(app);
  const first = await startFine(c, "5.1234.000003");
  const firstPay = await payPageOf(c, first.res);
  const back = await clickOnPayPage(firstPay, "abbrechen");
  const page = await c.get(back);
  assert.match(page.body, /Zahlung abgebrochen/);
  const second = await startFine(c, "5.1234.000003");
  const secondPay = await payPageOf(c, second.res);
  assert.notEqual(secondPay, firstPay, "a new transaction after a cancelled one");
  const failed = await c.get(await clickOnPayPage(secondPay, "fehlschlag"));
  assert.match(failed.body, /Zahlung fehlgeschlagen/);
  const rows = await db.selectFrom("payment_transactions").select("status").where("subject_id", "=", "5.1234.000003").orderBy("created_at").execute();
  assert.deepEqual(rows.map((r) => r.status), ["CANCELED", "FAILED"]);
  assert.equal((await db.selectFrom("payment_open_items").select("status").where("kassenzeichen", "=", "5.1234.000003").executeTakeFirstOrThrow()).status, "open");

  // Paid at the provider, but the notification got lost: the reconciliation check books it.
  const third = await startFine(c, "5.1234.000003");
  const payUrl = await payPageOf(c, third.res);
  const id = payUrl.split("/").pop()!;
  sandbox.transactions.get(id)!.info.status = "PAYED";
  await db.updateTable("payment_transactions").set({ created_at: new Date(Date.now() - 3 * 3600_000) }).where("provider_transaction_id", "=", id).execute();
  const admin = new Client(app);
  await admin.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const problems = await admin.get("/verwaltung/zahlungen?probleme=1");
  assert.match(problems.body, /seit über 2 Std. offen/);
  assert.match(problems.body, /Bezahldienst „sandbox“: Bezahldienst erreichbar/);
  const checked = await admin.submit("/verwaltung/zahlungen", "/verwaltung/zahlungen/pruefen", {});
  assert.match(checked.body, /1 offene Zahlungen geprüft, 1 aktualisiert/);
  assert.equal((await db.selectFrom("payment_open_items").select("status").where("kassenzeichen", "=", "5.1234.000003").executeTakeFirstOrThrow()).status, "paid");
});

test("a fine can never be paid twice: concurrent attempts share one transaction; the database refuses a second", async (t) => {
  const { app, db } = await setup(t);
  await putItem(app, "5.1234.000004", { amountCents: 1500, dueDate: "2026-12-31", description: "Parken" });
  // Four at once: the lookup's rate limit (10 a minute per address) stops more from one address.
  const clients = Array.from({ length: 4 }, () => new Client(app));
  const results = await Promise.all(clients.map((c) => startFine(c, "5.1234.000004")));
  const targets = new Set(results.map((r) => r.res.headers.location));
  assert.deepEqual(results.map((r) => r.res.statusCode), [303, 303, 303, 303], results.map((r) => r.res.body.slice(0, 300)).join("\n"));
  assert.equal(targets.size, 1, "every attempt is sent to the same payment");
  const live = await db.selectFrom("payment_transactions").selectAll().where("subject_id", "=", "5.1234.000004").where("status", "in", ["INITIAL", "PAYED"]).execute();
  assert.equal(live.length, 1);
  await assert.rejects(
    db.insertInto("payment_transactions").values({ request_id: "manual-second", provider: "sandbox", subject_type: "fine", subject_id: "5.1234.000004", amount_cents: 1500, purpose: "x", reference: "x", items: "[]", return_path: "/" }).execute(),
    /payment_transactions_one_live/,
  );
  await clickOnPayPage(await payPageOf(clients[0]!, results[0]!.res), "bezahlen");
  await assert.rejects(
    db.updateTable("payment_open_items").set({ status: "paid", paid_transaction_id: null }).where("kassenzeichen", "=", "5.1234.000004").execute(),
    /check/i,
  );
});

test("open items: API needs the token, validates, batch is all or nothing; CSV upload with bad lines shows each line", async (t) => {
  const { app, db } = await setup(t);
  assert.equal((await putItem(app, "5.1234.000005", { amountCents: 100, dueDate: "2026-12-31", description: "x" }, "wrong".padEnd(48, "x"))).statusCode, 401);
  assert.equal((await app.inject({ method: "PUT", url: "/api/v1/payments/open-items/5.1234.000005", payload: { amountCents: 100, dueDate: "2026-12-31", description: "x" } })).statusCode, 401);
  assert.equal((await putItem(app, "5.1234.000005", { amountCents: 0, dueDate: "2026-12-31", description: "x" })).statusCode, 400, "schema: at least 1 cent");
  const badPlate = await putItem(app, "5.1234.000005", { plate: "<b>", amountCents: 100, dueDate: "2026-12-31", description: "x" });
  assert.equal(badPlate.statusCode, 422);
  assert.match(badPlate.json().errors[0].message, /Kennzeichen/);
  assert.equal((await putItem(app, "5.1234.000005", { amountCents: 100, dueDate: "2026-12-31", description: "x" })).statusCode, 201);
  assert.equal((await putItem(app, "5.1234.000005", { amountCents: 200, dueDate: "2026-12-31", description: "x" })).statusCode, 200);

  const batch = (items: unknown[]) => app.inject({ method: "POST", url: "/api/v1/payments/open-items", headers: { authorization: `Bearer ${TOKEN}` }, payload: { items } });
  const bad = await batch([{ kassenzeichen: "5.1234.000006", amountCents: 100, dueDate: "2026-12-31", description: "a" }, { kassenzeichen: "5.1234.000007", plate: "<b>", amountCents: 100, dueDate: "2026-12-31", description: "b" }]);
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(bad.json().errors.map((e: { path: string }) => e.path), ["/items/1"], "the problem points at the refused item");
  assert.match(bad.json().errors[0].message, /^5\.1234\.000007: /);
  assert.equal(await db.selectFrom("payment_open_items").select("kassenzeichen").where("kassenzeichen", "=", "5.1234.000006").executeTakeFirst(), undefined, "nothing of a refused batch is kept");
  const good = await batch([{ kassenzeichen: "5.1234.000006", amountCents: 100, dueDate: "2026-12-31", description: "a" }, { kassenzeichen: "5.1234.000005", amountCents: 200, dueDate: "2026-12-31", description: "x" }]);
  assert.deepEqual(good.json(), { created: 1, updated: 0, unchanged: 1 });

  // Back office: citizens and staff outside the Kasse/Bußgeldstelle get 403.
  const anon = new Client(app);
  assert.equal((await anon.get("/verwaltung/zahlungen/posten")).statusCode, 303);
  const admin = new Client(app);
  await admin.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const csv = ["Kassenzeichen;Kennzeichen;Betrag;Fällig;Beschreibung", "5.1234.100001;PF-A 1;25,00;31.12.2026;Parken", "k!;;25,00;31.12.2026;x", "5.1234.100002;;zwölf;31.12.2026;Parken"].join("\n");
  const refused = await admin.submit("/verwaltung/zahlungen/posten", "/verwaltung/zahlungen/posten", { csv });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Zeile 3: Kassenzeichen „k!“ ist ungültig/);
  assert.match(refused.body, /Zeile 4: Betrag „zwölf“ ist kein Betrag/);
  assert.match(refused.body, /2 Fehler/);
  assert.equal(await db.selectFrom("payment_open_items").select("kassenzeichen").where("kassenzeichen", "=", "5.1234.100001").executeTakeFirst(), undefined);
  const ok = await admin.submit("/verwaltung/zahlungen/posten", "/verwaltung/zahlungen/posten", { csv: csv.split("\n").slice(0, 2).join("\n") });
  assert.equal(ok.statusCode, 200);
  assert.match(ok.body, /1 neu/);
  const item = await db.selectFrom("payment_open_items").selectAll().where("kassenzeichen", "=", "5.1234.100001").executeTakeFirstOrThrow();
  assert.equal(item.plate, "PFA1");
  assert.equal(item.source, "csv");
  assert.ok((await db.selectFrom("audit_log").select("id").where("action", "=", "payment.open_items.imported").execute()).length >= 2);

  const list = await admin.get("/verwaltung/zahlungen?von=01.01.2020");
  assert.equal(list.statusCode, 200);
  const badDate = await admin.get("/verwaltung/zahlungen?von=gestern");
  assert.equal(badDate.statusCode, 422);
  assert.match(badDate.body, /TT\.MM\.JJJJ/);
  const exported = await admin.get("/verwaltung/zahlungen/export.csv");
  assert.match(exported.body, /^\uFEFFDatum;Referenz;Art;Betrag;Status/);
});

test("the Kassenzeichen lookup is rate-limited (brute force)", async (t) => {
  const { app } = await setup(t);
  const c = new Client(app);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await c.submit("/bussgeld-bezahlen", "/bussgeld-bezahlen", { kassenzeichen: `5.9999.${String(i).padStart(6, "0")}`, kennzeichen: "" })).statusCode);
  assert.deepEqual(statuses.slice(0, 10), Array(10).fill(404));
  assert.equal(statuses[10], 429);
});

test("paying a fine is linked from the home page and the fines service page", async (t) => {
  const { app } = await setup(t);
  const home = await app.inject({ method: "GET", url: "/" });
  assert.match(home.body, /href="\/bussgeld-bezahlen"/);
  const service = await app.inject({ method: "GET", url: "/leistungen/99108031000000" });
  assert.equal(service.statusCode, 200);
  assert.match(service.body, /href="\/bussgeld-bezahlen"[^>]*><span class="kern-label">Bußgeld online bezahlen/);
  const other = await app.inject({ method: "GET", url: "/leistungen/99023001051000" });
  assert.doesNotMatch(other.body, /bussgeld-bezahlen"[^>]*><span/);
});
