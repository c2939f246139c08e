import type { FastifyInstance } from "fastify";
import { isAssociation } from "../names.js";
import { authoritiesOf, presentCounty, presentMunicipality } from "../presenters.js";
import { findMunicipality, listAssociationMembers, listKreise, listMunicipalities } from "../queries.js";
import { servedKreise } from "../routes.js";
import { MunicipalityListPage, MunicipalityPage, type CountyGroup } from "./views.js";
import { AGS } from "../../../platform/keys.js";

/** Public pages: /gemeinden (the served area) and /gemeinden/:ags (one of its municipalities). */
export async function municipalityPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const served = servedKreise(config);

  app.get("/gemeinden", async (req, reply) => {
    const [kreise, rows] = await Promise.all([listKreise(db, served), listMunicipalities(db, served)]);
    const authorities = await authoritiesOf(app, rows);
    const municipalities = rows.map((r) => presentMunicipality(r, { servedKreise: served, authorities }));
    const groups: CountyGroup[] = kreise.map((k) => ({ county: presentCounty(k), municipalities: municipalities.filter((m) => m.county?.ags === k.ags) }));
    return reply.page(req.t("geo.list.title"), (ctx) => <MunicipalityListPage ctx={ctx} groups={groups} />);
  });

  app.get<{ Params: { ags: string } }>("/gemeinden/:ags", async (req, reply) => {
    const { ags } = req.params;
    const row = AGS.test(ags) ? await findMunicipality(db, ags) : undefined;
    // Only the portal's own municipalities have a page here.
    if (!row || !row.kreis_key || !served.includes(row.kreis_key) || row.type_code === "66") return reply.callNotFound();
    const members = row.verband_ars && isAssociation(row.verband_type_code) ? await listAssociationMembers(db, row.verband_ars) : undefined;
    const municipality = presentMunicipality(row, { servedKreise: served, members, authorities: await authoritiesOf(app, [row]) });
    return reply.page(municipality.name, (ctx) => <MunicipalityPage ctx={ctx} municipality={municipality} />);
  });
}
