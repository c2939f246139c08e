import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { currentUser, requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { deliverQueuedMails } from "../../../platform/mail/queue.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { Alert, PageHeading } from "../../../platform/views/components.js";
import type { Translate } from "../../../platform/i18n/index.js";
import type { Db } from "../../../platform/db/index.js";
import { blockEndChanger, messageHider, objectReportFiler, userBlocker, userUnblocker, userWarner, warningWithdrawer, type ReportObject } from "../commands/sanctions.js";
import { countPostedSince, findConversation } from "../queries.js";
import { countMessagesSince, findBlock, findMessage, findPerson, isNewAccount, NEW_ACCOUNT_LISTINGS, NEW_ACCOUNT_MESSAGES } from "../moderationQueries.js";
import { isParticipant } from "../policies.js";
import { parseDay } from "../loanDays.js";
import { isUuid, today } from "../queries.js";
import { addDays, berlinToUtc } from "../../../platform/time/berlin.js";
import { ReportPage } from "./moderationViews.js";
import { disputeResolver, overdueLoanHandler, ratingHider } from "../commands/followUp.js";
import { findRating, listOpenDisputes } from "../followUpQueries.js";
import { DEPOSIT_DECISIONS } from "../loanDb.js";
import { parseEuroCents } from "../loanValidation.js";
import { formatEuro } from "../../../platform/i18n/format.js";
import { disputeFields, overdueFields } from "./followUpViews.js";

/** The rating as quoted on its report page: stars and comment. */
const ratingQuote = (t: Translate, r: { stars: number; comment: string }) => `${t("orchards.rating.starsOf", { n: String(r.stars) })}${r.comment ? `: ${r.comment}` : ""}`;

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const DAY_MS = 86_400_000;

/**
 * preHandler for every write of a citizen in the exchange (posting, messages, loan requests, reports): a
 * blocked account is refused with 403 and the reason.
 */
export async function refuseBlocked(req: FastifyRequest, reply: FastifyReply) {
  if (!req.user || req.user.kind !== "citizen") return;
  const block = await findBlock(req.server.deps.db, req.user.id);
  if (!block) return;
  return reply.page(req.t("orchards.mod.blockedTitle"), (ctx) => (
    <>
      <PageHeading>{ctx.t("orchards.mod.blockedTitle")}</PageHeading>
      <Alert kind="danger" title={ctx.t("orchards.mod.blocked", { reason: block.reason })} />
    </>
  ), { status: 403, noindex: true });
}

/** Listings and items an account may still post in 24 h: the general brake, tighter for new accounts. */
export async function postingLimitError(db: Db, userId: string, general: number, t: Translate): Promise<string | undefined> {
  const posted = await countPostedSince(db, userId, new Date(Date.now() - DAY_MS));
  if ((await isNewAccount(db, userId)) && posted >= NEW_ACCOUNT_LISTINGS) return t("orchards.mod.newAccountListings", { n: NEW_ACCOUNT_LISTINGS });
  if (posted >= general) return t("orchards.error.tooMany", { n: general });
  return undefined;
}

/** New accounts (younger than 24 h) write at most NEW_ACCOUNT_MESSAGES messages in 24 h. */
export async function messageLimitError(db: Db, userId: string, t: Translate): Promise<string | undefined> {
  if (!(await isNewAccount(db, userId))) return undefined;
  if ((await countMessagesSince(db, userId, new Date(Date.now() - DAY_MS))) < NEW_ACCOUNT_MESSAGES) return undefined;
  return t("orchards.mod.newAccountMessages", { n: NEW_ACCOUNT_MESSAGES });
}

type RenderStaff = (req: FastifyRequest, reply: FastifyReply, notice?: string, forms?: Record<string, FormState>, status?: number) => Promise<FastifyReply>;

/** Reports on messages and persons (citizens), warnings, blocks and hidden messages (staff). */
export async function orchardModerationPages(app: FastifyInstance, renderStaff: RenderStaff) {
  const { db, config, mailer } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });

  const readReason = (req: FastifyRequest, field = "grund"): FormState => {
    const values = readForm(req.body, [field]);
    const form: FormState = { values, errors: {} };
    const v = values[field] ?? "";
    if (!v || v.length > 1000) form.errors[field] = req.t("orchards.error.reason");
    return form;
  };

  /** "Gesperrt bis einschließlich" (optional): the block ends at the start of the following Berlin day. */
  const readBlockEnd = (req: FastifyRequest, field: string, form: FormState): Date | undefined => {
    const raw = (readForm(req.body, [`${field}-bis`])[`${field}-bis`] ?? "").trim();
    form.values[`${field}-bis`] = raw;
    if (!raw) return undefined;
    const day = parseDay(raw);
    if (!day || day < today()) {
      form.errors[`${field}-bis`] = req.t("orchards.appeal.untilInvalid");
      return undefined;
    }
    return berlinToUtc(addDays(day, 1), 0);
  };

  /** Files the report; duplicates and self-reports are answered on the form. */
  async function fileReport(req: FastifyRequest, reply: FastifyReply, o: { object: ReportObject; self: boolean; title: string; action: string; quote?: string }) {
    const form = readReason(req);
    if (o.self) form.errors.grund = req.t("orchards.mod.self");
    const render = (f: FormState, status: number, notice?: string) => reply.page(o.title, (ctx) => <ReportPage ctx={ctx} title={o.title} action={o.action} quote={o.quote} form={f} notice={notice} />, { status, noindex: true });
    if (Object.keys(form.errors).length) return render(form, o.self ? 403 : 422);
    const out = await objectReportFiler(ctxOf(req), { object: o.object, reporterId: req.user!.id, reason: form.values.grund! });
    if (out === "duplicate") return render(emptyForm(), 409, req.t("orchards.mod.duplicate"));
    return reply.redirect(`${o.action}?gemeldet=1`, 303);
  }

  // ---- Report a message (participants of its conversation; not one's own)
  async function messageOf(req: FastifyRequest<{ Params: { id: string; msg: string } }>) {
    const conv = await findConversation(db, req.params.id);
    if (!conv || !isParticipant(req.user, conv)) return undefined;
    const m = await findMessage(db, req.params.msg);
    return m && m.conversation_id === conv.id && !m.hidden_at ? m : undefined;
  }
  const messageAction = (req: FastifyRequest<{ Params: { id: string; msg: string } }>) => `/streuobst/nachrichten/${req.params.id}/meldung/${req.params.msg}`;

  app.get<{ Params: { id: string; msg: string }; Querystring: { gemeldet?: string } }>("/streuobst/nachrichten/:id/meldung/:msg", { preHandler: requireLogin }, async (req, reply) => {
    const m = await messageOf(req);
    if (!m) return reply.callNotFound();
    const title = req.t("orchards.mod.reportMessageTitle");
    const notice = req.query.gemeldet === "1" ? req.t("orchards.mod.reported") : undefined;
    return reply.page(title, (ctx) => <ReportPage ctx={ctx} title={title} action={messageAction(req)} quote={m.body} form={emptyForm()} notice={notice} />, { noindex: true });
  });

  app.post<{ Params: { id: string; msg: string } }>("/streuobst/nachrichten/:id/meldung/:msg", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const m = await messageOf(req);
    if (!m) return reply.callNotFound();
    return fileReport(req, reply, { object: { messageId: m.id }, self: m.author_id === req.user!.id, title: req.t("orchards.mod.reportMessageTitle"), action: messageAction(req), quote: m.body });
  });

  // ---- Report a person (citizen accounts; not oneself)
  async function personOf(req: FastifyRequest<{ Params: { id: string } }>) {
    const p = await findPerson(db, req.params.id);
    return p && p.kind === "citizen" && req.user?.kind === "citizen" ? p : undefined;
  }

  app.get<{ Params: { id: string }; Querystring: { gemeldet?: string } }>("/streuobst/personen/:id/melden", { preHandler: requireLogin }, async (req, reply) => {
    const p = await personOf(req);
    if (!p) return reply.callNotFound();
    const title = req.t("orchards.mod.reportUserTitle", { name: p.display_name });
    const notice = req.query.gemeldet === "1" ? req.t("orchards.mod.reported") : undefined;
    return reply.page(title, (ctx) => <ReportPage ctx={ctx} title={title} action={`/streuobst/personen/${p.id}/melden`} form={emptyForm()} notice={notice} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/streuobst/personen/:id/melden", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const p = await personOf(req);
    if (!p) return reply.callNotFound();
    return fileReport(req, reply, { object: { userId: p.id }, self: p.id === currentUser(req).id, title: req.t("orchards.mod.reportUserTitle", { name: p.display_name }), action: `/streuobst/personen/${p.id}/melden` });
  });

  // ---- Report a rating (anyone signed in; not one's own; hidden ratings are gone)
  async function ratingOf(req: FastifyRequest<{ Params: { id: string } }>) {
    const r = await findRating(db, req.params.id);
    return r && !r.hidden_at ? r : undefined;
  }
  app.get<{ Params: { id: string }; Querystring: { gemeldet?: string } }>("/streuobst/bewertungen/:id/melden", { preHandler: requireLogin }, async (req, reply) => {
    const r = await ratingOf(req);
    if (!r) return reply.callNotFound();
    const title = req.t("orchards.rating.reportTitle");
    const notice = req.query.gemeldet === "1" ? req.t("orchards.mod.reported") : undefined;
    return reply.page(title, (ctx) => <ReportPage ctx={ctx} title={title} action={`/streuobst/bewertungen/${r.id}/melden`} quote={ratingQuote(req.t, r)} form={emptyForm()} notice={notice} />, { noindex: true });
  });
  app.post<{ Params: { id: string } }>("/streuobst/bewertungen/:id/melden", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const r = await ratingOf(req);
    if (!r) return reply.callNotFound();
    return fileReport(req, reply, { object: { ratingId: r.id }, self: r.rater_id === req.user!.id, title: req.t("orchards.rating.reportTitle"), action: `/streuobst/bewertungen/${r.id}/melden`, quote: ratingQuote(req.t, r) });
  });

  // ---- Staff actions
  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/bewertungen/:id/ausblenden", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await ratingHider(ctxOf(req), { ratingId: req.params.id, staffId: req.user!.id }))) return reply.callNotFound();
    return reply.redirect("/verwaltung/streuobst?erledigt=ratingHidden", 303);
  });

  // A disputed check-list is resolved once: a decision about the deposit with a reason both parties see
  // on the loan page; both get a link-only mail.
  app.post<{ Params: { loan: string; stage: string } }>("/verwaltung/streuobst/streitfaelle/:loan/:stage/klaeren", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const stage = req.params.stage;
    if (!isUuid(req.params.loan) || (stage !== "pickup" && stage !== "return")) return reply.callNotFound();
    const [dispute] = await listOpenDisputes(db, { loanId: req.params.loan, stage });
    if (!dispute) return reply.callNotFound();
    const f = disputeFields(req.params.loan, stage);
    const values = readForm(req.body, [f.note, f.deposit, f.amount]);
    const note = (values[f.note] ?? "").trim();
    const decision = DEPOSIT_DECISIONS.find((d) => d === values[f.deposit]);
    const errors: Record<string, string> = {};
    if (!decision) errors[f.deposit] = req.t("orchards.dispute.depositInvalid");
    const cents = decision === "split" ? parseEuroCents(values[f.amount] ?? "") : null;
    if (decision === "split" && (cents === undefined || cents === null || cents <= 0 || cents >= dispute.deposit_cents)) errors[f.amount] = req.t("orchards.dispute.amountInvalid", { deposit: formatEuro(dispute.deposit_cents, req.locale) });
    if (!note || note.length > 1000) errors[f.note] = req.t("orchards.dispute.noteInvalid");
    if (Object.keys(errors).length) return renderStaff(req, reply, undefined, { [f.note]: { values, errors } }, 422);
    const out = await disputeResolver(ctxOf(req), config, { loanId: req.params.loan, stage, staffId: req.user!.id, note, deposit: { decision: decision!, returnedCents: cents ?? null } });
    if (!out) return reply.callNotFound();
    if (out.mailIds.length) await deliverQueuedMails(db, mailer, { ids: out.mailIds }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    return reply.redirect("/verwaltung/streuobst?erledigt=disputeResolved#strittig", 303);
  });

  // An escalated overdue loan: staff note a contact, or close it as returned or lost (with a staff note).
  app.post<{ Params: { loan: string } }>("/verwaltung/streuobst/ueberfaellig/:loan", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    if (!isUuid(req.params.loan)) return reply.callNotFound();
    const f = overdueFields(req.params.loan);
    const values = readForm(req.body, [f.action, f.note]);
    const action = (["contacted", "returned", "lost"] as const).find((a) => a === values[f.action]);
    const note = (values[f.note] ?? "").trim();
    const errors: Record<string, string> = {};
    if (!action) errors[f.action] = req.t("orchards.overdue.actionInvalid");
    if (!note || note.length > 1000) errors[f.note] = req.t("orchards.overdue.noteInvalid");
    if (Object.keys(errors).length) return renderStaff(req, reply, undefined, { [f.note]: { values, errors } }, 422);
    const out = await overdueLoanHandler(ctxOf(req), config, { loanId: req.params.loan, staffId: req.user!.id, action: action!, note });
    if (!out) return reply.callNotFound();
    if (out.mailIds.length) await deliverQueuedMails(db, mailer, { ids: out.mailIds }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
    const done = { contacted: "overdueContacted", returned: "overdueReturned", lost: "overdueLost" }[action!];
    return reply.redirect(`/verwaltung/streuobst?erledigt=${done}#ueberfaellig`, 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/nachrichten/:id/ausblenden", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const m = await findMessage(db, req.params.id);
    if (!m) return reply.callNotFound();
    await messageHider(ctxOf(req), { messageId: m.id, staffId: req.user!.id });
    return reply.redirect("/verwaltung/streuobst?erledigt=messageHidden", 303);
  });

  for (const action of ["verwarnen", "sperren"] as const) {
    app.post<{ Params: { id: string }; Querystring: { meldung?: string } }>(`/verwaltung/streuobst/personen/:id/${action}`, { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
      const p = await findPerson(db, req.params.id);
      if (!p || p.kind !== "citizen") return reply.callNotFound();
      const field = `${action === "verwarnen" ? "warn" : "block"}-${(req.query.meldung ?? "").slice(0, 36)}`;
      const form = readReason(req, field);
      const until = action === "sperren" ? readBlockEnd(req, field, form) : undefined;
      if (Object.keys(form.errors).length) return renderStaff(req, reply, undefined, { [field]: form }, 422);
      const reason = form.values[field]!;
      if (action === "sperren") {
        await userBlocker(ctxOf(req), { userId: p.id, staffId: req.user!.id, reason, until });
        return reply.redirect("/verwaltung/streuobst?erledigt=blocked", 303);
      }
      const out = await userWarner(ctxOf(req), config, { userId: p.id, staffId: req.user!.id, reason });
      if (out.mailId) await deliverQueuedMails(db, mailer, { ids: [out.mailId] }).catch((err: unknown) => req.log.warn({ err }, "orchards mail deferred"));
      return reply.redirect("/verwaltung/streuobst?erledigt=warned", 303);
    });
  }

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/verwarnungen/:id/zuruecknehmen", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await warningWithdrawer(ctxOf(req), { sanctionId: req.params.id, staffId: req.user!.id }))) return reply.callNotFound();
    return reply.redirect("/verwaltung/streuobst?erledigt=warningWithdrawn", 303);
  });

  // A block's end after the fact: a new last day (today or later) or empty for "until lifted".
  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/personen/:id/sperrende", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const p = await findPerson(db, req.params.id);
    if (!p) return reply.callNotFound();
    const form: FormState = { values: {}, errors: {} };
    const until = readBlockEnd(req, `ende-${p.id}`, form);
    if (Object.keys(form.errors).length) return renderStaff(req, reply, undefined, { [`end-${p.id}`]: form }, 422);
    if (!(await blockEndChanger(ctxOf(req), { userId: p.id, until: until ?? null }))) return reply.callNotFound();
    return reply.redirect("/verwaltung/streuobst?erledigt=blockEndChanged", 303);
  });

  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/personen/:id/entsperren", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const p = await findPerson(db, req.params.id);
    if (!p) return reply.callNotFound();
    await userUnblocker(ctxOf(req), { userId: p.id, staffId: req.user!.id });
    return reply.redirect("/verwaltung/streuobst?erledigt=unblocked", 303);
  });
}
