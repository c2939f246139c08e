import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { solveChallenge, type AltchaChallenge } from "../../src/modules/appointments/altcha.js";

/** Issue 12 item 9: NUL and other control characters are refused at the edge (400/422), never a 500. */
const FS = "lra-08236-fuehrerschein";
const LICENCE = "99023001012000";

async function firstSlot(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: "GET", url: `/api/v1/appointments/slots?leikaKey=${LICENCE}&location=${FS}` });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as Array<{ slotId: string }>)[0]!.slotId;
}

const isProblem = (res: { headers: Record<string, unknown> }) => assert.match(String(res.headers["content-type"]), /^application\/problem\+json/);

test("issue 12 item 9: control characters in path and query → 400 problem (API) or error page", async (t) => {
  const { app } = await buildTestApp(t);
  for (const url of ["/api/v1/forms/%00", "/api/v1/search?q=Hund%00", "/api/v1/municipalities?q=%E2%80%AEabc", "/api/v1/services/%0799102013000000"]) {
    const res = await app.inject({ method: "GET", url });
    assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
    isProblem(res);
    assert.equal(res.json().type, "urn:kreisportal:problem:control-characters", url);
  }
  const page = await app.inject({ method: "GET", url: "/suche?q=Hund%00" });
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /Steuerzeichen/);
  // Tab and line breaks are ordinary text.
  assert.notEqual((await app.inject({ method: "GET", url: "/api/v1/search?q=Hund%09Steuer" })).statusCode, 400);
});

test("issue 12 item 9: a booking with name \"Nul\\u0000 Byte\" → 422 problem pointing at /name; the page shows a German message at the field", async (t) => {
  const { app, db } = await buildTestApp(t);
  const slotId = await firstSlot(app);
  const challenge = (await app.inject({ method: "GET", url: "/api/v1/appointments/challenge" })).json() as AltchaChallenge;
  const res = await app.inject({ method: "POST", url: "/api/v1/appointments", payload: { slotId, name: "Nul\u0000 Byte", email: "nul@example.org", altcha: await solveChallenge(challenge) } });
  assert.equal(res.statusCode, 422, res.body);
  isProblem(res);
  assert.equal(res.json().type, "urn:kreisportal:problem:control-characters");
  assert.deepEqual(res.json().errors.map((e: { path: string }) => e.path), ["/name"]);

  const c = new Client(app);
  const form = await c.submit(`/termine/buchen?slot=${encodeURIComponent(slotId)}`, "/termine/buchen", { slotId, name: "Nul\u0000 Byte", email: "nul@example.org" });
  assert.equal(form.statusCode, 422, form.body.slice(0, 500));
  assert.match(form.body, /Bitte entfernen Sie Steuerzeichen/);
  const n = await db.selectFrom("appt_bookings").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 0, "nothing booked");
});

test("issue 12 item 9: control characters anywhere in a JSON body (values and keys) → 422 with the pointer", async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: "POST", url: "/api/v1/forms/hundesteuer-anmeldung/submissions", payload: { hunde: [{ name: "Bello" }, { name: "Rex\u202E" }] } });
  assert.equal(res.statusCode, 422, res.body);
  isProblem(res);
  assert.deepEqual(res.json().errors[0].path, "/hunde/1/name");
  const key = await app.inject({ method: "POST", url: "/api/v1/forms/hundesteuer-anmeldung/submissions", payload: { "a\u0000": "x" } });
  assert.equal(key.statusCode, 422, key.body);
});

test("issue 12 item 9: page forms report control characters next to the field instead of storing them", async (t) => {
  const { app } = await buildTestApp(t);
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email: "erika\u0000@example.org", password: "irgendwas" });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte entfernen Sie Steuerzeichen/);
});

test("issue 12 item 9: the application form flow shows the message at the field and keeps control characters out of the draft", async (t) => {
  const { app, db } = await buildTestApp(t);
  const c = new Client(app);
  const begun = await c.submit("/antraege/hundesteuer-anmeldung", "/antraege/hundesteuer-anmeldung/beginnen", {});
  assert.equal(begun.statusCode, 303);
  const first = begun.headers.location as string;
  const res = await c.submit(first, first, { name: "Nul\u0000 Byte", geburtsdatum: "14.03.1980", email: "nul@example.org", aktion: "weiter" });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Bitte entfernen Sie Steuerzeichen/);
  assert.match(res.body, /href="#name"/);
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(first)![1]!;
  const draft = await db.selectFrom("application_drafts").select("values").where("id", "=", draftId).executeTakeFirstOrThrow();
  assert.equal((draft.values as Record<string, string>).name, "Nul Byte");
});
