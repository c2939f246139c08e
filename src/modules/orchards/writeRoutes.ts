/**
 * JSON write API for one's own listings (issue 16): create, replace, withdraw. Authenticated by a personal
 * API token (`Authorization: Bearer kp_…`, scope `orchards:listings`) or by the session cookie of a citizen
 * — then, as the API is exempt from the form CSRF token, only as JSON from our own origin
 * (`refuseCrossSiteJson`). Same rules as the pages: citizens only, blocked accounts refused, the posting
 * brake, the same validation (errors as JSON Pointers), someone else's listing looks unknown (404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import { requireApiToken } from "../../platform/auth/apiTokens.js";
import type { CommandContext } from "../../platform/commands.js";
import { countyBounds } from "../../platform/geo/centres.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { refuseCrossSiteJson } from "../../platform/http/sameOrigin.js";
import { agsSchema } from "../../platform/keys.js";
import { accountSummary } from "../accounts/index.js";
import { listMunicipalities } from "../geo/index.js";
import { listingCreator, listingUpdater, listingWithdrawer } from "./commands/listings.js";
import { findBlock } from "./moderationQueries.js";
import { postingLimitError } from "./pages/moderationRoutes.js";
import { LISTINGS_PER_DAY } from "./pages/routes.js";
import { presentListing } from "./presenters.js";
import { findListing, listPhotos } from "./queries.js";
import { IdParams, Kind, Listing } from "./routes.js";
import { validateListing, type LISTING_FIELDS } from "./validation.js";

const tags = ["Streuobst"];
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
// The session cookie (same-origin JSON) is described in each operation; OpenAPI names the token scheme.
const security = [{ bearerAuth: [] as string[] }];

const ListingWrite = Type.Object(
  {
    kind: Kind,
    title: Type.String({ description: "3–120 Zeichen" }),
    description: Type.String({ description: "1–4000 Zeichen; HTML wird als Text gespeichert und escaped ausgegeben" }),
    ags: agsSchema(),
    areaM2: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: "Fläche in m² (1–10.000.000)" })),
    trees: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: "Anzahl Bäume (0–100.000)" })),
    varieties: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: "Sorten, höchstens 300 Zeichen" })),
    expiresOn: Type.String({ format: "date", description: "Sichtbar bis (heute bis heute + 365 Tage)" }),
    location: Type.Optional(Type.Union([Type.Object({ lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false }), Type.Null()], { description: "Genauer Punkt im Kreisgebiet (WGS 84); öffentlich nur die Mitte der ~1-km-Rasterzelle" })),
  },
  { additionalProperties: false },
);
type ListingWrite = Static<typeof ListingWrite>;

/** Form field → JSON Pointer of the body (the page's validation is reused). */
const POINTERS: Record<(typeof LISTING_FIELDS)[number], string> = { art: "/kind", titel: "/title", beschreibung: "/description", gemeinde: "/ags", flaeche: "/areaM2", baeume: "/trees", sorten: "/varieties", ablauf: "/expiresOn", breite: "/location/lat", laenge: "/location/lon" };
const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));

export async function orchardWriteRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const tokenAuth = requireApiToken("orchards:listings", { optional: true });
  const accountOf = (req: FastifyRequest) => req.apiPrincipal?.userId ?? req.user!.id;

  /** Token or (same-origin JSON) session of a citizen account that is not blocked. */
  async function authenticate(req: FastifyRequest, reply: FastifyReply) {
    const challenged = await tokenAuth(req, reply);
    if (challenged) return challenged;
    if (!req.apiPrincipal) {
      if (!req.user) return sendProblem(reply, 401, "Anmeldung erforderlich: Sitzung im Portal oder persönliches API-Token mit der Berechtigung „orchards:listings“ (Authorization: Bearer kp_…).");
      const refused = refuseCrossSiteJson(req, reply, config.publicUrl);
      if (refused) return refused;
    }
    if ((req.apiPrincipal?.kind ?? req.user!.kind) !== "citizen") return sendProblem(reply, 403, "Anzeigen stellen Bürgerkonten ein.");
    const block = await findBlock(db, accountOf(req));
    if (block) return sendProblem(reply, 403, req.t("orchards.mod.blocked", { reason: block.reason }), { type: "account-blocked" });
    return undefined;
  }

  async function validate(req: FastifyRequest<{ Body: ListingWrite }>) {
    const b = req.body;
    const rows = await listMunicipalities(db, [config.countyKey]);
    const places = new Map(rows.map((m) => [m.ags, { ags: m.ags, ars: m.ars, name: m.short_name }]));
    const values = { art: b.kind, titel: b.title, beschreibung: b.description, gemeinde: b.ags, flaeche: str(b.areaM2), baeume: str(b.trees), sorten: str(b.varieties), ablauf: b.expiresOn, breite: str(b.location?.lat), laenge: str(b.location?.lon) };
    const { form, input } = validateListing(values, places, req.t, countyBounds(config.countyKey));
    const errors = Object.entries(form.errors).map(([f, message]) => ({ path: POINTERS[f as keyof typeof POINTERS] ?? "/", message }));
    return { input, errors };
  }
  const invalid = (reply: FastifyReply, errors: Array<{ path: string; message: string }>) => sendProblem(reply, 422, "Die Anzeige ist nicht gültig (siehe errors).", { errors });
  const own = async (req: FastifyRequest<{ Params: IdParams }>) => {
    const l = await findListing(db, req.params.id);
    return l && l.owner_id === accountOf(req) && l.status === "active" ? l : undefined;
  };
  const notFound = (reply: FastifyReply) => sendProblem(reply, 404, "Keine eigene aktive Anzeige mit dieser Kennung.");

  app.post<{ Body: ListingWrite }>(
    "/api/v1/orchards/listings",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: authenticate,
      schema: {
        tags,
        security,
        summary: "Eigene Anzeige einstellen (Bürgerkonto)",
        description: "Mit persönlichem API-Token (Berechtigung `orchards:listings`) oder der Sitzung im Portal (dann nur `Content-Type: application/json` von der eigenen Herkunft). Dieselben Regeln wie im Portal: höchstens 10 neue Anzeigen und Geräte in 24 Stunden (neue Konten 2) → 429; gesperrtes Konto → 403 (`account-blocked`); Fehler je Feld als JSON Pointer → 422.",
        body: ListingWrite,
        response: { 201: Listing, 400: Problem, 401: Problem, 403: Problem, 415: Problem, 422: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const { input, errors } = await validate(req);
      if (!input) return invalid(reply, errors);
      const tooMany = await postingLimitError(db, accountOf(req), LISTINGS_PER_DAY, req.t);
      if (tooMany) return sendProblem(reply, 429, tooMany);
      const publisher = req.user && !req.apiPrincipal ? req.user.displayName : ((await accountSummary(db, accountOf(req)))?.display_name ?? "–");
      const { id } = await listingCreator(ctxOf(req), { ownerId: accountOf(req), publisher, input });
      const row = (await findListing(db, id))!;
      return reply.code(201).header("location", `/api/v1/orchards/listings/${id}`).send(presentListing(row, []));
    },
  );

  app.put<{ Params: IdParams; Body: ListingWrite }>(
    "/api/v1/orchards/listings/:id",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: authenticate,
      schema: { tags, security, summary: "Eigene aktive Anzeige ändern (ganz ersetzen)", description: "Wie das Einstellen; fremde, zurückgezogene oder ausgeblendete Anzeigen → 404.", params: IdParams, body: ListingWrite, response: { 200: Listing, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 415: Problem, 422: Problem } },
    },
    async (req, reply) => {
      const l = await own(req);
      if (!l) return notFound(reply);
      const { input, errors } = await validate(req);
      if (!input) return invalid(reply, errors);
      if (!(await listingUpdater(ctxOf(req), { id: l.id, ownerId: accountOf(req), input }))) return notFound(reply);
      return presentListing((await findListing(db, l.id))!, await listPhotos(db, l.id));
    },
  );

  app.delete<{ Params: IdParams }>(
    "/api/v1/orchards/listings/:id",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: authenticate,
      schema: { tags, security, summary: "Eigene Anzeige zurückziehen", description: "Die Anzeige verschwindet aus Liste, Suche und API; Unterhaltungen bleiben lesbar. Fremde oder nicht aktive → 404.", params: IdParams, response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (req, reply) => {
      const l = await own(req);
      if (!l || !(await listingWithdrawer(ctxOf(req), { id: l.id, ownerId: accountOf(req) }))) return notFound(reply);
      return reply.code(204).send();
    },
  );
}
