/**
 * The filing plan (Aktenplan) and automatic filing: every case of the cases module gets its file (Akte) with
 * one case (Vorgang) under the plan position whose processes include the case's process (building permits
 * under 632 Baugenehmigungsverfahren); retention years and disposal type are inherited from the position.
 */
import type { Transaction } from "kysely";
import { parse } from "csv-parse/sync";
import { appendAudit } from "../../../platform/audit/index.js";
import type { CommandContext } from "../../../platform/commands.js";
import type { Database } from "../../../platform/db/index.js";
import type { EventContext } from "../../../platform/events/index.js";
import { caseIdsAfter, caseRecordFacts, type CaseChange } from "../../cases/index.js";
import { DISPOSALS, type Disposal } from "../db.js";
import { queueWebhook } from "./webhooks.js";

export interface PlanUnitInput {
  code: string;
  parent: string | null;
  title: string;
  retentionYears: number;
  disposal: Disposal;
  processIds: string[];
}

/** The columns of a plan CSV, in the order the export writes them. */
export const PLAN_COLUMNS = ["code", "parent", "title", "retention_years", "disposal", "process_ids"] as const;

/** Parses and checks a plan CSV (code,parent,title,retention_years,disposal,process_ids); German errors per line. */
export function parsePlanCsv(text: string): { units: PlanUnitInput[]; errors: string[] } {
  let rows: Array<Record<string, string>>;
  try {
    // Spreadsheets with German settings write semicolons: the header line decides.
    const first = text.split(/\r?\n/, 1)[0] ?? "";
    const delimiter = first.includes(";") && !first.includes(",") ? ";" : ",";
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, delimiter }) as Array<Record<string, string>>;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { units: [], errors: [`${line ? `Zeile ${line}: ` : ""}Die Datei ist keine gültige CSV-Datei (Spaltenzahl oder Anführungszeichen stimmen nicht).`] };
  }
  const header = rows.length ? Object.keys(rows[0]!) : [];
  const missing = PLAN_COLUMNS.filter((c) => !header.includes(c));
  if (!rows.length) return { units: [], errors: ["Die Datei enthält keine Positionen (erste Zeile: code,parent,title,retention_years,disposal,process_ids)."] };
  if (missing.length) return { units: [], errors: [`Zeile 1: Spalte(n) ${missing.join(", ")} fehlen (erwartet: ${PLAN_COLUMNS.join(",")}).`] };
  const errors: string[] = [];
  const units: PlanUnitInput[] = [];
  const codes = new Set<string>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const code = r.code ?? "";
    const years = Number(r.retention_years);
    if (!/^[0-9A-Za-z.-]{1,40}$/.test(code)) errors.push(`Zeile ${line}: ungültiges Kennzeichen „${code}“.`);
    if (!r.title) errors.push(`Zeile ${line}: Titel fehlt.`);
    if (!Number.isInteger(years) || years < 0 || years > 200) errors.push(`Zeile ${line}: Aufbewahrungsfrist muss eine ganze Zahl von 0 bis 200 Jahren sein.`);
    if (!DISPOSALS.includes(r.disposal as Disposal)) errors.push(`Zeile ${line}: Aussonderungsart muss A, B oder V sein.`);
    const parent = r.parent ? r.parent : null;
    if (parent && !codes.has(parent)) errors.push(`Zeile ${line}: übergeordnete Position „${parent}“ muss vorher stehen.`);
    if (codes.has(code)) errors.push(`Zeile ${line}: Kennzeichen „${code}“ doppelt.`);
    codes.add(code);
    units.push({ code, parent, title: r.title ?? "", retentionYears: years, disposal: r.disposal as Disposal, processIds: (r.process_ids ?? "").split(/[ ;|]+/).filter(Boolean) });
  });
  return { units, errors };
}

/** Imports (inserts or updates) plan positions; existing files keep what they inherited. Audited. */
export async function planImporter(ctx: CommandContext, units: PlanUnitInput[]): Promise<{ inserted: number; updated: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    let inserted = 0;
    let updated = 0;
    for (const u of units) {
      const before = await tx.selectFrom("records_plan_units").selectAll().where("code", "=", u.code).executeTakeFirst();
      const values = { parent_code: u.parent, title: u.title, retention_years: u.retentionYears, disposal: u.disposal, process_ids: u.processIds };
      if (!before) {
        await tx.insertInto("records_plan_units").values({ code: u.code, ...values }).execute();
        inserted++;
      } else if (before.title !== u.title || before.parent_code !== u.parent || before.retention_years !== u.retentionYears || before.disposal !== u.disposal || before.process_ids.join() !== u.processIds.join()) {
        await tx.updateTable("records_plan_units").set({ ...values, updated_at: new Date() }).where("code", "=", u.code).execute();
        updated++;
      }
    }
    if (inserted || updated) await appendAudit(tx, ctx.actor, { action: "records.plan_imported", objectType: "records_plan", details: { inserted, updated }, requestId: ctx.requestId });
    return { inserted, updated };
  });
}

/** The plan position a process files under: the most specific one naming it, else the general position 020. */
async function planUnitFor(tx: Transaction<Database>, processId: string) {
  const named = await tx.selectFrom("records_plan_units").selectAll().where((eb) => eb(eb.val(processId), "=", eb.fn.any("process_ids"))).orderBy((eb) => eb.fn("length", ["code"]), "desc").executeTakeFirst();
  return named ?? (await tx.selectFrom("records_plan_units").selectAll().orderBy("code").executeTakeFirst());
}

/**
 * Files a case (idempotent; at-least-once delivery): creates its file and Vorgang the first time, and keeps
 * the units allowed to read in step with the case (participating departments join). A closed file is not touched.
 */
export async function fileCase(tx: Transaction<Database>, caseId: string): Promise<{ fileId: string } | undefined> {
  const facts = await caseRecordFacts(tx, caseId);
  if (!facts) return undefined;
  const existing = await tx.selectFrom("records_cases as c").innerJoin("records_files as f", "f.id", "c.file_id").select(["f.id", "f.status", "f.reader_unit_ids", "f.owner_unit_id"]).where("c.case_id", "=", caseId).executeTakeFirst();
  if (existing) {
    const same = existing.owner_unit_id === facts.ownerUnitId && [...existing.reader_unit_ids].sort().join() === [...facts.readerUnitIds].sort().join();
    if (existing.status === "open" && !same) await tx.updateTable("records_files").set({ owner_unit_id: facts.ownerUnitId, reader_unit_ids: facts.readerUnitIds }).where("id", "=", existing.id).execute();
    return { fileId: existing.id };
  }
  const unit = await planUnitFor(tx, facts.processId);
  if (!unit) return undefined; // no filing plan loaded yet
  const file = await tx
    .insertInto("records_files")
    .values({ file_number: `${unit.code}/${facts.reference}`, plan_code: unit.code, title: `${facts.serviceTitle} – ${facts.reference}`, retention_years: unit.retention_years, disposal: unit.disposal, override_reason: null, owner_unit_id: facts.ownerUnitId, reader_unit_ids: facts.readerUnitIds, closed_at: null, closed_by: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx.insertInto("records_cases").values({ file_id: file.id, case_id: caseId, reference: facts.reference, title: facts.serviceTitle }).execute();
  await queueWebhook(tx, { unitId: facts.ownerUnitId, event: "case.filed", payload: { caseReference: facts.reference, fileId: file.id, fileNumber: `${unit.code}/${facts.reference}` } });
  await appendAudit(tx, { type: "system", id: null }, { action: "records.file_created", objectType: "records_file", objectId: file.id, details: { fileNumber: `${unit.code}/${facts.reference}`, planCode: unit.code } });
  return { fileId: file.id };
}

/**
 * Files every case that has no file yet (cases opened before the E-Akte, or before a filing plan was
 * loaded): `npm run records:backfill`. Each case in its own transaction; safe to run again (filed cases
 * are skipped, fileCase is idempotent). The run itself is audited with its counts.
 */
export async function caseBackfiller(ctx: CommandContext, props: { batch?: number } = {}): Promise<{ checked: number; filed: number; skipped: number }> {
  const batch = props.batch ?? 500;
  let after: string | null = null;
  let checked = 0;
  let filed = 0;
  let skipped = 0;
  for (;;) {
    const ids = await caseIdsAfter(ctx.db, after, batch);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    checked += ids.length;
    const have = new Set((await ctx.db.selectFrom("records_cases").select("case_id").where("case_id", "in", ids).execute()).map((r) => r.case_id));
    for (const id of ids.filter((x) => !have.has(x))) {
      const out = await ctx.db.transaction().execute((tx) => fileCase(tx, id));
      if (out) filed++;
      else skipped++;
    }
  }
  await ctx.db.transaction().execute((tx) => appendAudit(tx, ctx.actor, { action: "records.backfill", objectType: "records_file", objectId: "backfill", details: { checked, filed, skipped }, requestId: ctx.requestId }));
  return { checked, filed, skipped };
}

/** Subscriber of the cases module's "case.changed": every case files itself; changes keep the readers in step. */
export async function onCaseChangedFile(tx: Transaction<Database>, change: CaseChange, _ctx: EventContext): Promise<void> {
  await fileCase(tx, change.caseId);
}

/** Overrides retention and disposal type of an open file against the plan, with the reason (audited). */
export async function retentionOverrider(ctx: CommandContext, props: { fileId: string; retentionYears: number; disposal: Disposal; reason: string }): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom("records_files").select(["retention_years", "disposal"]).where("id", "=", props.fileId).executeTakeFirstOrThrow();
    await tx.updateTable("records_files").set({ retention_years: props.retentionYears, disposal: props.disposal, override_reason: props.reason }).where("id", "=", props.fileId).execute();
    await appendAudit(tx, ctx.actor, { action: "records.retention_overridden", objectType: "records_file", objectId: props.fileId, details: { before, after: { retention_years: props.retentionYears, disposal: props.disposal }, reason: props.reason }, requestId: ctx.requestId });
  });
}
