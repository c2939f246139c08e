import { createHash } from "node:crypto";
import { appendAudit, canonicalJson } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { ProcessDefinitionError, type ProcessDefinition } from "../definition.js";

/**
 * Stores each process definition version (idempotent). A version once stored never changes: a changed
 * file with the same version is an error (running cases must keep their rules; publish a new version).
 */
export async function processLoader(ctx: CommandContext, props: { definitions: ProcessDefinition[] }): Promise<{ inserted: string[] }> {
  const inserted: string[] = [];
  for (const def of props.definitions) {
    const hash = createHash("sha256").update(canonicalJson(def)).digest("hex");
    await ctx.db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom("case_processes").select("content_hash").where("id", "=", def.id).where("version", "=", def.version).executeTakeFirst();
      if (existing) {
        if (existing.content_hash !== hash) throw new ProcessDefinitionError(`Prozess ${def.id} Version ${def.version} wurde geändert: bitte die Versionsnummer erhöhen.`);
        return;
      }
      const res = await tx
        .insertInto("case_processes")
        .values({ id: def.id, version: def.version, title: def.title, definition: JSON.stringify(def), content_hash: hash })
        .onConflict((oc) => oc.columns(["id", "version"]).doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return;
      inserted.push(`${def.id}@${def.version}`);
      await appendAudit(tx, ctx.actor, { action: "process.loaded", objectType: "case_process", objectId: `${def.id}@${def.version}`, requestId: ctx.requestId });
    });
  }
  return { inserted };
}
