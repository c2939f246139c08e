import type { ViewContext } from "../../../platform/views/context.js";
import { Alert, Button, CsrfField, DataTable, emptyForm, ErrorSummary, LinkLine, PageHeading, Section, SelectField, TextArea, TextField, type FormState } from "../../../platform/views/components.js";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { germanDay } from "../presenters.js";
import { CompletionsChart, type MonthCount } from "./reportChart.js";

export interface MyTraining {
  slug: string;
  title: string;
  dueOn?: string;
  completedAt?: Date;
}

export function MyTrainingsPage({ ctx, trainings }: { ctx: ViewContext; trainings: MyTraining[] }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.staff.title")}</PageHeading>
      <p class="kern-body">{t("learning.staff.intro")}</p>
      <DataTable
        caption={t("learning.staff.title")}
        head={[t("learning.verify.course"), t("learning.staff.due"), t("learning.staff.status"), t("learning.staff.action")]}
        rows={trainings.map((tr) => [
          tr.title,
          tr.dueOn ? germanDay(tr.dueOn) : t("learning.staff.voluntary"),
          tr.completedAt ? t("learning.staff.completed", { date: formatDateTime(tr.completedAt, locale) }) : t("learning.staff.open"),
          <form method="post" action={`/lernen/${tr.slug}/starten`}>
            <CsrfField token={ctx.csrfToken} />
            <Button variant="secondary">{t(tr.completedAt ? "learning.staff.repeat" : "learning.staff.start")}</Button>
            <span class="kern-sr-only"> {tr.title}</span>
          </form>,
        ])}
      />
    </div>
  );
}

export interface FolderCourse {
  slug: string;
  version: number;
  problems: string[];
  published: boolean;
}
export interface AdminData {
  folders: FolderCourse[];
  versions: Array<{ slug: string; version: number; audience: string; published_at: Date }>;
  units: Array<{ id: string; name: string }>;
  assignments: Array<{ id: string; course_slug: string; org_unit_id: string; due_on: string; unitName: string }>;
  courseOptions: Array<{ value: string; label: string }>;
  /** Courses with an open draft of the in-browser editor. */
  drafts: string[];
}

export function AdminPage({ ctx, d, assignForm, revokeForm, editorForm, notice, error }: { ctx: ViewContext; d: AdminData; assignForm: FormState; revokeForm: FormState; editorForm: FormState; notice?: string; error?: string }) {
  const { t, locale } = ctx;
  return (
    <div class="kern-stack">
      <PageHeading>{t("learning.admin.title")}</PageHeading>
      {notice && <Alert kind="success" title={notice} />}
      <LinkLine href="/verwaltung/lernen/identifikation">{t("learning.ident.staffTitle")}</LinkLine>
      {error && <Alert kind="danger" title={error} />}
      <Section id="ordner" title={t("learning.admin.folders")}>
        <DataTable
          caption={t("learning.admin.table", { name: t("learning.admin.folders") })}
          head={[t("learning.admin.course"), t("learning.course.version"), t("learning.admin.check"), t("learning.staff.action")]}
          rows={d.folders.map((f) => [
            f.slug,
            String(f.version),
            f.problems.length ? (
              <ul class="kern-list">
                {f.problems.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            ) : (
              t("learning.admin.checkOk")
            ),
            <div class="kern-stack">
              {f.published ? (
                t("learning.admin.isPublished")
              ) : (
                <form method="post" action="/verwaltung/lernen/veroeffentlichen">
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="slug" value={f.slug} />
                  <Button variant="secondary">{t("learning.admin.publish")}</Button>
                  <span class="kern-sr-only"> {f.slug}</span>
                </form>
              )}
              <form method="post" action={`/verwaltung/lernen/kurse/${f.slug}/entwurf`}>
                <CsrfField token={ctx.csrfToken} />
                <Button variant="secondary">
                  {t(d.drafts.includes(f.slug) ? "learning.editor.continue" : "learning.editor.link")}
                  <span class="kern-sr-only"> {f.slug}</span>
                </Button>
              </form>
            </div>,
          ])}
        />
      </Section>
      <Section id="versionen" title={t("learning.admin.versions")}>
        <DataTable caption={t("learning.admin.table", { name: t("learning.admin.versions") })} head={[t("learning.admin.course"), t("learning.course.version"), t("learning.admin.audience"), t("learning.admin.publishedAt")]} rows={d.versions.map((v) => [v.slug, String(v.version), t(`learning.audience.${v.audience}`), formatDateTime(v.published_at, locale)])} />
      </Section>
      <Section id="zuweisungen" title={t("learning.admin.assignments")}>
        <ErrorSummary form={assignForm} t={t} labels={{ kurs: t("learning.admin.course"), einheit: t("learning.admin.unit"), faellig: t("learning.staff.due") }} />
        <form method="post" action="/verwaltung/lernen/zuweisungen" class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <SelectField name="kurs" label={t("learning.admin.course")} form={assignForm} placeholder={t("learning.quiz.choose")} options={d.courseOptions} required />
          <SelectField name="einheit" label={t("learning.admin.unit")} form={assignForm} placeholder={t("learning.quiz.choose")} options={d.units.map((u) => ({ value: u.id, label: u.name }))} required />
          <TextField name="faellig" label={t("learning.staff.due")} form={assignForm} type="date" required />
          <div>
            <Button>{t("learning.admin.assign")}</Button>
          </div>
        </form>
        <DataTable
          caption={t("learning.admin.table", { name: t("learning.admin.assignments") })}
          head={[t("learning.admin.course"), t("learning.admin.unit"), t("learning.staff.due"), t("learning.admin.report")]}
          rows={d.assignments.map((a) => [
            a.course_slug,
            a.unitName,
            germanDay(a.due_on),
            <a class="kern-link" href={`/verwaltung/lernen/bericht/${a.org_unit_id}`}>
              {t("learning.admin.reportOf", { unit: a.unitName })}
            </a>,
          ])}
        />
      </Section>
      <Section id="widerruf" title={t("learning.admin.revoke")}>
        <ErrorSummary form={revokeForm} t={t} labels={{ nachweis: t("learning.verify.code"), grund: t("learning.admin.reason") }} />
        <form method="post" action="/verwaltung/lernen/widerruf" class="kern-stack" novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField name="nachweis" label={t("learning.verify.code")} form={revokeForm} required maxLength={40} />
          <TextArea name="grund" label={t("learning.admin.reason")} form={revokeForm} maxLength={500} />
          <div>
            <Button>{t("learning.admin.revokeSubmit")}</Button>
          </div>
        </form>
      </Section>
      {ctx.user?.isAdmin && (
        <Section id="redaktion" title={t("learning.admin.editors")}>
          <ErrorSummary form={editorForm} t={t} labels={{ email: t("learning.book.email") }} />
          <form method="post" action="/verwaltung/lernen/redaktion" class="kern-stack" novalidate>
            <CsrfField token={ctx.csrfToken} />
            <TextField name="email" label={t("learning.book.email")} form={editorForm} type="email" required maxLength={200} hint={t("learning.admin.editorsHint")} />
            <div>
              <Button variant="secondary">{t("learning.admin.addEditor")}</Button>
            </div>
          </form>
        </Section>
      )}
    </div>
  );
}

export interface ReportRow {
  name: string;
  course: string;
  dueOn: string;
  completedAt?: Date;
}

/** One course's completions per month on the report page. */
export interface CourseChart {
  slug: string;
  course: string;
  months: MonthCount[];
}

export function ReportPage({ ctx, unit, rows, charts, role, units, roles }: { ctx: ViewContext; unit: { id: string; name: string }; rows: ReportRow[]; charts: CourseChart[]; role?: string; units: Array<{ id: string; name: string }>; roles: string[] }) {
  const { t, locale } = ctx;
  const done = rows.filter((r) => r.completedAt).length;
  const today = new Date().toISOString().slice(0, 10);
  const q = role ? `?rolle=${role}` : "";
  return (
    <div class="kern-stack">
      <PageHeading preline={t("learning.admin.title")}>{t("learning.admin.reportOf", { unit: unit.name })}</PageHeading>
      <form method="get" action="/verwaltung/lernen/bericht" class="kern-stack kp-narrow" aria-label={t("learning.report.filter")}>
        <SelectField name="einheit" label={t("learning.admin.unit")} form={emptyForm({ einheit: unit.id })} placeholder={t("learning.quiz.choose")} options={units.map((u) => ({ value: u.id, label: u.name }))} required />
        <SelectField name="rolle" label={t("learning.report.role")} form={emptyForm({ rolle: role ?? "" })} placeholder={t("learning.report.allRoles")} options={roles.map((r) => ({ value: r, label: t(`learning.role.${r}`) }))} />
        <div>
          <Button variant="secondary">{t("learning.report.show")}</Button>
        </div>
      </form>
      {role && <p class="kern-body">{t("learning.report.roleFiltered", { role: t(`learning.role.${role}`) })}</p>}
      <p class="kern-body">{t("learning.report.summary", { done, total: rows.length })}</p>
      <meter min={0} max={Math.max(rows.length, 1)} value={done} aria-label={t("learning.report.summary", { done, total: rows.length })} class="kp-learning-meter"></meter>
      <DataTable
        caption={t("learning.admin.reportOf", { unit: unit.name })}
        head={[t("learning.book.name"), t("learning.admin.course"), t("learning.staff.due"), t("learning.staff.status")]}
        rows={rows.map((r) => [r.name, r.course, germanDay(r.dueOn), r.completedAt ? t("learning.staff.completed", { date: formatDateTime(r.completedAt, locale) }) : r.dueOn < today ? t("learning.report.overdue") : t("learning.staff.open")])}
      />
      <LinkLine href={`/verwaltung/lernen/bericht/${unit.id}.csv${q}`}>{t("learning.report.csv")}</LinkLine>
      <Section id="verlauf" title={t("learning.report.chartsTitle")}>
        {charts.length === 0 && <p class="kern-body">{t("learning.report.noCourses")}</p>}
        {charts.map((c) => (
          <section class="kern-stack" aria-labelledby={`verlauf-${c.slug}`}>
            <h3 class="kern-heading-small" id={`verlauf-${c.slug}`}>
              {c.course}
            </h3>
            <CompletionsChart ctx={ctx} id={`chart-${c.slug}`} course={c.course} months={c.months} />
          </section>
        ))}
      </Section>
      <LinkLine href="/verwaltung/lernen">{t("learning.admin.back")}</LinkLine>
    </div>
  );
}
