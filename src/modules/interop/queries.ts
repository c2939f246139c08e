import type { Db } from "../../platform/db/index.js";
import { isUuid } from "../../platform/keys.js";
import { findSubmissionRefById } from "../applications/index.js";


/** The XBau messages of a case without their XML, oldest first. */
export async function listXBauMessages(db: Db, caseId: string) {
  if (!isUuid(caseId)) return [];
  return db.selectFrom("interop_xbau_messages").select(["id", "message_type", "message_uuid", "direction", "status", "errors", "created_at"]).where("case_id", "=", caseId).orderBy("created_at").orderBy("message_type").execute();
}

/** One message with its XML, only if it belongs to the case. */
export async function findXBauMessage(db: Db, caseId: string, messageId: string) {
  if (!isUuid(caseId) || !isUuid(messageId)) return undefined;
  return db.selectFrom("interop_xbau_messages").selectAll().where("case_id", "=", caseId).where("id", "=", messageId).executeTakeFirst();
}

/** The delivery log, newest first. */
export async function listDeliveries(db: Db, limit = 200) {
  const rows = await db
    .selectFrom("interop_deliveries as d")
    .innerJoin("interop_destinations as t", "t.id", "d.destination_id")
    .select(["d.id", "d.submission_id", "d.status", "d.attempts", "d.last_error", "d.next_attempt_at", "d.delivered_at", "d.created_at", "t.name as destination"])
    .orderBy("d.created_at", "desc")
    .limit(limit)
    .execute();
  // The submission's reference from the applications module (its table), once per submission.
  const refs = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.submission_id))) refs.set(id, (await findSubmissionRefById(db, id))?.reference ?? id);
  return rows.map((r) => ({ ...r, reference: refs.get(r.submission_id)! }));
}

/** Every destination, active ones first, by name (administration page). */
export function findDestination(db: Db, id: string) {
  return db.selectFrom("interop_destinations").select(["id", "name", "leika_key", "ags_prefix", "office_key", "submission_url", "public_jwk", "active"]).where("id", "=", id).executeTakeFirst();
}

export function listDestinations(db: Db) {
  return db.selectFrom("interop_destinations").select(["id", "name", "leika_key", "ags_prefix", "office_key", "submission_url", "public_jwk", "active"]).orderBy("active", "desc").orderBy("name").execute();
}
