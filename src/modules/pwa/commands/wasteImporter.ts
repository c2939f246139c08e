import { isAgs } from "../../../platform/keys.js";
/**
 * Imports collection dates of one municipality (the only writer of pwa_waste_streets/_dates): streets
 * are created as needed; for each street in the import its dates from the import's first day on are
 * replaced (earlier dates stay as history). Audited as one entry.
 */
import { sql } from "kysely";
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
  // One street or section per key: the street name and its house-number range.
  const byStreet = new Map<string, WasteEntry[]>();
  const keyOf = (e: WasteEntry) => JSON.stringify([e.street, e.houses?.from ?? 0, e.houses?.to ?? 0, e.houses?.parity ?? ""]);
  for (const e of props.entries) byStreet.set(keyOf(e), [...(byStreet.get(keyOf(e)) ?? []), e]);
  return ctx.db.transaction().execute(async (tx) => {
    let dates = 0;
    for (const entries of byStreet.values()) {
      const { street, houses } = entries[0]!;
      const section = { house_from: houses?.from ?? null, house_to: houses?.to ?? null, parity: houses?.parity ?? null };
      // The section's unique index is on expressions (coalesce): ON CONFLICT names it by those expressions.
      const row = await tx
        .insertInto("pwa_waste_streets")
        .values({ ags: props.ags, street, is_demo: props.demo ?? false, ...section })
        .onConflict((oc) => oc.expression(sql`ags, street, coalesce(house_from, 0), coalesce(house_to, 0), coalesce(parity, '')`).doUpdateSet({ street }))
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
