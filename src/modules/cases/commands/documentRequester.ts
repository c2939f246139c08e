import type { Actor } from "../../../platform/audit/index.js";
import { appendAudit } from "../../../platform/audit/index.js";
import type { TransitionDef } from "../definition.js";
import { can, type CaseUser } from "../policies.js";
import { caseFacts } from "../queries.js";
import { processDefinition } from "../registry.js";
import { applyTransition, type CaseRow, type Tx } from "./engine.js";

/**
 * Staff ask the applicant for missing documents from the mailbox (added by the mailbox module), inside the
 * caller's transaction: performs the owner transition from the current state into a state whose citizen
 * status is action_required; from a state without one, first the plain owner step into processing (e.g.
 * "start", "start_check"). Row lock + version check as everywhere. Listeners run as for any transition.
 */
export async function requestDocumentsFromApplicant(
  tx: Tx,
  props: { caseId: string; user: CaseUser; actor: Actor; text: string; requestId?: string },
): Promise<{ ok: true; state: string } | { ok: false; reason: "not_found" | "forbidden" | "not_possible"; message: string }> {
  const load = async () => (await tx.selectFrom("cases").selectAll().where("id", "=", props.caseId).forUpdate().executeTakeFirst()) as CaseRow | undefined;
  let c = await load();
  if (!c) return { ok: false, reason: "not_found", message: "Vorgang nicht gefunden" };
  const facts = await caseFacts(tx, c.id);
  if (!can(props.user, "transition", facts)) return { ok: false, reason: "forbidden", message: "Nur die zuständige Stelle kann Unterlagen nachfordern." };
  if (c.pending_approval) return { ok: false, reason: "not_possible", message: "Eine Entscheidung wartet auf Freigabe; jetzt können keine Unterlagen nachgefordert werden." };
  const def = await processDefinition(tx, c.process_id, c.process_version);
  const plain = (t: TransitionDef) => t.by.includes("owner") && !t.fourEyes && !t.notice && !t.outcome && !t.requiresParticipationsComplete;
  const asks = (state: string) => def.transitions.find((t) => t.from.includes(state) && plain(t) && def.states[t.to]?.citizenStatus === "action_required");
  let ask = asks(c.state);
  if (!ask) {
    const step = def.transitions.find((t) => t.from.includes(c!.state) && plain(t) && !t.requiresText && def.states[t.to]?.citizenStatus === "in_progress" && asks(t.to));
    if (!step) return { ok: false, reason: "not_possible", message: `Im Stand „${def.states[c.state]?.label ?? c.state}“ können keine Unterlagen nachgefordert werden.` };
    await applyTransition(tx, c, def, step, props.actor, { expectedVersion: c.version, requestId: props.requestId });
    await appendAudit(tx, props.actor, { action: "case.transition", objectType: "case", objectId: c.id, details: { event: step.event, from: c.state, to: step.to }, requestId: props.requestId });
    c = (await load())!;
    ask = asks(c.state)!;
  }
  const res = await applyTransition(tx, c, def, ask, props.actor, { expectedVersion: c.version, text: props.text, requestId: props.requestId, viaMailbox: true });
  await appendAudit(tx, props.actor, { action: "case.transition", objectType: "case", objectId: c.id, details: { event: ask.event, from: c.state, to: ask.to, viaMailbox: true }, requestId: props.requestId });
  return { ok: true, state: res.row.state };
}

