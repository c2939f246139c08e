import { sql } from "kysely";
import { appendAudit } from "../../audit/index.js";
import type { CommandContext } from "../../commands.js";
import type { FileStore } from "../types.js";

/**
 * Deletes files that no record holds (retain_until set): the row with its audit entry first, then the
 * bytes. `ids` limits it to these files (e.g. "Datei entfernen"); without, every expired upload goes.
 * Returns how many were deleted. Objects whose deletion fails are orphans, found again by key listing.
 */
export async function fileDeleter(ctx: CommandContext, props: { store: FileStore; ids?: string[]; expiredBefore?: Date }): Promise<number> {
  if (props.ids && props.ids.length === 0) return 0;
  const deleted = await ctx.db.transaction().execute(async (tx) => {
    let q = tx.deleteFrom("files").where("retain_until", "is not", null).where("storage_provider", "=", props.store.id);
    if (props.ids) q = q.where("id", "in", props.ids);
    if (props.expiredBefore) q = q.where("retain_until", "<", props.expiredBefore);
    if (!props.ids && !props.expiredBefore) throw new Error("fileDeleter needs ids or expiredBefore");
    const rows = await q.returning(["id", "storage_key"]).execute();
    if (rows.length) {
      await appendAudit(tx, ctx.actor, {
        action: props.ids ? "file.deleted" : "file.unused_purged",
        objectType: "file",
        objectId: rows.length === 1 ? rows[0]!.id : undefined,
        details: { count: rows.length },
        requestId: ctx.requestId,
      });
    }
    return rows;
  });
  for (const r of deleted) await props.store.delete(r.storage_key).catch(() => undefined);
  return deleted.length;
}

/**
 * Marks files as held by a record (retain_until NULL) or extends how long an unused upload is kept.
 * Only files still unattached are changed; returns the ids that were. Runs in the caller's transaction.
 */
export async function fileRetainer(tx: CommandContext["db"], props: { ids: string[]; until: Date | null }): Promise<string[]> {
  if (!props.ids.length) return [];
  const rows = await tx
    .updateTable("files")
    .set({ retain_until: props.until ?? sql<null>`NULL` })
    .where("id", "in", props.ids)
    .where("retain_until", "is not", null)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Lets go of files a record held (retain_until NULL → now), e.g. when a photo is deleted; fileDeleter
 * with these ids then removes them after the caller's commit. Runs in the caller's transaction.
 */
export async function fileReleaser(tx: CommandContext["db"], props: { ids: string[] }): Promise<string[]> {
  if (!props.ids.length) return [];
  const rows = await tx.updateTable("files").set({ retain_until: sql<Date>`now()` }).where("id", "in", props.ids).where("retain_until", "is", null).returning("id").execute();
  return rows.map((r) => r.id);
}
