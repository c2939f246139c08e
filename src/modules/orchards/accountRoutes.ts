/**
 * JSON write API for the signed-in citizen beyond listings (issue 16): lend an item, ask for a loan, write
 * a message. Session only (there is no token scope for these yet): as `/api/` is exempt from the form CSRF
 * token, only `Content-Type: application/json` from our own origin (`refuseCrossSiteJson`), as for the
 * listing writes in writeRoutes.ts. Same rules and commands as the pages: citizens only, blocked accounts
 * refused, posting and message brakes, the pages' validation (errors as JSON Pointers), objects one may
 * not see look unknown (404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { CommandContext } from "../../platform/commands.js";
import { formatDay } from "../../platform/i18n/format.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { refuseCrossSiteJson } from "../../platform/http/sameOrigin.js";
import { agsSchema } from "../../platform/keys.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { listMunicipalities } from "../geo/index.js";
import { itemCreator, loanRequester } from "./commands/loans.js";
import { orchardMessageSender } from "./commands/messages.js";
import { findBlock } from "./moderationQueries.js";
import { messageLimitError, postingLimitError } from "./pages/moderationRoutes.js";
import { LISTINGS_PER_DAY, MESSAGE_MAX } from "./pages/routes.js";
import { canContact, canRequestLoan, isParticipant } from "./policies.js";
import { presentItem } from "./presenters.js";
import { findConversation, findConversationOf, findItem, findListing, isVisible } from "./queries.js";
import { IdParams, Item } from "./routes.js";
import { validateItem, validateLoan } from "./validation.js";

const tags = ["Streuobst"];
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const SESSION_NOTE = "Nur mit der Sitzung im Portal (Bürgerkonto), als `Content-Type: application/json` von der eigenen Herkunft; gesperrtes Konto → 403 (`account-blocked`).";

const ItemWrite = Type.Object(
  {
    name: Type.String({ description: "3–120 Zeichen" }),
    description: Type.Optional(Type.String({ description: "höchstens 4000 Zeichen; HTML wird als Text gespeichert und escaped ausgegeben" })),
    ags: agsSchema(),
    depositEuros: Type.Integer({ description: "Kaution in ganzen Euro (0–10.000)" }),
  },
  { additionalProperties: false },
);
type ItemWrite = Static<typeof ItemWrite>;

const LoanWrite = Type.Object(
  {
    from: Type.String({ format: "date", description: "Erster Tag (ab heute)" }),
    to: Type.String({ format: "date", description: "Letzter Tag (höchstens 31 Tage)" }),
    note: Type.Optional(Type.String({ description: "Notiz an die verleihende Person, höchstens 1000 Zeichen" })),
  },
  { additionalProperties: false },
);
type LoanWrite = Static<typeof LoanWrite>;
const Loan = Type.Object({ id: Type.String({ format: "uuid" }), itemId: Type.String({ format: "uuid" }), status: Type.Literal("requested"), from: Type.String({ format: "date" }), to: Type.String({ format: "date" }), url: Type.String() });

const MessageWrite = Type.Object({ text: Type.String({ description: `1–${MESSAGE_MAX} Zeichen` }) }, { additionalProperties: false });
type MessageWrite = Static<typeof MessageWrite>;
const Sent = Type.Object({ conversationId: Type.String({ format: "uuid" }), url: Type.String({ description: "Die Unterhaltung im Portal" }) });

/** Form field → JSON Pointer of the body (the page's validation is reused). */
const ITEM_POINTERS: Record<string, string> = { name: "/name", beschreibung: "/description", gemeinde: "/ags", kaution: "/depositEuros" };
const LOAN_POINTERS: Record<string, string> = { von: "/from", bis: "/to", notiz: "/note" };
const pointed = (errors: Record<string, string>, pointers: Record<string, string>) => Object.entries(errors).map(([f, message]) => ({ path: pointers[f] ?? "/", message }));

export async function orchardAccountRoutes(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  /** A citizen's session, same-origin JSON, not blocked. */
  async function authenticate(req: FastifyRequest, reply: FastifyReply) {
    if (!req.user) return sendProblem(reply, 401, "Anmeldung erforderlich: Sitzung im Portal (Bürgerkonto).");
    const refused = refuseCrossSiteJson(req, reply, config.publicUrl);
    if (refused) return refused;
    if (req.user.kind !== "citizen") return sendProblem(reply, 403, "Nur Bürgerkonten verleihen, leihen und schreiben in der Streuobstbörse.");
    const block = await findBlock(db, req.user.id);
    if (block) return sendProblem(reply, 403, req.t("orchards.mod.blocked", { reason: block.reason }), { type: "account-blocked" });
    return undefined;
  }

  /** The message brake and length, then the command; the recipient gets the usual link-only mail. */
  async function send(req: FastifyRequest<{ Body: MessageWrite }>, reply: FastifyReply, target: Omit<Parameters<typeof orchardMessageSender>[2], "author" | "body">) {
    const text = req.body.text.trim();
    if (!text || text.length > MESSAGE_MAX) return sendProblem(reply, 422, "Die Nachricht ist nicht gültig (siehe errors).", { errors: [{ path: "/text", message: req.t("orchards.error.message") }] });
    const limited = await messageLimitError(db, req.user!.id, req.t);
    if (limited) return sendProblem(reply, 429, limited);
    const out = await orchardMessageSender(ctxOf(req), config, { ...target, author: { id: req.user!.id, name: req.user!.displayName }, body: text });
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.code(201).send({ conversationId: out.conversationId, url: `/streuobst/nachrichten/${out.conversationId}` });
  }

  app.post<{ Body: ItemWrite }>(
    "/api/v1/orchards/items",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: authenticate,
      schema: { tags, summary: "Eigenes Gerät zum Verleihen einstellen (Bürgerkonto)", description: `${SESSION_NOTE} Höchstens 10 neue Anzeigen und Geräte in 24 Stunden (neue Konten 2) → 429; Fehler je Feld als JSON Pointer → 422.`, body: ItemWrite, response: { 201: Item, 400: Problem, 401: Problem, 403: Problem, 415: Problem, 422: Problem, 429: Problem } },
    },
    async (req, reply) => {
      const b = req.body;
      const rows = await listMunicipalities(db, [config.countyKey]);
      const places = new Map(rows.map((m) => [m.ags, { ags: m.ags, ars: m.ars, name: m.short_name }]));
      const { form, input } = validateItem({ name: b.name, beschreibung: b.description ?? "", gemeinde: b.ags, kaution: String(b.depositEuros) }, places, req.t);
      if (!input) return sendProblem(reply, 422, "Das Gerät ist nicht gültig (siehe errors).", { errors: pointed(form.errors, ITEM_POINTERS) });
      const tooMany = await postingLimitError(db, req.user!.id, LISTINGS_PER_DAY, req.t);
      if (tooMany) return sendProblem(reply, 429, tooMany);
      const { id } = await itemCreator(ctxOf(req), { ownerId: req.user!.id, publisher: req.user!.displayName, input });
      return reply.code(201).header("location", `/streuobst/geraete/${id}`).send(presentItem((await findItem(db, id))!));
    },
  );

  app.post<{ Params: IdParams; Body: LoanWrite }>(
    "/api/v1/orchards/items/:id/loans",
    {
      config: writeLimit,
      preValidation: authenticate,
      schema: {
        tags,
        summary: "Ausleihe eines Geräts anfragen (Bürgerkonto)",
        description: `${SESSION_NOTE} Eigenes Gerät → 403; schon verliehene Tage → 409 mit \`nextFree\` (nächster freier Zeitraum gleicher Länge); Fehler je Feld → 422. Die verleihende Person bestätigt oder lehnt im Portal ab.`,
        params: IdParams,
        body: LoanWrite,
        response: { 201: Loan, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const item = await findItem(db, req.params.id);
      if (!item || item.status !== "active") return sendProblem(reply, 404, "Kein verleihbares Gerät mit dieser Kennung.");
      if (!canRequestLoan(req.user, item)) return sendProblem(reply, 403, req.t("orchards.error.ownItem"));
      const { form, days } = validateLoan({ von: req.body.from, bis: req.body.to, notiz: req.body.note ?? "" }, req.t);
      if (!days) return sendProblem(reply, 422, "Die Anfrage ist nicht gültig (siehe errors).", { errors: pointed(form.errors, LOAN_POINTERS) });
      const out = await loanRequester(ctxOf(req), { itemId: item.id, borrowerId: req.user!.id, borrowerName: req.user!.displayName, days, note: req.body.note ?? "" });
      if (out.kind === "overlap") return sendProblem(reply, 409, req.t("orchards.error.overlap", { from: formatDay(out.next.from), to: formatDay(out.next.to) }), { type: "loan-overlap", extensions: { nextFree: out.next } });
      return reply.code(201).send({ id: out.id, itemId: item.id, status: "requested" as const, from: days.from, to: days.to, url: `/streuobst/ausleihen/${out.id}` });
    },
  );

  const messageSchema = (summary: string, description: string, params = true) => ({ tags, summary, description: `${SESSION_NOTE} ${description} Neue Konten: höchstens 10 Nachrichten in 24 Stunden → 429. Die empfangende Person bekommt eine E-Mail nur mit einem Link.`, ...(params ? { params: IdParams } : {}), body: MessageWrite, response: { 201: Sent, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 415: Problem, 422: Problem, 429: Problem } });

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/listings/:id/messages",
    { config: writeLimit, preValidation: authenticate, schema: messageSchema("Der anbietenden Person einer Anzeige schreiben", "Beginnt oder setzt die eigene Unterhaltung zur Anzeige fort; eigene oder nicht sichtbare Anzeigen → 404.") },
    async (req, reply) => {
      const l = await findListing(db, req.params.id);
      if (!l || !isVisible(l) || !canContact(req.user, l)) return sendProblem(reply, 404, "Keine Anzeige, an die Sie schreiben können.");
      const existing = await findConversationOf(db, { listingId: l.id }, req.user!.id);
      return send(req, reply, { about: { listingId: l.id }, owner: { id: l.owner_id!, name: l.publisher }, conversationId: existing?.id });
    },
  );

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/items/:id/messages",
    { config: writeLimit, preValidation: authenticate, schema: messageSchema("Der verleihenden Person eines Geräts schreiben", "Beginnt oder setzt die eigene Unterhaltung zum Gerät fort; eigene Geräte und Geräte ohne Bürgerkonto (z. B. des Kreises) → 404.") },
    async (req, reply) => {
      const item = await findItem(db, req.params.id);
      if (!item || item.status !== "active" || !canContact(req.user, item)) return sendProblem(reply, 404, "Kein Gerät, zu dem Sie schreiben können.");
      const existing = await findConversationOf(db, { itemId: item.id }, req.user!.id);
      return send(req, reply, { about: { itemId: item.id }, owner: { id: item.owner_id!, name: item.publisher }, conversationId: existing?.id });
    },
  );

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/conversations/:id/messages",
    { config: writeLimit, preValidation: authenticate, schema: messageSchema("In einer eigenen Unterhaltung antworten", "Nur die beiden Beteiligten; andere Unterhaltungen → 404.") },
    async (req, reply) => {
      const conv = await findConversation(db, req.params.id);
      if (!conv || !isParticipant(req.user, conv)) return sendProblem(reply, 404, "Keine eigene Unterhaltung mit dieser Kennung.");
      const about = conv.listing_id ? { listingId: conv.listing_id } : { itemId: conv.item_id! };
      return send(req, reply, { about, owner: { id: conv.owner_id, name: conv.owner_name }, conversationId: conv.id });
    },
  );
}
