import { test } from "node:test";
import assert from "node:assert/strict";
import { translatorFor } from "../../platform/i18n/index.js";
import { orchardLoanMessages } from "./loanMessages.js";
import { parseEuroCents, validateChecklist, validateRating } from "./loanValidation.js";

const t = translatorFor(orchardLoanMessages)("de");
const values = (over: Record<string, string> = {}) => ({ zustand: "good", notiz: "", zubehoer: "yes", kaution: "yes", betrag: "", ...over });

test("euro amounts as typed: comma or point, at most two decimals", () => {
  assert.equal(parseEuroCents("25"), 2500);
  assert.equal(parseEuroCents("25,5"), 2550);
  assert.equal(parseEuroCents("25.05"), 2505);
  for (const bad of ["", "-3", "1,234", "abc", "25,"]) assert.equal(parseEuroCents(bad), undefined, bad);
});

test("check-list: pick-up knows only yes/no for the deposit; return needs an amount below the deposit for 'partly'", () => {
  assert.ok(validateChecklist(values(), "pickup", 10000, t).checklist);
  assert.ok(validateChecklist(values({ kaution: "partly" }), "pickup", 10000, t).form.errors.kaution);
  const r = validateChecklist(values({ kaution: "partly", betrag: "40" }), "return", 10000, t);
  assert.equal(r.checklist?.depositReturnedCents, 4000);
  assert.ok(validateChecklist(values({ kaution: "partly", betrag: "100" }), "return", 10000, t).form.errors.betrag);
  assert.ok(validateChecklist(values({ kaution: "partly", betrag: "0" }), "return", 10000, t).form.errors.betrag);
  // The amount only counts for "partly".
  assert.equal(validateChecklist(values({ kaution: "yes", betrag: "40" }), "return", 10000, t).checklist?.depositReturnedCents, null);
  const bad = validateChecklist(values({ zustand: "broken", zubehoer: "", notiz: "x".repeat(1001) }), "return", 0, t);
  assert.deepEqual(Object.keys(bad.form.errors).sort(), ["notiz", "zubehoer", "zustand"]);
  assert.equal(bad.checklist, undefined);
});

test("rating: 1–5 stars, comment at most 500 characters", () => {
  assert.deepEqual(validateRating({ sterne: "3", kommentar: " gut " }, t).rating, { stars: 3, comment: "gut" });
  for (const s of ["0", "6", "", "3.5", "五"]) assert.ok(validateRating({ sterne: s, kommentar: "" }, t).form.errors.sterne, s);
  assert.ok(validateRating({ sterne: "5", kommentar: "x".repeat(501) }, t).form.errors.kommentar);
  assert.ok(validateRating({ sterne: "5", kommentar: "x".repeat(500) }, t).rating);
});
