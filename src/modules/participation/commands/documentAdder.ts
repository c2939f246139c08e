import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileRetainer } from "../../../platform/files/index.js";

/**
 * Adds a stored file (checked by the platform file service) to a procedure's documents; the file is
 * kept from now on (no longer purged as unused). Audited in the same transaction. Without `pages` the text is
 * read later by the job participation-document-text (text_status pending; commands/documentText.ts).
 */
export async function documentAdder(ctx: CommandContext, props: { procedureId: string; fileId: string; title: string; addedBy: string | null; /** Text per page (pdfPageTexts) when already read (demo data); else the job reads it. */ pages?: string[] }): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("participation_documents")
      .values({ procedure_id: props.procedureId, file_id: props.fileId, title: props.title, added_by: props.addedBy, page_count: props.pages?.length ?? null, text_status: props.pages ? "done" : "pending" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pages = props.pages ?? [];
    for (let i = 0; i < pages.length; i += 100) {
      await tx.insertInto("participation_document_pages").values(pages.slice(i, i + 100).map((text, j) => ({ document_id: row.id, page: i + j + 1, text }))).execute();
    }
    await fileRetainer(tx, { ids: [props.fileId], until: null });
    await tx.updateTable("participation_procedures").set({ updated_at: new Date() }).where("id", "=", props.procedureId).execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.document_added",
      objectType: "participation_procedure",
      objectId: props.procedureId,
      details: { documentId: row.id, fileId: props.fileId, textPages: props.pages?.length ?? null },
      requestId: ctx.requestId,
    });
    return { id: row.id };
  });
}
