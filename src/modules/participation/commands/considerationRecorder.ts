import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Decision } from "../db.js";

/** Records (or changes) the weighing (Abwägung) of one statement: decision and reason; audited. */
export async function considerationRecorder(ctx: CommandContext, props: { statementId: string; decision: Decision; consideration: string; staffId: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("participation_statements").select(["decision", "procedure_id", "reference"]).where("id", "=", props.statementId).forUpdate().executeTakeFirstOrThrow();
    await tx
      .updateTable("participation_statements")
      .set({ decision: props.decision, consideration: props.consideration, considered_at: new Date(), considered_by: props.staffId })
      .where("id", "=", props.statementId)
      .execute();
    await appendAudit(tx, ctx.actor, {
      action: "participation.statement_considered",
      objectType: "participation_statement",
      objectId: props.statementId,
      details: { reference: before.reference, procedureId: before.procedure_id, decision: props.decision, previous: before.decision },
      requestId: ctx.requestId,
    });
  });
}

/** Audits that staff exported (or opened) a procedure's statements: personal data left the system. */
export async function statementAccessRecorder(ctx: CommandContext, props: { procedureId: string; action: "exported" | "viewed"; count: number }): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx.actor, {
      action: `participation.statements_${props.action}`,
      objectType: "participation_procedure",
      objectId: props.procedureId,
      details: { count: props.count },
      requestId: ctx.requestId,
    }),
  );
}

/** Audits that staff opened one statement (its name, address and text: personal data). */
export async function statementViewRecorder(ctx: CommandContext, props: { statementId: string; reference: string; procedureId: string }): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx.actor, {
      action: "participation.statement_viewed",
      objectType: "participation_statement",
      objectId: props.statementId,
      details: { reference: props.reference, procedureId: props.procedureId },
      requestId: ctx.requestId,
    }),
  );
}
