import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface SynonymDeleterProps {
  id: string;
}

/** Deletes an editorial synonym (never a thesaurus one); false when there was none. */
export async function synonymDeleter(ctx: CommandContext, props: SynonymDeleterProps): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom("search_synonyms").where("id", "=", props.id).where("source", "=", "editorial").returning(["id", "term"]).executeTakeFirst();
    if (!row) return false;
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, { action: "catalog.synonym_deleted", objectType: "synonym", objectId: row.id, details: { term: row.term, catalogVersion }, requestId: ctx.requestId });
    return true;
  });
}
