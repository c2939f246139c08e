import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { addDays } from "../../../platform/time/berlin.js";
import { listMunicipalities } from "../../geo/index.js";
import { centreOf, countyBounds, type GeoPoint } from "../../../platform/geo/centres.js";
import { orchardPhotoPages } from "./photoRoutes.js";
import { monthGrid, parseMonth } from "../calendar.js";
import { listingCreator, listingUpdater, listingWithdrawer } from "../commands/listings.js";
import { itemCreator, loanDecider, loanRequester } from "../commands/loans.js";
import { conversationReadMarker, orchardMessageSender } from "../commands/messages.js";
import { listingHider, reportDismisser, reportFiler } from "../commands/moderation.js";
import { LISTING_KINDS, type ListingKind } from "../db.js";
import { canContact, canDecideLoan, canEditListing, canModerate, canPost, canRequestLoan, isParticipant } from "../policies.js";
import { itemUrl, listingUrl } from "../presenters.js";
import {
  confirmedSpans,
  countPostedSince,
  findConversation,
  findConversationOf,
  findItem,
  findListing,
  findLoan,
  findReport,
  isVisible,
  listConversationsOf,
  listItems,
  listLoansToDecide,
  listMessages,
  listOpenReports,
  listOwnItems,
  listOwnListings,
  listOwnLoans,
  listPhotos,
  photosOf,
  listVisibleListings,
  today,
  type ItemRow,
  type ListingRow,
} from "../queries.js";
import { ITEM_FIELDS, LISTING_FIELDS, LOAN_FIELDS, listingFormValues, parsePoint, validateItem, validateListing, validateLoan, type Municipality } from "../validation.js";
import { readSearchFilter } from "../eventValidation.js";
import { itemRatings, userRatingSummary } from "../loanQueries.js";
import { messageLimitError, orchardModerationPages, postingLimitError, refuseBlocked } from "./moderationRoutes.js";
import { ModerationQueue } from "./moderationViews.js";
import { listActiveWarnings, listBlocked, listDecidedAppealsOf, listOpenAppeals, listOpenObjectReports, listSanctionsOf } from "../moderationQueries.js";
import { AppealQueue } from "./appealViews.js";
import { PhotoReportQueue } from "./loanPhotoViews.js";
import { itemRatingSummaries, listOpenPhotoReports } from "../loanQueries.js";
import { listEscalatedLoans, listOpenDisputes, listOpenRatingReports } from "../followUpQueries.js";
import { DisputeQueue, OverdueQueue, RatingReportQueue } from "./followUpViews.js";
import { orchardAppealPages } from "./appealRoutes.js";
import { RADII, ConversationPage, IndexPage, ItemFormPage, ItemPage, ItemsPage, ListingFormPage, ListingPage, MinePage, StaffPage, type ItemPageState, type ListingPageState } from "./views.js";
import { allowTiles } from "../../../platform/http/tiles.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
/** Spam brake per account: at most this many new listings (and items) in 24 hours. */
export const LISTINGS_PER_DAY = 10;
export const MESSAGE_MAX = 2000;

/** Pages of the orchard exchange: /streuobst (public reading), posting and lending (account), moderation (staff). */
export async function orchardPages(app: FastifyInstance) {
  const { db, config, mailer } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  async function places(): Promise<{ list: Array<{ ags: string; name: string }>; byAgs: Map<string, Municipality> }> {
    const rows = await listMunicipalities(db, [config.countyKey]);
    return { list: rows.map((m) => ({ ags: m.ags, name: m.short_name })), byAgs: new Map(rows.map((m) => [m.ags, { ags: m.ags, ars: m.ars, name: m.short_name }])) };
  }

  /** A listing anyone may see: visible ones to all; the owner and staff also see it when expired, withdrawn or hidden. */
  async function readableListing(req: FastifyRequest<{ Params: { id: string } }>): Promise<ListingRow | undefined> {
    const l = await findListing(db, req.params.id);
    if (!l) return undefined;
    if (isVisible(l) || canModerate(req.user) || (req.user && l.owner_id === req.user.id)) return l;
    return undefined;
  }

  // ---- Listings (public reading)
  app.get<{ Querystring: { art?: string; gemeinde?: string; q?: string; nahe?: string; punkt?: string; umkreis?: string } }>("/streuobst", async (req, reply) => {
    const p = await places();
    const q = req.query;
    const kind = (LISTING_KINDS as readonly string[]).includes(q.art ?? "") ? (q.art as ListingKind) : undefined;
    const ags = p.byAgs.has(q.gemeinde ?? "") ? q.gemeinde : undefined;
    // Distance filter: around a typed point, else around a municipality's centre; the radius is one of RADII.
    const saved = readSearchFilter(req.query, p.byAgs);
    const filter = emptyForm({ art: kind ?? "", gemeinde: ags ?? "", q: saved.query ?? "", nahe: p.byAgs.has(q.nahe ?? "") ? q.nahe! : "", punkt: (q.punkt ?? "").slice(0, 40), umkreis: "" });
    let near: GeoPoint | undefined;
    const typed = (q.punkt ?? "").slice(0, 40);
    if (typed.trim()) {
      near = parsePoint(typed);
      if (!near) filter.errors.punkt = req.t("orchards.error.nearPoint");
    } else if (p.byAgs.has(q.nahe ?? "")) near = centreOf(q.nahe!);
    const km = RADII.find((r) => String(r) === q.umkreis) ?? (near ? 10 : undefined);
    if (km) filter.values.umkreis = String(km);
    const listings = await listVisibleListings(db, { kind, ags, text: saved.query ?? undefined, near, km, limit: 200 });
    const photos = await photosOf(db, listings.map((l) => l.id));
    return reply.page(req.t("orchards.index.title"), (ctx) => <IndexPage ctx={ctx} listings={listings} places={p.list} filter={filter} saved={saved} nearKm={near ? km : undefined} photos={photos} />);
  });

  const renderListing = async (req: FastifyRequest, reply: FastifyReply, l: ListingRow, s: Partial<ListingPageState> = {}, status = 200) => {
    const [photos, ownerRating] = await Promise.all([listPhotos(db, l.id), userRatingSummary(db, l.owner_id)]);
    const privileged = canModerate(req.user) || (!!req.user && l.owner_id === req.user.id);
    // The listing's small map loads tiles from MAP_TILE_URL's origin (ADR 0059); the CSP allows it on this page.
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(l.title, (ctx) => (
      <ListingPage
        ctx={ctx}
        listing={l}
        s={{ photos, showExact: privileged, canManagePhotos: privileged && photos.length > 0, tileUrl: config.roadworks.tileUrl, contact: s.contact ?? emptyForm(), report: s.report ?? emptyForm(), canEdit: canEditListing(req.user, l), canContact: canContact(req.user, l) && isVisible(l), canReport: !!req.user && req.user.kind === "citizen" && l.owner_id !== req.user.id && isVisible(l), notice: s.notice, ownerRating }}
      />
    ), { status, noindex: !isVisible(l) });
  };

  app.get<{ Params: { id: string }; Querystring: { gespeichert?: string; gemeldet?: string } }>("/streuobst/anzeigen/:id", async (req, reply) => {
    const l = await readableListing(req);
    if (!l) return reply.callNotFound();
    const notice = req.query.gespeichert === "1" ? req.t("orchards.listing.saved") : req.query.gemeldet === "1" ? req.t("orchards.listing.reported") : req.query.gemeldet === "2" ? req.t("orchards.mod.duplicate") : undefined;
    return renderListing(req, reply, l, { notice });
  });

  // ---- Photos (owner uploads; owner and staff delete; served for visible listings)
  await orchardPhotoPages(app);

  // ---- Posting, editing, withdrawing (account; owner only)
  const renderListingForm = async (req: FastifyRequest, reply: FastifyReply, form: FormState, action: string, edit: boolean, status = 200) => {
    const p = await places();
    // The map picker (with MAP_TILE_URL) loads the tiles; without it the coordinates are typed.
    allowTiles(reply, config.roadworks.tileUrl);
    return reply.page(req.t(edit ? "orchards.edit.title" : "orchards.new.title"), (ctx) => <ListingFormPage ctx={ctx} form={form} places={p.list} action={action} edit={edit} tileUrl={config.roadworks.tileUrl} />, { status, noindex: true });
  };

  app.get("/streuobst/neu", { preHandler: requireLogin }, async (req, reply) => {
    if (!canPost(req.user)) return reply.callNotFound();
    return renderListingForm(req, reply, emptyForm({ ablauf: formatDay(addDays(today(), 60)) }), "/streuobst/neu", false);
  });

  app.post("/streuobst/neu", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (!canPost(user)) return reply.callNotFound();
    const p = await places();
    const { form, input } = validateListing(readForm(req.body, LISTING_FIELDS), p.byAgs, req.t, countyBounds(config.countyKey));
    const tooMany = input && (await postingLimitError(db, user.id, LISTINGS_PER_DAY, req.t));
    if (tooMany) form.errors.titel = tooMany;
    if (!input || form.errors.titel) return renderListingForm(req, reply, form, "/streuobst/neu", false, 422);
    const { id } = await listingCreator(ctxOf(req), { ownerId: user.id, publisher: user.displayName, input });
    return reply.redirect(`${listingUrl(id)}?gespeichert=1`, 303);
  });

  app.get<{ Params: { id: string } }>("/streuobst/anzeigen/:id/bearbeiten", { preHandler: requireLogin }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    // Someone else's listing looks like an unknown one.
    if (!l || !canEditListing(req.user, l)) return reply.callNotFound();
    return renderListingForm(req, reply, emptyForm(listingFormValues(l)), `${listingUrl(l.id)}/bearbeiten`, true);
  });

  app.post<{ Params: { id: string } }>("/streuobst/anzeigen/:id/bearbeiten", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !canEditListing(req.user, l)) return reply.callNotFound();
    const p = await places();
    const { form, input } = validateListing(readForm(req.body, LISTING_FIELDS), p.byAgs, req.t, countyBounds(config.countyKey));
    if (!input) return renderListingForm(req, reply, form, `${listingUrl(l.id)}/bearbeiten`, true, 422);
    if (!(await listingUpdater(ctxOf(req), { id: l.id, ownerId: req.user!.id, input }))) return reply.callNotFound();
    return reply.redirect(`${listingUrl(l.id)}?gespeichert=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/anzeigen/:id/zurueckziehen", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !canEditListing(req.user, l)) return reply.callNotFound();
    await listingWithdrawer(ctxOf(req), { id: l.id, ownerId: req.user!.id });
    return reply.redirect("/streuobst/meine?zurueckgezogen=1", 303);
  });

  // ---- Contact and report
  app.post<{ Params: { id: string } }>("/streuobst/anzeigen/:id/nachricht", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !isVisible(l)) return reply.callNotFound();
    const user = currentUser(req);
    if (!canContact(user, l)) return reply.callNotFound();
    const values = readForm(req.body, ["nachricht"] as const);
    const form: FormState = { values, errors: {} };
    if (!values.nachricht || values.nachricht.length > MESSAGE_MAX) form.errors.nachricht = req.t("orchards.error.message");
    const limited = form.errors.nachricht ? undefined : await messageLimitError(db, req.user!.id, req.t);
    if (limited) form.errors.nachricht = limited;
    if (Object.keys(form.errors).length) return renderListing(req, reply, l, { contact: form }, 422);
    const existing = await findConversationOf(db, { listingId: l.id }, user.id);
    const out = await orchardMessageSender(ctxOf(req), config, { about: { listingId: l.id }, owner: { id: l.owner_id!, name: l.publisher }, conversationId: existing?.id, author: { id: user.id, name: user.displayName }, body: values.nachricht });
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect(`/streuobst/nachrichten/${out.conversationId}?gesendet=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/anzeigen/:id/melden", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l || !isVisible(l)) return reply.callNotFound();
    const values = readForm(req.body, ["grund"] as const);
    const form: FormState = { values, errors: {} };
    if (!values.grund || values.grund.length > 1000) form.errors.grund = req.t("orchards.error.reason");
    if (Object.keys(form.errors).length) return renderListing(req, reply, l, { report: form }, 422);
    const filed = await reportFiler(ctxOf(req), { listingId: l.id, reporterId: req.user!.id, reason: values.grund });
    return reply.redirect(`${listingUrl(l.id)}?gemeldet=${filed ? 1 : 2}`, 303);
  });

  // ---- Conversations (participants only)
  const renderConversation = async (req: FastifyRequest, reply: FastifyReply, conv: NonNullable<Awaited<ReturnType<typeof findConversation>>>, form: FormState, sent: boolean, status = 200) => {
    const messages = await listMessages(db, conv.id);
    return reply.page(req.t("orchards.conv.title", { title: conv.subject_title }), (ctx) => <ConversationPage ctx={ctx} conv={conv} messages={messages} form={form} sent={sent} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { gesendet?: string } }>("/streuobst/nachrichten/:id", { preHandler: requireLogin }, async (req, reply) => {
    const conv = await findConversation(db, req.params.id);
    if (!conv || !isParticipant(req.user, conv)) return reply.callNotFound();
    const page = await renderConversation(req, reply, conv, emptyForm(), req.query.gesendet === "1");
    await conversationReadMarker(ctxOf(req), { conversationId: conv.id, readerId: req.user!.id });
    return page;
  });

  app.post<{ Params: { id: string } }>("/streuobst/nachrichten/:id", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const conv = await findConversation(db, req.params.id);
    if (!conv || !isParticipant(req.user, conv)) return reply.callNotFound();
    const values = readForm(req.body, ["nachricht"] as const);
    const form: FormState = { values, errors: {} };
    if (!values.nachricht || values.nachricht.length > MESSAGE_MAX) form.errors.nachricht = req.t("orchards.error.message");
    const limited = form.errors.nachricht ? undefined : await messageLimitError(db, req.user!.id, req.t);
    if (limited) form.errors.nachricht = limited;
    if (Object.keys(form.errors).length) return renderConversation(req, reply, conv, form, false, 422);
    const user = currentUser(req);
    const about = conv.listing_id ? { listingId: conv.listing_id } : { itemId: conv.item_id! };
    const out = await orchardMessageSender(ctxOf(req), config, { about, owner: { id: conv.owner_id, name: conv.owner_name }, conversationId: conv.id, author: { id: user.id, name: user.displayName }, body: values.nachricht });
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect(`/streuobst/nachrichten/${conv.id}?gesendet=1`, 303);
  });

  // ---- Own overview
  app.get<{ Querystring: { zurueckgezogen?: string; entschieden?: string } }>("/streuobst/meine", { preHandler: requireLogin }, async (req, reply) => {
    const user = currentUser(req);
    if (user.kind !== "citizen") return reply.redirect("/verwaltung/streuobst", 303);
    const [listings, items, toDecide, loans, conversations, sanctions] = await Promise.all([listOwnListings(db, user.id), listOwnItems(db, user.id), listLoansToDecide(db, user), listOwnLoans(db, user.id), listConversationsOf(db, user.id), listSanctionsOf(db, user.id)]);
    const appeals = await listDecidedAppealsOf(db, user.id);
    const notice = req.query.zurueckgezogen === "1" ? req.t("orchards.listing.withdrawn") : req.query.entschieden ? decisionNotice(req, req.query.entschieden) : undefined;
    return reply.page(req.t("orchards.mine.title"), (ctx) => <MinePage ctx={ctx} data={{ listings, items, toDecide, loans, conversations, notice, sanctions, appeals }} />, { noindex: true });
  });

  const decisionNotice = (req: FastifyRequest, v: string) => (v === "confirmed" ? req.t("orchards.loan.confirmed") : v === "declined" ? req.t("orchards.loan.declined") : undefined);

  // ---- Equipment
  app.get("/streuobst/geraete", async (req, reply) => {
    const items = await listItems(db);
    const ratings = await itemRatingSummaries(db, items.map((i) => i.id));
    return reply.page(req.t("orchards.items.title"), (ctx) => <ItemsPage ctx={ctx} items={items} ratings={ratings} />);
  });

  const renderItemForm = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    const p = await places();
    return reply.page(req.t("orchards.items.new"), (ctx) => <ItemFormPage ctx={ctx} form={form} places={p.list} />, { status, noindex: true });
  };

  app.get("/streuobst/geraete/neu", { preHandler: requireLogin }, async (req, reply) => {
    if (!canPost(req.user)) return reply.callNotFound();
    return renderItemForm(req, reply, emptyForm({ kaution: "0" }));
  });

  app.post("/streuobst/geraete/neu", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const user = currentUser(req);
    if (!canPost(user)) return reply.callNotFound();
    const p = await places();
    const { form, input } = validateItem(readForm(req.body, ITEM_FIELDS), p.byAgs, req.t);
    const tooMany = input && (await postingLimitError(db, user.id, LISTINGS_PER_DAY, req.t));
    if (tooMany) form.errors.name = tooMany;
    if (!input || form.errors.name) return renderItemForm(req, reply, form, 422);
    const { id } = await itemCreator(ctxOf(req), { ownerId: user.id, publisher: user.displayName, input });
    return reply.redirect(`${itemUrl(id)}?eingestellt=1`, 303);
  });

  const renderItem = async (req: FastifyRequest, reply: FastifyReply, item: ItemRow, s: Partial<ItemPageState> = {}, status = 200) => {
    const booked = await confirmedSpans(db, item.id);
    const month = parseMonth((req.query as { monat?: string }).monat, today()) ?? today().slice(0, 7);
    const calendar = monthGrid(month, await confirmedSpans(db, item.id, `${month}-01`));
    const mode: ItemPageState["mode"] = !req.user ? "login" : canRequestLoan(req.user, item) ? "request" : item.owner_id === req.user.id ? "own" : "none";
    const toDecide = canDecideLoan(req.user, item) ? (await listLoansToDecide(db, req.user!)).filter((l) => l.item_id === item.id) : undefined;
    const ratings = { item: await itemRatings(db, item.id), owner: await userRatingSummary(db, item.owner_id) };
    return reply.page(item.name, (ctx) => <ItemPage ctx={ctx} item={item} s={{ form: s.form ?? emptyForm(), contact: s.contact ?? emptyForm(), canContact: canContact(req.user, item), booked, mode, notice: s.notice, warning: s.warning, toDecide, calendar, ratings }} />, { status });
  };

  app.post<{ Params: { id: string } }>("/streuobst/geraete/:id/nachricht", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const item = await findItem(db, req.params.id);
    if (!item || item.status !== "active") return reply.callNotFound();
    const user = currentUser(req);
    if (!canContact(user, item)) return reply.callNotFound();
    const values = readForm(req.body, ["nachricht"] as const);
    const form: FormState = { values, errors: {} };
    if (!values.nachricht || values.nachricht.length > MESSAGE_MAX) form.errors.nachricht = req.t("orchards.error.message");
    const limited = form.errors.nachricht ? undefined : await messageLimitError(db, req.user!.id, req.t);
    if (limited) form.errors.nachricht = limited;
    if (Object.keys(form.errors).length) return renderItem(req, reply, item, { contact: form }, 422);
    const existing = await findConversationOf(db, { itemId: item.id }, user.id);
    const out = await orchardMessageSender(ctxOf(req), config, { about: { itemId: item.id }, owner: { id: item.owner_id!, name: item.publisher }, conversationId: existing?.id, author: { id: user.id, name: user.displayName }, body: values.nachricht });
    if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect(`/streuobst/nachrichten/${out.conversationId}?gesendet=1`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { eingestellt?: string; angefragt?: string; monat?: string } }>("/streuobst/geraete/:id", async (req, reply) => {
    const item = await findItem(db, req.params.id);
    if (!item || item.status !== "active") return reply.callNotFound();
    const notice = req.query.eingestellt === "1" ? req.t("orchards.item.created") : req.query.angefragt === "1" ? req.t("orchards.item.requested") : undefined;
    return renderItem(req, reply, item, { notice });
  });

  app.post<{ Params: { id: string } }>("/streuobst/geraete/:id/anfragen", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const item = await findItem(db, req.params.id);
    if (!item || item.status !== "active") return reply.callNotFound();
    const user = currentUser(req);
    const { form, days } = validateLoan(readForm(req.body, LOAN_FIELDS), req.t);
    if (!canRequestLoan(user, item)) form.errors.von = req.t("orchards.error.ownItem");
    if (!days || form.errors.von) return renderItem(req, reply, item, { form }, item.owner_id === user.id ? 403 : 422);
    const out = await loanRequester(ctxOf(req), { itemId: item.id, borrowerId: user.id, borrowerName: user.displayName, days, note: form.values.notiz ?? "" });
    if (out.kind === "overlap") {
      form.errors.von = req.t("orchards.error.overlap", { from: formatDay(out.next.from), to: formatDay(out.next.to) });
      return renderItem(req, reply, item, { form }, 409);
    }
    return reply.redirect(`${itemUrl(item.id)}?angefragt=1`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/ausleihen/:id", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const loan = await findLoan(db, req.params.id);
    if (!loan || !canDecideLoan(req.user, { owner_id: loan.item_owner_id })) return reply.callNotFound();
    const decision = readForm(req.body, ["entscheidung"] as const).entscheidung;
    if (decision !== "confirm" && decision !== "decline") return reply.code(400).send("bad decision");
    const out = await loanDecider(ctxOf(req), { loanId: loan.id, itemId: loan.item_id, days: loan, decision });
    const back = req.user!.kind === "staff" ? "/verwaltung/streuobst" : "/streuobst/meine";
    if (out.kind === "overlap") {
      const item = (await findItem(db, loan.item_id))!;
      return renderItem(req, reply, item, { warning: req.t("orchards.loan.overlap", { from: formatDay(out.next.from), to: formatDay(out.next.to) }) }, 409);
    }
    return reply.redirect(`${back}?entschieden=${out.kind}`, 303);
  });

  // ---- Moderation (staff)
  const renderStaff = async (req: FastifyRequest, reply: FastifyReply, notice?: string, forms: Record<string, FormState> = {}, status = 200) => {
    const [reports, loans, others, blocked, appeals, warnings, photoReports] = await Promise.all([listOpenReports(db), listLoansToDecide(db, req.user!), listOpenObjectReports(db), listBlocked(db), listOpenAppeals(db), listActiveWarnings(db), listOpenPhotoReports(db)]);
    const [disputes, escalated, ratingReports] = await Promise.all([listOpenDisputes(db), listEscalatedLoans(db), listOpenRatingReports(db)]);
    return reply.page(req.t("orchards.staff.title"), (ctx) => (
      <>
        <StaffPage ctx={ctx} reports={reports} loans={loans} notice={notice} forms={forms} />
        <AppealQueue ctx={ctx} appeals={appeals} forms={forms} />
        <ModerationQueue ctx={ctx} reports={others} blocked={blocked} warnings={warnings} forms={forms} />
        <PhotoReportQueue ctx={ctx} reports={photoReports} />
        <DisputeQueue ctx={ctx} disputes={disputes} forms={forms} />
        <OverdueQueue ctx={ctx} loans={escalated} forms={forms} />
        <RatingReportQueue ctx={ctx} reports={ratingReports} />
      </>
    ), { status, noindex: true });
  };

  app.get<{ Querystring: { ausgeblendet?: string; verworfen?: string; entschieden?: string; erledigt?: string } }>("/verwaltung/streuobst", { preHandler: requireStaff }, async (req, reply) => {
    const done = ["warned", "blocked", "unblocked", "messageHidden", "appealDecided", "warningWithdrawn", "blockEndChanged", "photoDeleted", "disputeResolved", "ratingHidden", "overdueContacted", "overdueReturned", "overdueLost"].includes(req.query.erledigt ?? "") ? req.t(`orchards.mod.done.${req.query.erledigt}`) : undefined;
    const notice = done ?? (req.query.ausgeblendet === "1" ? req.t("orchards.staff.hidden") : req.query.verworfen === "1" ? req.t("orchards.staff.dismissed") : req.query.entschieden ? decisionNotice(req, req.query.entschieden) : undefined);
    return renderStaff(req, reply, notice);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/anzeigen/:id/ausblenden", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const l = await findListing(db, req.params.id);
    if (!l) return reply.callNotFound();
    const meldung = readForm(req.body, ["meldung"] as const).meldung;
    const field = `grund-${meldung}`;
    const reason = readForm(req.body, [field])[field] ?? "";
    if (!reason || reason.length > 1000) return renderStaff(req, reply, undefined, { [meldung]: { values: { [field]: reason }, errors: { [field]: req.t("orchards.error.reason") } } }, 422);
    await listingHider(ctxOf(req), { listingId: l.id, staffId: req.user!.id, reason });
    return reply.redirect("/verwaltung/streuobst?ausgeblendet=1", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/meldungen/:id/verwerfen", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const r = await findReport(db, req.params.id);
    if (!r) return reply.callNotFound();
    await reportDismisser(ctxOf(req), { reportId: r.id, staffId: req.user!.id });
    return reply.redirect("/verwaltung/streuobst?verworfen=1", 303);
  });

  // ---- Reports on messages and persons, warnings, blocks (moderationRoutes.tsx)
  await orchardModerationPages(app, renderStaff);
  await orchardAppealPages(app, renderStaff);
}
