/**
 * The Lernredaktion's quiz structure editor (issue 20): on a course's draft, add, move (up/down buttons, no script)
 * and remove questions and answer options, and mark the right answers. One form per question; each button names
 * its change (`op`). Errors next to the field with a summary, the typed new question kept. Wording in other
 * languages stays on the editor's language pages; publishing stays on the editor page (a new immutable version,
 * started attempts keep theirs).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, ErrorSummary, LinkLine, PageHeading, RadioGroup, Section, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import type { CommandContext } from "../../../platform/commands.js";
import { pick, type CourseContent, type QuizQuestion } from "../courses.js";
import { authorizeEditor } from "../policies.js";
import { draftOf, isLearningEditor } from "../queries.js";
import { draftQuizChanger } from "../commands/drafts.js";
import { NEW_OPTION_ROWS, NEW_QUESTION_KINDS, addOption, addQuestion, moveOption, moveQuestion, removeOption, removeQuestion, setCorrect, type QuizEditResult } from "../quizEditing.js";

const BASE = "/verwaltung/lernen/kurse";
const SLUG = /^[a-z0-9][a-z0-9-]{1,60}$/;
const ID = /^[a-z0-9][a-z0-9_-]{0,60}$/i;

interface Draft {
  content: CourseContent;
  revision: number;
}

/** The form values the page shows: each question's right answers (and accepted answers), plus what was typed. */
function valuesOf(c: CourseContent, typed: Record<string, string> = {}): Record<string, string> {
  const v: Record<string, string> = { "new-kind": "single" };
  for (const q of c.quiz.questions) {
    if (q.kind === "fill") v[`q-${q.id}-accept`] = q.accept.join("\n");
    else if (q.kind !== "order") v[`q-${q.id}-correct`] = q.correct.join(" ");
  }
  return { ...v, ...typed };
}

function InlineError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p class="kern-error" id={`${id}-error`} role="alert">
      <span class="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true"></span>
      <span class="kern-body">{error}</span>
    </p>
  );
}

function QuestionBlock({ ctx, q, n, count, d, form, action }: { ctx: ViewContext; q: QuizQuestion; n: number; count: number; d: Draft; form: FormState; action: string }) {
  const { t } = ctx;
  const hidden = (
    <>
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="revision" value={String(d.revision)} />
      <input type="hidden" name="question" value={q.id} />
    </>
  );
  const options = q.kind === "fill" ? [] : q.options;
  return (
    <Section id={`q-${q.id}`} title={t("learning.quizEditor.question", { n, text: pick(q.text, "de") })}>
      <InlineError id={`q-${q.id}`} error={form.errors[`q-${q.id}`]} />
      <p class="kern-body">{t(`learning.quizEditor.kind.${q.kind}`)}</p>
      <form method="post" action={action} class="kern-stack" novalidate>
        {hidden}
        {q.kind !== "fill" && (
          <div id={`q-${q.id}-options`} tabIndex={-1} class="kern-stack">
            <h3 class="kern-heading-small">{t(q.kind === "order" ? "learning.quizEditor.optionsOrder" : "learning.quizEditor.options", { n })}</h3>
            <InlineError id={`q-${q.id}-options`} error={form.errors[`q-${q.id}-options`]} />
            <ol class="kern-list">
              {options.map((o, j) => (
                <li>
                  <span class="kern-body">{pick(o.text, "de")}</span>{" "}
                  {j > 0 && (
                    <Button variant="tertiary" name="op" value={`option-up:${o.id}`}>
                      {t("learning.quizEditor.optionUp", { n, o: j + 1 })}
                    </Button>
                  )}
                  {j < options.length - 1 && (
                    <Button variant="tertiary" name="op" value={`option-down:${o.id}`}>
                      {t("learning.quizEditor.optionDown", { n, o: j + 1 })}
                    </Button>
                  )}
                  <Button variant="tertiary" name="op" value={`option-remove:${o.id}`}>
                    {t("learning.quizEditor.optionRemove", { n, o: j + 1 })}
                  </Button>
                </li>
              ))}
            </ol>
          </div>
        )}
        {q.kind === "single" && <RadioGroup name={`q-${q.id}-correct`} label={t("learning.quizEditor.correctSingle", { n })} form={form} options={options.map((o, j) => ({ value: o.id, label: `${j + 1}. ${pick(o.text, "de")}` }))} />}
        {q.kind === "multiple" && <CheckboxGroup name={`q-${q.id}-correct`} label={t("learning.quizEditor.correctMultiple", { n })} form={form} options={options.map((o, j) => ({ value: o.id, label: `${j + 1}. ${pick(o.text, "de")}` }))} />}
        {q.kind === "fill" && <TextArea name={`q-${q.id}-accept`} label={t("learning.quizEditor.accept", { n })} hint={t("learning.quizEditor.acceptHint")} form={form} rows={3} />}
        {q.kind !== "order" && (
          <Button variant="secondary" name="op" value="correct">
            {t("learning.quizEditor.saveCorrect", { n })}
          </Button>
        )}
        <div>
          {n > 1 && (
            <Button variant="secondary" name="op" value="question-up">
              {t("learning.quizEditor.questionUp", { n })}
            </Button>
          )}{" "}
          {n < count && (
            <Button variant="secondary" name="op" value="question-down">
              {t("learning.quizEditor.questionDown", { n })}
            </Button>
          )}{" "}
          <Button variant="secondary" name="op" value="question-remove">
            {t("learning.quizEditor.questionRemove", { n })}
          </Button>
        </div>
      </form>
      {q.kind !== "fill" && (
        <form method="post" action={action} class="kern-stack" novalidate>
          {hidden}
          <TextField name={`q-${q.id}-new`} label={t("learning.quizEditor.newOption", { n })} form={form} maxLength={2000} />
          <Button variant="secondary" name="op" value="option-add">
            {t("learning.quizEditor.addOption", { n })}
          </Button>
        </form>
      )}
    </Section>
  );
}

function QuizEditorPage({ ctx, d, form, notice, stale }: { ctx: ViewContext; d: Draft; form: FormState; notice?: boolean; stale?: boolean }) {
  const { t } = ctx;
  const c = d.content;
  const path = `${BASE}/${c.slug}`;
  const action = `${path}/test`;
  const questions = c.quiz.questions;
  const labels: Record<string, string> = {
    "new-kind": t("learning.quizEditor.newKind"),
    "new-text": t("learning.quizEditor.newText"),
    "new-o1": t("learning.quizEditor.newOptionRow", { o: 1 }),
    "new-correct": t("learning.quizEditor.newCorrect"),
    "new-accept": t("learning.quizEditor.newAccept"),
    quiz: t("learning.editor.quiz"),
  };
  questions.forEach((q, i) => {
    labels[`q-${q.id}`] = t("learning.quizEditor.questionShort", { n: i + 1 });
    labels[`q-${q.id}-options`] = t("learning.quizEditor.options", { n: i + 1 });
    labels[`q-${q.id}-correct`] = t(q.kind === "single" ? "learning.quizEditor.correctSingle" : "learning.quizEditor.correctMultiple", { n: i + 1 });
    labels[`q-${q.id}-accept`] = t("learning.quizEditor.accept", { n: i + 1 });
    labels[`q-${q.id}-new`] = t("learning.quizEditor.newOption", { n: i + 1 });
  });
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.quizEditor.title", { course: pick(c.title, "de") || c.slug })}</PageHeading>
      {notice && <Alert kind="success" title={t("learning.quizEditor.saved")} />}
      {stale && <Alert kind="warning" title={t("learning.quizEditor.stale")} />}
      <p class="kern-body">{t("learning.quizEditor.intro", { version: c.version })}</p>
      <LinkLine href={path}>{t("learning.quizEditor.back")}</LinkLine>
      <ErrorSummary form={form} t={t} labels={labels} />
      <div id="quiz" tabIndex={-1}>
        <InlineError id="quiz" error={form.errors.quiz} />
      </div>
      {questions.map((q, i) => (
        <QuestionBlock ctx={ctx} q={q} n={i + 1} count={questions.length} d={d} form={form} action={action} />
      ))}
      <Section id="neue-frage" title={t("learning.quizEditor.addQuestion")}>
        <form method="post" action={action} class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="revision" value={String(d.revision)} />
          <RadioGroup name="new-kind" label={labels["new-kind"]!} form={form} options={NEW_QUESTION_KINDS.map((k) => ({ value: k, label: t(`learning.quizEditor.kind.${k}`) }))} />
          <TextArea name="new-text" label={labels["new-text"]!} form={form} rows={2} maxLength={2000} />
          {Array.from({ length: NEW_OPTION_ROWS }, (_, i) => (
            <TextField name={`new-o${i + 1}`} label={t("learning.quizEditor.newOptionRow", { o: i + 1 })} hint={i === 0 ? t("learning.quizEditor.newOptionsHint") : undefined} form={form} maxLength={2000} />
          ))}
          <CheckboxGroup name="new-correct" label={labels["new-correct"]!} hint={t("learning.quizEditor.newCorrectHint")} form={form} options={Array.from({ length: NEW_OPTION_ROWS }, (_, i) => ({ value: String(i + 1), label: t("learning.quizEditor.newCorrectRow", { o: i + 1 }) }))} />
          <TextArea name="new-accept" label={labels["new-accept"]!} hint={t("learning.quizEditor.newAcceptHint")} form={form} rows={2} optional />
          <TextArea name="new-feedback" label={t("learning.quizEditor.newFeedback")} form={form} rows={2} optional maxLength={2000} />
          <Button name="op" value="question-add">
            {t("learning.quizEditor.addQuestionButton")}
          </Button>
        </form>
      </Section>
    </div>
  );
}

/** The values of a form field sent once or several times (checkboxes). */
function listOf(body: unknown, name: string): string[] {
  const v = body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string" && x.length <= 100);
}

export async function quizEditorPages(app: FastifyInstance) {
  const { db } = app.deps;
  const guard = { preHandler: requireStaff, config: { rateLimit: { max: 120, timeWindow: 60_000 } } };
  const editorGuard = async (req: FastifyRequest) => authorizeEditor(req.user, !!req.user && (await isLearningEditor(db, req.user.id)));
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  async function show(req: FastifyRequest, reply: FastifyReply, slug: string, o: { typed?: Record<string, string>; errors?: Record<string, string>; notice?: boolean; stale?: boolean; status?: number } = {}) {
    const d = await draftOf(db, slug);
    if (!d) return reply.redirect("/verwaltung/lernen", 303);
    const form: FormState = { values: valuesOf(d.content, o.typed), errors: Object.fromEntries(Object.entries(o.errors ?? {}).map(([k, v]) => [k, req.t(v)])) };
    const failed = (o.status ?? 200) >= 400;
    return reply.page(`${failed ? `${req.t("error.summary")}: ` : ""}${req.t("learning.quizEditor.title", { course: pick(d.content.title, "de") || slug })}`, (ctx) => <QuizEditorPage ctx={ctx} d={d} form={form} notice={o.notice} stale={o.stale} />, { noindex: true, status: o.status ?? 200 });
  }

  app.get<{ Params: { slug: string }; Querystring: { ok?: string } }>(`${BASE}/:slug/test`, guard, async (req, reply) => {
    await editorGuard(req);
    if (!SLUG.test(req.params.slug)) return reply.callNotFound();
    return show(req, reply, req.params.slug, { notice: req.query.ok === "1" });
  });

  app.post<{ Params: { slug: string } }>(`${BASE}/:slug/test`, guard, async (req, reply) => {
    await editorGuard(req);
    const slug = req.params.slug;
    if (!SLUG.test(slug)) return reply.callNotFound();
    const names = ["op", "revision", "question", "new-kind", "new-text", "new-accept", "new-feedback", ...Array.from({ length: NEW_OPTION_ROWS }, (_, i) => `new-o${i + 1}`)];
    const v = readForm(req.body, names);
    const val = (k: string) => v[k] ?? "";
    const qid = val("question");
    const [op, oid = ""] = val("op").split(":");
    if ((qid && !ID.test(qid)) || (oid && !ID.test(oid))) return reply.callNotFound();
    const extra = qid ? readForm(req.body, [`q-${qid}-new`, `q-${qid}-accept`]) : {};
    // What the person typed, shown again on errors or when another editor saved in between.
    const typed: Record<string, string> = op === "question-add" ? { ...v, "new-correct": listOf(req.body, "new-correct").join(" ") } : { ...extra };
    if (op === "correct" && qid) typed[`q-${qid}-correct`] = listOf(req.body, `q-${qid}-correct`).join(" ");
    delete typed.op;
    delete typed.revision;
    delete typed.question;
    let change: ((c: CourseContent) => QuizEditResult) | undefined;
    if (op === "question-add")
      change = (c) => addQuestion(c, { kind: val("new-kind"), text: val("new-text"), options: Array.from({ length: NEW_OPTION_ROWS }, (_, i) => val(`new-o${i + 1}`)), correct: listOf(req.body, "new-correct"), accept: String((req.body as Record<string, unknown>)["new-accept"] ?? "").replace(/\r\n/g, "\n"), feedback: val("new-feedback") });
    else if (qid && op === "question-up") change = (c) => moveQuestion(c, qid, -1);
    else if (qid && op === "question-down") change = (c) => moveQuestion(c, qid, 1);
    else if (qid && op === "question-remove") change = (c) => removeQuestion(c, qid);
    else if (qid && op === "option-add") change = (c) => addOption(c, qid, extra[`q-${qid}-new`] ?? "");
    else if (qid && oid && op === "option-up") change = (c) => moveOption(c, qid, oid, -1);
    else if (qid && oid && op === "option-down") change = (c) => moveOption(c, qid, oid, 1);
    else if (qid && oid && op === "option-remove") change = (c) => removeOption(c, qid, oid);
    else if (qid && op === "correct") change = (c) => setCorrect(c, qid, listOf(req.body, `q-${qid}-correct`), String((req.body as Record<string, unknown>)[`q-${qid}-accept`] ?? "").replace(/\r\n/g, "\n"));
    if (!change) return show(req, reply, slug, { status: 400 });
    const r = await draftQuizChanger(ctxOf(req), slug, Number(val("revision")), change, { change: op!, ...(qid ? { question: qid } : {}), ...(oid ? { option: oid } : {}) });
    if (r.kind === "missing") return reply.redirect("/verwaltung/lernen", 303);
    if (r.kind === "saved") return reply.redirect(`${BASE}/${slug}/test?ok=1${qid && op !== "question-remove" ? `#q-${qid}` : ""}`, 303);
    if (r.kind === "invalid") return show(req, reply, slug, { typed, errors: r.errors, status: 422 });
    return show(req, reply, slug, { typed, stale: true, status: 409 });
  });
}
