import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.js";

test("defaults for development", () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.publicUrl, "http://localhost:3000");
  assert.equal(c.secureCookies, false);
  assert.equal(c.countyKey, "08236");
  assert.deepEqual(c.partnerKeys, ["08231"]);
  assert.equal(c.demoData, true);
  assert.ok(c.sessionSecret.length >= 32);
});

test("production requires a session secret and turns demo data off", () => {
  assert.throws(() => loadConfig({ NODE_ENV: "production" }), ConfigError);
  const c = loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), PUBLIC_URL: "https://portal.example/" });
  assert.equal(c.demoData, false);
  assert.equal(c.secureCookies, true);
  assert.equal(c.publicUrl, "https://portal.example");
});

test("bad values give German messages", () => {
  assert.throws(() => loadConfig({ PORT: "abc" }), /PORT muss eine ganze Zahl sein/);
  assert.throws(() => loadConfig({ PUBLIC_URL: "kein url" }), /PUBLIC_URL ist keine gültige URL/);
  assert.throws(() => loadConfig({ SESSION_SECRET: "kurz" }), /mindestens 32 Zeichen/);
  assert.throws(() => loadConfig({ COUNTY_KEY: "8236" }), /fünfstelliger Kreisschlüssel/);
  assert.throws(() => loadConfig({ COUNTY_KEY: "08326", PARTNER_KEYS: "08231,x" }), /PARTNER_KEYS/);
  assert.deepEqual(loadConfig({ COUNTY_KEY: "08326" }).partnerKeys, []);
});

test("HTTP limits: defaults, the header timeout never exceeds the request timeout, 0 request timeout refused", () => {
  const d = loadConfig({}).http;
  assert.deepEqual(d, { requestTimeoutMs: 60_000, headersTimeoutMs: 20_000, keepAliveTimeoutMs: 65_000, connectionTimeoutMs: 120_000, maxConnections: 2_000 });
  assert.equal(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: "500" }).http.headersTimeoutMs, 500);
  assert.throws(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: "0" }), /HTTP_REQUEST_TIMEOUT_MS/);
  assert.throws(() => loadConfig({ HTTP_MAX_CONNECTIONS: "viele" }), /HTTP_MAX_CONNECTIONS muss eine ganze Zahl sein/);
});

test("live handoff settings: defaults Mo-Fr 08:00-16:00, 5 minutes, 30 days; bad values refused in German", () => {
  const { live } = loadConfig({}).assistant;
  assert.equal(live.hoursText, "Mo-Fr 08:00-16:00");
  assert.deepEqual(live.hours, [{ days: [1, 2, 3, 4, 5], from: 480, to: 960 }]);
  assert.equal(live.claimMinutes, 5);
  assert.equal(live.retentionDays, 30);
  assert.deepEqual(loadConfig({ ASSISTANT_LIVE_HOURS: "aus" }).assistant.live.hours, []);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_HOURS: "werktags" }), /ASSISTANT_LIVE_HOURS: .*keine Zeitangabe/);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_CLAIM_MINUTES: "0" }), /ASSISTANT_LIVE_CLAIM_MINUTES/);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_RETENTION_DAYS: "0" }), /ASSISTANT_LIVE_RETENTION_DAYS/);
});

test("orchards: staff address (demo default outside production, unset in production), overdue repeat and escalation with defaults", () => {
  assert.deepEqual(loadConfig({}).orchards, { staffEmail: "streuobst@kreisportal.example", overdueRepeatDays: 3, overdueEscalateAfter: 3 });
  assert.equal(loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), PUBLIC_URL: "https://portal.example/" }).orchards.staffEmail, undefined);
  assert.deepEqual(loadConfig({ ORCHARDS_STAFF_EMAIL: "obst@lra.example", ORCHARDS_OVERDUE_REPEAT_DAYS: "0", ORCHARDS_OVERDUE_ESCALATE_AFTER: "5" }).orchards, { staffEmail: "obst@lra.example", overdueRepeatDays: 1, overdueEscalateAfter: 5 });
  assert.throws(() => loadConfig({ ORCHARDS_OVERDUE_REPEAT_DAYS: "oft" }), /ORCHARDS_OVERDUE_REPEAT_DAYS muss eine ganze Zahl sein/);
});

test("learning: renew-before-expiry reminders at a series of days (LEARNING_RENEWAL_REMINDER_DAYS, default 30), descending, 1–365, distinct", () => {
  assert.deepEqual(loadConfig({}).learning.renewalReminderDays, [30]);
  assert.deepEqual(loadConfig({ LEARNING_RENEWAL_REMINDER_DAYS: "14" }).learning.renewalReminderDays, [14]);
  assert.deepEqual(loadConfig({ LEARNING_RENEWAL_REMINDER_DAYS: "1, 60,14" }).learning.renewalReminderDays, [60, 14, 1]);
  for (const bad of ["0", "366", "bald", "60,,1", "14;1", "2.5", "-3"]) assert.throws(() => loadConfig({ LEARNING_RENEWAL_REMINDER_DAYS: bad }), /LEARNING_RENEWAL_REMINDER_DAYS muss eine Liste ganzer Tage von 1 bis 365 sein/, bad);
  assert.throws(() => loadConfig({ LEARNING_RENEWAL_REMINDER_DAYS: "14,60,14" }), /LEARNING_RENEWAL_REMINDER_DAYS nennt einen Tag doppelt/);
});

test("live handoff: per-office hours, alert minutes and recipients; bad values refused in German", () => {
  const { live } = loadConfig({}).assistant;
  assert.equal(live.officeHours.size, 0);
  assert.equal(live.alertMinutes, 2);
  assert.deepEqual(live.alertTo, []);
  assert.equal(loadConfig({ ASSISTANT_LIVE_CLAIM_MINUTES: "1" }).assistant.live.alertMinutes, 0, "no room before the claim time: off");
  const own = loadConfig({ ASSISTANT_LIVE_OFFICE_HOURS: "lra-08236-fuehrerschein=Mo-Do 07:30-12:00; Fr 07:30-11:00 | gem-08236040 = aus" }).assistant.live.officeHours;
  assert.deepEqual([...own.keys()], ["lra-08236-fuehrerschein", "gem-08236040"]);
  assert.equal(own.get("lra-08236-fuehrerschein")!.hoursText, "Mo-Do 07:30-12:00; Fr 07:30-11:00");
  assert.equal(own.get("lra-08236-fuehrerschein")!.hours.length, 2);
  assert.deepEqual(own.get("gem-08236040")!.hours, []);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_OFFICE_HOURS: "Mo-Fr 08:00-12:00" }), /ASSISTANT_LIVE_OFFICE_HOURS: .*hat nicht die Form/);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_OFFICE_HOURS: "lra-08236=werktags" }), /ASSISTANT_LIVE_OFFICE_HOURS \(lra-08236\): .*keine Zeitangabe/);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_ALERT_MINUTES: "5" }), /ASSISTANT_LIVE_ALERT_MINUTES muss 0 \(aus\) oder kleiner als ASSISTANT_LIVE_CLAIM_MINUTES/);
  assert.equal(loadConfig({ ASSISTANT_LIVE_ALERT_MINUTES: "0" }).assistant.live.alertMinutes, 0);
  assert.deepEqual(loadConfig({ ASSISTANT_LIVE_ALERT_TO: "dienst@lra.example, b@lra.example" }).assistant.live.alertTo, ["dienst@lra.example", "b@lra.example"]);
  assert.throws(() => loadConfig({ ASSISTANT_LIVE_ALERT_TO: "dienst@" }), /ASSISTANT_LIVE_ALERT_TO: "dienst@" ist keine E-Mail-Adresse/);
  assert.equal(loadConfig({}).assistant.phoneTransfer.size, 0, "no transfer unless configured");
  assert.equal(loadConfig({}).geocoder, undefined, "no geocoder unless configured");
  assert.deepEqual(loadConfig({ GEOCODER_URL: "https://nominatim.kreis.example" }).geocoder, { url: "https://nominatim.kreis.example", timeoutMs: 2000 });
  assert.throws(() => loadConfig({ GEOCODER_URL: "nominatim" }), /GEOCODER_URL ist keine gültige URL/);
  assert.deepEqual([...loadConfig({ ASSISTANT_PHONE_TRANSFER: "*=200 | gem-08236040 = +497041123" }).assistant.phoneTransfer], [["*", "200"], ["gem-08236040", "+497041123"]]);
  assert.throws(() => loadConfig({ ASSISTANT_PHONE_TRANSFER: "gem-08236040=sofia/gateway/x" }), /ASSISTANT_PHONE_TRANSFER: .*hat nicht die Form/);
});
