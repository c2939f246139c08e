/** The portal's pages: start page, legal pages (imprint, privacy, accessibility, easy language, sources), language switch. */
import type { FastifyInstance } from "fastify";
import { countMunicipalities, listMunicipalities, rememberedPlace, rememberPlace, servedKreise } from "../../geo/index.js";
import { findLifeSituationsByName, mostRequestedServices, type RequestedService } from "../../catalog/index.js";
import { readCache } from "../../../platform/db/readCache.js";
import { findCountyAuthority } from "../../responsibility/index.js";
import { HomePage } from "./homePage.js";
import { AccessibilityPage, EasyLanguagePage, ImprintPage, PrivacyPage, SourcesPage } from "./staticPages.js";

/** Life situations the front door leads with (OZG names), with their everyday labels. */
const FRONT_DOOR_LIFE_SITUATIONS = [
  { ozgName: "Wohnen & Umzug", label: "portal.home.life.move" },
  { ozgName: "Geburt", label: "portal.home.life.birth" },
  { ozgName: "Tod", label: "portal.home.life.death" },
  { ozgName: "Kfz-Besitz", label: "portal.home.life.car" },
  { ozgName: "Hausbau & Immobilienerwerb", label: "portal.home.life.building" },
  { ozgName: "Tierhaltung", label: "portal.home.life.dog" },
  { ozgName: "Pflege", label: "portal.home.life.care" },
] as const;

/**
 * The start page's lists: "most requested" counts views by day over 90 days, life situations change only
 * with a catalogue import, so five minutes old is fresh enough and the front door reads neither per request.
 */
const requestedCache = readCache<RequestedService[]>(5 * 60_000);
const lifeSituationCache = readCache<Awaited<ReturnType<typeof findLifeSituationsByName>>>(5 * 60_000);

export function portalPages(app: FastifyInstance) {
  app.get<{ Querystring: { ags?: string } }>("/", async (req, reply) => {
    const { db, config } = app.deps;
    const places = (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));
    const asked = typeof req.query.ags === "string" ? req.query.ags.trim() : undefined;
    if (asked !== undefined && (asked === "" || places.some((p) => p.ags === asked))) rememberPlace(reply, asked, config.secureCookies);
    const agsChoice = asked !== undefined ? asked : rememberedPlace(req);
    const place = places.find((p) => p.ags === agsChoice);
    const [municipalities, requested, situations] = await Promise.all([
      countMunicipalities(db, config.countyKey),
      requestedCache.get(db, place?.ags ?? "", () => mostRequestedServices(db, { ags: place?.ags, limit: 8 })),
      lifeSituationCache.get(db, "front-door", () => findLifeSituationsByName(db, FRONT_DOOR_LIFE_SITUATIONS.map((l) => l.ozgName))),
    ]);
    const lifeSituations = situations.map((s) => ({ id: s.id, label: req.t(FRONT_DOOR_LIFE_SITUATIONS.find((l) => l.ozgName === s.name)!.label) }));
    // Other modules' sections (news of the chosen place, else of the person's home municipality).
    const sectionCtx = { db, config, ags: place?.ags ?? req.user?.homeAgs ?? undefined, t: req.t, locale: req.locale };
    const sections = (await Promise.all(app.registry.homeSections.map((s) => s.render(sectionCtx)))).filter((s) => s !== null);
    return reply.page(req.t("portal.home.title"), (ctx) => <HomePage ctx={ctx} municipalities={municipalities} places={places} place={place} requested={requested} lifeSituations={lifeSituations} sections={sections} />, { headerSearch: false });
  });
  app.get("/impressum", async (req, reply) => {
    const authority = await findCountyAuthority(app.deps.db, app.deps.config.countyKey);
    return reply.page(req.t("portal.imprint.title"), (ctx) => <ImprintPage ctx={ctx} authority={authority} />);
  });
  app.get("/datenschutz", (req, reply) => reply.page(req.t("portal.privacy.title"), (ctx) => <PrivacyPage ctx={ctx} />));
  app.get("/barrierefreiheit", (req, reply) => reply.page(req.t("portal.accessibility.title"), (ctx) => <AccessibilityPage ctx={ctx} />));
  app.get("/leichte-sprache", async (req, reply) => {
    const authority = await findCountyAuthority(app.deps.db, app.deps.config.countyKey);
    return reply.page(req.t("portal.easy.title"), (ctx) => <EasyLanguagePage ctx={ctx} authority={authority} />);
  });
  app.get("/quellen", (req, reply) => reply.page(req.t("portal.sources.title"), (ctx) => <SourcesPage ctx={ctx} />));

  app.get<{ Querystring: { lang?: string; next?: string } }>("/sprache", (req, reply) => {
    const lang = req.query.lang === "en" ? "en" : "de";
    // Only same-site relative paths, so the switch cannot be abused as an open redirect.
    const next = typeof req.query.next === "string" && /^\/(?![/\\])/.test(req.query.next) ? req.query.next : "/";
    reply.setCookie("kp_lang", lang, { path: "/", httpOnly: true, sameSite: "lax", secure: app.deps.config.secureCookies, maxAge: 365 * 86400 });
    return reply.redirect(next, 303);
  });
}
