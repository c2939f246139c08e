import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { PendingApproval } from "../db.js";
import { findTransition, transitionsFrom, type ProcessDefinition, type TransitionDef } from "../definition.js";
import { can, isOwnerMember, type CaseUser } from "../policies.js";
import { processDefinition } from "../registry.js";
import { applyTransition, appendEvent, StaleCaseError, type CaseRow, type Tx } from "./engine.js";

export interface CaseTransitionerProps {
  caseId: string;
  /** The definition's event name, e.g. "request_documents". */
  event: string;
  /** The case version the performer saw (optimistic locking). */
  version: number;
  /** Text where the transition asks for one (shown to the applicant for a request for documents), or the decision's reasons. */
  text?: string;
  /** Keys of the target state's participation steps to ask (departments chosen on the case page); undefined = all. */
  participants?: string[];
  user: CaseUser;
  now?: Date;
}

/** What happened; the HTTP layer maps kinds to status codes (ok 200, approval_requested 202, forbidden 403, not_found 404, illegal/stale 409, invalid 422). */
export type TransitionResult =
  | { kind: "ok"; caseId: string; state: string; version: number; documentId?: string }
  | { kind: "approval_requested"; caseId: string; state: string; version: number }
  | { kind: "not_found" }
  | { kind: "forbidden"; message: string }
  | { kind: "illegal"; message: string; allowed: string[] }
  | { kind: "stale"; message: string; currentVersion: number | null }
  | { kind: "invalid"; message: string; field?: "participants" };

export const STALE_MESSAGE = "Der Vorgang wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.";
export const TEXT_MAX = 5000;

const participantsOf = async (tx: Tx, caseId: string) =>
  (await tx.selectFrom("case_participations").select(["unit_id", "status", "label"]).where("case_id", "=", caseId).execute());

/** Why an event is not possible in the current state, in German, with the possible ones. */
export function illegalMessage(def: ProcessDefinition, state: string, event: string): { message: string; allowed: string[] } {
  const allowed = transitionsFrom(def, state);
  const known = def.transitions.find((t) => t.event === event);
  const stateLabel = def.states[state]?.label ?? state;
  const message = known
    ? `„${known.label}“ ist im Stand „${stateLabel}“ nicht möglich. ${allowed.length ? `Möglich sind: ${allowed.map((t) => `„${t.label}“`).join(", ")}.` : "Der Vorgang ist abgeschlossen."}`
    : `Den Schritt „${event}“ gibt es im Verfahren „${def.title}“ nicht.`;
  return { message, allowed: allowed.map((t) => t.event) };
}

/** Checks the guards of a transition that do not depend on who performs it. */
async function guardProblem(tx: Tx, c: CaseRow, t: TransitionDef, text: string | undefined): Promise<TransitionResult | undefined> {
  if (t.requiresText && !text?.trim()) return { kind: "invalid", message: `Für „${t.label}“ ist ein Text nötig.` };
  if (text && text.length > TEXT_MAX) return { kind: "invalid", message: `Der Text ist zu lang (höchstens ${TEXT_MAX} Zeichen).` };
  if (t.requiresParticipationsComplete) {
    const open = (await participantsOf(tx, c.id)).filter((p) => p.status === "open");
    if (open.length) return { kind: "illegal", message: `„${t.label}“ ist erst möglich, wenn alle Stellungnahmen vorliegen. Es fehlen: ${open.map((p) => p.label).join(", ")}.`, allowed: [] };
  }
  return undefined;
}

/** The case with its participants, or why the user may not touch it. */
async function readableCase(tx: Tx, caseId: string, user: CaseUser): Promise<{ refused: TransitionResult } | { c: CaseRow; facts: CaseRow & { participantUnitIds: string[] } }> {
  const c = (await tx.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst()) as CaseRow | undefined;
  if (!c) return { refused: { kind: "not_found" } };
  const facts = { ...c, participantUnitIds: (await participantsOf(tx, c.id)).map((p) => p.unit_id) };
  if (!can(user, "read", facts)) return { refused: { kind: "forbidden", message: "Kein Zugriff auf diesen Vorgang" } };
  return { c, facts };
}

/**
 * The one command that moves a case: checks the definition (illegal → 409 with an explanation), the
 * performer, the guards, and the version (stale → 409, nothing written). Four-eyes transitions are
 * proposed here and carried out by caseApprover. Audited in the same transaction.
 */
export async function caseTransitioner(ctx: CommandContext, props: CaseTransitionerProps): Promise<TransitionResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const found = await readableCase(tx, props.caseId, props.user);
      if ("refused" in found) return found.refused;
      const { c, facts } = found;
      if (!can(props.user, "transition", facts)) return { kind: "forbidden", message: "Nur die zuständige Stelle kann den Vorgang weiterführen." };
      if (props.version !== c.version) return { kind: "stale", message: STALE_MESSAGE, currentVersion: c.version };
      const def = await processDefinition(ctx.db, c.process_id, c.process_version);
      const t = findTransition(def, c.state, props.event);
      if (!t) return { kind: "illegal", ...illegalMessage(def, c.state, props.event) };
      if (!t.by.includes("owner") && !(t.by.includes("assignee") && (c.assignee_id === props.user.id || (!c.assignee_id && isOwnerMember(props.user, facts))))) {
        return { kind: "forbidden", message: `„${t.label}“ kann nur ${t.by.includes("applicant") ? "die antragstellende Person" : "die zuständige Sachbearbeitung"} auslösen.` };
      }
      if (c.pending_approval) return { kind: "illegal", message: `Eine Entscheidung („${def.transitions.find((x) => x.event === c.pending_approval!.event)?.label ?? c.pending_approval.event}“) wartet auf Freigabe. Erst nach Freigabe oder Zurückweisung geht es weiter.`, allowed: [] };
      const problem = await guardProblem(tx, c, t, props.text);
      if (problem) return problem;
      const text = props.text?.trim() || null;
      if (props.participants) {
        const steps = (def.states[t.to]?.participation ?? []).map((p) => p.key);
        const unknown = props.participants.filter((k) => !steps.includes(k));
        if (unknown.length) return { kind: "invalid", field: "participants", message: steps.length ? `Bitte wählen Sie nur Stellen aus der Liste (${steps.join(", ")}).` : `„${t.label}“ beteiligt keine Stellen.` };
      }
      if (t.fourEyes) {
        const pending: PendingApproval = { event: t.event, proposedBy: props.user.id, proposedAt: (props.now ?? new Date()).toISOString(), text };
        const updated = await tx
          .updateTable("cases")
          .set((eb) => ({ pending_approval: JSON.stringify(pending), version: eb("version", "+", 1), updated_at: props.now ?? new Date() }))
          .where("id", "=", c.id)
          .where("version", "=", props.version)
          .returning(["version"])
          .executeTakeFirst();
        if (!updated) throw new StaleCaseError(null);
        await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "approval_requested", event: t.event, fromState: c.state, toState: t.to, visibility: "internal", text: t.label, details: text ? { note: text } : {} });
        await appendAudit(tx, ctx.actor, { action: "case.approval_requested", objectType: "case", objectId: c.id, details: { event: t.event }, requestId: ctx.requestId });
        return { kind: "approval_requested", caseId: c.id, state: c.state, version: updated.version };
      }
      const res = await applyTransition(tx, c, def, t, ctx.actor, { text, expectedVersion: props.version, requestId: ctx.requestId, now: props.now, ...(props.participants ? { participants: [...new Set(props.participants)] } : {}) });
      await appendAudit(tx, ctx.actor, { action: "case.transition", objectType: "case", objectId: c.id, details: { event: t.event, from: c.state, to: t.to }, requestId: ctx.requestId });
      return { kind: "ok", caseId: c.id, state: res.row.state, version: res.row.version, ...(res.documentId ? { documentId: res.documentId } : {}) };
    });
  } catch (err) {
    if (err instanceof StaleCaseError) return { kind: "stale", message: STALE_MESSAGE, currentVersion: err.currentVersion };
    throw err;
  }
}

export interface CaseApproverProps {
  caseId: string;
  version: number;
  decision: "approve" | "reject";
  /** Why the proposal is sent back (internal). */
  note?: string;
  user: CaseUser;
  now?: Date;
}

/**
 * Four-eyes: a second member of the owning department approves the proposed transition (which then
 * happens, with the proposer's text) or sends it back. The proposer cannot approve their own proposal.
 */
export async function caseApprover(ctx: CommandContext, props: CaseApproverProps): Promise<TransitionResult> {
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const found = await readableCase(tx, props.caseId, props.user);
      if ("refused" in found) return found.refused;
      const { c, facts } = found;
      if (props.version !== c.version) return { kind: "stale", message: STALE_MESSAGE, currentVersion: c.version };
      const pending = c.pending_approval;
      if (!pending) return { kind: "illegal", message: "Es wartet keine Entscheidung auf Freigabe.", allowed: [] };
      if (pending.proposedBy === props.user.id) return { kind: "forbidden", message: "Vier-Augen-Prinzip: Die Freigabe muss eine zweite Person erteilen, nicht wer die Entscheidung vorgeschlagen hat." };
      if (!can(props.user, "approve", facts)) return { kind: "forbidden", message: "Nur Beschäftigte der zuständigen Stelle können freigeben." };
      const def = await processDefinition(ctx.db, c.process_id, c.process_version);
      const t = findTransition(def, c.state, pending.event);
      if (!t) return { kind: "illegal", ...illegalMessage(def, c.state, pending.event) };
      if (props.decision === "reject") {
        const updated = await tx
          .updateTable("cases")
          .set((eb) => ({ pending_approval: null, version: eb("version", "+", 1), updated_at: props.now ?? new Date() }))
          .where("id", "=", c.id)
          .where("version", "=", props.version)
          .returning(["version"])
          .executeTakeFirst();
        if (!updated) throw new StaleCaseError(null);
        await appendEvent(tx, { caseId: c.id, actor: ctx.actor, kind: "approval_rejected", event: t.event, visibility: "internal", text: t.label, details: { proposedBy: pending.proposedBy, ...(props.note ? { note: props.note.slice(0, TEXT_MAX) } : {}) } });
        await appendAudit(tx, ctx.actor, { action: "case.approval_rejected", objectType: "case", objectId: c.id, details: { event: t.event }, requestId: ctx.requestId });
        return { kind: "ok", caseId: c.id, state: c.state, version: updated.version };
      }
      const problem = await guardProblem(tx, c, t, pending.text ?? undefined);
      if (problem) return problem;
      const res = await applyTransition(tx, c, def, t, ctx.actor, { text: pending.text, expectedVersion: props.version, proposedBy: pending.proposedBy, requestId: ctx.requestId, now: props.now });
      await appendAudit(tx, ctx.actor, { action: "case.transition", objectType: "case", objectId: c.id, details: { event: t.event, from: c.state, to: t.to, fourEyes: true, proposedBy: pending.proposedBy }, requestId: ctx.requestId });
      return { kind: "ok", caseId: c.id, state: res.row.state, version: res.row.version, ...(res.documentId ? { documentId: res.documentId } : {}) };
    });
  } catch (err) {
    if (err instanceof StaleCaseError) return { kind: "stale", message: STALE_MESSAGE, currentVersion: err.currentVersion };
    throw err;
  }
}
