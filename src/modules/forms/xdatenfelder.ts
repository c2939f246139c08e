/**
 * Importer for FIM XDatenfelder 2.0 and 3.0.0 (Stammdatenschema and Datenfeldgruppe messages) into our
 * form definitions. Top-level groups become pages (one topic per page); top-level fields share a page.
 * Code lists referenced by genericode are not part of the message: they are looked up in a local store
 * (`opts.codeLists`, genericode files of data/codelists/, see genericode.ts) by canonical URI and version,
 * falling back to the newest version there with a warning; lists not in the store make text fields, also
 * named in `warnings`. Free-text rules are kept as warnings: they are not executable.
 */
import { codeEntries, type CodeListStore } from "./genericode.js";
import { definitionProblems, parseCardinality, type CodeEntry, type FieldDef, type FormDefinition, type GroupDef, type ItemDef, type PageDef } from "./definition.js";
import { namespaceOf, parseXml, type XmlElement } from "./xml.js";

export const XDF2_NS = "urn:xoev-de:fim:standard:xdatenfelder_2";
export const XDF3_NS = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0";

export class XDatenfelderError extends Error {}

export interface ImportResult {
  definition: FormDefinition;
  xdfVersion: "2.0" | "3.0.0";
  warnings: string[];
  /** Every genericode reference of the schema's select fields and the list it was resolved to (if any). */
  codeListReferences: ResolvedReference[];
}

const SINGLE = new Set(["identifikation", "id", "version", "name", "beschreibung", "definition", "bezeichnungEingabe", "bezeichnungAusgabe", "hilfetextEingabe", "hilfetextAusgabe", "feldart", "datentyp", "praezisierung", "anzahl", "schemaelementart", "freigabestatus", "status", "codelisteReferenz", "struktur", "enthaelt", "genericodeIdentification", "canonicalIdentification", "canonicalVersionUri", "codeKey", "nameKey"]);
const IDENT_CHILDREN = new Set(["id", "version"]);

const kids = (el: XmlElement, local: string) => el.children.filter((c) => c.local === local);
function one(el: XmlElement, local: string): XmlElement | undefined {
  const found = kids(el, local);
  if (found.length > 1 && SINGLE.has(local)) throw new XDatenfelderError(`<${el.local}> enthält <${local}> mehrfach`);
  return found[0];
}
const text = (el: XmlElement | undefined) => (el?.text ?? "").replace(/\r/g, "").trim();
const code = (el: XmlElement | undefined) => text(el ? el.children.find((c) => c.local === "code") : undefined);

function identification(el: XmlElement): { id: string; version?: string } {
  const ident = one(el, "identifikation");
  if (!ident) throw new XDatenfelderError(`<${el.local}> ohne <identifikation>`);
  for (const c of ident.children) if (!IDENT_CHILDREN.has(c.local)) throw new XDatenfelderError(`unerwartetes Element <${c.local}> in <identifikation>`);
  const idEl = one(ident, "id");
  if (!idEl) throw new XDatenfelderError(`<identifikation> ohne <id> in <${el.local}>`);
  const id = text(idEl);
  if (!id) throw new XDatenfelderError(`leere <id> in <${el.local}>`);
  const version = text(one(ident, "version")) || undefined;
  return { id, version };
}

function checkStatus(el: XmlElement, v3: boolean) {
  if (!v3) return;
  const fs = one(el, "freigabestatus");
  if (fs) {
    const c = code(fs);
    if (!/^[1-9]$/.test(c)) throw new XDatenfelderError(`ungültiger Freigabestatus „${c}“ (Codeliste 1–9)`);
  }
}

function safeId(s: string, used: Set<string>): string {
  let id = s.replace(/[^a-zA-Z0-9_]/g, "_");
  if (!/^[a-zA-Z]/.test(id)) id = `f_${id}`;
  id = id.slice(0, 60);
  let n = id;
  for (let k = 2; used.has(n); k++) n = `${id}_${k}`;
  used.add(n);
  return n;
}

interface Ctx {
  v3: boolean;
  warnings: string[];
  codeLists: Record<string, CodeEntry[]>;
  store?: CodeListStore;
  /** canonical version URI of a resolved list → its name in `codeLists` (a list used by several fields is kept once). */
  listNames: Map<string, string>;
  resolved: ResolvedReference[];
}

/** A genericode reference of the schema and what the store made of it. */
export interface ResolvedReference {
  /** FIM id of the field (e.g. F00000065). */
  field: string;
  /** The reference as written in the schema (canonical URI and version). */
  reference: string;
  /** The list used (canonical version URI); undefined = not in the store, field imported as text. */
  list?: string;
  /** Whether the list used is the version the schema names. */
  exact: boolean;
}

/** The reference of a select field to a genericode list: XDatenfelder 2 nests it in genericodeIdentification, 3 does not. */
function codeListReference(el: XmlElement): { canonicalUri?: string; version?: string; canonicalVersionUri?: string; label: string } | undefined {
  const ref = one(el, "codelisteReferenz");
  if (!ref) return undefined;
  const gi = one(ref, "genericodeIdentification") ?? ref;
  const canonicalUri = text(one(gi, "canonicalIdentification")) || undefined;
  const version = text(one(gi, "version")) || undefined;
  const canonicalVersionUri = text(one(gi, "canonicalVersionUri")) || undefined;
  const label = canonicalUri ? `${canonicalUri}${version ? ` Version ${version}` : ""}` : canonicalVersionUri ?? text(one(one(ref, "identifikation") ?? ref, "id"));
  return { canonicalUri, version, canonicalVersionUri, label };
}

/** Makes a select field of a genericode list from the store; false when the store does not have it. */
function resolveCodeList(el: XmlElement, f: FieldDef, fimId: string, ctx: Ctx): boolean {
  const ref = codeListReference(el);
  const entry: ResolvedReference = { field: fimId, reference: ref?.label || "(ohne Kennung)", exact: false };
  ctx.resolved.push(entry);
  if (!ref || !ctx.store || (!ref.canonicalUri && !ref.canonicalVersionUri)) return false;
  const found = ctx.store.resolve(ref);
  if (!found) return false;
  const { entries } = codeEntries(found.list, { codeKey: text(one(el, "codeKey")) || undefined, nameKey: text(one(el, "nameKey")) || undefined });
  if (!entries.length) return false;
  let name = ctx.listNames.get(found.list.canonicalVersionUri);
  if (!name) {
    const base = `gc_${found.list.shortName}`.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 50);
    name = base;
    for (let k = 2; ctx.codeLists[name]; k++) name = `${base}_${k}`;
    ctx.codeLists[name] = entries;
    ctx.listNames.set(found.list.canonicalVersionUri, name);
  }
  f.type = "select";
  f.codeList = name;
  f.fim = { ...(f.fim ?? { id: fimId }), codeList: found.list.canonicalVersionUri };
  entry.list = found.list.canonicalVersionUri;
  entry.exact = found.exact;
  if (!found.exact) ctx.warnings.push(`${fimId} „${f.label}“: Codeliste ${ref.label} nicht im Codelisten-Verzeichnis – neueste vorhandene Version ${found.list.version} übernommen (${entries.length} Werte)`);
  return true;
}

function constraints(el: XmlElement): Record<string, string> {
  const p = one(el, "praezisierung");
  if (!p) return {};
  const fromAttrs = { ...p.attrs };
  const t = text(p);
  if (t.startsWith("{")) {
    try {
      return { ...fromAttrs, ...(JSON.parse(t) as Record<string, string>) };
    } catch {
      return fromAttrs;
    }
  }
  return fromAttrs;
}

function field(el: XmlElement, cardinality: string, ctx: Ctx, used: Set<string>): ItemDef | undefined {
  const ident = identification(el);
  checkStatus(el, ctx.v3);
  const label = text(one(el, "bezeichnungEingabe")) || text(one(el, "name")) || ident.id;
  const feldart = code(one(el, "feldart")) || "input";
  const datentyp = code(one(el, "datentyp")) || "text";
  if (feldart === "label" || feldart === "hidden") return undefined;
  const help = text(one(el, "hilfetextEingabe")) || undefined;
  const c = constraints(el);
  const card = parseCardinality(cardinality) ?? { min: 0, max: 1 };
  const type: FieldDef["type"] =
    datentyp === "date" ? "date" : datentyp === "bool" ? "bool" : datentyp === "num_currency" ? "currency" : datentyp === "num" || datentyp === "num_int" ? "number" : datentyp === "file" || datentyp === "obj" ? "file" : "text";
  const f: FieldDef = { kind: "field", id: safeId(ident.id, used), label, type, cardinality: card.min > 0 ? "1:1" : "0:1", fim: { id: ident.id, ...(ident.version ? { version: ident.version } : {}) } };
  if (help) f.help = help;
  if (c.minLength && Number(c.minLength) > 1) f.minLength = Number(c.minLength);
  if (c.maxLength && Number(c.maxLength) > 0) f.maxLength = Number(c.maxLength);
  if (c.minValue !== undefined && c.minValue !== "") f.min = Number(c.minValue);
  if (c.maxValue !== undefined && c.maxValue !== "") f.max = Number(c.maxValue);
  if (c.pattern) {
    try {
      new RegExp(c.pattern, "u");
      f.pattern = c.pattern;
    } catch {
      ctx.warnings.push(`${ident.id}: Muster „${c.pattern}“ nicht übernommen`);
    }
  }
  if (feldart === "select") {
    const values = (one(el, "werte") ? kids(one(el, "werte")!, "wert") : []).map((w) => ({ value: text(one(w, "code")), label: text(one(w, "name")) || text(one(w, "code")) })).filter((w) => w.value);
    if (values.length) {
      ctx.codeLists[f.id] = values;
      f.type = "select";
      f.codeList = f.id;
    } else if (!resolveCodeList(el, f, ident.id, ctx)) {
      ctx.warnings.push(`${ident.id} „${label}“: Codeliste ${codeListReference(el)?.label || "(ohne Kennung)"} ist weder in der Nachricht noch im Codelisten-Verzeichnis enthalten – als Textfeld übernommen`);
      f.type = "text";
    }
  }
  if (f.type === "file") ctx.warnings.push(`${ident.id} „${label}“: Datei-Upload folgt mit dem Upload-Baustein`);
  for (const r of kids(el, "regel")) ctx.warnings.push(`${ident.id}: Regel „${text(one(r, "name")) || text(one(one(r, "identifikation") ?? r, "id"))}“ ist Freitext/Skript und wird nicht ausgeführt`);
  if (card.max === null || card.max > 1) {
    // A repeating field becomes a repeating group with that one field.
    return { kind: "group", id: safeId(`${f.id}_liste`, used), label, itemLabel: label, cardinality, children: [{ ...f, cardinality: "1:1" }] };
  }
  return f;
}

function children(el: XmlElement, ctx: Ctx): ItemDef[] {
  const struktur = kids(el, "struktur");
  const used = new Set<string>();
  const out: ItemDef[] = [];
  for (const s of struktur) {
    const anzahl = text(one(s, "anzahl")) || "1:1";
    if (!parseCardinality(anzahl)) throw new XDatenfelderError(`ungültige Anzahl „${anzahl}“`);
    const enthaelt = one(s, "enthaelt");
    if (!enthaelt) continue;
    for (const c of enthaelt.children) {
      if (c.local === "datenfeld") {
        const f = field(c, anzahl, ctx, used);
        if (f) out.push(f);
      } else if (c.local === "datenfeldgruppe") {
        const g = group(c, anzahl, ctx, used);
        if (g.children.length) out.push(g);
        else ctx.warnings.push(`${g.fim?.id ?? g.id} „${g.label}“: Gruppe ohne Eingabefelder ausgelassen`);
      }
      else throw new XDatenfelderError(`unerwartetes Element <${c.local}> in <enthaelt>`);
    }
  }
  return out;
}

function group(el: XmlElement, cardinality: string, ctx: Ctx, used: Set<string>): GroupDef {
  const ident = identification(el);
  checkStatus(el, ctx.v3);
  const label = text(one(el, "bezeichnungEingabe")) || text(one(el, "name")) || ident.id;
  const help = text(one(el, "hilfetextEingabe")) || undefined;
  for (const r of kids(el, "regel")) ctx.warnings.push(`${ident.id}: Regel „${text(one(r, "name")) || text(one(one(r, "identifikation") ?? r, "id"))}“ ist Freitext/Skript und wird nicht ausgeführt`);
  const items = children(el, ctx);
  return { kind: "group", id: safeId(ident.id, used), label, ...(help ? { help } : {}), cardinality, children: items, fim: { id: ident.id, ...(ident.version ? { version: ident.version } : {}) } };
}

/** Options for an import: our form id and version, and the LeiKa keys of the services it serves. */
export interface ImportOptions {
  id?: string;
  version?: number;
  leikaKeys?: string[];
  anonymous?: boolean;
  /** Genericode lists to resolve references with (readCodeListStore() reads data/codelists/). */
  codeLists?: CodeListStore;
}

/** Parses an XDatenfelder 2.0/3.0.0 message into a form definition (checked with definitionProblems). */
export function importXDatenfelder(xml: string, opts: ImportOptions = {}): ImportResult {
  const root = parseXml(xml);
  const ns = namespaceOf(root);
  if (ns !== XDF2_NS && ns !== XDF3_NS) throw new XDatenfelderError(`unbekannter Namensraum ${ns ?? "(keiner)"}: erwartet XDatenfelder 2.0 oder 3.0.0`);
  const v3 = ns === XDF3_NS;
  const body = root.children.find((c) => c.local === "stammdatenschema" || c.local === "datenfeldgruppe" || c.local === "dokumentsteckbrief");
  if (!body) throw new XDatenfelderError(`Nachricht ${root.local} ohne Stammdatenschema oder Datenfeldgruppe`);
  const ctx: Ctx = { v3, warnings: [], codeLists: {}, store: opts.codeLists, listNames: new Map(), resolved: [] };
  const ident = identification(body);
  checkStatus(body, v3);
  // Reject duplicate single-valued metadata (e.g. two <beschreibung>).
  for (const k of ["name", "beschreibung", "definition", "bezeichnungEingabe"]) one(body, k);
  const title = text(one(body, "bezeichnungEingabe")) || text(one(body, "name")) || ident.id;
  let items: ItemDef[];
  if (body.local === "datenfeldgruppe") items = [group(body, "1:1", ctx, new Set())];
  else items = children(body, ctx);
  const pages: PageDef[] = [];
  let loose: PageDef | undefined;
  for (const item of items) {
    if (item.kind === "group" && !(parseCardinality(item.cardinality)!.max === null || parseCardinality(item.cardinality)!.max! > 1)) {
      pages.push({ id: item.id, title: item.label, ...(item.help ? { help: item.help } : {}), items: [item] });
    } else {
      if (!loose) {
        loose = { id: "angaben", title: "Angaben", items: [] };
        pages.push(loose);
      }
      loose.items.push(item);
    }
  }
  if (pages.length === 0) throw new XDatenfelderError("das Schema enthält keine Felder");
  const definition: FormDefinition = {
    id: opts.id ?? `fim-${ident.id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`,
    version: opts.version ?? 1,
    title,
    leikaKeys: opts.leikaKeys ?? [],
    anonymous: opts.anonymous ?? false,
    referencePrefix: "EK",
    fee: { kind: "none" },
    codeLists: ctx.codeLists,
    pages,
    rules: [],
    fim: { id: ident.id, ...(ident.version ? { version: ident.version } : {}), source: v3 ? "XDatenfelder 3.0.0" : "XDatenfelder 2.0" },
  };
  const problems = definitionProblems(definition);
  if (problems.length) throw new XDatenfelderError(`Import ergibt keine gültige Definition: ${problems.slice(0, 5).join("; ")}`);
  return { definition, xdfVersion: v3 ? "3.0.0" : "2.0", warnings: ctx.warnings, codeListReferences: ctx.resolved };
}
