import type { FastifyInstance } from "fastify";
import { formatDateTime } from "../../../platform/i18n/format.js";
import { listMunicipalities, servedKreise } from "../../geo/index.js";
import { onlineFormsFor } from "../../applications/index.js";
import { bookingLinkFor } from "../../appointments/index.js";
import { paymentLinkFor } from "../../payments/index.js";
import { LEIKA_KEY } from "../../../platform/keys.js";
import { choosePlace, responsibleFor } from "../place.js";
import { can } from "../policies.js";
import { presentService } from "../presenters.js";
import { recordServiceView } from "../usage.js";
import { findLifeSituation, findService, listPopularServices, listServicesOfLifeSituation, listServicesWithContent, listTopics } from "../queries.js";
import { CatalogHome, LifeSituationPage } from "./catalogViews.js";
import { ServiceNotFound, ServicePage } from "./serviceViews.js";

/** Public pages: /leistungen, /leistungen/lebenslage/:id, /leistungen/:leikaKey. */
export async function publicPages(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get("/leistungen", async (req, reply) => {
    const [topics, popular, az] = await Promise.all([listTopics(db), listPopularServices(db, 12), listServicesWithContent(db)]);
    return reply.page(req.t("catalog.title"), (ctx) => <CatalogHome ctx={ctx} topics={topics} popular={popular} az={az} canEdit={can(req.user, "update", "service")} />);
  });

  app.get<{ Params: { id: string } }>("/leistungen/lebenslage/:id", async (req, reply) => {
    if (!/^\d{1,6}$/.test(req.params.id)) return reply.callNotFound();
    const ls = await findLifeSituation(db, Number(req.params.id));
    if (!ls) return reply.callNotFound();
    const services = await listServicesOfLifeSituation(db, ls.id);
    return reply.page(ls.name, (ctx) => <LifeSituationPage ctx={ctx} lifeSituation={ls} services={services} />);
  });

  app.get<{ Params: { leikaKey: string }; Querystring: { ags?: unknown; plz?: unknown } }>("/leistungen/:leikaKey", async (req, reply) => {
    const key = req.params.leikaKey;
    const row = LEIKA_KEY.test(key) ? await findService(db, key) : undefined;
    if (!row) return reply.page(req.t("catalog.service.notFound.title"), (ctx) => <ServiceNotFound ctx={ctx} />, { status: 404, noindex: true });
    const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 20) : undefined);
    const choice = await choosePlace(db, { ags: str(req.query.ags), plz: str(req.query.plz), homeAgs: req.user?.homeAgs });
    const responsible = choice.kind === "place" ? await responsibleFor(db, row, choice.place) : null;
    const service = presentService(row, { municipality: choice.kind === "place" ? { ags: choice.place.ags, name: choice.place.name } : null, responsible });
    const municipalities = (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));
    const updated = formatDateTime(row.updated_at, req.locale);
    const forms = await onlineFormsFor(db, key);
    const booking = await bookingLinkFor(db, key, choice.kind === "place" ? choice.place.ags : undefined);
    // Counted for the front door's "most requested" list; a failed count must not cost the page.
    await recordServiceView(db, key, choice.kind === "place" ? choice.place.ags : undefined).catch((err: unknown) => req.log.warn({ err }, "service view not counted"));
    return reply.page(row.name, (ctx) => <ServicePage ctx={ctx} service={service} choice={choice} municipalities={municipalities} canEdit={can(req.user, "update", "service")} updated={updated} forms={forms} booking={booking} payment={paymentLinkFor(key)} />);
  });
}
