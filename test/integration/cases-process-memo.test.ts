/**
 * The case's process definition row (case_processes) is written until a committed submission stored it, then
 * skipped (issue 13): remembered only after the commit, so a rolled-back submission leaves nothing remembered.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildTestApp } from "../helpers.js";
import type { Db } from "../../src/platform/db/index.js";
import { applicationSubmitter } from "../../src/modules/applications/commands/applicationSubmitter.js";
import { formServiceFacts } from "../../src/modules/applications/queries.js";
import { processForForm } from "../../src/modules/cases/registry.js";
import { getCaseForSubmission } from "../../src/modules/cases/index.js";
import { validAnswers } from "../fixtures/formAnswers.js";

async function submit(db: Db, formId: string, prefix: string) {
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", formId).orderBy("version", "desc").executeTakeFirstOrThrow();
  return applicationSubmitter({ actor: { type: "anonymous", id: null }, db }, { formId, formVersion: form.version, referencePrefix: prefix, answers: structuredClone(validAnswers[formId]!), feeCents: 0, userId: null, channel: "api", statusSecret: "test-secret" });
}

test("a submission rolled back after its case stored the process leaves it unremembered: the next one stores it again (issue 13)", async (t) => {
  const { db } = await buildTestApp(t);
  const form = await db.selectFrom("form_definitions").select(["version"]).where("id", "=", "hundesteuer-anmeldung").orderBy("version", "desc").executeTakeFirstOrThrow();
  const def = await processForForm("hundesteuer-anmeldung", (await formServiceFacts(db, "hundesteuer-anmeldung", form.version))?.leikaKeys ?? []);
  const other = await processForForm("bauantrag", (await formServiceFacts(db, "bauantrag", (await db.selectFrom("form_definitions").select("version").where("id", "=", "bauantrag").orderBy("version", "desc").executeTakeFirstOrThrow()).version))?.leikaKeys ?? []);
  assert.notEqual(def.id, other.id, "the two forms run different processes");

  // A first submission of another process takes reference T-<year>-000001; the counter is then set back, so the
  // next submission's renumbering (after its case and the process row were written) collides and rolls back.
  const first = await submit(db, "bauantrag", "T");
  assert.equal(first.kind, "created");
  await db.deleteFrom("case_processes").where("id", "=", def.id).where("version", "=", def.version).execute();
  await db.updateTable("application_reference_counters").set({ last: 0 }).where("prefix", "=", "T").execute();
  await assert.rejects(submit(db, "hundesteuer-anmeldung", "T"), (err: { code?: string }) => err.code === "23505");
  const rolledBack = await db.selectFrom("case_processes").select("id").where("id", "=", def.id).where("version", "=", def.version).executeTakeFirst();
  assert.equal(rolledBack, undefined, "the rolled-back transaction left no process row");

  // Remembered before the commit, this one would skip the row and fail on the cases' foreign key.
  await db.updateTable("application_reference_counters").set({ last: 1 }).where("prefix", "=", "T").execute();
  const second = await submit(db, "hundesteuer-anmeldung", "T");
  assert.equal(second.kind, "created");
  assert.ok(second.kind === "created" && (await getCaseForSubmission(db, second.id)), "the submission has its case");
  const stored = await db.selectFrom("case_processes").select("id").where("id", "=", def.id).where("version", "=", def.version).executeTakeFirst();
  assert.ok(stored, "the process row is stored again");

  // Committed once: later submissions of the process find it remembered and still get their case.
  const third = await submit(db, "hundesteuer-anmeldung", "T");
  assert.ok(third.kind === "created" && (await getCaseForSubmission(db, third.id)));
});
