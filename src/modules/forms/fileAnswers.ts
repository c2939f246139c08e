/**
 * File fields in answers (pure, no database). A file answer is a reference to a stored file:
 * `{ id, name, mediaType, size, sha256 }` – in the draft as JSON text written only by the server,
 * in the API's JSON as `{ "id": … }` resolved against the uploads before the answers are checked.
 */
import { DEFAULT_ACCEPT, formatBytes, isMediaType, typeList, type MediaType } from "../../platform/files/sniff.js";
import type { FieldDef, FormDefinition, ItemDef, PageDef } from "./definition.js";

export interface FileRef {
  id: string;
  name: string;
  mediaType: MediaType;
  size: number;
  sha256: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isFileRef = (v: unknown): v is FileRef => {
  const r = v as FileRef;
  return !!r && typeof r === "object" && typeof r.id === "string" && UUID.test(r.id) && typeof r.name === "string" && isMediaType(String(r.mediaType)) && Number.isInteger(r.size) && r.size > 0 && typeof r.sha256 === "string" && /^[0-9a-f]{64}$/.test(r.sha256);
};

// References the server looked up itself (API input). Anything else a client sends is not trusted.
const resolved = new WeakSet<object>();
/** Marks a reference as looked up in the files table (only the resolver calls this). */
export function trustedFileRef(ref: FileRef): FileRef {
  const copy = { id: ref.id, name: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256 };
  resolved.add(copy);
  return copy;
}

/** Whether a page has a file field (its form then posts multipart/form-data). */
export function pageHasFileField(page: Pick<PageDef, "items">): boolean {
  const has = (items: ItemDef[]): boolean => items.some((i) => (i.kind === "field" ? i.type === "file" : has(i.children)));
  return has(page.items);
}

/** The draft's stored text → reference (undefined when it is not one). */
export function parseDraftFileRef(raw: string | undefined): FileRef | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return isFileRef(v) ? { id: v.id, name: v.name, mediaType: v.mediaType, size: v.size, sha256: v.sha256 } : undefined;
  } catch {
    return undefined;
  }
}

export const draftFileValue = (ref: FileRef) => JSON.stringify({ id: ref.id, name: ref.name, mediaType: ref.mediaType, size: ref.size, sha256: ref.sha256 });

/** The largest file a field takes: its own `maxBytes`, never more than the portal's UPLOAD_MAX_BYTES. */
export const fieldMaxBytes = (field: FieldDef, portalMax = 10 * 1024 * 1024) => Math.min(field.maxBytes ?? portalMax, portalMax);
export const fieldAccept = (field: FieldDef): readonly MediaType[] => (field.accept?.length ? field.accept : DEFAULT_ACCEPT);

export const FILE_MISSING_FORM = "Die Datei wurde nicht gefunden. Bitte laden Sie sie erneut hoch.";
export const FILE_MISSING_JSON = "Unbekannte Datei: bitte zuerst mit POST /api/v1/uploads hochladen und deren id angeben.";

/** A file field's raw answer → the reference, or a German message. Empty values are handled by the caller. */
export function coerceFile(field: FieldDef, raw: unknown, source: "form" | "json"): { value?: FileRef; error?: string } {
  const ref = source === "form" ? (typeof raw === "string" ? parseDraftFileRef(raw) : undefined) : raw && typeof raw === "object" && resolved.has(raw) ? (raw as FileRef) : undefined;
  if (!ref) return { error: source === "form" ? FILE_MISSING_FORM : FILE_MISSING_JSON };
  const accept = fieldAccept(field);
  if (!accept.includes(ref.mediaType)) return { error: `Die Datei ist kein ${typeList(accept)}.` };
  const max = fieldMaxBytes(field, Infinity);
  if (ref.size > max) return { error: `Die Datei ist größer als ${formatBytes(max)}.` };
  return { value: ref };
}

/** "Bauplan.pdf (1,2 MB)" */
export const fileLabel = (ref: FileRef) => `${ref.name} (${formatBytes(ref.size)})`;

/** Every file answer with its JSON Pointer (`/bauvorlagen/lageplan`, `/anlagen/0/datei`). */
export function collectFileRefs(def: Pick<FormDefinition, "pages">, answers: Record<string, unknown>): Array<{ path: string; label: string; ref: FileRef }> {
  const out: Array<{ path: string; label: string; ref: FileRef }> = [];
  const walk = (items: ItemDef[], node: Record<string, unknown> | undefined, ptr: string, prefix: string) => {
    if (!node) return;
    for (const item of items) {
      const v = node[item.id];
      if (v === undefined) continue;
      if (item.kind === "field") {
        if (item.type === "file" && isFileRef(v)) out.push({ path: `${ptr}/${item.id}`, label: `${prefix}${item.label}`, ref: v });
      } else if (Array.isArray(v)) v.forEach((inst, i) => walk(item.children, inst as Record<string, unknown>, `${ptr}/${item.id}/${i}`, `${prefix}${item.itemLabel ?? item.label} ${i + 1}: `));
      else walk(item.children, v as Record<string, unknown>, `${ptr}/${item.id}`, prefix);
    }
  };
  walk(def.pages.flatMap((p) => p.items), answers, "", "");
  return out;
}

/** Replaces every file field's value in API JSON by what `lookup` returns for its id (or by a marker that fails the check). */
export function mapApiFileValues(def: Pick<FormDefinition, "pages">, raw: Record<string, unknown>, lookup: (id: string) => FileRef | undefined): Record<string, unknown> {
  const walk = (items: ItemDef[], node: unknown): unknown => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return node;
    const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
    for (const item of items) {
      const v = out[item.id];
      if (v === undefined || v === null) continue;
      if (item.kind === "field") {
        if (item.type !== "file") continue;
        const id = typeof v === "string" ? v : typeof v === "object" && !Array.isArray(v) ? (v as { id?: unknown }).id : undefined;
        const found = typeof id === "string" ? lookup(id) : undefined;
        out[item.id] = found ? trustedFileRef(found) : { unresolved: true };
      } else out[item.id] = Array.isArray(v) ? v.map((inst) => walk(item.children, inst)) : walk(item.children, v);
    }
    return out;
  };
  return walk(def.pages.flatMap((p) => p.items), raw) as Record<string, unknown>;
}

/** The ids a JSON submission names in its file fields (before resolution). */
export function apiFileIds(def: Pick<FormDefinition, "pages">, raw: Record<string, unknown>): string[] {
  const ids: string[] = [];
  mapApiFileValues(def, raw, (id) => {
    if (UUID.test(id)) ids.push(id);
    return undefined;
  });
  return ids;
}
