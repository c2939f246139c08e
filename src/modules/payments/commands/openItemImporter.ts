import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { OpenItemInput } from "../openItems.js";

export interface OpenItemImporterProps {
  items: Array<OpenItemInput & { line?: number }>;
  source: "csv" | "api";
}

export type OpenItemImporterResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; errors: Array<{ kassenzeichen: string; line?: number; message: string }> };

/**
 * Creates or updates open items, all or nothing (one transaction, audited). An item already paid (or
 * being paid) cannot be changed: the fines office must not see a different amount than the citizen paid.
 */
export async function openItemImporter(ctx: CommandContext, props: OpenItemImporterProps): Promise<OpenItemImporterResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const keys = props.items.map((i) => i.kassenzeichen);
    const existing = keys.length
      ? await tx.selectFrom("payment_open_items").selectAll().where("kassenzeichen", "in", keys).forUpdate().execute()
      : [];
    const live = keys.length
      ? await tx.selectFrom("payment_transactions").select("subject_id").where("subject_type", "=", "fine").where("subject_id", "in", keys).where("status", "=", "INITIAL").execute()
      : [];
    const byKey = new Map(existing.map((e) => [e.kassenzeichen, e]));
    const paying = new Set(live.map((l) => l.subject_id));
    const errors: Array<{ kassenzeichen: string; line?: number; message: string }> = [];
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const item of props.items) {
      const old = byKey.get(item.kassenzeichen);
      const same = old && old.amount_cents === item.amountCents && old.due_date === item.dueDate && old.description === item.description && old.plate === item.plate;
      if (old && same) {
        unchanged++;
        continue;
      }
      if (old && old.status !== "open") {
        errors.push({ kassenzeichen: item.kassenzeichen, line: item.line, message: `Kassenzeichen ${item.kassenzeichen} ist bereits bezahlt und kann nicht mehr geändert werden.` });
        continue;
      }
      if (old && paying.has(item.kassenzeichen)) {
        errors.push({ kassenzeichen: item.kassenzeichen, line: item.line, message: `Kassenzeichen ${item.kassenzeichen} wird gerade bezahlt und kann jetzt nicht geändert werden.` });
        continue;
      }
      const values = { plate: item.plate, amount_cents: item.amountCents, due_date: item.dueDate, description: item.description, source: props.source, updated_at: new Date() };
      if (old) {
        await tx.updateTable("payment_open_items").set(values).where("kassenzeichen", "=", item.kassenzeichen).execute();
        updated++;
      } else {
        await tx.insertInto("payment_open_items").values({ kassenzeichen: item.kassenzeichen, ...values }).execute();
        created++;
      }
    }
    if (errors.length) {
      // Throwing rolls the whole import back; the caller shows every problem.
      throw new ImportRefused(errors);
    }
    await appendAudit(tx, ctx.actor, { action: "payment.open_items.imported", objectType: "payment_open_items", details: { source: props.source, created, updated, unchanged }, requestId: ctx.requestId });
    return { ok: true as const, created, updated, unchanged };
  }).catch((err: unknown) => {
    if (err instanceof ImportRefused) return { ok: false as const, errors: err.errors };
    throw err;
  });
}

class ImportRefused extends Error {
  constructor(public errors: Array<{ kassenzeichen: string; line?: number; message: string }>) {
    super("import refused");
  }
}
