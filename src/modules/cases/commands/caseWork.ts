/** Staff work on a case besides transitions: claim/assign, internal comments, participation statements. */
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { renderPdf } from "../../../platform/pdf/renderPdf.js";
import { berlinDate } from "../../../platform/time/berlin.js";
import { can, type CaseUser } from "../policies.js";
import { appendEvent, type CaseRow, type Tx } from "./engine.js";
import { STALE_MESSAGE, TEXT_MAX } from "./caseTransitioner.js";
import { formatDay } from "../../../platform/i18n/format.js";
import { isActiveMemberOf, userDisplayName } from "../../accounts/index.js";
import { orgUnitsByIds } from "../../responsibility/index.js";

export type WorkResult =
  | { kind: "ok"; version?: number }
  | { kind: "not_found" }
  | { kind: "forbidden"; message: string }
  | { kind: "stale"; message: string; currentVersion: number | null }
  | { kind: "illegal"; message: string }
  | { kind: "invalid"; message: string; field?: string };

async function loadFacts(tx: Tx, caseId: string) {
  const c = (await tx.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst()) as CaseRow | undefined;
  if (!c) return undefined;
  const units = await tx.selectFrom("case_participations").select("unit_id").where("case_id", "=", caseId).execute();
  return { ...c, participantUnitIds: units.map((u) => u.unit_id) };
}

export interface CaseAssignerProps {
  caseId: string;
  version: number;
  /** The new assignee (a member of the owning department), or null to release the case. Claiming = assigning oneself. */
  assigneeId: string | null;
  user: CaseUser;
}

/** Claims, assigns or releases a case (optimistic locking: two people claiming at once → one gets 409). */
export async function caseAssigner(ctx: CommandContext, props: CaseAssignerProps): Promise<WorkResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const c = await loadFacts(tx, props.caseId);
    if (!c) return { kind: "not_found" };
    const action = props.assigneeId === props.user.id ? "claim" : "assign";
    if (!can(props.user, action, c)) return { kind: "forbidden", message: can(props.user, "read", c) ? "Nur die zuständige Stelle kann den Vorgang zuweisen." : "Kein Zugriff auf diesen Vorgang" };
    if (props.version !== c.version) return { kind: "stale", message: STALE_MESSAGE, currentVersion: c.version };
    if (props.assigneeId) {
      if (!(await isActiveMemberOf(tx, props.assigneeId, c.owner_unit_id))) return { kind: "invalid", message: "Bitte wählen Sie eine Person der zuständigen Stelle.", field: "assignee" };
    }
    if (props.assigneeId === c.assignee_id) return { kind: "ok", version: c.version };
    const updated = await tx
      .updateTable("cases")
      .set((eb) => ({ assignee_id: props.assigneeId, version: eb("version", "+", 1), updated_at: new Date() }))
      .where("id", "=", c.id)
      .where("version", "=", props.version)
      .returning("version")
      .executeTakeFirst();
    if (!updated) return { kind: "stale", message: STALE_MESSAGE, currentVersion: null };
    await tx.updateTable("case_assignments").set({ ended_at: new Date() }).where("case_id", "=", c.id).where("ended_at", "is", null).execute();
    if (props.assigneeId) await tx.insertInto("case_assignments").values({ case_id: c.id, user_id: props.assigneeId, assigned_by: props.user.id, ended_at: null }).execute();
    await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "assigned", visibility: "internal", details: { from: c.assignee_id, to: props.assigneeId } });
    await appendAudit(tx, ctx.actor, { action: props.assigneeId ? (action === "claim" ? "case.claimed" : "case.assigned") : "case.released", objectType: "case", objectId: c.id, details: { assignee: props.assigneeId }, requestId: ctx.requestId });
    return { kind: "ok", version: updated.version };
  });
}

/** Adds an internal comment (owning and participating departments; never shown to the applicant). */
export async function commentAdder(ctx: CommandContext, props: { caseId: string; body: string; user: CaseUser }): Promise<WorkResult> {
  const body = props.body.normalize("NFC").trim();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await loadFacts(tx, props.caseId);
    if (!c) return { kind: "not_found" };
    if (!can(props.user, "comment", c)) return { kind: "forbidden", message: "Kein Zugriff auf diesen Vorgang" };
    if (!body) return { kind: "invalid", message: "Bitte geben Sie einen Kommentar ein.", field: "body" };
    if (body.length > TEXT_MAX) return { kind: "invalid", message: `Der Kommentar ist zu lang (höchstens ${TEXT_MAX} Zeichen).`, field: "body" };
    const row = await tx.insertInto("case_comments").values({ case_id: c.id, author_id: props.user.id, body }).returning("id").executeTakeFirstOrThrow();
    await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "comment", visibility: "internal", details: { commentId: row.id } });
    await appendAudit(tx, ctx.actor, { action: "case.commented", objectType: "case", objectId: c.id, details: { commentId: row.id }, requestId: ctx.requestId });
    return { kind: "ok" };
  });
}

export const STATEMENT_RESULTS = ["agree", "agree_with_conditions", "object"] as const;
export type StatementResult = (typeof STATEMENT_RESULTS)[number];

export interface StatementGiverProps {
  caseId: string;
  participationId: string;
  result: StatementResult;
  statement: string;
  user: CaseUser;
}

/**
 * A participating department gives its statement. Statements of different departments do not touch the
 * case row (they run in parallel without conflicts); a statement is given once (a second attempt → 409).
 */
export async function statementGiver(ctx: CommandContext, props: StatementGiverProps): Promise<WorkResult> {
  const statement = props.statement.normalize("NFC").trim();
  return ctx.db.transaction().execute(async (tx) => {
    const c = await loadFacts(tx, props.caseId);
    if (!c) return { kind: "not_found" };
    const p = await tx.selectFrom("case_participations").selectAll().where("id", "=", props.participationId).where("case_id", "=", c.id).executeTakeFirst();
    if (!p) return { kind: "not_found" };
    if (!can(props.user, "read", c) || props.user.kind !== "staff" || !props.user.orgUnitIds.includes(p.unit_id)) return { kind: "forbidden", message: "Nur die beteiligte Stelle kann diese Stellungnahme abgeben." };
    // Validation after authorization: who may not act learns nothing about the form.
    if (!STATEMENT_RESULTS.includes(props.result)) return { kind: "invalid", message: "Bitte wählen Sie ein Ergebnis.", field: "result" };
    if (!statement && props.result !== "agree") return { kind: "invalid", message: "Bitte begründen Sie Ihre Stellungnahme.", field: "statement" };
    if (statement.length > TEXT_MAX) return { kind: "invalid", message: `Die Stellungnahme ist zu lang (höchstens ${TEXT_MAX} Zeichen).`, field: "statement" };
    const now = new Date();
    const updated = await tx
      .updateTable("case_participations")
      .set({ status: "given", result: props.result, statement: statement || null, given_by: props.user.id, given_at: now })
      .where("id", "=", p.id)
      .where("status", "=", "open")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return { kind: "illegal", message: "Diese Stellungnahme wurde bereits abgegeben." };
    // The statement is a document of the case file (internal), as PDF with who gave it and when.
    const [unit] = await orgUnitsByIds(tx, [p.unit_id]);
    const authorName = await userDisplayName(tx, props.user.id);
    const RESULT = { agree: "Zustimmung", agree_with_conditions: "Zustimmung mit Nebenbestimmungen", object: "Ablehnung / Bedenken" } as const;
    const pdf = renderPdf(
      [
        { text: unit?.name ?? p.label, bold: true },
        { text: `Stellungnahme: ${p.label}`, bold: true, size: 16, gap: 12 },
        { text: `Aktenzeichen: ${c.reference}` },
        { text: `Ergebnis: ${RESULT[props.result]}`, bold: true, gap: 8 },
        ...(statement ? [{ text: statement, gap: 4 }] : []),
        { text: `Abgegeben am ${formatDay(now)} von ${authorName ?? "–"}; Frist bis ${formatDay(p.due_date)}.`, size: 9, gap: 12 },
      ],
      { title: `Stellungnahme ${p.label} ${c.reference}`, issuer: unit?.name ?? p.label, createdAt: now },
    );
    // Parallel statements of one case number their documents one after another.
    await sql`SELECT 1 FROM cases WHERE id = ${c.id} FOR UPDATE`.execute(tx);
    const prev = await tx.selectFrom("case_documents").select(sql<number>`coalesce(max(version), 0)`.as("v")).where("case_id", "=", c.id).where("kind", "=", "statement").executeTakeFirst();
    // For statements `version` is the document's number in the case ("Stellungnahme 2 – Immissionsschutz"), not a revision.
    const number = Number(prev?.v ?? 0) + 1;
    const doc = await tx
      .insertInto("case_documents")
      .values({ case_id: c.id, kind: "statement", version: number, title: `Stellungnahme ${number} – ${p.label}`, filename: `Stellungnahme-${p.step_key}-${c.reference}.pdf`, media_type: "application/pdf", content: pdf, sha256: createHash("sha256").update(pdf).digest("hex"), citizen_visible: false, created_by: props.user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "statement", visibility: "internal", text: p.label, details: { participationId: p.id, result: props.result, late: berlinDate(now) > p.due_date, documentId: doc.id } });
    const open = await tx.selectFrom("case_participations").select("id").where("case_id", "=", c.id).where("status", "=", "open").execute();
    if (open.length === 0) await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "participations_complete", visibility: "internal", text: "Alle Stellungnahmen liegen vor" });
    await appendAudit(tx, ctx.actor, { action: "case.statement", objectType: "case", objectId: c.id, details: { participationId: p.id, step: p.step_key, result: props.result }, requestId: ctx.requestId });
    return { kind: "ok" };
  });
}
