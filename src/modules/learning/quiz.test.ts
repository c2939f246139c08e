import { test } from "node:test";
import assert from "node:assert/strict";
import { readAnswers, scoreQuiz, isExpired } from "./quiz.js";
import type { Quiz } from "./courses.js";

const quiz: Quiz = {
  passPercent: 75,
  timeLimitMinutes: 10,
  questions: [
    { id: "s", kind: "single", text: { de: "?" }, options: [{ id: "a", text: { de: "A" } }, { id: "b", text: { de: "B" } }], correct: ["b"], feedback: {} },
    { id: "m", kind: "multiple", text: { de: "?" }, options: [{ id: "a", text: { de: "A" } }, { id: "b", text: { de: "B" } }, { id: "c", text: { de: "C" } }], correct: ["a", "c"], feedback: {} },
    { id: "o", kind: "order", text: { de: "?" }, options: [{ id: "x", text: { de: "X" } }, { id: "y", text: { de: "Y" } }], correct: ["y", "x"], feedback: {} },
    { id: "f", kind: "fill", text: { de: "?" }, accept: ["20"], feedback: {} },
  ],
};

test("all right: passed; answers read from the form (order positions, several checkboxes)", () => {
  const a = readAnswers({ _csrf: "t", attempt: "x", q_s: "b", q_m: ["c", "a"], q_o_1: "y", q_o_2: "x", q_f: " 20 " });
  assert.ok(!("manipulated" in a));
  const r = scoreQuiz(quiz, a as Record<string, string[]>);
  assert.deepEqual(r.kind === "scored" && [r.score, r.maxScore, r.passed], [4, 4, true]);
});

test("pass mark: 3 of 4 is 75 % (passed), 2 of 4 failed; a multiple choice needs exactly the right set", () => {
  const three = scoreQuiz(quiz, { s: ["b"], m: ["a", "c"], o: ["y", "x"], f: ["19"] });
  assert.equal(three.kind === "scored" && three.passed, true);
  const two = scoreQuiz(quiz, { s: ["b"], m: ["a", "b", "c"], o: ["y", "x"], f: ["19"] });
  assert.deepEqual(two.kind === "scored" && [two.score, two.passed], [2, false]);
  const none = scoreQuiz(quiz, {});
  assert.deepEqual(none.kind === "scored" && [none.score, none.passed], [0, false], "unanswered counts as wrong, not as manipulated");
});

test("manipulated: unknown option, unknown question, two answers to a single choice, a foreign field", () => {
  assert.equal(scoreQuiz(quiz, { s: ["z"] }).kind, "manipulated");
  assert.equal(scoreQuiz(quiz, { nope: ["a"] }).kind, "manipulated");
  assert.equal(scoreQuiz(quiz, { s: ["a", "b"] }).kind, "manipulated");
  assert.equal(scoreQuiz(quiz, { o: ["x", "y", "x"] }).kind, "manipulated");
  assert.deepEqual(readAnswers({ score: "100" }), { manipulated: "score" });
});

test("time-out from the server's start time (30 s grace)", () => {
  const start = new Date("2026-12-06T10:00:00Z");
  assert.equal(isExpired(quiz, start, new Date("2026-12-06T10:10:20Z")), false);
  assert.equal(isExpired(quiz, start, new Date("2026-12-06T10:10:31Z")), true);
});
