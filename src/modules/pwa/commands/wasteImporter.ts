import { isAgs } from "../../../platform/keys.js";
/**
 * Imports collection dates of one municipality (the only writer of pwa_waste_streets/_dates): streets
 * are created as needed; for each street in the import its dates from the import's first day on are
 * replaced (earlier dates stay as history). Audited as one entry.
 */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { WasteEntry } from "../wasteFormats.js";
import "../db.js";

export interface WasteImportResult {
  streets: number;
  dates: number;
}

export async function wasteImporter(ctx: CommandContext, props: { ags: string; entries: WasteEntry[]; demo?: boolean; source: "ics" | "csv" | "demo" }): Promise<WasteImportResult> {
  if (!isAgs(props.ags)) throw new Error("AGS must have 8 digits");
  const byStreet = new Map<string, WasteEntry[]>();
  for (const e of props.entries) byStreet.set(e.street, [...(byStreet.get(e.street) ?? []), e]);
  return ctx.db.transaction().execute(async (tx) => {
    let dates = 0;
    for (const [street, entries] of byStreet) {
      const row = await tx
        .insertInto("pwa_waste_streets")
        .values({ ags: props.ags, street, is_demo: props.demo ?? false })
        .onConflict((oc) => oc.columns(["ags", "street"]).doUpdateSet({ street }))
        .returning("id")
        .executeTakeFirstOrThrow();
      const from = entries.map((e) => e.day).sort()[0]!;
      await tx.deleteFrom("pwa_waste_dates").where("street_id", "=", row.id).where("day", ">=", from).execute();
      const res = await tx
        .insertInto("pwa_waste_dates")
        .values(entries.map((e) => ({ street_id: row.id, day: e.day, fraction: e.fraction })))
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      dates += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    await appendAudit(tx, ctx.actor, { action: "pwa.waste_imported", objectType: "municipality", objectId: props.ags, details: { source: props.source, streets: byStreet.size, dates }, requestId: ctx.requestId });
    return { streets: byStreet.size, dates };
  });
}
