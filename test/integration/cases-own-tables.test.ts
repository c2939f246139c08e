/** The case engine reads only its own tables (ADR 0052): the served county and the answers a notice reads. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { sql } from "kysely";
import { buildTestApp } from "../helpers.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { DEMO_MUNICIPALITY_AGS, getCaseForSubmission } from "../../src/modules/cases/index.js";
import { noticeAnswers } from "../../src/modules/cases/noticeFacts.js";
import { validAnswers } from "../fixtures/formAnswers.js";

test("the served county is recorded per database at start; a case keeps the answers its notice reads, and migration 0048 fills old cases the same way", async (t) => {
  const { db, config } = await buildTestApp(t);
  assert.deepEqual(await db.selectFrom("case_settings").select("served_county").execute(), [{ served_county: config.countyKey }]);

  const form = await db.selectFrom("form_definitions").select("version").where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow();
  const lageplan = { id: "3f0c2b1e-8d4a-4c6b-9e2f-1a2b3c4d5e6f", name: "lageplan.pdf", mediaType: "application/pdf", size: 1234, sha256: "a".repeat(64) };
  const answers = { lageplan, ...structuredClone(validAnswers.bauantrag!), gemeinde: DEMO_MUNICIPALITY_AGS };
  const res = await applicationSubmitter({ actor: { type: "anonymous", id: null }, db }, { formId: "bauantrag", formVersion: form.version, referencePrefix: "EK", answers, feeCents: 0, userId: null, channel: "web", statusSecret: "test-secret" });
  assert.equal(res.kind, "created");
  if (res.kind !== "created") return;
  const kase = await getCaseForSubmission(db, res.id);
  const stored = async () => (await db.selectFrom("cases").select("notice_answers").where("id", "=", kase!.id).executeTakeFirstOrThrow()).notice_answers;
  const kept = noticeAnswers(answers);
  assert.deepEqual(await stored(), kept);
  assert.ok(!("lageplan" in kept) && !("gemeinde" in kept), "files and other answers stay with the submission");

  // A case opened before 0048: the migration's statement fills it from the submission with the same keys.
  await db.updateTable("cases").set({ notice_answers: null }).where("id", "=", kase!.id).execute();
  const migration = await readFile(new URL("../../migrations/0048_case_notice_answers_and_served_county.sql", import.meta.url), "utf8");
  const backfill = /UPDATE cases c SET notice_answers[\s\S]*?WHERE c\.submission_id IS NOT NULL;/.exec(migration)![0];
  await sql.raw(backfill).execute(db);
  assert.deepEqual(await stored(), kept);
});
