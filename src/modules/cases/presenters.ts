/** Presenters: database rows → API objects (only the listed fields). */
import type { Static } from "@sinclair/typebox";
import type { ProcessDefinition } from "./definition.js";
import { transitionsFrom } from "./definition.js";
import { abilities, type CaseUser } from "./policies.js";
import type { InboxRow, StaffCase } from "./queries.js";
import type { CaseListItem, CaseResponse } from "./schemas.js";

export const stateLabel = (def: ProcessDefinition | undefined, state: string) => def?.states[state]?.label ?? state;

export function presentCaseListItem(r: InboxRow, def: ProcessDefinition | undefined): Static<typeof CaseListItem> {
  return {
    id: r.id,
    reference: r.reference,
    service: r.service_title,
    formId: r.form_id,
    state: r.state,
    stateLabel: stateLabel(def, r.state),
    status: r.citizen_status,
    ownerUnit: { id: r.owner_unit_id, name: r.owner_name },
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? "" } : null,
    pendingApproval: r.pending_approval,
    openParticipations: r.open_participations,
    nextDue: r.next_due,
    overdue: r.overdue,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The staff view of one case, with the user's abilities (which buttons to show) and the possible transitions. */
export function presentCase(s: StaffCase, def: ProcessDefinition, user: CaseUser, today: string): Static<typeof CaseResponse> {
  const c = s.case;
  const facts = { ...c, participantUnitIds: s.participantUnitIds };
  const pending = c.pending_approval;
  return {
    id: c.id,
    reference: c.reference,
    submissionId: c.submission_id,
    service: c.service_title,
    process: { id: def.id, version: def.version, title: def.title },
    state: c.state,
    stateLabel: stateLabel(def, c.state),
    status: c.citizen_status,
    outcome: c.outcome,
    ownerUnit: { id: c.owner_unit_id, name: c.owner_name },
    assignee: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name ?? "" } : null,
    version: c.version,
    pendingApproval: pending ? { event: pending.event, label: def.transitions.find((t) => t.event === pending.event)?.label ?? pending.event, proposedBy: pending.proposedBy, proposedAt: pending.proposedAt } : null,
    transitions: transitionsFrom(def, c.state)
      .filter((t) => t.by.includes("owner") || t.by.includes("assignee"))
      .map((t) => ({ event: t.event, label: t.label, to: t.to, fourEyes: !!t.fourEyes, requiresText: !!t.requiresText })),
    participations: s.participations.map((p) => ({
      id: p.id,
      step: p.step_key,
      label: p.label,
      unit: { id: p.unit_id, name: p.unit_name },
      dueDate: p.due_date,
      status: p.status,
      overdue: p.status === "open" && p.due_date < today,
      result: p.result,
      statement: p.statement,
      givenAt: p.given_at ? p.given_at.toISOString() : null,
    })),
    timeline: s.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, visibility: e.visibility, actor: e.actor_name ?? (e.actor_type === "system" ? "System" : null), text: e.text, status: e.citizen_status })),
    documents: s.documents.map((d) => ({ id: d.id, kind: d.kind, title: d.title, version: d.version, sha256: d.sha256, url: `/verwaltung/vorgaenge/${c.id}/dokumente/${d.id}` })),
    abilities: abilities(user, facts),
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

/** Cursor of a page's last row (opaque to clients). */
export const encodeCursor = (r: { created_at: Date; id: string }) => Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString("base64url");
export function decodeCursor(s: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!s) return undefined;
  const [at, id] = Buffer.from(s, "base64url").toString().split("|");
  const d = new Date(at ?? "");
  if (Number.isNaN(d.getTime()) || !id || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return { createdAt: d, id };
}
