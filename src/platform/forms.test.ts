import { test } from "node:test";
import assert from "node:assert/strict";
import { readForm, rules, validate } from "./forms.js";
import { translatorFor } from "./i18n/index.js";
import { validationMessages } from "./i18n/messages.js";

const t = translatorFor(validationMessages)("de");

test("readForm normalises, strips control characters and ignores non-strings", () => {
  const v = readForm({ a: "  Mu\u0308ller\u0000 ", b: ["x", "y"], c: { x: 1 } }, ["a", "b", "c", "d"] as const);
  assert.equal(v.a, "Müller");
  assert.equal(v.a.length, 6, "NFC: ü is one code point");
  assert.equal(v.b, "");
  assert.equal(v.c, "");
  assert.equal(v.d, "");
});

test("validate reports the first failing rule per field", () => {
  const f = validate({ email: "a@b", name: "" }, { email: [rules.required(), rules.email()], name: [rules.required(), rules.maxLength(3)] }, t);
  assert.match(f.errors.email!, /Format/);
  assert.match(f.errors.name!, /füllen Sie dieses Feld aus/);
  const ok = validate({ email: "erika@example.org", name: "Eri" }, { email: [rules.required(), rules.email()], name: [rules.maxLength(3)] }, t);
  assert.deepEqual(ok.errors, {});
  assert.match(validate({ n: "abcd" }, { n: [rules.maxLength(3)] }, t).errors.n!, /höchstens 3/);
});
