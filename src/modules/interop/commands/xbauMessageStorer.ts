/**
 * Stores an XBau message for a case after checking it (XSD + shipped code lists). A message that fails is
 * stored with status "invalid" and its errors (with the failing element path) for staff, never as sendable.
 * Idempotent per case, trigger and message type (a redelivered case event builds nothing twice).
 */
import type { Transaction } from "kysely";
import { appendAudit, type Actor } from "../../../platform/audit/index.js";
import type { Database } from "../../../platform/db/index.js";
import type { BuiltMessage } from "../xbau/build.js";
import { checkXBauMessage } from "../xbau/check.js";
import type { XmlProblem } from "../xbau/validate.js";

export interface StoreXBauProps {
  caseId: string;
  submissionId: string | null;
  triggerKey: string;
  message: BuiltMessage;
  direction?: "outgoing" | "incoming";
}
export type StoreXBauResult = { kind: "stored"; id: string; valid: boolean; errors: XmlProblem[] } | { kind: "exists" };

export async function xbauMessageStorer(tx: Transaction<Database>, actor: Actor, props: StoreXBauProps): Promise<StoreXBauResult> {
  const exists = await tx
    .selectFrom("interop_xbau_messages")
    .select("id")
    .where("case_id", "=", props.caseId)
    .where("trigger_key", "=", props.triggerKey)
    .where("message_type", "=", props.message.type)
    .executeTakeFirst();
  if (exists) return { kind: "exists" };
  const check = await checkXBauMessage(props.message.xml);
  const row = await tx
    .insertInto("interop_xbau_messages")
    .values({
      case_id: props.caseId,
      submission_id: props.submissionId,
      message_type: props.message.type,
      message_uuid: props.message.messageId,
      direction: props.direction ?? "outgoing",
      trigger_key: props.triggerKey,
      status: check.valid ? "valid" : "invalid",
      xml: props.message.xml,
      errors: JSON.stringify(check.errors.slice(0, 50)),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await appendAudit(tx, actor, {
    action: check.valid ? "interop.xbau.stored" : "interop.xbau.refused",
    objectType: "case",
    objectId: props.caseId,
    details: { messageId: row.id, type: props.message.type, direction: props.direction ?? "outgoing", errors: check.errors.length },
  });
  return { kind: "stored", id: row.id, valid: check.valid, errors: check.errors };
}
