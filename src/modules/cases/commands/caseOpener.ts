import { createHash } from "node:crypto";
import { appendAudit, canonicalJson, type Actor } from "../../../platform/audit/index.js";
import type { Db } from "../../../platform/db/index.js";
import { findResponsible, firstCountyAuthorityId } from "../../responsibility/index.js";
import { processForForm } from "../registry.js";
import { appendEvent, enterState, firstUnitOfKeys, notifyCaseChanged, servedCounty, type CaseChange, type CaseRow, type Tx } from "./engine.js";
import { AGS } from "../../../platform/keys.js";
import { noticeAnswers } from "../noticeFacts.js";

export interface OpenCaseProps {
  submissionId: string;
  /** The submission's reference; the case carries the same one (Aktenzeichen). */
  reference: string;
  /**
   * The reference is a placeholder that the caller replaces before its commit (`caseReferenceSetter`):
   * "case.changed" is published only then, with the final reference. Lets the submitter take its gap-free
   * counter (a row lock) as the last statement instead of the first.
   */
  provisional?: boolean;
  formId: string;
  formVersion: number;
  /** The form's service (title, LeiKa keys) as applications stores it; undefined when the form version is unknown. */
  service: FormService | undefined;
  /** The validated answers (the applicant's municipality is read from them). */
  answers: Record<string, unknown>;
  /** The applicant's account, null for anonymous submissions. */
  userId: string | null;
  actor: Actor;
  requestId?: string;
  /**
   * The owning unit from `caseOwnerFor`, looked up on the pool before the submitting transaction began.
   * Without it the lookup runs inside the transaction (correct, but without the finder's per-pool cache).
   */
  ownerUnitId?: string;
  /**
   * The database the transaction runs on. With it, the process definition's row is written only until a
   * committed transaction stored it on that database (`OpenCaseResult.afterCommit`), not on every submission.
   */
  db?: Db;
  now?: Date;
}

/** What a case needs of its form: the service title and LeiKa keys (applications owns form_definitions). */
export interface FormService {
  title: string;
  leikaKeys: readonly string[];
}

export interface OpenCaseResult {
  caseId: string;
  processId: string;
  ownerUnitId: string;
  /** With `provisional`: the "created" change, published by `caseReferenceSetter` with the final reference. */
  pendingChange?: CaseChange;
  /** Call once the transaction committed: remembers that the process definition is stored (see `OpenCaseProps.db`). */
  afterCommit?: () => void;
}

/**
 * Process definitions (id@version) stored in the database, per database: a row of case_processes is never
 * deleted, so once a transaction that wrote it committed, later cases skip the upsert (issue 13). Only
 * remembered after the commit: a rolled-back transaction leaves no row behind, and nothing in the memo.
 */
const storedProcesses = new WeakMap<Db, Set<string>>();
const processHashes = new WeakMap<object, string>();
const processHash = (def: object) => {
  let h = processHashes.get(def);
  if (!h) processHashes.set(def, (h = createHash("sha256").update(canonicalJson(def)).digest("hex")));
  return h;
};


/**
 * The applicant's municipality: the answer at the process's `municipalityField` path, else an 8-digit
 * AGS under a key that names a municipality (`gemeinde`, `baugemeinde`, `ags`…), preferring the building
 * site (keys containing "grundstueck"/"bau") over the residence.
 */
export function municipalityFrom(answers: Record<string, unknown>, path?: string): string | null {
  if (path) {
    const v = path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), answers);
    if (typeof v === "string" && AGS.test(v)) return v;
  }
  const found: Array<{ path: string; value: string }> = [];
  const visit = (o: unknown, prefix: string) => {
    if (!o || typeof o !== "object") return;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (typeof v === "string" && AGS.test(v) && /gemeinde|^ags$/i.test(k)) found.push({ path: p.toLowerCase(), value: v });
      else if (typeof v === "object" && !Array.isArray(v)) visit(v, p);
    }
  };
  visit(answers, "");
  return (found.find((f) => /grundstueck|grundstück|bau/.test(f.path)) ?? found[0])?.value ?? null;
}

/** The owning org unit: the responsibility finder for the form's LeiKa key and municipality, else the county's central services. */
/**
 * The owning unit of a submission's case, read on the pool (the finder caches its rules per pool). Call it
 * before the submitting transaction: a lookup on a second pool connection while the transaction holds one
 * deadlocks once every connection belongs to such a waiting transaction (found by bench/applications.ts).
 */
export async function caseOwnerFor(db: Db, props: { formId: string; service: FormService | undefined; answers: Record<string, unknown> }): Promise<string> {
  const leikaKeys = props.service?.leikaKeys ?? [];
  const def = await processForForm(props.formId, leikaKeys);
  return ownerUnit(db, leikaKeys, municipalityFrom(props.answers, def.municipalityField));
}

async function ownerUnit(tx: Db | Tx, leikaKeys: readonly string[], ags: string | null): Promise<string> {
  if (ags) {
    for (const key of leikaKeys) {
      const r = await findResponsible(tx, key, ags);
      if (r) return r.office.id;
    }
  }
  const kreis = ags?.slice(0, 5) ?? (await servedCounty(tx));
  const hit = await firstUnitOfKeys(tx, kreis ? [`lra-${kreis}-zentrale`, `lra-${kreis}`, `gem-${kreis}000`] : []);
  if (hit) return hit;
  const any = await firstCountyAuthorityId(tx);
  if (!any) throw new Error("no org unit to own the case (offices not imported)");
  return any;
}

/**
 * Opens the case of a submission inside the submitting transaction (submission and case are atomic):
 * picks the process (form id, LeiKa key, default), the owning office (responsibility finder), writes the
 * case in its initial state with the first timeline entry ("received"), audits, and tells the listeners.
 * Idempotent per submission.
 */
export async function openCaseForSubmission(tx: Tx, props: OpenCaseProps): Promise<OpenCaseResult> {
  const existing = await tx.selectFrom("cases").select(["id", "process_id", "owner_unit_id"]).where("submission_id", "=", props.submissionId).executeTakeFirst();
  if (existing) return { caseId: existing.id, processId: existing.process_id, ownerUnitId: existing.owner_unit_id };
  const now = props.now ?? new Date();
  const leikaKeys = props.service?.leikaKeys ?? [];
  const def = await processForForm(props.formId, leikaKeys);
  // The definition a case runs with is stored with it (idempotent; the loader checks changed files on start).
  const processKey = `${def.id}@${def.version}`;
  const known = props.db ? storedProcesses.get(props.db) : undefined;
  let afterCommit: (() => void) | undefined;
  if (!known?.has(processKey)) {
    await tx
      .insertInto("case_processes")
      .values({ id: def.id, version: def.version, title: def.title, definition: JSON.stringify(def), content_hash: processHash(def) })
      .onConflict((oc) => oc.columns(["id", "version"]).doNothing())
      .execute();
    const db = props.db;
    if (db) afterCommit = () => void (storedProcesses.get(db) ?? storedProcesses.set(db, new Set()).get(db)!).add(processKey);
  }
  const ags = municipalityFrom(props.answers, def.municipalityField);
  const owner = props.ownerUnitId ?? (await ownerUnit(tx, leikaKeys, ags));
  const initial = def.states[def.initial]!;
  const row = (await tx
    .insertInto("cases")
    .values({
      reference: props.reference,
      submission_id: props.submissionId,
      process_id: def.id,
      process_version: def.version,
      form_id: props.formId,
      leika_key: leikaKeys[0] ?? null,
      service_title: props.service?.title ?? props.formId,
      municipality_ags: ags,
      state: def.initial,
      citizen_status: initial.citizenStatus,
      owner_unit_id: owner,
      assignee_id: null,
      applicant_user_id: props.userId,
      outcome: null,
      pending_approval: null,
      notice_answers: JSON.stringify(noticeAnswers(props.answers)),
      created_at: now,
      updated_at: now,
      decided_at: null,
      closed_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()) as CaseRow;
  const eventId = await appendEvent(tx, { caseId: row.id, actor: props.actor, kind: "created", toState: def.initial, visibility: "citizen", citizenStatus: initial.citizenStatus, text: initial.citizenText, at: now });
  await enterState(tx, row, def, def.initial, props.actor, now);
  await appendAudit(tx, props.actor, { action: "case.opened", objectType: "case", objectId: row.id, details: { process: `${def.id}@${def.version}`, submission: props.submissionId, ownerUnit: owner }, requestId: props.requestId });
  const change: CaseChange = {
    caseId: row.id,
    reference: row.reference,
    submissionId: row.submission_id,
    applicantUserId: row.applicant_user_id,
    kind: "created",
    citizenStatus: initial.citizenStatus,
    previousCitizenStatus: null,
    citizenVisible: true,
    text: initial.citizenText,
    eventId,
  };
  if (props.provisional) return { caseId: row.id, processId: def.id, ownerUnitId: owner, pendingChange: change, afterCommit };
  await notifyCaseChanged(tx, change);
  return { caseId: row.id, processId: def.id, ownerUnitId: owner, afterCommit };
}

/**
 * Gives a case opened with a provisional reference its final one and publishes its "created" change, in the
 * opening transaction (one UPDATE and the outbox row). Nothing has read the placeholder outside it.
 */
export async function caseReferenceSetter(tx: Tx, opened: OpenCaseResult, reference: string): Promise<void> {
  await tx.updateTable("cases").set({ reference }).where("id", "=", opened.caseId).execute();
  if (opened.pendingChange) await notifyCaseChanged(tx, { ...opened.pendingChange, reference });
}
