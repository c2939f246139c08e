/**
 * JSON write API for the signed-in citizen beyond listings (issue 16): lend an item, ask for a loan, write
 * a message. With a personal API token (scope `orchards:lending` for items and loans, `orchards:messages` for
 * messages; ADR 0084) or the session — then only `Content-Type: application/json` from our own origin
 * (`orchardApiAuth` in apiAuth.ts, as for the listing writes in writeRoutes.ts). Same rules and commands as the pages: citizens only, blocked accounts
 * refused, posting and message brakes, the pages' validation (errors as JSON Pointers), objects one may
 * not see look unknown (404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type, type Static } from "@sinclair/typebox";
import type { CommandContext } from "../../platform/commands.js";
import { formatDay } from "../../platform/i18n/format.js";
import { Problem, sendProblem } from "../../platform/http/problem.js";
import { agsSchema } from "../../platform/keys.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { listMunicipalities } from "../geo/index.js";
import { itemCreator, loanRequester } from "./commands/loans.js";
import { orchardMessageSender } from "./commands/messages.js";
import { apiAccount, orchardApiAuth } from "./apiAuth.js";
import { messageLimitError, postingLimitError } from "./pages/moderationRoutes.js";
import { LISTINGS_PER_DAY, MESSAGE_MAX } from "./pages/routes.js";
import { canContact, canRequestLoan, isParticipant } from "./policies.js";
import { presentItem } from "./presenters.js";
import { findConversation, findConversationOf, findItem, findListing, isVisible } from "./queries.js";
import { IdParams, Item } from "./routes.js";
import { validateItem, validateLoan } from "./validation.js";

const tags = ["Streuobst"];
const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const authNote = (scope: string) => `Mit persönlichem API-Token (Berechtigung \`${scope}\`; das Token handelt für sein Bürgerkonto) oder der Sitzung im Portal (dann nur \`Content-Type: application/json\` von der eigenen Herkunft); gesperrtes Konto → 403 (\`account-blocked\`).`;
const LENDING_NOTE = authNote("orchards:lending");
const MESSAGES_NOTE = authNote("orchards:messages");
// The session cookie (same-origin JSON) is described in each operation; OpenAPI names the token scheme.
const security = [{ bearerAuth: [] as string[] }];

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

  const staffMessage = "Nur Bürgerkonten verleihen, leihen und schreiben in der Streuobstbörse.";
  const lending = orchardApiAuth(db, config.publicUrl, "orchards:lending", { staffMessage });
  const messaging = orchardApiAuth(db, config.publicUrl, "orchards:messages", { staffMessage });

  /** The message brake and length, then the command; the recipient gets the usual link-only mail. */
  async function send(req: FastifyRequest<{ Body: MessageWrite }>, reply: FastifyReply, target: Omit<Parameters<typeof orchardMessageSender>[2], "author" | "body">) {
    const text = req.body.text.trim();
    if (!text || text.length > MESSAGE_MAX) return sendProblem(reply, 422, "Die Nachricht ist nicht gültig (siehe errors).", { errors: [{ path: "/text", message: req.t("orchards.error.message") }] });
    const me = apiAccount(req);
    const limited = await messageLimitError(db, me.id, req.t);
    if (limited) return sendProblem(reply, 429, limited);
    const out = await orchardMessageSender(ctxOf(req), config, { ...target, author: { id: me.id, name: me.displayName }, body: text });
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.code(201).send({ conversationId: out.conversationId, url: `/streuobst/nachrichten/${out.conversationId}` });
  }

  app.post<{ Body: ItemWrite }>(
    "/api/v1/orchards/items",
    {
      config: writeLimit,
      // Before the body schema: unauthenticated or cross-site requests never get to see validation answers.
      preValidation: lending,
      schema: { tags, security, summary: "Eigenes Gerät zum Verleihen einstellen (Bürgerkonto)", description: `${LENDING_NOTE} Höchstens 10 neue Anzeigen und Geräte in 24 Stunden (neue Konten 2) → 429; Fehler je Feld als JSON Pointer → 422.`, body: ItemWrite, response: { 201: Item, 400: Problem, 401: Problem, 403: Problem, 415: Problem, 422: Problem, 429: Problem } },
    },
    async (req, reply) => {
      const b = req.body;
      const rows = await listMunicipalities(db, [config.countyKey]);
      const places = new Map(rows.map((m) => [m.ags, { ags: m.ags, ars: m.ars, name: m.short_name }]));
      const { form, input } = validateItem({ name: b.name, beschreibung: b.description ?? "", gemeinde: b.ags, kaution: String(b.depositEuros) }, places, req.t);
      if (!input) return sendProblem(reply, 422, "Das Gerät ist nicht gültig (siehe errors).", { errors: pointed(form.errors, ITEM_POINTERS) });
      const me = apiAccount(req);
      const tooMany = await postingLimitError(db, me.id, LISTINGS_PER_DAY, req.t);
      if (tooMany) return sendProblem(reply, 429, tooMany);
      const { id } = await itemCreator(ctxOf(req), { ownerId: me.id, publisher: me.displayName, input });
      return reply.code(201).header("location", `/streuobst/geraete/${id}`).send(presentItem((await findItem(db, id))!));
    },
  );

  app.post<{ Params: IdParams; Body: LoanWrite }>(
    "/api/v1/orchards/items/:id/loans",
    {
      config: writeLimit,
      preValidation: lending,
      schema: {
        tags,
        security,
        summary: "Ausleihe eines Geräts anfragen (Bürgerkonto)",
        description: `${LENDING_NOTE} Eigenes Gerät → 403; schon verliehene Tage → 409 mit \`nextFree\` (nächster freier Zeitraum gleicher Länge); Fehler je Feld → 422. Die verleihende Person bestätigt oder lehnt im Portal oder mit \`POST /api/v1/orchards/loans/{id}/decision\` ab.`,
        params: IdParams,
        body: LoanWrite,
        response: { 201: Loan, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 415: Problem, 422: Problem },
      },
    },
    async (req, reply) => {
      const item = await findItem(db, req.params.id);
      if (!item || item.status !== "active") return sendProblem(reply, 404, "Kein verleihbares Gerät mit dieser Kennung.");
      const me = apiAccount(req);
      if (!canRequestLoan(me, item)) return sendProblem(reply, 403, req.t("orchards.error.ownItem"));
      const { form, days } = validateLoan({ von: req.body.from, bis: req.body.to, notiz: req.body.note ?? "" }, req.t);
      if (!days) return sendProblem(reply, 422, "Die Anfrage ist nicht gültig (siehe errors).", { errors: pointed(form.errors, LOAN_POINTERS) });
      const out = await loanRequester(ctxOf(req), { itemId: item.id, borrowerId: me.id, borrowerName: me.displayName, days, note: req.body.note ?? "" });
      if (out.kind === "overlap") return sendProblem(reply, 409, req.t("orchards.error.overlap", { from: formatDay(out.next.from), to: formatDay(out.next.to) }), { type: "loan-overlap", extensions: { nextFree: out.next } });
      return reply.code(201).send({ id: out.id, itemId: item.id, status: "requested" as const, from: days.from, to: days.to, url: `/streuobst/ausleihen/${out.id}` });
    },
  );

  const messageSchema = (summary: string, description: string, params = true) => ({ tags, security, summary, description: `${MESSAGES_NOTE} ${description} Neue Konten: höchstens 10 Nachrichten in 24 Stunden → 429. Die empfangende Person bekommt eine E-Mail nur mit einem Link.`, ...(params ? { params: IdParams } : {}), body: MessageWrite, response: { 201: Sent, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 415: Problem, 422: Problem, 429: Problem } });

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/listings/:id/messages",
    { config: writeLimit, preValidation: messaging, schema: messageSchema("Der anbietenden Person einer Anzeige schreiben", "Beginnt oder setzt die eigene Unterhaltung zur Anzeige fort; eigene oder nicht sichtbare Anzeigen → 404.") },
    async (req, reply) => {
      const l = await findListing(db, req.params.id);
      const me = apiAccount(req);
      if (!l || !isVisible(l) || !canContact(me, l)) return sendProblem(reply, 404, "Keine Anzeige, an die Sie schreiben können.");
      const existing = await findConversationOf(db, { listingId: l.id }, me.id);
      return send(req, reply, { about: { listingId: l.id }, owner: { id: l.owner_id!, name: l.publisher }, conversationId: existing?.id });
    },
  );

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/items/:id/messages",
    { config: writeLimit, preValidation: messaging, schema: messageSchema("Der verleihenden Person eines Geräts schreiben", "Beginnt oder setzt die eigene Unterhaltung zum Gerät fort; eigene Geräte und Geräte ohne Bürgerkonto (z. B. des Kreises) → 404.") },
    async (req, reply) => {
      const item = await findItem(db, req.params.id);
      const me = apiAccount(req);
      if (!item || item.status !== "active" || !canContact(me, item)) return sendProblem(reply, 404, "Kein Gerät, zu dem Sie schreiben können.");
      const existing = await findConversationOf(db, { itemId: item.id }, me.id);
      return send(req, reply, { about: { itemId: item.id }, owner: { id: item.owner_id!, name: item.publisher }, conversationId: existing?.id });
    },
  );

  app.post<{ Params: IdParams; Body: MessageWrite }>(
    "/api/v1/orchards/conversations/:id/messages",
    { config: writeLimit, preValidation: messaging, schema: messageSchema("In einer eigenen Unterhaltung antworten", "Nur die beiden Beteiligten; andere Unterhaltungen → 404.") },
    async (req, reply) => {
      const conv = await findConversation(db, req.params.id);
      if (!conv || !isParticipant(apiAccount(req), conv)) return sendProblem(reply, 404, "Keine eigene Unterhaltung mit dieser Kennung.");
      const about = conv.listing_id ? { listingId: conv.listing_id } : { itemId: conv.item_id! };
      return send(req, reply, { about, owner: { id: conv.owner_id, name: conv.owner_name }, conversationId: conv.id });
    },
  );
}
