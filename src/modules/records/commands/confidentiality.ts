import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/**
 * The confidentiality levels this system may hold (xdomea code list Vertraulichkeitsstufe 1.0): "003 Offen"
 * and "002 NfD". VS-Vertraulich, Geheim and Streng geheim need an accredited system (VSA); the database refuses them.
 */
export const CONFIDENTIALITY_LEVELS = ["003", "002"] as const;
export type ConfidentialityLevel = (typeof CONFIDENTIALITY_LEVELS)[number];
export const isConfidentialityLevel = (v: string): v is ConfidentialityLevel => (CONFIDENTIALITY_LEVELS as readonly string[]).includes(v);

/** Sets the level of an open file with the reason (audited with before, after and reason). The zdA trigger refuses closed files. */
export async function confidentialitySetter(ctx: CommandContext, props: { fileId: string; level: ConfidentialityLevel; reason: string }): Promise<{ changed: boolean }> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("records_files").select(["confidentiality", "confidentiality_reason"]).where("id", "=", props.fileId).forUpdate().executeTakeFirstOrThrow();
    if (before.confidentiality === props.level && before.confidentiality_reason === props.reason) return { changed: false };
    await tx.updateTable("records_files").set({ confidentiality: props.level, confidentiality_reason: props.reason }).where("id", "=", props.fileId).execute();
    await appendAudit(tx, ctx.actor, { action: "records.confidentiality_changed", objectType: "records_file", objectId: props.fileId, details: { before: before.confidentiality, after: props.level, reason: props.reason }, requestId: ctx.requestId });
    return { changed: true };
  });
}
