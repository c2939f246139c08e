import { isAgs } from "../../platform/keys.js";
/**
 * The interop module's subscriber of "case.changed": XBau messages for building permits (xbauCaseEvents.ts)
 * and, when a case is opened for a submission, the FIT-Connect-shaped delivery log entries (sent by the job).
 */
import type { Transaction } from "kysely";
import type { Database } from "../../platform/db/index.js";
import type { EventContext } from "../../platform/events/index.js";
import { submissionForExchange } from "../applications/index.js";
import type { CaseChange } from "../cases/index.js";
import { deliveryQueuer } from "./commands/deliveryQueuer.js";
import { onCaseChangeXBau } from "./xbauCaseEvents.js";

export const DELIVERY_JOB = "interop-deliver";

export async function onCaseChange(tx: Transaction<Database>, change: CaseChange, ctx: EventContext): Promise<void> {
  // A case opened for a submission: the submission is read once, for the XBau 0200 and the delivery log (issue 13).
  const created = change.kind === "created" && change.submissionId ? ((await submissionForExchange(tx, change.submissionId)) ?? null) : undefined;
  await onCaseChangeXBau(tx, change, created);
  const sub = created;
  if (!sub) return;
  const ags = isAgs(sub.answers.gemeinde) ? sub.answers.gemeinde : "";
  const queued = await deliveryQueuer(tx, { submissionId: sub.id, leikaKeys: sub.leikaKeys, ags });
  if (queued > 0) ctx.trigger(DELIVERY_JOB, {}, { startAfter: 1 });
}
