/**
 * Quiz scoring, only ever on the server: the form's answers are checked against the published version's
 * questions. An option id the question does not have, an order that is not a permutation, or a field
 * for a question that does not exist makes the whole submission "manipulated" (refused, not scored).
 */
import type { Quiz, QuizQuestion } from "./courses.js";

export type Answers = Record<string, string[]>;

export interface QuestionResult {
  id: string;
  correct: boolean;
}

export type ScoreResult = { kind: "scored"; score: number; maxScore: number; passed: boolean; results: QuestionResult[] } | { kind: "manipulated"; question: string };

const FIELD = /^q_([a-z0-9-]{1,40})(?:_(\d{1,2}))?$/;

/** The answers of a urlencoded form body: q_<id> (single, multiple, fill) and q_<id>_<position> (order). */
export function readAnswers(body: unknown): Answers | { manipulated: string } {
  const out: Answers = {};
  if (!body || typeof body !== "object") return out;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === "_csrf" || name === "code" || name === "attempt") continue;
    const m = FIELD.exec(name);
    if (!m) return { manipulated: name };
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string").map((v) => v.slice(0, 200));
    const id = m[1]!;
    if (m[2] !== undefined) {
      const pos = Number(m[2]);
      const list = out[id] ?? [];
      list[pos - 1] = values[0] ?? "";
      out[id] = list;
    } else out[id] = values;
  }
  return out;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ").replace(/,/g, ".");

function check(q: QuizQuestion, given: string[]): boolean | "manipulated" {
  if (q.kind === "fill") {
    if (given.length > 1) return "manipulated";
    return q.accept.some((a) => norm(a) === norm(given[0] ?? ""));
  }
  const ids = new Set(q.options.map((o) => o.id));
  if (given.some((g) => g !== "" && !ids.has(g))) return "manipulated";
  const chosen = given.filter((g) => g !== "");
  if (q.kind === "single") {
    if (chosen.length > 1) return "manipulated";
    return chosen[0] === q.correct[0];
  }
  if (q.kind === "multiple") {
    if (new Set(chosen).size !== chosen.length) return "manipulated";
    return chosen.length === q.correct.length && q.correct.every((c) => chosen.includes(c));
  }
  // order: every position answered, each option once
  if (given.length > q.options.length) return "manipulated";
  if (new Set(chosen).size !== chosen.length) return false;
  return q.correct.every((c, i) => given[i] === c);
}

/** Scores the answers against the quiz; one point per question. */
export function scoreQuiz(quiz: Quiz, answers: Answers): ScoreResult {
  const known = new Set(quiz.questions.map((q) => q.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) return { kind: "manipulated", question: id };
  const results: QuestionResult[] = [];
  for (const q of quiz.questions) {
    const r = check(q, answers[q.id] ?? []);
    if (r === "manipulated") return { kind: "manipulated", question: q.id };
    results.push({ id: q.id, correct: r });
  }
  const score = results.filter((r) => r.correct).length;
  const maxScore = quiz.questions.length;
  return { kind: "scored", score, maxScore, passed: score * 100 >= quiz.passPercent * maxScore, results };
}

/** Whether an attempt started at `startedAt` is past its time limit at `now` (with 30 s grace for the network). */
export const isExpired = (quiz: Quiz, startedAt: Date, now = new Date()) => now.getTime() > startedAt.getTime() + quiz.timeLimitMinutes * 60_000 + 30_000;
