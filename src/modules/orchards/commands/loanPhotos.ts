import { appendAudit } from "../../../platform/audit/index.js";
import { fileDeleter, fileReleaser, fileStoreFor } from "../../../platform/files/index.js";
import { resolveReports } from "./sanctions.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { MAX_PHOTOS } from "../photos.js";
import { photoFilesAttacher, type PhotoAdderResult, type PhotoUpload } from "./photos.js";

export type LoanPhotoStage = "pickup" | "return";
/** The states in which photos of a stage may be added: pick-up photos from the confirmation, return photos from the pick-up. */
export const STAGE_STATES: Record<LoanPhotoStage, readonly string[]> = { pickup: ["confirmed", "picked_up"], return: ["picked_up", "returned"] };

/**
 * Adds a photo to a loan's pick-up or return check-list (the one who records the check-lists; the caller has
 * authorized): the loan is locked, its state must fit the stage ("gone" otherwise), at most MAX_PHOTOS per
 * stage. Processed and stored like listing photos. Audited.
 */
export async function loanPhotoAdder(ctx: CommandContext, config: Pick<Config, "files" | "varDir">, props: PhotoUpload & { loanId: string; stage: LoanPhotoStage }): Promise<PhotoAdderResult> {
  return photoFilesAttacher(ctx, config, props, async (tx, files) => {
    const loan = await tx.selectFrom("orchard_loans").select(["id", "status"]).where("id", "=", props.loanId).forUpdate().executeTakeFirst();
    if (!loan || !STAGE_STATES[props.stage].includes(loan.status)) return { kind: "gone" };
    const n = await tx.selectFrom("orchard_loan_photos").select((eb) => eb.fn.countAll<string>().as("n")).where("loan_id", "=", props.loanId).where("stage", "=", props.stage).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_PHOTOS) return { kind: "too_many" };
    const row = await tx
      .insertInto("orchard_loan_photos")
      .values({ loan_id: props.loanId, stage: props.stage, file_id: files.large, thumb_file_id: files.thumb, alt: props.alt, width: props.width, height: props.height, created_by: props.uploaderId })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.loan_photo_added", objectType: "orchard_loan", objectId: props.loanId, details: { photoId: row.id, stage: props.stage }, requestId: ctx.requestId });
    return { kind: "added", id: row.id };
  });
}

/**
 * Deletes a check-list photo: its uploader while the borrower has not answered that stage's check-list
 * (afterwards it is part of what was confirmed or disputed), or staff on a report (`staffId`; resolves the
 * open reports on it). The files are released and deleted after the commit. Audited.
 */
export async function loanPhotoDeleter(ctx: CommandContext, config: Pick<Config, "files">, props: { photoId: string } & ({ uploaderId: string } | { staffId: string })): Promise<"deleted" | "gone" | "answered"> {
  const out = await ctx.db.transaction().execute(async (tx) => {
    let q = tx.selectFrom("orchard_loan_photos").select(["id", "loan_id", "stage", "file_id", "thumb_file_id"]).where("id", "=", props.photoId);
    if ("uploaderId" in props) q = q.where("created_by", "=", props.uploaderId);
    const photo = await q.forUpdate().executeTakeFirst();
    if (!photo) return { kind: "gone" as const };
    if ("uploaderId" in props) {
      // Lock the loan so a racing answer to the check-list waits for (or sees) the deletion.
      await tx.selectFrom("orchard_loans").select("id").where("id", "=", photo.loan_id).forUpdate().execute();
      const answered = await tx.selectFrom("orchard_checklist_answers").select("verdict").where("loan_id", "=", photo.loan_id).where("stage", "=", photo.stage).executeTakeFirst();
      if (answered) return { kind: "answered" as const };
    }
    const reports = "staffId" in props ? await resolveReports(tx, { loanPhotoId: photo.id }, props.staffId, "photo_deleted") : 0;
    await tx.deleteFrom("orchard_loan_photos").where("id", "=", photo.id).execute();
    await appendAudit(tx, ctx.actor, { action: "orchards.loan_photo_deleted", objectType: "orchard_loan", objectId: photo.loan_id, details: { photoId: photo.id, stage: photo.stage, byStaff: "staffId" in props, reportsResolved: reports }, requestId: ctx.requestId });
    return { kind: "deleted" as const, released: await fileReleaser(tx, { ids: [photo.file_id, photo.thumb_file_id] }) };
  });
  if (out.kind !== "deleted") return out.kind;
  await fileDeleter(ctx, { store: fileStoreFor(config.files), ids: out.released });
  return "deleted";
}
