import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";

/** Creates a draft for an account or for the holder of an anonymous token (its hash is stored). */
export interface DraftCreatorProps {
  formId: string;
  formVersion: number;
  userId: string | null;
  anonTokenHash: string | null;
  values: Record<string, string>;
}

/** Starts a draft; returns its id. */
export async function draftCreator(ctx: CommandContext, props: DraftCreatorProps): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("application_drafts")
      .values({ form_id: props.formId, form_version: props.formVersion, user_id: props.userId, anon_token_hash: props.userId ? null : props.anonTokenHash, values: JSON.stringify(props.values) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "application.draft_started", objectType: "application_draft", objectId: row.id, details: { form: props.formId }, requestId: ctx.requestId });
    return row.id;
  });
}

/** Saves what the user entered on a step (all values of the draft, including invalid ones, so nothing is lost). The caller has authorized. */
export async function draftSaver(ctx: CommandContext, props: { draftId: string; values: Record<string, string> }): Promise<void> {
  // Step saves are the applicant's own unfinished data; only start and submission are audited.
  await ctx.db.updateTable("application_drafts").set({ values: JSON.stringify(props.values), updated_at: new Date() }).where("id", "=", props.draftId).execute();
}

/** Deletes drafts untouched for `days` days (retention). */
export async function draftPurger(ctx: CommandContext, props: { days: number }): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom("application_drafts").where("updated_at", "<", new Date(Date.now() - props.days * 86_400_000)).executeTakeFirst();
    const n = Number(res.numDeletedRows ?? 0);
    if (n) await appendAudit(tx, ctx.actor, { action: "application.drafts_purged", details: { count: n, days: props.days }, requestId: ctx.requestId });
    return n;
  });
}
