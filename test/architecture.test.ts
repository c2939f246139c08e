import { test } from "node:test";
import assert from "node:assert/strict";
import { compare, moduleLets, tablesUsed } from "../scripts/architecture/check.js";

test("issue 11: the architecture check finds table names in Kysely calls and raw SQL", () => {
  const used = tablesUsed(`
    db.selectFrom("users").select("id");
    tx.insertInto('org_units').values({});
    db.selectFrom("cases as c").innerJoin("application_submissions as s", "s.id", "c.submission_id");
    sql\`SELECT version FROM catalog_version\`; sql\`UPDATE responsibility_rules SET x = 1\`;
  `);
  for (const t of ["users", "org_units", "cases", "application_submissions", "catalog_version", "responsibility_rules"]) assert.ok(used.has(t), t);
});

test("issue 11: module-level mutable state is found; caches in const bindings are not", () => {
  assert.deepEqual(moduleLets("let jobMailer: Mailer | undefined;\nexport let x = 1;\nconst cache = new Map();\n  let inner = 2;\n"), ["jobMailer", "x"]);
});

test("issue 11: the allow-list only shrinks: a new violation and a fixed entry both fail", () => {
  assert.deepEqual(compare(["a", "b"], new Set(["a", "b"])), { fresh: [], gone: [] });
  assert.deepEqual(compare(["a", "c"], new Set(["a", "b"])), { fresh: ["c"], gone: ["b"] });
});
