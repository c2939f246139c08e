import { createHash } from "node:crypto";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { isAgs } from "../../../platform/keys.js";
import type { XPlanInfo } from "../xplan/parse.js";
import type { XPlanProblem } from "../xplan/validate.js";

/**
 * Stores the XPlanGML plan of a procedure (replacing an earlier one) with the check's geometric warnings. Only
 * called with a document that passed the check (xplan/validate.ts). Audited in the same transaction (ids, plan
 * type, hash and the number of warnings only).
 */
export async function planStorer(ctx: CommandContext, props: { procedureId: string; gml: string; plan: XPlanInfo; warnings: XPlanProblem[]; uploadedBy: string | null }): Promise<{ replaced: boolean }> {
  const sha256 = createHash("sha256").update(props.gml).digest("hex");
  const { plan } = props;
  const values = {
    plan_type: plan.planType,
    name: plan.name,
    ags: isAgs(plan.ags) ? plan.ags : null,
    srs: plan.srs,
    area: plan.area ? JSON.stringify(plan.area) : null,
    land_uses: JSON.stringify(plan.landUses),
    gml: props.gml,
    sha256,
    check_warnings: JSON.stringify(props.warnings.slice(0, 200)),
    uploaded_by: props.uploadedBy,
    uploaded_at: new Date(),
  };
  return ctx.db.transaction().execute(async (tx) => {
    const previous = await tx.selectFrom("participation_plans").select("sha256").where("procedure_id", "=", props.procedureId).forUpdate().executeTakeFirst();
    await tx
      .insertInto("participation_plans")
      .values({ procedure_id: props.procedureId, ...values })
      .onConflict((oc) => oc.column("procedure_id").doUpdateSet(values))
      .execute();
    await tx.updateTable("participation_procedures").set({ updated_at: new Date() }).where("id", "=", props.procedureId).execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.plan_uploaded",
      objectType: "participation_procedure",
      objectId: props.procedureId,
      details: { planType: plan.planType, sha256, previous: previous?.sha256 ?? null, landUses: plan.landUses.length, warnings: props.warnings.length },
      requestId: ctx.requestId,
    });
    return { replaced: Boolean(previous) };
  });
}
