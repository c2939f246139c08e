import type { Db } from "../../platform/db/index.js";
import { systemContext } from "../../platform/commands.js";
import { openItemImporter } from "./commands/openItemImporter.js";

/** Demo fines, so "Bußgeld online bezahlen" can be tried without an import first (docs/modules/payments.md lists them). */
export const DEMO_OPEN_ITEMS = [
  { kassenzeichen: "5.2026.000101", plate: "PFEK101", amountCents: 3500, description: "Parken im absoluten Halteverbot (Demo)" },
  { kassenzeichen: "5.2026.000102", plate: null, amountCents: 5000, description: "Überschreitung der Höchstgeschwindigkeit innerorts um 11 km/h (Demo)" },
  { kassenzeichen: "5.2026.000103", plate: "PFMA7", amountCents: 5500, description: "Parken auf dem Gehweg mit Behinderung (Demo)" },
] as const;

/** Loads the demo fines once (an item already there, paid or not, is left alone), due four weeks from now. */
export async function seedDemoOpenItems(db: Db, now = new Date()): Promise<number> {
  const keys = DEMO_OPEN_ITEMS.map((i) => i.kassenzeichen);
  const existing = await db.selectFrom("payment_open_items").select("kassenzeichen").where("kassenzeichen", "in", keys).execute();
  const have = new Set(existing.map((e) => e.kassenzeichen));
  const due = new Date(now.getTime() + 28 * 86_400_000).toISOString().slice(0, 10);
  const items = DEMO_OPEN_ITEMS.filter((i) => !have.has(i.kassenzeichen)).map((i) => ({ ...i, dueDate: due }));
  if (!items.length) return 0;
  const result = await openItemImporter(systemContext(db), { items, source: "csv" });
  return result.ok ? result.created : 0;
}
