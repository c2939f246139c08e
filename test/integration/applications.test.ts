import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import type { Db } from "../../src/platform/db/index.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";
import { systemContext } from "../../src/platform/commands.js";
import { draftPurger } from "../../src/modules/applications/commands/draftSaver.js";
import { DRAFT_RETENTION_DAYS } from "../../src/modules/applications/index.js";
import { importXDatenfelder } from "../../src/modules/forms/index.js";
import { formDefinitionLoader } from "../../src/modules/applications/commands/formDefinitionLoader.js";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pdfText } from "../support/pdfText.js";

// The shared specs sit beside the repository (../shared from its root).
const BLUE_CARD = `${process.env.KP_SPECS_DIR ?? fileURLToPath(new URL("../../../shared/specs", import.meta.url))}/fim-schema-examples/S00000121_Antrag_Blaue_Karte_EU_xdf2.xml`;

const PASSWORD = "Ein langes Testpasswort 2026";
const HUNDESTEUER = "99102013000000";
const FORM = "hundesteuer-anmeldung";

/** A citizen account and a signed-in client. */
async function citizen(app: FastifyInstance, db: Db, email: string, homeAgs: string | null = null) {
  const user = await db
    .insertInto("users")
    .values({ kind: "citizen", email, display_name: "Erika Mustermann", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: homeAgs, disabled_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c = new Client(app);
  const res = await c.submit("/anmelden", "/anmelden", { email, password: PASSWORD });
  assert.equal(res.statusCode, 303);
  return { c, id: user.id };
}

/** Valid API answers for the dog registration. */
const buildDogAnswers = (over: Record<string, unknown> = {}) => ({
  name: "Erika Mustermann",
  geburtsdatum: "1980-03-14",
  email: "erika@example.org",
  gemeinde: "08236040",
  anschrift: { strasse: "Bahnhofstraße 1", plz: "75417", ort: "Mühlacker" },
  hunde: [{ name: "Bello", rasse: "Labrador", geschlecht: "m", wurfdatum: "2024-01-10", haltungsbeginn: "2026-02-01", anlass: "anschaffung", gefaehrlich: false }],
  ...over,
});

const post = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/api/v1/forms/${FORM}/submissions`, headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(payload) });

test("forms API: list by LeiKa key, definition with JSON Schema", async (t) => {
  const { app } = await buildTestApp(t);
  const list = await app.inject({ url: `/api/v1/forms?leikaKey=${HUNDESTEUER}` });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(list.json(), [{ id: FORM, title: "Hund zur Hundesteuer anmelden", leikaKeys: [HUNDESTEUER, "99110009104000"] }]);
  assert.deepEqual((await app.inject({ url: "/api/v1/forms?leikaKey=99000000000000" })).json(), []);
  assert.equal((await app.inject({ url: "/api/v1/forms?leikaKey=abc" })).statusCode, 400);
  const one = await app.inject({ url: `/api/v1/forms/${FORM}` });
  assert.equal(one.statusCode, 200);
  const body = one.json();
  assert.equal(body.id, FORM);
  assert.equal(body.jsonSchema.type, "object");
  assert.ok(body.jsonSchema.properties.hunde.items.properties.gefaehrlich);
  assert.ok(Array.isArray(body.pages));
  assert.equal((await app.inject({ url: "/api/v1/forms/gibt-es-nicht" })).statusCode, 404);
  // The service page links to the form.
  const service = await app.inject({ url: `/leistungen/${HUNDESTEUER}` });
  assert.match(service.body, new RegExp(`href="/antraege/${FORM}"[^>]*>\\s*<span class="kern-label">\\s*Online beantragen`));
});

test("submissions API: 201 with reference, 422 with paths, idempotency, gap-free references", async (t) => {
  const { app, db } = await buildTestApp(t);
  const year = new Date().getFullYear();
  const ok = await post(app, buildDogAnswers());
  assert.equal(ok.statusCode, 201, ok.body);
  const created = ok.json();
  assert.equal(created.reference, `EK-${year}-000001`);
  assert.match(created.statusUrl, /\/antraege\/status\/EK-\d{4}-000001\?code=/);
  assert.match(created.receiptUrl, /\/antraege\/quittung\//);

  // Broken input: wrong types, missing fields, too long text, future date; nothing is stored.
  const bad = await post(app, buildDogAnswers({ name: "x".repeat(500), geburtsdatum: "14.03.1980", gemeinde: "99999999", hunde: [{ name: "<script>alert(1)</script>", gefaehrlich: "ja", wurfdatum: "2999-01-01" }] }));
  assert.equal(bad.statusCode, 422);
  const paths = bad.json().errors.map((e: { path: string }) => e.path);
  for (const p of ["/name", "/geburtsdatum", "/gemeinde", "/hunde/0/gefaehrlich", "/hunde/0/rasse", "/hunde/0/anlass"]) assert.ok(paths.includes(p), `${p} in ${paths.join(",")}`);
  // Unknown keys are refused first, before the answers are validated (issue 12 item 4).
  const unknown = await post(app, buildDogAnswers({ name: "x".repeat(500), unbekannt: 1, hunde: [{ unbekannt2: 1 }] }));
  assert.equal(unknown.statusCode, 422);
  assert.deepEqual(unknown.json().errors.map((e: { path: string }) => e.path).sort(), ["/hunde/0/unbekannt2", "/unbekannt"]);
  assert.ok(bad.json().errors.every((e: { message: string }) => e.message.length > 5));
  // Conditional rule: a dangerous dog needs a chip number; moving in needs the former municipality.
  const cond = await post(app, buildDogAnswers({ hunde: [{ ...buildDogAnswers().hunde[0], gefaehrlich: true, anlass: "zuzug" }] }));
  assert.deepEqual(cond.json().errors.map((e: { path: string }) => e.path).sort(), ["/hunde/0/chipnummer", "/hunde/0/vorherigeGemeinde"]);

  // Idempotency: the same key and body → the same reference, no second row; another body → 409.
  const headers = { "idempotency-key": "test-key-0001" };
  const first = await post(app, buildDogAnswers(), headers);
  const again = await post(app, buildDogAnswers(), headers);
  assert.equal(first.statusCode, 201);
  assert.equal(again.statusCode, 201);
  assert.equal(again.headers["idempotent-replayed"], "true");
  assert.deepEqual(again.json(), first.json());
  const other = await post(app, buildDogAnswers({ name: "Max Muster" }), headers);
  assert.equal(other.statusCode, 409);
  // Concurrent double submit with one key: one row, and the counter has no gap.
  const burst = await Promise.all(Array.from({ length: 5 }, () => post(app, buildDogAnswers(), { "idempotency-key": "burst-key-0001" })));
  assert.equal(new Set(burst.map((r) => r.json().reference)).size, 1);
  const refs = (await db.selectFrom("application_submissions").select("reference").orderBy("reference").execute()).map((r) => r.reference);
  assert.deepEqual(refs, [1, 2, 3].map((n) => `EK-${year}-00000${n}`));

  // Only the status code's hash is stored; the status and receipt pages need the code.
  const row = await db.selectFrom("application_submissions").selectAll().where("reference", "=", created.reference).executeTakeFirstOrThrow();
  const code = new URL(created.statusUrl).searchParams.get("code")!;
  assert.notEqual(row.status_code_hash, code);
  assert.ok(!JSON.stringify(row).includes(code));
  const status = await app.inject({ url: new URL(created.statusUrl).pathname + new URL(created.statusUrl).search });
  assert.equal(status.statusCode, 200);
  assert.match(status.body, /Eingegangen/);
  const receipt = await app.inject({ url: new URL(created.receiptUrl).pathname + new URL(created.receiptUrl).search });
  assert.equal(receipt.statusCode, 200);
  assert.equal(receipt.headers["content-type"], "application/pdf");
  assert.ok(receipt.rawPayload.subarray(0, 8).toString("latin1").startsWith("%PDF-1.7"));
  const receiptText = pdfText(receipt.rawPayload);
  assert.match(receiptText, /Bello/);
  assert.match(receiptText.replace(/\s+/g, ""), new RegExp(row.answers_hash));
  assert.match(receiptText, new RegExp(created.reference));
  assert.match(receiptText, /Seite 1 von \d/);
  const html = await app.inject({ url: `/antraege/quittung/${created.reference}?code=${encodeURIComponent(code)}` });
  assert.match(html.body, /Bello/);
  assert.match(html.body, new RegExp(row.answers_hash));
  assert.equal((await app.inject({ url: `/antraege/status/${created.reference}?code=falsch` })).statusCode, 404);
  assert.equal((await app.inject({ url: `/antraege/quittung/${created.reference}` })).statusCode, 403);
  assert.ok((await verifyAuditChain(db)).ok);
});

test("page flow: errors keep every answer, repeatable dogs, check page with Mühlacker's tax, confirmation with reference", async (t) => {
  const { app, db, mail } = await buildTestApp(t);
  const { c } = await citizen(app, db, "erika@example.org", "08236040");
  const start = await c.get(`/antraege/${FORM}`);
  assert.equal(start.statusCode, 200);
  const begun = await c.submit(`/antraege/${FORM}`, `/antraege/${FORM}/beginnen`, {});
  assert.equal(begun.statusCode, 303);
  const first = begun.headers.location as string;
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(first)![1]!;
  // Prefill from the account.
  const p1 = await c.get(first);
  assert.match(p1.body, /value="Erika Mustermann"/);
  assert.match(p1.body, /value="erika@example.org"/);
  // Broken date: 422, error summary, inline error, answers kept.
  const e1 = await c.submit(first, first, { name: "Erika Mustermann", geburtsdatum: "31.02.1980", email: "erika@example.org", aktion: "weiter" });
  assert.equal(e1.statusCode, 422);
  assert.match(e1.body, /kp-error-summary/);
  assert.match(e1.body, /href="#geburtsdatum"/);
  assert.match(e1.body, /value="31.02.1980"/);
  const n1 = await c.submit(first, first, { name: "Erika Mustermann", geburtsdatum: "14.03.1980", email: "erika@example.org", aktion: "weiter" });
  assert.equal(n1.headers.location, `/antraege/entwurf/${draftId}/anschrift`);
  const p2url = `/antraege/entwurf/${draftId}/anschrift`;
  assert.match((await c.get(p2url)).body, /<option value="08236040" selected>Mühlacker<\/option>/);
  const e2 = await c.submit(p2url, p2url, { gemeinde: "08236040", "anschrift.strasse": "Bahnhofstraße 1", "anschrift.plz": "7541", "anschrift.ort": "Mühlacker", aktion: "weiter" });
  assert.equal(e2.statusCode, 422);
  assert.match(e2.body, /fünf Ziffern/);
  assert.match(e2.body, /value="Bahnhofstraße 1"/);
  await c.submit(p2url, p2url, { gemeinde: "08236040", "anschrift.strasse": "Bahnhofstraße 1", "anschrift.plz": "75417", "anschrift.ort": "Mühlacker", aktion: "weiter" });
  // Dogs: add a second one, then fill both (the second dangerous, without chip → error at that dog).
  const p3url = `/antraege/entwurf/${draftId}/hunde`;
  const dog = (i: number, over: Record<string, string> = {}) =>
    Object.fromEntries(Object.entries({ name: `Hund${i}`, rasse: "Mischling", geschlecht: "w", wurfdatum: "01.06.2023", haltungsbeginn: "01.02.2026", anlass: "anschaffung", gefaehrlich: "nein", chipnummer: "", ...over }).map(([k, v]) => [`hunde.${i}.${k}`, v]));
  const add = await c.submit(p3url, p3url, { "hunde.__count": "1", ...dog(0), aktion: "hinzufuegen:hunde" });
  assert.equal(add.statusCode, 303);
  const p3 = await c.get(p3url);
  assert.match(p3.body, /Hund 2/);
  assert.match(p3.body, /value="Hund0"/);
  const e3 = await c.submit(p3url, p3url, { "hunde.__count": "2", ...dog(0), ...dog(1, { gefaehrlich: "ja" }), aktion: "weiter" });
  assert.equal(e3.statusCode, 422);
  assert.match(e3.body, /Hund 2: Für einen gefährlichen Hund/);
  const n3 = await c.submit(p3url, p3url, { "hunde.__count": "2", ...dog(0), ...dog(1, { gefaehrlich: "ja", chipnummer: "276098106543210" }), aktion: "weiter" });
  assert.equal(n3.headers.location, `/antraege/entwurf/${draftId}/pruefen`);
  const check = await c.get(`/antraege/entwurf/${draftId}/pruefen`);
  assert.match(check.body, /Hundesteuer in Mühlacker/);
  assert.match(check.body, /108,00 €/);
  assert.match(check.body, /648,00 €/);
  // The dog tax of this year is computed from the answers: the button says that submitting costs money.
  assert.match(check.body, /Hundesteuer \d{4} \(anteilig\)/);
  assert.match(check.body, />Kostenpflichtig absenden</);
  const sent = await c.submit(`/antraege/entwurf/${draftId}/pruefen`, `/antraege/entwurf/${draftId}/absenden`, {});
  assert.equal(sent.statusCode, 303);
  assert.match(sent.headers.location as string, /^\/antraege\/eingang\/EK-\d{4}-000001\?code=/);
  const conf = await c.get(sent.headers.location as string);
  assert.match(conf.body, /EK-\d{4}-000001/);
  // Double click: the second post finds the submission, not a second one.
  const twice = await c.post(`/antraege/entwurf/${draftId}/absenden`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(check.body)![1]! });
  assert.equal(twice.statusCode, 303);
  assert.equal(Number((await db.selectFrom("application_submissions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n), 1);
  const m = await mail.waitFor("erika@example.org", (x) => /Eingangsbest/.test(x.subject));
  assert.match(m.text, /EK-\d{4}-000001/);
  // Draft is gone; "Meine Anträge" lists the submission.
  assert.equal((await db.selectFrom("application_drafts").selectAll().execute()).length, 0);
  assert.match((await c.get("/antraege")).body, /EK-\d{4}-000001/);
  const saved = await db.selectFrom("application_submissions").select("answers").executeTakeFirstOrThrow();
  assert.equal((saved.answers as { hunde: unknown[] }).hunde.length, 2);
});

test("drafts: resumable after logging in again; anonymous drafts bound to their cookie; a citizen sees only their own", async (t) => {
  const { app, db } = await buildTestApp(t);
  const erika = await citizen(app, db, "erika@example.org");
  const max = await citizen(app, db, "max@example.org");
  const begun = await erika.c.submit(`/antraege/${FORM}`, `/antraege/${FORM}/beginnen`, {});
  const first = begun.headers.location as string;
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(first)![1]!;
  const saved = await erika.c.submit(first, first, { name: "Erika M.", geburtsdatum: "14.03.1980", email: "", aktion: "speichern" });
  assert.equal(saved.headers.location, "/antraege");
  // A new session (re-authentication) finds the draft with the answers.
  const again = new Client(app);
  await again.submit("/anmelden", "/anmelden", { email: "erika@example.org", password: PASSWORD });
  assert.match((await again.get("/antraege")).body, new RegExp(draftId));
  assert.match((await again.get(first)).body, /value="Erika M."/);
  // Another citizen: not in their list, 403 on the draft pages, the post changes nothing.
  assert.doesNotMatch((await max.c.get("/antraege")).body, new RegExp(draftId));
  assert.equal((await max.c.get(first)).statusCode, 403);
  const token = /name="_csrf" value="([^"]+)"/.exec((await max.c.get(`/antraege/${FORM}`)).body)![1]!;
  assert.equal((await max.c.post(first, { _csrf: token, name: "Eindringling", aktion: "weiter" })).statusCode, 403);
  assert.equal((await max.c.post(`/antraege/entwurf/${draftId}/absenden`, { _csrf: token })).statusCode, 403);
  const row = await db.selectFrom("application_drafts").select("values").where("id", "=", draftId).executeTakeFirstOrThrow();
  assert.equal(row.values.name, "Erika M.");
  // Anonymous: allowed for this form, the draft belongs to the browser's cookie only.
  const anon = new Client(app);
  const a = await anon.submit(`/antraege/${FORM}`, `/antraege/${FORM}/beginnen`, {});
  assert.equal(a.statusCode, 303);
  const anonUrl = a.headers.location as string;
  assert.equal((await anon.get(anonUrl)).statusCode, 200);
  assert.equal((await new Client(app).get(anonUrl)).statusCode, 403);
  assert.equal((await max.c.get(anonUrl)).statusCode, 403);
  // Submissions: Erika's receipt without code is not for Max.
  const sub = await post(app, buildDogAnswers());
  const ref = sub.json().reference as string;
  assert.equal((await max.c.get(`/antraege/eingang/${ref}`)).statusCode, 403);
  // Retention: drafts untouched for longer than the period are deleted (the nightly job's command).
  await db.updateTable("application_drafts").set({ updated_at: new Date(Date.now() - 31 * 86_400_000) }).where("id", "=", draftId).execute();
  assert.equal(await draftPurger(systemContext(db), { days: DRAFT_RETENTION_DAYS }), 1);
  assert.equal((await max.c.get("/antraege")).statusCode, 200);
  assert.equal((await db.selectFrom("application_drafts").select("id").where("id", "=", draftId).execute()).length, 0);
  // My list without login → login page.
  const anonList = await new Client(app).get("/antraege");
  assert.equal(anonList.statusCode, 303);
});

test("an imported federal FIM schema (Antrag Blaue Karte EU, XDatenfelder 2) is served: API, login-only start, every page renders", { skip: !existsSync(BLUE_CARD) && "specs not present" }, async (t) => {
  const { app, db } = await buildTestApp(t);
  const { definition } = importXDatenfelder(readFileSync(BLUE_CARD, "utf8"), { leikaKeys: ["99010003001000"] });
  await formDefinitionLoader(systemContext(db), { definitions: [definition] });
  const api = await app.inject({ url: "/api/v1/forms/fim-s00000121" });
  assert.equal(api.statusCode, 200);
  assert.equal(api.json().jsonSchema["x-fim"].id, "S00000121");
  assert.deepEqual((await app.inject({ url: "/api/v1/forms?leikaKey=99010003001000" })).json().map((f: { id: string }) => f.id), ["fim-s00000121"]);
  // Needs an account: the API refuses (it ignores cookies), the start page asks to log in.
  assert.equal((await app.inject({ method: "POST", url: "/api/v1/forms/fim-s00000121/submissions", headers: { "content-type": "application/json" }, payload: "{}" })).statusCode, 403);
  assert.match((await app.inject({ url: "/antraege/fim-s00000121" })).body, /Anmelden und beginnen/);
  const { c } = await citizen(app, db, "blue@example.org");
  const begun = await c.submit("/antraege/fim-s00000121", "/antraege/fim-s00000121/beginnen", {});
  const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(begun.headers.location as string)![1]!;
  for (const page of definition.pages) {
    const res = await c.get(`/antraege/entwurf/${draftId}/${page.id}`);
    assert.equal(res.statusCode, 200, page.id);
    // Submitting an empty page shows errors for the required fields, never a crash.
    const posted = await c.submit(`/antraege/entwurf/${draftId}/${page.id}`, `/antraege/entwurf/${draftId}/${page.id}`, { aktion: "weiter" });
    assert.ok([303, 422].includes(posted.statusCode), `${page.id}: ${posted.statusCode}`);
  }
  // 10 pages: a long form with task list; "check your answers" waits until every section is complete.
  const check = await c.get(`/antraege/entwurf/${draftId}/pruefen`);
  assert.equal(check.statusCode, 303);
  assert.equal(check.headers.location, `/antraege/entwurf/${draftId}/uebersicht`);
  const tasks = await c.get(`/antraege/entwurf/${draftId}/uebersicht`);
  assert.equal(tasks.statusCode, 200);
  assert.equal((tasks.body.match(/class="kern-task-list__item"/g) ?? []).length, definition.pages.length + 1);
  assert.match(tasks.body, /Fehler/);
});
