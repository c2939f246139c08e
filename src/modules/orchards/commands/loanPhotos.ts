import { appendAudit } from "../../../platform/audit/index.js";
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
