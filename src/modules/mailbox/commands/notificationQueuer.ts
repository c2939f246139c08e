import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/index.js";

/**
 * Queues "there is news" for the applicant of a submission, inside the transaction of the change,
 * so a committed change always gets its mail and a rolled-back one never does. The job
 * 'mailbox-notify' sends it (a link only).
 */
export async function notificationQueuer(tx: Transaction<Database>, props: { submissionId: string; reason: string }): Promise<void> {
  await tx.insertInto("mailbox_notifications").values({ submission_id: props.submissionId, reason: props.reason.slice(0, 60) }).execute();
}
