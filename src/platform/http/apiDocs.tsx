/**
 * The API reference at /api/docs, rendered on the server from the OpenAPI document: KERN layout,
 * no scripts, no inline styles (strict CSP), axe-clean. Replaces Swagger UI, whose page broke the
 * CSP and had axe violations (issue 24, item 16). The machine-readable document stays at
 * /api/openapi.json (and /api/docs/json).
 */
import type { FastifyInstance } from "fastify";
import type { Translate } from "../i18n/index.js";
import { DataTable, PageHeading } from "../views/components.js";

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  summary?: string;
  description?: string;
  parameters: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  body?: Schema;
  responses: Array<{ status: string; description: string }>;
  secured: boolean;
  anchor: string;
}
interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

/** Rows per request body: large form schemas are summarised, the full document has the rest. */
const MAX_FIELD_ROWS = 120;
const MAX_DEPTH = 6;
const METHODS = ["get", "post", "put", "patch", "delete"];

/** Resolves a local `$ref` (`#/components/schemas/X`) against the document. */
function deref(doc: Schema, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === "string" && i < 10; i++) {
    const parts = (s.$ref as string).replace(/^#\//, "").split("/");
    s = parts.reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Schema)[k] : undefined), doc) as Schema | undefined;
  }
  return s;
}

/** A short, readable type: "string (date)", "integer", "array of object", "\"a\" | \"b\"". */
function typeOf(doc: Schema, raw: Schema | undefined): string {
  const s = deref(doc, raw);
  if (!s) return "";
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants)) return [...new Set(variants.map((v) => typeOf(doc, v)))].join(" | ");
  const type = Array.isArray(s.type) ? s.type.join(" | ") : String(s.type ?? (s.properties ? "object" : ""));
  if (type === "array") return `array of ${typeOf(doc, s.items as Schema) || "any"}`;
  const extra = [s.format, s.pattern ? `pattern ${s.pattern}` : undefined, s.maxLength !== undefined ? `max ${s.maxLength}` : undefined].filter(Boolean);
  return extra.length ? `${type} (${extra.join(", ")})` : type;
}

/** Flattens an object schema into dotted field paths (arrays as `[]`), depth- and size-bounded. */
export function fieldRows(doc: Schema, schema: Schema | undefined, prefix = "", depth = 0, out: FieldRow[] = []): FieldRow[] {
  const s = deref(doc, schema);
  if (!s || depth > MAX_DEPTH || out.length >= MAX_FIELD_ROWS) return out;
  const props = s.properties as Record<string, Schema> | undefined;
  if (props) {
    const required = new Set((s.required as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(props)) {
      if (out.length >= MAX_FIELD_ROWS) break;
      const path = prefix ? `${prefix}.${name}` : name;
      const c = deref(doc, child);
      out.push({ path, type: typeOf(doc, child), required: required.has(name), description: String(c?.description ?? c?.title ?? "") });
      fieldRows(doc, c, path, depth + 1, out);
      const items = c?.type === "array" ? deref(doc, c.items as Schema) : undefined;
      if (items?.properties) fieldRows(doc, items, `${path}[]`, depth + 1, out);
    }
  }
  return out;
}

function countFields(doc: Schema, schema: Schema | undefined, depth = 0): number {
  const s = deref(doc, schema);
  const props = s?.properties as Record<string, Schema> | undefined;
  if (!props || depth > MAX_DEPTH) return 0;
  return Object.values(props).reduce((n, c) => {
    const d = deref(doc, c);
    const items = d?.type === "array" ? (d.items as Schema) : undefined;
    return n + 1 + countFields(doc, d, depth + 1) + (items ? countFields(doc, items, depth + 1) : 0);
  }, 0);
}

/** The operations of the document, grouped by their first tag in document order. */
export function operationsByTag(doc: Schema): Map<string, Operation[]> {
  const groups = new Map<string, Operation[]>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, Schema>>)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const content = (deref(doc, op.requestBody as Schema)?.content ?? {}) as Record<string, { schema?: Schema }>;
      const body = content["application/json"]?.schema ?? Object.values(content)[0]?.schema;
      const operation: Operation = {
        method: method.toUpperCase(),
        path,
        summary: op.summary as string | undefined,
        description: op.description as string | undefined,
        parameters: ((op.parameters as Operation["parameters"] | undefined) ?? []).map((p) => deref(doc, p as Schema) as Operation["parameters"][number]),
        body,
        responses: Object.entries((op.responses ?? {}) as Record<string, Schema>).map(([status, r]) => ({ status, description: String(deref(doc, r)?.description ?? "") })),
        secured: Array.isArray(op.security) && op.security.length > 0,
        anchor: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, ""),
      };
      const tag = ((op.tags as string[] | undefined) ?? ["API"])[0]!;
      groups.set(tag, [...(groups.get(tag) ?? []), operation]);
    }
  }
  return groups;
}

function OperationView({ doc, op, t }: { doc: Schema; op: Operation; t: Translate }) {
  const rows = op.body ? fieldRows(doc, op.body) : [];
  const total = op.body ? countFields(doc, op.body) : 0;
  return (
    <section class="kp-api-op" aria-labelledby={op.anchor}>
      <h3 class="kern-heading-small" id={op.anchor}>
        <code>
          {op.method} {op.path}
        </code>
      </h3>
      {op.summary && <p class="kern-body">{op.summary}</p>}
      {op.description && op.description !== op.summary && <p class="kern-body kern-body--small">{op.description}</p>}
      {op.secured && <p class="kern-body kern-body--small">{t("apiDocs.secured")}</p>}
      {op.parameters.length > 0 && (
        <DataTable
          caption={t("apiDocs.parameters", { op: `${op.method} ${op.path}` })}
          head={[t("apiDocs.name"), t("apiDocs.in"), t("apiDocs.type"), t("apiDocs.required"), t("apiDocs.description")]}
          rows={op.parameters.map((p) => [<code>{p.name}</code>, p.in, typeOf(doc, p.schema), p.required ? t("apiDocs.yes") : t("apiDocs.no"), p.description ?? ""])}
        />
      )}
      {rows.length > 0 && (
        <>
          <DataTable
            caption={t("apiDocs.body", { op: `${op.method} ${op.path}` })}
            head={[t("apiDocs.field"), t("apiDocs.type"), t("apiDocs.required"), t("apiDocs.description")]}
            rows={rows.map((r) => [<code>{r.path}</code>, r.type, r.required ? t("apiDocs.yes") : t("apiDocs.no"), r.description])}
          />
          {total > rows.length && <p class="kern-body kern-body--small">{t("apiDocs.moreFields", { shown: rows.length, total })}</p>}
        </>
      )}
      <DataTable
        caption={t("apiDocs.responses", { op: `${op.method} ${op.path}` })}
        head={[t("apiDocs.status"), t("apiDocs.description")]}
        rows={op.responses.map((r) => [<code>{r.status}</code>, r.description])}
      />
    </section>
  );
}

/** The page body: contents, then per tag its operations. */
export function ApiDocsView({ doc, t }: { doc: Schema; t: Translate }) {
  const groups = operationsByTag(doc);
  const info = (doc.info ?? {}) as Schema;
  const tagId = (tag: string) => `tag-${[...tag].map((c) => (/[A-Za-z0-9]/.test(c) ? c : c.codePointAt(0)!.toString(16))).join("")}`;
  return (
    <>
      <PageHeading preline={String(info.title ?? "")}>{t("apiDocs.title")}</PageHeading>
      <p class="kern-body">{String(info.description ?? "")}</p>
      <p class="kern-body">
        {t("apiDocs.machineReadable")} <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI {String(doc.openapi ?? "")}, {t("apiDocs.version")} {String(info.version ?? "")})
      </p>
      <nav aria-labelledby="api-contents">
        <h2 class="kern-heading-medium" id="api-contents">
          {t("apiDocs.contents")}
        </h2>
        <ul class="kern-list">
          {[...groups.entries()].map(([tag, ops]) => (
            <li>
              <a href={`#${tagId(tag)}`}>{tag}</a> ({ops.length})
            </li>
          ))}
        </ul>
      </nav>
      {[...groups.entries()].map(([tag, ops]) => (
        <section aria-labelledby={tagId(tag)}>
          <h2 class="kern-heading-medium" id={tagId(tag)}>
            {tag}
          </h2>
          {ops.map((op) => (
            <OperationView doc={doc} op={op} t={t} />
          ))}
        </section>
      ))}
    </>
  );
}

/** GET /api/docs (HTML reference) and /api/docs/json (the document, as Swagger UI served it). */
export function registerApiDocs(app: FastifyInstance): void {
  app.get("/api/docs", { schema: { hide: true } }, async (req, reply) => reply.page(req.t("apiDocs.title"), (ctx) => <ApiDocsView doc={app.swagger() as unknown as Schema} t={ctx.t} />));
  app.get("/api/docs/json", { schema: { hide: true } }, async () => app.swagger());
}
