/**
 * Login throttle bench:  npx tsx bench/login.ts   (issue 12 item 5, ADR 0023)
 *
 * Prints one JSON object (progress on stderr). In-process app on a fresh embedded PostgreSQL. One
 * account; 100 parallel wrong passwords (a) from one client address and (b) from 100 addresses, each
 * through app.inject with the login form's CSRF token. `checked` counts the guesses whose password was
 * actually verified (answer 401; a refused guess gets 429 without verification); the throttle allows
 * at most 5 per account. Then (c) the owner's correct password from a device that logged in before.
 */
import type { FastifyInstance } from "fastify";
import { hashPassword } from "../src/platform/auth/password.js";
import { log, runBench, withBenchApp, withBenchRuntime } from "./support.js";

const PASSWORD = "Ein langes Bench-Passwort 2026";

async function loginForm(app: FastifyInstance, remoteAddress = "127.0.0.1") {
  const page = await app.inject({ url: "/anmelden", remoteAddress });
  const cookies = new Map(page.cookies.map((c) => [c.name, c.value]));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return {
    cookies,
    post: async (email: string, password: string, addr = remoteAddress) => {
      const res = await app.inject({
        method: "POST",
        url: "/anmelden",
        remoteAddress: addr,
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
      });
      for (const c of res.cookies) cookies.set(c.name, c.value);
      return res;
    },
  };
}

async function parallelGuesses(app: FastifyInstance, email: string, addresses: (i: number) => string) {
  const form = await loginForm(app);
  const t0 = performance.now();
  const res = await Promise.all(Array.from({ length: 100 }, (_, i) => form.post(email, `falsch ${i} Passwort`, addresses(i))));
  const statuses: Record<string, number> = {};
  for (const r of res) statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1;
  return { attempts: 100, checked: statuses["401"] ?? 0, statuses, wallMs: Math.round(performance.now() - t0) };
}

async function main() {
  await withBenchRuntime("login", {}, async (bench) => {
    const db = bench.runtime.db;
    await withBenchApp(bench, { listen: false }, async (app) => {
      const hash = await hashPassword(PASSWORD);
      for (const email of ["a@example.org", "b@example.org"]) {
        await db.insertInto("users").values({ kind: "citizen", email, display_name: email, password_hash: hash, email_verified_at: new Date(), home_ags: null, disabled_at: null }).execute();
      }
      // The owner of account b logs in once: the browser becomes a known device.
      const owner = await loginForm(app, "192.0.2.1");
      const first = await owner.post("b@example.org", PASSWORD);
      if (first.statusCode !== 303) throw new Error(`owner login ${first.statusCode}`);

      const oneAddress = await parallelGuesses(app, "a@example.org", () => "198.51.100.7");
      log(`one address: ${oneAddress.checked} checked`);
      const manyAddresses = await parallelGuesses(app, "b@example.org", (i) => `203.0.113.${i + 1}`);
      log(`100 addresses: ${manyAddresses.checked} checked`);
      const stranger = await (await loginForm(app, "198.51.100.99")).post("b@example.org", PASSWORD);
      const again = await loginForm(app, "192.0.2.1");
      again.cookies.set("kp_device", owner.cookies.get("kp_device")!);
      const ownerAfter = await again.post("b@example.org", PASSWORD);
      process.stdout.write(
        `${JSON.stringify({ oneAddress, manyAddresses, lockedOut: { strangerWithRightPassword: stranger.statusCode, ownerOnKnownDevice: ownerAfter.statusCode } }, null, 2)}\n`,
      );
    });
  });
}

runBench(main);
