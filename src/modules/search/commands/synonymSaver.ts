import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface SynonymSaverProps {
  /** The word citizens type (stored lower-case). */
  term: string;
  /** Catalogue terms searched for instead; replaces the earlier list of the same term. */
  expansions: string[];
}

/** Creates or replaces an editorial synonym; audit entry and catalog_version bump in the same transaction. */
export async function synonymSaver(ctx: CommandContext, props: SynonymSaverProps): Promise<{ id: string }> {
  const term = props.term.trim().toLocaleLowerCase("de");
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("search_synonyms")
      .values({ term, expansions: props.expansions, source: "editorial" })
      .onConflict((oc) => oc.columns(["term", "source"]).doUpdateSet({ expansions: props.expansions, updated_at: new Date() }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, { action: "catalog.synonym_saved", objectType: "synonym", objectId: row.id, details: { term, expansions: props.expansions, catalogVersion }, requestId: ctx.requestId });
    return { id: row.id };
  });
}
