/**
 * JSON API of the care-place exchange: the public search (no login) and the report of free places by a
 * provider account with a personal API token (scope care:places, ADR 0019/0031).
 */
import type { FastifyInstance } from "fastify";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { addDays, berlinDate } from "../../platform/time/berlin.js";
import { geocoderOf } from "../../platform/geo/geocoder.js";
import { staleDaysOf } from "./kinds.js";
import { authorizeReport } from "./policies.js";
import { providerJson } from "./presenters.js";
import { findProvider, providerIdsOfMember, roleNamesOf } from "./queries.js";
import { runProviderSearch } from "./search.js";
import { listMunicipalities, servedKreise } from "../geo/index.js";
import { placesReporter } from "./commands/placesReporter.js";
import { FiguresList, FiguresQuery, PlacesReport, Provider, ProviderList, ProviderParams, ProviderSearchQuery } from "./schemas.js";
import { figureSeries } from "./figures.js";

const tags = ["Pflegebörse"];

export async function careRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;

  app.get<{ Querystring: ProviderSearchQuery }>(
    "/api/v1/care/providers",
    {
      config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: "Pflegeeinrichtungen und freie Plätze suchen",
        description:
          "Öffentlich, ohne Anmeldung. Dieselbe Suche wie die Seite /pflegeplaetze: nach Gemeinde (AGS), Postleitzahl, Angebot, Umkreis (km), Datum „benötigt ab“, Schwerpunkten, Sprache und Barrierefreiheit. Reihenfolge: aktuell gemeldete freie Plätze zuerst, dann alte, dann der Rest; darin (bei `radius`) die nächsten zuerst. Jede Zahl mit Meldezeitpunkt und `stale`. Ungültige Angaben → 400; eine Postleitzahl ohne Gemeinde im Kreis bei `radius` → 422.",
        querystring: ProviderSearchQuery,
        response: { 200: ProviderList, 400: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const now = new Date();
      const q = req.query;
      if (q.neededFrom && q.neededFrom > addDays(berlinDate(now), 366)) return sendProblem(reply, 400, "neededFrom liegt mehr als ein Jahr in der Zukunft.", { errors: [{ path: "/neededFrom", message: "Höchstens ein Jahr im Voraus." }] });
      const county = new Set((await listMunicipalities(db, servedKreise(config))).map((m) => m.ags));
      const found = await runProviderSearch(db, config, { ags: q.ags, postcode: q.postcode, address: q.address, kind: q.kind, radius: q.radius, neededFrom: q.neededFrom, specialisations: q.specialisation, language: q.language, accessible: q.accessible }, county, now, geocoderOf(config, (m) => req.log.warn(m)));
      if (!found.ok && found.error === "addressUnknown") return sendProblem(reply, 422, "In der Adresse steht keine Postleitzahl und kein Ort des Kreises.", { errors: [{ path: "/address", message: "Keine Gemeinde des Kreises." }] });
      if (!found.ok) return sendProblem(reply, 422, "Zu dieser Postleitzahl gibt es keine Gemeinde im Kreis.", { errors: [{ path: q.address ? "/address" : "/postcode", message: "Keine Gemeinde des Kreises." }] });
      const staleDays = staleDaysOf(config);
      return {
        items: found.results.map((p) => ({ ...providerJson(p, now, staleDays), ...(p.distanceKm === undefined ? {} : { distanceKm: Math.round(p.distanceKm) }) })),
        staleAfterDays: staleDays,
        ...(found.origin ? { origin: { ags: found.origin.ags, name: found.origin.name, ...(found.origin.postcode ? { postcode: found.origin.postcode } : {}), ambiguous: found.origin.ambiguous, precision: found.origin.precision } } : {}),
      };
    },
  );

  app.get<{ Querystring: FiguresQuery }>(
    "/api/v1/care/figures",
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: { tags, summary: "Verfügbarkeit im Zeitverlauf (offene Daten, nur Summen)", description: "Tageswerte der letzten 90 Tage je Angebot und Gebiet: Einrichtungen, davon mit aktueller Meldung, freie Plätze (nur aktuelle Meldungen). Keine Daten zu Personen.", querystring: FiguresQuery, response: { 200: FiguresList, 400: Problem } },
    },
    async (req) => ({ kind: req.query.kind ?? null, ags: req.query.ags ?? null, items: await figureSeries(db, { kind: req.query.kind, ags: req.query.ags }) }),
  );

  app.get<{ Params: ProviderParams }>(
    "/api/v1/care/providers/:id",
    { schema: { tags, summary: "Eine Pflegeeinrichtung mit ihren freien Plätzen", params: ProviderParams, response: { 200: Provider, 400: Problem, 404: Problem } } },
    async (req, reply) => {
      const p = await findProvider(db, req.params.id);
      if (!p || !p.active) return sendProblem(reply, 404, "Keine Einrichtung mit dieser Kennung.");
      return providerJson(p, new Date());
    },
  );

  app.put<{ Params: ProviderParams; Body: PlacesReport }>(
    "/api/v1/care/providers/:id/places",
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      preHandler: requireApiToken("care:places"),
      schema: {
        tags,
        security: [{ bearerAuth: [] }],
        summary: "Freie Plätze der eigenen Einrichtung melden (persönliches API-Token, care:places)",
        description: "Nur Konten, die der Pflegestützpunkt der Einrichtung zugeordnet hat; eine fremde Einrichtung → 403. Jede Meldung ersetzt die Zahl des Angebots und gilt ab jetzt als aktuell.",
        params: ProviderParams,
        body: PlacesReport,
        response: { 200: Provider, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const principal = req.apiPrincipal!;
      const p = await findProvider(db, req.params.id);
      if (!p) return sendProblem(reply, 404, "Keine Einrichtung mit dieser Kennung.");
      const user = { id: principal.userId, kind: principal.kind };
      const memberOf = principal.kind === "staff" ? new Set<string>() : await providerIdsOfMember(db, principal.userId);
      authorizeReport(user, p.id, memberOf, await roleNamesOf(db, user));
      const now = new Date();
      const today = berlinDate(now);
      const errors = req.body.places.flatMap((pl, i) => [
        ...(p.kinds.includes(pl.kind) ? [] : [{ path: `/places/${i}/kind`, message: "Dieses Angebot hat die Einrichtung nicht." }]),
        ...(pl.availableFrom && pl.availableFrom > addDays(today, 366) ? [{ path: `/places/${i}/availableFrom`, message: "Höchstens ein Jahr im Voraus." }] : []),
      ]);
      const kinds = req.body.places.map((pl) => pl.kind);
      if (new Set(kinds).size !== kinds.length) errors.push({ path: "/places", message: "Jedes Angebot höchstens einmal." });
      if (errors.length) return sendProblem(reply, 422, "Die Meldung enthält ungültige Angaben.", { errors });
      await placesReporter(
        { actor: req.actor(), db, requestId: req.id },
        p.id,
        req.body.places.map((pl) => ({ kind: pl.kind, freePlaces: pl.freePlaces, availableFrom: pl.availableFrom && pl.availableFrom > today ? pl.availableFrom : null })),
        now,
      );
      return providerJson((await findProvider(db, p.id))!, now);
    },
  );
}
