/**
 * Subscriber to the road-works module's "roadworks.changed" (a work was ordered, extended or ended early): everyone
 * who opted into the topic "roadworks" and lives in the work's municipality (home municipality of the account, or
 * the street chosen for the waste calendar) gets one push per device and change, leading to the public work page.
 */
import { sql, type Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import type { EventContext } from "../../platform/events/index.js";
import { accountsLivingIn } from "../accounts/index.js";
import type { RoadworksChange } from "../roadworks/index.js";
import { queuePushForUser } from "./push.js";
import "./db.js";

export async function onRoadworksChangePush(tx: Transaction<Database>, change: RoadworksChange, ctx: EventContext): Promise<void> {
  const optedIn = await tx
    .selectFrom("pwa_push_preferences as p")
    .leftJoin("pwa_waste_streets as s", "s.id", "p.waste_street_id")
    .select(["p.user_id", "s.ags"])
    .where(sql<boolean>`'roadworks' = ANY(p.topics)`)
    .execute();
  const byStreet = optedIn.filter((r) => r.ags === change.ags).map((r) => r.user_id);
  const byHome = await accountsLivingIn(tx, change.ags, optedIn.filter((r) => r.ags !== change.ags).map((r) => r.user_id));
  let queued = 0;
  for (const userId of new Set([...byStreet, ...byHome])) {
    queued += await queuePushForUser(tx, { userId, topic: "roadworks", dedupeKey: `roadworks:${change.roadworkId}:${change.kind}:${change.endDate}`, url: `/baustellen/${change.roadworkId}` });
  }
  if (queued > 0) ctx.trigger("pwa-push-send", {}, { startAfter: 1 });
}
