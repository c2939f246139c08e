/** Public pages of the figures: /zahlen (filterable), its data sets as CSV and JSON, the DCAT-AP.de catalogue. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readForm, validate } from "../../../platform/forms.js";
import { listMunicipalities, loadCounty, servedKreise } from "../../geo/index.js";
import { DATASET_IDS, isDatasetId } from "../metrics.js";
import { lastRefresh, listServices } from "../queries.js";
import { datasetCsv, datasetJson, dcatCatalogue, type Filter } from "../presenters.js";
import type { DatasetCache } from "../cache.js";
import { FiguresPage, type Choice } from "./views.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { figuresMessages } from "../messages.js";

const de = translatorFor(figuresMessages)("de");

const pageLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };

/** Public pages: no login, no cookies set by this module, no page views counted. */
export async function figuresPages(app: FastifyInstance, cache: DatasetCache) {
  const { db, config } = app.deps;
  // The municipalities change with a master-data import only: kept for five minutes per app (not per module).
  const placeCache: { at: number; places?: Promise<Choice[]> } = { at: 0 };
  const placeChoices = (): Promise<Choice[]> => {
    if (!placeCache.places || Date.now() - placeCache.at > 300_000) {
      placeCache.at = Date.now();
      placeCache.places = listMunicipalities(db, servedKreise(config)).then((list) => list.map((m) => ({ value: m.ags, label: m.short_name })));
      placeCache.places.catch(() => (placeCache.places = undefined));
    }
    return placeCache.places;
  };
  const choices = async (): Promise<{ services: Choice[]; places: Choice[] }> => {
    const [services, places] = await Promise.all([listServices(db), placeChoices()]);
    return { services: services.map((s) => ({ value: s.key, label: s.title })), places };
  };
  /** The filter of a request; an unknown value is an error next to its field and counts as "all". */
  const readFilter = async (req: FastifyRequest) => {
    const values = readForm(req.query, ["dienst", "gemeinde"] as const);
    const form = validate(values, {}, req.t);
    const c = await choices();
    if (values.dienst && !c.services.some((s) => s.value === values.dienst)) form.errors.dienst = req.t("figures.filter.unknown");
    if (values.gemeinde && !c.places.some((p) => p.value === values.gemeinde)) form.errors.gemeinde = req.t("figures.filter.unknown");
    const filter: Filter = { service: form.errors.dienst ? "" : values.dienst, ags: form.errors.gemeinde ? "" : values.gemeinde };
    return { form, filter, ...c };
  };

  app.get("/zahlen", { config: pageLimit }, async (req, reply) => {
    const { form, filter, services, places } = await readFilter(req);
    const { datasets, refreshedAt } = await cache.get(filter);
    const status = Object.keys(form.errors).length ? 422 : 200;
    return reply.page(req.t("figures.title"), (ctx) => <FiguresPage ctx={ctx} form={form} services={services} places={places} datasets={datasets} filter={filter} refreshedAt={refreshedAt} />, { status });
  });

  app.get<{ Params: { file: string } }>("/zahlen/daten/:file", { config: pageLimit }, async (req, reply) => {
    const m = /^([a-z]+)\.(csv|json)$/.exec(req.params.file);
    if (!m || !isDatasetId(m[1]!)) return reply.code(404).type("text/plain; charset=utf-8").send("Unbekannter Datensatz");
    const { form, filter } = await readFilter(req);
    if (Object.keys(form.errors).length) return reply.code(400).type("text/plain; charset=utf-8").send("Unbekannte Leistung oder Gemeinde");
    const d = (await cache.get(filter)).datasets.find((x) => x.id === m[1])!;
    reply.header("cache-control", "public, max-age=300");
    if (m[2] === "csv") {
      const suffix = [filter.service, filter.ags].filter(Boolean).join("-").replace(/[^A-Za-z0-9-]/g, "_");
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${d.id}${suffix ? `-${suffix}` : ""}.csv"`)
        .send(datasetCsv(d));
    }
    return reply.type("application/json; charset=utf-8").send(datasetJson(d, filter, req.t(`figures.ds.${d.id}.title`)));
  });

  app.get("/zahlen/dcat.jsonld", { config: pageLimit }, async (_req, reply) => {
    const [county, refresh] = await Promise.all([loadCounty(db, config.countyKey), lastRefresh(db)]);
    const body = dcatCatalogue({
      baseUrl: config.publicUrl,
      publisher: county.name,
      countyKey: config.countyKey,
      contributorId: config.govDataContributorId,
      modified: refresh?.finished_at,
      datasets: DATASET_IDS.map((id) => ({ id, title: de(`figures.ds.${id}.title`), description: de(`figures.ds.${id}.intro`) })),
    });
    return reply.type("application/ld+json; charset=utf-8").header("cache-control", "public, max-age=300").send(JSON.stringify(body));
  });
}
