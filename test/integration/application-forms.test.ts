/**
 * Every shipped form end to end against real PostgreSQL: the API (201 for a valid JSON submission, 422 with
 * the broken paths), and the no-JS page flow (every page renders, an empty page gives errors, the answers
 * typed as a person would reach "check your answers" and submit).
 */
import { berlinDate } from "../../src/platform/time/berlin.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client } from "../helpers.js";
import { hashPassword } from "../../src/platform/auth/password.js";
import type { Db } from "../../src/platform/db/index.js";
import { readFormFiles, type FormDefinition, type ItemDef, isRepeatingGroup } from "../../src/modules/forms/index.js";
import { fileFieldIds, fileFields, sampleFileFor, validAnswers } from "../fixtures/formAnswers.js";
import { moreFormSamples } from "../fixtures/moreFormAnswers.js";
import { multipartBody } from "../support/uploads.js";
import { createHash } from "node:crypto";

const defs = await readFormFiles();

/** Stored answers = the sample plus a reference per file field (a PDF, or a JPEG for the licence photo). */
function assertStored(def: FormDefinition, stored: Record<string, unknown>) {
  const files = fileFieldIds(def);
  const rest = Object.fromEntries(Object.entries(stored).filter(([k]) => !files.includes(k)));
  assert.deepEqual(rest, validAnswers[def.id], def.id);
  for (const f of fileFields(def)) {
    const ref = stored[f.id] as { mediaType: string; sha256: string; name: string };
    const sample = sampleFileFor(f);
    assert.equal(ref.mediaType, sample.type, `${def.id}: ${f.id}`);
    assert.equal(ref.sha256, createHash("sha256").update(sample.content).digest("hex"));
    assert.equal(ref.name, sample.name);
  }
}
const PASSWORD = "Ein langes Testpasswort 2026";
let uploads = 0;

/** JSON answers → the strings a person types on one page (German dates, numbers with comma, Ja/Nein). */
function pageValues(def: FormDefinition, pageId: string, answers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (items: ItemDef[], node: Record<string, unknown>, prefix: string) => {
    for (const item of items) {
      const name = prefix ? `${prefix}.${item.id}` : item.id;
      const v = node?.[item.id];
      if (item.kind === "group") {
        if (isRepeatingGroup(item)) {
          const list = (v as Array<Record<string, unknown>> | undefined) ?? [];
          out[`${name}.__count`] = String(Math.max(1, list.length));
          list.forEach((inst, i) => walk(item.children, inst, `${name}.${i}`));
        } else walk(item.children, (v ?? {}) as Record<string, unknown>, name);
        continue;
      }
      if (v === undefined) continue;
      if (item.type === "bool") out[name] = v ? "ja" : "nein";
      else if (item.type === "date") out[name] = String(v).split("-").reverse().join(".");
      else if (item.type === "currency" || item.type === "number") out[name] = String(v).replace(".", ",");
      else out[name] = String(v);
    }
  };
  walk(def.pages.find((p) => p.id === pageId)!.items, answers, "");
  return out;
}

async function citizen(app: FastifyInstance, db: Db, email: string) {
  await db.insertInto("users").values({ kind: "citizen", email, display_name: "Erika Mustermann", password_hash: await hashPassword(PASSWORD), email_verified_at: new Date(), home_ags: "08236040", disabled_at: null }).execute();
  const c = new Client(app);
  assert.equal((await c.submit("/anmelden", "/anmelden", { email, password: PASSWORD })).statusCode, 303);
  return c;
}

test("forms API: every shipped form is listed under its LeiKa keys and served with its JSON Schema and field paths", async (t) => {
  const { app } = await buildTestApp(t);
  for (const def of defs) {
    for (const key of def.leikaKeys) assert.ok((await app.inject({ url: `/api/v1/forms?leikaKey=${key}` })).json().some((f: { id: string }) => f.id === def.id), `${def.id} under ${key}`);
    const res = await app.inject({ url: `/api/v1/forms/${def.id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().jsonSchema.type, "object");
  }
  // The API documentation names every form's field paths.
  const docsRes = await app.inject({ url: "/api/openapi.json" });
  assert.equal(docsRes.statusCode, 200, docsRes.body.slice(0, 300));
  const docs = docsRes.json();
  const description = JSON.stringify(docs.paths["/api/v1/forms/{id}/submissions"].post);
  for (const def of defs) assert.ok(description.includes(def.id), def.id);
  assert.ok(description.includes("/mitglieder/{i}/brutto"));
  assert.ok(description.includes("/entwurfsverfasser/kammernummer"));
});

test("submissions API: a valid submission per form gets a reference and fee, broken ones 422 at the right paths", async (t) => {
  const { app, db } = await buildTestApp(t);
  const post = (id: string, body: unknown) => app.inject({ method: "POST", url: `/api/v1/forms/${id}/submissions`, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
  const upload = async (f: { id: string; accept?: string[] }) => {
    const { payload, contentType } = multipartBody({}, [{ field: "file", ...sampleFileFor(f) }]);
    // Each upload from its own loopback address: the 24 added forms carry more files than the upload limit (30/min per address) allows one client.
    const res = await app.inject({ method: "POST", url: "/api/v1/uploads", headers: { "content-type": contentType }, payload, remoteAddress: `127.0.1.${(uploads++ % 250) + 1}` });
    assert.equal(res.statusCode, 201, res.body);
    return { id: res.json().id as string };
  };
  const withFiles = async (def: FormDefinition) => {
    const body: Record<string, unknown> = structuredClone(validAnswers[def.id]!);
    for (const f of fileFields(def)) body[f.id] = await upload(f);
    return body;
  };
  for (const def of defs) {
    const res = await post(def.id, await withFiles(def));
    if (!def.anonymous) {
      // Forms that need an account (identity checked by the Führerscheinstelle) are portal-only for now.
      assert.equal(res.statusCode, 403, def.id);
      continue;
    }
    assert.equal(res.statusCode, 201, `${def.id}: ${res.body}`);
    const row = await db.selectFrom("application_submissions").select(["form_id", "fee_cents", "answers"]).where("reference", "=", res.json().reference).executeTakeFirstOrThrow();
    assert.equal(row.form_id, def.id);
    assert.ok(!JSON.stringify(row.answers).includes("Die Datei"));
    assertStored(def, row.answers as Record<string, unknown>);
    // Dog tax (computed): the sample dog is kept since 1 Feb 2026 in Mühlacker (108 €/year): March–December in 2026, the whole year later.
    const dogTax = Number(berlinDate(new Date()).slice(0, 4)) === 2026 ? 9000 : 10800;
    assert.equal(row.fee_cents, def.id === "kfz-ausserbetriebsetzung" ? 570 : def.id === "hundesteuer-anmeldung" ? dogTax : (moreFormSamples[def.id]?.feeCents ?? 0), def.id);
  }
  const bad = async (id: string, change: (a: Record<string, any>) => void) => {
    const a = (await withFiles(defs.find((d) => d.id === id)!)) as Record<string, any>;
    change(a);
    const res = await post(id, a);
    assert.equal(res.statusCode, 422, id);
    return res.json().errors.map((e: { path: string }) => e.path).sort();
  };
  assert.deepEqual(await bad("wohngeld-erstantrag", (a) => ((a.mitglieder[1].vornamen = "x".repeat(200)), (a.grundmiete = "viel"))), ["/grundmiete", "/mitglieder/1/vornamen"]);
  // Unknown keys are refused before the answers are validated (issue 12 item 4).
  assert.deepEqual(await bad("wohngeld-erstantrag", (a) => ((a.grundmiete = "viel"), (a.extra = 1))), ["/extra"]);
  assert.deepEqual(await bad("kfz-ausserbetriebsetzung", (a) => ((a.fin = "<script>alert(1)</script>"), (a.richtigkeit = false))), ["/fin", "/richtigkeit"]);
  assert.deepEqual(await bad("schwerbehinderung-feststellung", (a) => ((a.behandelnde = []), (a.geburtsdatum = "2999-12-31"))), ["/behandelnde", "/geburtsdatum"]);
  assert.deepEqual(await bad("bauantrag", (a) => ((a.bauherren[0].email = "kein-mail"), (a.baukosten = -5), delete a.entwurfsverfasser)), ["/bauherren/0/email", "/baukosten", "/entwurfsverfasser/anschrift", "/entwurfsverfasser/berechtigung", "/entwurfsverfasser/email", "/entwurfsverfasser/name", "/entwurfsverfasser/telefon"]);
  // Plans: missing, an unknown upload id → 422 at the file fields.
  assert.deepEqual(await bad("bauantrag", (a) => (delete a.lageplan, (a.bauzeichnungen = { id: "00000000-0000-4000-8000-000000000000" }))), ["/bauzeichnungen", "/lageplan"]);
});

for (const def of defs) {
  test(`page flow ${def.id}: every page renders, an empty page shows errors, the typed answers are submitted`, async (t) => {
    const { app, db } = await buildTestApp(t);
    const c = def.anonymous ? new Client(app) : await citizen(app, db, "erika@example.org");
    const begun = await c.submit(`/antraege/${def.id}`, `/antraege/${def.id}/beginnen`, {});
    assert.equal(begun.statusCode, 303);
    const draftId = /entwurf\/([0-9a-f-]{36})\//.exec(begun.headers.location as string)![1]!;
    const base = `/antraege/entwurf/${draftId}`;
    for (const page of def.pages) {
      const url = `${base}/${page.id}`;
      const empty = await c.get(url);
      assert.equal(empty.statusCode, 200, page.id);
      assert.match(empty.body, new RegExp(page.title.replace(/[()]/g, ".")));
      // Clear every prefilled value: an empty page must answer 422 with an error summary.
      const blank = Object.fromEntries(Object.keys(pageValues(def, page.id, validAnswers[def.id]!)).map((k) => [k, k.endsWith("__count") ? "1" : ""]));
      const e = await c.submit(url, url, { ...blank, aktion: "weiter" });
      assert.equal(e.statusCode, 422, `${page.id} empty`);
      assert.match(e.body, /kp-error-summary/);
      const files = fileFields(def).filter((f) => page.items.includes(f));
      let ok;
      if (files.length) {
        // Plans as multipart, like a browser without JavaScript.
        const token = /name="_csrf" value="([^"]+)"/.exec((await c.get(url)).body)![1]!;
        const { payload, contentType } = multipartBody({ _csrf: token, ...pageValues(def, page.id, validAnswers[def.id]!), aktion: "weiter" }, files.map((f) => ({ field: f.id, ...sampleFileFor(f) })));
        ok = await app.inject({ method: "POST", url, headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": contentType }, payload });
      } else ok = await c.submit(url, url, { ...pageValues(def, page.id, validAnswers[def.id]!), aktion: "weiter" });
      assert.equal(ok.statusCode, 303, `${page.id}: ${ok.body.match(/kern-error[^]*?<\/p>/)?.[0] ?? ""}`);
    }
    const check = await c.get(`${base}/pruefen`);
    assert.equal(check.statusCode, 200);
    assert.doesNotMatch(check.body, /kp-error-summary/);
    assert.match(check.body, def.fee.kind === "none" ? />Antrag absenden</ : />Kostenpflichtig absenden</);
    const sent = await c.submit(`${base}/pruefen`, `${base}/absenden`, {});
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
    const row = await db.selectFrom("application_submissions").select("answers").where("form_id", "=", def.id).executeTakeFirstOrThrow();
    // The page flow stores the same answers as the API.
    assertStored(def, row.answers as Record<string, unknown>);
  });
}
