/**
 * The quiz structure editor's model (issue 20): add, move and remove questions and answer options of a draft's
 * quiz and set the right answers. Pure (the command applies it inside the draft's transaction, tests call it
 * directly). Rules a participant would otherwise run into: a choice question keeps at least two options and at
 * least one right answer (a single choice exactly one), a quiz keeps at least one question. Errors are message keys
 * under the id of the field they belong to, so the page shows them next to it. Texts are written in German here;
 * the other languages on the editor's language pages (the new question and options appear there).
 */
import type { CourseContent, QuizQuestion } from "./courses.js";

export type QuizEditResult = { content: CourseContent; errors?: Record<string, string> };

const LIMIT = 2_000;
/** How many option rows the "new question" form offers. */
export const NEW_OPTION_ROWS = 4;
export const NEW_QUESTION_KINDS = ["single", "multiple", "order", "fill"] as const;

const fail = (c: CourseContent, field: string, key: string): QuizEditResult => ({ content: c, errors: { [field]: key } });

/** A free id with `prefix` and the lowest number not taken (ids go into form names `q_<id>`, so only [a-z0-9-]). */
function freeId(taken: Iterable<string>, prefix: string): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function swap<T>(list: T[], i: number, dir: -1 | 1): boolean {
  const j = i + dir;
  if (i < 0 || j < 0 || j >= list.length) return false;
  [list[i], list[j]] = [list[j]!, list[i]!];
  return true;
}

/** Edits one question of a copy; `undefined` from `edit` = no change. */
function onQuestion(c: CourseContent, qid: string, edit: (q: QuizQuestion, next: CourseContent) => QuizEditResult | void): QuizEditResult {
  const next = structuredClone(c);
  const q = next.quiz.questions.find((x) => x.id === qid);
  if (!q) return fail(c, "quiz", "learning.quizEditor.error.gone");
  return edit(q, next) ?? { content: next };
}

export function moveQuestion(c: CourseContent, qid: string, dir: -1 | 1): QuizEditResult {
  const next = structuredClone(c);
  const i = next.quiz.questions.findIndex((q) => q.id === qid);
  if (i < 0) return fail(c, "quiz", "learning.quizEditor.error.gone");
  swap(next.quiz.questions, i, dir);
  return { content: next };
}

export function removeQuestion(c: CourseContent, qid: string): QuizEditResult {
  if (!c.quiz.questions.some((q) => q.id === qid)) return fail(c, "quiz", "learning.quizEditor.error.gone");
  if (c.quiz.questions.length <= 1) return fail(c, `q-${qid}`, "learning.quizEditor.error.lastQuestion");
  const next = structuredClone(c);
  next.quiz.questions = next.quiz.questions.filter((q) => q.id !== qid);
  return { content: next };
}

/** Checks the right answers of a choice question; the error key or undefined. */
export function correctError(kind: "single" | "multiple", correct: string[]): string | undefined {
  if (correct.length === 0) return "learning.quizEditor.error.noCorrect";
  if (kind === "single" && correct.length !== 1) return "learning.quizEditor.error.singleCorrect";
  return undefined;
}

/**
 * The "new question" form: kind, German text, option rows `new-o1`…, right answers `new-correct` (option row
 * numbers; for "order" the rows' order is the right order, for "fill" `new-accept` has one accepted answer a line).
 */
export function addQuestion(c: CourseContent, v: { kind: string; text: string; options: string[]; correct: string[]; accept: string; feedback: string }): QuizEditResult {
  const errors: Record<string, string> = {};
  const kind = (NEW_QUESTION_KINDS as readonly string[]).includes(v.kind) ? (v.kind as (typeof NEW_QUESTION_KINDS)[number]) : undefined;
  if (!kind) errors["new-kind"] = "learning.quizEditor.error.kind";
  const text = v.text.trim();
  if (!text) errors["new-text"] = "learning.quizEditor.error.text";
  else if (text.length > LIMIT || v.feedback.length > LIMIT) errors["new-text"] = "learning.editor.error.long";
  const rows = v.options.map((o, i) => ({ row: String(i + 1), text: o.trim() })).filter((o) => o.text);
  if (rows.some((o) => o.text.length > LIMIT)) errors["new-o1"] = "learning.editor.error.long";
  const correctRows = v.correct.filter((r) => rows.some((o) => o.row === r));
  if (kind && kind !== "fill") {
    if (rows.length < 2) errors["new-o1"] = "learning.quizEditor.error.twoOptions";
    else if (kind !== "order") {
      const e = correctError(kind, correctRows);
      if (e) errors["new-correct"] = e;
    }
  }
  const accept = v.accept.split("\n").map((a) => a.trim()).filter(Boolean);
  if (kind === "fill" && accept.length === 0) errors["new-accept"] = "learning.quizEditor.error.accept";
  if (Object.keys(errors).length > 0 || !kind) return { content: c, errors };
  const next = structuredClone(c);
  const id = freeId(next.quiz.questions.map((q) => q.id), "frage-");
  const feedback: Record<string, string> = v.feedback.trim() ? { de: v.feedback.trim() } : {};
  if (kind === "fill") next.quiz.questions.push({ id, kind, text: { de: text }, accept, feedback });
  else {
    const options = rows.map((o, i) => ({ id: `o${i + 1}`, text: { de: o.text } }));
    const idOf = (row: string) => options[rows.findIndex((o) => o.row === row)]!.id;
    const correct = kind === "order" ? options.map((o) => o.id) : correctRows.map(idOf);
    next.quiz.questions.push({ id, kind, text: { de: text }, options, correct, feedback });
  }
  return { content: next };
}

export function addOption(c: CourseContent, qid: string, text: string): QuizEditResult {
  const t = text.trim();
  if (!t) return fail(c, `q-${qid}-new`, "learning.quizEditor.error.optionText");
  if (t.length > LIMIT) return fail(c, `q-${qid}-new`, "learning.editor.error.long");
  return onQuestion(c, qid, (q) => {
    if (q.kind === "fill") return fail(c, `q-${qid}-new`, "learning.quizEditor.error.gone");
    const id = freeId(q.options.map((o) => o.id), "o");
    q.options.push({ id, text: { de: t } });
    // An order question's right order gets the new option last.
    if (q.kind === "order") q.correct.push(id);
  });
}

/** Moves an option in the shown order (for an order question also in the right order: the editor shows that order). */
export function moveOption(c: CourseContent, qid: string, oid: string, dir: -1 | 1): QuizEditResult {
  return onQuestion(c, qid, (q) => {
    if (q.kind === "fill") return fail(c, "quiz", "learning.quizEditor.error.gone");
    const i = q.options.findIndex((o) => o.id === oid);
    if (i < 0) return fail(c, "quiz", "learning.quizEditor.error.gone");
    swap(q.options, i, dir);
    if (q.kind === "order") q.correct = q.options.map((o) => o.id);
  });
}

export function removeOption(c: CourseContent, qid: string, oid: string): QuizEditResult {
  return onQuestion(c, qid, (q) => {
    if (q.kind === "fill" || !q.options.some((o) => o.id === oid)) return fail(c, "quiz", "learning.quizEditor.error.gone");
    if (q.options.length <= 2) return fail(c, `q-${qid}-options`, "learning.quizEditor.error.twoOptions");
    if (q.kind !== "order" && q.correct.length === 1 && q.correct[0] === oid) return fail(c, `q-${qid}-options`, "learning.quizEditor.error.lastCorrect");
    q.options = q.options.filter((o) => o.id !== oid);
    q.correct = q.correct.filter((id) => id !== oid);
  });
}

/** Sets the right answers of a single or multiple choice question (option ids), or a fill question's accepted answers (lines). */
export function setCorrect(c: CourseContent, qid: string, correct: string[], acceptLines?: string): QuizEditResult {
  return onQuestion(c, qid, (q) => {
    if (q.kind === "fill") {
      const accept = (acceptLines ?? "").split("\n").map((a) => a.trim()).filter(Boolean);
      if (accept.length === 0) return fail(c, `q-${qid}-accept`, "learning.quizEditor.error.accept");
      if (accept.some((a) => a.length > LIMIT)) return fail(c, `q-${qid}-accept`, "learning.editor.error.long");
      q.accept = accept;
      return;
    }
    if (q.kind === "order") return;
    // Only ids of this question's options count (a manipulated form cannot add others).
    const chosen = q.options.map((o) => o.id).filter((id) => correct.includes(id));
    const e = correctError(q.kind, chosen);
    if (e) return fail(c, `q-${qid}-correct`, e);
    q.correct = chosen;
  });
}
