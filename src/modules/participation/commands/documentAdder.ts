import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileRetainer } from "../../../platform/files/index.js";

/**
 * Adds a stored file (checked by the platform file service) to a procedure's documents; the file is
 * kept from now on (no longer purged as unused). Audited in the same transaction.
 */
export async function documentAdder(ctx: CommandContext, props: { procedureId: string; fileId: string; title: string; addedBy: string | null }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("participation_documents")
      .values({ procedure_id: props.procedureId, file_id: props.fileId, title: props.title, added_by: props.addedBy })
      .returning("id")
      .executeTakeFirstOrThrow();
    await fileRetainer(tx, { ids: [props.fileId], until: null });
    await tx.updateTable("participation_procedures").set({ updated_at: new Date() }).where("id", "=", props.procedureId).execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.document_added",
      objectType: "participation_procedure",
      objectId: props.procedureId,
      details: { documentId: row.id, fileId: props.fileId },
      requestId: ctx.requestId,
    });
    return { id: row.id };
  });
}
