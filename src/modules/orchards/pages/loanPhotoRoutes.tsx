/** Photos on the loan check-lists (migrations/0051, 0059): the page, the upload (the one who records), deleting and reporting, and serving to the parties. */
import { refuseBlocked } from "./moderationRoutes.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin, requireStaff } from "../../../platform/auth/guards.js";
import { readForm } from "../../../platform/forms.js";
import { objectReportFiler } from "../commands/sanctions.js";
import { ReportPage } from "./moderationViews.js";
import type { CommandContext } from "../../../platform/commands.js";
import { refusalMessage, uploadClientKey } from "../../../platform/files/index.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { loanUrl } from "../commands/loanHandover.js";
import { loanPhotoAdder, loanPhotoDeleter, STAGE_STATES, type LoanPhotoStage } from "../commands/loanPhotos.js";
import { findLoanDetail, findLoanPhoto, hasOpenPhotoReport, listChecklistAnswers, listLoanPhotos, type LoanDetail } from "../loanQueries.js";
import { MAX_PHOTOS } from "../photos.js";
import { canDecideLoan } from "../policies.js";
import { LoanPhotosPage } from "./loanPhotoViews.js";
import { readPhotoUpload, sendJpeg } from "./photoRoutes.js";

const writeLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };
const STAGES: LoanPhotoStage[] = ["pickup", "return"];

export async function orchardLoanPhotoPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const ctxOf = (req: FastifyRequest): CommandContext => ({ actor: req.actor(), db, requestId: req.id });
  const records = (req: FastifyRequest, loan: LoanDetail) => canDecideLoan(req.user, { owner_id: loan.item_owner_id });
  /** Borrower and the one who records (owner; staff for owner-less items); everyone else 404. */
  const readable = (req: FastifyRequest, loan: LoanDetail | undefined): loan is LoanDetail => !!loan && (loan.borrower_id === req.user?.id || records(req, loan));
  const openStages = (loan: LoanDetail) => STAGES.filter((s) => STAGE_STATES[s].includes(loan.status));

  const render = async (req: FastifyRequest, reply: FastifyReply, loan: LoanDetail, form: FormState, notice?: string, status = 200, warning?: string) => {
    const [photos, answers] = await Promise.all([listLoanPhotos(db, loan.id), listChecklistAnswers(db, loan.id)]);
    const stages = records(req, loan) ? openStages(loan) : [];
    const answered = answers.map((a) => a.stage);
    return reply.page(req.t("orchards.loanPhotos.title"), (ctx) => <LoanPhotosPage ctx={ctx} loan={loan} photos={photos} stages={stages} form={form} notice={notice} warning={warning} answered={answered} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { gespeichert?: string; geloescht?: string } }>("/streuobst/ausleihen/:id/fotos", { preHandler: requireLogin }, async (req, reply) => {
    const loan = await findLoanDetail(db, req.params.id);
    if (!readable(req, loan)) return reply.callNotFound();
    const notice = req.query.gespeichert === "1" ? req.t("orchards.photos.added") : req.query.geloescht === "1" ? req.t("orchards.loanPhotos.deleted") : undefined;
    return render(req, reply, loan, emptyForm(), notice);
  });

  /** A photo and its loan, for a party of the loan; everyone else gets undefined (404). */
  async function photoOf(req: FastifyRequest<{ Params: { id: string } }>) {
    const photo = await findLoanPhoto(db, req.params.id);
    const loan = photo && (await findLoanDetail(db, photo.loan_id));
    return photo && readable(req, loan) ? { photo, loan } : undefined;
  }

  // The uploader deletes their photo until the borrower has answered that stage's check-list. Refused under a
  // block (it would remove what staff may need to see).
  app.post<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id/loeschen", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const found = await photoOf(req);
    if (!found) return reply.callNotFound();
    if (found.photo.created_by !== req.user!.id) return reply.code(403).send("only the uploader deletes a check-list photo");
    const out = await loanPhotoDeleter(ctxOf(req), config, { photoId: found.photo.id, uploaderId: req.user!.id });
    if (out === "gone") return reply.callNotFound();
    if (out === "answered") return render(req, reply, found.loan, emptyForm(), undefined, 409, req.t("orchards.loanPhotos.answered"));
    return reply.redirect(`${loanUrl(found.loan.id)}/fotos?geloescht=1`, 303);
  });

  // Either party reports a photo (not their own) to moderation; once while open.
  const reportAction = (id: string) => `/streuobst/ausleihen/fotos/${id}/melden`;
  app.get<{ Params: { id: string }; Querystring: { gemeldet?: string } }>("/streuobst/ausleihen/fotos/:id/melden", { preHandler: requireLogin }, async (req, reply) => {
    const found = await photoOf(req);
    if (!found) return reply.callNotFound();
    const title = req.t("orchards.loanPhotos.reportTitle");
    const notice = req.query.gemeldet === "1" ? req.t("orchards.mod.reported") : undefined;
    return reply.page(title, (ctx) => <ReportPage ctx={ctx} title={title} action={reportAction(found.photo.id)} quote={found.photo.alt} form={emptyForm()} notice={notice} />, { noindex: true });
  });

  app.post<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id/melden", { preHandler: [requireLogin, refuseBlocked], config: writeLimit }, async (req, reply) => {
    const found = await photoOf(req);
    if (!found) return reply.callNotFound();
    const title = req.t("orchards.loanPhotos.reportTitle");
    const values = readForm(req.body, ["grund"] as const);
    const form: FormState = { values, errors: {} };
    const reason = values.grund ?? "";
    if (!reason || reason.length > 1000) form.errors.grund = req.t("orchards.error.reason");
    const self = found.photo.created_by === req.user!.id;
    if (self) form.errors.grund = req.t("orchards.mod.self");
    const page = (f: FormState, status: number, notice?: string) => reply.page(title, (ctx) => <ReportPage ctx={ctx} title={title} action={reportAction(found.photo.id)} quote={found.photo.alt} form={f} notice={notice} />, { status, noindex: true });
    if (Object.keys(form.errors).length) return page(form, self ? 403 : 422);
    const out = await objectReportFiler(ctxOf(req), { object: { loanPhotoId: found.photo.id }, reporterId: req.user!.id, reason });
    if (out === "duplicate") return page(emptyForm(), 409, req.t("orchards.mod.duplicate"));
    return reply.redirect(`${reportAction(found.photo.id)}?gemeldet=1`, 303);
  });

  // Staff delete a reported photo from the queue (resolves its reports). Audited.
  app.post<{ Params: { id: string } }>("/verwaltung/streuobst/ausleihfotos/:id/loeschen", { preHandler: requireStaff, config: writeLimit }, async (req, reply) => {
    const photo = await findLoanPhoto(db, req.params.id);
    if (!photo) return reply.callNotFound();
    await loanPhotoDeleter(ctxOf(req), config, { photoId: photo.id, staffId: req.user!.id });
    return reply.redirect("/verwaltung/streuobst?erledigt=photoDeleted", 303);
  });

  app.post<{ Params: { id: string } }>("/streuobst/ausleihen/:id/fotos", { preHandler: requireLogin, config: writeLimit }, async (req, reply) => {
    const loan = await findLoanDetail(db, req.params.id);
    if (!readable(req, loan)) return reply.callNotFound();
    if (!records(req, loan)) return reply.code(403).send("only the lender adds check-list photos");
    const phase = (req.body as Record<string, unknown> | undefined)?.phase;
    const stage = STAGES.find((s) => s === phase);
    // As for the check-lists: a blocked lender documents a return, not a new hand-over.
    if (stage === "pickup") {
      await refuseBlocked(req, reply);
      if (reply.sent) return reply;
    }
    const count = stage ? (await listLoanPhotos(db, loan.id)).filter((p) => p.stage === stage).length : 0;
    const { form, processed, maxBytes } = await readPhotoUpload(req, config, count);
    form.values.phase = typeof phase === "string" ? phase : "";
    if (!stage || !openStages(loan).includes(stage)) form.errors.phase = req.t("orchards.loanPhotos.stageInvalid");
    if (!processed || form.errors.phase) return render(req, reply, loan, form, undefined, 422);
    const out = await loanPhotoAdder(ctxOf(req), config, { loanId: loan.id, stage: stage!, uploaderId: req.user!.id, alt: processed.alt, large: processed.large, thumb: processed.thumb, width: processed.width, height: processed.height, client: uploadClientKey(req.actor(), req.ip) });
    if (out.kind !== "added") {
      if (out.kind === "gone") form.errors.phase = req.t("orchards.loanPhotos.stageInvalid");
      else form.errors.foto = out.kind === "too_many" ? req.t("orchards.error.photoCount", { max: MAX_PHOTOS }) : refusalMessage(req.t, out.reason, { accept: ["image/jpeg"], maxBytes });
      return render(req, reply, loan, form, undefined, out.kind === "refused" && out.reason === "quota" ? 429 : 422);
    }
    return reply.redirect(`${loanUrl(loan.id)}/fotos?gespeichert=1`, 303);
  });

  // The pictures: only for the loan's parties, never cached by shared caches.
  const serve = (size: "large" | "thumb") => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const photo = await findLoanPhoto(db, req.params.id);
    const loan = photo && (await findLoanDetail(db, photo.loan_id));
    // Staff see a photo only while someone has reported it (the moderation queue links it).
    const staffOnReport = !!photo && req.user?.kind === "staff" && (await hasOpenPhotoReport(db, photo.id));
    if (!photo || (!readable(req, loan) && !staffOnReport)) return reply.callNotFound();
    return sendJpeg(req, reply, config, size === "large" ? { key: photo.large_key, size: photo.large_size, sha256: photo.large_sha256 } : { key: photo.thumb_key, size: photo.thumb_size, sha256: photo.thumb_sha256 }, false);
  };
  app.get<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id", serve("large"));
  app.get<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id/klein", serve("thumb"));
}
