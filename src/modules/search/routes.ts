import type { FastifyInstance, FastifyRequest } from "fastify";
import { systemContext } from "../../platform/commands.js";
import { searchMissRecorder } from "./commands/searchMissRecorder.js";
import type { Hit } from "./engine/searcher.js";
import { presentResult, type ResultActions } from "./presenters.js";
import { responsibleOffices, type Responsible } from "./responsible.js";
import { SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from "./schemas.js";
import type { SearchService } from "./service.js";
import { AGS } from "../../platform/keys.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { onlineFormLinksFor } from "../applications/index.js";
import { bookingLinksFor } from "../appointments/index.js";

const tags = ["Suche"];

/** Rate limits per client address (the PostgreSQL store is shared by all app nodes). */
export const SEARCH_LIMIT = { rateLimit: { max: 60, timeWindow: 60_000 } };
export const SUGGEST_LIMIT = { rateLimit: { max: 240, timeWindow: 60_000 } };
/** The result page: more generous, as people behind one address (a library, a town hall) share it. */
export const PAGE_LIMIT = { rateLimit: { max: 120, timeWindow: 60_000 } };

/** Offices for the service results (one look-up for the list). */
export async function officesFor(app: FastifyInstance, hits: Hit[], ags: string | undefined): Promise<Array<Responsible | undefined>> {
  if (!ags) return hits.map(() => undefined);
  const keys = hits.flatMap((h) => (h.doc.type === "service" && h.doc.leikaKey ? [h.doc.leikaKey] : []));
  const found = await responsibleOffices(app.deps.db, keys, ags);
  return hits.map((h) => (h.doc.leikaKey ? found.get(h.doc.leikaKey) : undefined));
}

/** Online form and booking link per service result (two look-ups for the list). */
export async function actionsFor(app: FastifyInstance, hits: Hit[], ags: string | undefined): Promise<ResultActions[]> {
  const keys = hits.flatMap((h) => (h.doc.type === "service" && h.doc.leikaKey ? [h.doc.leikaKey] : []));
  const [forms, bookings] = await Promise.all([onlineFormLinksFor(app.deps.db, keys), bookingLinksFor(app.deps.db, keys, ags)]);
  return hits.map((h) => {
    const key = h.doc.type === "service" ? h.doc.leikaKey : undefined;
    return key ? { formUrl: forms.get(key), appointmentUrl: bookings.get(key) } : {};
  });
}

/** Counts a query without results (anonymous); never fails the request. */
export function recordMiss(app: FastifyInstance, req: FastifyRequest, query: string): void {
  searchMissRecorder(systemContext(app.deps.db), { query }).catch((err: unknown) => req.log.warn({ err }, "search miss not recorded"));
}

/** JSON API: /api/v1/search and /api/v1/search/suggest. */
export function searchRoutes(app: FastifyInstance, search: SearchService) {
  app.get<{ Querystring: SearchQuery }>(
    "/api/v1/search",
    {
      config: SEARCH_LIMIT,
      schema: {
        tags,
        summary: "Suche nach Leistungen, Behörden und Seiten",
        description:
          "Volltextsuche mit deutscher Sprachanalyse (Umlaute, Stammformen, Komposita, Synonyme, Tippfehler). Ein Ortsname in der Anfrage („hund anmelden in Mühlacker“) wird erkannt und für die zuständige Stelle verwendet; `ags` (8-stelliger Gemeindeschlüssel) hat Vorrang. Leistungen tragen, wo vorhanden, `onlineUrl` (Online-Antrag) und `appointmentUrl` (Terminbuchung).",
        querystring: SearchQuery,
        response: { 200: SearchResponse, 400: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const { q, ags, limit = 10 } = req.query;
      if (ags !== undefined && !AGS.test(ags)) return sendProblem(reply, 400, req.t("search.error.ags"));
      const outcome = await search.search(q, { limit });
      if (q.trim() && outcome.total === 0) recordMiss(app, req, q);
      const placeAgs = ags ?? outcome.place?.ags ?? req.user?.homeAgs ?? undefined;
      const [offices, actions] = await Promise.all([officesFor(app, outcome.hits, placeAgs), actionsFor(app, outcome.hits, placeAgs)]);
      const placeName = ags ? search.municipalities.find((m) => m.ags === ags)?.name : outcome.place?.name;
      return {
        results: outcome.hits.map((h, i) => presentResult(h, offices[i], actions[i])),
        ...(outcome.corrected ? { didYouMean: outcome.corrected } : {}),
        ...(placeAgs && placeName ? { place: { ags: placeAgs, name: placeName } } : {}),
      };
    },
  );

  app.get<{ Querystring: SuggestQuery }>(
    "/api/v1/search/suggest",
    {
      config: SUGGEST_LIMIT,
      schema: {
        tags,
        summary: "Vorschläge beim Tippen",
        description: "Bis zu acht Titel passender Leistungen, Behörden und Seiten; das letzte Wort darf unvollständig sein.",
        querystring: SuggestQuery,
        response: { 200: SuggestResponse, 400: Problem, 429: Problem },
      },
    },
    async (req) => {
      const q = req.query.q.trim();
      if (q.length < 2) return { suggestions: [] };
      const outcome = await search.search(q, { limit: 16, prefixLast: true });
      // Each suggestion once: two offices of the same name read as one line in the list.
      const seen = new Set<string>();
      const suggestions = outcome.hits.filter((h) => !seen.has(`${h.doc.type}:${h.doc.title}`) && seen.add(`${h.doc.type}:${h.doc.title}`));
      return { suggestions: suggestions.slice(0, 8).map((h) => ({ title: h.doc.title, url: h.doc.url, type: h.doc.type })) };
    },
  );
}
