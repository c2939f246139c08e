import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { PaidTransaction } from "../../../platform/modules.js";
import type { Transaction } from "kysely";
import type { Database } from "../../../platform/db/schema.js";
import { capabilityCode } from "../../../platform/auth/capabilities.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor, type Locale } from "../../../platform/i18n/index.js";
import { learningMessages } from "../messages.js";
import "../db.js";

/** Capability kind of a guest's enrolment link (ADR 0023): whoever holds the link continues the course. */
export const GUEST_CAPABILITY = "learning-guest";

export interface GuestInput {
  name: string;
  birthDate: string;
  email: string;
  contentLocale: string;
}

/**
 * A guest books a course: name, date of birth, e-mail and the declaration of identity, no account. The
 * link with the capability code goes to the e-mail address (queued with the enrolment).
 */
export async function guestEnroller(ctx: CommandContext, versionId: string, g: GuestInput, link: { secret: string; publicUrl: string; locale: Locale; courseTitle: string }): Promise<{ id: string; code: string }> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("learning_enrollments")
      .values({ version_id: versionId, user_id: null, holder_name: g.name, birth_date: g.birthDate, email: g.email, content_locale: g.contentLocale, identity_declared_at: new Date(), paid_at: null, completed_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "learning.enrolled", objectType: "learning_enrollment", objectId: row.id, details: { versionId, guest: true }, requestId: ctx.requestId });
    const code = await capabilityCode(tx, link.secret, GUEST_CAPABILITY, row.id);
    const t = translatorFor(learningMessages)(link.locale);
    const url = `${link.publicUrl}/kurse/teilnahme/${row.id}?code=${encodeURIComponent(code)}`;
    await enqueueMail(tx, { kind: "learning.enrolled", ref: row.id, to: g.email, subject: t("learning.mail.subject", { course: link.courseTitle }), text: t("learning.mail.text", { name: g.name, course: link.courseTitle, url }) });
    return { id: row.id, code };
  });
}

/** A staff member starts a course (no fee); an open enrolment of the same version is reused. */
export async function staffEnroller(ctx: CommandContext, versionId: string, user: { id: string; displayName: string; email: string }, locale: string): Promise<string> {
  const open = await ctx.db.selectFrom("learning_enrollments").select("id").where("version_id", "=", versionId).where("user_id", "=", user.id).where("completed_at", "is", null).executeTakeFirst();
  if (open) return open.id;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("learning_enrollments")
      .values({ version_id: versionId, user_id: user.id, holder_name: user.displayName, birth_date: null, email: user.email, content_locale: locale, identity_declared_at: null, paid_at: null, completed_at: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "learning.enrolled", objectType: "learning_enrollment", objectId: row.id, details: { versionId }, requestId: ctx.requestId });
    return row.id;
  });
}

/** Marks a module of the enrolment as done (progress); idempotent. */
export async function moduleCompleter(ctx: CommandContext, enrollmentId: string, moduleId: string): Promise<void> {
  await sql`UPDATE learning_enrollments SET modules_done = array_append(modules_done, ${moduleId}) WHERE id = ${enrollmentId} AND NOT (${moduleId} = ANY(modules_done))`.execute(ctx.db);
}

/** Payment subject "learning": books the fee as paid, inside the transaction that books PAYED. */
export async function enrollmentPaid(tx: Transaction<Database>, paid: PaidTransaction): Promise<void> {
  await tx.updateTable("learning_enrollments").set({ paid_at: new Date() }).where("id", "=", paid.subjectId).where("paid_at", "is", null).execute();
  await appendAudit(tx, { type: "system", id: null }, { action: "learning.paid", objectType: "learning_enrollment", objectId: paid.subjectId, details: { transaction: paid.id, amountCents: paid.amountCents } });
}
