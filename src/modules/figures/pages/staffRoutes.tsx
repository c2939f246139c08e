/** Staff pages: /verwaltung/zahlen (department report, CSV per part), paper counts, refresh now. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { currentUser, requireStaff } from "../../../platform/auth/guards.js";
import { readForm, validate, hasErrors, rules } from "../../../platform/forms.js";
import { emptyForm } from "../../../platform/views/components.js";
import { addDays, berlinDate, isDate } from "../../../platform/time/berlin.js";
import type { CommandContext } from "../../../platform/commands.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { servicesHandledBy } from "../../cases/index.js";
import type { SessionUser } from "../../../platform/auth/session.js";
import { listOrgUnits, orgUnitsByIds } from "../../responsibility/index.js";
import { authorizeDepartmentReport, authorizePaperCounts, authorizeRebuild } from "../policies.js";
import { isReportPart, loadDepartmentReport, reportCsv, type DepartmentReport } from "../staffReport.js";
import { listPaperCounts, listServices } from "../queries.js";
import { paperCountSaver } from "../commands/paperCounts.js";
import { figuresRefresher, FULL_FROM, incrementalFrom } from "../commands/rollup.js";
import { monthStart } from "../metrics.js";
import { PaperCountPage, StaffReportPage } from "./staffViews.js";
import type { DatasetCache } from "../cache.js";

const formLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
const ctxOf = (app: FastifyInstance, req: FastifyRequest): CommandContext => ({ actor: req.actor(), db: app.deps.db, requestId: req.id });

export async function figuresStaffPages(app: FastifyInstance, cache: DatasetCache) {
  const { db, config } = app.deps;

  /** The report's filter: department (default the first of the user's), period (default the last eight weeks, at most two years). */
  const readReportFilter = async (req: FastifyRequest) => {
    const user = currentUser(req);
    // Staff choose among their departments; administrators among all org units.
    const rows = user.isAdmin ? await listOrgUnits(db) : await orgUnitsByIds(db, user.orgUnitIds);
    const units = rows.map((u) => ({ value: u.id, label: u.name })).sort((a, b) => a.label.localeCompare(b.label, "de"));
    const today = berlinDate(new Date());
    const q = readForm(req.query, ["stelle", "von", "bis"] as const);
    const values = { stelle: q.stelle || units[0]?.value || "", von: q.von || addDays(today, -55), bis: q.bis || today };
    const form = validate(values, {}, req.t);
    if (!isDate(values.von)) form.errors.von = req.t("figures.staff.badDate");
    if (!isDate(values.bis)) form.errors.bis = req.t("figures.staff.badDate");
    else if (!form.errors.von && (values.von > values.bis || addDays(values.von, 731) < values.bis)) form.errors.bis = req.t("figures.staff.badPeriod");
    if (values.stelle && !/^[0-9a-f-]{36}$/.test(values.stelle)) form.errors.stelle = req.t("figures.filter.unknown");
    return { user, units, values, form, today };
  };

  app.get<{ Querystring: Record<string, string | undefined> }>("/verwaltung/zahlen", { preHandler: requireStaff }, async (req, reply) => {
    const { user, units, values, form, today } = await readReportFilter(req);
    let report: DepartmentReport | undefined;
    if (!hasErrors(form) && values.stelle) {
      authorizeDepartmentReport(user, values.stelle);
      report = await loadDepartmentReport(db, { unitId: values.stelle, from: values.von, to: values.bis, today });
    }
    const query = new URLSearchParams(values).toString();
    const notice = req.query.ok === "berechnet" ? req.t("figures.refresh.done", { rows: Number(req.query.werte ?? 0) }) : undefined;
    return reply.page(req.t("figures.staff.title"), (ctx) => <StaffReportPage ctx={ctx} form={form} units={units} report={report} query={query} notice={notice} />, { status: hasErrors(form) ? 422 : 200, noindex: true });
  });

  app.get<{ Querystring: Record<string, string | undefined> }>("/verwaltung/zahlen/bericht.csv", { preHandler: requireStaff }, async (req, reply) => {
    const { user, values, form, today } = await readReportFilter(req);
    const part = req.query.teil ?? "";
    if (hasErrors(form) || !values.stelle || !isReportPart(part)) return reply.code(400).type("text/plain; charset=utf-8").send("Ungültiger Bericht oder Zeitraum");
    authorizeDepartmentReport(user, values.stelle);
    const report = await loadDepartmentReport(db, { unitId: values.stelle, from: values.von, to: values.bis, today });
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="bericht-${part}-${values.von}-${values.bis}.csv"`)
      .send(reportCsv(report, part, (s) => req.t(`cases.status.${s}`)));
  });

  /** Staff report paper counts only for the services their departments handle (administrators: all); names of all for the list. */
  const paperChoices = async (user: SessionUser) => {
    const [services, places, handled] = await Promise.all([listServices(db), listMunicipalities(db, servedKreise(config)), user.isAdmin ? undefined : servicesHandledBy(db, user.orgUnitIds)]);
    const all = services.map((s) => ({ value: s.key, label: s.title }));
    return { services: handled ? all.filter((s) => handled.has(s.value)) : all, names: all, places: places.map((m) => ({ value: m.ags, label: m.short_name })) };
  };

  app.get<{ Querystring: Record<string, string | undefined> }>("/verwaltung/zahlen/papier", { preHandler: requireStaff }, async (req, reply) => {
    const user = currentUser(req);
    authorizePaperCounts(user);
    const [c, recent] = await Promise.all([paperChoices(user!), listPaperCounts(db)]);
    const form = emptyForm({ monat: monthStart(new Date(), -1).slice(0, 7) });
    return reply.page(req.t("figures.paper.title"), (ctx) => <PaperCountPage ctx={ctx} form={form} {...c} recent={recent} saved={req.query.ok === "gespeichert"} />, { noindex: true });
  });

  app.post("/verwaltung/zahlen/papier", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const user = currentUser(req);
    authorizePaperCounts(user);
    const c = await paperChoices(user!);
    const values = readForm(req.body, ["dienst", "gemeinde", "monat", "anzahl"] as const);
    const form = validate(values, { dienst: [rules.required("figures.paper.serviceRequired")] }, req.t);
    if (values.dienst && !c.services.some((s) => s.value === values.dienst)) form.errors.dienst = req.t(c.names.some((s) => s.value === values.dienst) ? "figures.paper.notHandled" : "figures.filter.unknown");
    if (values.gemeinde && !c.places.some((p) => p.value === values.gemeinde)) form.errors.gemeinde = req.t("figures.filter.unknown");
    const month = `${values.monat}-01`;
    if (!/^\d{4}-\d{2}$/.test(values.monat) || !isDate(month) || month > monthStart(new Date()) || month < "2000-01-01") form.errors.monat = req.t("figures.paper.badMonth");
    const count = /^\d{1,7}$/.test(values.anzahl) ? Number(values.anzahl) : NaN;
    if (!(count >= 0 && count <= 1_000_000)) form.errors.anzahl = req.t("figures.paper.badCount");
    if (hasErrors(form)) {
      const recent = await listPaperCounts(db);
      return reply.page(req.t("figures.paper.title"), (ctx) => <PaperCountPage ctx={ctx} form={form} {...c} recent={recent} saved={false} />, { status: 422, noindex: true });
    }
    await paperCountSaver(ctxOf(app, req), { service: values.dienst, ags: values.gemeinde, month, count });
    cache.clear();
    return reply.redirect("/verwaltung/zahlen/papier?ok=gespeichert", 303);
  });

  app.post("/verwaltung/zahlen/aktualisieren", { preHandler: requireStaff, config: formLimit }, async (req, reply) => {
    const full = readForm(req.body, ["umfang"] as const).umfang === "voll";
    authorizeRebuild(currentUser(req), full);
    const res = await figuresRefresher(ctxOf(app, req), full ? { fromMonth: FULL_FROM, kind: "full" } : { fromMonth: incrementalFrom(), kind: "incremental" });
    cache.clear();
    return reply.redirect(`/verwaltung/zahlen?ok=berechnet&werte=${res.rows}`, 303);
  });
}
