import { randomBytes } from "node:crypto";
import type { Insertable } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { fileRetainer } from "../../../platform/files/index.js";
import type { RoadworksTables } from "../db.js";
import "../db.js";

export type RoadworkInput = Omit<Insertable<RoadworksTables["roadworks"]>, "id" | "reference" | "status" | "order_token" | "ordered_at" | "submitted_at">;

export const newReference = (now = new Date()) => `BS-${now.getUTCFullYear()}-${randomBytes(3).toString("hex").toUpperCase()}`;

/** Stores a checked application (status submitted); the sign plan is kept for good; audited. */
export async function applicationSubmitter(ctx: CommandContext, input: RoadworkInput): Promise<{ id: string; reference: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const reference = newReference();
    const row = await tx.insertInto("roadworks").values({ ...input, geometry: JSON.stringify(input.geometry) as never, detour: input.detour ? (JSON.stringify(input.detour) as never) : null, reference }).returning("id").executeTakeFirstOrThrow();
    if (input.sign_plan_file) await fileRetainer(tx, { ids: [input.sign_plan_file], until: null });
    await appendAudit(tx, ctx.actor, { action: "roadworks.submitted", objectType: "roadwork", objectId: row.id, details: { reference, ags: input.ags, closure: input.closure, fee_cents: input.fee_cents }, requestId: ctx.requestId });
    return { id: row.id, reference };
  });
}
