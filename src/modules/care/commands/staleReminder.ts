import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { Config } from "../../../platform/config.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { findMailContact } from "../../accounts/index.js";
import { STALE_AFTER_DAYS } from "../kinds.js";
import { careMailTranslator, mailLocale } from "./requestAnswerer.js";
import "../db.js";

/**
 * Reminds the accounts of every active provider whose numbers went stale (older than STALE_AFTER_DAYS)
 * and that was not reminded since its last report: one mail per account with a link to the report
 * page, queued with the provider's `reminded_at` and an audit entry in one transaction. Run by the job
 * "care-stale-reminder"; returns the number of providers reminded.
 */
export async function remindStaleProviders(db: Db, config: Pick<Config, "publicUrl"> & { care?: Config["care"] }, now = new Date()): Promise<number> {
  const staleHours = config.care?.staleHours ?? STALE_AFTER_DAYS * 24;
  const staleBefore = new Date(now.getTime() - staleHours * 3_600_000);
  const due = await db
    .selectFrom("care_providers as p")
    .innerJoin("care_places as c", "c.provider_id", "p.id")
    .select(["p.id", "p.name"])
    .select(sql<Date>`max(c.reported_at)`.as("last_report"))
    .where("p.active", "=", true)
    .groupBy(["p.id", "p.name", "p.reminded_at"])
    .having(sql<boolean>`min(c.reported_at) < ${staleBefore}`)
    .having(sql<boolean>`p.reminded_at IS NULL OR p.reminded_at < max(c.reported_at)`)
    .execute();
  let reminded = 0;
  for (const p of due) {
    const members = await db.selectFrom("care_provider_members").select("user_id").where("provider_id", "=", p.id).execute();
    const contacts = (await Promise.all(members.map((m) => findMailContact(db, m.user_id)))).filter((c): c is { email: string; locale: string } => !!c);
    await db.transaction().execute(async (tx) => {
      for (const c of contacts) {
        await enqueueMail(tx, {
          kind: "care.stale_reminder",
          ref: p.id,
          to: c.email,
          subject: careMailTranslator(mailLocale(c.locale))("care.mail.stale.subject", { name: p.name }),
          text: careMailTranslator(mailLocale(c.locale))("care.mail.stale.body", { name: p.name, hours: staleHours, link: `${config.publicUrl}/pflegeplaetze/anbieter/${p.id}/melden` }),
        });
      }
      await tx.updateTable("care_providers").set({ reminded_at: now }).where("id", "=", p.id).execute();
      await appendAudit(tx, { type: "system", id: null }, { action: "care.stale_reminder_sent", objectType: "care_provider", objectId: p.id, details: { recipients: contacts.length } });
    });
    reminded++;
  }
  return reminded;
}
