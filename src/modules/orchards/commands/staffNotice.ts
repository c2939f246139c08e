import type { Config } from "../../../platform/config.js";
import type { Db } from "../../../platform/db/index.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { orchardFollowUpMessages } from "../followUpMessages.js";

const t = translatorFor(orchardFollowUpMessages)("de");

/**
 * A link-only notice to the exchange's staff address (ORCHARDS_STAFF_EMAIL) through the platform mail
 * queue, in the caller's transaction: subject and the link to the staff queue's section, no names, no
 * texts. Without a configured address nothing is queued (the queue page shows the case anyway).
 */
export async function queueStaffNotice(tx: Db, config: Pick<Config, "publicUrl" | "orchards">, n: { kind: "orchards.checklist_disputed" | "orchards.loan_overdue_escalated"; ref: string; anchor: "strittig" | "ueberfaellig" }): Promise<string | undefined> {
  const to = config.orchards.staffEmail;
  if (!to) return undefined;
  const key = n.kind === "orchards.checklist_disputed" ? "disputed" : "escalated";
  return enqueueMail(tx, { kind: n.kind, ref: n.ref, to, subject: t(`orchards.staffMail.${key}Subject`), text: t(`orchards.staffMail.${key}Text`, { url: `${config.publicUrl}/verwaltung/streuobst#${n.anchor}` }) });
}
