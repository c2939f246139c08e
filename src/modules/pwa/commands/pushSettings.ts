/** The person's push settings: topics (and the street for the waste reminder), browser subscriptions. Audited. */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { PushTopic } from "../db.js";
import "../db.js";

/**
 * Saves the topics the person wants pushes for and the street of the waste reminder: the section matched to the
 * typed house number (kept as typed, null when none was given).
 */
export async function pushPreferencesSaver(ctx: CommandContext, props: { userId: string; topics: PushTopic[]; wasteStreetId: string | null; wasteHouseNumber?: string | null }): Promise<void> {
  const house = props.wasteStreetId ? (props.wasteHouseNumber ?? null) : null;
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("pwa_push_preferences")
      .values({ user_id: props.userId, topics: props.topics, waste_street_id: props.wasteStreetId, waste_house_number: house })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ topics: props.topics, waste_street_id: props.wasteStreetId, waste_house_number: house, updated_at: new Date() }))
      .execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.push_preferences_saved", objectType: "user", objectId: props.userId, details: { topics: props.topics }, requestId: ctx.requestId });
  });
}

/**
 * Saves the place of the waste calendar (the matched section and the house number as typed) from the calendar page,
 * for the eve reminder and the next visit. Topics stay as they are (a new row has none). Audited without the address.
 */
export async function wastePlaceSaver(ctx: CommandContext, props: { userId: string; streetId: string; houseNumber: string | null }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto("pwa_push_preferences")
      .values({ user_id: props.userId, topics: [], waste_street_id: props.streetId, waste_house_number: props.houseNumber })
      .onConflict((oc) => oc.column("user_id").doUpdateSet({ waste_street_id: props.streetId, waste_house_number: props.houseNumber, updated_at: new Date() }))
      .execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.waste_place_saved", objectType: "user", objectId: props.userId, details: { withHouseNumber: props.houseNumber !== null }, requestId: ctx.requestId });
  });
}

/** Stores one browser's subscription (the same endpoint again: keys and owner updated). */
export async function pushSubscriptionAdder(ctx: CommandContext, props: { userId: string; endpoint: string; p256dh: string; auth: string }): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("pwa_push_subscriptions")
      .values({ user_id: props.userId, endpoint: props.endpoint, p256dh: props.p256dh, auth: props.auth })
      .onConflict((oc) => oc.column("endpoint").doUpdateSet({ user_id: props.userId, p256dh: props.p256dh, auth: props.auth }))
      .returning("id")
      .executeTakeFirstOrThrow();
    // First device without any choice yet: "Meine Anträge" is what people switch it on for.
    await tx.insertInto("pwa_push_preferences").values({ user_id: props.userId, topics: ["cases"], waste_street_id: null }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
    await appendAudit(tx, ctx.actor, { action: "pwa.push_subscribed", objectType: "push_subscription", objectId: row.id, requestId: ctx.requestId });
    return row.id;
  });
}

/** Removes all of the person's browser subscriptions. */
export async function pushSubscriptionsRemover(ctx: CommandContext, props: { userId: string }): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const res = await tx.deleteFrom("pwa_push_subscriptions").where("user_id", "=", props.userId).executeTakeFirst();
    await appendAudit(tx, ctx.actor, { action: "pwa.push_unsubscribed", objectType: "user", objectId: props.userId, details: { count: Number(res.numDeletedRows) }, requestId: ctx.requestId });
    return Number(res.numDeletedRows);
  });
}
