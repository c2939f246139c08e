import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import { fileDeleter, fileRetainer, fileStoreFor } from "../../../platform/files/index.js";
import { draftFileIds } from "../uploads.js";

/**
 * Deletes a draft at its owner's request ("Entwurf löschen"). The caller has authorized. In one transaction:
 * the draft row, its audit entry, and its still unattached uploads marked as expired (so the files purge job
 * removes them even if the next step fails). Then those files are deleted right away (row, audit, bytes) by the
 * platform's fileDeleter; files already held by a submission are never touched. Returns false if the draft was gone.
 */
export async function draftDeleter(ctx: CommandContext, props: { config: Pick<Config, "files">; draftId: string }): Promise<boolean> {
  const fileIds = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("application_drafts").where("id", "=", props.draftId).returning(["id", "form_id", "values"]).executeTakeFirst();
    if (!row) return undefined;
    const ids = draftFileIds(row.values);
    await fileRetainer(tx, { ids, until: new Date() });
    await appendAudit(tx, ctx.actor, { action: "application.draft_deleted", objectType: "application_draft", objectId: row.id, details: { form: row.form_id, files: ids.length }, requestId: ctx.requestId });
    return ids;
  });
  if (!fileIds) return false;
  if (fileIds.length) await fileDeleter(ctx, { store: fileStoreFor(props.config.files), ids: fileIds });
  return true;
}
