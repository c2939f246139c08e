import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCourse, loadCourseFolder, type QuizQuestion } from "./courses.js";
import { addOption, addQuestion, moveOption, moveQuestion, removeOption, removeQuestion, setCorrect } from "./quizEditing.js";
import { scoreQuiz } from "./quiz.js";

const base = () => loadCourseFolder("datenschutz-grundlagen");
const choice = (q: QuizQuestion | undefined) => {
  assert.ok(q && q.kind !== "fill");
  return q;
};

test("quiz structure: the last question stays, a single choice has exactly one right answer, errors leave the content as it was", () => {
  const c = base();
  const last = removeQuestion(c, "panne");
  assert.deepEqual(last.errors, { "q-panne": "learning.quizEditor.error.lastQuestion" });
  assert.equal(last.content, c);
  assert.deepEqual(setCorrect(c, "panne", ["a", "b"]).errors, { "q-panne-correct": "learning.quizEditor.error.singleCorrect" });
  assert.deepEqual(setCorrect(c, "panne", []).errors, { "q-panne-correct": "learning.quizEditor.error.noCorrect" });
  assert.deepEqual(choice(setCorrect(c, "panne", ["a"]).content.quiz.questions[0]).correct, ["a"]);
  assert.deepEqual(choice(c.quiz.questions[0]).correct, ["b"], "the input is not changed");
  assert.deepEqual(removeOption(c, "panne", "a").errors, { "q-panne-options": "learning.quizEditor.error.twoOptions" });
  assert.deepEqual(moveQuestion(c, "gibt-es-nicht", 1).errors, { quiz: "learning.quizEditor.error.gone" });
  const kinds = addQuestion(c, { kind: "essay", text: "", options: [], correct: [], accept: "", feedback: "" }).errors;
  assert.deepEqual(Object.keys(kinds ?? {}).sort(), ["new-kind", "new-text"]);
});

test("quiz structure: an order question's right order follows the options; a new question is publishable and scored", () => {
  const c = base();
  const r = addQuestion(c, { kind: "order", text: "Reihenfolge bei einer Datenpanne", options: ["Eindämmen", "", "Melden", "Dokumentieren"], correct: [], accept: "", feedback: "" });
  assert.equal(r.errors, undefined);
  const q = choice(r.content.quiz.questions[1]);
  assert.equal(q.id, "frage-1");
  assert.deepEqual(q.options.map((o) => o.text.de), ["Eindämmen", "Melden", "Dokumentieren"], "empty rows left out");
  assert.deepEqual(q.correct, ["o1", "o2", "o3"]);
  const moved = moveOption(r.content, "frage-1", "o3", -1).content;
  assert.deepEqual(choice(moved.quiz.questions[1]).correct, ["o1", "o3", "o2"]);
  const more = addOption(moved, "frage-1", "Prüfen").content;
  assert.deepEqual(choice(more.quiz.questions[1]).correct, ["o1", "o3", "o2", "o4"]);
  const fewer = removeOption(more, "frage-1", "o3").content;
  assert.deepEqual(choice(fewer.quiz.questions[1]).correct, ["o1", "o2", "o4"]);
  assert.deepEqual(checkCourse(fewer), []);
  const swapped = moveQuestion(fewer, "frage-1", -1).content;
  assert.deepEqual(swapped.quiz.questions.map((x) => x.id), ["frage-1", "panne"]);
  assert.deepEqual(moveQuestion(swapped, "frage-1", -1).content.quiz.questions.map((x) => x.id), ["frage-1", "panne"], "the first stays first");
  const result = scoreQuiz(swapped.quiz, { "frage-1": ["o1", "o2", "o4"], panne: ["b"] });
  assert.ok(result.kind === "scored" && result.passed && result.score === result.maxScore);
});
