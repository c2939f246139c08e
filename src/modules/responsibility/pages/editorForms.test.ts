import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../../platform/i18n/index.js";
import { validationMessages } from "../../../platform/i18n/messages.js";
import { responsibilityMessages } from "../messages.js";
import { readResponsibilityForm, readRuleForm } from "./editorForms.js";
import { can } from "../policies.js";

const t = translatorFor(validationMessages, responsibilityMessages)("de");
const areas = new Map([["08236", "08236"], ["08236040", "082365004040"]]);
const offices = new Set(["0b4f7d1c-2f5e-4a61-9d3b-6a1f0c2e9b10"]);

test("responsibility form: valid input gives the area's ARS; each bad field gets a German message, values kept", () => {
  const ok = readResponsibilityForm({ leikaKey: "9910 2013 000000", area: "08236040", officeId: "0B4F7D1C-2F5E-4A61-9D3B-6A1F0C2E9B10" }, t, areas, offices);
  assert.deepEqual(ok.input, { leikaKey: "99102013000000", areaArs: "082365004040", orgUnitId: "0b4f7d1c-2f5e-4a61-9d3b-6a1f0c2e9b10" });
  assert.deepEqual(readResponsibilityForm({ leikaKey: "", area: "08236", officeId: [...offices][0]! }, t, areas, offices).form.errors, { leikaKey: t("resp.error.leikaKeyFormat") });
  const bad = readResponsibilityForm({ leikaKey: "abc", area: "08111000", officeId: "x" }, t, areas, offices);
  assert.equal(bad.input, undefined);
  assert.match(bad.form.errors.leikaKey!, /14 Ziffern/);
  assert.match(bad.form.errors.area!, /Gemeinde des Kreises/);
  assert.match(bad.form.errors.officeId!, /angebotenen Stellen/);
  assert.equal(bad.form.values.leikaKey, "abc");
});

test("rule form: checkbox and note", () => {
  assert.deepEqual(readRuleForm({ updatedAt: "u", active: "1", note: "  Hinweis " }, t).input, { active: true, note: "Hinweis", updatedAt: "u" });
  assert.deepEqual(readRuleForm({ updatedAt: "u", active: "", note: "" }, t).input, { active: false, note: null, updatedAt: "u" });
  assert.deepEqual(readRuleForm({ updatedAt: "u", active: "on", note: "" }, t).input?.active, false);
  assert.ok(readRuleForm({ updatedAt: "u", active: "1", note: "x".repeat(1001) }, t).form.errors.note);
});

test("policy: staff read, editors (and admins, who have isEditor) change; citizens and anonymous nothing", () => {
  assert.equal(can(undefined, "read", "rule"), false);
  assert.equal(can({ kind: "citizen", isEditor: false }, "read", "rule"), false);
  assert.equal(can({ kind: "staff", isEditor: false }, "read", "rule"), true);
  assert.equal(can({ kind: "staff", isEditor: false }, "update", "responsibility"), false);
  assert.equal(can({ kind: "staff", isEditor: true }, "update", "responsibility"), true);
});
