/** Saved searches and their daily e-mail digest (ADR 0050). */
import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Config } from "../../../platform/config.js";
import type { Db } from "../../../platform/db/index.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { findMailContact } from "../../accounts/index.js";
import { unsubscribeToken } from "../alertToken.js";
import { orchardCommunityMessages } from "../communityMessages.js";
import { listAlertUsers, newMatchingListings, SAVED_SEARCHES_MAX, type SearchFilter } from "../eventQueries.js";
import { listingUrl } from "../presenters.js";

const translate = translatorFor(orchardCommunityMessages);
export const ALERT_MAIL_KIND = "orchards.alert";

/** Saves a filter for the account (at most SAVED_SEARCHES_MAX; the same filter twice is kept once). */
export async function savedSearchCreator(ctx: CommandContext, props: { userId: string; filter: SearchFilter }): Promise<{ kind: "saved"; id: string } | { kind: "tooMany" } | { kind: "exists"; id: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    // One writer per account at a time, so the limit holds under double clicks.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`orchards-searches:${props.userId}`}))`.execute(tx);
    const existing = await tx.selectFrom("orchard_saved_searches").select(["id", "kind", "ags", "query"]).where("user_id", "=", props.userId).execute();
    const same = existing.find((s) => s.kind === props.filter.kind && (s.ags?.trim() ?? null) === props.filter.ags && s.query === props.filter.query);
    if (same) {
      await tx.updateTable("orchard_saved_searches").set({ alerts: true }).where("id", "=", same.id).execute();
      return { kind: "exists", id: same.id };
    }
    if (existing.length >= SAVED_SEARCHES_MAX) return { kind: "tooMany" };
    const row = await tx.insertInto("orchard_saved_searches").values({ user_id: props.userId, kind: props.filter.kind, ags: props.filter.ags, query: props.filter.query }).returning("id").executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "orchards.search_saved", objectType: "orchard_saved_search", objectId: row.id, requestId: ctx.requestId });
    return { kind: "saved", id: row.id };
  });
}

/** Deletes one of the account's saved searches; false when it is not theirs. */
export async function savedSearchDeleter(ctx: CommandContext, props: { id: string; userId: string }): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.deleteFrom("orchard_saved_searches").where("id", "=", props.id).where("user_id", "=", props.userId).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return false;
    await appendAudit(tx, ctx.actor, { action: "orchards.search_deleted", objectType: "orchard_saved_search", objectId: props.id, requestId: ctx.requestId });
    return true;
  });
}

/** Turns the alerts of all the account's saved searches off (the unsubscribe link; the searches stay). */
export async function alertsUnsubscriber(ctx: CommandContext, props: { userId: string }): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable("orchard_saved_searches").set({ alerts: false }).where("user_id", "=", props.userId).where("alerts", "=", true).executeTakeFirst();
    const n = Number(r.numUpdatedRows);
    if (n > 0) await appendAudit(tx, ctx.actor, { action: "orchards.alerts_unsubscribed", objectType: "user", objectId: props.userId, details: { searches: n }, requestId: ctx.requestId });
    return n;
  });
}

export const unsubscribeUrl = (config: Pick<Config, "publicUrl" | "sessionSecret">, userId: string) => `${config.publicUrl}/streuobst/suchauftraege/abbestellen/${unsubscribeToken(config.sessionSecret, userId)}`;

/**
 * The daily digest: for every account with alerting searches, the listings posted since each search's last
 * digest that match and are visible now; one mail per account and Berlin day (the digest row's primary key
 * makes a second or parallel run a no-op). Links only: no titles, no names, no addresses. Returns mails queued.
 */
export async function alertDigestQueuer(db: Db, config: Pick<Config, "publicUrl" | "sessionSecret">, now = new Date()): Promise<number> {
  const day = berlinDate(now);
  let queued = 0;
  for (const userId of await listAlertUsers(db)) {
    const sent = await db.transaction().execute(async (tx) => {
      // Claim the day first: a parallel run waits here and then finds the row (no second mail).
      const claim = await tx.insertInto("orchard_alert_digests").values({ user_id: userId, day, listings: 0 }).onConflict((oc) => oc.columns(["user_id", "day"]).doNothing()).returning("user_id").executeTakeFirst();
      if (!claim) return false;
      const searches = await tx.selectFrom("orchard_saved_searches").select(["id", "kind", "ags", "query", "last_sent_at"]).where("user_id", "=", userId).where("alerts", "=", true).forUpdate().execute();
      const ids = new Set<string>();
      for (const s of searches) {
        for (const l of await newMatchingListings(tx, { kind: s.kind, ags: s.ags?.trim() ?? null, query: s.query, userId, after: s.last_sent_at, upTo: now })) ids.add(l.id);
      }
      const contact = ids.size ? await findMailContact(tx, userId) : undefined;
      if (!contact) {
        // Nothing new (or no address): release the day, so a later run today may still send.
        await tx.deleteFrom("orchard_alert_digests").where("user_id", "=", userId).where("day", "=", day).execute();
        return false;
      }
      await tx.updateTable("orchard_alert_digests").set({ listings: ids.size }).where("user_id", "=", userId).where("day", "=", day).execute();
      await tx.updateTable("orchard_saved_searches").set({ last_sent_at: now }).where("id", "in", searches.map((s) => s.id)).execute();
      const t = translate((contact.locale === "en" ? "en" : "de") as Locale);
      const unsubscribe = unsubscribeUrl(config, userId);
      const links = [...ids].map((id) => `${config.publicUrl}${listingUrl(id)}`).join("\n");
      await enqueueMail(tx, {
        kind: ALERT_MAIL_KIND,
        ref: `orchards-alert:${userId}:${day}`,
        to: contact.email,
        subject: t("orchards.alerts.mailSubject"),
        text: t("orchards.alerts.mailText", { n: ids.size, links, manage: `${config.publicUrl}/streuobst/suchauftraege`, unsubscribe }),
        headers: { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      });
      await appendAudit(tx, { type: "system", id: null }, { action: "orchards.alert_queued", objectType: "user", objectId: userId, details: { listings: ids.size } });
      return true;
    });
    if (sent) queued++;
  }
  return queued;
}
