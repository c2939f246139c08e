/** Search pages: /suche (result page, rate-limited) and /verwaltung/suchanfragen (queries without a result, editors). */
import type { FastifyInstance } from "fastify";
import { ForbiddenError, requireLogin } from "../../../platform/auth/guards.js";
import { AGS } from "../../../platform/keys.js";
import { rememberedPlace, rememberPlace } from "../../geo/index.js";
import { onlineFormsFor } from "../../applications/index.js";
import { canReadMisses } from "../policies.js";
import { listLifeSituations, listMisses } from "../queries.js";
import { officesFor, PAGE_LIMIT, recordMiss } from "../routes.js";
import type { SearchService } from "../service.js";
import { MissesPage } from "./missesPage.js";
import { SearchPage } from "./searchPage.js";

export function searchPages(app: FastifyInstance, search: SearchService) {
  const { db, config } = app.deps;
  app.get<{ Querystring: { q?: string; ags?: string; thema?: string } }>("/suche", { config: PAGE_LIMIT }, async (req, reply) => {
    const q = typeof req.query.q === "string" ? req.query.q.slice(0, 2000) : "";
    const topic = typeof req.query.thema === "string" ? req.query.thema.slice(0, 200) : "";
    let ags = typeof req.query.ags === "string" ? req.query.ags.trim() : "";
    let agsError: string | undefined;
    if (ags && !AGS.test(ags)) {
      agsError = req.t("search.error.ags");
      ags = "";
    }
    const index = await search.current();
    const outcome = q.trim() ? await search.search(q, { limit: 20, topic: topic || undefined }) : undefined;
    if (outcome && q.trim() && outcome.total === 0) recordMiss(app, req, q);
    if (ags && search.municipalities.some((m) => m.ags === ags)) rememberPlace(reply, ags, config.secureCookies);
    const placeAgs = ags || outcome?.place?.ags || rememberedPlace(req) || "";
    const place = placeAgs ? search.municipalities.find((m) => m.ags === placeAgs) : undefined;
    const best = outcome?.hits[0];
    const [bestOffice] = best && place ? await officesFor(app, [best], place.ags) : [undefined];
    const [bestForm] = best?.doc.leikaKey ? await onlineFormsFor(db, best.doc.leikaKey) : [];
    const popular = [...index.docs].filter((d) => d.type === "service" && d.popularity > 0).sort((a, b) => b.popularity - a.popularity || a.title.localeCompare(b.title)).slice(0, 10);
    const topics: Array<{ topic: string; situations: Array<{ id: number; name: string }> }> = [];
    if (!q.trim()) {
      for (const l of await listLifeSituations(db)) {
        const last = topics[topics.length - 1];
        if (last?.topic === l.topic) last.situations.push({ id: l.id, name: l.name });
        else topics.push({ topic: l.topic, situations: [{ id: l.id, name: l.name }] });
      }
    }
    const title = q.trim() ? req.t("search.titleWithQuery", { q: q.slice(0, 80) }) : req.t("search.title");
    return reply.page(title, (ctx) => (
      <SearchPage
        ctx={ctx}
        q={q}
        ags={ags || place?.ags || ""}
        topic={topic}
        places={search.municipalities}
        outcome={outcome}
        place={place}
        bestOffice={bestOffice}
        bestForm={bestForm}
        popular={popular}
        topics={topics}
        agsError={agsError}
      />
    ), { noindex: !!q, headerSearch: false });
  });

  app.get("/verwaltung/suchanfragen", { preHandler: requireLogin }, async (req, reply) => {
    if (!canReadMisses(req.user)) throw new ForbiddenError("Nur für Redaktion und Administration");
    const rows = await listMisses(db);
    return reply.page(req.t("search.misses.title"), (ctx) => <MissesPage ctx={ctx} rows={rows} />, { noindex: true });
  });
}

