import { test } from "node:test";
import assert from "node:assert/strict";
import { applyDraftEdits, draftValues, withTextModule, withoutModule } from "./courseEditing.js";
import { checkCourse, loadCourseFolder } from "./courses.js";

test("one language's texts are applied, other languages untouched; numbers parsed; errors leave the draft as it was", () => {
  const c = loadCourseFolder("datenschutz-grundlagen");
  const en = draftValues(c, "en");
  const { content, errors } = applyDraftEdits(c, "en", { ...en, title: "Data protection at work", fee: "12,50", validityMonths: "", version: String(c.version + 1) }, c.version + 1);
  assert.deepEqual(errors, {});
  assert.equal(content.title.en, "Data protection at work");
  assert.equal(content.title.de, c.title.de, "German untouched");
  assert.equal(content.feeCents, 1250);
  assert.equal(content.validityMonths, null);
  assert.notEqual(c.title.en, "Data protection at work", "the input content is not changed");

  const bad = applyDraftEdits(c, "de", { ...draftValues(c, "de"), title: " ", passPercent: "101", version: String(c.version) }, c.version + 1);
  assert.deepEqual(Object.keys(bad.errors).sort(), ["passPercent", "title", "version"]);
  assert.equal(bad.content, c);
});

test("a new text module needs its Markdown in every language before publishing; removing it clears that", () => {
  const c = loadCourseFolder("datenschutz-grundlagen");
  assert.deepEqual(checkCourse(c), []);
  const added = withTextModule(c, "Zusammenfassung");
  const id = added.modules.at(-1)!.id;
  assert.deepEqual(checkCourse(added), c.languages.map((l) => `Text ${id}: Markdown für ${l} fehlt`));
  assert.deepEqual(checkCourse(withoutModule(added, id)), []);
});

test("the renewal reminder's days are edited with the numbers: 1 to 365, empty leaves the portal's default", () => {
  const c = loadCourseFolder("datenschutz-grundlagen");
  const de: Record<string, string> = { ...draftValues(c, "de"), version: String(c.version + 1) };
  assert.equal(de.renewalReminderDays, "");
  const set = applyDraftEdits(c, "de", { ...de, renewalReminderDays: "60" }, c.version + 1);
  assert.deepEqual(set.errors, {});
  assert.equal(set.content.renewalReminderDays, 60);
  assert.equal(draftValues(set.content, "de").renewalReminderDays, "60");
  assert.ok(!("renewalReminderDays" in applyDraftEdits(set.content, "de", { ...de, renewalReminderDays: " " }, c.version + 1).content), "emptied: the key is gone");
  for (const bad of ["0", "366", "zwei"]) assert.equal(applyDraftEdits(c, "de", { ...de, renewalReminderDays: bad }, c.version + 1).errors.renewalReminderDays, "learning.editor.error.renewal", bad);
});
