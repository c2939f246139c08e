/**
 * Issue 24 item 7: a citizen deletes a started draft from "Meine Anträge" — a confirmation page (no
 * JavaScript), a CSRF-protected POST, only the own drafts (someone else's id → 404), its uploaded files
 * deleted with it, audited in the same transaction.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildTestApp, Client, signedIn } from "../helpers.js";
import { SAMPLE_PDF } from "../fixtures/formAnswers.js";
import { multipartBody } from "../support/uploads.js";
import { verifyAuditChain } from "../../src/platform/audit/index.js";

async function begin(c: Client, formId: string) {
  const res = await c.submit(`/antraege/${formId}`, `/antraege/${formId}/beginnen`, {});
  assert.equal(res.statusCode, 303);
  return /entwurf\/([0-9a-f-]{36})\//.exec(res.headers.location as string)![1]!;
}

async function postStep(app: FastifyInstance, c: Client, url: string, fields: Record<string, string>, files: Array<{ field: string; name: string; type?: string; content: Buffer }>) {
  const token = /name="_csrf" value="([^"]+)"/.exec((await c.get(url)).body)![1]!;
  const { payload, contentType } = multipartBody({ _csrf: token, ...fields }, files);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return app.inject({ method: "POST", url, headers: { cookie, "content-type": contentType }, payload });
}

test("issue 24 item 7: a citizen deletes an own draft after confirming; its files go, others' drafts are 404, no CSRF → refused", async (t) => {
  const { app, db } = await buildTestApp(t);
  const erika = await signedIn(app, db, { kind: "citizen", email: "erika@example.org" });
  const max = await signedIn(app, db, { kind: "citizen", email: "max@example.org" });

  const draftId = await begin(erika, "wohngeld-erstantrag");
  const typed = { mietverhaeltnis: "hauptmiete", mietbeginn: "01.04.2022", "vermieter.name": "Wohnbau Pforzheim GmbH", "vermieter.anschrift": "Musterweg 1, 75172 Pforzheim", verwandtVermieter: "nein", aktion: "weiter" };
  const up = await postStep(app, erika, `/antraege/entwurf/${draftId}/mietverhaeltnis`, typed, [{ field: "mietbescheinigung", name: "Mietbescheinigung.pdf", type: "application/pdf", content: SAMPLE_PDF }]);
  assert.equal(up.statusCode, 303);
  const fileIds = (await db.selectFrom("files").select("id").where("purpose", "=", "application").execute()).map((f) => f.id);
  assert.equal(fileIds.length, 1);
  const maxDraft = await begin(max, "wohngeld-erstantrag");

  // "Meine Anträge" links each draft to its confirmation page.
  const list = await erika.get("/antraege");
  assert.equal(list.statusCode, 200);
  assert.match(list.body, new RegExp(`href="/antraege/entwurf/${draftId}/loeschen"[^>]*>[^]*?Entwurf löschen`));
  assert.doesNotMatch(list.body, new RegExp(maxDraft));

  // The confirmation page: a plain form (CSRF token), names the form, a way back.
  const confirm = await erika.get(`/antraege/entwurf/${draftId}/loeschen`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Wohngeld/);
  assert.match(confirm.body, new RegExp(`<form method="post" action="/antraege/entwurf/${draftId}/loeschen"[^]*?name="_csrf"`));
  assert.match(confirm.body, /href="\/antraege"/);

  // Someone else's draft and unknown ids: 404 for the page and the POST; nothing deleted.
  assert.equal((await erika.get(`/antraege/entwurf/${maxDraft}/loeschen`)).statusCode, 404);
  assert.equal((await erika.submit(`/antraege/entwurf/${draftId}/loeschen`, `/antraege/entwurf/${maxDraft}/loeschen`, {})).statusCode, 404);
  assert.equal((await erika.get("/antraege/entwurf/00000000-0000-4000-8000-000000000000/loeschen")).statusCode, 404);
  assert.ok(await db.selectFrom("application_drafts").select("id").where("id", "=", maxDraft).executeTakeFirst());

  // Without the CSRF token the POST is refused.
  const noToken = await erika.post(`/antraege/entwurf/${draftId}/loeschen`, {});
  assert.equal(noToken.statusCode, 403);
  assert.ok(await db.selectFrom("application_drafts").select("id").where("id", "=", draftId).executeTakeFirst());

  // Confirmed: the draft and its file are gone, back to "Meine Anträge" with a notice.
  const del = await erika.submit(`/antraege/entwurf/${draftId}/loeschen`, `/antraege/entwurf/${draftId}/loeschen`, {});
  assert.equal(del.statusCode, 303);
  assert.equal(del.headers.location, "/antraege?entwurf=geloescht");
  assert.equal(await db.selectFrom("application_drafts").select("id").where("id", "=", draftId).executeTakeFirst(), undefined);
  assert.deepEqual(await db.selectFrom("files").select("id").where("id", "in", fileIds).execute(), []);
  const after = await erika.get(del.headers.location as string);
  assert.match(after.body, /Der Entwurf wurde gelöscht/);
  assert.doesNotMatch(after.body, new RegExp(draftId));
  assert.equal((await erika.get(`/antraege/entwurf/${draftId}/loeschen`)).statusCode, 404);

  // Audited (in the same transaction as the deletion), the chain intact; Max's draft untouched.
  const audit = await db.selectFrom("audit_log").select(["action", "object_id"]).where("action", "=", "application.draft_deleted").execute();
  assert.deepEqual(audit, [{ action: "application.draft_deleted", object_id: draftId }]);
  assert.equal((await verifyAuditChain(db)).ok, true);
  assert.ok(await db.selectFrom("application_drafts").select("id").where("id", "=", maxDraft).executeTakeFirst());
});
