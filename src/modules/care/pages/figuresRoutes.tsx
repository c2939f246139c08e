/** Figures of the Pflegebörse (issue 17 item 5): aggregates only, chart and table, open-data CSV. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readForm, validate } from "../../../platform/forms.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { isCareKind } from "../kinds.js";
import { figureSeries, figuresCsv } from "../figures.js";
import { FiguresPage } from "./figuresViews.js";
import type { Place } from "./views.js";

const limit = { rateLimit: { max: 60, timeWindow: 60_000 } };

export async function careFiguresPages(app: FastifyInstance) {
  const { db, config } = app.deps;

  async function readFilter(req: FastifyRequest) {
    const all: Place[] = (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));
    const values = readForm(req.query, ["art", "gemeinde"] as const);
    const form = validate(values, {}, req.t);
    if (values.art && !isCareKind(values.art)) form.errors.art = req.t("care.form.kindsRequired");
    if (values.gemeinde && !all.some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = req.t("care.form.municipalityRequired");
    const ok = Object.keys(form.errors).length === 0;
    const filter = ok ? { kind: values.art || undefined, ags: values.gemeinde || undefined } : {};
    const q = new URLSearchParams();
    if (filter.kind) q.set("art", filter.kind);
    if (filter.ags) q.set("gemeinde", filter.ags);
    const j = new URLSearchParams();
    if (filter.kind) j.set("kind", filter.kind);
    if (filter.ags) j.set("ags", filter.ags);
    return { all, form, ok, filter, query: q.size ? `?${q.toString()}` : "", jsonQuery: j.size ? `?${j.toString()}` : "" };
  }

  app.get("/pflegeplaetze/zahlen", { config: limit }, async (req, reply) => {
    const { all, form, ok, filter, query, jsonQuery } = await readFilter(req);
    const points = ok ? await figureSeries(db, filter) : [];
    return reply.page(req.t("care.figures.title"), (ctx) => <FiguresPage ctx={ctx} form={form} places={all} points={points} query={query} jsonQuery={jsonQuery} />, { status: ok ? 200 : 422 });
  });

  app.get("/pflegeplaetze/zahlen.csv", { config: limit }, async (req, reply) => {
    const { ok, filter } = await readFilter(req);
    if (!ok) return reply.code(400).type("text/plain; charset=utf-8").send("Unbekanntes Angebot oder unbekannte Gemeinde");
    return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="pflegeplaetze.csv"').send(figuresCsv(await figureSeries(db, filter), filter));
  });
}
