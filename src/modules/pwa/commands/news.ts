/** Writers of the news: publish and withdraw items (Redaktion), grant and revoke the role (admins). Audited; search rebuilds. */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import "../db.js";

/** Publishes an item for a municipality (AGS) or the county ("kreis"). The caller checked the Redaktion policy. */
export async function newsPublisher(ctx: CommandContext, props: { scope: string; title: string; body: string; demo?: boolean; publishedAt?: Date }): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("pwa_news")
      .values({ ags: props.scope === "kreis" ? null : props.scope, title: props.title, body: props.body, author_id: ctx.actor.id, is_demo: props.demo ?? false, ...(props.publishedAt ? { published_at: props.publishedAt } : {}), withdrawn_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "pwa.news_published", objectType: "news", objectId: row.id, details: { scope: props.scope }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return row.id;
  });
}

/** Withdraws an item (it leaves pages, feeds and search). False when it was not there or is gone already. */
export async function newsWithdrawer(ctx: CommandContext, props: { id: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.updateTable("pwa_news").set({ withdrawn_at: new Date() }).where("id", "=", props.id).where("withdrawn_at", "is", null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await appendAudit(tx, ctx.actor, { action: "pwa.news_withdrawn", objectType: "news", objectId: props.id, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return true;
  });
}

/** Gives a staff account the Redaktion role for a scope (idempotent). */
export async function newsEditorGranter(ctx: CommandContext, props: { userId: string; scope: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const ags = props.scope === "kreis" ? null : props.scope;
    const has = await tx.selectFrom("pwa_news_editors").select("user_id").where("user_id", "=", props.userId).where((eb) => (ags ? eb("ags", "=", ags) : eb("ags", "is", null))).executeTakeFirst();
    if (has) return;
    await tx.insertInto("pwa_news_editors").values({ user_id: props.userId, ags, granted_by: ctx.actor.id }).execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.news_editor_granted", objectType: "user", objectId: props.userId, details: { scope: props.scope }, requestId: ctx.requestId });
  });
}

export async function newsEditorRevoker(ctx: CommandContext, props: { userId: string; scope: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const ags = props.scope === "kreis" ? null : props.scope;
    await tx.deleteFrom("pwa_news_editors").where("user_id", "=", props.userId).where((eb) => (ags ? eb("ags", "=", ags) : eb("ags", "is", null))).execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.news_editor_revoked", objectType: "user", objectId: props.userId, details: { scope: props.scope }, requestId: ctx.requestId });
  });
}
