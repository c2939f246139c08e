/**
 * Where webhook receivers may point (ADR 0077): the allow-list, and in production without one no internal
 * addresses — checked on what a name resolves to, not on how it is spelled.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../platform/config.js";
import { hostAllowed, isInternalAddress, webhookHostPolicy, webhookUrlRefusal } from "./webhookHosts.js";

const prod = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), PUBLIC_URL: "https://portal.example", ...env });

test("internal addresses: loopback, private, link-local (metadata), unique-local, mapped IPv4 are internal; public ones are not", () => {
  for (const a of ["127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.100.100.200", "0.0.0.0", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe"])
    assert.equal(isInternalAddress(a), true, a);
  for (const a of ["93.184.216.34", "172.32.0.1", "8.8.8.8", "2a00:1450:4001:82a::200e"]) assert.equal(isInternalAddress(a), false, a);
});

test("allow-list patterns: exact host names and *.suffix, nothing more", () => {
  const list = ["fachverfahren.kreis.example", "*.intern.kreis.example"];
  assert.equal(hostAllowed("fachverfahren.kreis.example", list), true);
  assert.equal(hostAllowed("FACHVERFAHREN.kreis.example", list), true);
  assert.equal(hostAllowed("bau.intern.kreis.example", list), true);
  assert.equal(hostAllowed("intern.kreis.example", list), false, "the suffix pattern needs a label before it");
  assert.equal(hostAllowed("evilintern.kreis.example", list), false);
  assert.equal(hostAllowed("fachverfahren.kreis.example.evil.example", list), false);
});

test("configuration: RECORDS_WEBHOOK_ALLOWED_HOSTS is parsed; production without it refuses internal addresses; outside production nothing is refused", () => {
  assert.deepEqual(prod({ RECORDS_WEBHOOK_ALLOWED_HOSTS: " A.example , *.b.example," }).records.webhookAllowedHosts, ["a.example", "*.b.example"]);
  assert.throws(() => prod({ RECORDS_WEBHOOK_ALLOWED_HOSTS: "http://a.example/" }), /RECORDS_WEBHOOK_ALLOWED_HOSTS/);
  assert.equal(webhookHostPolicy(prod()).refuseInternal, true);
  assert.equal(webhookHostPolicy(prod({ RECORDS_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" })).refuseInternal, false);
  assert.equal(webhookHostPolicy(loadConfig({ NODE_ENV: "test" })).refuseInternal, false);
});

test("production default: receivers on internal addresses are refused, also behind a name; the allow-list decides when set", async () => {
  const resolve = async (host: string) => ({ "intern.example": ["10.0.0.5"], "mixed.example": ["93.184.216.34", "127.0.0.1"], "public.example": ["93.184.216.34"] })[host] ?? Promise.reject(new Error("ENOTFOUND"));
  const policy = webhookHostPolicy(prod(), resolve);
  for (const url of ["http://127.0.0.1:8080/hook", "http://localhost.:1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/", "http://192.168.0.10/", "http://172.20.0.1/", "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]/", "https://intern.example/hook", "https://mixed.example/hook"])
    assert.notEqual((await webhookUrlRefusal(url, policy)).refusal, undefined, url);
  assert.equal((await webhookUrlRefusal("https://intern.example/hook", policy)).refusal, "internal");
  assert.equal((await webhookUrlRefusal("https://nowhere.example/hook", policy)).refusal, "unresolvable");
  assert.deepEqual(await webhookUrlRefusal("https://public.example/hook", policy), { refusal: undefined, addresses: ["93.184.216.34"] });
  const listed = webhookHostPolicy(prod({ RECORDS_WEBHOOK_ALLOWED_HOSTS: "*.kreis.example,127.0.0.1" }), resolve);
  assert.equal((await webhookUrlRefusal("http://127.0.0.1:8080/hook", listed)).refusal, undefined, "an internal host the operator listed");
  assert.equal((await webhookUrlRefusal("https://public.example/hook", listed)).refusal, "notAllowed");
  assert.equal((await webhookUrlRefusal("http://169.254.169.254/", listed)).refusal, "notAllowed");
});
