import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Db } from "../../../platform/db/index.js";
import { enqueueMail } from "../../../platform/mail/queue.js";
import { translatorFor } from "../../../platform/i18n/index.js";
import { addDays, berlinDate } from "../../../platform/time/berlin.js";
import { staffOfOrgUnit } from "../../accounts/index.js";
import { learningMessages } from "../messages.js";
import { pick } from "../courses.js";
import { latestVersion, completedUserIds } from "../queries.js";
import "../db.js";

/** The Lernredaktion assigns a mandatory training to an org unit with a due date (again: new due date); audited. */
export async function assignmentSaver(ctx: CommandContext, slug: string, orgUnitId: string, dueOn: string): Promise<string> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("learning_assignments")
      .values({ course_slug: slug, org_unit_id: orgUnitId, due_on: dueOn, created_by: ctx.actor.id })
      .onConflict((oc) => oc.columns(["course_slug", "org_unit_id"]).doUpdateSet({ due_on: dueOn }))
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendAudit(tx, ctx.actor, { action: "learning.assigned", objectType: "learning_assignment", objectId: row.id, details: { slug, orgUnitId, dueOn }, requestId: ctx.requestId });
    return row.id;
  });
}

/** An administrator gives an account the role "Lernredaktion"; audited. */
export async function editorGranter(ctx: CommandContext, userId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto("learning_editors").values({ user_id: userId, granted_by: ctx.actor.id }).onConflict((oc) => oc.column("user_id").doNothing()).execute();
    await appendAudit(tx, ctx.actor, { action: "learning.editor_granted", objectType: "user", objectId: userId, requestId: ctx.requestId });
  });
}

const de = translatorFor(learningMessages)("de");

/** ISO-like week key of a day ("2026-W49"), for one reminder per person and week. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return `${thursday.getUTCFullYear()}-W${String(Math.ceil(((thursday.getTime() - jan1) / 86_400_000 + 1) / 7)).padStart(2, "0")}`;
}

/**
 * Job "learning-reminders": staff with an assigned training due within 14 days (or overdue) and no valid
 * completion get a reminder mail through the mail queue, at most one per assignment and week.
 */
export async function remindAssignedStaff(db: Db, publicUrl: string, today = berlinDate(new Date())): Promise<number> {
  const due = await db.selectFrom("learning_assignments").selectAll().where("due_on", "<=", addDays(today, 14)).execute();
  const week = weekOf(today);
  let sent = 0;
  for (const a of due) {
    const version = await latestVersion(db, a.course_slug);
    if (!version) continue;
    const members = await staffOfOrgUnit(db, a.org_unit_id);
    const done = await completedUserIds(db, a.course_slug, members.map((m) => m.id));
    for (const m of members) {
      if (done.has(m.id)) continue;
      await db.transaction().execute(async (tx) => {
        const mark = await tx.insertInto("learning_reminders").values({ assignment_id: a.id, user_id: m.id, week }).onConflict((oc) => oc.doNothing()).returning("user_id").executeTakeFirst();
        if (!mark) return;
        const title = pick(version.content.title, "de");
        await enqueueMail(tx, { kind: "learning.reminder", ref: a.id, to: m.email, subject: de("learning.reminder.subject", { course: title }), text: de("learning.reminder.text", { name: m.displayName, course: title, due: a.due_on, url: `${publicUrl}/lernen` }) });
        sent++;
      });
    }
  }
  return sent;
}
