/** Public pages and feeds: /baustellen (list, works without JavaScript), one road work, iCal, DATEX II, the order PDF and its change notices. */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { readForm, validate, hasErrors } from "../../../platform/forms.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { listMunicipalities, loadCounty, servedKreise } from "../../geo/index.js";
import { findFile } from "../../../platform/files/index.js";
import { companiesOfMember, consentsOf, findCompany, findRoadwork, grantedChangeOf, listPublished, refusalOf, specialUseOf, type RoadworkRow } from "../queries.js";
import { specialUseRoadOwner } from "../authority.js";
import { changeNoticePdf, datexFeed, icsFeed, orderPdf } from "../presenters.js";
import { canCoordinateWork, canSeeApplication } from "../policies.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { roadworksMessages } from "../messages.js";
import { roadworksCoordinationMessages } from "../messagesCoordination.js";
import { roadworksSpecialUseMessages } from "../messagesSpecialUse.js";
import { allowTiles } from "./tiles.js";
import { DetailPage, ListPage, type Place } from "./publicViews.js";

/** Orders are official German documents, whatever the reader's language. */
const de = translatorFor(roadworksMessages, roadworksCoordinationMessages, roadworksSpecialUseMessages)("de");
const listLimit = { rateLimit: { max: 120, timeWindow: 60_000 } };
const feedLimit = { rateLimit: { max: 60, timeWindow: 60_000 } };
const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

export async function publicPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const places = async (): Promise<Place[]> => (await listMunicipalities(db, servedKreise(config))).map((m) => ({ ags: m.ags, name: m.short_name }));

  app.get<{ Querystring: Record<string, string | undefined> }>("/baustellen", { config: listLimit }, async (req, reply) => {
    const t = req.t;
    const all = await places();
    const values = readForm(req.query, ["gemeinde", "datum"] as const);
    const form = validate(values, {}, t);
    if (values.gemeinde && !all.some((p) => p.ags === values.gemeinde)) form.errors.gemeinde = t("roadworks.public.badMunicipality");
    if (values.datum && !isDate(values.datum)) form.errors.datum = t("roadworks.public.badDate");
    const day = values.datum || berlinDate(new Date());
    const rows = hasErrors(form) ? [] : await listPublished(db, { ags: values.gemeinde || undefined, from: day, to: values.datum || undefined, limit: 500 });
    const q = new URLSearchParams();
    if (!hasErrors(form)) {
      if (values.gemeinde) q.set("ags", values.gemeinde);
      q.set("from", day);
      if (values.datum) q.set("to", values.datum);
    }
    const query = q.size ? `?${q.toString()}` : "";
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(t("roadworks.public.title"), (ctx) => <ListPage ctx={ctx} form={form} places={all} rows={rows} query={query} tileUrl={config.roadworks.tileUrl} />, { status: hasErrors(form) ? 422 : 200 });
  });

  app.get("/baustellen.ics", { config: feedLimit }, async (req, reply) => {
    const rows = await listPublished(db, { from: berlinDate(new Date(Date.now() - 30 * 86_400_000)) });
    return reply.type("text/calendar; charset=utf-8").header("Cache-Control", "public, max-age=300").send(icsFeed(rows, req.t, config.publicUrl, (await loadCounty(db, config.countyKey)).name));
  });

  app.get("/baustellen/datex2.xml", { config: feedLimit }, async (_req, reply) => {
    const rows = await listPublished(db, { from: berlinDate(new Date()) });
    return reply.type("application/xml; charset=utf-8").header("Cache-Control", "public, max-age=300").send(datexFeed(rows, new Date()));
  });

  /** The order and its change notices: the mailed link's token, or staff of the authority, or the company's accounts. */
  async function mayReadOrder(r: RoadworkRow, user: FastifyRequest["user"], token: unknown): Promise<boolean> {
    const given = Buffer.from(typeof token === "string" ? token : "");
    const expected = Buffer.from(r.order_token ?? "");
    if (expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected)) return true;
    const memberOf = user && user.kind === "citizen" ? new Set((await companiesOfMember(db, user.id)).map((c) => c.id)) : new Set<string>();
    return canSeeApplication(user, r, memberOf);
  }

  app.get<{ Params: { id: string } }>("/baustellen/:id", async (req, reply) => {
    const r = await findRoadwork(db, req.params.id);
    if (!r || r.status !== "ordered") return reply.callNotFound();
    return reply.page(r.title, (ctx) => <DetailPage ctx={ctx} r={r} />);
  });

  /** The order: with the mailed link's token, or signed in as staff or as an account of the company. */
  app.get<{ Params: { id: string }; Querystring: { t?: string } }>("/baustellen/:id/anordnung.pdf", { config: feedLimit }, async (req, reply) => {
    const r = await findRoadwork(db, req.params.id);
    if (!r || r.status !== "ordered" || !r.order_token) return reply.callNotFound();
    if (!(await mayReadOrder(r, req.user, req.query.t))) return reply.callNotFound();
    const [consents, company, file, roadOwner] = await Promise.all([consentsOf(db, r.id), r.company_id ? findCompany(db, r.company_id) : undefined, r.sign_plan_file ? findFile(db, r.sign_plan_file) : undefined, specialUseRoadOwner(db, config.countyKey, r)]);
    const pdf = orderPdf(r, consents, de, { company: company?.name ?? "–", signPlanName: file?.original_name, roadOwner });
    return reply.type("application/pdf").header("Content-Disposition", `inline; filename="anordnung-${r.reference}.pdf"`).header("Cache-Control", "private, no-store").header("Referrer-Policy", "no-referrer").send(pdf);
  });

  /**
   * The change notice (Änderungsbescheid) of a granted change round: readable as the order is – with the order's mailed
   * link token, or signed in as the authority's staff or an account of the company. Rendered from the stored round.
   */
  app.get<{ Params: { id: string; ext: string }; Querystring: { t?: string } }>("/baustellen/:id/aenderung/:ext/bescheid.pdf", { config: feedLimit }, async (req, reply) => {
    const r = await findRoadwork(db, req.params.id);
    if (!r || r.status !== "ordered" || !r.order_token) return reply.callNotFound();
    if (!(await mayReadOrder(r, req.user, req.query.t))) return reply.callNotFound();
    const change = await grantedChangeOf(db, r.id, req.params.ext);
    if (!change) return reply.callNotFound();
    const [consents, company] = await Promise.all([consentsOf(db, r.id), r.company_id ? findCompany(db, r.company_id) : undefined]);
    const pdf = changeNoticePdf(r, change, consents, de, { company: company?.name ?? "–" });
    return reply.type("application/pdf").header("Content-Disposition", `inline; filename="aenderung-${r.reference}.pdf"`).header("Cache-Control", "private, no-store").header("Referrer-Policy", "no-referrer").send(pdf);
  });

  /** The refusal notice as issued (stored with the application): the company's accounts, and the authority's staff. */
  app.get<{ Params: { id: string } }>("/baustellen/:id/ablehnung.pdf", { config: feedLimit }, async (req, reply) => {
    const r = await findRoadwork(db, req.params.id);
    if (!r || r.status !== "refused" || !req.user) return reply.callNotFound();
    const allowed = req.user.kind === "staff" ? canCoordinateWork(req.user, r) : canSeeApplication(req.user, r, new Set((await companiesOfMember(db, req.user.id)).map((c) => c.id)));
    const notice = allowed ? await refusalOf(db, r.id) : undefined;
    if (!notice) return reply.callNotFound();
    return reply.type("application/pdf").header("Content-Disposition", `inline; filename="ablehnung-${r.reference}.pdf"`).header("Cache-Control", "private, no-store").send(notice.pdf);
  });

  /** The special-use notice as issued (granted or refused): the company's accounts, and the authority's staff. */
  app.get<{ Params: { id: string } }>("/baustellen/:id/sondernutzung.pdf", { config: feedLimit }, async (req, reply) => {
    const r = await findRoadwork(db, req.params.id);
    if (!r || !req.user) return reply.callNotFound();
    const allowed = req.user.kind === "staff" ? canCoordinateWork(req.user, r) : canSeeApplication(req.user, r, new Set((await companiesOfMember(db, req.user.id)).map((c) => c.id)));
    const su = allowed ? await specialUseOf(db, r.id) : undefined;
    if (!su?.pdf) return reply.callNotFound();
    return reply.type("application/pdf").header("Content-Disposition", `inline; filename="sondernutzung-${r.reference}.pdf"`).header("Cache-Control", "private, no-store").send(su.pdf);
  });
}
