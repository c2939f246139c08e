/**
 * Field paths of a form as a table (JSON Pointer, type, when required), for the API documentation
 * (/api/docs) and docs/modules/applications.md. `{i}` stands for the instance of a repeating group.
 */
import { parseCardinality, type Condition, type FormDefinition, type ItemDef } from "./definition.js";

export interface FieldPathRow {
  path: string;
  type: string;
  required: string;
  label: string;
}

function conditionText(c: Condition): string {
  if ("all" in c) return c.all.map(conditionText).join(" und ");
  if ("any" in c) return c.any.map(conditionText).join(" oder ");
  const f = `\`${c.field}\``;
  if ("equals" in c) return `${f} = ${JSON.stringify(c.equals)}`;
  if ("notEquals" in c) return `${f} ≠ ${JSON.stringify(c.notEquals)}`;
  if ("in" in c) return `${f} ∈ ${c.in.map((v) => JSON.stringify(v)).join(", ")}`;
  return `${f} ${c.filled ? "ausgefüllt" : "leer"}`;
}

export function fieldPaths(def: FormDefinition): FieldPathRow[] {
  const rows: FieldPathRow[] = [];
  const walk = (items: ItemDef[], ptr: string, inherited?: string) => {
    for (const item of items) {
      const p = `${ptr}/${item.id}`;
      const cond = [inherited, item.visibleIf ? `nur wenn ${conditionText(item.visibleIf)}` : undefined].filter(Boolean).join("; ") || undefined;
      if (item.kind === "group") {
        const card = parseCardinality(item.cardinality)!;
        const repeating = card.max === null || card.max > 1;
        rows.push({ path: p, type: repeating ? `array ${card.min}–${card.max ?? "∞"}` : "object", required: cond ?? (card.min > 0 ? "ja" : "nein"), label: item.label });
        walk(item.children, repeating ? `${p}/{i}` : p, cond);
        continue;
      }
      let type: string = item.type;
      if (item.type === "select") type = `select \`${item.codeList}\` (${(def.codeLists[item.codeList ?? ""] ?? []).length > 6 ? `${def.codeLists[item.codeList ?? ""]!.length} Werte` : (def.codeLists[item.codeList ?? ""] ?? []).map((e) => e.value).join(", ")})`;
      else if (item.type === "text") type = [item.maxLength ? `text ≤ ${item.maxLength}` : "text", item.pattern ? `Muster \`${item.pattern}\`` : "", item.format === "email" ? "E-Mail-Adresse" : ""].filter(Boolean).join(", ");
      else if (item.type === "date") type = "date (JJJJ-MM-TT)";
      else if (item.type === "file") type = `file \`{"id"}\` aus POST /api/v1/uploads (${(item.accept ?? ["application/pdf", "image/png", "image/jpeg"]).join(", ")})`;
      else if (item.type === "currency") type = "currency (Euro)";
      else if (item.type === "number" && item.pattern === "integer") type = "integer";
      if ((item.min !== undefined || item.max !== undefined) && (item.type === "number" || item.type === "currency")) type += ` ${item.min ?? ""}…${item.max ?? ""}`;
      const required = item.cardinality === "1:1" ? (cond ? `ja, ${cond}` : "ja") : cond ? `nein; ${cond}` : "nein";
      rows.push({ path: p, type, required, label: item.label });
    }
  };
  walk(def.pages.flatMap((pg) => pg.items), "");
  return rows;
}

/** Markdown table of a form's field paths. */
export function fieldPathTable(def: FormDefinition): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return ["| Pfad | Typ | Pflicht | Bezeichnung |", "|---|---|---|---|", ...fieldPaths(def).map((r) => `| \`${r.path}\` | ${esc(r.type)} | ${esc(r.required)} | ${esc(r.label)} |`)].join("\n");
}
