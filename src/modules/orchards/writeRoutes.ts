/**
 * JSON write API for one's own listings (issue 16): create, replace, change in part, withdraw, add and delete
 * photos — with the pages' commands. Authenticated by a personal
 * API token (`Authorization: Bearer kp_…`, scope `orchards:listings`) or by the session cookie of a citizen
 * — then, as the API is exempt from the form CSRF token, only as JSON from our own origin
 * (`refuseCrossSiteJson`). Same rules as the pages: citizens only, blocked accounts refused, the posting
 * brake, the same validation (errors as JSON Pointers); someone else's listing → 403 `not-owner` (ADR 0084).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { CommandContext } from "../../platform/commands.js";
import { countyBounds } from "../../platform/geo/centres.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { agsSchema } from "../../platform/keys.js";
import { listMunicipalities } from "../geo/index.js";
import { listingCreator, listingUpdater, listingWithdrawer } from "./commands/listings.js";
import { apiAccount, notOwner, orchardApiAuth } from "./apiAuth.js";
import { postingLimitError } from "./pages/moderationRoutes.js";
import { LISTINGS_PER_DAY } from "./pages/routes.js";
import { presentListing } from "./presenters.js";
import { countPhotos, findListing, findPhoto, listPhotos } from "./queries.js";
import { photoAdder, photoDeleter } from "./commands/photos.js";
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from "./photos.js";
import { readPhotoUpload } from "./pages/photoRoutes.js";
import { presentPhoto } from "./presenters.js";
import { refusalMessage, uploadClientKey } from "../../platform/files/index.js";
import { IdParams, Kind, Listing } from "./routes.js";
import { LISTING_FIELDS, listingFormValues, validateListing } from "./validation.js";

const tags = ["Streuobst"];
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
// The session cookie (same-origin JSON) is described in each operation; OpenAPI names the token scheme.
const security = [{ bearerAuth: [] as string[] }];

/**
 * A scalar or null as one JSON Schema type list, not `anyOf [T, null]`: the validator coerces types, and with
 * `anyOf` its first branch turned `null` into 0 (so `trees: null` stored 0 trees and `areaM2: null` failed the
 * range). With a type list Ajv coerces only when the value matches none of the types.
 */
const nullable = <T>(type: "integer" | "string", description: string) => Type.Unsafe<T | null>({ type: [type, "null"], description });

const ListingWrite = Type.Object(
  {
    kind: Kind,
    title: Type.String({ description: "3–120 Zeichen" }),
    description: Type.String({ description: "1–4000 Zeichen; HTML wird als Text gespeichert und escaped ausgegeben" }),
    ags: agsSchema(),
    areaM2: Type.Optional(nullable<number>("integer", "Fläche in m² (1–10.000.000)")),
    trees: Type.Optional(nullable<number>("integer", "Anzahl Bäume (0–100.000)")),
    varieties: Type.Optional(nullable<string>("string", "Sorten, höchstens 300 Zeichen")),
    expiresOn: Type.String({ format: "date", description: "Sichtbar bis (heute bis heute + 365 Tage)" }),
    location: Type.Optional(Type.Union([Type.Object({ lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false }), Type.Null()], { description: "Genauer Punkt im Kreisgebiet (WGS 84); öffentlich nur die Mitte der ~1-km-Rasterzelle" })),
  },
  { additionalProperties: false },
);
type ListingWrite = Static<typeof ListingWrite>;
const ListingPatch = Type.Partial(ListingWrite, { additionalProperties: false, minProperties: 1, description: "Nur die zu ändernden Felder; `null` leert ein optionales Feld (Fläche, Bäume, Sorten, Punkt)." });
type ListingPatch = Static<typeof ListingPatch>;
const PhotoParams = Type.Object({ id: Type.String({ format: "uuid" }), photoId: Type.String({ format: "uuid" }) });
type PhotoParams = Static<typeof PhotoParams>;
const Photo = Type.Object({ id: Type.String({ format: "uuid" }), url: Type.String(), thumbnailUrl: Type.String(), alt: Type.String(), width: Type.Integer(), height: Type.Integer() });

/** Form field → JSON Pointer of the body (the page's validation is reused). */
const POINTERS: Record<(typeof LISTING_FIELDS)[number], string> = { art: "/kind", titel: "/title", beschreibung: "/description", gemeinde: "/ags", flaeche: "/areaM2", baeume: "/trees", sorten: "/varieties", ablauf: "/expiresOn", breite: "/location/lat", laenge: "/location/lon" };
const str = (v: number | string | null | undefined) => (v === null || v === undefined ? "" : String(v));
/** The body's fields as the page's form values (only those present: PATCH lays them over the stored ones). */
function formValues(b: Partial<ListingWrite>): Record<string, string> {
  const v: Record<string, string> = {};
  if (b.kind !== undefined) v.art = b.kind;
  if (b.title !== undefined) v.titel = b.title;
  if (b.description !== undefined) v.beschreibung = b.description;
  if (b.ags !== undefined) v.gemeinde = b.ags;
  if (b.areaM2 !== undefined) v.flaeche = str(b.areaM2);
  if (b.trees !== undefined) v.baeume = str(b.trees);
  if (b.varieties !== undefined) v.sorten = str(b.varieties);
  if (b.expiresOn !== undefined) v.ablauf = b.expiresOn;
  if (b.location !== undefined) Object.assign(v, { breite: str(b.location?.lat), laenge: str(b.location?.lon) });
  return v;
}

export async function orchardWriteRoutes(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const authenticate = orchardApiAuth(db, config.publicUrl, "orchards:listings", { staffMessage: "Anzeigen stellen Bürgerkonten ein." });
  const accountOf = (req: FastifyRequest) => apiAccount(req).id;

  async function validate(req: FastifyRequest<{ Body: ListingWrite }>) {
    // A whole listing: fields left out are empty, as on the form.
    const empty = Object.fromEntries(LISTING_FIELDS.map((f) => [f, ""]));
    return validateValues(req, { ...empty, ...formValues(req.body) });
  }
  /** The page's validation on form values (one rule set for page, PUT and PATCH); errors as JSON Pointers. */
  async function validateValues(req: FastifyRequest, values: Record<string, string>) {
    const rows = await listMunicipalities(db, [config.countyKey]);
    const places = new Map(rows.map((m) => [m.ags, { ags: m.ags, ars: m.ars, name: m.short_name }]));
    const { form, input } = validateListing(values, places, req.t, countyBounds(config.countyKey));
    const errors = Object.entries(form.errors).map(([f, message]) => ({ path: POINTERS[f as keyof typeof POINTERS] ?? "/", message }));
    return { input, errors };
  }
  const invalid = (reply: FastifyReply, errors: Array<{ path: string; message: string }>) => sendProblem(reply, 422, "Die Anzeige ist nicht gültig (siehe errors).", { errors });
  /** One's own active listing; another owner's → 403 (`not-owner`, ADR 0084), else 404. Answers and returns undefined when refused. */
  const own = async (req: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply) => {
    const l = await findListing(db, req.params.id);
    if (l && l.owner_id !== accountOf(req)) return void notOwner(reply, "Die Anzeige");
    if (!l || l.owner_id !== accountOf(req) || l.status !== "active") return void notFound(reply);
    return l;
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
      const publisher = apiAccount(req).displayName;
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
      schema: { tags, security, summary: "Eigene aktive Anzeige ändern (ganz ersetzen)", description: "Wie das Einstellen; Anzeigen eines anderen Kontos → 403 (`not-owner`); zurückgezogene oder ausgeblendete eigene → 404.", params: IdParams, body: ListingWrite, response: { 200: Listing, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 415: Problem, 422: Problem } },
    },
    async (req, reply) => {
      const l = await own(req, reply);
      if (!l) return reply;
      const { input, errors } = await validate(req);
      if (!input) return invalid(reply, errors);
      if (!(await listingUpdater(ctxOf(req), { id: l.id, ownerId: accountOf(req), input }))) return notFound(reply);
      return presentListing((await findListing(db, l.id))!, await listPhotos(db, l.id));
    },
  );

  /**
   * The schema validator drops unknown properties silently (Fastify's `removeAdditional`); for a PATCH that would
   * turn a misspelt field into a successful no-op, so unknown fields are refused here (after authentication).
   */
  const patchFields = Object.keys(ListingPatch.properties);
  const refuseUnknownFields = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = req.body;
    if (!body || typeof body !== "object" || Array.isArray(body)) return undefined; // the schema answers
    const unknown = Object.keys(body).filter((k) => !patchFields.includes(k));
    if (!unknown.length) return undefined;
    return sendProblem(reply, 400, "Die Anfrage enthält Felder, die sich nicht ändern lassen (siehe errors).", { type: "validation", errors: unknown.map((k) => ({ path: `/${k}`, message: `Unbekanntes Feld „${k}“; änderbar sind: ${patchFields.join(", ")}.` })) });
  };

  app.patch<{ Params: IdParams; Body: ListingPatch }>(
    "/api/v1/orchards/listings/:id",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: [authenticate, refuseUnknownFields],
      schema: {
        tags,
        security,
        summary: "Eigene aktive Anzeige teilweise ändern",
        description: "Nur die gesendeten Felder ändern sich; die Anzeige wird danach als Ganzes wie beim Einstellen geprüft (Fehler je Feld als JSON Pointer → 422) und mit demselben Befehl wie die Seite „Bearbeiten“ gespeichert (protokolliert `orchards.listing_updated`). Unbekannte Felder (ein Tippfehler bliebe sonst folgenlos), falsche Typen oder ein leerer Körper → 400. Anzeigen eines anderen Kontos → 403 (`not-owner`); zurückgezogene oder ausgeblendete eigene → 404.",
        params: IdParams,
        body: ListingPatch,
        response: { 200: Listing, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 415: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const l = await own(req, reply);
      if (!l) return reply;
      const { input, errors } = await validateValues(req, { ...listingFormValues(l), ...formValues(req.body) });
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
      schema: { tags, security, summary: "Eigene Anzeige zurückziehen", description: "Die Anzeige verschwindet aus Liste, Suche und API; Unterhaltungen bleiben lesbar. Anzeigen eines anderen Kontos → 403 (`not-owner`); nicht aktive → 404.", params: IdParams, response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem } },
    },
    async (req, reply) => {
      const l = await own(req, reply);
      if (!l) return reply;
      if (!(await listingWithdrawer(ctxOf(req), { id: l.id, ownerId: accountOf(req) }))) return notFound(reply);
      return reply.code(204).send();
    },
  );

  // ---- Photos of one's own listing (token only: a cross-site form could post multipart without a preflight).
  const photoAuth = orchardApiAuth(db, config.publicUrl, "orchards:listings", { staffMessage: "Fotos laden Bürgerkonten zu ihren Anzeigen hoch.", tokenOnly: true });
  app.post<{ Params: IdParams }>(
    "/api/v1/orchards/listings/:id/photos",
    {
      config: writeLimit,
      preValidation: photoAuth,
      schema: {
        tags,
        security,
        summary: "Foto zu einer eigenen aktiven Anzeige hochladen (orchards:listings)",
        description: `Nur mit persönlichem API-Token (Berechtigung \`orchards:listings\`). multipart/form-data mit dem Dateifeld \`file\` und dem Textfeld \`alt\` (Beschreibung des Fotos, 1–300 Zeichen). JPEG, PNG oder WebP, geprüft an den ersten Bytes (nicht am Namen oder Content-Type), höchstens ${PHOTO_MAX_BYTES / 1024 / 1024} MB und 50 Megapixel; höchstens ${MAX_PHOTOS} Fotos je Anzeige. Das Foto wird wie im Portal aufrecht gedreht und ohne Metadaten (kein EXIF/GPS) als JPEG ≤ 1600 px und Vorschaubild ≤ 400 px gespeichert. Zu groß → 413; kein Bild, beschädigt oder zu viele Pixel, fehlende Beschreibung → 422 (\`errors[].path\` \`/file\`, \`/alt\`); schon ${MAX_PHOTOS} Fotos → 409; Anzeige eines anderen Kontos → 403 (\`not-owner\`); nicht aktive eigene → 404.`,
        consumes: ["multipart/form-data"],
        params: IdParams,
        response: { 201: Photo, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 429: Problem },
      },
    },
    async (req, reply) => {
      const l = await own(req, reply);
      if (!l) return reply;
      if (!req.isMultipart()) return sendProblem(reply, 400, "Bitte das Foto im Feld „file“ und die Beschreibung im Feld „alt“ als multipart/form-data senden.");
      const { form, processed, maxBytes, refusal } = await readPhotoUpload(req, config, await countPhotos(db, l.id), "file");
      if (!processed) {
        const photoError = form.errors.foto;
        if (refusal === "size") return sendProblem(reply, 413, photoError!);
        if (refusal === "count") return sendProblem(reply, 409, photoError!, { type: "too-many-photos" });
        const errors = [...(photoError ? [{ path: "/file", message: photoError }] : []), ...(form.errors.alt ? [{ path: "/alt", message: form.errors.alt }] : [])];
        return sendProblem(reply, 422, "Das Foto wurde nicht angenommen (siehe errors).", { errors });
      }
      const me = apiAccount(req);
      const out = await photoAdder(ctxOf(req), config, { listingId: l.id, uploaderId: me.id, alt: processed.alt, large: processed.large, thumb: processed.thumb, width: processed.width, height: processed.height, client: uploadClientKey(req.actor(), req.ip) });
      if (out.kind === "gone") return notFound(reply);
      if (out.kind === "too_many") return sendProblem(reply, 409, req.t("orchards.error.photoCount", { max: MAX_PHOTOS }), { type: "too-many-photos" });
      if (out.kind === "refused") {
        const message = refusalMessage(req.t, out.reason, { accept: ["image/jpeg"], maxBytes });
        return sendProblem(reply, out.reason === "quota" ? 429 : 422, message, out.reason === "quota" ? {} : { errors: [{ path: "/file", message }] });
      }
      const photo = presentPhoto({ id: out.id, alt: processed.alt, width: processed.width, height: processed.height });
      return reply.code(201).header("location", photo.url).send({ id: out.id, ...photo });
    },
  );

  app.delete<{ Params: PhotoParams }>(
    "/api/v1/orchards/listings/:id/photos/:photoId",
    {
      config: writeLimit,
      preValidation: authenticate,
      schema: {
        tags,
        security,
        summary: "Foto einer eigenen aktiven Anzeige löschen (orchards:listings)",
        description: "Mit persönlichem API-Token (Berechtigung `orchards:listings`) oder der Sitzung im Portal (dann nur als JSON-Anfrage von der eigenen Herkunft). Derselbe Befehl wie „Foto löschen“ auf der Fotoseite: protokolliert (`orchards.photo_deleted`), die Dateien werden nach dem Speichern gelöscht, das Foto verschwindet aus Anzeige, API und Suche. Anzeige eines anderen Kontos → 403 (`not-owner`); kein Foto dieser Anzeige, zurückgezogene oder ausgeblendete eigene Anzeige → 404.",
        params: PhotoParams,
        response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const l = await own(req, reply);
      if (!l) return reply;
      const photo = await findPhoto(db, req.params.photoId);
      const gone = () => sendProblem(reply, 404, "Kein Foto dieser Anzeige mit dieser Kennung.");
      if (!photo || photo.listing_id !== l.id) return gone();
      if (!(await photoDeleter(ctxOf(req), config, { photoId: photo.id, listingId: l.id, byStaff: false }))) return gone();
      return reply.code(204).send();
    },
  );
}
