import type { Config } from "../../platform/config.js";
import type { Db } from "../../platform/db/index.js";
import { translatorFor } from "../../platform/i18n/index.js";
import type { Mailer } from "../../platform/mail/index.js";
import { deliverQueuedMails } from "../../platform/mail/queue.js";
import { participationAgencyMessages } from "./agencyMessages.js";
import { agencyReminder } from "./commands/agencyWork.js";
import { participationMessages } from "./messages.js";
import { endParts } from "./presenters.js";

const t = translatorFor(participationMessages, participationAgencyMessages)("de");

/**
 * The job "participation-agency-reminder": one reminder mail (with a fresh link) to every agency without a
 * released statement whose deadline is within PARTICIPATION_AGENCY_REMINDER_DAYS days; sent right away, the
 * mail queue retries. Returns how many were queued. Idempotent: reminded_at is set with the mail.
 */
export async function remindAgencies(db: Db, config: Config, mailer: Mailer, county: string, now = new Date()): Promise<number> {
  const titles = new Map<string, string>();
  const refs = await agencyReminder(db, {
    days: config.participation.agencyReminderDays,
    now,
    mail: async ({ token, procedureId, deadline }) => {
      if (!titles.has(procedureId)) titles.set(procedureId, (await db.selectFrom("participation_procedures").select("title").where("id", "=", procedureId).executeTakeFirstOrThrow()).title);
      const title = titles.get(procedureId)!;
      const end = endParts(deadline);
      return { subject: t("participation.agency.reminder.subject", { day: end.day, title }), text: t("participation.agency.reminder.text", { title, ...end, url: `${config.publicUrl}/beteiligung-behoerden?zugang=${token}`, county }) };
    },
  });
  if (refs.length) await deliverQueuedMails(db, mailer, { refs });
  return refs.length;
}
