import { createHash } from "node:crypto";
import { appendAudit, canonicalJson } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { FormDefinitionError, generateJsonSchema, type FormDefinition } from "../../forms/index.js";

export interface FormDefinitionLoaderProps {
  /** Checked definitions (readFormFiles or the XDatenfelder importer). */
  definitions: FormDefinition[];
}

/**
 * Stores each definition version with its generated JSON Schema; idempotent. A version once loaded is
 * never changed: a changed file with the same version is an error (publish a new version instead).
 */
export async function formDefinitionLoader(ctx: CommandContext, props: FormDefinitionLoaderProps): Promise<{ inserted: string[] }> {
  const inserted: string[] = [];
  for (const def of props.definitions) {
    const hash = createHash("sha256").update(canonicalJson(def)).digest("hex");
    await ctx.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom("form_definitions").select("content_hash").where("id", "=", def.id).where("version", "=", def.version).executeTakeFirst();
      if (existing) {
        if (existing.content_hash !== hash) throw new FormDefinitionError(`Formular ${def.id} Version ${def.version} wurde geändert: bitte die Versionsnummer erhöhen.`);
        return;
      }
      const res = await tx
        .insertInto("form_definitions")
        .values({ id: def.id, version: def.version, title: def.title, leika_keys: def.leikaKeys, definition: JSON.stringify(def), json_schema: JSON.stringify(generateJsonSchema(def)), content_hash: hash })
        .onConflict((oc) => oc.columns(["id", "version"]).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return;
      inserted.push(`${def.id}@${def.version}`);
      await appendAudit(tx, ctx.actor, { action: "form.loaded", objectType: "form_definition", objectId: `${def.id}@${def.version}`, requestId: ctx.requestId });
    });
  }
  return inserted.length ? { inserted } : { inserted };
}
