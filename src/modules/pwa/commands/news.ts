/** Writers of the news: publish and withdraw items (Redaktion), grant and revoke the role (admins). Audited; search rebuilds. */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { bumpCatalogVersion } from "../../../platform/db/catalogVersion.js";
import { fileRetainer } from "../../../platform/files/index.js";
import "../db.js";

/**
 * Publishes an item for a municipality (AGS) or the county ("kreis"), now or at `publishedAt` (a later time:
 * scheduled, visible from then on; the job "pwa-news-due" tells the search). The caller checked the Redaktion policy.
 */
export async function newsPublisher(
  ctx: CommandContext,
  props: { scope: string; title: string; body: string; demo?: boolean; publishedAt?: Date; image?: { fileId: string; thumbFileId?: string; alt: string; width: number; height: number } },
): Promise<string> {
  const now = new Date();
  const scheduled = !!props.publishedAt && props.publishedAt > now;
  const image = props.image;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("pwa_news")
      .values({
        ags: props.scope === "kreis" ? null : props.scope,
        title: props.title,
        body: props.body,
        author_id: ctx.actor.id,
        is_demo: props.demo ?? false,
        published_at: props.publishedAt ?? now,
        announced_at: scheduled ? null : now,
        withdrawn_at: null,
        ...(image ? { image_file_id: image.fileId, image_thumb_file_id: image.thumbFileId ?? null, image_alt: image.alt, image_width: image.width, image_height: image.height } : {}),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The upload is kept for as long as the item (the purge job deletes uploads no record took).
    if (image) await fileRetainer(tx, { ids: image.thumbFileId ? [image.fileId, image.thumbFileId] : [image.fileId], until: null });
    await appendAudit(tx, ctx.actor, { action: scheduled ? "pwa.news_scheduled" : "pwa.news_published", objectType: "news", objectId: row.id, details: { scope: props.scope, ...(scheduled ? { at: props.publishedAt!.toISOString() } : {}), ...(image ? { imageFileId: image.fileId } : {}) }, requestId: ctx.requestId });
    if (!scheduled) await bumpCatalogVersion(tx);
    return row.id;
  });
}

/**
 * Changes an item's headline and text, and while it is still scheduled its time (a visible item keeps its date:
 * feeds and lists are ordered by it). Audited with the names of the changed fields. False: withdrawn or unknown.
 */
export async function newsEditor(ctx: CommandContext, props: { id: string; title: string; body: string; publishedAt?: Date }): Promise<boolean> {
  const now = new Date();
  return ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("pwa_news").select(["title", "body", "published_at", "announced_at"]).where("id", "=", props.id).where("withdrawn_at", "is", null).forUpdate().executeTakeFirst();
    if (!before) return false;
    const scheduled = before.announced_at === null;
    const publishedAt = scheduled && props.publishedAt ? props.publishedAt : before.published_at;
    const nowVisible = scheduled && publishedAt <= now;
    const changed = [before.title !== props.title && "title", before.body !== props.body && "body", publishedAt.getTime() !== before.published_at.getTime() && "publishedAt"].filter((f): f is string => !!f);
    if (changed.length === 0) return true;
    await tx.updateTable("pwa_news").set({ title: props.title, body: props.body, published_at: publishedAt, edited_at: now, ...(nowVisible ? { announced_at: now } : {}) }).where("id", "=", props.id).execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.news_edited", objectType: "news", objectId: props.id, details: { fields: changed }, requestId: ctx.requestId });
    if (!scheduled || nowVisible) await bumpCatalogVersion(tx);
    return true;
  });
}

/** Scheduled items whose time has come: marks them visible and tells the search index (job "pwa-news-due"). */
export async function announceDueNews(ctx: CommandContext, now = new Date()): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const due = await tx.updateTable("pwa_news").set({ announced_at: now }).where("announced_at", "is", null).where("withdrawn_at", "is", null).where("published_at", "<=", now).returning("id").execute();
    if (due.length === 0) return 0;
    for (const d of due) await appendAudit(tx, ctx.actor, { action: "pwa.news_published", objectType: "news", objectId: d.id, details: { scheduled: true }, requestId: ctx.requestId });
    await bumpCatalogVersion(tx);
    return due.length;
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
