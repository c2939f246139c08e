/**
 * The staff history of a case in words: every event named from the process definition's labels (step and
 * stage), assignments with the person's name, never a raw event code. Used by the case page and the case file.
 */
import type { Translate } from "../../platform/i18n/index.js";
import type { Db } from "../../platform/db/index.js";
import type { ProcessDefinition } from "./definition.js";
import { stateLabel } from "./presenters.js";
import { isUuid, listCaseEvents, userNames } from "./queries.js";
import { processDefinition } from "./registry.js";

export type CaseEventRow = Awaited<ReturnType<typeof listCaseEvents>>[number];
type EventLike = Pick<CaseEventRow, "kind" | "event" | "to_state" | "text" | "details">;

/** Kinds whose stored text already says everything (written in German by the engine or another module). */
const TEXT_ONLY = new Set(["overdue", "reminder", "participations_complete", "document", "citizen_reply", "payment_received"]);
/** Kinds with a fixed label, followed by the entry's text when there is one. */
const LABELLED = new Set(["created", "statement", "participation_requested", "participation_skipped", "comment"]);

/** One history line for staff. `names` maps user ids (assignments) to display names. */
export function describeCaseEvent(e: EventLike, def: ProcessDefinition, t: Translate, names: ReadonlyMap<string, string>): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const stepLabel = () => (typeof d.label === "string" && d.label) || def.transitions.find((x) => x.event === e.event)?.label || t("cases.event.step");
  switch (e.kind) {
    case "transition": {
      const line = t("cases.event.transition", { label: stepLabel(), state: e.to_state ? stateLabel(def, e.to_state) : "–" });
      // The staff member's own words: an internal note, or the text shown to the applicant after the stage's text.
      const own = typeof d.note === "string" ? d.note : e.text?.includes("\n") ? e.text.slice(e.text.indexOf("\n") + 1) : "";
      return own ? `${line}: ${own}` : line;
    }
    case "assigned": {
      const to = typeof d.to === "string" ? d.to : null;
      return to ? t("cases.event.assigned", { name: names.get(to) ?? t("cases.event.someone") }) : t("cases.event.unassigned");
    }
    case "approval_requested":
      return t("cases.event.approval_requested", { label: stepLabel() });
    case "approval_rejected":
      return t("cases.event.approval_rejected", { label: stepLabel() }) + (typeof d.note === "string" ? `: ${d.note}` : "");
  }
  if (TEXT_ONLY.has(e.kind) && e.text) return e.text;
  if (LABELLED.has(e.kind)) {
    const base = t(`cases.event.${e.kind}`);
    return e.text && e.kind !== "created" ? `${base}: ${e.text}` : base;
  }
  return e.text || t("cases.event.other");
}

/** Display names of the users an event list names in its details (assignments). */
export async function namesInEvents(db: Db, events: readonly EventLike[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.flatMap((e) => Object.values((e.details ?? {}) as Record<string, unknown>).filter((v): v is string => typeof v === "string" && isUuid(v))))];
  return userNames(db, ids);
}

/** Every entry of a case (internal ones included) with actor and the line in words, oldest first. Check access first. */
export async function staffCaseHistory(db: Db, caseId: string, t: Translate): Promise<Array<{ at: Date; actorType: string; actorName: string | null; what: string; visibility: string }>> {
  if (!isUuid(caseId)) return [];
  const c = await db.selectFrom("cases").select(["process_id", "process_version"]).where("id", "=", caseId).executeTakeFirst();
  if (!c) return [];
  const [def, events] = await Promise.all([processDefinition(db, c.process_id, c.process_version), listCaseEvents(db, caseId)]);
  const names = await namesInEvents(db, events);
  return events.map((e) => ({ at: e.at, actorType: e.actor_type, actorName: e.actor_name, what: describeCaseEvent(e, def, t, names), visibility: e.visibility }));
}
