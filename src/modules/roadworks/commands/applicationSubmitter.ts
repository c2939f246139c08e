import { randomBytes } from "node:crypto";
import type { Insertable } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileRetainer } from "../../../platform/files/index.js";
import type { RoadworksTables } from "../db.js";
import "../db.js";

export type RoadworkInput = Omit<Insertable<RoadworksTables["roadworks"]>, "id" | "reference" | "status" | "order_token" | "ordered_at" | "submitted_at">;

export const newReference = (now = new Date()) => `BS-${now.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;

/**
 * Stores a checked application (status submitted) and, when asked for, its special-use permit (pending, decided on
 * its own – ADR 0065); the sign plan is kept for good; audited.
 */
export async function applicationSubmitter(ctx: CommandContext, input: RoadworkInput, specialUse?: { purpose: string; areaM2: number }): Promise<{ id: string; reference: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const reference = newReference();
    const row = await tx.insertInto("roadworks").values({ ...input, geometry: JSON.stringify(input.geometry) as never, detour: input.detour ? (JSON.stringify(input.detour) as never) : null, reference }).returning("id").executeTakeFirstOrThrow();
    if (specialUse) await tx.insertInto("roadworks_special_uses").values({ roadwork_id: row.id, purpose: specialUse.purpose, area_m2: specialUse.areaM2, pdf: null, decided_at: null, decided_by: null, paid_at: null }).execute();
    if (input.sign_plan_file) await fileRetainer(tx, { ids: [input.sign_plan_file], until: null });
    await appendAudit(tx, ctx.actor, { action: "roadworks.submitted", objectType: "roadwork", objectId: row.id, details: { reference, ags: input.ags, closure: input.closure, fee_cents: input.fee_cents, special_use: !!specialUse }, requestId: ctx.requestId });
    return { id: row.id, reference };
  });
}
