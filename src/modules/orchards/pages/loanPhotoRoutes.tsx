/** Photos on the loan check-lists (migrations/0051): the page, the upload (the one who records) and serving to the parties. */
import { refuseBlocked } from "./moderationRoutes.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requireLogin } from "../../../platform/auth/guards.js";
import type { CommandContext } from "../../../platform/commands.js";
import { refusalMessage, uploadClientKey } from "../../../platform/files/index.js";
import { emptyForm, type FormState } from "../../../platform/views/components.js";
import { loanUrl } from "../commands/loanHandover.js";
import { loanPhotoAdder, STAGE_STATES, type LoanPhotoStage } from "../commands/loanPhotos.js";
import { findLoanDetail, findLoanPhoto, listLoanPhotos, type LoanDetail } from "../loanQueries.js";
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

  const render = async (req: FastifyRequest, reply: FastifyReply, loan: LoanDetail, form: FormState, notice?: string, status = 200) => {
    const photos = await listLoanPhotos(db, loan.id);
    const stages = records(req, loan) ? openStages(loan) : [];
    return reply.page(req.t("orchards.loanPhotos.title"), (ctx) => <LoanPhotosPage ctx={ctx} loan={loan} photos={photos} stages={stages} form={form} notice={notice} />, { status, noindex: true });
  };

  app.get<{ Params: { id: string }; Querystring: { gespeichert?: string } }>("/streuobst/ausleihen/:id/fotos", { preHandler: requireLogin }, async (req, reply) => {
    const loan = await findLoanDetail(db, req.params.id);
    if (!readable(req, loan)) return reply.callNotFound();
    return render(req, reply, loan, emptyForm(), req.query.gespeichert === "1" ? req.t("orchards.photos.added") : undefined);
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
    if (!photo || !readable(req, loan)) return reply.callNotFound();
    return sendJpeg(req, reply, config, size === "large" ? { key: photo.large_key, size: photo.large_size, sha256: photo.large_sha256 } : { key: photo.thumb_key, size: photo.thumb_size, sha256: photo.thumb_sha256 }, false);
  };
  app.get<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id", serve("large"));
  app.get<{ Params: { id: string } }>("/streuobst/ausleihen/fotos/:id/klein", serve("thumb"));
}
