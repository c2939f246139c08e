/**
 * Payment notification bench:  npm run bench:payments
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL
 * (temporary VAR_DIR), listening on loopback, with the sandbox payment service as its own server.
 * 400 fines are started at the sandbox; then their signed PAYED notifications are POSTed over HTTP,
 * 20 at a time: notifications/s and latency p50/p99 (each one verifies the HMAC, locks the transaction,
 * books the fine and appends the audit entry). Then all of them again (replays: stored once, nothing
 * changes) for the duplicate path.
 */
import { randomUUID } from "node:crypto";
import { startSandboxServer } from "../src/modules/payments/providers/sandbox/server.js";
import { signedHeaders } from "../src/modules/payments/signature.js";
import { log, pct, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const N = 400;
const CONCURRENCY = 20;
const SECRET = "bench-payment-secret-".padEnd(48, "x");
const TOKEN = "bench-open-items-token-".padEnd(48, "t");

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function main() {
  const sandbox = await startSandboxServer({ secret: SECRET, deliver: async () => 200 });
  try {
    // The sandbox provider is refused in production: the bench runs the portal in development mode.
    const env = { NODE_ENV: "development", PAYMENT_PROVIDER: "sandbox", PAYMENT_URL: sandbox.url, PAYMENT_SECRET: SECRET, PAYMENT_API_TOKEN: TOKEN };
    await withBenchRuntime("pay", env, async (bench) => {
      const { config, runtime } = bench;
      await withBenchApp(bench, { listen: true }, async (_app, base) => {
        const kz = Array.from({ length: N }, (_, i) => `5.9000.${String(i).padStart(6, "0")}`);
        const put = await fetch(`${base}/api/v1/payments/open-items`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ items: kz.map((k) => ({ kassenzeichen: k, amountCents: 3500, dueDate: "2027-12-31", description: "Bench" })) }) });
        if (put.status !== 200) throw new Error(`open items: ${put.status}`);
        const { startFinePayment } = await import("../src/modules/payments/service.js");
        const { paymentProvider } = await import("../src/modules/payments/index.js");
        const provider = paymentProvider(_app)!;
        const startT = performance.now();
        await pool(kz, CONCURRENCY, async (k) => {
          const r = await startFinePayment({ actor: { type: "system", id: null }, db: runtime.db, paymentSubjects: _app.registry.paymentSubjects }, provider, config, k);
          if (r.kind !== "redirect") throw new Error(`start ${k}: ${r.kind}`);
        });
        const startMs = performance.now() - startT;
        log(`${N} payments started in ${Math.round(startMs)} ms`);
        const bodies = [...sandbox.transactions.values()].map((t) =>
          JSON.stringify({ notificationId: randomUUID(), requestId: t.request.requestId, transactionId: t.info.transactionId, status: "PAYED", grosAmount: t.request.grosAmount, transactionTimestamp: new Date().toISOString(), paymentMethod: "SANDBOX" }),
        );
        const send = async (phase: string, expect: string) => {
          const lat: number[] = [];
          const t0 = performance.now();
          await pool(bodies, CONCURRENCY, async (body) => {
            const s = performance.now();
            const res = await fetch(`${base}/api/v1/payments/notifications`, { method: "POST", headers: { "content-type": "application/json", ...signedHeaders(SECRET, body) }, body });
            const json = (await res.json()) as { result: string };
            if (res.status !== 200 || json.result !== expect) throw new Error(`${phase}: ${res.status} ${json.result}`);
            lat.push(performance.now() - s);
          });
          const ms = performance.now() - t0;
          return { notifications: bodies.length, concurrency: CONCURRENCY, perSecond: Math.round((bodies.length / ms) * 10000) / 10, p50Ms: pct(lat, 50), p99Ms: pct(lat, 99) };
        };
        const booked = await send("booked", "changed");
        const replayed = await send("replayed", "duplicate");
        const paid = await runtime.db.selectFrom("payment_open_items").select((eb) => eb.fn.countAll<string>().as("n")).where("status", "=", "paid").executeTakeFirstOrThrow();
        if (Number(paid.n) !== N) throw new Error(`paid ${paid.n} of ${N}`);
        const result = { startPaymentsPerSecond: Math.round((N / startMs) * 10000) / 10, notificationsBooked: booked, notificationsReplayed: replayed, finesPaid: Number(paid.n) };
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      });
    });
  } finally {
    await sandbox.close();
  }
}

runBench(main);
