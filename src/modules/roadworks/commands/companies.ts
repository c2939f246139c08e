import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import "../db.js";

export interface CompanyInput {
  name: string;
  email: string;
  phone: string;
}

/** A company registers itself: pending until staff approve it; the registering account is its first member. */
export async function companyRegistrar(ctx: CommandContext, input: CompanyInput, userId: string): Promise<{ id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto("roadworks_companies").values({ name: input.name, email: input.email, phone: input.phone, status: "pending" }).returning("id").executeTakeFirstOrThrow();
    await tx.insertInto("roadworks_company_members").values({ company_id: row.id, user_id: userId, added_by: userId }).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.company_registered", objectType: "roadworks_company", objectId: row.id, details: {}, requestId: ctx.requestId });
    return { id: row.id };
  });
}

/** Staff approve a pending company (its members may then apply); audited. */
export async function companyApprover(ctx: CommandContext, companyId: string): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable("roadworks_companies").set({ status: "approved", approved_at: new Date(), approved_by: ctx.actor.id }).where("id", "=", companyId).where("status", "=", "pending").executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "roadworks.company_approved", objectType: "roadworks_company", objectId: companyId, details: {}, requestId: ctx.requestId });
    return true;
  });
}

/** Staff add an account to a company (idempotent); audited. */
export async function companyMemberAdder(ctx: CommandContext, companyId: string, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto("roadworks_company_members").values({ company_id: companyId, user_id: userId, added_by: ctx.actor.id }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(tx, ctx.actor, { action: "roadworks.member_added", objectType: "roadworks_company", objectId: companyId, details: { user: userId }, requestId: ctx.requestId });
  });
}
