/**
 * Issue 12 item 5: the login throttle is atomic (parallel guesses cannot slip past it) and follows
 * OWASP ASVS 2.2: guessing is slowed per account and per IP, but a stranger cannot lock the owner out
 * (a device that logged in before still gets in; an unlock mail lets the owner in).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, createTestUser, linkIn, TEST_PASSWORD } from "../helpers.js";

const WRONG = "falsches Passwort 123";

/** A login form loaded once; `post` sends it with that client's cookies and CSRF token. */
async function loginForm(app: FastifyInstance, c = new Client(app)) {
  const page = await c.get("/anmelden");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return {
    client: c,
    post: (email: string, password: string, headers: Record<string, string> = {}) =>
      app.inject({
        method: "POST",
        url: "/anmelden",
        headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/x-www-form-urlencoded", ...headers },
        payload: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
      }),
  };
}

/** Passwords actually verified (argon2) for the account: every verified failure is audited as wrong_password. */
async function checkedGuesses(db: Awaited<ReturnType<typeof buildTestApp>>["db"], userId: string) {
  const rows = await db.selectFrom("audit_log").select("details").where("action", "=", "auth.login_failed").where("object_id", "=", userId).execute();
  return rows.filter((r) => (r.details as { reason?: string }).reason === "wrong_password").length;
}

test("issue 12/5: 25 parallel wrong passwords from one IP get at most 5 checked", async (t) => {
  const { app, db } = await buildTestApp(t);
  const userId = await createTestUser(db, { email: "ziel@example.org", kind: "citizen" });
  const form = await loginForm(app);
  const res = await Promise.all(Array.from({ length: 25 }, () => form.post("ziel@example.org", WRONG)));
  const checked = res.filter((r) => r.statusCode === 401).length;
  assert.ok(checked <= 5, `${checked} guesses checked`);
  assert.equal(await checkedGuesses(db, userId), checked);
  assert.ok(res.every((r) => r.statusCode === 401 || r.statusCode === 429), res.map((r) => r.statusCode).join(","));
  assert.ok(res.some((r) => r.statusCode === 429));
});

test("issue 12/5: 100 parallel wrong passwords from 100 IPs get at most 5 checked", async (t) => {
  const { app, db } = await buildTestApp(t, { TRUST_PROXY: "true" });
  const userId = await createTestUser(db, { email: "ziel@example.org", kind: "citizen" });
  const form = await loginForm(app);
  const res = await Promise.all(Array.from({ length: 100 }, (_, i) => form.post("ziel@example.org", WRONG, { "x-forwarded-for": `203.0.113.${i + 1}` })));
  const checked = res.filter((r) => r.statusCode === 401).length;
  assert.ok(checked <= 5, `${checked} guesses checked`);
  assert.equal(await checkedGuesses(db, userId), checked);
});

test("issue 12/5: one IP guessing across many accounts is slowed too", async (t) => {
  const { app } = await buildTestApp(t);
  const form = await loginForm(app);
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) statuses.push((await form.post(`niemand${i}@example.org`, WRONG)).statusCode);
  assert.ok(statuses.filter((s) => s === 401).length <= 20, statuses.join(","));
  assert.equal(statuses.at(-1), 429);
});

test("issue 12/5: after a stranger's lockout the owner still logs in from a device that logged in before", async (t) => {
  const { app, db } = await buildTestApp(t);
  await createTestUser(db, { email: "owner@example.org", kind: "citizen" });
  const owner = new Client(app);
  const first = await owner.submit("/anmelden", "/anmelden", { email: "owner@example.org", password: TEST_PASSWORD });
  assert.equal(first.statusCode, 303);
  assert.ok(owner.cookies.has("kp_device"), "a device cookie is set on successful login");
  await owner.submit("/konto", "/abmelden", {});

  const stranger = await loginForm(app);
  for (let i = 0; i < 10; i++) await stranger.post("owner@example.org", WRONG);
  // Locked for everybody else, the right password included.
  const elsewhere = await (await loginForm(app)).post("owner@example.org", TEST_PASSWORD);
  assert.equal(elsewhere.statusCode, 429);

  const again = await owner.submit("/anmelden", "/anmelden", { email: "owner@example.org", password: TEST_PASSWORD });
  assert.equal(again.statusCode, 303, "the known device gets in");
  // A device cookie of another account does not help a stranger.
  const forged = await (await loginForm(app)).post("owner@example.org", TEST_PASSWORD, { cookie: `kp_device=${owner.cookies.get("kp_device")}x` });
  assert.notEqual(forged.statusCode, 303);
});

test("issue 12/5: the locked-out owner gets an unlock mail whose link lets them in", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  await createTestUser(db, { email: "owner@example.org", kind: "citizen" });
  const stranger = await loginForm(app);
  for (let i = 0; i < 10; i++) await stranger.post("owner@example.org", WRONG);
  const locked = await stranger.post("owner@example.org", WRONG);
  assert.equal(locked.statusCode, 429);
  assert.match(locked.body, /E-Mail/);

  const m = await mail.waitFor("owner@example.org", (x) => /entsperren/i.test(x.subject));
  // One mail per lockout, not one per blocked guess.
  assert.equal(mail.mails.filter((x) => x.to.includes("owner@example.org")).length, 1);
  const owner = new Client(app);
  const unlockPath = linkIn(m.text);
  const page = await owner.get(unlockPath);
  assert.equal(page.statusCode, 200);
  const token = new URL(unlockPath, "http://x").searchParams.get("token")!;
  const unlocked = await owner.submit(unlockPath, "/anmelden/entsperren", { token });
  assert.equal(unlocked.statusCode, 303);
  // The stranger keeps guessing; the owner's browser gets in anyway.
  for (let i = 0; i < 10; i++) await stranger.post("owner@example.org", WRONG);
  const login = await owner.submit("/anmelden", "/anmelden", { email: "owner@example.org", password: TEST_PASSWORD });
  assert.equal(login.statusCode, 303);
  // The link works once.
  assert.equal((await owner.submit(unlockPath, "/anmelden/entsperren", { token }).catch(() => ({ statusCode: 410 }))).statusCode, 410);
  // No mail for unknown addresses (and the same answer).
  const unknown = await loginForm(app);
  for (let i = 0; i < 8; i++) await unknown.post("niemand@example.org", WRONG);
  assert.equal(mail.mails.filter((x) => x.to.includes("niemand@example.org")).length, 0);
});

test("colleagues behind one address logging in at the same moment all get in (the IP's free attempts are counted, not timed)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const emails = Array.from({ length: 8 }, (_, i) => `kollegin${i}@example.org`);
  for (const email of emails) await createTestUser(db, { email, kind: "staff" });
  const forms = await Promise.all(emails.map(() => loginForm(app)));
  for (let round = 0; round < 3; round++) {
    const res = await Promise.all(emails.map((email, i) => forms[i]!.post(email, TEST_PASSWORD)));
    assert.deepEqual(res.map((r) => r.statusCode), emails.map(() => 303), `round ${round}`);
  }
});
