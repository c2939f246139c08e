/** What importing a filing plan would change: new, changed (field by field), unchanged and kept positions. */
import type { PlanUnitInput } from "./commands/filing.js";

export interface PlanRow {
  code: string;
  parent_code: string | null;
  title: string;
  retention_years: number;
  disposal: string;
  process_ids: string[];
}

export interface PlanChange {
  code: string;
  title: string;
  /** Field → [before, after], as displayed (process ids joined by a space). */
  fields: Array<{ field: "parent" | "title" | "retention_years" | "disposal" | "process_ids"; before: string; after: string }>;
}

export interface PlanDiff {
  added: PlanUnitInput[];
  changed: PlanChange[];
  unchanged: number;
  /** Positions of the current plan that the file does not name: the import keeps them. */
  kept: Array<{ code: string; title: string }>;
}

/** Compares the current plan with the positions of a parsed CSV (the same comparison the importer makes). */
export function planDiff(current: readonly PlanRow[], units: readonly PlanUnitInput[]): PlanDiff {
  const byCode = new Map(current.map((r) => [r.code, r]));
  const named = new Set(units.map((u) => u.code));
  const diff: PlanDiff = { added: [], changed: [], unchanged: 0, kept: current.filter((r) => !named.has(r.code)).map((r) => ({ code: r.code, title: r.title })) };
  for (const u of units) {
    const before = byCode.get(u.code);
    if (!before) {
      diff.added.push(u);
      continue;
    }
    const pairs: PlanChange["fields"] = [
      { field: "parent", before: before.parent_code ?? "", after: u.parent ?? "" },
      { field: "title", before: before.title, after: u.title },
      { field: "retention_years", before: String(before.retention_years), after: String(u.retentionYears) },
      { field: "disposal", before: before.disposal, after: u.disposal },
      { field: "process_ids", before: before.process_ids.join(" "), after: u.processIds.join(" ") },
    ];
    const fields = pairs.filter((p) => p.before !== p.after);
    if (fields.length) diff.changed.push({ code: u.code, title: u.title, fields });
    else diff.unchanged++;
  }
  return diff;
}
