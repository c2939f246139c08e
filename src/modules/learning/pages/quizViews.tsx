import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DescriptionList, LinkLine, PageHeading, TextField, emptyForm, ErrorSummary, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { berlinTime } from "../../../platform/time/berlin.js";
import { pick, type CourseContent } from "../courses.js";
import type { QuestionResult } from "../quiz.js";
import { dirOf, enrollmentPath, germanDay, maskBirthDate, withCode } from "../presenters.js";

export function QuizPage({ ctx, c, enrollmentId, lang, attemptId, deadline, code, notice }: { ctx: ViewContext; c: CourseContent; enrollmentId: string; lang: string; attemptId: string; deadline: Date; code?: string; notice?: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={pick(c.title, ctx.locale)}>{t("learning.quiz.title")}</PageHeading>
      {notice && <Alert kind="danger" title={notice} />}
      <p class="kern-body">{t("learning.quiz.deadline", { time: berlinTime(deadline), pass: c.quiz.passPercent })}</p>
      <form method="post" action={`${enrollmentPath(enrollmentId)}/test`} class="kern-stack" lang={lang} dir={dirOf(c, lang)}>
        <CsrfField token={ctx.csrfToken} />
        {code && <input type="hidden" name="code" value={code} />}
        <input type="hidden" name="attempt" value={attemptId} />
        {c.quiz.questions.map((q, qi) => {
          const legend = `${qi + 1}. ${pick(q.text, lang)}`;
          if (q.kind === "fill") return <TextField name={`q_${q.id}`} label={legend} form={emptyForm()} maxLength={100} width={12} />;
          if (q.kind === "order")
            return (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">{legend}</legend>
                <div class="kern-fieldset__body">
                  {q.options.map((_, pos) => (
                    <div class="kern-form-input">
                      <label class="kern-label" for={`q_${q.id}_${pos + 1}`}>
                        {t("learning.quiz.position", { n: pos + 1 })}
                      </label>
                      <select class="kern-form-input__select" id={`q_${q.id}_${pos + 1}`} name={`q_${q.id}_${pos + 1}`}>
                        <option value="">{t("learning.quiz.choose")}</option>
                        {q.options.map((o) => (
                          <option value={o.id}>{pick(o.text, lang)}</option>
                        ))}
                      </select>
                    </div>
                  ))}
                </div>
              </fieldset>
            );
          const type = q.kind === "single" ? "radio" : "checkbox";
          return (
            <fieldset class="kern-fieldset">
              <legend class="kern-label">{legend}</legend>
              <div class="kern-fieldset__body">
                {q.options.map((o) => (
                  <div class={`kern-form-check`}>
                    <input class={`kern-form-check__${type}`} type={type} id={`q_${q.id}_${o.id}`} name={`q_${q.id}`} value={o.id} />
                    <label class="kern-label" for={`q_${q.id}_${o.id}`}>
                      {pick(o.text, lang)}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          );
        })}
        <div>
          <Button>{t("learning.quiz.submit")}</Button>
        </div>
      </form>
    </div>
  );
}

export function QuizResultPage({ ctx, c, lang, passed, score, maxScore, results, back }: { ctx: ViewContext; c: CourseContent; lang: string; passed: boolean; score: number; maxScore: number; results: QuestionResult[]; back: string }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading preline={pick(c.title, ctx.locale)}>{t(passed ? "learning.result.passed" : "learning.result.failed")}</PageHeading>
      <Alert kind={passed ? "success" : "warning"} title={t("learning.result.score", { score, max: maxScore, pass: c.quiz.passPercent })} />
      <ol class="kern-list" lang={lang} dir={dirOf(c, lang)}>
        {results.map((r) => {
          const q = c.quiz.questions.find((x) => x.id === r.id)!;
          return (
            <li>
              <strong>{t(r.correct ? "learning.result.right" : "learning.result.wrong")}</strong> {pick(q.text, lang)} – {pick(q.feedback, lang)}
            </li>
          );
        })}
      </ol>
      <LinkLine href={back}>{t(passed ? "learning.result.toCertificate" : "learning.result.again")}</LinkLine>
    </div>
  );
}

export function VerifyFormPage({ ctx, form }: { ctx: ViewContext; form: FormState }) {
  const { t } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.verify.title")}</PageHeading>
      <p class="kern-body">{t("learning.verify.intro")}</p>
      <ErrorSummary form={form} t={t} labels={{ code: t("learning.verify.code") }} />
      <form method="post" action="/nachweis" class="kern-stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="code" label={t("learning.verify.code")} form={form} required maxLength={40} hint={t("learning.verify.codeHint")} />
        <div>
          <Button>{t("learning.verify.submit")}</Button>
        </div>
      </form>
    </div>
  );
}

export interface VerifiedCertificate {
  holderName: string;
  birthDate: string | null;
  course: string;
  version: number;
  issuedAt: Date;
  validUntil: string | null;
  revokedAt: Date | null;
}

export function VerifyPage({ ctx, cert }: { ctx: ViewContext; cert: VerifiedCertificate }) {
  const { t, locale } = ctx;
  const expired = cert.validUntil !== null && cert.validUntil < new Date().toISOString().slice(0, 10);
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.verify.resultTitle")}</PageHeading>
      {cert.revokedAt ? (
        <Alert kind="danger" title={t("learning.verify.revoked", { date: formatDateTime(cert.revokedAt, locale) })} />
      ) : expired ? (
        <Alert kind="warning" title={t("learning.verify.expired")} />
      ) : (
        <Alert kind="success" title={t("learning.verify.valid")} />
      )}
      <DescriptionList
        rows={[
          [t("learning.book.name"), cert.holderName],
          [t("learning.book.birthDate"), maskBirthDate(cert.birthDate)],
          [t("learning.verify.course"), `${cert.course} (${t("learning.course.version")} ${cert.version})`],
          [t("learning.verify.date"), formatDateTime(cert.issuedAt, locale)],
          [t("learning.verify.validity"), cert.validUntil ? germanDay(cert.validUntil) : t("learning.verify.unlimited")],
          [t("learning.verify.status"), t(cert.revokedAt ? "learning.verify.statusRevoked" : "learning.verify.statusValid")],
        ]}
      />
      <LinkLine href="/nachweis">{t("learning.verify.another")}</LinkLine>
    </div>
  );
}
