import { test } from "node:test";
import assert from "node:assert/strict";
import { isEmailAddress, normalizeEmailAddress } from "./address.js";

test("isEmailAddress: the one strict rule (issue 12 item 8)", () => {
  for (const ok of ["erika@example.org", "erika.mustermann+antrag@lra.enzkreis.de", "o'brien@example.ie", "info@müller-bau.de", "a@b.co", "x@xn--mller-kva.de", "A_B-c@sub.example.travel"]) assert.ok(isEmailAddress(ok), ok);
  for (const bad of [
    `erika@example.org)))'".(.,(`,
    "erika@example.org)",
    "erika@example",
    "erika@.example.org",
    "erika@example..org",
    "erika@-example.org",
    "erika@example.org.",
    "erika@example.123",
    ".erika@example.org",
    "erika.@example.org",
    "er..ika@example.org",
    `"erika"@example.org`,
    "erika example@example.org",
    "erika@exa mple.org",
    "erika@@example.org",
    "erika@example.org\n",
    "<erika@example.org>",
    "Erika <erika@example.org>",
    "erika@example.org,b@example.org",
    "erika@[127.0.0.1]",
    "",
    "@example.org",
    `${"a".repeat(65)}@example.org`,
    `a@${"b".repeat(250)}.de`,
  ])
    assert.ok(!isEmailAddress(bad), JSON.stringify(bad));
  assert.equal(normalizeEmailAddress("  Erika@Example.ORG "), "erika@example.org");
});
