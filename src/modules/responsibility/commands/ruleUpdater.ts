import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";

export interface RuleUpdaterProps {
  id: string;
  /** updated_at the editor saw (ISO string); a different value is a conflict. */
  expectedUpdatedAt: string;
  active: boolean;
  note: string | null;
}

export type RuleUpdaterResult = { ok: true; changed: boolean } | { ok: false; reason: "not_found" | "conflict" };

/**
 * Switches a responsibility rule on or off and sets its note, with optimistic locking on
 * updated_at. Marks the rule edited_by_staff, so the office import keeps the change. Audit entry
 * (responsibility_rule.toggled when `active` changed, else responsibility_rule.updated) and
 * catalog_version bump in the same transaction; nothing is written when nothing changed.
 */
export async function ruleUpdater(ctx: CommandContext, props: RuleUpdaterProps): Promise<RuleUpdaterResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom("responsibility_rules").select(["id", "key", "active", "note", "updated_at"]).where("id", "=", props.id).forUpdate().executeTakeFirst();
    if (!current) return { ok: false as const, reason: "not_found" as const };
    if (new Date(current.updated_at).toISOString() !== props.expectedUpdatedAt) return { ok: false as const, reason: "conflict" as const };
    const toggled = current.active !== props.active;
    const noteChanged = (current.note ?? null) !== props.note;
    if (!toggled && !noteChanged) return { ok: true as const, changed: false };
    await tx.updateTable("responsibility_rules").set({ active: props.active, note: props.note, edited_by_staff: true, updated_at: new Date() }).where("id", "=", props.id).execute();
    const catalogVersion = await bumpCatalogVersion(tx);
    await appendAudit(tx, ctx.actor, {
      action: toggled ? "responsibility_rule.toggled" : "responsibility_rule.updated",
      objectType: "responsibility_rule",
      objectId: props.id,
      details: { key: current.key, active: props.active, previousActive: current.active, noteChanged, catalogVersion },
      requestId: ctx.requestId,
    });
    return { ok: true as const, changed: true };
  });
}
