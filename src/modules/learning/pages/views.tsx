import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CheckboxGroup, CsrfField, DescriptionList, ErrorSummary, LinkLine, PageHeading, RadioGroup, Section, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime, formatEuro } from "../../../platform/i18n/format.js";
import { pick, type CourseContent, type CourseModule } from "../courses.js";
import { Markdown } from "../markdown.js";
import { dirOf, enrollmentPath, germanDay, LANGUAGE_NAMES, maskBirthDate, nextStep, withCode } from "../presenters.js";
import type { EnrollmentRow, VersionRow } from "../queries.js";

const Hidden = ({ code }: { code?: string }) => (code ? <input type="hidden" name="code" value={code} /> : null);

export function CourseListPage({ ctx, courses }: { ctx: ViewContext; courses: VersionRow[] }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.list.title")}</PageHeading>
      <p class="kern-body">{t("learning.list.intro")}</p>
      <ul class="kern-list">
        {courses.map((c) => (
          <li>
            <a class="kern-link" href={`/kurse/${c.slug}`}>
              {pick(c.content.title, locale)}
            </a>{" "}
            – {pick(c.content.summary, locale)}
          </li>
        ))}
      </ul>
      <LinkLine href="/nachweis">{t("learning.verify.title")}</LinkLine>
    </div>
  );
}

export function CoursePage({ ctx, course, form }: { ctx: ViewContext; course: VersionRow; form: FormState }) {
  const { t, locale } = ctx;
  const c = course.content;
  const labels = { name: t("learning.book.name"), geburtsdatum: t("learning.book.birthDate"), email: t("learning.book.email"), sprache: t("learning.book.language"), erklaerung: t("learning.book.declaration") };
  return (
    <div class="kern-stack">
      <PageHeading preline={t("learning.course.preline")}>{pick(c.title, locale)}</PageHeading>
      <p class="kern-body">{pick(c.summary, locale)}</p>
      <DescriptionList
        rows={[
          [t("learning.course.fee"), course.fee_cents > 0 ? formatEuro(course.fee_cents) : t("learning.course.free")],
          [t("learning.course.languages"), c.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(", ")],
          [t("learning.course.modules"), String(c.modules.length)],
          [t("learning.course.quiz"), t("learning.course.quizRule", { pass: c.quiz.passPercent, minutes: c.quiz.timeLimitMinutes })],
          ...(c.identification === "video" ? [[t("learning.course.identification"), t("learning.course.identificationVideo")] as const] : []),
          [t("learning.course.version"), String(course.version)],
        ]}
      />
      {c.demoLanguages.length > 0 && <Alert kind="info" title={t("learning.course.demoLanguages", { languages: c.demoLanguages.map((l) => LANGUAGE_NAMES[l] ?? l).join(", ") })} />}
      {c.audience === "public" && (
        <Section id="buchen" title={t("learning.book.title")}>
          <ErrorSummary form={form} t={t} labels={labels} />
          <form method="post" action={`/kurse/${course.slug}`} class="kern-stack" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="name" label={labels.name} form={form} required maxLength={200} autocomplete="name" />
            <TextField name="geburtsdatum" label={labels.geburtsdatum} form={form} type="date" required autocomplete="bday" />
            <TextField name="email" label={labels.email} form={form} type="email" required maxLength={200} autocomplete="email" hint={t("learning.book.emailHint")} />
            <RadioGroup name="sprache" label={labels.sprache} form={form} required options={c.languages.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] ?? l }))} />
            <CheckboxGroup name="erklaerung" label={t("learning.book.declarationTitle")} form={form} options={[{ value: "ja", label: labels.erklaerung }]} />
            <div>
              <Button>{t("learning.book.submit")}</Button>
            </div>
          </form>
        </Section>
      )}
    </div>
  );
}

function ModuleLink({ ctx, m, href, done }: { ctx: ViewContext; m: CourseModule; href: string; done: boolean }) {
  return (
    <li>
      <a class="kern-link" href={href}>
        {pick(m.title, ctx.locale)}
      </a>{" "}
      – {ctx.t(done ? "learning.module.done" : "learning.module.open")}
    </li>
  );
}

/** The video identification of an enrolment (courses with "identification": "video"), after payment. */
export interface IdentificationView {
  status: "booked" | "confirmed" | "rejected" | null;
  startsAt: Date | null;
  bookingCode: string | null;
  /** The meeting link (configured base + random room). */
  link?: string;
  /** Free start times while a slot can be booked. */
  slots: Array<{ start: Date; end: Date }>;
  form: FormState;
}

export interface EnrollmentView {
  identification?: IdentificationView;
  course: VersionRow;
  enrollment: EnrollmentRow;
  code?: string;
  certificate?: { code: string; revoked: boolean };
  paymentUnavailable?: boolean;
  notice?: string;
}

export function EnrollmentPage({ ctx, v }: { ctx: ViewContext; v: EnrollmentView }) {
  const { t, locale } = ctx;
  const { course, enrollment: e, code } = v;
  const c = course.content;
  const step = nextStep(c, e, course.fee_cents);
  const base = enrollmentPath(e.id);
  return (
    <div class="kern-stack">
      <PageHeading preline={pick(c.title, locale)}>{t("learning.enrollment.title")}</PageHeading>
      {v.notice && <Alert kind="warning" title={v.notice} />}
      {code && <p class="kern-body">{t("learning.enrollment.keepLink")}</p>}
      <DescriptionList rows={[[t("learning.book.name"), e.holder_name], e.birth_date ? [t("learning.book.birthDate"), germanDay(e.birth_date)] : null, [t("learning.book.language"), LANGUAGE_NAMES[e.content_locale] ?? e.content_locale]]} />
      {course.fee_cents > 0 && (
        <Section id="zahlung" title={t("learning.pay.title")}>
          {e.paid_at ? (
            <p class="kern-body">{t("learning.pay.paid", { amount: formatEuro(course.fee_cents), date: formatDateTime(e.paid_at, locale) })}</p>
          ) : v.paymentUnavailable ? (
            <Alert kind="warning" title={t("learning.pay.unavailable")} />
          ) : (
            <form method="post" action={`${base}/bezahlen`} class="kern-stack">
              <CsrfField token={ctx.csrfToken} />
              <Hidden code={code} />
              <p class="kern-body">{t("learning.pay.text", { amount: formatEuro(course.fee_cents) })}</p>
              <div>
                <Button>{t("learning.pay.submit", { amount: formatEuro(course.fee_cents) })}</Button>
              </div>
            </form>
          )}
        </Section>
      )}
      {step !== "pay" && (
        <Section id="module" title={t("learning.modules.title")}>
          <ol class="kern-list">
            {c.modules.map((m, i) => (
              <ModuleLink ctx={ctx} m={m} href={withCode(`${base}/modul/${i + 1}`, code)} done={e.modules_done.includes(m.id)} />
            ))}
          </ol>
        </Section>
      )}
      {v.identification && <IdentificationSection ctx={ctx} v={v.identification} action={`${base}/identifikation`} code={code} modulesOpen={step === "modules"} />}
      {step === "quiz" && (
        <Section id="test" title={t("learning.quiz.title")}>
          <p class="kern-body">{t("learning.course.quizRule", { pass: c.quiz.passPercent, minutes: c.quiz.timeLimitMinutes })}</p>
          <form method="post" action={`${base}/test/start`}>
            <CsrfField token={ctx.csrfToken} />
            <Hidden code={code} />
            <Button>{t("learning.quiz.start")}</Button>
          </form>
        </Section>
      )}
      {v.certificate && (
        <Section id="nachweis" title={t("learning.certificate.title")}>
          {v.certificate.revoked ? (
            <Alert kind="danger" title={t("learning.certificate.revoked")} />
          ) : (
            <>
              <p class="kern-body">{t("learning.certificate.ready", { code: v.certificate.code })}</p>
              <LinkLine href={withCode(`${base}/nachweis.pdf`, code)}>{t("learning.certificate.download")}</LinkLine>
            </>
          )}
        </Section>
      )}
    </div>
  );
}

function IdentificationSection({ ctx, v, action, code, modulesOpen }: { ctx: ViewContext; v: IdentificationView; action: string; code?: string; modulesOpen: boolean }) {
  const { t, locale } = ctx;
  const bookable = v.status === null || v.status === "rejected";
  return (
    <Section id="identifikation" title={t("learning.ident.title")}>
      {v.status === "confirmed" && <Alert kind="success" title={t("learning.ident.confirmed")} />}
      {v.status === "rejected" && <Alert kind="danger" title={t("learning.ident.rejected")} />}
      {v.status === "booked" && v.startsAt && (
        <>
          <p class="kern-body">{t("learning.ident.booked", { date: formatDateTime(v.startsAt, locale) })}</p>
          <DescriptionList rows={[[t("learning.ident.bookingCode"), v.bookingCode ?? "–"], [t("learning.ident.link"), v.link ? <a class="kern-link" href={v.link} rel="noopener noreferrer">{v.link}</a> : "–"]]} />
          <p class="kern-body">{t("learning.ident.bookedHint")}</p>
        </>
      )}
      {bookable && (
        <>
          <p class="kern-body">{t(modulesOpen ? "learning.ident.introModules" : "learning.ident.intro")}</p>
          {v.slots.length === 0 ? (
            <Alert kind="warning" title={t("learning.ident.noSlots")} />
          ) : (
            <form method="post" action={action} class="kern-stack" novalidate>
              <ErrorSummary form={v.form} t={t} labels={{ termin: t("learning.ident.slot") }} />
              <CsrfField token={ctx.csrfToken} />
              <Hidden code={code} />
              <RadioGroup name="termin" label={t("learning.ident.slot")} form={v.form} required options={v.slots.map((s) => ({ value: String(Math.floor(s.start.getTime() / 60_000)), label: formatDateTime(s.start, locale) }))} />
              <div>
                <Button>{t("learning.ident.submit")}</Button>
              </div>
            </form>
          )}
        </>
      )}
    </Section>
  );
}

export function ModulePage({ ctx, course, e, index, code }: { ctx: ViewContext; course: VersionRow; e: EnrollmentRow; index: number; code?: string }) {
  const { t } = ctx;
  const c = course.content;
  const m = c.modules[index]!;
  const lang = e.content_locale;
  const base = enrollmentPath(e.id);
  const media = (file: string) => withCode(`${base}/medien/${encodeURIComponent(file)}`, code);
  return (
    <div class="kern-stack">
      <PageHeading preline={t("learning.module.of", { n: index + 1, count: c.modules.length })}>{pick(m.title, ctx.locale)}</PageHeading>
      {c.demoLanguages.includes(lang) && <Alert kind="info" title={t("learning.module.demoText")} />}
      <div class="kern-stack" lang={lang} dir={dirOf(c, lang)}>
        {m.kind === "text" && <Markdown source={pick(m.body, lang)} image={(f) => (c.images?.[f] ? { src: media(f), width: c.images[f].width, height: c.images[f].height } : undefined)} />}
        {m.kind === "video" && (
          <>
            <video controls preload="none" poster={media(m.poster)} class="kp-learning-video">
              <source src={media(m.src)} type="video/webm" />
              {c.languages
                .filter((l) => m.captions[l])
                .map((l) => (
                  <track kind="captions" src={media(`${m.id}.${l}.vtt`)} srclang={l} label={`${LANGUAGE_NAMES[l] ?? l}`} default={l === lang} />
                ))}
            </video>
            <h2 class="kern-heading-small">{t("learning.module.transcript")}</h2>
            <p class="kern-body">{pick(m.transcript, lang)}</p>
          </>
        )}
        {m.kind === "download" && (
          <>
            <p class="kern-body">{pick(m.intro, lang)}</p>
            <ul class="kern-list">
              {m.files.map((f) => (
                <li>
                  <a class="kern-link" href={media(f.file)} download>
                    {pick(f.label, lang)}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form method="post" action={`${base}/modul/${index + 1}`}>
        <CsrfField token={ctx.csrfToken} />
        <Hidden code={code} />
        <Button>{t(index + 1 < c.modules.length ? "learning.module.next" : "learning.module.finish")}</Button>
      </form>
      <LinkLine href={withCode(base, code)}>{t("learning.module.back")}</LinkLine>
    </div>
  );
}
