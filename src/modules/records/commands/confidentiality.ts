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

/** Rank of a level: a higher rank is more confidential ("003 Offen" < "002 NfD"). */
const RANK: Record<ConfidentialityLevel, number> = { "003": 0, "002": 1 };

/** The levels above `current` (what a document may be raised to). */
export const higherLevels = (current: string): ConfidentialityLevel[] => CONFIDENTIALITY_LEVELS.filter((l) => RANK[l] > (RANK[current as ConfidentialityLevel] ?? 0));

export type DocumentRaiseResult = { ok: true } | { ok: false; reason: "not_higher" | "gone" | "closed" };

/**
 * Raises one document above its file's confidentiality level (migration 0094), with the reason; audited
 * `records.document_confidentiality_raised` (before = the level it had, inherited or its own; after; reason) in the same
 * transaction. Only upwards: the same or a lower level is refused (`not_higher`; the database refuses lowering too). The
 * document is then withdrawn from departments that only participate in the case (policies.ts `mayReadDocument`).
 */
export async function documentConfidentialityRaiser(ctx: CommandContext, props: { fileId: string; documentId: string; level: ConfidentialityLevel; reason: string }): Promise<DocumentRaiseResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const file = await tx.selectFrom("records_files").select(["confidentiality", "status"]).where("id", "=", props.fileId).forShare().executeTakeFirst();
    if (!file) return { ok: false as const, reason: "gone" as const };
    if (file.status !== "open") return { ok: false as const, reason: "closed" as const };
    const doc = await tx.selectFrom("records_documents").select(["confidentiality"]).where("id", "=", props.documentId).where("file_id", "=", props.fileId).forUpdate().executeTakeFirst();
    if (!doc) return { ok: false as const, reason: "gone" as const };
    const before = (doc.confidentiality ?? file.confidentiality) as ConfidentialityLevel;
    if (!(RANK[props.level] > RANK[before])) return { ok: false as const, reason: "not_higher" as const };
    await tx.updateTable("records_documents").set({ confidentiality: props.level, confidentiality_reason: props.reason }).where("id", "=", props.documentId).execute();
    await appendAudit(tx, ctx.actor, { action: "records.document_confidentiality_raised", objectType: "records_document", objectId: props.documentId, details: { fileId: props.fileId, before, after: props.level, reason: props.reason }, requestId: ctx.requestId });
    return { ok: true as const };
  });
}
