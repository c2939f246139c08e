import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { loggerOptions } from "../../app.js";
import { bearerCredential, isApiScope, matchesSharedSecret, newApiToken, sendBearerChallenge } from "./apiTokens.js";

const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as FastifyRequest;

test("bearerCredential: absent, well-formed (scheme case-insensitive), malformed", () => {
  assert.equal(bearerCredential(req()), undefined);
  assert.equal(bearerCredential(req("")), undefined);
  assert.equal(bearerCredential(req("Bearer kp_abc-DEF_123")), "kp_abc-DEF_123");
  assert.equal(bearerCredential(req("bearer  kp_x")), "kp_x");
  assert.equal(bearerCredential(req("Basic dXNlcjpwdw==")), null);
  assert.equal(bearerCredential(req("Bearer")), null);
  assert.equal(bearerCredential(req("Bearer a b")), null);
  assert.equal(bearerCredential(req("Bearer kp_ä")), null);
});

test("newApiToken: kp_ + 32 random bytes base64url, stored as SHA-256 only", () => {
  const a = newApiToken();
  const b = newApiToken();
  assert.match(a.secret, /^kp_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.secret, b.secret);
  assert.equal(a.hash, createHash("sha256").update(a.secret).digest("hex"));
  assert.ok(!a.hash.includes(a.secret));
});

test("matchesSharedSecret compares in constant time and never matches empty values", () => {
  const secret = "x".repeat(48);
  assert.equal(matchesSharedSecret(secret, secret), true);
  assert.equal(matchesSharedSecret(`${secret}y`, secret), false);
  assert.equal(matchesSharedSecret("short", secret), false);
  assert.equal(matchesSharedSecret(undefined, secret), false);
  assert.equal(matchesSharedSecret(null, secret), false);
  assert.equal(matchesSharedSecret("", ""), false);
  assert.equal(matchesSharedSecret(secret, undefined), false);
});

test("sendBearerChallenge: RFC 6750 header with ASCII-only description, problem document, no-store", () => {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    code(s: number) {
      sent.status = s;
      return this;
    },
    header(k: string, v: string) {
      sent.headers[k] = v;
      return this;
    },
    type(v: string) {
      sent.headers["content-type"] = v;
      return this;
    },
    request: { id: "req-1" },
    send(b: unknown) {
      sent.body = b;
      return this;
    },
  } as unknown as FastifyReply;
  sendBearerChallenge(reply, 403, { error: "insufficient_scope", scope: "applications:read", description: 'Fehlt "ä"', message: "Dem API-Token fehlt die Berechtigung." });
  assert.equal(sent.status, 403);
  assert.equal(sent.headers["www-authenticate"], 'Bearer realm="kreisportal", error="insufficient_scope", error_description="Fehlt ", scope="applications:read"');
  assert.equal(sent.headers["cache-control"], "no-store");
  assert.equal(sent.headers["content-type"], "application/problem+json");
  assert.deepEqual(sent.body, { type: "urn:kreisportal:problem:insufficient-scope", title: "Nicht erlaubt", status: 403, detail: "Dem API-Token fehlt die Berechtigung.", instance: "req-1" });
  assert.equal(isApiScope("applications:read"), true);
  assert.equal(isApiScope("cases:delete"), false);
});

test("tokens never reach the log: the app's logger options drop Authorization, cookies and query strings", async (t) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const app = Fastify({ logger: { ...loggerOptions("info"), stream } });
  t.after(() => app.close());
  app.get("/api/v1/applications", async (req) => {
    req.log.info({ req }, "handler sees the request");
    return { ok: true };
  });
  const secret = newApiToken().secret;
  await app.inject({ method: "GET", url: `/api/v1/applications?token=${secret}`, headers: { authorization: `Bearer ${secret}`, cookie: `kp_session=${secret}` } });
  const log = lines.join("");
  assert.match(log, /\/api\/v1\/applications/, "the request was logged");
  assert.ok(!log.includes(secret), `the secret appears in the log: ${log}`);
  assert.ok(!/authorization/i.test(log));
});
