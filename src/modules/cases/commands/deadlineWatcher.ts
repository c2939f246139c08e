import { sql } from "kysely";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Mailer } from "../../../platform/mail/index.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { workingDaysBetween } from "../../../platform/time/workingDays.js";
import { processDefinition } from "../registry.js";
import { appendEvent } from "./engine.js";
import { staffOfOrgUnit } from "../../accounts/index.js";

export interface DeadlineWatcherProps {
  now?: Date;
  mailer?: Mailer;
  publicUrl: string;
}

const DEFAULT_REMIND_BEFORE = 3;

/**
 * Runs from the job queue (every 15 minutes, any node): marks open participations whose due date has
 * passed as overdue (timeline + audit), and reminds the participating department a few working days
 * before the deadline (one mail per member, a link only). Rows are claimed with SKIP LOCKED, so several
 * nodes never mark or remind twice; a reminder whose mail fails is released for the next run.
 */
export async function deadlineWatcher(ctx: CommandContext, props: DeadlineWatcherProps): Promise<{ overdue: number; reminded: number }> {
  const now = props.now ?? new Date();
  const today = berlinDate(now);
  const overdue = await ctx.db.transaction().execute(async (tx) => {
    const rows = await sql<{ id: string; case_id: string; label: string; due_date: string }>`
      UPDATE case_participations SET overdue_at = ${now}
      WHERE id IN (SELECT id FROM case_participations WHERE status = 'open' AND overdue_at IS NULL AND due_date < ${today}::date FOR UPDATE SKIP LOCKED)
      RETURNING id, case_id, label, due_date::text`.execute(tx);
    for (const r of rows.rows) {
      await appendEvent(tx, { caseId: r.case_id, actor: ctx.actor, kind: "overdue", visibility: "internal", text: `Frist abgelaufen: ${r.label}`, details: { participationId: r.id, due: r.due_date }, at: now });
      await appendAudit(tx, ctx.actor, { action: "case.participation_overdue", objectType: "case", objectId: r.case_id, details: { participationId: r.id }, requestId: ctx.requestId });
    }
    return rows.rows.length;
  });

  // Candidates: open, not yet reminded, due within the next weeks; the exact working-day distance is checked per row.
  const candidates = await sql<{ id: string; case_id: string; step_key: string; due_date: string; process_id: string; process_version: number }>`
    SELECT p.id, p.case_id, p.step_key, p.due_date::text, c.process_id, c.process_version
    FROM case_participations p JOIN cases c ON c.id = p.case_id
    WHERE p.status = 'open' AND p.reminded_at IS NULL AND p.due_date >= ${today}::date AND p.due_date <= (${today}::date + 30)
    ORDER BY p.due_date LIMIT 500`.execute(ctx.db);
  let reminded = 0;
  for (const cand of candidates.rows) {
    const def = await processDefinition(ctx.db, cand.process_id, cand.process_version);
    const step = Object.values(def.states).flatMap((s) => s.participation ?? []).find((s) => s.key === cand.step_key);
    if (workingDaysBetween(today, cand.due_date) > (step?.remindWorkingDaysBefore ?? DEFAULT_REMIND_BEFORE)) continue;
    const claimed = await ctx.db.transaction().execute(async (tx) => {
      const row = await sql<{ id: string; case_id: string; unit_id: string; label: string; reference: string }>`
        UPDATE case_participations p SET reminded_at = ${now} FROM cases c
        WHERE p.id = (SELECT id FROM case_participations WHERE id = ${cand.id} AND reminded_at IS NULL AND status = 'open' FOR UPDATE SKIP LOCKED) AND c.id = p.case_id
        RETURNING p.id, p.case_id, p.unit_id, p.label, c.reference`.execute(tx);
      const r = row.rows[0];
      if (!r) return undefined;
      await appendEvent(tx, { caseId: r.case_id, actor: ctx.actor, kind: "reminder", visibility: "internal", text: `Erinnerung an die Frist: ${r.label} (bis ${cand.due_date})`, details: { participationId: r.id }, at: now });
      await appendAudit(tx, ctx.actor, { action: "case.participation_reminded", objectType: "case", objectId: r.case_id, details: { participationId: r.id }, requestId: ctx.requestId });
      return r;
    });
    if (!claimed) continue;
    reminded++;
    if (!props.mailer) continue;
    try {
      const members = await staffOfOrgUnit(ctx.db, claimed.unit_id);
      const [y, m, d] = cand.due_date.split("-");
      for (const member of members) {
        await props.mailer.send({
          to: member.email,
          subject: `Frist für Ihre Stellungnahme endet am ${d}.${m}.${y}`,
          text: `Guten Tag,\n\nfür einen Vorgang, an dem Ihre Stelle beteiligt ist, endet die Frist für die Stellungnahme am ${d}.${m}.${y}.\n\nZum Vorgang: ${props.publicUrl}/verwaltung/vorgaenge/${claimed.case_id}\n\nDiese Nachricht wurde automatisch erstellt.`,
        });
      }
    } catch {
      // The next run tries again.
      await ctx.db.updateTable("case_participations").set({ reminded_at: null }).where("id", "=", claimed.id).execute();
      reminded--;
    }
  }
  return { overdue, reminded };
}
