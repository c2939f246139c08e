/**
 * Issue 24 item 9 ("25 more online services"): EVERY form in data/forms, loaded from its file, is submitted
 * with its sample answers (test/fixtures/formAnswers.ts; file fields uploaded first) through the API – anonymous
 * where the form allows it, else with the citizen's personal API token – and must
 *   - be accepted (201) with the fee its definition gives for the sample,
 *   - open a case (after payment for pay-before forms) owned by the office the responsibility rules name for
 *     the form's LeiKa keys and the municipality of the answers, at the level the fixture expects
 *     (Gemeinde or Landratsamt/Stadtkreis),
 *   - have a receipt PDF at its receiptUrl naming that office.
 * Plus: every LeiKa key of every form is a catalogue service; every added form is reachable from each of its
 * service pages and from the search's best answer; the federal/state online services are linked, not built.
 */
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, buildTestAppWithPayments, Client, signedIn } from "../helpers.js";
import type { Db } from "../../src/platform/db/index.js";
import { readFormFiles, feeFor, type FormDefinition } from "../../src/modules/forms/index.js";
import { findResponsible } from "../../src/modules/responsibility/index.js";
import { fileFields, sampleFileFor, validAnswers } from "../fixtures/formAnswers.js";
import { moreFormSamples } from "../fixtures/moreFormAnswers.js";
import { multipartBody } from "../support/uploads.js";
import { pdfText } from "../support/pdfText.js";

const defs = await readFormFiles();
let uploads = 0;

const setup = (t: TestContext) => buildTestAppWithPayments(t);

/** A personal API token (submissions:write) of a signed-in citizen, created on "Mein Konto". */
async function citizenToken(app: FastifyInstance, db: Db): Promise<string> {
  const c = await signedIn(app, db, { email: "erika@example.org", kind: "citizen" });
  const account = (await c.get("/konto")).body;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(account)![1]!;
  const expiresOn = /name="expiresOn" value="([^"]*)"/.exec(account)?.[1] ?? "";
  const res = await c.post("/konto/api-zugaenge", [["_csrf", csrf], ["tokenName", "Formulartest"], ["scopes", "submissions:write"], ["expiresOn", expiresOn]]);
  const secret = /<code class="kp-secret" id="neues-token">(kp_[^<]+)<\/code>/.exec(res.body)?.[1];
  assert.ok(secret, "token created");
  return secret;
}

async function upload(app: FastifyInstance, f: { id: string; accept?: string[] }, headers: Record<string, string>): Promise<{ id: string }> {
  const { payload, contentType } = multipartBody({}, [{ field: "file", ...sampleFileFor(f) }]);
  // Each upload from its own loopback address: all forms together carry more files than the upload limit (30/min per address) allows one client.
  const res = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { ...headers, "content-type": contentType }, payload, remoteAddress: `127.0.1.${(uploads++ % 250) + 1}` });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id as string };
}

/** The AGS the answers name (the forms' `gemeinde` select). */
const agsOf = (answers: Record<string, unknown>) => answers.gemeinde as string;

/** Pays a pay-before submission in the sandbox from its confirmation page (the case opens then). */
async function payBefore(app: FastifyInstance, statusUrl: string, reference: string) {
  const code = new URL(statusUrl, "http://localhost").searchParams.get("code")!;
  const c = new Client(app);
  const eingang = `/antraege/eingang/${reference}?code=${encodeURIComponent(code)}`;
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get(eingang)).body)![1]!;
  const start = await c.post(`/antraege/eingang/${reference}/bezahlen`, { _csrf: token, code });
  assert.equal(start.statusCode, 303);
  const page = await c.get(start.headers.location as string);
  const payUrl = /<a class="kern-btn kern-btn--primary" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
  const html = await (await fetch(payUrl)).text();
  const payToken = /name="token" value="([^"]+)"/.exec(html)![1]!;
  const res = await fetch(payUrl, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: payToken, aktion: "bezahlen" }).toString() });
  const back = new URL(res.headers.get("location")!);
  assert.equal((await c.get(back.pathname + back.search)).statusCode, 303);
}

test("every LeiKa key of every shipped form is a service of the catalogue, and the 24 added forms all have a sample", async (t) => {
  const { db } = await buildTestApp(t);
  const keys = [...new Set(defs.flatMap((d) => d.leikaKeys))];
  const found = new Set((await db.selectFrom("services").select("leika_key").where("leika_key", "in", keys).execute()).map((r) => r.leika_key.trim()));
  for (const def of defs) {
    assert.ok(def.leikaKeys.length > 0, `${def.id}: no LeiKa key`);
    for (const k of def.leikaKeys) assert.ok(found.has(k), `${def.id}: LeiKa ${k} is not in the catalogue`);
  }
  assert.equal(Object.keys(moreFormSamples).length, 24);
  for (const id of Object.keys(moreFormSamples)) assert.ok(defs.some((d) => d.id === id), `${id}: no form file`);
  assert.ok(defs.length >= 30, `${defs.length} forms`);
});

test("every shipped form: the sample is accepted, a case opens in the responsible office, and the receipt PDF names it", async (t) => {
  const { app, db } = await setup(t);
  const token = await citizenToken(app, db);
  const seenOffices = new Set<string>();
  for (const def of defs) {
    const auth: Record<string, string> = def.anonymous ? {} : { authorization: `Bearer ${token}` };
    const answers: Record<string, unknown> = structuredClone(validAnswers[def.id]!);
    assert.ok(answers, `${def.id}: no sample`);
    for (const f of fileFields(def)) answers[f.id] = await upload(app, f, auth);
    const res = await app.inject({ method: "POST", url: `/api/v1/forms/${def.id}/submissions`, headers: { ...auth, "content-type": "application/json" }, payload: JSON.stringify(answers) });
    assert.equal(res.statusCode, 201, `${def.id}: ${res.body.slice(0, 500)}`);
    const { reference, receiptUrl, statusUrl } = res.json() as { reference: string; receiptUrl: string; statusUrl: string };
    const sub = await db.selectFrom("application_submissions").select(["id", "fee_cents", "status", "user_id"]).where("reference", "=", reference).executeTakeFirstOrThrow();
    assert.equal(sub.user_id !== null, !def.anonymous, `${def.id}: belongs to the token's account`);
    const expectedFee = moreFormSamples[def.id]?.feeCents;
    if (expectedFee !== undefined) assert.equal(sub.fee_cents, expectedFee, `${def.id}: fee`);
    assert.equal(sub.fee_cents, feeFor(def, validAnswers[def.id]!), `${def.id}: fee rule`);
    if (def.fee.kind !== "none" && def.fee.payment === "before") {
      assert.equal(sub.status, "payment_pending", def.id);
      assert.equal((await db.selectFrom("cases").select("id").where("submission_id", "=", sub.id).execute()).length, 0, `${def.id}: no case before payment`);
      await payBefore(app, statusUrl, reference);
    }

    // The case: one, in its process, owned by the office the responsibility finder names.
    const kase = await db.selectFrom("cases").innerJoin("org_units", "org_units.id", "cases.owner_unit_id").select(["cases.process_id", "cases.municipality_ags", "cases.state", "org_units.key", "org_units.name"]).where("cases.submission_id", "=", sub.id).executeTakeFirst();
    assert.ok(kase, `${def.id}: no case opened`);
    assert.equal(kase.state, "received", def.id);
    const ags = agsOf(validAnswers[def.id]!);
    if (ags) {
      assert.equal(kase.municipality_ags, ags, `${def.id}: municipality of the case`);
      let expected: string | undefined;
      for (const key of def.leikaKeys) {
        const r = await findResponsible(db, key, ags);
        if (r) {
          expected = r.office.key;
          break;
        }
      }
      assert.ok(expected, `${def.id}: the responsibility rules name no office for ${def.leikaKeys.join(", ")} in ${ags}`);
      assert.equal(kase.key, expected, `${def.id}: owner`);
    }
    const level = moreFormSamples[def.id]?.office;
    if (level === "municipality") assert.ok(kase.key.startsWith(`gem-${ags}`), `${def.id}: owner ${kase.key} should be the municipality ${ags}`);
    if (level === "county") assert.ok(ags.startsWith("08231") ? kase.key.startsWith("gem-08231000-") : kase.key.startsWith("lra-08236-"), `${def.id}: owner ${kase.key} should be the county authority`);
    // Only a form that asks no municipality (the online deregistration of a vehicle) lands at the central services.
    if (ags) seenOffices.add(kase.key);
    else assert.equal(kase.key, "lra-08236-zentrale", def.id);

    // The receipt: a PDF at receiptUrl that names the office that received it.
    const pdf = await app.inject({ url: receiptUrl });
    assert.equal(pdf.statusCode, 200, `${def.id}: receipt`);
    assert.equal(pdf.headers["content-type"], "application/pdf");
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, " ");
    assert.match(text, new RegExp(reference), `${def.id}: receipt names the reference`);
    // Long department names wrap inside the table cell (pdftotext joins "Waffen-" and "und" to "Waffenund"): compared without spaces and hyphens.
    const bare = (s: string) => s.replace(/[\s-]+/g, "");
    assert.ok(bare(text).includes(bare(kase.name)), `${def.id}: receipt names ${kase.name}`);
  }
  // Municipal and county services end in different offices (not all in one fallback inbox).
  assert.ok(seenOffices.size >= 8, [...seenOffices].join(", "));
  assert.ok(![...seenOffices].some((k) => k.endsWith("-zentrale")), `no case fell back to the central services: ${[...seenOffices].join(", ")}`);
});

test("a broken sample is refused at the broken path for every added form (the samples are not accepted by accident)", async (t) => {
  const { app, db } = await buildTestApp(t);
  const token = await citizenToken(app, db);
  for (const id of Object.keys(moreFormSamples)) {
    const def = defs.find((d) => d.id === id)!;
    const auth: Record<string, string> = def.anonymous ? {} : { authorization: `Bearer ${token}` };
    const answers: Record<string, unknown> = { ...structuredClone(validAnswers[id]!), gemeinde: "08236999" };
    for (const f of fileFields(def)) answers[f.id] = await upload(app, f, auth);
    const res = await app.inject({ method: "POST", url: `/api/v1/forms/${id}/submissions`, headers: { ...auth, "content-type": "application/json" }, payload: JSON.stringify(answers) });
    assert.equal(res.statusCode, 422, id);
    assert.ok(res.json().errors.some((e: { path: string }) => e.path === "/gemeinde"), `${id}: ${res.body.slice(0, 300)}`);
  }
});

/** A question a citizen would type for each added form (issue 24 item 1: the best answer leads to the form). */
const questions: Record<string, string> = {
  "gewerbe-anmeldung": "gewerbe anmelden",
  "gewerbe-ummeldung": "gewerbe ummelden",
  "gewerbe-abmeldung": "gewerbe abmelden",
  meldebescheinigung: "meldebestätigung",
  "wohnsitz-anmeldung": "wohnsitz anmelden",
  bewohnerparkausweis: "bewohnerparkausweis",
  "sperrmuell-anmeldung": "sperrmüll",
  "abfallbehaelter-aenderung": "hausmüll",
  "hund-abmeldung": "hundehaltung abmeldung",
  fischereischein: "fischereischein",
  "jagdschein-verlaengerung": "jagdschein",
  "kfz-wunschkennzeichen": "wunschkennzeichen reservieren",
  "kfz-neuzulassung": "kraftfahrzeug zulassung erstmalig",
  "kfz-umschreibung": "kraftfahrzeug ummeldung",
  "fuehrerschein-ersterteilung": "führerschein ausstellung",
  "fuehrerschein-international": "internationaler führerschein",
  "kita-anmeldung": "kindertagesstätte aufnahme",
  "grabnutzungsrecht-verlaengerung": "nutzungsrecht grabstelle",
  "schwerbehindertenausweis-verlaengerung": "schwerbehindertenausweis ausstellung neu",
  waffenbesitzkarte: "waffenbesitzkarte",
  einbuergerung: "einbürgerung",
  "aufenthaltstitel-verlaengerung": "aufenthaltserlaubnis verlängerung",
  "sondernutzung-strasse": "sondernutzung von straßen",
  unterhaltsvorschuss: "unterhaltsvorschuss",
};

test("every added form is reachable from each of its service pages and from the search's best answer; Elterngeld, BAföG and Führungszeugnis link their federal or state online service", async (t) => {
  const { app, db } = await buildTestApp(t);
  assert.deepEqual(Object.keys(questions).sort(), Object.keys(moreFormSamples).sort());
  const misses: string[] = [];
  for (const [id, q] of Object.entries(questions)) {
    const def = defs.find((d) => d.id === id)!;
    const ags = agsOf(moreFormSamples[id]!.answers);
    for (const key of def.leikaKeys) {
      const page = await app.inject({ url: `/leistungen/${key}?ags=${ags}` });
      assert.equal(page.statusCode, 200, `${id}: /leistungen/${key}`);
      assert.ok(page.body.includes(`href="/antraege/${id}"`), `${id}: service page ${key} links the form`);
    }
    const res = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}&ags=${ags}` });
    assert.equal(res.statusCode, 200);
    const best = (res.json() as { results: Array<{ leikaKey?: string; onlineUrl?: string; title: string }> }).results[0];
    if (best?.onlineUrl !== `/antraege/${id}`) misses.push(`${id}: „${q}“ → ${best?.title} (${best?.leikaKey}) ${best?.onlineUrl ?? "ohne Online-Dienst"}`);
    // The HTML search page's best answer carries the same primary action.
    const html = await app.inject({ url: `/suche?q=${encodeURIComponent(q)}&ags=${ags}` });
    if (best?.onlineUrl === `/antraege/${id}`) assert.match(html.body, new RegExp(`kern-btn--primary" href="/antraege/${id}"`), `${id}: best answer button`);
  }
  assert.deepEqual(misses, [], "best answers without the form");

  const linked: Array<[string, string]> = [
    ["99041006000000", "https://www.elterngeld-digital.de/"],
    ["99022001017003", "https://www.bafoeg-digital.de/"],
    ["99049001001003", "https://www.fuehrungszeugnis.bund.de/"],
  ];
  for (const [key, url] of linked) {
    const api = await app.inject({ url: `/api/v1/services/${key}?ags=08236040` });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().onlineUrl, url, key);
    const page = await app.inject({ url: `/leistungen/${key}?ags=08236040` });
    assert.ok(page.body.includes(`href="${url}"`), `${key}: service page links ${url}`);
    assert.equal((await db.selectFrom("form_definitions").select("id").where(({ eb, fn }) => eb(fn("array_position", ["leika_keys", eb.val(key)]), "is not", null)).execute()).length, 0, `${key}: no portal form`);
  }
});
