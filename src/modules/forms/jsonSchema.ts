/**
 * JSON Schema (draft 2020-12) generated from a form definition: the data format of the machine-readable
 * copy of a submission (what FIT-Connect carries). Conditional fields are optional in the schema; where a
 * condition refers to a field of the same object, `if`/`then` makes them required when it holds.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import { parseCardinality, type Condition, type FieldDef, type FormDefinition, type ItemDef } from "./definition.js";
import type { AnswerError } from "./answers.js";

type Schema = Record<string, unknown>;

function fieldSchema(f: FieldDef, def: FormDefinition): Schema {
  const base: Schema = { title: f.label };
  if (f.help) base.description = f.help;
  switch (f.type) {
    case "text":
      return { ...base, type: "string", maxLength: f.maxLength ?? 1000, ...(f.minLength ? { minLength: f.minLength } : {}), ...(f.pattern ? { pattern: `^(?:${f.pattern})$` } : {}), ...(f.format ? { format: f.format } : {}) };
    case "date":
      return { ...base, type: "string", format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" };
    case "number":
    case "currency":
      return { ...base, type: "number", ...(f.min !== undefined ? { minimum: f.min } : {}), ...(f.max !== undefined ? { maximum: f.max } : {}), ...(f.type === "currency" ? { description: `${f.help ?? ""} Betrag in Euro`.trim() } : {}) };
    case "bool":
      return { ...base, type: "boolean" };
    case "select": {
      const list = def.codeLists[f.codeList ?? ""] ?? [];
      return { ...base, type: "string", enum: list.map((e) => e.value), "x-codeList": f.codeList };
    }
    case "file":
      // API clients send {"id": …} of an upload (POST /api/v1/uploads); the stored JSON copy carries all properties.
      return {
        ...base,
        type: "object",
        properties: {
          id: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", description: "id aus POST /api/v1/uploads" },
          name: { type: "string" },
          mediaType: { type: "string", enum: f.accept?.length ? f.accept : ["application/pdf", "image/png", "image/jpeg"] },
          size: { type: "integer", minimum: 1, ...(f.maxBytes ? { maximum: f.maxBytes } : {}) },
          sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
        },
        required: ["id"],
        additionalProperties: false,
      };
  }
}

/** A condition on a field of the same object as JSON Schema `if`, or undefined when it reaches elsewhere. */
function localIf(c: Condition, prefix: string): Schema | undefined {
  if ("all" in c || "any" in c) {
    const parts = ("all" in c ? c.all : c.any).map((x) => localIf(x, prefix));
    if (parts.some((p) => !p)) return undefined;
    return "all" in c ? { allOf: parts } : { anyOf: parts };
  }
  const rest = prefix ? (c.field.startsWith(`${prefix}.`) ? c.field.slice(prefix.length + 1) : undefined) : c.field;
  if (!rest || rest.includes(".")) return undefined;
  if ("equals" in c) return { properties: { [rest]: { const: c.equals } }, required: [rest] };
  if ("notEquals" in c) return { properties: { [rest]: { not: { const: c.notEquals } } }, required: [rest] };
  if ("in" in c) return { properties: { [rest]: { enum: c.in } }, required: [rest] };
  return c.filled ? { required: [rest] } : { not: { required: [rest] } };
}

function objectSchema(items: ItemDef[], def: FormDefinition, prefix: string, title?: string): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const allOf: Schema[] = [];
  for (const item of items) {
    const path = prefix ? `${prefix}.${item.id}` : item.id;
    let s: Schema;
    let needed: boolean;
    if (item.kind === "field") {
      s = fieldSchema(item, def);
      needed = item.cardinality === "1:1";
    } else {
      const card = parseCardinality(item.cardinality)!;
      const obj = objectSchema(item.children, def, path, item.itemLabel ?? item.label);
      if (card.max === null || card.max > 1) {
        s = { type: "array", title: item.label, items: obj, minItems: card.min, ...(card.max !== null ? { maxItems: card.max } : {}) };
        needed = card.min > 0;
      } else {
        s = obj;
        needed = card.min > 0;
      }
    }
    if (item.fim) s["x-fim"] = item.fim;
    properties[item.id] = s;
    if (!needed) continue;
    if (!item.visibleIf) required.push(item.id);
    else {
      const cond = localIf(item.visibleIf, prefix);
      if (cond) allOf.push({ if: cond, then: { required: [item.id] } });
    }
  }
  return { type: "object", ...(title ? { title } : {}), properties, required, additionalProperties: false, ...(allOf.length ? { allOf } : {}) };
}

/** The JSON Schema of a form's answers. */
export function generateJsonSchema(def: FormDefinition): Schema {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `urn:kreisportal:form:${def.id}:${def.version}`,
    ...objectSchema(def.pages.flatMap((p) => p.items), def, "", def.title),
    ...(def.fim ? { "x-fim": def.fim } : {}),
  };
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
const compiled = new Map<string, ValidateFunction>();

/** Validates answers against a generated schema (compiled once per schema id). */
export function validateAgainstSchema(schema: Schema, answers: unknown): AnswerError[] {
  const id = JSON.stringify(schema);
  let fn = compiled.get(id);
  if (!fn) {
    fn = ajv.compile({ ...schema, $id: undefined });
    compiled.set(id, fn);
  }
  if (fn(answers)) return [];
  return (fn.errors ?? []).map((e) => ({ path: e.instancePath || "/", message: `Schema: ${e.message ?? "ungültig"}` }));
}
