import { translator, type Translate } from "../../platform/i18n/index.js";
import { formatDay, formatEuro } from "../../platform/i18n/format.js";
import type { PdfField } from "../../platform/pdf/renderPdf.js";
import { collectFileRefs, fileLabel, type Answers, type FieldDef, type FileRef, type FormDefinition, type ItemDef } from "../forms/index.js";
import type { FormRow } from "./queries.js";
import type { FormSummary } from "./schemas.js";

/** A form in lists: id, title and the LeiKa keys of its services. */
export const presentFormSummary = (f: FormRow): FormSummary => ({ id: f.id, title: f.title, leikaKeys: f.leikaKeys });

/** A form's definition with its JSON Schema. */
export const presentForm = (f: FormRow) => ({ ...f.definition, id: f.id, version: f.version, title: f.title, leikaKeys: f.leikaKeys, jsonSchema: f.jsonSchema });

const de = translator("de");

/** The label of a form's fee ("Hundesteuer", else "Gebühr"). */
export const feeLabel = (def: FormDefinition, t: Translate) => (def.fee.kind !== "none" && def.fee.label) || t("applications.receipt.fee");

function showValue(def: FormDefinition, f: FieldDef, v: unknown, t: Translate): string {
  if (v === undefined || v === "") return "–";
  if (f.type === "bool") return t(v ? "applications.yes" : "applications.no");
  if (f.type === "date") return formatDay(String(v));
  if (f.type === "select") return def.codeLists[f.codeList ?? ""]?.find((e) => e.value === v)?.label ?? String(v);
  if (f.type === "currency") return formatEuro(Math.round(Number(v) * 100));
  if (f.type === "number") return Number(v).toLocaleString("de-DE");
  if (f.type === "file") return fileLabel(v as FileRef);
  return String(v);
}

/** Rows of a summary list: label and value, recursing into groups. */
export function summaryRows(def: FormDefinition, items: ItemDef[], node: Answers, prefix = "", t: Translate = de): Array<{ label: string; value: string }> {
  const rows: Array<{ label: string; value: string }> = [];
  for (const item of items) {
    const v = node[item.id];
    if (v === undefined) continue;
    if (item.kind === "field") rows.push({ label: `${prefix}${item.label}`, value: showValue(def, item, v, t) });
    else if (Array.isArray(v)) v.forEach((inst, i) => rows.push(...summaryRows(def, item.children, inst as Answers, `${prefix}${item.itemLabel ?? item.label} ${i + 1}: `, t)));
    else rows.push(...summaryRows(def, item.children, v as Answers, prefix, t));
  }
  return rows;
}

/** Summary rows grouped for the receipt PDF: fields in order, each instance of a repeating group as its own numbered group ("Hund 2"). */
export function summaryGroups(def: FormDefinition, items: ItemDef[], node: Answers, t: Translate = de): Array<{ title?: string; rows: Array<{ label: string; value: string }> }> {
  const groups: Array<{ title?: string; rows: Array<{ label: string; value: string }> }> = [];
  let plain: Array<{ label: string; value: string }> = [];
  for (const item of items) {
    const v = node[item.id];
    if (item.kind === "group" && Array.isArray(v)) {
      if (plain.length) groups.push({ rows: plain });
      plain = [];
      v.forEach((inst, i) => groups.push({ title: `${item.itemLabel ?? item.label} ${i + 1}`, rows: summaryRows(def, item.children, inst as Answers, "", t) }));
    } else plain.push(...summaryRows(def, [item], node, "", t));
  }
  if (plain.length) groups.push({ rows: plain });
  return groups.filter((g) => g.rows.length);
}

/** Receipt PDF rows for the files: label with name and size, then the file's SHA-256. */
export function attachmentPdfRows(def: FormDefinition, answers: Answers): PdfField[] {
  return collectFileRefs(def, answers).flatMap((f) => [
    { label: f.label, value: fileLabel(f.ref) },
    { label: "SHA-256", value: f.ref.sha256, code: true },
  ]);
}
