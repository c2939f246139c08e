import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireStaff, currentUser } from "../../../platform/auth/guards.js";
import { readForm, rules, validate, hasErrors } from "../../../platform/forms.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { isDate, berlinDate } from "../../../platform/time/berlin.js";
import type { CommandContext } from "../../../platform/commands.js";
import { UUID } from "../../../platform/keys.js";
import { toCsv } from "../../../platform/csv.js";
import { accountIdByEmail, isRole, ROLES, staffOfOrgUnit, usersWithRole, type Role } from "../../accounts/index.js";
import { listOrgUnits } from "../../responsibility/index.js";
import { ForbiddenError } from "../../../platform/auth/guards.js";
import { checkCourse, courseFolders, loadCourseFolder, pick } from "../courses.js";
import { authorizeEditor } from "../policies.js";
import { enrollmentPath } from "../presenters.js";
import { allVersions, assignmentsOf, certificateByCode, completedUserIds, completionsPerMonth, currentCourses, draftSlugs, isLearningEditor, latestVersion } from "../queries.js";
import { staffEnroller } from "../commands/enrollments.js";
import { versionPublisher } from "../commands/versionPublisher.js";
import { assignmentSaver, editorGranter } from "../commands/assignments.js";
import { certificateRevoker } from "../commands/attempts.js";
import { normaliseCode } from "./verify.js";
import { AdminPage, MyTrainingsPage, ReportPage, type AdminData, type CourseChart, type MyTraining, type ReportRow } from "./staffViews.js";

const ctxOf = (app: FastifyInstance, req: FastifyRequest): CommandContext => ({ actor: req.actor(), db: app.deps.db, requestId: req.id });
/** A cell a spreadsheet would run as a formula gets a leading apostrophe. */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** Staff pages: own trainings; the Lernredaktion's course versions, assignments, reports and revocation. */
export async function staffPages(app: FastifyInstance) {
  const { db } = app.deps;
  const guard = { preHandler: requireStaff };
  const editorGuard = async (req: FastifyRequest) => authorizeEditor(req.user, !!req.user && (await isLearningEditor(db, req.user.id)));

  app.get("/lernen", guard, async (req, reply) => {
    const user = currentUser(req);
    const courses = await currentCourses(db, "staff");
    const assignments = await assignmentsOf(db, user.orgUnitIds);
    const done = new Map<string, Date>();
    for (const c of courses) {
      const d = (await completedUserIds(db, c.slug, [user.id])).get(user.id);
      if (d) done.set(c.slug, d);
    }
    const trainings: MyTraining[] = courses.map((c) => ({ slug: c.slug, title: pick(c.content.title, req.locale), dueOn: assignments.find((a) => a.course_slug === c.slug)?.due_on, completedAt: done.get(c.slug) }));
    trainings.sort((a, b) => (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999"));
    return reply.page(req.t("learning.staff.title"), (ctx) => <MyTrainingsPage ctx={ctx} trainings={trainings} />, { noindex: true });
  });

  app.post<{ Params: { slug: string } }>("/lernen/:slug/starten", guard, async (req, reply) => {
    const user = currentUser(req);
    const course = await latestVersion(db, req.params.slug.slice(0, 80));
    if (!course || course.audience !== "staff") return reply.callNotFound();
    const id = await staffEnroller(ctxOf(app, req), course.id, { id: user.id, displayName: user.displayName, email: user.email }, course.content.languages.includes(req.locale) ? req.locale : "de");
    return reply.redirect(enrollmentPath(id), 303);
  });

  async function adminData(): Promise<AdminData> {
    const versions = await allVersions(db);
    const folders = courseFolders().map((slug) => {
      const c = loadCourseFolder(slug);
      return { slug, version: c.version, problems: checkCourse(c), published: versions.some((v) => v.slug === slug && v.version === c.version) };
    });
    const units = (await listOrgUnits(db)).map((u) => ({ id: u.id, name: u.name }));
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const assignments = (await assignmentsOf(db)).map((a) => ({ ...a, unitName: unitName.get(a.org_unit_id) ?? a.org_unit_id }));
    const courseOptions = (await currentCourses(db, "staff")).map((c) => ({ value: c.slug, label: pick(c.content.title, "de") }));
    return { folders, versions, units, assignments, courseOptions, drafts: await draftSlugs(db) };
  }
  const adminPage = async (req: FastifyRequest, reply: FastifyReply, forms: { assign?: FormState; revoke?: FormState; editor?: FormState; notice?: string; error?: string; status?: number } = {}) => {
    const d = await adminData();
    const failed = forms.status && forms.status >= 400;
    return reply.page(`${failed ? `${req.t("error.summary")}: ` : ""}${req.t("learning.admin.title")}`, (ctx) => <AdminPage ctx={ctx} d={d} assignForm={forms.assign ?? emptyForm()} revokeForm={forms.revoke ?? emptyForm()} editorForm={forms.editor ?? emptyForm()} notice={forms.notice} error={forms.error} />, { noindex: true, status: forms.status ?? 200 });
  };

  app.get<{ Querystring: { entwurf?: string; kurs?: string; version?: string } }>("/verwaltung/lernen", guard, async (req, reply) => {
    await editorGuard(req);
    // After the in-browser editor published or discarded a draft (pages/editor.tsx).
    const slug = /^[a-z0-9][a-z0-9-]{1,60}$/.test(req.query.kurs ?? "") ? req.query.kurs! : "";
    const notice = !slug ? undefined : req.query.entwurf === "veroeffentlicht" ? req.t("learning.editor.publishedNotice", { slug, version: Number(req.query.version) || "" }) : req.query.entwurf === "verworfen" ? req.t("learning.editor.discarded", { slug }) : undefined;
    return adminPage(req, reply, { notice });
  });

  app.post("/verwaltung/lernen/veroeffentlichen", guard, async (req, reply) => {
    await editorGuard(req);
    const { slug } = readForm(req.body, ["slug"] as const);
    if (!courseFolders().includes(slug)) return reply.callNotFound();
    const r = await versionPublisher(ctxOf(app, req), slug);
    if (r.kind === "invalid") return adminPage(req, reply, { status: 422, error: req.t("learning.admin.invalid", { slug, problems: r.problems.join("; ") }) });
    if (r.kind === "version_taken") return adminPage(req, reply, { status: 409, error: req.t("learning.admin.versionTaken", { version: r.version }) });
    return adminPage(req, reply, { notice: req.t(r.kind === "published" ? "learning.admin.published" : "learning.admin.unchanged", { slug, version: r.version }) });
  });

  app.post("/verwaltung/lernen/zuweisungen", guard, async (req, reply) => {
    await editorGuard(req);
    const v = readForm(req.body, ["kurs", "einheit", "faellig"] as const);
    const form = validate(v, { kurs: [rules.required()], einheit: [rules.required()], faellig: [rules.required()] }, req.t);
    const course = v.kurs ? await latestVersion(db, v.kurs.slice(0, 80)) : undefined;
    if (v.kurs && (!course || course.audience !== "staff")) form.errors.kurs = req.t("learning.admin.unknownCourse");
    if (v.einheit && (!UUID.test(v.einheit) || !(await listOrgUnits(db)).some((u) => u.id === v.einheit))) form.errors.einheit = req.t("learning.admin.unknownUnit");
    if (v.faellig && (!isDate(v.faellig) || v.faellig < berlinDate(new Date()))) form.errors.faellig = req.t("learning.admin.badDue");
    if (hasErrors(form)) return adminPage(req, reply, { assign: form, status: 422 });
    await assignmentSaver(ctxOf(app, req), v.kurs, v.einheit, v.faellig);
    return adminPage(req, reply, { notice: req.t("learning.admin.assigned") });
  });

  app.post("/verwaltung/lernen/widerruf", guard, async (req, reply) => {
    await editorGuard(req);
    const v = readForm(req.body, ["nachweis", "grund"] as const);
    const form = validate(v, { nachweis: [rules.required()], grund: [rules.required(), rules.minLength(3), rules.maxLength(500)] }, req.t);
    const code = v.nachweis ? normaliseCode(v.nachweis.slice(0, 60)) : undefined;
    const cert = code ? await certificateByCode(db, code) : undefined;
    if (v.nachweis && !cert) form.errors.nachweis = req.t("learning.verify.notFound");
    else if (cert?.revoked_at) form.errors.nachweis = req.t("learning.admin.alreadyRevoked");
    if (hasErrors(form) || !cert) return adminPage(req, reply, { revoke: form, status: 422 });
    await certificateRevoker(ctxOf(app, req), cert.id, v.grund);
    return adminPage(req, reply, { notice: req.t("learning.admin.revoked", { code: cert.code }) });
  });

  app.post("/verwaltung/lernen/redaktion", guard, async (req, reply) => {
    if (!req.user?.isAdmin) throw new ForbiddenError("Nur für die Administration");
    const v = readForm(req.body, ["email"] as const);
    const form = validate(v, { email: [rules.required(), rules.email(), rules.maxLength(200)] }, req.t);
    const account = hasErrors(form) ? undefined : await accountIdByEmail(db, v.email);
    if (!hasErrors(form) && account?.kind !== "staff") form.errors.email = req.t("learning.admin.noStaffAccount");
    if (hasErrors(form) || !account) return adminPage(req, reply, { editor: form, status: 422 });
    await editorGranter(ctxOf(app, req), account.id);
    return adminPage(req, reply, { notice: req.t("learning.admin.editorAdded", { email: v.email }) });
  });

  /** The last 12 months ("2026-01" … "2026-12"), the current one last (Europe/Berlin). */
  function lastTwelveMonths(): string[] {
    const [y, m] = berlinDate(new Date()).split("-").map(Number) as [number, number];
    return Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(y, m - 1 - (11 - i), 1));
      return d.toISOString().slice(0, 7);
    });
  }

  /** The unit's members (with `role` only, when given) × its assigned courses, and each course's completions per month. */
  async function report(orgUnitId: string, role: Role | undefined, locale: string): Promise<{ rows: ReportRow[]; charts: CourseChart[] }> {
    let members = await staffOfOrgUnit(db, orgUnitId);
    if (role) {
      const holders = await usersWithRole(db, members.map((m) => m.id), role, orgUnitId);
      members = members.filter((m) => holders.has(m.id));
    }
    const rows: ReportRow[] = [];
    const assignments = await assignmentsOf(db, [orgUnitId]);
    const titles = new Map((await currentCourses(db, "staff")).map((c) => [c.slug, pick(c.content.title, locale)]));
    for (const a of assignments) {
      const done = await completedUserIds(db, a.course_slug, members.map((m) => m.id));
      for (const m of members) rows.push({ name: m.displayName, course: titles.get(a.course_slug) ?? a.course_slug, dueOn: a.due_on, completedAt: done.get(m.id) });
    }
    const months = lastTwelveMonths();
    const counts = await completionsPerMonth(db, members.map((m) => m.id), months[0]!);
    // The assigned courses first (by due date), then any other staff course the members completed in the period.
    const slugs = [...new Set([...assignments.map((a) => a.course_slug), ...[...counts.keys()].filter((s) => titles.has(s)).sort()])];
    const charts = slugs.map((slug) => ({ slug, course: titles.get(slug) ?? slug, months: months.map((month) => ({ month, count: counts.get(slug)?.get(month) ?? 0 })) }));
    return { rows, charts };
  }

  const roleOf = (q: { rolle?: string }): Role | undefined => (isRole(q.rolle) ? q.rolle : undefined);

  // The filter form (GET, no script): unit and role → the report's address.
  app.get<{ Querystring: { einheit?: string; rolle?: string } }>("/verwaltung/lernen/bericht", guard, async (req, reply) => {
    await editorGuard(req);
    const id = String(req.query.einheit ?? "");
    if (!UUID.test(id)) return reply.callNotFound();
    const role = roleOf(req.query);
    return reply.redirect(`/verwaltung/lernen/bericht/${id}${role ? `?rolle=${role}` : ""}`, 303);
  });

  app.get<{ Params: { unit: string }; Querystring: { rolle?: string } }>("/verwaltung/lernen/bericht/:unit", guard, async (req, reply) => {
    await editorGuard(req);
    const csv = req.params.unit.endsWith(".csv");
    const id = req.params.unit.replace(/\.csv$/, "");
    const units = await listOrgUnits(db);
    const unit = UUID.test(id) ? units.find((u) => u.id === id) : undefined;
    if (!unit) return reply.callNotFound();
    const role = roleOf(req.query);
    const { rows, charts } = await report(unit.id, role, req.locale);
    if (csv) {
      const body = toCsv(["name", "kurs", "faellig", "abgeschlossen"], rows.map((r) => [cell(r.name), cell(r.course), r.dueOn, r.completedAt ? r.completedAt.toISOString() : ""]));
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="schulungen-${unit.key ?? unit.id}${role ? `-${role}` : ""}.csv"`).header("cache-control", "no-store").send(`\uFEFF${body}`);
    }
    return reply.page(req.t("learning.admin.reportOf", { unit: unit.name }), (ctx) => <ReportPage ctx={ctx} unit={unit} rows={rows} charts={charts} role={role} units={units.map((u) => ({ id: u.id, name: u.name }))} roles={[...ROLES]} />, { noindex: true });
  });
}
