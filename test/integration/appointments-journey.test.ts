/** Issue 24 item 11: booking form errors all at once; cancelling asks to confirm. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { readFile } from "node:fs/promises";
import { buildTestApp, Client } from "../helpers.js";
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from "../../src/modules/accounts/index.js";
import { solveChallenge, type AltchaChallenge } from "../../src/modules/appointments/altcha.js";

const MUE = "gem-08236040";
const ID_CARD = "99008001012000";

async function firstSlot(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${ID_CARD}&location=${MUE}` });
  assert.equal(res.statusCode, 200, res.body);
  const slots = res.json() as Array<{ slotId: string }>;
  assert.ok(slots[0]);
  return slots[0].slotId;
}

test("gh-24 item 11: an empty booking form shows the name and the e-mail error at once, with the error summary", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const slotId = await firstSlot(app);
  const formUrl = `/termine/buchen?slot=${encodeURIComponent(slotId)}`;
  const res = await c.submit(formUrl, "/termine/buchen", { slotId, name: "", email: "", altcha: "" });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /kp-error-summary/);
  const summary = res.body.slice(res.body.indexOf("kp-error-summary"), res.body.indexOf("</ul>", res.body.indexOf("kp-error-summary")));
  assert.match(summary, /href="#name"/);
  assert.match(summary, /href="#email"/);
  assert.match(summary, /Vor- und Nachnamen/);
  assert.match(summary, /gültige E-Mail-Adresse/);
  // The API lists both fields too.
  const api = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId, name: "X", email: "nope", altcha: "" } });
  assert.equal(api.statusCode, 422);
  const paths = ((api.json() as { errors?: Array<{ path: string }> }).errors ?? []).map((e) => e.path);
  assert.ok(paths.includes("/name") && paths.includes("/email"), JSON.stringify(paths));
});

test("gh-24 item 11: 'Termin absagen' asks for confirmation (GET page, POST with CSRF) before cancelling", async (t) => {
  const { app } = await buildTestApp(t, { BOOKING_RELEASE_DELAY_MAX_S: "0" });
  const ch = await app.inject({ method: "GET", url: "/api/v1/appointments/challenge" });
  const altcha = await solveChallenge(ch.json() as AltchaChallenge);
  const slotId = await firstSlot(app);
  const booked = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId, name: "Erika Mustermann", email: "erika@example.org", altcha } });
  assert.equal(booked.statusCode, 201, booked.body);
  const { bookingCode: code, cancelToken: token } = booked.json() as { bookingCode: string; cancelToken: string };
  const c = new Client(app);
  const managePath = `/termine/buchung/${code}?token=${encodeURIComponent(token)}`;
  const manage = await c.get(managePath);
  assert.equal(manage.statusCode, 200);
  // The manage page no longer cancels with one click: it links to the confirmation page.
  assert.doesNotMatch(manage.body, new RegExp(`<form[^>]*action="/termine/buchung/${code}/absagen"`));
  const confirmPath = `/termine/buchung/${code}/absagen?token=${encodeURIComponent(token)}`;
  assert.ok(manage.body.includes(`href="${confirmPath.replace(/&/g, "&amp;")}"`), "link to the confirmation page");
  const confirm = await c.get(confirmPath);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Möchten Sie den Termin wirklich absagen\?/);
  assert.match(confirm.body, new RegExp(`<form method="post" action="/termine/buchung/${code}/absagen"`));
  assert.match(confirm.body, /name="_csrf"/);
  // Opening the page changed nothing.
  assert.match((await c.get(managePath)).body, /Termin absagen/);
  // Without CSRF nothing happens.
  const forged = await c.post(`/termine/buchung/${code}/absagen`, { token });
  assert.equal(forged.statusCode, 403);
  assert.match((await c.get(managePath)).body, /Termin absagen/);
  // A wrong token shows no confirmation page.
  assert.equal((await c.get(`/termine/buchung/${code}/absagen?token=falsch`)).statusCode, 404);
  const done = await c.submit(confirmPath, `/termine/buchung/${code}/absagen`, { token });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Termin abgesagt/);
  assert.doesNotMatch((await c.get(managePath)).body, /Termin absagen</);
});

test("gh-24 item 11: the Mühlacker location shows its street (Kelterplatz 7); seeding twice keeps it", async (t) => {
  const { app, db } = await buildTestApp(t);
  const { seedAppointments } = await import("../../src/modules/appointments/index.js");
  await seedAppointments(db);
  const cal = await app.inject({ method: "GET", url: `/termine/${MUE}/${ID_CARD}` });
  assert.equal(cal.statusCode, 200);
  assert.match(cal.body, /Kelterplatz 7, 75417 Mühlacker/);
  const locs = await app.inject({ method: "GET", url: `/termine/leistung/${ID_CARD}` });
  assert.match(locs.body, /Kelterplatz 7, 75417 Mühlacker/);
});

test("gh-24 item 11: the staff day page spaces its sections (check-in, each counter, blocking time)", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD })).statusCode, 303);
  const page = await c.get("/verwaltung/termine/lra-08236-fuehrerschein");
  assert.equal(page.statusCode, 200);
  const sections = page.body.match(/<section class="kp-section"/g) ?? [];
  assert.equal(sections.length, 4, "check-in, Schalter 1, Schalter 2, blocking time");
  for (const h of ["Einchecken", "Schalter 1", "Schalter 2"]) assert.match(page.body, new RegExp(`<section class="kp-section" aria-labelledby="[^"]+"><h2 class="kern-heading-small" id="[^"]+">${h}`));
  const css = await readFile(new URL("../../public/app.css", import.meta.url), "utf8");
  assert.match(css, /\.kp-section\s*\{[^}]*margin-block-start/);
  assert.match((await app.inject({ method: "GET", url: "/assets/app.css" })).body, /\.kp-section/);
});
