/** The loan page with its check-lists and ratings (migrations/0046): /streuobst/ausleihen/:id. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import { refuseBlocked } from "./moderationRoutes.js";
import type { CommandContext } from "../../../platform/commands.js";
import { readForm } from "../../../platform/forms.js";
import { emptyForm } from "../../../platform/views/components.js";
import { checklistAnswerer, loanHandoverRecorder, loanRater, loanUrl } from "../commands/loanHandover.js";
import type { RaterRole } from "../loanDb.js";
import { findLoanDetail, listChecklistAnswers, listLoanPhotos, listLoanRatings, type LoanDetail } from "../loanQueries.js";
import { orchardLoanPhotoPages } from "./loanPhotoRoutes.js";
import { CHECKLIST_FIELDS, RATING_FIELDS, validateChecklist, validateRating } from "../loanValidation.js";
import { canDecideLoan } from "../policies.js";
import { LoanPage, REPLY_MAX, type LoanPageState } from "./loanViews.js";
import { RATING_EDIT_DAYS, ratingEditor, ratingReplier } from "../commands/followUp.js";
import { findRating } from "../followUpQueries.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
type User = NonNullable<FastifyRequest["user"]>;

/** The side a user is on for a loan: its borrower, its item's owner account, or none. */
export const partyOf = (user: User | undefined, loan: Pick<LoanDetail, "borrower_id" | "item_owner_id">): RaterRole | undefined =>
  !user ? undefined : loan.borrower_id === user.id ? "borrower" : loan.item_owner_id === user.id ? "owner" : undefined;

export async function orchardLoanPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  await orchardLoanPhotoPages(app);
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  /** Borrower, owner (and staff for owner-less items) see the loan; everyone else gets 404. */
  const readable = (req: FastifyRequest, loan: LoanDetail | undefined): loan is LoanDetail => !!loan && (loan.borrower_id === req.user?.id || canDecideLoan(req.user, { owner_id: loan.item_owner_id }));

  const render = async (req: FastifyRequest, reply: FastifyReply, loan: LoanDetail, s: Partial<LoanPageState> = {}, status = 200) => {
    const [ratings, photos, answers] = await Promise.all([listLoanRatings(db, loan.id), listLoanPhotos(db, loan.id), listChecklistAnswers(db, loan.id)]);
    const party = partyOf(req.user, loan);
    const ratesAs = loan.status === "returned" && party && !ratings.some((r) => r.rater_role === party) ? party : undefined;
    const forms = { pickup: emptyForm(), return: emptyForm(), rating: emptyForm(), ...s.forms };
    const state: LoanPageState = { records: canDecideLoan(req.user, { owner_id: loan.item_owner_id }), ratesAs, ratings, forms, notice: s.notice, warning: s.warning, photoCount: photos.length, answers, isBorrower: loan.borrower_id === req.user?.id, answerForms: s.answerForms, ratingForms: s.ratingForms };
    return reply.page(req.t("orchards.loanPage.title", { item: loan.item_name }), (ctx) => <LoanPage ctx={ctx} loan={loan} s={state} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { ok?: string } }>("/streuobst/ausleihen/:id", { preHandler: requireLogin }, async (req, reply) => {
    const loan = await findLoanDetail(db, req.params.id);
    if (!readable(req, loan)) return reply.callNotFound();
    const ok = req.query.ok;
    const notice = ok === "abholung" ? req.t("orchards.checklist.pickedUp") : ok === "rueckgabe" ? req.t("orchards.checklist.returned") : ok === "bewertung" ? req.t("orchards.rating.rated") : ok === "antwort" ? req.t("orchards.answer.done") : ok === "geaendert" ? req.t("orchards.rating.editDone") : ok === "erwidert" ? req.t("orchards.rating.replyDone") : undefined;
    return render(req, reply, loan, { notice });
  });

  for (const [path, step] of [["abholung", "pickup"], ["rueckgabe", "return"]] as const) {
    app.post<{ Params: { id: string } }>(`/streuobst/ausleihen/:id/${path}`, { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
      const loan = await findLoanDetail(db, req.params.id);
      if (!readable(req, loan)) return reply.callNotFound();
      // Only the owner records check-lists (the borrower sees them).
      if (!canDecideLoan(req.user, { owner_id: loan.item_owner_id })) return reply.code(403).send("only the lender records the check-list");
      // A blocked lender hands nothing out, but still records a return: it ends the loan and settles the deposit.
      if (step === "pickup") {
        await refuseBlocked(req, reply);
        if (reply.sent) return reply;
      }
      const wrongState = () => render(req, reply, loan, { warning: req.t("orchards.checklist.wrongState", { status: req.t(`orchards.loan.status.${loan.status}`) }) }, 409);
      if (loan.status !== (step === "pickup" ? "confirmed" : "picked_up")) return wrongState();
      const { form, checklist } = validateChecklist(readForm(req.body, CHECKLIST_FIELDS), step, loan.deposit_cents, req.t);
      if (!checklist) return render(req, reply, loan, { forms: { pickup: emptyForm(), return: emptyForm(), rating: emptyForm(), [step]: form } }, 422);
      const out = await loanHandoverRecorder(ctxOf(req), { loanId: loan.id, step, checklist });
      if (out.kind === "wrong_state") return wrongState();
      return reply.redirect(`${loanUrl(loan.id)}?ok=${path}`, 303);
    });
  }

  // The borrower confirms or disputes a recorded check-list, once per stage. Not refused by a block: it
  // protects the borrower (e.g. against a claim on the deposit).
  for (const [path, stage] of [["abholung", "pickup"], ["rueckgabe", "return"]] as const) {
    app.post<{ Params: { id: string } }>(`/streuobst/ausleihen/:id/antwort/${path}`, { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
      const loan = await findLoanDetail(db, req.params.id);
      if (!readable(req, loan)) return reply.callNotFound();
      if (loan.borrower_id !== req.user!.id) return reply.code(403).send("only the borrower answers a check-list");
      const [vField, nField] = [`antwort-${stage}`, `einwand-${stage}`];
      const values = readForm(req.body, [vField, nField]);
      const form = { values, errors: {} as Record<string, string> };
      const verdict = values[vField];
      const note = values[nField] ?? "";
      if (verdict !== "confirmed" && verdict !== "disputed") form.errors[vField] = req.t("orchards.answer.verdictInvalid");
      if ((verdict === "disputed" && !note) || note.length > 1000) form.errors[nField] = req.t("orchards.answer.noteInvalid");
      if (Object.keys(form.errors).length) return render(req, reply, loan, { answerForms: { [stage]: form } }, 422);
      const out = await checklistAnswerer(ctxOf(req), config, { loanId: loan.id, borrowerId: req.user!.id, stage, verdict: verdict as "confirmed" | "disputed", note });
      if (out === "already") return render(req, reply, loan, { warning: req.t("orchards.answer.already") }, 409);
      if (out === "not_recorded") return render(req, reply, loan, { warning: req.t("orchards.answer.notRecorded") }, 409);
      return reply.redirect(`${loanUrl(loan.id)}?ok=antwort`, 303);
    });
  }

  app.post<{ Params: { id: string } }>("/streuobst/ausleihen/:id/bewertung", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const loan = await findLoanDetail(db, req.params.id);
    if (!readable(req, loan)) return reply.callNotFound();
    const role = partyOf(req.user, loan);
    // Only the two parties rate (staff deciding for the county's items do not).
    if (!role) return reply.code(403).send("only the borrower and the lender rate");
    if (loan.status !== "returned") return render(req, reply, loan, { warning: req.t("orchards.rating.afterReturn") }, 409);
    const { form, rating } = validateRating(readForm(req.body, RATING_FIELDS), req.t);
    if (!rating) return render(req, reply, loan, { forms: { pickup: emptyForm(), return: emptyForm(), rating: form } }, 422);
    const out = await loanRater(ctxOf(req), { loanId: loan.id, role, raterId: req.user!.id, ...rating });
    if (out.kind === "already") return render(req, reply, loan, { warning: req.t("orchards.rating.already") }, 409);
    if (out.kind === "not_returned") return render(req, reply, loan, { warning: req.t("orchards.rating.afterReturn") }, 409);
    return reply.redirect(`${loanUrl(loan.id)}?ok=bewertung`, 303);
  });

  // ---- After rating (migrations/0075): the author edits within RATING_EDIT_DAYS, the rated person answers once.
  // The two parties of the loan see the rating; the other party 403, everyone else 404.
  const ratingAndLoan = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const r = await findRating(db, req.params.id);
    if (!r || r.hidden_at || (r.rater_id !== req.user?.id && r.ratee_id !== req.user?.id)) return undefined;
    const loan = await findLoanDetail(db, r.loan_id);
    return loan ? { r, loan } : undefined;
  };

  app.post<{ Params: { id: string } }>("/streuobst/bewertungen/:id/aendern", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const found = await ratingAndLoan(req);
    if (!found) return reply.callNotFound();
    const { r, loan } = found;
    if (r.rater_id !== req.user!.id) return reply.code(403).send("only the author edits a rating");
    const { form, rating } = validateRating(readForm(req.body, RATING_FIELDS), req.t);
    if (!rating) return render(req, reply, loan, { ratingForms: { [`edit-${r.id}`]: form } }, 422);
    const out = await ratingEditor(ctxOf(req), { ratingId: r.id, raterId: req.user!.id, ...rating });
    if (out === "too_late") return render(req, reply, loan, { warning: req.t("orchards.rating.tooLate", { n: RATING_EDIT_DAYS }) }, 409);
    if (out === "not_found") return reply.callNotFound();
    return reply.redirect(`${loanUrl(loan.id)}?ok=geaendert#bewertung`, 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/bewertungen/:id/antwort", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const found = await ratingAndLoan(req);
    if (!found) return reply.callNotFound();
    const { r, loan } = found;
    if (r.ratee_id !== req.user!.id) return reply.code(403).send("only the rated person answers a rating");
    const field = `erwiderung-${r.id}`;
    const values = readForm(req.body, [field]);
    const text = (values[field] ?? "").trim();
    if (!text || text.length > REPLY_MAX) return render(req, reply, loan, { ratingForms: { [`reply-${r.id}`]: { values, errors: { [field]: req.t("orchards.rating.replyInvalid") } } } }, 422);
    if ((await ratingReplier(ctxOf(req), { ratingId: r.id, rateeId: req.user!.id, reply: text })) === "already") return render(req, reply, loan, { warning: req.t("orchards.rating.replyAlready") }, 409);
    return reply.redirect(`${loanUrl(loan.id)}?ok=erwidert#bewertung`, 303);
  });
}
