import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

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

/** Audits that staff opened an attachment of a statement (personal data). */
export async function statementAttachmentRecorder(ctx: CommandContext, props: { statementId: string; procedureId: string; fileId: string }): Promise<void> {
  await ctx.db.transaction().execute((tx) =>
    appendAudit(tx, ctx.actor, {
      action: "participation.statement_attachment_opened",
      objectType: "participation_statement",
      objectId: props.statementId,
      details: { procedureId: props.procedureId, fileId: props.fileId },
      requestId: ctx.requestId,
    }),
  );
}
