/**
 * Logs a submission for delivery to every destination its form's LeiKa keys and place route to (in the
 * transaction of the "case.changed" delivery, not the citizen's: the receipt never waits for a destination).
 */
import type { Transaction } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { Database } from "../../../platform/db/index.js";
import { findDestinations } from "../fitconnect/routing.js";

export async function deliveryQueuer(tx: Transaction<Database>, props: { submissionId: string; leikaKeys: readonly string[]; ags: string }): Promise<number> {
  const destinations = await findDestinations(tx, props.leikaKeys, props.ags);
  let queued = 0;
  for (const d of destinations) {
    const r = await tx.insertInto("interop_deliveries").values({ submission_id: props.submissionId, destination_id: d.id }).onConflict((oc) => oc.columns(["submission_id", "destination_id"]).doNothing()).returning("id").executeTakeFirst();
    if (!r) continue;
    queued++;
    await appendAudit(tx, { type: "system", id: null }, { action: "interop.fitconnect.queued", objectType: "submission", objectId: props.submissionId, details: { deliveryId: r.id, destinationId: d.id } });
  }
  return queued;
}

/** Staff put a failed delivery back into the queue (next run of the job). */
export async function deliveryRetrier(tx: Transaction<Database>, actor: { type: "staff"; id: string }, deliveryId: string): Promise<boolean> {
  const r = await tx.updateTable("interop_deliveries").set({ status: "pending", attempts: 0, next_attempt_at: new Date() }).where("id", "=", deliveryId).where("status", "=", "failed").returning("submission_id").executeTakeFirst();
  if (!r) return false;
  await appendAudit(tx, actor, { action: "interop.fitconnect.retry", objectType: "submission", objectId: r.submission_id, details: { deliveryId } });
  return true;
}
