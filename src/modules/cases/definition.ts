/**
 * Process definitions as data (data/processes/*.process.json): the states a case passes, the named
 * events that move it (from → to, who may perform them, optional four-eyes approval), parallel
 * participation of other departments with deadlines in working days, and for every state the status
 * the applicant sees (the five statuses of the federal mailbox). Checked at load like form definitions.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { rootPath } from "../../platform/paths.js";

export const PROCESSES_DIR = rootPath("data", "processes");

/** What the applicant sees (status semantics of the federal mailbox / FIT-Connect status). */
export type CitizenStatus = "received" | "in_progress" | "action_required" | "decided" | "closed";
export const CITIZEN_STATUSES: readonly CitizenStatus[] = ["received", "in_progress", "action_required", "decided", "closed"];

/**
 * Who may perform an event:
 * - `owner`: a member of the owning department (the responsible office of the case);
 * - `assignee`: the person the case is assigned to (plus administrators);
 * - `applicant`: the citizen who submitted (through the mailbox: answering a request for documents);
 * - `system`: jobs.
 */
export type Performer = "owner" | "assignee" | "applicant" | "system";
export const PERFORMERS: readonly Performer[] = ["owner", "assignee", "applicant", "system"];

/** Which org unit a participation step goes to. */
export type ParticipantRef =
  /** A department of the county authority of the case's area: `lra-<Kreis>-<department>` (Stadtkreis: the city's department). */
  | { countyDepartment: string }
  /** The municipal authority of the applicant's municipality (`gem-<AGS>`); skipped when it owns the case itself. */
  | { municipality: true };

export interface ParticipationStep {
  /** Stable key, e.g. "wasser". */
  key: string;
  /** Shown to staff, e.g. "Untere Wasserbehörde". */
  label: string;
  unit: ParticipantRef;
  /** Deadline in working days (Mon–Fri, without Baden-Württemberg public holidays) from the request. */
  deadlineWorkingDays: number;
  /** Working days before the deadline the department is reminded (default 3). */
  remindWorkingDaysBefore?: number;
  /** Preselected when staff choose which departments to ask (default true). */
  preselected?: boolean;
}

export interface StateDef {
  /** Staff label, e.g. "Vollständigkeitsprüfung". */
  label: string;
  citizenStatus: CitizenStatus;
  /** Plain German for the applicant's timeline when the case enters this state. */
  citizenText: string;
  /** Entering this state starts these participation steps in parallel. */
  participation?: ParticipationStep[];
  /** No way out. */
  final?: boolean;
  /** The usual next step (an event with a transition from this state): the case page shows it as the one primary action. */
  next?: string;
}

export interface TransitionDef {
  /** Named event, e.g. "request_documents". */
  event: string;
  /** Staff button label. */
  label: string;
  from: string[];
  to: string;
  by: Performer[];
  /** Four-eyes principle: a second staff member (not the proposer) must approve before the transition happens. */
  fourEyes?: boolean;
  /** The performer must write a text (request for documents: what is missing; shown to the applicant). */
  requiresText?: boolean;
  /** A decision: the outcome the transition records (a notice is generated from the template). */
  outcome?: "approved" | "rejected";
  /** Only when every participation of the case has a statement. */
  requiresParticipationsComplete?: boolean;
  /** Generate the notice (Bescheid) PDF from this template when the transition happens. */
  notice?: { template: string; title: string };
}

export interface ProcessDefinition {
  id: string;
  version: number;
  title: string;
  /** Forms (by id) that run through this process; more specific than leikaKeys. */
  forms?: string[];
  /** LeiKa keys (or key prefixes of 5+ digits) served by this process. */
  leikaKeys?: string[];
  /** Dotted answer path of the municipality (8-digit AGS) that decides the responsible office; else found by key name. */
  municipalityField?: string;
  /** Used for forms no other process claims (exactly one definition has it). */
  default?: boolean;
  initial: string;
  states: Record<string, StateDef>;
  transitions: TransitionDef[];
}

const ID = /^[a-z][a-z0-9_]{0,62}$/;

/** Checks a definition for structural errors; returns German messages (empty = valid). */
export function processProblems(input: unknown): string[] {
  const problems: string[] = [];
  if (!input || typeof input !== "object") return ["Die Prozessdefinition ist kein Objekt."];
  const def = input as ProcessDefinition;
  if (typeof def.id !== "string" || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(def.id)) problems.push("id: nur Kleinbuchstaben, Ziffern und Bindestriche");
  if (!Number.isInteger(def.version) || def.version < 1) problems.push("version: ganze Zahl ab 1");
  if (typeof def.title !== "string" || !def.title) problems.push("title fehlt");
  if (def.forms !== undefined && (!Array.isArray(def.forms) || def.forms.some((f) => typeof f !== "string"))) problems.push("forms: Liste von Formular-IDs");
  if (def.leikaKeys !== undefined && (!Array.isArray(def.leikaKeys) || def.leikaKeys.some((k) => !/^\d{5,14}$/.test(k)))) problems.push("leikaKeys: Liste von LeiKa-Schlüsseln (5–14 Ziffern)");
  if (!def.states || typeof def.states !== "object" || Object.keys(def.states).length === 0) return [...problems, "states: mindestens ein Zustand"];
  if (!Array.isArray(def.transitions)) return [...problems, "transitions: Liste"];
  const states = Object.keys(def.states);
  for (const [name, s] of Object.entries(def.states)) {
    if (!ID.test(name)) problems.push(`Zustand ${name}: ungültiger Name`);
    if (!s.label) problems.push(`Zustand ${name}: label fehlt`);
    if (!CITIZEN_STATUSES.includes(s.citizenStatus)) problems.push(`Zustand ${name}: citizenStatus muss ${CITIZEN_STATUSES.join(", ")} sein`);
    if (!s.citizenText) problems.push(`Zustand ${name}: citizenText fehlt`);
    const keys = new Set<string>();
    for (const p of s.participation ?? []) {
      if (!ID.test(p.key ?? "")) problems.push(`Zustand ${name}: Beteiligung mit ungültigem key ${p.key}`);
      if (keys.has(p.key)) problems.push(`Zustand ${name}: Beteiligung ${p.key} doppelt`);
      keys.add(p.key);
      if (!p.label) problems.push(`Beteiligung ${p.key}: label fehlt`);
      if (!Number.isInteger(p.deadlineWorkingDays) || p.deadlineWorkingDays < 1 || p.deadlineWorkingDays > 250) problems.push(`Beteiligung ${p.key}: deadlineWorkingDays 1–250`);
      const u = p.unit as Record<string, unknown> | undefined;
      if (p.preselected !== undefined && typeof p.preselected !== "boolean") problems.push(`Beteiligung ${p.key}: preselected muss true oder false sein`);
      if (!u || !(typeof u.countyDepartment === "string" || u.municipality === true)) problems.push(`Beteiligung ${p.key}: unit muss countyDepartment oder municipality sein`);
    }
  }
  for (const [name, s] of Object.entries(def.states)) {
    if (s.next !== undefined && !def.transitions.some((t) => t.event === s.next && t.from?.includes(name))) problems.push(`Zustand ${name}: next ${s.next} ist kein Übergang aus diesem Zustand`);
  }
  if (!states.includes(def.initial)) problems.push(`initial: unbekannter Zustand ${def.initial}`);
  const events = new Set<string>();
  for (const t of def.transitions) {
    const where = `Übergang ${t.event}`;
    if (!ID.test(t.event ?? "")) problems.push(`${where}: ungültiger Name`);
    if (!t.label) problems.push(`${where}: label fehlt`);
    if (!Array.isArray(t.from) || t.from.length === 0) problems.push(`${where}: from fehlt`);
    for (const f of t.from ?? []) {
      if (!states.includes(f)) problems.push(`${where}: unbekannter Ausgangszustand ${f}`);
      else if (def.states[f]!.final) problems.push(`${where}: ${f} ist ein Endzustand`);
      // One event may appear in several rows, but never twice from the same state (the definition must be deterministic).
      if (events.has(`${t.event}@${f}`)) problems.push(`${where}: mehrdeutig im Zustand ${f}`);
      events.add(`${t.event}@${f}`);
    }
    if (!states.includes(t.to)) problems.push(`${where}: unbekannter Zielzustand ${t.to}`);
    if (!Array.isArray(t.by) || t.by.length === 0 || t.by.some((b) => !PERFORMERS.includes(b))) problems.push(`${where}: by muss aus ${PERFORMERS.join(", ")} bestehen`);
    if (t.fourEyes && (t.by ?? []).some((b) => b === "applicant" || b === "system")) problems.push(`${where}: Vier-Augen-Prinzip nur für Beschäftigte`);
    if (t.outcome !== undefined && t.outcome !== "approved" && t.outcome !== "rejected") problems.push(`${where}: outcome approved oder rejected`);
    if (t.notice && (!t.notice.template || !t.notice.title)) problems.push(`${where}: notice braucht template und title`);
  }
  // Every non-final state needs a way out, and every state must be reachable from the initial one.
  for (const s of states) {
    if (!def.states[s]!.final && !def.transitions.some((t) => t.from?.includes(s))) problems.push(`Zustand ${s}: kein Übergang heraus (oder final: true)`);
  }
  const reachable = new Set([def.initial]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of def.transitions) {
      if (t.from?.some((f) => reachable.has(f)) && !reachable.has(t.to)) {
        reachable.add(t.to);
        changed = true;
      }
    }
  }
  for (const s of states) if (!reachable.has(s)) problems.push(`Zustand ${s}: nicht erreichbar`);
  return problems;
}

export class ProcessDefinitionError extends Error {}

/** Reads and checks every `data/processes/*.process.json`; throws on the first invalid file. */
export async function readProcessFiles(dir = PROCESSES_DIR): Promise<ProcessDefinition[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".process.json")).sort();
  const out: ProcessDefinition[] = [];
  for (const f of files) {
    const def = JSON.parse(await readFile(path.join(dir, f), "utf8")) as ProcessDefinition;
    const problems = processProblems(def);
    if (problems.length) throw new ProcessDefinitionError(`${f}: ${problems.join("; ")}`);
    out.push(def);
  }
  if (out.filter((d) => d.default).length !== 1) throw new ProcessDefinitionError("Genau eine Prozessdefinition muss default: true haben.");
  return out;
}

/** The process for a form: by form id first, then by LeiKa key (longest prefix wins), else the default. */
export function processFor(defs: readonly ProcessDefinition[], formId: string | null, leikaKeys: readonly string[]): ProcessDefinition {
  const latest = new Map<string, ProcessDefinition>();
  for (const d of defs) if ((latest.get(d.id)?.version ?? 0) < d.version) latest.set(d.id, d);
  const all = [...latest.values()];
  const byForm = formId ? all.find((d) => d.forms?.includes(formId)) : undefined;
  if (byForm) return byForm;
  let best: { def: ProcessDefinition; len: number } | undefined;
  for (const d of all) {
    for (const prefix of d.leikaKeys ?? []) {
      if (leikaKeys.some((k) => k.startsWith(prefix)) && prefix.length > (best?.len ?? 0)) best = { def: d, len: prefix.length };
    }
  }
  if (best) return best.def;
  const fallback = all.find((d) => d.default);
  if (!fallback) throw new ProcessDefinitionError("Keine Standard-Prozessdefinition geladen.");
  return fallback;
}

/** The transitions possible from a state. */
export const transitionsFrom = (def: ProcessDefinition, state: string) => def.transitions.filter((t) => t.from.includes(state));

/** The transition for an event in a state, or undefined when the event is not allowed there. */
export const findTransition = (def: ProcessDefinition, state: string, event: string) => def.transitions.find((t) => t.event === event && t.from.includes(state));

/**
 * The usual next step in a state for staff: the state's `next` when set (and staff may perform it), else the first
 * staff transition that is not a side action needing a text (request for documents, withdrawal) unless it is a decision.
 */
export function nextEvent(def: ProcessDefinition, state: string): string | undefined {
  const staffSteps = transitionsFrom(def, state).filter((t) => t.by.includes("owner") || t.by.includes("assignee"));
  const declared = def.states[state]?.next;
  if (declared && staffSteps.some((t) => t.event === declared)) return declared;
  return (staffSteps.find((t) => !t.requiresText || t.outcome) ?? staffSteps[0])?.event;
}
